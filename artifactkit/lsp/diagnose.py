"""The findings of a buffer: exactly what ``artifactkit lint FILE`` reports for that text saved at
that path (``engine.linter.lint_buffer``: the cross-document checks read the files on disk), each
with a range in the text."""

from __future__ import annotations

from dataclasses import dataclass

from artifactkit.problem import Problem
from artifactkit.schema.project import Config


@dataclass(frozen=True)
class Span:
    """0-based lines; columns in characters (code points) of the line."""

    start_line: int
    start_col: int
    end_line: int
    end_col: int


def lint_text(path: str, text: str, config: Config) -> list[Problem]:
    from artifactkit.engine.linter import lint_buffer

    result = lint_buffer(path, text, config)
    if result is None or result.skipped is not None:
        return []
    return sorted(result.problems)


def span(problem: Problem, lines: list[str]) -> Span:
    """From the problem's column to the end of its line: the YAML key and its value, the whole heading,
    the line of a leftover placeholder, the line a missing section belongs before."""
    if not lines:
        return Span(0, 0, 0, 0)
    index = min(max(problem.line, 1), len(lines)) - 1
    content = lines[index].rstrip("\r\n")
    end = len(content.rstrip())
    start = min(max(problem.column, 1) - 1, end)
    if start == end:  # a blank line: underline the line start, never nothing
        start = 0
    return Span(index, start, index, end)
