"""Read YAML into plain JSON-like data with positions, by YAML 1.2 rules, through libyaml.

libyaml (PyYAML's C parser) does the parsing; this module builds the data from its event stream
and resolves plain scalars as ruamel.yaml does for YAML 1.2 (``yes``, ``on`` and ``1:30`` stay
text; ``0o17``, ``0x1F``, ``1_000``, ``.inf`` are numbers; dates become ISO text), so front matter,
configs and YAML schemas read the same as before without importing ruamel.yaml (which stays for
round-trip edits). tests/test_yaml12_diff.py compares data and positions with ruamel.yaml.

Events, not ``yaml.compose``: PyYAML's composer recurses once per nesting level in C and crashed
the process (segfault) on 100,000 nested ``[``; libyaml's own cost grows with the square of the
nesting depth. Here the depth is counted as events arrive and reading stops at ``max_depth``; an
alias counts every value it repeats against ``max_nodes``, so an alias bomb stays bounded.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from typing import Any

import yaml
from artifactkit.io.yaml12 import TooBig, YAMLProblem  # one definition of the errors both readers raise

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it

Location = tuple[int, int]  # 0-based line and column in the source

# ruamel.yaml resolver.py: the YAML 1.2 implicit resolvers, in its order
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_FLOAT = re.compile(
    r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
    re.VERBOSE,
)
_INT = re.compile(
    r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""",
    re.VERBOSE,
)
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TIMESTAMP = re.compile(
    r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
    re.VERBOSE,
)
# ruamel.yaml constructor.py: how a timestamp is taken apart
_TIMESTAMP_PARTS = re.compile(
    r"""^(?P<year>[0-9][0-9][0-9][0-9])
       -(?P<month>[0-9][0-9]?)
       -(?P<day>[0-9][0-9]?)
       (?:((?P<t>[Tt])|[ \t]+)
       (?P<hour>[0-9][0-9]?)
       :(?P<minute>[0-9][0-9])
       :(?P<second>[0-9][0-9])
       (?:\.(?P<fraction>[0-9]*))?
        (?:[ \t]*(?P<tz>Z|(?P<tz_sign>[-+])(?P<tz_hour>[0-9][0-9]?)
       (?::(?P<tz_minute>[0-9][0-9]))?))?)?$""",
    re.VERBOSE,
)

