"""Change top-level front-matter keys of a Markdown document, leaving every other byte alone.

ruamel.yaml's parser gives the exact character span of every key and value, whatever their
shape (yamlspans.py): block or flow mapping, explicit ``? key``, anchored, aliased, quoted,
null, ``~``, multi-line. An edit replaces only the span of the value being changed (an anchor on it is
kept), appends to a sequence, or adds a key at the end of the mapping; comments, quoting, key
order, blank lines, line endings and the whole body stay as they were.

Every edit is then checked, not trusted: the edited text is parsed again and must give the old
data with only the intended keys changed, under the same closing fence and the same body.
Anything else (an alias that would follow the new value, a shape the splice cannot express)
is refused with one line before anything is written.

Used by ``artifactkit new --supersedes``, ``status``, ``supersede`` and ``renumber``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from pathlib import Path

from artifactkit.document.yamlspans import Node, structure
from artifactkit.errors import RefusedError, UserError

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from typing import Any


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 16
    return yaml


def _flow_text(value: Any, style: str | None = None) -> str:
    """``value`` as YAML that fits on one line anywhere, block or flow; a string keeps ``style`` quotes."""
    from ruamel.yaml.scalarstring import (
        DoubleQuotedScalarString,
        SingleQuotedScalarString,
    )

    if isinstance(value, str) and style in ('"', "'"):
        value = (DoubleQuotedScalarString if style == '"' else SingleQuotedScalarString)(value)
    yaml = _yaml()
    yaml.default_flow_style = True
    stream = io.StringIO()
    yaml.dump([value], stream)
    text = stream.getvalue().strip()
    inner = text[1:-1] if text.startswith("[") and text.endswith("]") else text
    if "\n" in inner and isinstance(value, str):  # folded quoting: JSON's escapes are valid YAML double quotes
        inner = json.dumps(str(value))
    return inner


def _canon(value: Any, budget: list[int]) -> Any:
    """A hashable form of loaded YAML that tells apart what a reader tells apart (1, True, "1", a date)."""
    from ruamel.yaml.scalarbool import ScalarBoolean

    budget[0] -= 1
    if budget[0] < 0:
        raise _TooBig
    if isinstance(value, Mapping):
        return ("map", frozenset((_canon(k, budget), _canon(v, budget)) for k, v in value.items()))
    if isinstance(value, AbstractSet):
        return ("set", frozenset(_canon(v, budget) for v in value))
    if isinstance(value, (list, tuple)):
        return ("seq", tuple(_canon(v, budget) for v in value))
    if value is None or isinstance(value, bool):
        return ("const", value)
    if isinstance(value, ScalarBoolean):  # an anchored true/false: ruamel's int subclass, still a boolean
        return ("const", bool(value))
    if isinstance(value, int):
        return ("int", int(value))
    if isinstance(value, float):
        return ("float", repr(float(value)))
    if isinstance(value, dt.datetime):
        return ("datetime", value.isoformat())
    if isinstance(value, dt.date):
        return ("date", value.isoformat())
    if isinstance(value, str):
        return ("str", str(value))
    if isinstance(value, bytes):
        return ("bytes", value)
    tag = getattr(value, "tag", None)
    return ("other", type(value).__name__, str(getattr(tag, "value", tag)), str(getattr(value, "value", value)))


class _TooBig(Exception):
    pass


def _data(source: str) -> Any:
    return _yaml().load(source)


def _line_end(line: str) -> str:
    if line.endswith("\r\n"):
        return "\r\n"
    if line.endswith(("\n", "\r")):
        return line[-1]
    return ""


def _line_start(source: str, index: int) -> int:
    """Offset of the first character of the line holding ``source[index]``."""
    i = index
    while i > 0 and source[i - 1] not in "\r\n":
        i -= 1
    return i


def _value_edits(source: str, key: Node, node: Node, current: Any, value: Any) -> list[tuple[int, int, str]]:
    """The splices (start, end, text) that give ``key`` the new ``value`` in place of ``node``.

    A list that keeps the length of the one it replaces, or grows it, is edited item by item,
    so that a block list stays a block list with its comments.
    """
    if isinstance(value, list) and node.kind == "seq" and isinstance(current, list) and len(value) >= len(current) == len(node.items):
        edits = _item_edits(source, node, current, value)
        if edits is not None:
            return edits
    prefix = f"&{node.anchor} " if node.anchor and node.kind != "alias" else ""
    text = prefix + _flow_text(value, node.style if isinstance(current, str) else None)
    if node.kind in ("map", "seq") and not node.flow and not source[_line_start(source, node.start) : node.start].strip():
        # a block collection on its own lines: the new value goes on one indented line instead
        start = _line_start(source, node.start)
        return [(start, node.end, " " * (key.column + 2) + text)]
    if node.start == node.end:  # an empty value (null): its mark may sit after the next comment, so find the ':'
        colon = _colon_after(source, key.end)
        if colon is not None:
            return [(colon + 1, colon + 1, " " + text)]
        return [(key.end, key.end, ": " + text)]
    return [_splice(source, node, text)]


def _splice(source: str, node: Node, text: str) -> tuple[int, int, str]:
    old = source[node.start : node.end]
    tail = old[len(old.rstrip()) :]  # a block scalar's line breaks end the line it is on: keep them
    return node.start, node.end, text + tail


def _item_edits(source: str, node: Node, current: list, value: list) -> list[tuple[int, int, str]] | None:
    """Splices for the items that change and the items added; None when an item cannot be spliced."""
    budget = [_NODE_BUDGET]
    edits = []
    for item, old, new in zip(node.items, current, value):
        if _canon(old, budget) == _canon(new, budget):
            continue
        if item.start == item.end or (item.kind in ("map", "seq") and not item.flow):
            return None  # an empty item or a nested block collection: rewrite the whole list
        prefix = f"&{item.anchor} " if item.anchor and item.kind != "alias" else ""
        edits.append(_splice(source, item, prefix + _flow_text(new, item.style if isinstance(old, str) else None)))
    if len(value) > len(current):
        edits.append(_append_items(source, node, value[len(current) :]))
    return edits


def _colon_after(source: str, index: int) -> int | None:
    """The ':' that follows a key ending at ``index``, past spaces, line breaks and comments."""
    i = index
    while i < len(source):
        char = source[i]
        if char == "#" and (i == 0 or source[i - 1] in " \t\r\n"):
            while i < len(source) and source[i] not in "\r\n":
                i += 1
            continue
        if char not in " \t\r\n":
            return i if char == ":" else None
        i += 1
    return None


def _flow_insert(source: str, node: Node, text: str) -> tuple[int, int, str]:
    """Add ``text`` (items or pairs) at the end of a flow collection: right after its last item, so
    that a comment after it stays on its line, or before the bracket after a trailing comma."""
    if not node.items:
        return node.close, node.close, text
    last = node.items[-1].end
    between = "".join(line.split(" #")[0].split("\t#")[0] for line in source[last : node.close].splitlines(keepends=True))
    if "," in between:
        return node.close, node.close, " " + text
    return last, last, ", " + text


def _append_items(source: str, node: Node, extra: list) -> tuple[int, int, str]:
    items = [_flow_text(v) for v in extra]
    if node.flow:
        return _flow_insert(source, node, ", ".join(items))
    last = node.items[-1]
    dash = source.rfind("-", _line_start(source, last.start), last.start)
    column = dash - _line_start(source, dash) if dash != -1 else node.column
    eol = source.find("\n", last.end)
    at = len(source) if eol == -1 else eol + 1
    newline = "\r\n" if source[:at].endswith("\r\n") else "\n"
    lead = newline if eol == -1 else ""
    return at, at, lead + "".join(" " * column + "- " + item + newline for item in items)


def _new_keys(source: str, root: Node | None, pairs, added: dict[str, Any], newline: str) -> list[tuple[int, int, str]]:
    """Ways to add the missing keys, best-looking first: before trailing blank lines, then at the very end."""
    from artifactkit.document.model import split_lines

    if not added:
        return [(len(source), len(source), "")]
    if root is not None and root.kind == "map" and root.flow:
        return [_flow_insert(source, root, ", ".join(f"{_flow_text(k)}: {_flow_text(v)}" for k, v in added.items()))]
    indent = " " * (root.column if root is not None and pairs else 0)
    lines = "".join(f"{indent}{_flow_text(k)}: {_flow_text(v)}{newline}" for k, v in added.items())
    kept = split_lines(source)
    while kept and not kept[-1].strip():  # before trailing blank lines
        kept.pop()
    end, tail = len(source), len("".join(kept))
    lead = newline if source and not source.endswith(("\n", "\r")) else ""
    ways = [(tail, tail, lines)] if tail != end else []
    return ways + [(end, end, lead + lines)]


_NODE_BUDGET = 20_000  # as in frontmatter.MAX_NODES: an alias bomb is refused, not expanded


def set_frontmatter_text(text: str, values: dict[str, Any], where: str = "document") -> str:
    """Return ``text`` with the given top-level front-matter keys set (added when missing).

    Raises RefusedError (nothing changed) when the edit cannot be made without changing
    anything but those keys, and UserError when the front matter cannot be read.
    """
    from artifactkit.document import frontmatter
    from artifactkit.document.model import split_lines

    bom = "\ufeff" if text.startswith("\ufeff") else ""
    text = text[len(bom) :]
    lines = split_lines(text)
    newline = (_line_end(lines[0]) if lines else "") or "\n"
    span = frontmatter.split(lines)
    if span is None:
        block = "---" + newline + "".join(f"{_flow_text(k)}: {_flow_text(v)}{newline}" for k, v in values.items()) + "---" + newline
        edited = block + text
        _verify(text, edited, {}, values, where)
        return bom + edited
    first, end = span
    if end == -1:
        raise UserError(f"{where}: front matter starts with '---' but is never closed; fix it before editing")
    source = "".join(lines[first:end])
    data, root, pairs = _read_block(source, where)
    edits, added, anchors = _plan(source, data, pairs, values, where)
    if not edits and not added:
        return bom + text
    failure = None
    for addition in _new_keys(source, root, pairs, added, newline):
        new_source = source
        # From the end backwards, so offsets stay valid; new keys first, so that an item appended
        # at the same offset (a block list ending the mapping) lands before them.
        for start, stop, piece in sorted([addition, *edits], key=lambda e: e[0], reverse=True):
            new_source = new_source[:start] + piece + new_source[stop:]
        edited = "".join(lines[:first]) + new_source + "".join(lines[end:])
        failure = _check(text, edited, data, values, anchors)
        if failure is None:
            return bom + edited
    what = ", ".join(f"{k}: {_flow_text(v)}" for k, v in values.items())
    raise RefusedError(f"{where}: refusing to set {what} — {failure}; nothing was changed (edit the front matter by hand)")


def _read_block(source: str, where: str) -> tuple[Mapping, Any, list]:
    """The front matter's data, root node and key/value node pairs; UserError when it cannot be edited."""
    from artifactkit.document import frontmatter

    if len(source) > frontmatter.MAX_SOURCE:
        raise UserError(f"{where}: front matter is over {frontmatter.MAX_SOURCE // 1024} KiB; refusing to edit it")
    try:
        data = _data(source)
        root, pairs = structure(source)
    except RecursionError:
        raise UserError(f"{where}: cannot edit front matter, it is nested too deeply") from None
    except Exception as exc:  # noqa: BLE001 — any YAML error of the user's file: one line, no traceback
        problem = " ".join(str(getattr(exc, "problem", None) or type(exc).__name__).split())
        raise UserError(f"{where}: cannot edit front matter, it is not valid YAML ({problem})") from None
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise UserError(f"{where}: front matter is not a mapping of 'key: value' lines; cannot edit it")
    return data, root, pairs


