"""``artifactkit list``: every document with its number, title, status, date and path."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

FORMATS = ("table", "json")
ACTIONS = "actions"  # `list actions` lists action items, not documents of a type


def register(app: typer.Typer) -> None:
    from artifactkit.errors import handles_errors

    @app.command("list")
    @handles_errors
    def list_(
        type: Optional[str] = typer.Argument(
            None, help="Only documents of this type (default: all types found under the docs root); 'actions' lists action items."
        ),
        status: Optional[str] = typer.Option(None, "--status", "-s", help="Only documents with this status (case-insensitive)."),
        open_only: bool = typer.Option(False, "--open", help="With 'list actions': only the open action items."),
        owner: Optional[str] = typer.Option(None, "--owner", help="With 'list actions': only the items of this owner (@name)."),
        format: str = typer.Option("table", "--format", "-f", help="Output format: table or json."),
        config: Optional[Path] = typer.Option(None, "--config", help="Config file (default: .artifactkit.yaml found upwards)."),
        catalog: Optional[list[str]] = typer.Option(
            None, "--catalog", help="List from exported catalogues (file or http(s) address; repeat for several repositories) instead of the docs root."
        ),
    ):
        """List documents: number, title, status, date and path (--format json for scripts).

        `list actions` lists the action items of postmortems (and of any type with an action-item section)."""
        if catalog:
            raise typer.Exit(run_catalogs(catalog, type, status, open_only, owner, format, config))
        if type == ACTIONS:
            raise typer.Exit(run_actions(open_only, owner, status, format, config))
        if open_only or owner is not None:
            from artifactkit.errors import UserError

            raise UserError("--open and --owner go with 'artifactkit list actions'")
        raise typer.Exit(run_list(type, status, format, config))


def run_catalogs(catalogs: list[str], type_name: str | None, status: str | None, open_only: bool, owner: str | None, format: str, config_path) -> int:
    from artifactkit.cli import orglisting
    from artifactkit.errors import UserError

    if format not in FORMATS:
        raise UserError(f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}")
    if type_name == ACTIONS:
        if status is not None:
            raise UserError("--status goes with document lists; use --open for open action items")
        return orglisting.run_actions(catalogs, owner, format, config_path)  # a catalogue holds the open items only
    if open_only or owner is not None:
        raise UserError("--open and --owner go with 'artifactkit list actions'")
    return orglisting.run_documents(catalogs, type_name, status, format, config_path)


def run_list(type_name: str | None, status: str | None, format: str, config_path) -> int:
    from artifactkit.engine.config import load_config
    from artifactkit.errors import UserError
    from artifactkit.views import catalog, lifecycle

    if format not in FORMATS:
        raise UserError(f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}")
    config = load_config(explicit=config_path)
    if type_name is not None and status is not None:
        status = lifecycle.canonical_status(catalog.get_type(config, type_name), status)
    entries = catalog.build(config, type_name)
    if status is not None:
        entries = [e for e in entries if e.status is not None and e.status.strip().lower() == status.strip().lower()]
    if format == "json":
        from artifactkit.report.jsonfmt import dumps

        sys.stdout.write(dumps([e.to_dict() for e in entries]) + "\n")
        return 0
    if not entries:
        where = f"{config.docs_root}/"
        what = f"{type_name} documents" if type_name else "documents"
        from artifactkit.escape import printable

        sys.stderr.write(printable(f"no {what}{f' with status {status}' if status else ''} under {where}") + "\n")
        return 0
    write_table(entries, sys.stdout, with_type=type_name is None)
    return 0


def write_table(entries, out, with_type: bool) -> None:
    from artifactkit.escape import (
        printable,  # titles and file names come from the documents
    )

    headers = (["TYPE"] if with_type else []) + ["NUMBER", "TITLE", "STATUS", "DATE", "PATH"]
    rows = [
        [
            printable(cell)
            for cell in ([e.type] if with_type else []) + [str(e.number) if e.number is not None else "-", e.title, e.status or "-", e.date or "-", e.path]
        ]
        for e in entries
    ]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    for row in [headers, *rows]:
        out.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() + "\n")


def run_actions(open_only: bool, owner: str | None, status: str | None, format: str, config_path) -> int:
    from artifactkit.checks.staleness import today
    from artifactkit.engine.config import load_config
    from artifactkit.errors import UserError
    from artifactkit.views import actions

    if format not in FORMATS:
        raise UserError(f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}")
    if status is not None:
        raise UserError("--status goes with document lists; use --open for open action items")
    config = load_config(explicit=config_path)
    rows = actions.collect(config, today(), open_only=open_only, owner=owner)
    if format == "json":
        from artifactkit.report.jsonfmt import dumps

        sys.stdout.write(dumps([r.to_dict() for r in rows]) + "\n")
        return 0
    if not rows:
        sys.stderr.write(f"no {'open ' if open_only else ''}action items{f' owned by {owner}' if owner else ''} under {config.docs_root}/\n")
        return 0
    from artifactkit.escape import printable

    table: list[tuple[str, ...]] = [("Due", "Owner", "Ticket", "Action", "Where")]
    for r in rows:
        due = r.item.due.isoformat() if r.item.due else "-"
        state = "done" if r.item.done else ("OVERDUE" if r.overdue else "open")
        table.append((f"{due} {state}", r.item.owner or "-", r.item.ticket or "-", r.item.text, f"{r.entry.path}:{r.item.line}"))
    table = [tuple(printable(cell) for cell in row) for row in table]
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]) - 1)]
    for row in table:
        sys.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[-1] + "\n")
    return 0
