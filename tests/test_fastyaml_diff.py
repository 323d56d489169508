"""Differential tests: artifactkit.document.fastyaml reads simple front matter exactly as ruamel.yaml does.

Whenever the fast path answers (instead of deferring to ruamel with None), its data and positions
must equal what ``frontmatter._plain`` and ``frontmatter._locate`` make of ruamel's result, and
ruamel must not have raised an error on that input.
"""

from __future__ import annotations


import pytest
from conftest import bench_corpus, scaled
from docfactory import TYPES, document
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from artifactkit.document import fastyaml, frontmatter
from artifactkit.document.model import split_lines

EXAMPLES = scaled(600)
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def ruamel(source: str, first: int):
    loaded = frontmatter._load(source)
    if loaded is None:
        return {}, {}
    data = frontmatter._plain(loaded, [10**9])
    locations: dict = {}
    frontmatter._locate(loaded, ("frontmatter",), first, locations)
    return data, locations


def agrees(source: str, first: int = 1) -> bool:
    """True if the fast path answered (and agreed with ruamel), False if it deferred."""
    fast = fastyaml.parse(source, first)
    if fast is None:
        return False
    assert fast == ruamel(source, first), source  # ruamel raising here fails the test too
    return True


# --- generated front matter: the accepted shapes, and many near misses --------------------------

SCALARS = [
    "", "x", "Accepted", "Ada Lovelace", "@team", "it's", "a:b", "a: b", "a #b", "a#b", "x:", "https://e.com/a?b=c#d",
    "1", "0", "-3", "-0", "+1", "007", "1_000", "0x1F", "0o17", "0b101", "1.5", "1e3", ".5", ".inf", "-.inf", ".nan",
    "1/3/2025", "2026-11-23", "2026-02-30", "0000-01-01", "2026-1-1", "2026-11-23 10:00:00", "2026-11-23T10:00:00Z",
    "12:30", "1:20:30", "true", "True", "TRUE", "tRue", "false", "yes", "no", "on", "off", "y", "n", "null", "Null", "NULL",
    "~", "=", "<<", "-", "--", "- x", "?", "? x", ":", "!tag x", "!!str 1", "&a x", "*a", "|", ">", "%x", "`x`", "{a: 1}",
    "[a, b]", "[]", "[ ]", "[a,]", "[a,,b]", "[a, [b]]", "[a: 1]", "[\"a, b\", 'c']", "['it''s', 2]", "[1, 2026-11-23, null]",
    "[x #c]", "[x, y", "\"q\"", "\"a\\tb\"", "\"\"", "''", "'a''b'", "'a'b", "\"a\" b", "\"a\" # c", "x # c", "x  ",
    "é ü 中文", "emoji 🎉", "a\u0085b", "a\u2028b", "a\ufeffb", "a\x7fb", "a\tb", "x\r", "ü: 1",
]
KEYS = ["type", "status", "date", "tags", "a_b", "a-b", "x1", "_x", "true", "null", "Null", "n", "y", "on", "1", "x y", "é",
        "? k", "&a k", "-k", "k.k", "<<", "*a", "\"q\"", "'q'", "type"]


def _text(alphabet: str):
    return st.text(alphabet=alphabet, max_size=8)


scalar_text = st.sampled_from(SCALARS) | _text("aZ09 -_:#'\",[]{}!&*|>%@`~.+/\\é")


@st.composite
def line(draw):
    kind = draw(st.sampled_from(["key", "key", "key", "item", "item", "comment", "blank", "indented", "raw"]))
    if kind == "key":
        key = draw(st.sampled_from(KEYS) | _text("abk_-:é 1"))
        sep = draw(st.sampled_from([": ", ": ", ":", ":  ", " : ", ":\t"]))
        return key + sep + draw(scalar_text) + draw(st.sampled_from(["", "", " # note", "  ", "#x"]))
    if kind == "item":
        indent = draw(st.sampled_from(["", "  ", "  ", "    ", " "]))
        dash = draw(st.sampled_from(["- ", "- ", "-  ", "-", "-\t"]))
        return indent + dash + draw(scalar_text) + draw(st.sampled_from(["", "", " # note"]))
    if kind == "comment":
        return draw(st.sampled_from(["#", "# c", "  # c", "#: x"]))
    if kind == "blank":
        return draw(st.sampled_from(["", " ", "   "]))
    if kind == "indented":
        return draw(st.sampled_from(["  ", "    ", " "])) + draw(scalar_text)
    return draw(st.sampled_from(["---", "...", "--- x", "%YAML 1.2", "? a", ": b", "- a: b", "{a: 1}", "[a]", "a: b: c"]))


