"""The frozen record every check produces, and the declaration of the rule it breaks."""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"
LEVELS = (ERROR, WARNING)


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
    """A rule id with its default level and the help reports show; each family under
    ``artifactkit.checks`` declares its own, ``artifactkit.checks.rules.RULES`` collects them."""

    id: str
    level: str
    summary: str
    help: str
