"""Document numbers: ``number-duplicate`` (two documents of one numbered type with the same number)
and ``number-branch-conflict`` (the same across branches)."""

from __future__ import annotations

from artifactkit.checks.context import Context
from artifactkit.problem import ERROR, REPOSITORY, Problem, Rule

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from typing import Any

DUPLICATE, BRANCH_CONFLICT = RULES = (
    Rule("number-duplicate", ERROR, "Two documents of one type share a number.", "Renumber one of the documents.", REPOSITORY),
    # reported by artifactkit.engine.branches (lint --check-branches), which reads other refs with git
    Rule(
        "number-branch-conflict",
        ERROR,
        "Another branch gives this document's number to another document.",
        "Take a free number before merging: artifactkit renumber TYPE N --next.",
        REPOSITORY,
    ),
)


SHOWN_OTHERS = 3  # paths a number-duplicate message names


def check(ctx: Context) -> list[Problem]:
    config = ctx.config

    def log_of(path: str) -> str | None:
        """The paths pattern that claims ``path``: each pattern of a type is one numbered log."""
        claim = config.claim(config.relpath(path))
        return claim.pattern if claim is not None else None

    return [problem for _, problem in duplicate_numbers(ctx.results, log_of)]


def duplicate_numbers(results: list, log_of=None) -> list[tuple[Any, Problem]]:
    """Each document of a shared (type, number), with a problem naming the others (at the default level).
    ``log_of(path)``: which of the type's logs a document belongs to (a type whose ``paths`` name
    several folders, such as a monorepo's packages, keeps one sequence per pattern), or None."""
    shared: dict[tuple[str, int], list] = {}
    for result in results:
        # 0 is no number: the template's (0000-template.md) and each draft's until it gets one
        # ("copy the template to 0000-my-feature.md"), in RFC processes that number by pull request
        if result.number and result.type:
            shared.setdefault((result.type, result.number), []).append(result)
    seen: dict[tuple[str, int, object], list] = {}
    for (type_name, number), group in shared.items():
        if len(group) > 1:  # only a number used twice needs the logs (a claim per document: glob matching)
            for result in group:
                seen.setdefault((type_name, number, log_of(result.path) if log_of else None), []).append(result)
    found = []
    for (type_name, number, _log), group in seen.items():
        if len(group) < 2:
            continue
        for result in group:
            # a few of the others, never all: 3,000 documents numbered 1 must not make a report of 3,000² paths
            others = [r.path for r in group[: SHOWN_OTHERS + 1] if r is not result][:SHOWN_OTHERS]
            rest = len(group) - 1 - len(others)
            named = ", ".join(others) + (f" and {rest} other{'s' if rest > 1 else ''} ({len(group)} in all)" if rest else "")
            message = f"{type_name} number {number} is also used by {named} — renumber one of them"
            found.append((result, DUPLICATE.problem(result.path, 1, 1, message)))
    return found
