"""Split YAML front matter off a document and load it as plain JSON data with line numbers.

libyaml's Rust translation reads it (artifactkit.io.yaml12: YAML 1.2 as ruamel.yaml reads it, positions kept, no
Python object built from a tag such as ``!!python/object``); ruamel.yaml is only for edits.
"""

from __future__ import annotations

from artifactkit.record import dataclass, field

MAX_NODES = 20_000  # an alias bomb expands into more nodes than any real front matter has
MAX_DEPTH = 64  # nesting levels; libyaml's cost grows with the square of the depth
MAX_SOURCE = 256 * 1024  # characters; the YAML parser needs seconds per MiB, real front matter is a few KiB

Location = tuple[int, int]  # 1-based line, 1-based column


@dataclass
class FrontMatter:
    """A document's front matter: its data, where the body starts, or what is wrong with it."""

    data: dict = field(default_factory=dict)
    present: bool = False
    body_start: int = 0  # 0-based index of the first body line
    locations: dict[tuple, Location] = field(default_factory=dict)
    error: str | None = None
    error_line: int = 1
    error_column: int = 1
    error_rule: str = "frontmatter-syntax"


def is_fence(line: str) -> bool:
    return line.rstrip("\r\n").rstrip() == "---"


def split(lines: list[str]) -> tuple[int, int] | None:
    """Return (first, end) line indexes of the YAML between the fences, or None if no front matter.

    ``end`` is the index of the closing fence, or -1 when it is missing.
    """
    if not lines or not is_fence(lines[0]):
        return None
    for i in range(1, len(lines)):
        line = lines[i]
        # a fence starts the line (only its end is stripped): most lines are told by their first characters
        if line.startswith(("---", "...")) and line.rstrip("\r\n").rstrip() in ("---", "..."):
            return 1, i
    return 1, -1


def parse(lines: list[str]) -> FrontMatter:
    span = split(lines)
    if span is None:
        return FrontMatter()
    first, end = span
    if end == -1:
        return FrontMatter(
            present=True, error="front matter starts with '---' on line 1 but is never closed — add a closing '---' line", error_rule="frontmatter-unterminated"
        )
    fm = FrontMatter(present=True, body_start=end + 1)
    source = "".join(lines[first:end])
    if not source.strip():
        return fm
    if len(source) > MAX_SOURCE:
        fm.error_line = first + 1
        fm.error = f"front matter is over {MAX_SOURCE // 1024} KiB; refusing to read it (real front matter is a few lines)"
        return fm
    from artifactkit.io import yaml12

    try:
        data, fm.locations = yaml12.read(source, max_nodes=MAX_NODES, max_depth=MAX_DEPTH, prefix=("frontmatter",), line_offset=first, locate=True)
    except yaml12.TooBig as exc:
        fm.locations = {}
        fm.error_line = first + 1 + exc.line
        fm.error = f"front matter {exc.message}; refusing to read it"
        return fm
    except yaml12.YAMLProblem as exc:
        fm.locations = {}
        fm.error_line = first + 1 + exc.line
        fm.error_column = exc.column + 1
        problem = exc.message if len(exc.message) <= 200 else exc.message[:197] + "..."
        fm.error = f"invalid YAML in front matter: {problem} — fix the syntax"
        return fm
    if data is None:
        fm.locations = {}
        return fm
    if not isinstance(data, dict):
        fm.locations = {}
        fm.error_line = first + 1
        fm.error = "front matter must be a YAML mapping of 'key: value' lines"
        return fm
    fm.data = data
    return fm
