"""``artifactkit supersede OLD NEW``: NEW replaces OLD; both documents name each other, OLD becomes Superseded."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    from artifactkit.errors import handles_errors

    @app.command("supersede", no_args_is_help=True)
    @handles_errors
    def supersede(
        old: str = typer.Argument(..., help="The document being replaced: a path or a number."),
        new: str = typer.Argument(..., help="The document that replaces it: a path or a number."),
        type: str = typer.Option("adr", "--type", "-t", help="Type of documents given by number."),
        force: bool = typer.Option(False, "--force", help="Supersede OLD even if its status may not change to Superseded."),
        config: Optional[Path] = typer.Option(None, "--config", help="Config file (default: .artifactkit.yaml found upwards)."),
    ):
        """Mark OLD as superseded by NEW: 'superseded_by: NEW' and status Superseded on OLD, 'supersedes: OLD' on NEW."""
        raise typer.Exit(run_supersede(old, new, type, force, config))


def run_supersede(old_ref: str, new_ref: str, type_name: str, force: bool, config_path) -> int:
    """Make NEW supersede OLD (artifactkit.views.supersession) and say what changed."""
    from artifactkit.engine.config import load_config
    from artifactkit.escape import printable
    from artifactkit.views.supersession import supersede

    done = supersede(load_config(explicit=config_path), old_ref, new_ref, type_name, force)
    if done.old_edit is None and done.new_edit is None:
        typer.echo(printable(f"{done.old_name} is already superseded by {done.new_name}; nothing to change"))
        return 0
    if done.old_edit is not None:
        typer.echo(printable(f"{done.old_path}: {done.field} {done.old_status} -> {done.superseded}, superseded_by: {done.old_edit}"))
    if done.new_edit is not None:
        typer.echo(printable(f"{done.new_path}: supersedes: {done.new_edit}"))
    return 0
