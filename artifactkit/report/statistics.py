"""``lint --statistics``: how many findings each rule and each document type has, most first, to
decide what to fix (or baseline) first when adopting artifactkit in an existing repository."""

from __future__ import annotations

from collections import Counter

from artifactkit.report.text import summary


def report(run, stream) -> None:
    problems = run.problems
    types = {r.path: r.type or "(no type)" for r in run.results}
    levels = {p.rule: p.level for p in problems}
    by_rule = Counter(p.rule for p in problems)
    by_type = Counter(types.get(p.path, "(no type)") for p in problems)
    width = max((len(str(n)) for n in by_rule.values()), default=1)
    if by_rule:
        stream.write("by rule:\n")
        for rule, count in sorted(by_rule.items(), key=lambda item: (-item[1], item[0])):
            stream.write(f"  {count:>{width}}  {rule} ({levels[rule]})\n")
        stream.write("by type:\n")
        for name, count in sorted(by_type.items(), key=lambda item: (-item[1], item[0])):
            stream.write(f"  {count:>{width}}  {name}\n")
    stream.write(summary(run) + "\n")
