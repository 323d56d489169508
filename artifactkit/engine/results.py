"""What a lint run produces: one result per file, and the run as a whole."""

from __future__ import annotations

from artifactkit.problem import ERROR, Problem
from artifactkit.record import dataclass, field


@dataclass
class FileResult:
    path: str
    type: str | None
    problems: list[Problem] = field(default_factory=list)
    number: int | None = None
    skipped: str | None = None  # why the file was not linted
    frontmatter: dict = field(default_factory=dict)
    title: str | None = None
    outline: object | None = field(default=None, repr=False)  # sections.Outline, for cross-document checks
    locations: dict = field(default_factory=dict, repr=False)  # instance path -> (line, column)
    extra: object | None = field(default=None, repr=False, compare=False)  # what workers.ON_LINTED made of it


class LintRun:
    """Every result of a run, and what the reports ask of them (a plain class: as a dataclass, defining
    it cost 0.1 ms at every start, for an ``__eq__`` and a ``__repr__`` nothing calls)."""

    def __init__(self, results: list[FileResult]) -> None:
        self.results = results

    @property
    def problems(self) -> list[Problem]:
        return sorted(p for r in self.results for p in r.problems)  # Problem's own order: its fields in turn

    @property
    def linted(self) -> list[FileResult]:
        return [r for r in self.results if r.skipped is None]

    @property
    def skipped(self) -> list[FileResult]:
        """Markdown files no type claims (not those the config ignores: they are never read)."""
        return [r for r in self.results if r.skipped is not None]

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.results for p in r.problems if p.level == ERROR)  # a count needs no sorting
