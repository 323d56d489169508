"""A fast path for the simplest front matter; anything else goes to ruamel.yaml.

ruamel.yaml's round-trip loader costs ~1 ms for a ten-line front matter (and ~15 ms to import),
more than the rest of a small document's lint. Most front matter is a handful of lines of the
shapes below, which this module reads directly:

* ``key: scalar`` at column 0 (``key`` a plain identifier), optionally ``# comment`` after it;
* scalars: plain (one line), ``'single'`` or ``"double"`` quoted (no backslash escapes), resolved
  with ruamel's YAML 1.2 rules: ``null``/``~``/empty, ``true``/``false``, plain decimal integers,
  ``YYYY-MM-DD`` dates (as their ISO text, as ``frontmatter._plain`` makes of them), else text;
* one-line flow lists of such scalars (``[a, "b", 3]``) and block lists (``- item`` lines below
  an empty ``key:``).

``parse`` returns ``(data, locations)`` exactly as ``frontmatter._plain`` and ``frontmatter._locate``
make them of ruamel's result, or None as soon as it meets anything else (anchors, tags, nested
mappings, multi-line scalars, escapes, floats, octal or hex numbers, timestamps with a time,
duplicate keys, tabs, unusual characters or line breaks...): the caller then asks ruamel. A
scalar that any of ruamel's YAML 1.2 implicit resolvers would make a non-string (the regular
expressions below are copied from ``ruamel/yaml/resolver.py``) is only accepted in the forms
listed above. tests/test_fastyaml_diff.py checks it against ruamel with hypothesis.
"""

from __future__ import annotations

import datetime as dt
import re

# ruamel.yaml resolver.py, YAML 1.2 implicit resolvers (the tag a plain scalar gets)
_FLOAT = re.compile(r'''^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$''', re.X)
_INT = re.compile(r'''^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$''', re.X)
_TIMESTAMP = re.compile(r'''^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$''', re.X)
_NULLS = frozenset(("~", "null", "Null", "NULL"))
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}

# the forms of those accepted here
_SIMPLE_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +|$)")
_ITEM = re.compile(r"( *)- +")
# printable, and no line break other than \n (YAML also breaks lines at \x85, \u2028, \u2029)
_SAFE_LINE = re.compile(r"[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")


class _Fallback(Exception):
    pass


def parse(source: str, offset: int):
    """``(data, locations)`` for the front matter ``source`` whose first line is file line ``offset + 1``
    (0-based index ``offset``), or None when ruamel must read it."""
    try:
        return _parse(source, offset)
    except _Fallback:
        return None


def _lines(source: str) -> list[str]:
    lines = source.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    out = []
    for line in lines:
        if line.endswith("\r"):
            line = line[:-1]
        if not _SAFE_LINE.fullmatch(line):  # tabs, control characters, a lone \r, other line breaks
            raise _Fallback
        out.append(line)
    return out


def _blank(line: str) -> bool:
    stripped = line.lstrip(" ")
    return not stripped or stripped[0] == "#"


def _parse(source: str, offset: int):
    lines = _lines(source)
    data: dict = {}
    locations: dict = {}
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if _blank(line):
            i += 1
            continue
        m = _KEY.match(line)
        if m is None:
            raise _Fallback
        key = m.group(1)
        if key in data or key in _BOOLS or key in _NULLS or len(key) > 128:
            raise _Fallback
        path = ("frontmatter", key)
        locations[path] = (offset + i + 1, 1)
        col = m.end()
        rest = line[col:]
        if rest and rest[0] != "#":
            value, end = _value(line, col, block=True)
            _end_of_line(line, end)
            if isinstance(value, _Flow):
                for index, (_item, item_col) in enumerate(value.items):
                    locations[path + (index,)] = (offset + i + 1, item_col + 1)
                value = [item for item, _ in value.items]
            data[key] = value
            i += 1
            continue
        # an empty value: null, or a block list on the following lines
        i += 1
        items: list = []
        indent = None
        while i < n:
            line = lines[i]
            if _blank(line):
                i += 1
                continue
            m = _ITEM.match(line)
            if m is None:
                if line[0] == " " or line[0] == "-":
                    raise _Fallback  # a continuation, a nested mapping, a "-" without a space...
                break  # the next key
            if indent is None:
                indent = len(m.group(1))
            elif len(m.group(1)) != indent:
                raise _Fallback
            col = m.end()
            if col >= len(line) or line[col] == "#":
                raise _Fallback  # an empty item
            value, end = _value(line, col, block=True)
            if isinstance(value, _Flow):
                raise _Fallback  # a nested list
            _end_of_line(line, end)
            locations[path + (len(items),)] = (offset + i + 1, col + 1)
            items.append(value)
            i += 1
        data[key] = items if indent is not None else None
    return data, locations


class _Flow:
    __slots__ = ("items",)

    def __init__(self, items):
        self.items = items


def _end_of_line(line: str, end: int) -> None:
    """After a value: only spaces, then optionally a comment that starts after a space."""
    rest = line[end:]
    stripped = rest.lstrip(" ")
    if stripped and not (stripped[0] == "#" and len(stripped) < len(rest)):
        raise _Fallback


def _value(line: str, col: int, block: bool):
    """A scalar (or, in block context, a one-line flow list) starting at ``col``: ``(value, end column)``."""
    first = line[col]
    if first == '"':
        close = line.find('"', col + 1)
        if close == -1:
            raise _Fallback
        text = line[col + 1:close]
        if "\\" in text:
            raise _Fallback
        return text, close + 1
    if first == "'":
        j = col + 1
        while True:
            close = line.find("'", j)
            if close == -1:
                raise _Fallback
            if line.startswith("''", close):
                j = close + 2
                continue
            return line[col + 1:close].replace("''", "'"), close + 1
    if first == "[":
        if not block:
            raise _Fallback
        return _flow_list(line, col)
    if block:
        end = line.find(" #", col)
        end = len(line) if end == -1 else end
        text = line[col:end].rstrip(" ")
        if ": " in text or text.endswith(":"):
            raise _Fallback
    else:
        end = col
        while end < len(line) and line[end] not in ",]":
            end += 1
        text = line[col:end].rstrip(" ")
        if any(c in text for c in "[]{}") or ": " in text or text.endswith(":") or " #" in text:
            raise _Fallback
        end = col + len(text)
    if not text:
        raise _Fallback
    if text[0] in _INDICATORS and not _SIMPLE_INT.fullmatch(text):
        raise _Fallback
    return _resolve(text), end


def _resolve(text: str):
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if _SIMPLE_INT.fullmatch(text):
        return int(text)
    m = _DATE.fullmatch(text)
    if m:
        try:
            dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise _Fallback from None
        return text
    if _FLOAT.match(text) or _INT.match(text) or _TIMESTAMP.match(text) or text in ("<<", "="):
        raise _Fallback
    return text


def _flow_list(line: str, col: int):
    items: list = []
    j = col + 1
    n = len(line)
    while j < n and line[j] == " ":
        j += 1
    if j < n and line[j] == "]":
        return _Flow(items), j + 1
    while True:
        if j >= n:
            raise _Fallback  # the list goes on on the next line
        value, end = _value(line, j, block=False)
        items.append((value, j))
        j = end
        while j < n and line[j] == " ":
            j += 1
        if j >= n:
            raise _Fallback
        if line[j] == "]":
            return _Flow(items), j + 1
        if line[j] != ",":
            raise _Fallback
        j += 1
        while j < n and line[j] == " ":
            j += 1
        if j >= n or line[j] in ",]":
            raise _Fallback  # a trailing or doubled comma
