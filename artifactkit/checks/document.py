"""Checks of one parsed document that the schema cannot express: front-matter syntax, duplicate
headings, and the number a document carries (for ``number-duplicate`` across documents)."""

from __future__ import annotations

import os
import re

from artifactkit.checks.rules import RULES
from artifactkit.problem import ERROR, Problem

NUMBER_RE = re.compile(r"^(\d+)[-_. ]")  # a numbered document's file name: 0007-title.md


def frontmatter_problems(doc) -> list[Problem]:
    if doc.front.error is None:
        return []
    return [Problem(doc.path, doc.front.error_line, 1, ERROR, doc.front.error_rule, doc.front.error)]


def duplicate_headings(doc) -> list[Problem]:
    return [
        Problem(doc.path, s.line, 1, RULES["heading-duplicate"].level, "heading-duplicate", f'duplicate heading "{s.heading}" — only the first one is checked; merge the two or rename one', s.heading)
        for s in doc.outline.duplicates
    ]


def document_number(path: str, doc) -> int | None:
    value = doc.frontmatter.get("number")
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    match = NUMBER_RE.match(os.path.basename(path))
    return int(match.group(1)) if match else None


def duplicate_numbers(results: list) -> list[tuple[object, Problem]]:
    """Two documents of one numbered type with the same number are both reported (at the default level)."""
    seen: dict[tuple[str, int], list] = {}
    for result in results:
        if result.number is not None and result.type:
            seen.setdefault((result.type, result.number), []).append(result)
    found = []
    for (type_name, number), group in seen.items():
        if len(group) < 2:
            continue
        for result in group:
            others = ", ".join(r.path for r in group if r is not result)
            message = f"{type_name} number {number} is also used by {others} — renumber one of them"
            found.append((result, Problem(result.path, 1, 1, RULES["number-duplicate"].level, "number-duplicate", message)))
    return found
