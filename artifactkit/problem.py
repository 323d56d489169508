"""The frozen record every check produces, and the declaration of the rule it breaks."""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"
LEVELS = (ERROR, WARNING)
DOCUMENT = "document"  # found in one document, by the per-file pass (cached with the file's result)
REPOSITORY = "repository"  # found across the documents of a run, after every file is linted
ANY = "any"  # found by either pass (type-unknown: a type nobody defined, or a named file no type claims)
SCOPES = (DOCUMENT, REPOSITORY, ANY)


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    level: str
    rule: str
    message: str
    section: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    def with_level(self, level: str) -> Problem:
        return Problem(self.path, self.line, self.column, level, self.rule, self.message, self.section)


@dataclass(frozen=True)
class Rule:
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
