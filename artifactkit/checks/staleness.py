"""The ``review-stale`` check: a document whose review date is older than its type's review period.

A type opts in with ``review_field`` (e.g. ``last_reviewed``) and ``review_days`` (e.g. 180) in
its schema's ``x-artifactkit`` block or in ``.artifactkit.yaml``. "Today" is the local date, or
``ARTIFACTKIT_TODAY=YYYY-MM-DD`` when set (for tests and reproducible CI runs).
"""

from __future__ import annotations

import datetime as dt

from artifactkit.checks.context import TODAY_ENV as TODAY_ENV  # re-exported: "today" of every command
from artifactkit.checks.context import Context
from artifactkit.checks.context import today as today
from artifactkit.problem import WARNING, Problem, Rule

REVIEW_STALE, *_ = RULES = (
    Rule("review-stale", WARNING, "The document has not been reviewed within its review period.", "Review the document and update its review date."),
)


def as_date(value) -> dt.date | None:
    """A YYYY-MM-DD (or ISO date-time) value as a date; None for anything else (the schema reports it)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def check(ctx: Context) -> list[Problem]:
    """A ``review-stale`` warning if the document was last reviewed more than ``review_days`` ago."""
    doc, doctype = ctx.doc, ctx.doctype
    if doctype is None:
        return []
    field, days = doctype.review_field, doctype.review_days
    if not field or not isinstance(days, int) or isinstance(days, bool) or days < 0 or doc.front.error:
        return []
    reviewed = as_date(doc.frontmatter.get(field))
    if reviewed is None:
        return []
    now = ctx.today
    age = (now - reviewed).days
    if age <= days:
        return []
    due = reviewed + dt.timedelta(days=days)
    line, column = doc.locations.get(("frontmatter", field), (1, 1))
    message = (
        f"{field} is {reviewed.isoformat()}, {age} days ago; a review was due on {due.isoformat()} "
        f"(every {days} days) — review the {doctype.name} and set {field} to the review date"
    )
    return [REVIEW_STALE.problem(doc.path, line, column, message)]
