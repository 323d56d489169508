"""Checks of one parsed document that the schema cannot express: reading it, its front-matter
syntax, its type, duplicate headings and unclosed code fences; and, across a run, a file the user
named that no type claims."""

from __future__ import annotations

from artifactkit.checks.context import Context
from artifactkit.problem import ANY, ERROR, REPOSITORY, WARNING, Problem, Rule
from artifactkit.suggest import did_you_mean

UNREADABLE, SYNTAX, UNTERMINATED, TYPE_UNKNOWN, HEADING_DUPLICATE, FENCE_UNCLOSED = RULES = (
    Rule("file-unreadable", ERROR, "The file cannot be read as UTF-8 Markdown.", "Save the document as a UTF-8 text file under the size limit, or remove it."),
    Rule("frontmatter-syntax", ERROR, "The YAML front matter does not parse.", "Fix the YAML between the '---' lines at the top of the file."),
    Rule("frontmatter-unterminated", ERROR, "The front matter has no closing '---'.", "Add a '---' line after the last front-matter field."),
    Rule("type-unknown", ERROR, "The front matter names a document type nobody defined.", "Use a built-in type or define the type in .artifactkit.yaml.", ANY),
    Rule("heading-duplicate", WARNING, "Two sibling headings have the same text.", "Merge the sections or rename one; only the first is checked."),
    Rule(
        "fence-unclosed",
        WARNING,
        "A code fence is never closed: everything after it, headings too, is read as code.",
        "Close the code block with a line of ``` (or ~~~, as it was opened); lint --fix lengthens a closing line written too short.",
    ),
)

FRONT_MATTER_RULES = {rule.id: rule for rule in (SYNTAX, UNTERMINATED)}


def check(ctx: Context) -> list[Problem]:
    if ctx.scope == REPOSITORY:
        return unclaimed(ctx)
    doc = ctx.doc
    if doc is None:
        line, why = ctx.read_error or (1, "cannot be read")
        return [UNREADABLE.problem(ctx.path, line, 1, why)]
    found = frontmatter_problems(doc)
    if ctx.doctype is not None:
        return found + duplicate_headings(doc) + unclosed_fences(doc)
    if ctx.type_name is not None and ctx.type_name not in ctx.config.types:
        found.append(unknown_type(doc, ctx.type_name, ctx.config))
    return found


def frontmatter_problems(doc) -> list[Problem]:
    if doc.front.error is None:
        return []
    return [FRONT_MATTER_RULES[doc.front.error_rule].problem(doc.path, doc.front.error_line, doc.front.error_column, doc.front.error)]


def unknown_type(doc, name: str, config) -> Problem:
    known = ", ".join(config.types)
    line, col = doc.locations.get(("frontmatter", "type"), (1, 1))
    return TYPE_UNKNOWN.problem(
        doc.path,
        line,
        col,
        f"unknown document type {name!r}{did_you_mean(str(name), config.types)} — use one of: {known}, or define it under 'types' in .artifactkit.yaml",
    )


def unclosed_fences(doc) -> list[Problem]:
    return [
        FENCE_UNCLOSED.problem(
            doc.path,
            line,
            1,
            "this code fence is never closed — everything after it, headings too, is read as code; close it with a line of ``` (or ~~~)",
        )
        for line in doc.outline.unclosed_fences
    ]


def duplicate_headings(doc) -> list[Problem]:
    return [
        HEADING_DUPLICATE.problem(
            doc.path,
            s.line,
            1,
            f'duplicate heading "{s.heading}" — only the first one is checked; merge the two or rename one',
            s.heading,
        )
        for s in doc.outline.duplicates
    ]


def unclaimed(ctx: Context) -> list[Problem]:
    """A file the user named is linted or reported: never skipped in silence."""
    return [
        TYPE_UNKNOWN.problem(r.path, 1, 1, unclaimed_message(ctx.config.relpath(r.path), ctx.config))
        for r in ctx.results
        if r.skipped is not None and r.type is None and r.path in ctx.named
    ]


def unclaimed_message(relpath: str, config) -> str:
    why = config.unclaimed_reason(relpath, named=True)
    if why == "no type's paths match it":
        why += "; types and their paths: " + "; ".join(f"{t.name}: {', '.join(t.paths)}" for t in config.types.values() if t.paths)
    return (
        f"no document type claims this file ({why}) — add 'type: NAME' to its front matter or give a type 'paths' "
        "that include it in .artifactkit.yaml ('artifactkit config show' lists the types, their paths and excludes)"
    )
