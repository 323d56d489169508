"""Split YAML front matter off a document and load it as plain JSON data with line numbers.

ruamel.yaml's round-trip loader is used because it keeps positions (``.lc``) and never
constructs Python objects from tags such as ``!!python/object``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

MAX_NODES = 20_000  # an alias bomb expands into more nodes than any real front matter has
MAX_SOURCE = 256 * 1024  # characters; the YAML parser needs seconds per MiB, real front matter is a few KiB

Location = tuple[int, int]  # 1-based line, 1-based column


@dataclass
class FrontMatter:
    data: dict = field(default_factory=dict)
    present: bool = False
    body_start: int = 0  # 0-based index of the first body line
    locations: dict[tuple, Location] = field(default_factory=dict)
    error: str | None = None
    error_line: int = 1
    error_rule: str = "frontmatter-syntax"


class _TooBig(Exception):
    pass


def is_fence(line: str) -> bool:
    return line.rstrip("\r\n").rstrip() == "---"


def split(lines: list[str]) -> tuple[int, int] | None:
    """Return (first, end) line indexes of the YAML between the fences, or None if no front matter.

    ``end`` is the index of the closing fence, or -1 when it is missing.
    """
    if not lines or not is_fence(lines[0]):
        return None
    for i in range(1, len(lines)):
        stripped = lines[i].rstrip("\r\n").rstrip()
        if stripped in ("---", "..."):
            return 1, i
    return 1, -1


def parse(lines: list[str]) -> FrontMatter:
    span = split(lines)
    if span is None:
        return FrontMatter()
    first, end = span
    if end == -1:
        return FrontMatter(present=True, error="front matter starts with '---' on line 1 but is never closed — add a closing '---' line", error_rule="frontmatter-unterminated")
    fm = FrontMatter(present=True, body_start=end + 1)
    source = "".join(lines[first:end])
    if not source.strip():
        return fm
    if len(source) > MAX_SOURCE:
        fm.error_line = first + 1
        fm.error = f"front matter is over {MAX_SOURCE // 1024} KiB; refusing to read it (real front matter is a few lines)"
        return fm
    fast = _fast(source, first)
    if fast is not None:  # simple `key: value` front matter, read as ruamel would (see artifactkit.document.fastyaml)
        fm.data, fm.locations = fast
        return fm
    try:
        loaded = _load(source)
    except RecursionError:
        fm.error_line = first + 1
        fm.error = "front matter is nested too deeply to read"
        return fm
    except Exception as exc:  # ruamel raises many error types on hostile YAML; all become a problem
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        fm.error_line = first + 1 + (mark.line if mark is not None else 0)
        problem = getattr(exc, "problem", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
        problem = " ".join(str(problem).split())  # one line even when it quotes a multi-line value
        problem = problem if len(problem) <= 200 else problem[:197] + "..."
        fm.error = f"invalid YAML in front matter: {problem} — fix the syntax"
        return fm
    if loaded is None:
        return fm
    if not isinstance(loaded, dict):
        fm.error_line = first + 1
        fm.error = "front matter must be a YAML mapping of 'key: value' lines"
        return fm
    try:
        budget = [MAX_NODES]
        fm.data = _plain(loaded, budget)
        _locate(loaded, ("frontmatter",), first, fm.locations)
    except (_TooBig, RecursionError):
        fm.data = {}
        fm.locations = {}
        fm.error_line = first + 1
        fm.error = f"front matter expands to more than {MAX_NODES} values (aliases or deep nesting); refusing to read it"
    return fm


USE_FAST_PATH = True  # tests turn it off to compare with ruamel


def _fast(source: str, first: int):
    if not USE_FAST_PATH:
        return None
    from artifactkit.document import fastyaml

    found = fastyaml.parse(source, first)
    if found is not None and 1 + len(found[0]) + sum(len(v) for v in found[0].values() if isinstance(v, list)) > MAX_NODES:
        return None  # ruamel's path reports it
    return found


def _load(source: str):
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.Constructor = _constructor()
    return yaml.load(source)


def _constructor():
    """ruamel's round-trip constructor, except that a timestamp that is no real date (``2024-13-45``)
    stays text: the schema then reports it at its own line, where ruamel's ValueError has no line."""
    from ruamel.yaml.constructor import RoundTripConstructor

    class Constructor(RoundTripConstructor):
        def construct_yaml_timestamp(self, node, values=None):
            try:
                return super().construct_yaml_timestamp(node, values)
            except ValueError:
                return self.construct_scalar(node)

    Constructor.add_constructor("tag:yaml.org,2002:timestamp", Constructor.construct_yaml_timestamp)
    return Constructor


def _plain(value, budget: list[int]):
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooBig
    if isinstance(value, dict):
        return {str(k) if not isinstance(k, str) else str(k): _plain(v, budget) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v, budget) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    inner = getattr(value, "value", None)  # TaggedScalar: keep the text, drop the tag
    return str(inner if inner is not None else value)


def _locate(node, prefix: tuple, offset: int, out: dict) -> None:
    lc = getattr(node, "lc", None)
    if lc is None:
        return
    if isinstance(node, dict):
        for key, value in node.items():
            try:
                line, col = lc.value(key)
            except (KeyError, TypeError, AttributeError):
                continue
            kline, kcol = lc.key(key)
            path = prefix + (str(key),)
            out[path] = (offset + kline + 1, kcol + 1)
            _locate(value, path, offset, out)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            try:
                line, col = lc.item(i)
            except (KeyError, TypeError, AttributeError):
                continue
            path = prefix + (i,)
            out[path] = (offset + line + 1, col + 1)
            _locate(value, path, offset, out)
