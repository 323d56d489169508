"""``status-case``: a status that names a known one in another case (``accepted`` for
``Accepted``). ``artifactkit status`` and ``list --status`` match statuses case-insensitively, so
lint does too: a warning that ``lint --fix`` repairs, never the schema's enum error."""

from __future__ import annotations

from artifactkit.checks.context import Context
from artifactkit.problem import WARNING, Problem, Rule

STATUS_CASE, *_ = RULES = (Rule("status-case", WARNING, "The status names a known status in another case.", "Spell it as the type does; lint --fix does it."),)


def canonical(doc, doctype) -> str | None:
    """The type's spelling of the document's status when it differs only in case, else None."""
    field = doctype.status_field
    if not field or doc.front.error:
        return None
    value = doc.frontmatter.get(field)
    if not isinstance(value, str) or value in doctype.statuses:
        return None
    return next((s for s in doctype.statuses if s.lower() == value.strip().lower()), None)


def check(ctx: Context) -> list[Problem]:
    """The warning, if any (``checks.validation`` validates the status as the type spells it)."""
    doc, doctype = ctx.doc, ctx.doctype
    status = canonical(doc, doctype) if doctype is not None else None
    if status is None:
        return []
    field = doctype.status_field
    line, col = doc.locations.get(("frontmatter", field), (1, 1))
    message = f"status {doc.frontmatter[field]!r} is spelt {status!r} by {doctype.name} — write {status!r} (lint --fix does)"
    return [STATUS_CASE.problem(doc.path, line, col, message)]
