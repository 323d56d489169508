"""Checks of one parsed document that the schema cannot express: reading it, its front-matter
syntax, its type, duplicate headings and unclosed code fences."""

from __future__ import annotations

from artifactkit.problem import ERROR, WARNING, Problem, Rule

RULES = (
    Rule("file-unreadable", ERROR, "The file cannot be read as UTF-8 Markdown.", "Save the document as a UTF-8 text file under the size limit, or remove it."),
    Rule("frontmatter-syntax", ERROR, "The YAML front matter does not parse.", "Fix the YAML between the '---' lines at the top of the file."),
    Rule("frontmatter-unterminated", ERROR, "The front matter has no closing '---'.", "Add a '---' line after the last front-matter field."),
    Rule("type-unknown", ERROR, "The front matter names a document type nobody defined.", "Use a built-in type or define the type in .artifactkit.yaml."),
    Rule("heading-duplicate", WARNING, "Two sibling headings have the same text.", "Merge the sections or rename one; only the first is checked."),
    Rule(
        "fence-unclosed",
        WARNING,
        "A code fence is never closed: everything after it, headings too, is read as code.",
        "Close the code block with a line of ``` (or ~~~, as it was opened).",
    ),
)


def frontmatter_problems(doc) -> list[Problem]:
    if doc.front.error is None:
        return []
    return [Problem(doc.path, doc.front.error_line, doc.front.error_column, ERROR, doc.front.error_rule, doc.front.error)]


def unclosed_fences(doc) -> list[Problem]:
    return [
        Problem(
            doc.path,
            line,
            1,
            WARNING,
            "fence-unclosed",
            "this code fence is never closed — everything after it, headings too, is read as code; close it with a line of ``` (or ~~~)",
        )
        for line in doc.outline.unclosed_fences
    ]


def duplicate_headings(doc) -> list[Problem]:
    return [
        Problem(
            doc.path,
            s.line,
            1,
            WARNING,
            "heading-duplicate",
            f'duplicate heading "{s.heading}" — only the first one is checked; merge the two or rename one',
            s.heading,
        )
        for s in doc.outline.duplicates
    ]
