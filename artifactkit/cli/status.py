"""``artifactkit status``: move a document to another status, as its type's transitions allow."""

from __future__ import annotations

import os
from pathlib import Path
from typing import List, Optional

import typer


def register(app: typer.Typer) -> None:
    from artifactkit.errors import handles_errors

    @app.command("status", no_args_is_help=True)
    @handles_errors
    def status(
        args: List[str] = typer.Argument(..., metavar="DOC NEW_STATUS", help="A document (its path, or type and number: 'adr 7') and the status to give it."),
        force: bool = typer.Option(False, "--force", help="Allow a change the type's transitions forbid."),
        config: Optional[Path] = typer.Option(None, "--config", help="Config file (default: .artifactkit.yaml found upwards)."),
    ):
        """Change a document's status (artifactkit status adr 7 Accepted); exit 1 if the type's transitions forbid it."""
        raise typer.Exit(run_status(args, force, config))


def run_status(args: list[str], force: bool, config_path) -> int:
    from artifactkit.engine.config import load_config
    from artifactkit.errors import UserError
    from artifactkit.io.locks import folder_lock
    from artifactkit.views import catalog, lifecycle

    if len(args) == 2:
        type_name, doc, wanted = None, args[0], args[1]
    elif len(args) == 3:
        type_name, doc, wanted = args
    else:
        raise UserError("give a document and a status: artifactkit status PATH STATUS, or artifactkit status TYPE NUMBER STATUS")
    config = load_config(explicit=config_path)
    entry = catalog.find(config, doc, type_name)
    # Another status or supersede may be editing this document right now: hold its folder's lock
    # and re-read it, so that the transition check sees what is on disk and no edit is lost.
    with folder_lock(os.path.dirname(entry.abspath)):
        return _change(config, lifecycle.reread(config, entry), wanted, force)


def _change(config, entry, wanted: str, force: bool) -> int:
    from artifactkit.escape import printable
    from artifactkit.io.writer import atomic_write
    from artifactkit.views import lifecycle

    doctype = config.types[entry.type]
    field = lifecycle.require_status_field(doctype)
    new = lifecycle.canonical_status(doctype, wanted)
    current = entry.frontmatter.get(field)
    if current == new:
        typer.echo(printable(f"{entry.path}: {field} is already {new}"))
        return 0
    if not force:
        lifecycle.check_transition(doctype, f"{entry.path} ({entry.label})" if entry.number is not None else entry.path, current, new)
    plan = lifecycle.planned_edit(entry.path, {field: new}, doctype.format)
    if plan is not None:
        atomic_write(entry.path, plan[1].encode("utf-8"))
    typer.echo(printable(f"{entry.path}: {field} {current if current is not None else '(none)'} -> {new}"))
    return 0
