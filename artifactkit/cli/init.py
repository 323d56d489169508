"""``artifactkit init [DIR]``: set a repository up for artifactkit (the work is ``artifactkit.scaffold.initrepo``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    from artifactkit.errors import handles_errors

    @app.command("init")
    @handles_errors
    def init(
        directory: Optional[Path] = typer.Argument(None, metavar="DIR", help="Repository to set up (default: the current folder)."),
        types: Optional[str] = typer.Option(
            None, "--types", metavar="TYPE,...", help="Only these document types (comma-separated, e.g. adr,runbook): their config entries and folders."
        ),
        hook: Optional[str] = typer.Option(
            None,
            "--hook",
            metavar="local|remote",
            help="pre-commit entry: 'local' (the default: runs the artifactkit already installed, no network) or 'remote' "
            "(pre-commit installs artifactkit from a release tag of its repository); switches an existing entry.",
        ),
    ):
        """Set a repository up: config, docs folders, pre-commit hook and CI workflow. Never overwrites.

        An existing decision log (.adr-dir, .log4brains.yml, docs/adr, docs/decisions, doc/adr...) is
        detected with its format (Nygard / adr-tools, MADR), and the config points the adr type at it."""
        from artifactkit.errors import UserError

        if hook not in (None, "remote", "local"):
            raise UserError(f"--hook {hook!r}: use local or remote")
        raise typer.Exit(run_init(directory or Path("."), types, hook=hook))


def run_init(directory: Path, wanted_types: str | None = None, hook: str | None = None) -> int:
    """Set the repository up (artifactkit.scaffold.initrepo) and say what was done."""
    from artifactkit.escape import printable
    from artifactkit.scaffold.initrepo import init_repository

    result = init_repository(directory, wanted_types, hook)
    for what, path in result.report:
        typer.echo(printable(f"{what:<7}  {path}"))
    for problem in result.problems:
        sys.stderr.write(f"artifactkit: warning: {printable(problem)}\n")
    if not result.problems:
        typer.echo("next: artifactkit lint" if result.learned else 'next: artifactkit new adr "Your first decision"')
    return 1 if result.problems else 0