def _plan(source: str, data: Mapping, pairs: list, values: dict[str, Any], where: str) -> tuple[list[tuple[int, int, str]], dict[str, Any], list[str]]:
    """The splices that set the keys present, the keys to add, and the anchors on edited values."""
    at = {k.value: (k, v) for k, v in pairs if k.kind == "scalar"}
    edits: list[tuple[int, int, str]] = []
    added: dict[str, Any] = {}
    anchors: list[str] = []  # anchors on edited values: an alias elsewhere would follow the new value
    budget = [_NODE_BUDGET]
    try:
        for key, value in values.items():
            if key in data and _canon(data[key], budget) == _canon(value, budget):
                continue
            if key not in at:
                added[key] = value
                continue
            key_node, value_node = at[key]
            edits.extend(_value_edits(source, key_node, value_node, data.get(key), value))
            if value_node.anchor and value_node.kind != "alias":
                anchors.append(f"&{value_node.anchor}")
    except (_TooBig, RecursionError):
        raise RefusedError(f"{where}: front matter expands to too many values (aliases or nesting); refusing to edit it") from None
    return edits, added, anchors


def _verify(old_text: str, edited: str, data, values: dict[str, Any], where: str) -> None:
    failure = _check(old_text, edited, data, values)
    if failure is not None:
        what = ", ".join(f"{k}: {_flow_text(v)}" for k, v in values.items())
        raise RefusedError(f"{where}: refusing to set {what} — {failure}; nothing was changed (edit the front matter by hand)")


