"""``artifactkit lint``: check documents against their type's schema."""

from __future__ import annotations

import os
import sys

from artifactkit.cli.options import PATH, Option, values, with_options
from artifactkit.errors import UserError
from artifactkit.record import NamedTuple

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from typing import Any

    import typer


ALL_REFS = "*"  # --check-branches without a remote: every local and remote-tracking branch
PATHS_HELP = "Files or folders (recursive *.md). Default: the configured docs root."
LINT_OPTIONS = (
    Option(
        "format", ("--format", "-f"), str, None, "Output format: text, json, sarif, junit, github or gitlab (default: text; github when GITHUB_ACTIONS=true)."
    ),
    Option("config", ("--config",), PATH, None, "Config file (default: .artifactkit.yaml found upwards)."),
    Option("verbose", ("--verbose", "-v"), bool, False, "Also list the files skipped as having no known type."),
    Option(
        "skip_unknown",
        ("--skip-unknown",),
        bool,
        False,
        "Skip named files of no known type instead of reporting them (type-unknown); the pre-commit hook uses it.",
    ),
    Option("output", ("--output", "-o"), PATH, None, "Write the report to this file (replaced atomically); the text report still goes to stdout."),
    Option(
        "changed_since",
        ("--changed-since",),
        str,
        None,
        "Lint only documents changed since this git ref (and uncommitted), plus documents that reference them.",
        "REF",
    ),
    Option("jobs", ("--jobs", "-j"), int, 0, "Worker processes (default 0: one per CPU core; small inputs run in one process)."),
    Option("no_cache", ("--no-cache",), bool, False, "Ignore and don't write the result cache (.artifactkit_cache/ next to the config)."),
    Option(
        "check_branches",
        ("--check-branches",),
        str,
        None,
        "Also report numbers that other branches (all, or REMOTE's) give to other documents.",
        "[REMOTE]",
        bare=ALL_REFS,
    ),
    Option(
        "fix", ("--fix",), bool, False, "Insert missing required sections (with their hints), rename near-miss headings, respell statuses; then lint again."
    ),
    Option("diff", ("--diff",), bool, False, "Print what --fix would change as a unified diff; write nothing."),
    Option("no_baseline", ("--no-baseline",), bool, False, "Report the findings .artifactkit-baseline.json holds too."),
    Option("statistics", ("--statistics",), bool, False, "Print how many findings each rule and type has instead of each finding."),
)


def optional_values(args: list[str]) -> list[str]:
    """An option with an optional value (``--check-branches [REMOTE]``), which typer cannot express:
    a bare one (last, or before another option) is given its ``bare`` value here, before parsing."""
    bare = {spelling: option.bare for option in LINT_OPTIONS if option.bare is not None for spelling in option.spellings}
    out = list(args)
    for i, arg in enumerate(out):
        if arg == "--":
            break
        if arg in bare and (i + 1 == len(out) or out[i + 1].startswith("-")):
            out[i] = f"{arg}={bare[arg]}"
    return out


def register(app: typer.Typer) -> None:
    import inspect
    from typing import List, Optional

    import typer  # here, not at the top: `lint` on the hot path runs through ``fast`` without loading typer or typing

    from artifactkit.errors import handles_errors

    def lint(paths: Optional[List[str]], **options: Any) -> None:
        """Check documents: required sections filled in, front matter valid. Exit 1 on errors."""
        raise typer.Exit(run_lint_options(paths or [], options))

    paths = inspect.Parameter("paths", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Optional[List[str]], default=typer.Argument(None, help=PATHS_HELP))
    with_options(lint, LINT_OPTIONS, [paths])
    app.command("lint")(handles_errors(lint))


def fast(args: list[str]) -> int | None:
    """``lint ARGS`` through the stdlib parser built from ``LINT_OPTIONS`` (the pre-commit hot path:
    no typer); None when typer should parse them (``--help``, a typo, a bad value...)."""
    from artifactkit.cli.options import run_fast

    return run_fast(LINT_OPTIONS, args, lambda given: run_lint_options(given.pop("paths"), given))


