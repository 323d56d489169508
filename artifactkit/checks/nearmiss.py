"""Did you mean: a required section reported missing while a sibling heading is one edit away from
it (``## Consequence`` for "Consequences"), or names it otherwise (``# Usage example`` for "Basic
example"), is reported as a rename at that heading, not as an addition. The near miss is the one ``artifactkit.checks.fixes`` renames, so the message and
``lint --fix`` agree."""

from __future__ import annotations

from artifactkit.checks import fixes
from artifactkit.problem import Problem


def renames(doc, doctype, problems: list[Problem]) -> list[Problem]:
    """``problems`` with each ``section-missing`` that has a near-miss heading reworded as a rename."""
    if not any(p.rule == "section-missing" for p in problems):
        return problems
    out = list(problems)
    for parent, key in fixes.missing_sections(doc, doctype):
        fix = fixes.rename_near_miss(doc, doctype, parent, key)
        if fix is None:
            continue
        index = next((i for i, p in enumerate(out) if p.rule == "section-missing" and p.section == fix.section), None)
        if index is None:
            continue
        if fix.title.startswith("Make "):
            continue  # a bold line: the message already says so (schema.messages)
        heading = doc.lines[fix.line - 1].strip() if fix.line <= len(doc.lines) else fix.title
        if fix.title.endswith(f'"{fix.section}"'):
            said = f'heading {heading!r} is one edit away from the required section "{fix.section}"'
        else:
            said = f'heading {heading!r} looks like the required section "{fix.section}" under another name'
        message = f'{said} — rename it to "{fix.section}" (required by {doctype.name})'
        out[index] = out[index]._replace(line=fix.line, column=1, message=message)
    return out
