"""Action items that get done: every open item of a type's action-item section (a postmortem's
"Action items") needs an owner, a ticket or issue link and a due date; an open item past its due
date is overdue.

A type opts in with ``action_items: <section key>`` in its schema's ``x-artifactkit`` block or in
``.artifactkit.yaml``. Items are the section's top-level list items (``- [ ]`` open, ``- [x]``
done; a plain bullet is open) or the rows of its table, whose header names the columns (owner,
ticket, due, status). "Today" is the one of ``checks.staleness`` (``ARTIFACTKIT_TODAY``).
"""

from __future__ import annotations

import datetime as dt
import re

from artifactkit.checks.context import Context
from artifactkit.problem import ERROR, WARNING, Problem, Rule
from artifactkit.record import dataclass, fields

INCOMPLETE, OVERDUE = RULES = (
    Rule(
        "action-incomplete",
        ERROR,
        "An open action item has no owner, ticket or due date.",
        "Give the item an owner (@name), a ticket (a link or KEY-123) and a due date (YYYY-MM-DD).",
    ),
    Rule("action-overdue", WARNING, "An open action item is past its due date.", "Finish the item and mark it done, or agree a new due date."),
)

# Patterns, compiled (and kept) by ``re`` when a type with action items is first read: every document's
# pass imports this module, and compiling them took 0.6 ms of each run that had none.
ITEM = r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[(?P<box>[ xX])\][ \t]+)?(?P<text>.*)$"
FENCE = r"^ {0,3}(`{3,}|~{3,})"
OWNER = r"(?i)(?<![\w@])@[A-Za-z0-9][\w.-]*|\bowner:\s*(?P<named>[^,;)\]]+)"
TICKET = r"\[[^\]\n]*\]\([^)\s]+\)|<?https?://[^\s>)]+|\b[A-Z][A-Z0-9]{1,9}-\d+\b|(?<![\w&])#\d+\b"
DATE = r"\b(\d{4})-(\d{2})-(\d{2})\b"
COLUMNS = {
    "owner": ("owner", "owners", "assignee", "who", "responsible"),
    "ticket": ("ticket", "issue", "link", "tracking", "jira", "tracker"),
    "due": ("due", "due date", "deadline", "by", "target date", "date"),
    "status": ("status", "state", "done"),
    "action": ("action", "action item", "item", "task", "description", "what"),
}
DONE_WORDS = frozenset(("done", "closed", "complete", "completed", "fixed", "resolved", "yes", "x", "✅", "✔", "[x]"))
EMPTY_CELLS = frozenset(("", "-", "—", "–", "?", "tbd", "todo", "n/a", "none"))


@dataclass(frozen=True)
class ActionItem:
    path: str
    line: int
    text: str
    done: bool
    owner: str | None
    ticket: str | None
    due: dt.date | None

    @property
    def missing(self) -> list[str]:
        return [name for name, value in (("owner", self.owner), ("ticket", self.ticket), ("due date", self.due)) if value is None]

    def to_dict(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["due"] = self.due.isoformat() if self.due else None
        return data


def items(doc, key: str) -> list[ActionItem]:
    span = doc.section_span(key)
    if span is None:
        return []
    start, end = span
    lines = [(n, doc.lines[n - 1].rstrip("\r\n")) for n in range(start, min(end, len(doc.lines) + 1))]
    found: list[ActionItem] = []
    table: list[tuple[int, str]] = []
    fence = None
    pending: tuple[int, str | None, list[str]] | None = None  # (line, box, text parts) of the list item being read

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            found.append(_list_item(doc.path, *pending))
            pending = None

    for number, text in lines:
        opener = re.match(FENCE, text)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
            continue
        if opener:
            flush()
            fence = opener.group(1)
            continue
        if text.lstrip().startswith("|"):
            flush()
            table.append((number, text))
            continue
        if table:
            found.extend(_table_items(doc.path, table))
            table = []
        match = re.match(ITEM, text)
        if match:
            flush()
            pending = (number, match.group("box"), [match.group("text")])
        elif pending is not None and text.strip() and text.startswith((" ", "\t")):
            pending[2].append(text.strip())  # a continuation line of the item
        elif not text.strip():
            continue
        else:
            flush()
    flush()
    if table:
        found.extend(_table_items(doc.path, table))
    return [item for item in found if item.text]


def _list_item(path: str, line: int, box: str | None, parts: list[str]) -> ActionItem:
    text = " ".join(parts).strip()
    return ActionItem(path, line, _plain(text), box in ("x", "X"), _owner(text), _ticket(text), _date(text))


def _table_items(path: str, rows: list[tuple[int, str]]) -> list[ActionItem]:
    if len(rows) < 2 or not set(rows[1][1].replace("|", "").strip()) <= set("-: "):
        return []  # not a table: no delimiter row
    header = [_plain(cell).lower() for cell in _cells(rows[0][1])]
    column = {name: next((i for i, h in enumerate(header) if h in names), None) for name, names in COLUMNS.items()}
    out = []
    for line, row in rows[2:]:
        cells = _cells(row)

        def cell(name: str) -> str:  # called within this iteration only
            i = column[name]
            return cells[i] if i is not None and i < len(cells) else ""  # noqa: B023

        whole = " ".join(cells)
        status = _plain(cell("status")).lower()
        owner_cell = cell("owner").strip()
        owner = owner_cell if column["owner"] is not None and owner_cell.lower() not in EMPTY_CELLS else _owner(whole)
        ticket = _ticket(cell("ticket")) if column["ticket"] is not None else _ticket(whole)
        due = _date(cell("due")) if column["due"] is not None else _date(whole)
        text = _plain(cell("action")) if column["action"] is not None else _plain(cells[0] if cells else "")
        out.append(ActionItem(path, line, text, status in DONE_WORDS, owner or None, ticket, due))
    return out


def _cells(row: str) -> list[str]:
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return [c.strip() for c in re.split(r"(?<!\\)\|", row)]


def _plain(text: str) -> str:
    return " ".join(text.replace("**", "").replace("__", "").strip("_* ").split())


def _owner(text: str) -> str | None:
    match = re.search(OWNER, text)
    if not match:
        return None
    named = match.group("named")
    return named.strip() if named else match.group(0)


def _ticket(text: str) -> str | None:
    match = re.search(TICKET, text)
    return match.group(0).strip("<>") if match else None


def _date(text: str) -> dt.date | None:
    for match in re.finditer(DATE, text):
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
    return None


def check(ctx: Context) -> list[Problem]:
    """``action-incomplete`` for each open item without owner, ticket or due date; ``action-overdue``
    for each open item whose due date has passed."""
    doc, doctype = ctx.doc, ctx.doctype
    key = doctype.action_items if doctype is not None else None
    if not key:
        return []
    today = ctx.today
    if doc.front.error:
        return []
    problems = []
    for item in items(doc, key):
        if item.done:
            continue
        label = item.text if len(item.text) <= 60 else item.text[:57] + "..."
        if item.missing:
            message = (
                f'action item "{label}" has no {" and no ".join(item.missing)} — give every open action item '
                f"an owner (@name), a ticket (a link or KEY-123) and a due date (YYYY-MM-DD)"
            )
            problems.append(INCOMPLETE.problem(doc.path, item.line, 1, message))
        if item.due is not None and item.due < today:
            days = (today - item.due).days
            message = f'action item "{label}" was due on {item.due.isoformat()}, {days} days ago — finish it and mark it done ([x]), or agree a new due date'
            problems.append(OVERDUE.problem(doc.path, item.line, 1, message))
    return problems
