"""``artifactkit supersede OLD NEW``: NEW replaces OLD; both documents name each other, OLD becomes Superseded."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Optional

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


def _find(config, ref: str, type_name: str, entries):
    from artifactkit.views import catalog

    if os.path.exists(ref) or os.path.islink(ref):
        return catalog.find(config, ref)
    if ref.strip().lstrip("#").isdigit():
        return catalog.find(config, ref, type_name, entries)
    return catalog.find(config, ref, None, entries)


def _ref(target, other, fmt: str = "frontmatter"):
    """How ``other`` names ``target``: in front matter the number, else a relative path; in an
    existing log's format a link (``[7. Title](0007-title.md)``)."""
    href = Path(os.path.relpath(target.abspath, os.path.dirname(other.abspath))).as_posix()
    if fmt != "frontmatter":
        from artifactkit.document.logformats import Ref

        return Ref(target.number, target.title, href)
    return target.number if target.number is not None else href


def _shown(value, fmt: str):
    return value if isinstance(value, (int, str)) else value.markdown(fmt)


def run_supersede(old_ref: str, new_ref: str, type_name: str, force: bool, config_path) -> int:
    from artifactkit.engine.config import load_config
    from artifactkit.errors import UserError
    from artifactkit.io.locks import folder_locks
    from artifactkit.views import catalog, lifecycle

    config = load_config(explicit=config_path)
    catalog.get_type(config, type_name)
    entries = catalog.build(config)
    old = _find(config, old_ref, type_name, entries)
    new = _find(config, new_ref, type_name, entries)
    if old.abspath == new.abspath:
        raise UserError(f"{old.path}: a document cannot supersede itself")
    if old.type != new.type:
        raise UserError(f"{old.path} is a {old.type} and {new.path} is a {new.type}; a document can only supersede one of its own type")
    # Another supersede or status may be editing these documents right now: hold their folders'
    # locks, then re-read both, so that the checks below see what is on disk and no edit is lost.
    with folder_locks([os.path.dirname(old.abspath), os.path.dirname(new.abspath)]):
        old, new = lifecycle.reread(config, old), lifecycle.reread(config, new)
        entries = [e for e in entries if e.abspath not in {old.abspath, new.abspath}] + [old, new]
        return _supersede(config, entries, old, new, force)


def _supersede(config, entries, old, new, force: bool) -> int:
    from artifactkit.errors import RefusedError
    from artifactkit.escape import printable
    from artifactkit.io.writer import atomic_write
    from artifactkit.views import catalog, lifecycle

    doctype = config.types[old.type]
    field = lifecycle.require_status_field(doctype)
    superseded = lifecycle.canonical_status(doctype, "Superseded")
    everyone = entries + [e for e in (old, new) if e.abspath not in {x.abspath for x in entries}]

    def points_at(entry, value, target) -> bool:
        found = catalog.resolve(entry, value, everyone, config)
        return found is not None and found.abspath == target.abspath

    def name(entry) -> str:
        return entry.label if entry.number is not None else entry.path

    if points_at(new, new.frontmatter.get("superseded_by"), old):
        raise RefusedError(f"{new.path} is itself superseded by {name(old)}; superseding {name(old)} with it would make a cycle")
    current_by = old.frontmatter.get("superseded_by")
    if current_by is not None and not points_at(old, current_by, new):
        raise RefusedError(f"{old.path} is already superseded by {current_by!r} (superseded_by); fix that field by hand if it is wrong")
    new_ref_value = _ref(new, old, doctype.format)
    old_ref_value = _ref(old, new, doctype.format)
    supersedes = new.frontmatter.get("supersedes")
    new_supersedes: Any  # the list, or one value
    if isinstance(supersedes, list):
        new_supersedes = supersedes if any(points_at(new, v, old) for v in supersedes) else [*supersedes, old_ref_value]
    elif supersedes is None or points_at(new, supersedes, old):
        new_supersedes = old_ref_value
    else:
        raise RefusedError(
            f"{new.path} already supersedes {supersedes!r}; a document supersedes one other here (edit its 'supersedes' by hand to list several)"
        )
    if not force:
        lifecycle.check_transition(doctype, f"{old.path} ({name(old)})", old.frontmatter.get(field), superseded)

    old_values = {field: superseded, "superseded_by": new_ref_value}
    if current_by is not None:  # already names NEW (in whatever spelling): keep it
        del old_values["superseded_by"]
    new_values = {"supersedes": new_supersedes}
    if supersedes is not None and not isinstance(supersedes, list):
        del new_values["supersedes"]
    # Prepare both edits before writing either, so that a file that cannot be edited changes nothing.
    plans = [(e, lifecycle.planned_edit(e.path, values, doctype.format)) for e, values in ((old, old_values), (new, new_values))]
    written = []
    try:
        for entry, plan in plans:
            if plan is not None:
                atomic_write(entry.path, plan[1].encode("utf-8"))
                written.append((entry, plan))
    except BaseException:  # the second write failed: put the first back, so "nothing was changed" holds
        for entry, plan in written:
            atomic_write(entry.path, plan[0].encode("utf-8"))
        raise
    if plans[0][1] is None and plans[1][1] is None:
        typer.echo(printable(f"{name(old)} is already superseded by {name(new)}; nothing to change"))
        return 0
    if plans[0][1] is not None:
        typer.echo(printable(f"{old.path}: {field} {old.frontmatter.get(field)} -> {superseded}, superseded_by: {_shown(new_ref_value, doctype.format)}"))
    if plans[1][1] is not None:
        typer.echo(printable(f"{new.path}: supersedes: {_shown(old_ref_value, doctype.format)}"))
    return 0
