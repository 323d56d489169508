"""Change top-level front-matter keys of a Markdown document, leaving every other byte alone.

The front matter is read with ruamel.yaml's round-trip loader, which gives the exact line and
column of each key and value. Only the lines (or, for a one-line value, only the value
itself) of the keys being changed are rewritten, each new value dumped by ruamel.yaml; new
keys go on new lines before the closing ``---``. Comments, quoting, key order, blank lines,
line endings and the whole body stay byte-for-byte as they were.

Used by ``artifactkit new --supersedes`` and reusable by any command that edits a status.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from artifactkit.errors import UserError


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 16
    return yaml


def _dump_pair(key: str, value: Any, newline: str) -> list[str]:
    """``key: value`` as ruamel.yaml writes it, split into lines with the document's newline."""
    from ruamel.yaml.comments import CommentedMap

    stream = io.StringIO()
    data = CommentedMap()
    data[key] = value
    _yaml().dump(data, stream)
    text = stream.getvalue()
    if text.endswith("...\n"):  # a bare top-level scalar document end marker never appears for a mapping, but be safe
        text = text[: -len("...\n")]
    return [line + newline for line in text.splitlines()]


def _scalar_text(key: str, value: Any) -> str | None:
    """The value part of a one-line ``key: value`` dump, or None when ruamel needs several lines."""
    lines = _dump_pair(key, value, "\n")
    if len(lines) != 1:
        return None
    line = lines[0].rstrip("\n")
    prefix_len = len(_dump_pair(key, "x", "\n")[0]) - 2  # "key: x" minus "x\n" -> length of the "key: " prefix
    return line[prefix_len:]


def _value_end(content: str, start: int) -> int:
    """End index of a one-line YAML scalar starting at ``start`` (before trailing spaces and comment)."""
    if start >= len(content):
        return start
    quote = content[start]
    if quote == '"':
        i = start + 1
        while i < len(content):
            if content[i] == "\\":
                i += 2
                continue
            if content[i] == '"':
                return i + 1
            i += 1
        return len(content)
    if quote == "'":
        i = start + 1
        while i < len(content):
            if content[i] == "'":
                if i + 1 < len(content) and content[i + 1] == "'":
                    i += 2
                    continue
                return i + 1
            i += 1
        return len(content)
    end = len(content)
    for marker in (" #", "\t#"):
        found = content.find(marker, start)
        if found != -1:
            end = min(end, found)
    return len(content[:end].rstrip(" \t"))


def _line_end(line: str) -> str:
    if line.endswith("\r\n"):
        return "\r\n"
    if line.endswith("\n") or line.endswith("\r"):
        return line[-1]
    return ""


def set_frontmatter_text(text: str, values: dict[str, Any], where: str = "document") -> str:
    """Return ``text`` with the given top-level front-matter keys set (added when missing)."""
    from artifactkit.document import frontmatter
    from artifactkit.document.model import split_lines

    bom = "\ufeff" if text.startswith("\ufeff") else ""
    text = text[len(bom):]
    lines = split_lines(text)
    newline = (_line_end(lines[0]) if lines else "") or "\n"
    span = frontmatter.split(lines)
    if span is None:
        block = ["---" + newline]
        for key, value in values.items():
            block.extend(_dump_pair(key, value, newline))
        block.append("---" + newline)
        return bom + "".join(block) + text
    first, end = span
    if end == -1:
        raise UserError(f"{where}: front matter starts with '---' but is never closed; fix it before editing")
    ylines = lines[first:end]
    try:
        data = _yaml().load("".join(ylines))
    except Exception as exc:  # any YAML error of the user's file: one line, no traceback
        raise UserError(f"{where}: cannot edit front matter, it is not valid YAML ({getattr(exc, 'problem', None) or type(exc).__name__})") from None
    from ruamel.yaml.comments import CommentedMap

    if data is None:
        data = CommentedMap()
    if not isinstance(data, CommentedMap):  # the round-trip loader's mapping, which knows its lines
        raise UserError(f"{where}: front matter is not a mapping of 'key: value' lines; cannot edit it")
    keys = list(data.keys())
    key_lines = {k: data.lc.key(k)[0] for k in keys}
    replacements: dict[int, tuple[int, list[str]]] = {}  # first line -> (end line, new lines)
    appended: list[str] = []
    for key, value in values.items():
        if key not in data:
            appended.extend(_dump_pair(key, value, newline))
            continue
        current = data[key]
        value = _keep_quoting(current, value)
        if _same(current, value):
            continue
        start = key_lines[key]
        later = sorted(line for line in key_lines.values() if line > start)
        stop = later[0] if later else len(ylines)
        while stop - 1 > start and _is_blank_or_comment(ylines[stop - 1]):
            stop -= 1
        new_scalar = _scalar_text(key, value)
        if stop == start + 1 and not isinstance(current, (dict, list)) and new_scalar is not None:
            line = ylines[start]
            ending = _line_end(line)
            content = line[: len(line) - len(ending)]
            vline, vcol = data.lc.value(key)
            if current is None:
                colon = content.find(":", data.lc.key(key)[1])
                rest = content[colon + 1:]
                rest = rest if rest.strip() else ""
                replacements[start] = (start + 1, [content[: colon + 1] + " " + new_scalar + rest + ending])
                continue
            if vline == start:
                vend = _value_end(content, vcol)
                replacements[start] = (start + 1, [content[:vcol] + new_scalar + content[vend:] + ending])
                continue
        indent = " " * data.lc.key(key)[1]
        replacements[start] = (stop, [indent + ln for ln in _dump_pair(key, value, newline)])
    if not replacements and not appended:
        return bom + text
    out: list[str] = []
    i = 0
    while i < len(ylines):
        if i in replacements:
            stop, new = replacements[i]
            out.extend(new)
            i = stop
        else:
            out.append(ylines[i])
            i += 1
    if appended:
        if out and not _line_end(out[-1]):
            out[-1] += newline
        insert_at = len(out)
        while insert_at > 0 and not out[insert_at - 1].strip():
            insert_at -= 1
        out[insert_at:insert_at] = appended
    return bom + "".join(lines[:first]) + "".join(out) + "".join(lines[end:])


def _is_blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _keep_quoting(current: Any, value: Any) -> Any:
    """A new string value keeps the quote style of the value it replaces."""
    from ruamel.yaml.scalarstring import (
        DoubleQuotedScalarString,
        SingleQuotedScalarString,
    )

    if isinstance(value, str) and isinstance(current, (DoubleQuotedScalarString, SingleQuotedScalarString)):
        return type(current)(value)
    return value


def _same(current: Any, value: Any) -> bool:
    if current is None or value is None or isinstance(current, bool) or isinstance(value, bool):
        return current is value
    if isinstance(current, str) and isinstance(value, str):
        return str(current) == str(value)
    if isinstance(current, int) and isinstance(value, int):
        return int(current) == int(value)
    return False


def set_frontmatter_values(path: str | Path, values: dict[str, Any]) -> bool:
    """Set top-level front-matter keys of the file at ``path`` in place; return True if it changed.

    The file is rewritten through a temporary file and ``os.replace``; nothing but the changed
    key lines differs afterwards.
    """
    from artifactkit.io.textio import read_document
    from artifactkit.io.writer import atomic_write

    path = Path(path)
    read = read_document(str(path))
    if read.text is None:
        raise UserError(f"{path}: {read.error}")
    raw = read.data.decode("utf-8")  # keep a BOM if the file has one
    new = set_frontmatter_text(raw, values, where=str(path))
    if new == raw:
        return False
    atomic_write(path, new.encode("utf-8"))
    return True