def _check(old_text: str, edited: str, old_data: Mapping, values: dict[str, Any], anchors: list[str] | None = None) -> str | None:
    """Why ``edited`` is not ``old_text`` with only ``values`` changed in its front matter, or None."""
    from artifactkit.document import frontmatter
    from artifactkit.document.model import split_lines

    old_lines, new_lines = split_lines(old_text), split_lines(edited)
    old_span, new_span = frontmatter.split(old_lines), frontmatter.split(new_lines)
    if new_span is None or new_span[1] == -1:
        return "the edit would break the front matter's '---' lines"
    old_body = old_lines[old_span[1] :] if old_span else old_lines
    old_head = old_lines[: old_span[0]] if old_span else []
    if new_lines[new_span[1] + (0 if old_span else 1) :] != old_body or (old_span and new_lines[: new_span[0]] != old_head):
        return "the edit would move where the front matter ends"
    try:
        new_data = _data("".join(new_lines[new_span[0] : new_span[1]]))
    except Exception as exc:  # noqa: BLE001 — whatever the parser raises, the splice made invalid YAML
        problem = " ".join(str(getattr(exc, "problem", None) or type(exc).__name__).split())
        return f"the edited front matter would not be valid YAML ({problem})"
    new_data = {} if new_data is None else new_data
    if not isinstance(new_data, Mapping):
        return "the edited front matter would not be a mapping"
    return _changed_values(old_data, new_data, values, anchors)


