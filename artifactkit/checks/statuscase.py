"""``status-case``: a status that names a known one in another case (``accepted`` for
``Accepted``). ``artifactkit status`` and ``list --status`` match statuses case-insensitively, so
lint does too: a warning that ``lint --fix`` repairs, never the schema's enum error."""

from __future__ import annotations

from artifactkit.problem import WARNING, Problem, Rule

RULES = (Rule("status-case", WARNING, "The status names a known status in another case.", "Spell it as the type does; lint --fix does it."),)


def canonical(doc, doctype) -> str | None:
    """The type's spelling of the document's status when it differs only in case, else None."""
    field = doctype.status_field
    if not field or doc.front.error:
        return None
    value = doc.frontmatter.get(field)
    if not isinstance(value, str) or value in doctype.statuses:
        return None
    return next((s for s in doctype.statuses if s.lower() == value.strip().lower()), None)


def check(doc, doctype) -> tuple[list[Problem], dict]:
    """The warning (if any) and the instance to validate, with the status spelt as the type spells it."""
    instance = doc.instance()
    status = canonical(doc, doctype)
    if status is None:
        return [], instance
    field = doctype.status_field
    line, col = doc.locations.get(("frontmatter", field), (1, 1))
    message = f"status {doc.frontmatter[field]!r} is spelt {status!r} by {doctype.name} — write {status!r} (lint --fix does)"
    instance["frontmatter"] = {**instance["frontmatter"], field: status}
    return [Problem(doc.path, line, col, WARNING, "status-case", message)], instance
