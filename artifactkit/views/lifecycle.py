"""Statuses and the transitions between them, from a type's schema (``x-artifactkit``) or config."""

from __future__ import annotations

from typing import TYPE_CHECKING

from artifactkit.errors import RefusedError, UserError
from artifactkit.schema.doctypes import DocType

if TYPE_CHECKING:
    from artifactkit.schema.project import Config


def require_status_field(doctype: DocType) -> str:
    if not doctype.status_field:
        raise UserError(f"{doctype.name} documents have no status field, so they have no status to change")
    return doctype.status_field


def canonical_status(doctype: DocType, value: str) -> str:
    """``value`` spelled as the type spells it (matched case-insensitively); unknown -> UserError (exit 2)."""
    require_status_field(doctype)
    known = doctype.statuses
    if value in known:
        return value
    for status in known:
        if status.lower() == value.strip().lower():
            return status
    if not known:
        raise UserError(f"{doctype.name} defines no statuses (no enum for '{doctype.status_field}' and no transitions)")
    raise UserError(f"unknown {doctype.name} status {value!r}; use one of: {', '.join(known)}")


def known_current(doctype: DocType, current) -> str | None:
    """The document's current status as the type spells it, or None when it has none or an unknown one."""
    if not isinstance(current, str):
        return None
    for status in doctype.statuses:
        if status.lower() == current.strip().lower():
            return status
    return None


def allowed_from(doctype: DocType, current: str) -> list[str]:
    return list(doctype.transitions.get(current) or [])


def check_transition(doctype: DocType, label: str, current, new: str) -> None:
    """Refuse (exit 1) a change the transitions table does not allow.

    A type without a transitions table allows every change; a document with no status, or one
    the type does not know, may be given any known status (that fixes it).
    """
    if not doctype.transitions:
        return
    now = known_current(doctype, current)
    if now is None or now == new:
        return
    allowed = allowed_from(doctype, now)
    if new in allowed:
        return
    if allowed:
        hint = f"allowed from {now}: {', '.join(allowed)}"
    else:
        hint = f"{now} is final: no status change is allowed from it"
    raise RefusedError(f"{label}: cannot change status from {now} to {new} — {hint} (--force skips this check)")


def planned_edit(path: str, values: dict, fmt: str = "frontmatter") -> tuple[str, str] | None:
    """(raw text, edited text) for setting ``values`` in ``path`` where its format keeps them
    (front matter, or a Nygard ADR's Status section...); raise if it can't be edited.

    Used to prepare every file of a multi-file change before writing any of them.
    """
    from artifactkit.document import logformats
    from artifactkit.io.textio import read_document

    read = read_document(path)
    if read.text is None or read.data is None:
        raise UserError(f"{path}: {read.error}")
    raw = read.data.decode("utf-8")  # keeps a BOM
    new = logformats.edit(raw, fmt, values, where=path)
    return None if new == raw else (raw, new)


def reread(config: Config, entry):
    """``entry`` read again from disk: under a folder lock, after another command may have changed it."""
    from artifactkit.views import catalog

    fresh = catalog.entry_for(entry.path, config)
    if fresh is None:
        raise UserError(f"{entry.path}: it was removed or is no longer a {entry.type} document; nothing was changed")
    return fresh
