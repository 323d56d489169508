"""NEW supersedes OLD: both documents name each other and OLD becomes Superseded (the work of
``artifactkit supersede``; the command prints the result)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Supersession:
    """What ``supersede`` changed: OLD's status field and values, NEW's ``supersedes``; None where nothing changed."""

    old_name: str  # the label (``ADR-7``) or, without a number, the path
    new_name: str
    old_path: str
    new_path: str
    field: str
    old_status: Any
    superseded: str
    old_edit: str | None  # ``superseded_by`` as shown, if OLD was edited
    new_edit: str | None  # ``supersedes`` as shown, if NEW was edited


def supersede(config, old_ref: str, new_ref: str, type_name: str, force: bool) -> Supersession:
    """Find OLD and NEW (paths or numbers of ``type_name``) and make NEW supersede OLD."""
    from artifactkit.errors import UserError
    from artifactkit.io.locks import folder_locks
    from artifactkit.views import catalog, lifecycle

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


def _find(config, ref: str, type_name: str, entries):
    from artifactkit.views import catalog

    if os.path.exists(ref) or os.path.islink(ref):
        return catalog.find(config, ref)
    if ref.strip().lstrip("#").isdigit():
        return catalog.find(config, ref, type_name, entries)
    return catalog.find(config, ref, None, entries)


def reference(target, other, fmt: str = "frontmatter"):
    """How ``other`` names ``target``: in front matter the number, else a relative path; in an
    existing log's format a link (``[7. Title](0007-title.md)``)."""
    href = Path(os.path.relpath(target.abspath, os.path.dirname(other.abspath))).as_posix()
    if fmt != "frontmatter":
        from artifactkit.document.logformats import Ref

        return Ref(target.number, target.title, href)
    return target.number if target.number is not None else href


def _shown(value, fmt: str) -> str:
    return str(value) if isinstance(value, (int, str)) else value.markdown(fmt)


def _name(entry) -> str:
    return entry.label if entry.number is not None else entry.path


class _Links:
    """Which document a field's value names, among every document of the repository."""

    def __init__(self, config, entries, old, new):
        self.config = config
        self.everyone = entries + [e for e in (old, new) if e.abspath not in {x.abspath for x in entries}]

    def points_at(self, entry, value, target) -> bool:
        from artifactkit.views import catalog

        found = catalog.resolve(entry, value, self.everyone, self.config)
        return found is not None and found.abspath == target.abspath


def _supersede(config, entries, old, new, force: bool) -> Supersession:
    from artifactkit.views import lifecycle

    doctype = config.types[old.type]
    field = lifecycle.require_status_field(doctype)
    superseded = lifecycle.canonical_status(doctype, "Superseded")
    links = _Links(config, entries, old, new)
    current_by = _check_no_conflict(links, old, new)
    new_ref_value = reference(new, old, doctype.format)
    old_ref_value = reference(old, new, doctype.format)
    supersedes = new.frontmatter.get("supersedes")
    new_supersedes = _new_supersedes(links, old, new, supersedes, old_ref_value)
    if not force:
        lifecycle.check_transition(doctype, f"{old.path} ({_name(old)})", old.frontmatter.get(field), superseded)

    old_values = {field: superseded, "superseded_by": new_ref_value}
    if current_by is not None:  # already names NEW (in whatever spelling): keep it
        del old_values["superseded_by"]
    new_values = {"supersedes": new_supersedes}
    if supersedes is not None and not isinstance(supersedes, list):
        del new_values["supersedes"]
    old_edited, new_edited = _write_both(old, new, old_values, new_values, doctype.format)
    return Supersession(
        _name(old),
        _name(new),
        old.path,
        new.path,
        field,
        old.frontmatter.get(field),
        superseded,
        _shown(new_ref_value, doctype.format) if old_edited else None,
        _shown(old_ref_value, doctype.format) if new_edited else None,
    )


def _check_no_conflict(links: _Links, old, new):
    """Refuse a cycle or a second successor; OLD's current ``superseded_by`` (which then names NEW)."""
    from artifactkit.errors import RefusedError

    if links.points_at(new, new.frontmatter.get("superseded_by"), old):
        raise RefusedError(f"{new.path} is itself superseded by {_name(old)}; superseding {_name(old)} with it would make a cycle")
    current_by = old.frontmatter.get("superseded_by")
    if current_by is not None and not links.points_at(old, current_by, new):
        raise RefusedError(f"{old.path} is already superseded by {current_by!r} (superseded_by); fix that field by hand if it is wrong")
    return current_by


def _new_supersedes(links: _Links, old, new, supersedes, old_ref_value) -> Any:
    """NEW's ``supersedes`` with OLD in it: the list, or one value."""
    from artifactkit.errors import RefusedError

    if isinstance(supersedes, list):
        return supersedes if any(links.points_at(new, v, old) for v in supersedes) else [*supersedes, old_ref_value]
    if supersedes is None or links.points_at(new, supersedes, old):
        return old_ref_value
    raise RefusedError(f"{new.path} already supersedes {supersedes!r}; a document supersedes one other here (edit its 'supersedes' by hand to list several)")


def _write_both(old, new, old_values: dict, new_values: dict, fmt: str) -> tuple[bool, bool]:
    """Edit both documents or neither: both edits are prepared before either is written, and a
    failed second write puts the first back. Whether each was edited."""
    from artifactkit.io.writer import atomic_write
    from artifactkit.views import lifecycle

    plans = [(e, lifecycle.planned_edit(e.path, values, fmt)) for e, values in ((old, old_values), (new, new_values))]
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
    return plans[0][1] is not None, plans[1][1] is not None
