"""``artifactkit renumber TYPE OLD NEW`` / ``--next``: move a document to a free number, references included."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    import typer


def register(app: typer.Typer) -> None:
    import typer

    from artifactkit.errors import handles_errors

    @app.command("renumber")
    @handles_errors
    def renumber(
        type: str = typer.Argument(..., help="Document type, for example adr."),
        old: str = typer.Argument(..., help="The document: its number, or its path."),
        new: Optional[int] = typer.Argument(None, help="The new number (or use --next)."),
        next_free: bool = typer.Option(False, "--next", help="Take the next number free in this tree and on every branch."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Print what would change, as a unified diff; write nothing."),
        config: Optional[Path] = typer.Option(None, "--config", help="Config file (default: .artifactkit.yaml found upwards)."),
    ):
        """Give a document another number: its file name, title and number, and every reference to it."""
        raise typer.Exit(run_renumber(type, old, new, next_free, dry_run, config))


def run_renumber(type_name: str, old: str, new: int | None, next_free: bool, dry_run: bool, config_path) -> int:
    from contextlib import nullcontext

    import typer

    from artifactkit.engine.config import load_config
    from artifactkit.errors import UserError
    from artifactkit.escape import printable
    from artifactkit.io.locks import folder_lock
    from artifactkit.views import catalog, renumber

    if (new is None) == (not next_free):
        raise UserError("give the new number or --next (not both)")
    config = load_config(explicit=config_path)
    folder = catalog.type_folder(config, catalog.get_type(config, type_name))
    with folder_lock(folder) if folder.is_dir() else nullcontext():  # the lock `new` takes to pick a number
        plan = renumber.plan(config, type_name, old, new)
        _add_index(plan, config, type_name)
        if not dry_run:
            renumber.apply(plan)
    verb = "would rename" if dry_run else "renamed"
    typer.echo(printable(f"{verb} {plan.entry.path} -> {catalog.display_path(plan.new_path)} ({type_name} {plan.entry.number} -> {plan.new_number})"))
    for line in plan.changes:
        typer.echo(printable(("would change " if dry_run else "") + line))
    if dry_run:
        for line in _diffs(plan):  # escaped like every output line; tabs kept, they are the file's
            typer.echo("\t".join(printable(part) for part in line.split("\t")))
    return 0


def _lines(text: str) -> list[str]:
    """Lines as Markdown counts them: a form feed or U+2028 ends none (``str.splitlines`` would)."""
    import re

    return re.findall(r"[^\n]*\n|[^\n]+\Z", text)


def _diffs(plan) -> list[str]:
    """Each edit as a unified diff (``a/`` the file now, ``b/`` the file after, under its new name)."""
    import difflib
    import os

    from artifactkit.views import catalog

    out: list[str] = []
    for path, (old, new) in plan.edits.items():
        after = plan.new_path if os.path.normcase(path) == os.path.normcase(plan.entry.abspath) else path
        lines = difflib.unified_diff(_lines(old), _lines(new), f"a/{catalog.display_path(path)}", f"b/{catalog.display_path(after)}")
        out.extend(line.rstrip("\r\n") for line in lines)
    return out


def _add_index(plan, config, type_name: str) -> None:
    """The type's README index (when it has the markers), as it will read after the move."""
    from artifactkit.cli.index import START, render
    from artifactkit.views import catalog, renumber

    doctype = config.types[type_name]
    entries = renumber.moved_entries(plan, catalog.build(config), config)
    folder = catalog.index_folder(config, doctype, entries)
    readme = catalog.norm_path(folder / "README.md")
    if not (folder / "README.md").is_file():
        return
    text = plan.text_of(readme)
    if START not in text:
        return
    ours = sorted((e for e in entries if e.type == type_name and e.abspath != readme), key=lambda e: (e.number is None, e.number or 0, e.path))
    plan.edit(readme, text, render(text, doctype, ours, folder, catalog.display_path(readme)), "index updated")