_TAG = "tag:yaml.org,2002:"
_CORE_TAGS = frozenset([None, "!"] + [_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")])
_BOOL_WORDS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}


# An unclosed construct is noticed at the next token, often on the next line; the construct itself
# (the context mark) is where the fix goes. Other contexts (a block mapping) start far above the problem.
_OPENER_CONTEXTS = ("while parsing a flow sequence", "while parsing a flow mapping", "while scanning a quoted scalar", "while scanning a simple key")


def _culprit(exc: yaml.MarkedYAMLError):
    if exc.context_mark is not None and (exc.context or "") in _OPENER_CONTEXTS or exc.problem_mark is None:
        return exc.context_mark
    return exc.problem_mark


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
    builder = _Builder(max_nodes, max_depth, prefix, line_offset, locate)
    _run(builder, source, core_tags_only)
    return builder.result, builder.locations


def read_all(source: str, max_nodes: int = 20_000, max_depth: int = 64, locate: bool = False) -> list[tuple[Any, dict]]:
    """``read`` for a stream of several documents (``---`` between them), as a Prometheus rule file
    may hold: ``(data, locations)`` for each. The limits hold for the whole stream, not per document."""
    builder = _Builder(max_nodes, max_depth, (), 0, locate)
    builder.stream = []
    _run(builder, source, False)
    return builder.stream


def _run(builder: _Builder, source: str, core_tags_only: bool) -> None:
    parser = _Loader(source)
    feed = builder.feed
    try:
        while True:
            event = parser.get_event()
            if event.__class__ is yaml.StreamEndEvent:
                break
            if core_tags_only and getattr(event, "tag", None) not in _CORE_TAGS:
                raise YAMLProblem(f"could not determine a constructor for the tag {event.tag!r}", event.start_mark.line)
            feed(event)
    except yaml.MarkedYAMLError as exc:
        mark = _culprit(exc)
        raise YAMLProblem(exc.problem or exc.context or type(exc).__name__, mark.line if mark else 0, mark.column if mark else 0) from None
    except yaml.YAMLError as exc:  # a reader error: a character YAML does not allow
        raise YAMLProblem(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, getattr(getattr(exc, "position", None), "line", 0) or 0) from None
    finally:
        parser.dispose()


class _Frame:
    __slots__ = ("kind", "value", "keys", "anchor", "start", "key", "key_mark", "merges", "size", "locations")

    def __init__(self, kind, anchor, start):
        self.kind = kind  # "seq" or "map"
        self.value: Any = [] if kind == "seq" else {}  # a list or a dict, as ``kind`` says
        self.keys: set = set()  # the keys as read (1 and "1" differ), for duplicates
        self.anchor = anchor
        self.start = start
        self.key = _NO_KEY  # a mapping waiting for its value
        self.key_mark: Any = None  # the yaml.Mark of the waiting key
        self.merges: list = []
        self.size = 1
        self.locations: dict = {}  # positions inside this node, by path relative to it (for its anchor)


_NO_KEY = object()
_MERGE = object()
_EMPTY: dict = {}
_RESOLVABLE_FIRST = frozenset("tTfF-+0123456789.<~nN=")  # a plain scalar starting otherwise is text (see _resolve)


class _Builder:
    def __init__(self, max_nodes, max_depth, prefix, line_offset, locate):
        self.budget = max_nodes
        self.max_nodes = max_nodes
        self.max_depth = max_depth
        self.prefix = prefix
        self.offset = line_offset
        self.locate = locate
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple] = {}  # name -> (value, key form, size, start, inner locations)
        self.documents = 0
        self.result = None
        self.locations: dict = {}
        self.stream: list | None = None  # read_all: every document's (data, locations)

    def feed(self, event) -> None:
        kind = event.__class__
        if kind is yaml.ScalarEvent:
            self._scalar_event(event)
        elif kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
            if len(self.stack) >= self.max_depth:
                raise TooBig(f"nested more than {self.max_depth} levels deep", event.start_mark.line)
            self.stack.append(_Frame("seq" if kind is yaml.SequenceStartEvent else "map", event.anchor, event.start_mark))
        elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            frame = self.stack.pop()
            if frame.kind == "map":
                _merge(frame)
            self._add(frame.value, None, frame.start, frame.locations, frame.anchor, event, cost=1, size=frame.size)
        elif kind is yaml.AliasEvent:
            found = self.anchors.get(event.anchor)
            if found is None:
                raise YAMLProblem(f"found undefined alias {event.anchor!r}", event.start_mark.line)
            value, key, size, start, inner = found
            self._add(value, key, start, inner, None, event, cost=size, size=size)
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1 and self.stream is None:
                raise YAMLProblem("expected a single document in the stream, but found another document", event.start_mark.line)
        elif kind is yaml.DocumentEndEvent and self.stream is not None:
            self.stream.append((self.result, self.locations))
            self.result, self.locations, self.anchors = None, {}, {}  # an anchor belongs to its document

    def _scalar_event(self, event) -> None:
        text = event.value
        if event.tag is None and (not event.implicit[0] or (text and text[0] not in _RESOLVABLE_FIRST)):
            value = key = text  # quoted, or plain text no resolver would take: the common case, kept short
        else:
            value, key = _scalar(event)
        stack = self.stack
        if stack and event.anchor is None and self.budget > 0 and stack[-1].kind == "map" and self._into_map(stack[-1], value, key, event.start_mark):
            return
        self._add(value, key, event.start_mark, _EMPTY, event.anchor, event, cost=1, size=1)

    def _into_map(self, parent: _Frame, value, key, mark) -> bool:
        """The common case inline: a scalar key, or a scalar value under a new text key; False: not that case."""
        if parent.key is _NO_KEY and key != "<<":
            parent.key, parent.key_mark = key, mark
            return True
        name = parent.key
        if name is _MERGE or name is _NO_KEY or name.__class__ is not str or name in parent.keys:
            return False
        self.budget -= 1
        parent.key = _NO_KEY
        parent.size += 1
        parent.keys.add(name)
        parent.value[name] = value
        if self.locate:
            parent.locations[(name,)] = (parent.key_mark.line, parent.key_mark.column)
        return True

    def _add(self, value, key, start, inner, anchor, event, cost: int, size: int) -> None:
        """Put a finished node into its parent (or make it the result); an alias costs every value it repeats."""
        self.budget -= cost
        if self.budget < 0:
            raise TooBig(f"expands to more than {self.max_nodes} values (aliases?)", event.start_mark.line)
        if anchor is not None:
            self.anchors[anchor] = (value, key, size, start, inner)
        if not self.stack:
            self.result = value
            if self.locate:
                self._emit((), inner)
            return
        parent = self.stack[-1]
        parent.size += size
        if parent.kind == "seq":
            index = len(parent.value)
            parent.value.append(value)
            self._place(parent, (index,), start, inner)
            return
        if parent.key is _NO_KEY:  # this node is a key
            if isinstance(value, dict):
                raise YAMLProblem("a mapping cannot be a key here; use text, a number or a date", start.line)
            if isinstance(value, list):
                raise YAMLProblem("a sequence cannot be a key here; use text, a number or a date", start.line)
            if isinstance(value, list):
                key = _sequence_key(value, start)
            parent.key = _MERGE if key == "<<" and _is_merge(event) else (key if key is not None else value)
            parent.key_mark = start
            return
        name = parent.key
        parent.key = _NO_KEY
        if name is _MERGE:
            if parent.merges:
                raise YAMLProblem('found duplicate key "<<"', parent.key_mark.line)
            parent.merges.append(value)
            return
        text = _key_text(name)
        try:
            seen = name in parent.keys
        except TypeError:  # an unhashable key (a list): compared by its text
            name, seen = text, text in parent.keys
        if seen:
            raise YAMLProblem(f'found duplicate key "{text}"', parent.key_mark.line)
        parent.keys.add(name)
        parent.value[text] = value
        self._place(parent, (text,), parent.key_mark, inner)

    def _place(self, parent: _Frame, step: tuple, start, inner: dict) -> None:
        if not self.locate:
            return
        parent.locations[step] = (start.line, start.column)
        if not inner:
            return
        for path, where in inner.items():
            parent.locations[step + path] = where
        if len(parent.locations) > self.max_nodes:
            raise TooBig(f"expands to more than {self.max_nodes} values (aliases?)", start.line)

    def _emit(self, base: tuple, inner: dict) -> None:
        for path, (line, column) in inner.items():
            self.locations[self.prefix + base + path] = (self.offset + line + 1, column + 1)


