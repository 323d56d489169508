"""The frozen record every check produces, and the declaration of the rule it breaks."""

from __future__ import annotations

from artifactkit.record import NamedTuple

ERROR = "error"
WARNING = "warning"
LEVELS = (ERROR, WARNING)
DOCUMENT = "document"  # found in one document, by the per-file pass (cached with the file's result)
REPOSITORY = "repository"  # found across the documents of a run, after every file is linted
ANY = "any"  # found by either pass (type-unknown: a type nobody defined, or a named file no type claims)
SCOPES = (DOCUMENT, REPOSITORY, ANY)


class Problem(NamedTuple):
    """A finding at a place. A NamedTuple: frozen, and ordered by its fields in turn, as a tuple is
    (compared in C). A frozen dataclass costs three times as much to make (0.66 against 0.20 µs),
    and a cold run of 10,000 real documents makes some 40,000."""

    path: str
    line: int
    column: int
    level: str
    rule: str
    message: str
    section: str | None = None

    def to_dict(self) -> dict:
        return self._asdict()

    def with_level(self, level: str) -> Problem:
        return Problem(self.path, self.line, self.column, level, self.rule, self.message, self.section)


class Rule(NamedTuple):
    """A rule id with its default level, the help reports show, and the pass that finds it; each
    family under ``artifactkit.checks`` declares its own, ``artifactkit.checks.rules`` collects them."""

    id: str
    level: str
    summary: str
    help: str
    scope: str = DOCUMENT

    def problem(self, path: str, line: int, column: int, message: str, section: str | None = None) -> Problem:
        """A finding of this rule at its default level (the engine applies the config's and the disable comments)."""
        return Problem(path, line, column, self.level, self.id, message, section)
