"""``artifactkit lint``: check documents against their type's schema."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer


def register(app: typer.Typer) -> None:
    from artifactkit.cli import handles_errors

    @app.command("lint")
    @handles_errors
    def lint(
        paths: Optional[List[str]] = typer.Argument(None, help="Files or folders (recursive *.md). Default: the configured docs root."),
        format: str = typer.Option("text", "--format", "-f", help="Output format: text or json."),
        config: Optional[Path] = typer.Option(None, "--config", help="Config file (default: .artifactkit.yaml found upwards)."),
        verbose: bool = typer.Option(False, "--verbose", "-v", help="Also list the files skipped as having no known type."),
    ):
        """Check documents: required sections filled in, front matter valid. Exit 1 on errors."""
        raise typer.Exit(run_lint(paths or [], format, config, verbose))


def run_lint(paths: list[str], format: str, config_path, verbose: bool) -> int:
    from artifactkit import reporters
    from artifactkit.config import load_config
    from artifactkit.errors import UserError
    from artifactkit.linter import default_paths, lint_paths

    if format not in reporters.FORMATS:
        raise UserError(f"unknown format {format!r}; choose one of: {', '.join(reporters.FORMATS)}")
    config = load_config(explicit=config_path)
    targets = paths or default_paths(config)
    for target in targets:
        if not Path(target).exists() and not Path(target).is_symlink():
            raise UserError(f"{target}: no such file or folder")
    run = lint_paths(targets, config)
    if verbose:
        for result in run.results:
            if result.skipped:
                sys.stderr.write(f"skipped {result.path}: {result.skipped}\n")
    reporters.get(format)(run, sys.stdout, color=format == "text" and sys.stdout.isatty())
    return 1 if run.error_count else 0
