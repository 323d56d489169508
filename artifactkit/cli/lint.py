"""``artifactkit lint``: check documents against their type's schema."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional


def register(app: typer.Typer) -> None:
    import typer  # here, not at the top: artifactkit.cli.fast runs `run_lint` without loading typer

    from artifactkit.errors import handles_errors

    @app.command("lint")
    @handles_errors
    def lint(
        paths: Optional[List[str]] = typer.Argument(None, help="Files or folders (recursive *.md). Default: the configured docs root."),
        format: Optional[str] = typer.Option(None, "--format", "-f", help="Output format: text, json, sarif, junit or github (default: text; github when GITHUB_ACTIONS=true)."),
        config: Optional[Path] = typer.Option(None, "--config", help="Config file (default: .artifactkit.yaml found upwards)."),
        verbose: bool = typer.Option(False, "--verbose", "-v", help="Also list the files skipped as having no known type."),
        output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file (replaced atomically); the text report still goes to stdout."),
        changed_since: Optional[str] = typer.Option(None, "--changed-since", metavar="REF", help="Lint only documents changed since this git ref (and uncommitted), plus documents that reference them."),
        jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (default 0: one per CPU core; small inputs run in one process)."),
        no_cache: bool = typer.Option(False, "--no-cache", help="Ignore and don't write the result cache (.artifactkit_cache/ next to the config)."),
        check_branches: Optional[str] = typer.Option(None, "--check-branches", metavar="[REMOTE]",
                                                     help="Also report numbers that other branches (all, or REMOTE's) give to other documents."),
    ):
        """Check documents: required sections filled in, front matter valid. Exit 1 on errors."""
        raise typer.Exit(run_lint(paths or [], format, config, verbose, output=output, changed_since=changed_since, jobs=jobs, use_cache=not no_cache,
                                  check_branches=check_branches))


ALL_REFS = "*"  # --check-branches without a remote: every local and remote-tracking branch


def optional_values(args: list[str]) -> list[str]:
    """``--check-branches`` takes an optional REMOTE, which typer cannot express: a bare one (last,
    or before another option) is given its "every branch" value here."""
    out = list(args)
    for i, arg in enumerate(out):
        if arg == "--":
            break
        if arg == "--check-branches" and (i + 1 == len(out) or out[i + 1].startswith("-")):
            out[i] = f"--check-branches={ALL_REFS}"
    return out


def default_format() -> str:
    """``github`` inside GitHub Actions (annotations on the pull request), ``text`` elsewhere."""
    import os

    return "github" if os.environ.get("GITHUB_ACTIONS", "").lower() == "true" else "text"


def run_lint(paths: list[str], format: str | None, config_path, verbose: bool, output=None, changed_since: str | None = None,
             jobs: int = 0, use_cache: bool = True, check_branches: str | None = None) -> int:
    from artifactkit import report as reporters
    from artifactkit.engine.config import load_config
    from artifactkit.engine.linter import default_paths, lint_paths
    from artifactkit.errors import UserError

    format = format or default_format()
    if format not in reporters.FORMATS:
        raise UserError(f"unknown format {format!r}; choose one of: {', '.join(reporters.FORMATS)}")
    if output is not None and Path(output).is_dir():
        raise UserError(f"--output {output}: is a folder; give a file name")
    config = load_config(explicit=config_path)
    remote = None if check_branches in (None, ALL_REFS) else check_branches
    if remote is not None and Path(remote).exists() and not _is_remote(remote, config):
        paths, remote = [*paths, remote], None  # `lint --check-branches docs/`: the folder, not a remote
    targets = paths or default_paths(config)
    for target in targets:
        if not Path(target).exists() and not Path(target).is_symlink():
            raise UserError(f"{target}: no such file or folder")
    if changed_since is not None:
        from artifactkit.engine.changed import select_changed

        targets = select_changed(targets, changed_since, config)
    if jobs < 0:
        raise UserError(f"--jobs {jobs}: give 0 (one per core) or a positive number of workers")
    run = lint_paths(targets, config, jobs=jobs or None, use_cache=use_cache)
    if check_branches is not None:
        from artifactkit.engine.linter import add_branch_conflicts

        add_branch_conflicts(run, config, remote)
    if verbose:
        for result in run.results:
            if result.skipped:
                sys.stderr.write(f"skipped {result.path}: {result.skipped}\n")
    if output is not None:
        _write_report(Path(output), reporters.get(format), run)
        reporters.get("text")(run, sys.stdout, color=sys.stdout.isatty())
    else:
        reporters.get(format)(run, sys.stdout, color=format == "text" and sys.stdout.isatty())
    return 1 if run.error_count else 0


def _is_remote(name: str, config) -> bool:
    import subprocess

    proc = subprocess.run(["git", "remote"], cwd=config.root, capture_output=True, text=True)
    return proc.returncode == 0 and name in proc.stdout.split()


def _write_report(path: Path, report, run) -> None:
    """Readers of the report never see half of it: write a temporary file, then rename it over ``path``."""
    import io

    from artifactkit.errors import UserError
    from artifactkit.io.writer import atomic_write

    buffer = io.StringIO()
    report(run, buffer, color=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, buffer.getvalue())
    except OSError as exc:
        raise UserError(f"--output {path}: cannot write the report: {exc.strerror or exc}") from None