@st.composite
def front_matter(draw):
    lines = draw(st.lists(line(), min_size=1, max_size=8))
    ending = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    return "".join(ln + ending for ln in lines)


@SETTINGS
@given(front_matter())
@example("type: adr\nstatus: Accepted\ndeciders:\n  - Ada\n  - 'Grace'\ntags: [a, \"b\", 3]\n")
@example("a:\n- x\nb: ~\n")
def test_fast_path_equals_ruamel(source):
    agrees(source)


SIMPLE_VALUES = ["Accepted", "Ada Lovelace", "\"@team\"", "'it''s'", "12", "-1", "2026-11-23", "1/3/2025", "true", "null",
                 "[]", "[a, b]", "[Ada Lovelace, 'x', 3]", "https://example.com/x", "it's fine # why", "\"\""]


@st.composite
def simple_front_matter(draw):
    keys = draw(st.lists(st.sampled_from(["type", "status", "date", "number", "owner", "tags", "deciders", "pr", "x_y", "a-b"]),
                         min_size=1, max_size=8, unique=True))
    out = []
    for key in keys:
        if draw(st.booleans()):
            out.append(f"{key}: {draw(st.sampled_from(SIMPLE_VALUES))}")
        else:
            out.append(f"{key}:")
            indent = draw(st.sampled_from(["", "  ", "    "]))
            out.extend(f"{indent}- {draw(st.sampled_from(SIMPLE_VALUES[:10]))}" for _ in range(draw(st.integers(0, 3))))
        if draw(st.integers(0, 5)) == 0:
            out.append(draw(st.sampled_from(["# a comment", "", "  # indented comment"])))
    return "".join(ln + "\n" for ln in out)


@SETTINGS
@given(simple_front_matter())
def test_simple_front_matter_takes_the_fast_path(source):
    assert agrees(source)


@SETTINGS
@given(simple_front_matter(), st.lists(st.tuples(st.integers(0, 20), line()), min_size=1, max_size=2))
def test_near_misses_of_simple_front_matter(source, inserts):
    lines = source.splitlines()
    for at, extra in inserts:
        lines.insert(at % (len(lines) + 1), extra)
    agrees("".join(ln + "\n" for ln in lines))


@pytest.mark.parametrize("type_name", TYPES)
def test_documents_of_every_type_take_the_fast_path(type_name):
    lines = split_lines(document(type_name))
    first, end = frontmatter.split(lines)
    assert agrees("".join(lines[first:end]), first)


def test_bench_corpus_front_matter_takes_the_fast_path(tmp_path):
    files = bench_corpus(tmp_path, 3)
    assert len(files) == 18
    for path in files:
        lines = split_lines(path.read_text(encoding="utf-8"))
        first, end = frontmatter.split(lines)
        assert agrees("".join(lines[first:end]), first), path


def test_parse_gives_the_same_front_matter_with_and_without_the_fast_path(monkeypatch):
    texts = [document(t) for t in TYPES] + [
        "---\ntype: adr\ndeciders:\n- Ada\n- Grace\nsupersedes: [1, 'x.md']\n---\n# T\n",
        "---\ntype: adr\nstatus: [unclosed\n---\n",  # deferred: ruamel's error message and line
        "---\na: 1\na: 2\n---\n",  # duplicate key: deferred, ruamel reports it
        "---\n# only a comment\n---\n",
    ]
    for text in texts:
        lines = split_lines(text)
        fast = frontmatter.parse(lines)
        monkeypatch.setattr(frontmatter, "USE_FAST_PATH", False)
        slow = frontmatter.parse(lines)
        monkeypatch.setattr(frontmatter, "USE_FAST_PATH", True)
        assert fast == slow, text
