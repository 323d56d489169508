"""``disable-unknown``: an ``artifactkit-disable…`` comment that names no rule, most often a typo
that leaves the problem it meant to silence in place."""

from __future__ import annotations

from artifactkit.checks.context import Context
from artifactkit.problem import WARNING, Problem, Rule
from artifactkit.suggest import did_you_mean

DISABLE_UNKNOWN, *_ = RULES = (
    Rule("disable-unknown", WARNING, "A disable comment names a rule that does not exist.", "Correct the rule id (see the rule table), or remove the comment."),
)


def check(ctx: Context) -> list[Problem]:
    return unknown_rule_problems(ctx.path, ctx.doc.outline, ctx.rules) if ctx.doc is not None else []


def unknown_rule_problems(path: str, outline, known) -> list[Problem]:
    """One warning per rule id a disable comment names that is not in ``known`` (``*`` means every rule)."""
    found = [(1, rule) for rule in sorted(outline.file_disables)]
    found += [(line, rule) for line, rules in sorted(outline.section_disables.items()) for rule in sorted(rules)]
    return [
        DISABLE_UNKNOWN.problem(
            path,
            line,
            1,
            f"disable comment names {rule!r}, which is not a rule{did_you_mean(rule, known)} — use one of the rule ids, or '*'",
        )
        for line, rule in found
        if rule != "*" and rule not in known
    ]