def _is_merge(event) -> bool:
    return type(event) is yaml.ScalarEvent and event.tag is None and event.implicit[0]


def _merge(frame: _Frame) -> None:
    """``<<: *base`` (or a list of them): keys of the merged mappings that the mapping lacks come after its own."""
    for merged in frame.merges:
        for source in merged if isinstance(merged, list) else [merged]:
            if not isinstance(source, dict):
                raise YAMLProblem("a merge key '<<' needs a mapping or a list of mappings", frame.start.line)
            for name, value in source.items():
                frame.value.setdefault(name, value)


def _sequence_key(items: list, start) -> tuple:
    """A list used as a key reads as ruamel.yaml makes it: the text of a Python tuple of its values."""
    if any(isinstance(item, (list, dict)) for item in items):
        raise YAMLProblem("a list used as a key cannot hold a list or a mapping", start.line)
    return tuple(items)


def _key_text(key) -> str:
    return key if isinstance(key, str) else str(key)


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _scalar(event):
    """``(data value, key form)`` of a scalar: dates are ISO text as data, ``str(date)`` as a key."""
    text, tag = event.value, event.tag
    if tag == "!" or (tag is None and event.implicit[0]):  # ruamel resolves the non-specific '!' like a plain scalar
        tag = _resolve(text)
    elif tag is None:
        return text, text
    try:
        value = _construct(tag, text)
    except ValueError:
        if tag != _TAG + "timestamp" or event.tag is not None:
            raise YAMLProblem(f"cannot read {_short(text)!r} as {tag.rsplit(':', 1)[-1]}", event.start_mark.line) from None
        return text, text  # a plain 2024-13-45 is no date: text, so that the schema reports it at its own line
    except (IndexError, TypeError, OverflowError, UnicodeDecodeError, binascii.Error) as exc:
        raise YAMLProblem(f"cannot read {_short(text)!r} as {tag.rsplit(':', 1)[-1]}: {exc}", event.start_mark.line) from None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat(), value
    return value, value


