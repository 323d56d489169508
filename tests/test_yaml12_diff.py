"""Differential tests: artifactkit.io.yaml12 (libyaml) reads YAML exactly as ruamel.yaml does.

The reference is what the front-matter reader made of ruamel.yaml's round-trip loader before
(``plain`` and ``locate`` below are the old ``frontmatter._plain`` and ``frontmatter._locate``):
data and the positions of keys and items must be equal, and whenever ruamel.yaml refuses the
input, yaml12 must refuse it too. The generators vary the structure (nested block and flow
collections, anchors and aliases, merge keys, tags, multi-line and quoted scalars, comments,
CRLF), not only the values.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings

import pytest
from conftest import bench_corpus, scaled
from docfactory import TYPES, document
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from artifactkit.document import frontmatter
from artifactkit.document.model import split_lines
from artifactkit.io import yaml12

SETTINGS = settings(max_examples=scaled(500), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def plain(value):
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
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


def locate(node, prefix: tuple, offset: int, out: dict) -> None:
    lc = getattr(node, "lc", None)
    if lc is None:
        return
    if isinstance(node, dict):
        for key, value in node.items():
            try:
                lc.value(key)
                kline, kcol = lc.key(key)
            except (KeyError, TypeError, AttributeError):  # merged keys ('<<') have no position (the old code crashed here)
                continue
            path = prefix + (str(key),)
            out[path] = (offset + kline + 1, kcol + 1)
            locate(value, path, offset, out)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            try:
                line, col = lc.item(i)
            except (KeyError, TypeError, AttributeError):
                continue
            path = prefix + (i,)
            out[path] = (offset + line + 1, col + 1)
            locate(value, path, offset, out)


def ruamel(source: str, first: int):
    """(data, locations) as ruamel.yaml reads ``source``, or None when it refuses it."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import ReusedAnchorWarning

    yaml = YAML(typ="rt")
    yaml.Constructor = lenient_timestamps()
    try:
        with warnings.catch_warnings():  # a reused anchor is legal YAML 1.2; ruamel only warns of it
            warnings.simplefilter("ignore", ReusedAnchorWarning)
            loaded = yaml.load(source)
        data = plain(loaded)
    except Exception:  # ruamel raises many error types; any of them is a refusal
        return None
    locations: dict = {}
    locate(loaded, ("frontmatter",), first, locations)
    return data, locations


def lenient_timestamps():
    """ruamel's constructor, except that a plain scalar shaped like a date that is none (2024-13-45)
    stays text, as the front-matter reader keeps it (the schema then reports it at its line)."""
    from ruamel.yaml.constructor import RoundTripConstructor

    class Constructor(RoundTripConstructor):
        def construct_yaml_timestamp(self, node, values=None):
            try:
                return super().construct_yaml_timestamp(node, values)
            except ValueError:
                if node.tag != "tag:yaml.org,2002:timestamp" or "!!timestamp" in (node.start_mark.buffer or "")[node.start_mark.index - 12:node.start_mark.index]:
                    raise
                return self.construct_scalar(node)

    Constructor.add_constructor("tag:yaml.org,2002:timestamp", Constructor.construct_yaml_timestamp)
    return Constructor


# refused on purpose where ruamel reads: a mapping or a sequence as a key (ruamel makes text of an ordereddict's repr), and
# every duplicate key (ruamel refuses them too, except some tagged ones: '!!str k:' twice)
ON_PURPOSE = ("a mapping cannot be a key", "a sequence cannot be a key", "found duplicate key")


def ours(source: str, first: int):
    try:
        return yaml12.read(source, max_nodes=10**6, max_depth=200, prefix=("frontmatter",), line_offset=first, locate=True)
    except yaml12.YAMLProblem as exc:
        return "on purpose" if exc.message.startswith(ON_PURPOSE) else None


def ruamel_parser_refuses(source: str) -> bool:
    from ruamel.yaml import YAML

    try:
        list(YAML(typ="rt").parse(source))
    except Exception:
        return True
    return False


def libyaml_refuses(source: str) -> bool:
    import yaml

    try:
        list(yaml.parse(source, Loader=yaml.CSafeLoader))
    except yaml.YAMLError:
        return True
    return False


