"""Document numbers: ``number-duplicate`` (two documents of one numbered type with the same number)
and ``number-branch-conflict`` (the same across branches)."""

from __future__ import annotations

from typing import Any

from artifactkit.problem import ERROR, Problem, Rule

RULES = (
    Rule("number-duplicate", ERROR, "Two documents of one type share a number.", "Renumber one of the documents."),
    # reported by artifactkit.engine.branches (lint --check-branches), which reads other refs with git
    Rule("number-branch-conflict", ERROR, "Another branch gives this document's number to another document.", "Take a free number before merging: artifactkit renumber TYPE N --next."),
)


def duplicate_numbers(results: list) -> list[tuple[Any, Problem]]:
    """Each document of a shared (type, number), with a problem naming the others (at the default level)."""
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
            found.append((result, Problem(result.path, 1, 1, ERROR, "number-duplicate", message)))
    return found
