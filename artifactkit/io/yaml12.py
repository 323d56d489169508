"""Read YAML into plain JSON-like data with positions, by YAML 1.2 rules, through libyaml.

``artifactkit._native`` (src/yaml.rs) parses with libyaml's Rust translation (unsafe-libyaml: the
parser, messages and marks PyYAML's CSafeLoader has) and builds the data from its event stream,
resolving plain scalars as ruamel.yaml does for YAML 1.2 (``yes``, ``on`` and ``1:30`` stay text;
``0o17``, ``0x1F``, ``1_000``, ``.inf`` are numbers; dates become ISO text), so front matter,
configs and YAML schemas read as ruamel.yaml read them without importing ruamel.yaml or PyYAML
(~17 ms of every lint run). tests/test_yaml12_diff.py compares data and positions with ruamel.yaml;
tests/test_yaml_native_diff.py with the Python reader this was (tests/yaml12_reference.py).

Events, not a composed tree: the depth is counted as events arrive and reading stops at
``max_depth`` (libyaml's own cost grows with the square of the nesting depth); an alias counts every
value it repeats against ``max_nodes``, so an alias bomb stays bounded.
"""

from __future__ import annotations

from artifactkit import _native

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from typing import Any

Location = tuple[int, int]  # 0-based line and column in the source

MAX_INT_DIGITS = 1000  # 0x and 1000 f's is still far below the 4,300 decimal digits Python prints


class YAMLProblem(Exception):
    """Unreadable YAML: ``message`` (one line) and the 0-based ``line`` and ``column`` of the source it is about."""

    def __init__(self, message: str, line: int = 0, column: int = 0):
        super().__init__(message)
        self.message = " ".join(str(message).split())
        self.line = line
        self.column = column


class TooBig(YAMLProblem):
    """More values (aliases repeat theirs) or deeper nesting than the caller allows."""


def load_data(source: str, max_nodes: int = 200_000, max_depth: int = 64, core_tags_only: bool = False):
    """The data of a whole YAML file (None when it holds no document)."""
    return read(source, max_nodes=max_nodes, max_depth=max_depth, core_tags_only=core_tags_only)[0]


def read(
    source: str, max_nodes: int = 20_000, max_depth: int = 64, prefix: tuple = (), line_offset: int = 0, locate: bool = False, core_tags_only: bool = False
):
    """``(data, locations)``: data as JSON-like values (dates as ISO text, keys as text) and, when
    ``locate``, the position of every mapping key and sequence item as ``prefix + path -> (line,
    column)``, both 1-based, lines counted from ``line_offset``. Raises YAMLProblem.

    Front matter keeps the text of a value with an unknown tag (as ruamel's round-trip loader did);
    ``core_tags_only`` (configs, schemas: as ruamel's safe loader did) refuses any tag outside
    YAML's core schema, such as ``!!python/object/apply``."""
    result, problem = _native.yaml_read(source, max_nodes, max_depth, tuple(prefix), line_offset, locate, core_tags_only)
    _raise(problem)
    return result


def read_all(source: str, max_nodes: int = 20_000, max_depth: int = 64, locate: bool = False) -> list[tuple[Any, dict]]:
    """``read`` for a stream of several documents (``---`` between them), as a Prometheus rule file
    may hold: ``(data, locations)`` for each. The limits hold for the whole stream, not per document."""
    documents, problem = _native.yaml_read_all(source, max_nodes, max_depth, locate)
    _raise(problem)
    return documents


def _raise(problem: tuple[bool, str, int, int] | None) -> None:
    if problem is not None:
        too_big, message, line, column = problem
        raise (TooBig if too_big else YAMLProblem)(message, line, column)
