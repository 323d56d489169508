"""Inline disable comments (``artifactkit-disable…``) and the config's per-rule levels: the one
place a problem is dropped or has its level changed, for per-file and cross-document problems alike.
A problem's default level is its rule's, from the registry (``artifactkit.checks.rules``)."""

from __future__ import annotations

from artifactkit.checks.rules import all_rules
from artifactkit.problem import Problem


def apply(problems: list[Problem], outline, config) -> list[Problem]:
    """``problems`` without those a disable comment of ``outline`` or the config switches off,
    each at the level the config gives its rule (else the rule's default). ``outline`` None: a
    document whose comments were never read, so only the config applies."""
    if not problems:  # the registry imports every family: a pass that found nothing needs none of them
        return []
    disabled = _disabled_index(_disabled_ranges(outline)) if outline is not None else {}
    file_disables = outline.file_disables if outline is not None else set()
    rules = all_rules()
    kept = []
    for problem in problems:
        if "*" in file_disables or problem.rule in file_disables:
            continue
        if _is_disabled(disabled, problem.rule, problem.line):
            continue
        level = config.level_for(problem.rule, rules[problem.rule].level)
        if level == "off":
            continue
        kept.append(problem.with_level(level) if level != problem.level else problem)
    return kept


def _disabled_ranges(outline) -> list[tuple[int, int, set[str]]]:
    """(start, end, rules) per disabled section; one pass over the headings, so thousands of
    disable comments in a hostile file stay linear (a section ends at the next heading of its level or above)."""
    if not outline.section_disables:
        return []
    ends: dict[int, int] = {}
    open_headings: list[tuple[int, int]] = []  # (line, level), levels strictly increasing
    for ln, lv, _ in outline.headings:
        while open_headings and open_headings[-1][1] >= lv:
            ends[open_headings.pop()[0]] = ln
        open_headings.append((ln, lv))
    return [(start, ends.get(start, 10**12), rules) for start, rules in outline.section_disables.items()]


def _disabled_index(ranges) -> dict[str, tuple[list[int], list[int]]]:
    """rule -> (sorted starts, running maximum of ends): a line is disabled for the rule if some
    range starting at or before it ends after it, found by bisection instead of a scan of every range."""
    by_rule: dict[str, list[tuple[int, int]]] = {}
    for start, end, rules in ranges:
        for rule in rules:
            by_rule.setdefault(rule, []).append((start, end))
    index = {}
    for rule, spans in by_rule.items():
        spans.sort()
        reach, best = [], 0
        for _, end in spans:
            best = max(best, end)
            reach.append(best)
        index[rule] = ([start for start, _ in spans], reach)
    return index


def _is_disabled(index, rule: str, line: int) -> bool:
    for key in (rule, "*"):
        if key in index:
            from bisect import bisect_right  # here: only a document with disable comments gets this far

            starts, reach = index[key]
            i = bisect_right(starts, line) - 1
            if i >= 0 and reach[i] > line:
                return True
    return False