class LintRequest(NamedTuple):
    """What one ``lint`` command line asks for (a NamedTuple: a dataclass costs ~1 ms more at every start)."""

    paths: list[str]
    format: str | None = None
    config_path: str | None = None  # as given (no pathlib on the hot path); load_config reads it
    verbose: bool = False
    output: str | None = None
    changed_since: str | None = None
    jobs: int = 0
    use_cache: bool = True
    check_branches: str | None = None
    fix: bool = False
    diff: bool = False
    use_baseline: bool = True
    statistics: bool = False
    skip_unknown: bool = False


def run_lint_options(paths: list[str], options: dict[str, Any]) -> int:
    """``run_lint`` with the options by their declared names (missing ones at their defaults)."""
    given = values(LINT_OPTIONS, options)
    return run_lint(
        LintRequest(
            paths,
            given["format"],
            given["config"],
            bool(given["verbose"]),
            output=given["output"],
            changed_since=given["changed_since"],
            jobs=given["jobs"],
            use_cache=not given["no_cache"],
            check_branches=given["check_branches"],
            fix=bool(given["fix"]),
            diff=bool(given["diff"]),
            use_baseline=not given["no_baseline"],
            statistics=bool(given["statistics"]),
            skip_unknown=bool(given["skip_unknown"]),
        )
    )


def default_format() -> str:
    """``github`` inside GitHub Actions (annotations on the pull request), ``text`` elsewhere."""
    import os

    return "github" if os.environ.get("GITHUB_ACTIONS", "").lower() == "true" else "text"


class LintPass(NamedTuple):
    """One pass over the targets: the run, a copy of every result for --fix/--diff, and what the baseline did."""

    run: Any
    every: list
    gone: list
    dropped: int


def run_lint(request: LintRequest) -> int:
    """Lint what ``request`` names, print the report; the exit code."""
    from artifactkit.engine.config import load_config

    fmt = _checked_format(request)
    config = load_config(explicit=request.config_path, keep_going=True)
    paths, targets, remote = _targets(request, config)
    if request.jobs < 0:
        raise UserError(f"--jobs {request.jobs}: give 0 (one per core) or a positive number of workers")
    from artifactkit.engine import collector

    with collector.paused_until_exit():
        done = _lint_with_progress(request, fmt, targets, config, remote)
        if request.fix or request.diff:
            from artifactkit.cli.fixing import apply_fixes

            if request.diff:
                apply_fixes(done.every, config, preview=True)
                return 0
            if apply_fixes(done.every, config, preview=False):
                done = _lint_pass(request, targets, config, remote)
        _print_report(request, fmt, done, config, paths)
    return _exit_code(request, done.run, config, paths, targets)


def _checked_format(request: LintRequest) -> str:
    from artifactkit import report as reporters

    if request.statistics and request.format not in (None, "text"):
        raise UserError("--statistics prints a text summary; leave out --format")
    fmt = "text" if request.statistics else request.format or default_format()
    if fmt not in reporters.FORMATS:
        raise UserError(f"unknown format {fmt!r}; choose one of: {', '.join(reporters.FORMATS)}")
    if request.output is not None and os.path.isdir(request.output):
        raise UserError(f"--output {request.output}: is a folder; give a file name")
    return fmt


def _targets(request: LintRequest, config) -> tuple[list[str], list[str], str | None]:
    """(the paths named, the files and folders to lint, the remote of --check-branches)."""
    from artifactkit.engine.linter import default_paths

    paths = request.paths
    remote = None if request.check_branches in (None, ALL_REFS) else request.check_branches
    if remote is not None and os.path.exists(remote) and not _is_remote(remote, config):
        paths, remote = [*paths, remote], None  # `lint --check-branches docs/`: the folder, not a remote
    targets = paths or [t for t in default_paths(config) if os.path.exists(t)] or (default_paths(config) if not _repo_markdown(config, set()) else [])
    for target in targets:
        if not os.path.lexists(target):  # a dangling link is there too
            raise UserError(f"{target}: no such file or folder")
    if request.changed_since is not None:
        from artifactkit.engine.changed import select_changed

        targets = select_changed(targets, request.changed_since, config)
    return paths, targets, remote