def same(a, b) -> bool:
    """Equality that takes NaN as equal to itself."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def agrees(source: str, first: int = 1) -> None:
    expected, got = ruamel(source, first), ours(source, first)
    if got == "on purpose":
        return
    if expected is None:  # libyaml may read what ruamel's parser refuses (a tab after 'key:'), never what its constructor does
        assert got is None or ruamel_parser_refuses(source), f"ruamel refuses, yaml12 reads {got!r}: {source!r}"
        return
    if got is None:  # allowed only where libyaml's parser itself is stricter than ruamel's (e.g. ': x', an empty key)
        assert libyaml_refuses(source), f"yaml12 refuses what ruamel and libyaml read: {source!r}"
        return
    assert same(got[0], expected[0]), (source, got[0], expected[0])
    assert got[1] == expected[1], (source, got[1], expected[1])


# --- scalars -------------------------------------------------------------------------------------

SCALARS = [
    "", "x", "Accepted", "Ada Lovelace", "@team", "it's", "a:b", "a #b", "a#b", "https://e.com/a?b=c#d",
    "1", "0", "-3", "-0", "+1", "007", "08", "00", "1_000", "_", "0x1F", "+0x1F", "0x_", "0o17", "0o", "0b101", "-0b11",
    "1.5", "1.", "0.", "-.5", "1e3", "1E3", "1e+3", ".5", "._5", "1_0.5", ".inf", "-.inf", "+.inf", ".Inf", ".nan", ".NaN",
    "1/3/2025", "2026-11-23", "2026-02-30", "0000-01-01", "2026-1-1", "2026-11-23 10:00:00", "2026-11-23T10:00:00Z",
    "2026-11-23t10:00:00.5+02:00", "2026-11-23 10:00:00 -5", "2026-11-23T10:00:00.123456789Z", "2026-11-23T10:00:00.9999999",
    "12:30", "1:20:30", "true", "True", "TRUE", "tRue", "false", "yes", "no", "on", "off", "y", "n", "null", "Null", "NULL",
    "~", "=", "<<", "-", "--", "?", ":", "|", ">", "%x", "`x`", "é ü 中文", "emoji 🎉",
    "!!str 1", "!!int '7'", "!!int 0x10", "!tag x", "!!float 1", "!!bool yes", "!!null ''", "!!timestamp 2020-01-01",
    "!!binary aGk=", "!!python/object x", "! 12", "'q'", "\"q\"", "\"a\\tb\"", "\"\\u00e9\"", "''", "'a''b'", "\"\"",
]


def _text(alphabet: str):
    return st.text(alphabet=alphabet, max_size=6)


scalar = st.sampled_from(SCALARS) | _text("aZ09 -_:#'\",[]{}!&*|>%@`~.+/\\é\t")
plain_key = st.sampled_from(["type", "status", "date", "tags", "a_b", "a-b", "x1", "true", "null", "1", "1.5", "2020-01-01",
                             "x y", "é", "<<", "'q'", "\"q\"", "? k", "[a]", "!!str k", "~"]) | _text("abk_-é1 ")


@st.composite
def node(draw, indent: int, depth: int):
    """A block-context value (text after 'key:' or '- ') with the lines it needs."""
    kind = draw(st.sampled_from(["scalar", "scalar", "scalar", "flow", "map", "seq", "literal", "folded", "multiline", "anchor"]
                                if depth < 3 else ["scalar", "flow"]))
    pad = " " * indent
    if kind == "scalar":
        return " " + draw(scalar)
    if kind == "flow":
        return " " + draw(flow(2))
    if kind == "map":
        return "\n" + draw(mapping(indent + draw(st.sampled_from([1, 2, 4])), depth + 1))
    if kind == "seq":
        inner = indent + draw(st.sampled_from([0, 2]))
        return "\n" + draw(sequence(inner, depth + 1))
    if kind in ("literal", "folded"):
        head = ("|" if kind == "literal" else ">") + draw(st.sampled_from(["", "-", "+", "2"]))
        body = draw(st.lists(st.sampled_from(["text", "  more", "", "a: b", "# not a comment"]), min_size=1, max_size=3))
        return " " + head + "".join("\n" + pad + "  " + b for b in body)
    if kind == "multiline":
        return " " + draw(st.sampled_from(["a", "'a", "\"a"])) + "\n" + pad + "  " + draw(st.sampled_from(["b", "b'", "b\""]))
    name = draw(st.sampled_from(["a", "b"]))
    return draw(st.sampled_from([f" &{name}", f" *{name}", f" &{name} x", f" *{name} "])) + (
        draw(node(indent, depth + 1)) if draw(st.booleans()) else "")


@st.composite
def flow(draw, depth: int):
    if depth == 0 or draw(st.booleans()):
        return draw(st.sampled_from(["x", "1", "'a, b'", "\"q\"", "null", "2026-11-23", "*a", "&b y", "!!str 3", "", "a: 1"]))
    items = draw(st.lists(flow(depth - 1), max_size=3))
    if draw(st.booleans()):
        return "[" + draw(st.sampled_from([", ", ",", " , "])).join(items) + draw(st.sampled_from(["]", ",]", " ]"]))
    pairs = [f"k{i}: {v}" if draw(st.booleans()) else str(v) for i, v in enumerate(items)]
    return "{" + ", ".join(pairs) + "}"


@st.composite
def mapping(draw, indent: int, depth: int):
    pad = " " * indent
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        key = draw(plain_key)
        sep = draw(st.sampled_from([":", ":", ": ", " :"]))
        lines.append(pad + key + sep + draw(node(indent, depth)) + draw(st.sampled_from(["", "", " # c", "  "])))
        if draw(st.integers(0, 6)) == 0:
            lines.append(draw(st.sampled_from(["", "# comment", pad + "# c", pad + "<<: *a", "   "])))
    return "\n".join(lines)


@st.composite
def sequence(draw, indent: int, depth: int):
    pad = " " * indent
    lines = []
    for _ in range(draw(st.integers(1, 3))):
        dash = draw(st.sampled_from(["-", "- ", "-  "]))
        lines.append(pad + dash + draw(node(indent + 2, depth)).lstrip(" ") if dash != "-" else pad + "-" + draw(node(indent + 2, depth)))
    return "\n".join(lines)


@st.composite
def yaml_document(draw):
    text = draw(mapping(0, 0))
    ending = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    return text.replace("\n", ending) + ending


@SETTINGS
@given(yaml_document())
@example("type: adr\nstatus: Accepted\ndeciders:\n  - Ada\n  - 'Grace'\ntags: [a, \"b\", 3]\n")
@example("a: &x {k: 1}\nb: *x\nc:\n  <<: *x\n  d: 2\n")
@example("a: 2026-02-30\n")
@example("a: 1\na: 2\n")
@example("1: a\n'1': b\n")
@example("x: - a\n")
@example("k: [a, [b, {c: d}]]\n")
def test_structured_yaml_reads_as_ruamel_reads_it(source):
    agrees(source)


# --- line soup: near misses of simple front matter --------------------------------------------------

@st.composite
def line(draw):
    kind = draw(st.sampled_from(["key", "key", "key", "item", "item", "comment", "blank", "indented", "raw"]))
    if kind == "key":
        key = draw(plain_key)
        sep = draw(st.sampled_from([": ", ": ", ":", ":  ", " : ", ":\t"]))
        return key + sep + draw(scalar) + draw(st.sampled_from(["", "", " # note", "  ", "#x"]))
    if kind == "item":
        indent = draw(st.sampled_from(["", "  ", "  ", "    ", " "]))
        dash = draw(st.sampled_from(["- ", "- ", "-  ", "-", "-\t"]))
        return indent + dash + draw(scalar) + draw(st.sampled_from(["", "", " # note"]))
    if kind == "comment":
        return draw(st.sampled_from(["#", "# c", "  # c", "#: x"]))
    if kind == "blank":
        return draw(st.sampled_from(["", " ", "   "]))
    if kind == "indented":
        return draw(st.sampled_from(["  ", "    ", " "])) + draw(scalar)
    return draw(st.sampled_from(["--- x", "? a", ": b", "- a: b", "{a: 1}", "[a]", "a: b: c", "a:\u0085b", "a: b\u2028c"]))


@SETTINGS
@given(st.lists(line(), min_size=1, max_size=8), st.sampled_from(["\n", "\r\n"]))
def test_line_soup_reads_as_ruamel_reads_it(lines, ending):
    agrees("".join(ln + ending for ln in lines))


@pytest.mark.parametrize("type_name", TYPES)
def test_documents_of_every_type(type_name):
    lines = split_lines(document(type_name))
    first, end = frontmatter.split(lines)
    agrees("".join(lines[first:end]), first)
    assert ours("".join(lines[first:end]), first)[0]["type"] == type_name


def test_bench_corpus_front_matter(tmp_path):
    files = bench_corpus(tmp_path, 3)
    assert len(files) == 18
    for path in files:
        lines = split_lines(path.read_text(encoding="utf-8"))
        first, end = frontmatter.split(lines)
        agrees("".join(lines[first:end]), first)


# --- bounds ----------------------------------------------------------------------------------------

def test_an_alias_bomb_is_refused_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8))
    fm = frontmatter.parse(split_lines("---\n" + bomb + "---\n# T\n"))
    assert fm.error and "more than 20000 values" in fm.error
    assert fm.data == {}


@pytest.mark.parametrize("opener", ["[", "{a: ", "- "])
def test_deep_nesting_is_refused_without_crashing(opener):
    """PyYAML's compose() segfaulted at 100k nested '[' and libyaml slows with depth squared."""
    depth = {"[": 100_000, "{a: ": 50_000, "- ": 300}[opener]  # each under the 256 KiB front-matter limit
    text = ("k:\n" if opener == "- " else "k: ") + opener * depth + "x"
    fm = frontmatter.parse(split_lines("---\n" + text + "\n---\n# T\n"))
    assert fm.error and ("nested more than 64 levels" in fm.error or "exceeded maximum nesting depth" in fm.error)  # ours or libyaml's own
    assert fm.data == {} and fm.error_line == text.count("\n") + 2


def test_yaml_12_scalars_stay_text():
    data, _ = yaml12.read("a: yes\nb: on\nc: 1:30\nd: 0o17\ne: 2026-11-23\nf: !!python/object:os.system id\n")
    assert data == {"a": "yes", "b": "on", "c": "1:30", "d": 15, "e": "2026-11-23", "f": "id"}