def _changed_values(old_data: Mapping, new_data: Mapping, values: dict[str, Any], anchors: list[str] | None) -> str | None:
    """Why ``new_data`` is not ``old_data`` with only ``values`` set, or None."""
    budget = [4 * _NODE_BUDGET]
    try:
        for key, value in values.items():
            if key not in new_data or _canon(new_data[key], budget) != _canon(value, budget):
                return f"'{key}' would not read back as {_flow_text(value)}"
        old = {_canon(k, budget): _canon(v, budget) for k, v in old_data.items() if k not in values}
        new = {_canon(k, budget): _canon(v, budget) for k, v in new_data.items() if k not in values}
    except (_TooBig, RecursionError):
        return "the front matter expands to too many values (aliases or nesting)"
    changed = sorted({str(k[1]) for k in old.keys() ^ new.keys()} | {str(k[1]) for k in old.keys() & new.keys() if old[k] != new[k]})
    if changed:
        why = ", ".join(f"'{k}'" for k in changed[:3])
        if anchors:
            return f"it would also change {why}, which reuses the edited value through its anchor {', '.join(anchors)}"
        return f"it would also change {why}"
    return None


def set_frontmatter_values(path: str | Path, values: dict[str, Any]) -> bool:
    """Set top-level front-matter keys of the file at ``path`` in place; return True if it changed.

    The file is rewritten through a temporary file and ``os.replace``; nothing but the changed
    key lines differs afterwards.
    """
    from artifactkit.io.textio import read_document
    from artifactkit.io.writer import atomic_write

    path = Path(path)
    read = read_document(str(path))
    if read.text is None or read.data is None:
        raise UserError(f"{path}: {read.error}")
    raw = read.data.decode("utf-8")  # keep a BOM if the file has one
    new = set_frontmatter_text(raw, values, where=str(path))
    if new == raw:
        return False
    atomic_write(path, new.encode("utf-8"))
    return True