def _lint_with_progress(request: LintRequest, fmt: str, targets: list[str], config, remote: str | None) -> LintPass:
    from artifactkit import terminal

    human = request.statistics or (default_format() if request.output is not None else fmt) == "text"  # what stdout shows
    if human:  # a count on stderr for long runs; never in a log, a pipe or a machine format
        terminal.enable_progress(sys.stderr)
    try:
        return _lint_pass(request, targets, config, remote)
    finally:
        terminal.disable_progress()


def _lint_pass(request: LintRequest, targets: list[str], config, remote: str | None) -> LintPass:
    from artifactkit.engine.linter import lint_paths
    from artifactkit.record import replace

    run = lint_paths(targets, config, jobs=request.jobs or None, use_cache=request.use_cache, skip_unknown=request.skip_unknown)
    if request.check_branches is not None:
        from artifactkit.engine.linter import add_branch_conflicts

        add_branch_conflicts(run, config, remote)
    # before the baseline hides any: --fix and --diff answer these (a copy of 10,000 results costs 0.2 s, so only for them)
    every = [replace(r, problems=list(r.problems)) for r in run.linted] if request.fix or request.diff else []
    gone: list = []
    dropped = 0
    if request.use_baseline:
        from artifactkit.engine import baseline

        accepted = baseline.load(config)
        if accepted is not None:
            dropped, gone = baseline.apply(run, config, accepted)
    return LintPass(run, every, gone, dropped)


def _print_report(request: LintRequest, fmt: str, done: LintPass, config, paths: list[str]) -> None:
    from artifactkit import report as reporters
    from artifactkit import terminal

    run = done.run
    if done.dropped:
        sys.stderr.write(f"{done.dropped} finding{'s' if done.dropped != 1 else ''} in .artifactkit-baseline.json not shown (--no-baseline shows them)\n")
    if done.gone:
        from artifactkit.cli.fixing import report_gone

        report_gone(done.gone)
    if request.verbose:
        _explain_claims(run, config, paths)
    if request.statistics:
        from artifactkit.report import statistics as stats

        stats.report(run, sys.stdout)
    elif request.output is not None:
        _write_report(request.output, reporters.get(fmt), run)
        log = default_format()  # inside GitHub Actions the log's report is the annotations
        reporters.get(log)(run, sys.stdout, color=log == "text" and terminal.color_wanted(sys.stdout))
    else:
        reporters.get(fmt)(run, sys.stdout, color=fmt == "text" and terminal.color_wanted(sys.stdout))


def _exit_code(request: LintRequest, run, config, paths: list[str], targets: list[str]) -> int:
    """2 for a broken config (said here, after the report), 1 for errors or a run that checked nothing while Markdown is there."""
    if config.broken:  # a configuration error: said once per type, after the others' report
        from artifactkit.escape import printable

        for type_name, message in config.broken.items():
            unchecked = sum(1 for r in run.results if r.type == type_name)
            sys.stderr.write(printable(f"artifactkit: error: {message} ({unchecked} {type_name} document{'s' if unchecked != 1 else ''} not checked)") + "\n")
        return 2
    if not run.linted and _checked_nothing(request, run, config, paths, targets):
        return 1
    return 1 if run.error_count else 0