def _resolve(text: str) -> str:
    """ruamel.yaml tries a resolver only on scalars starting with one of its first characters."""
    first = text[:1]
    if first in "tTfF" and _BOOL.match(text):
        return _TAG + "bool"
    if first in "-+0123456789." and _FLOAT.match(text):
        return _TAG + "float"
    if first in "-+0123456789" and _INT.match(text):
        return _TAG + "int"
    if text == "<<":
        return _TAG + "merge"
    if first in "~nN" and _NULL.match(text):  # "" is in every str, as in ruamel's table
        return _TAG + "null"
    if first in "0123456789" and _TIMESTAMP.match(text):
        return _TAG + "timestamp"
    return _TAG + "str"


def _construct(tag: str, text: str):
    kind = tag[len(_TAG) :] if tag.startswith(_TAG) else None
    if kind == "null":
        return None
    if kind == "bool":
        if text.lower() not in _BOOL_WORDS:
            raise ValueError("not a boolean")
        return _BOOL_WORDS[text.lower()]
    if kind == "int":
        return _int(text)
    if kind == "float":
        return _float(text)
    if kind == "timestamp":
        return _timestamp(text)
    if kind == "binary":
        return str(base64.decodebytes(text.encode("ascii")))
    return text  # str, merge ("<<" as a value), and every other tag: the text as written


MAX_INT_DIGITS = 1000  # 0x and 1000 f's is still far below the 4,300 decimal digits Python prints


def _int(text: str) -> int:  # ruamel.yaml's construct_yaml_int for YAML 1.2
    value = text.replace("_", "")
    sign = -1 if value[0] == "-" else 1
    if value[0] in "+-":
        value = value[1:]
    if value == "0":
        return 0
    if len(value) > MAX_INT_DIGITS:  # 0x + 5000 f's: Python could not even print it, and no field means one
        raise OverflowError(f"an integer of more than {MAX_INT_DIGITS} digits; quote it if it is meant as text")
    for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
        if value.startswith(prefix):
            return sign * int(value[2:], base)
    return sign * int(value)


def _float(text: str) -> float:  # ruamel.yaml's construct_yaml_float for YAML 1.2
    value = text.replace("_", "").lower()
    sign = -1 if value[0] == "-" else 1
    if value[0] in "+-":
        value = value[1:]
    if value == ".inf":
        return sign * float("inf")
    if value == ".nan":
        return float("nan")
    return sign * float(value)


def _timestamp(text: str):  # ruamel.yaml's create_timestamp
    m = _TIMESTAMP_PARTS.match(text)
    if m is None:
        raise ValueError(f'failed to construct timestamp from "{text}"')
    year, month, day = int(m["year"]), int(m["month"]), int(m["day"])
    if m["hour"] is None:
        return dt.date(year, month, day)
    fraction = m["fraction"]
    frac = 0
    if fraction:
        frac = int(fraction[:6].ljust(6, "0"))
        if len(fraction) > 6 and int(fraction[6]) > 4:
            frac += 1
    micro = 0 if frac > 999_999 else frac
    tzinfo = None
    if m["tz_sign"]:
        delta = dt.timedelta(hours=int(m["tz_hour"]), minutes=int(m["tz_minute"]) if m["tz_minute"] else 0)
        tzinfo = dt.timezone(-delta if m["tz_sign"] == "-" else delta, name=m["tz"])
    elif m["tz"] == "Z":
        tzinfo = dt.timezone(dt.timedelta(0), name="Z")
    stamp = dt.datetime(year, month, day, int(m["hour"]), int(m["minute"]), int(m["second"]), micro, tzinfo)
    if frac > 999_999:
        stamp += dt.timedelta(seconds=1)
    return stamp