def _checked_nothing(request: LintRequest, run, config, paths: list[str], targets: list[str]) -> bool:
    """A run that linted nothing while Markdown is there: said on stderr (True), or fine (False)."""
    whole_repository = not paths and request.changed_since is None
    unclaimed = [r.path for r in run.skipped if r.type is None]
    if whole_repository:  # the whole repository: Markdown outside docs_root is no reason to pass
        unclaimed += _repo_markdown(config, {r.path for r in run.results})
    if (unclaimed and whole_repository) or (run.skipped and any(os.path.isdir(t) for t in targets)):  # named files: type-unknown says it
        sys.stderr.write(nothing_checked(unclaimed or [r.path for r in run.skipped], config, request.verbose) + "\n")
        return True
    return False


SHOWN_UNCLAIMED = 10  # files a "nothing checked" message names (--verbose: all)


def nothing_checked(unclaimed: list[str], config, verbose: bool = False) -> str:
    """A run that checked nothing while Markdown is there must not pass: name the files, say why no
    type claims each, and how to give them one."""
    from artifactkit.escape import printable

    count = len(unclaimed)
    shown = unclaimed if verbose else unclaimed[:SHOWN_UNCLAIMED]
    lines = [f"artifactkit: no document checked, but {count} Markdown file{'s' if count != 1 else ''} no type claims:"]
    lines += [printable(f"  {config.relpath(p)}: {config.unclaimed_reason(config.relpath(p))}") for p in shown]
    if count > len(shown):
        lines.append(f"  ... and {count - len(shown)} more (--verbose lists them)")
    lines.append(
        "Run 'artifactkit init' to learn the repository's documents, put 'type: NAME' in their front matter, or give a type "
        f"'paths' in {config.source.name if config.source else '.artifactkit.yaml'} ('artifactkit config show' lists the types, paths and excludes)"
    )
    return "\n".join(lines)


def _repo_markdown(config, seen: set[str]) -> list[str]:
    """The repository's Markdown files a run did not read (not ignored), as paths relative to here."""
    from artifactkit.io.discovery import discover

    try:
        start = os.path.relpath(config.root_dir)
    except ValueError:
        start = config.root_dir
    seen_real = {os.path.realpath(p) for p in seen}
    return [p for p in discover([start]) if os.path.realpath(p) not in seen_real and not config.is_ignored(config.relpath(p))]


def _explain_claims(run, config, paths: list[str]) -> None:
    """``--verbose``: which type claimed each file and why, and why the others were skipped."""
    from artifactkit.escape import printable  # a file name may hold a newline and forge a CI annotation
    from artifactkit.io.discovery import named_files

    named = named_files(paths)
    for result in run.results:
        rel = config.relpath(result.path)
        if result.skipped and result.type is None:
            line = f"skipped {result.path}: no document type ({config.unclaimed_reason(rel, result.path in named)})"
        elif result.skipped:
            line = f"skipped {result.path}: {result.skipped}"
        elif result.type is None or result.type == "alert-rules":
            continue
        elif isinstance(result.frontmatter, dict) and result.frontmatter.get("type") == result.type:
            line = f"checked {result.path} as {result.type}: its front matter says 'type: {result.type}'"
        else:
            claim = config.claim(rel, result.path in named)
            line = f"checked {result.path} as {claim.why() if claim else result.type}"
        sys.stderr.write(printable(line) + "\n")


def _is_remote(name: str, config) -> bool:
    import subprocess

    proc = subprocess.run(["git", "remote"], cwd=config.root_dir, capture_output=True, text=True)
    return proc.returncode == 0 and name in proc.stdout.split()


def _write_report(path: str, report, run) -> None:
    """Readers of the report never see half of it: write a temporary file, then rename it over ``path``."""
    import io

    from artifactkit.errors import UserError
    from artifactkit.io.writer import atomic_write, check_inside, make_folders

    buffer = io.StringIO()
    report(run, buffer, color=False)
    try:
        check_inside(path)  # before any folder is made: the refusal names the report
        make_folders(os.path.dirname(path) or ".")
        atomic_write(path, buffer.getvalue())
    except OSError as exc:
        raise UserError(f"--output {path}: cannot write the report: {exc.strerror or exc}") from None
