"""Differential tests: the cache's rows decoded in one native call (src/rows.rs, through
``cacherows.decode_rows``) against the reference, ``ResultCache._decode_row`` (Python's JSON scanner
and ``decode_result``).

Rows are written as ``put`` writes them (``encode_result``, compact JSON) from generated results
whose structure varies (no outline; front matter of scalars, lists, nested objects, floats, big
integers; positions; disable comments; strings with escapes, non-ASCII, astral characters and lone
surrogates), then many are damaged: a byte dropped, doubled or changed, a space added, a value of
another type put in a field, a key twice (the last value, at the first place), the row cut short. For every row the two must agree
exactly, types included (``True`` is not ``1``): the same result, or both a malformed entry.
The native reader may leave a row to the reference, but must read the common ones itself.
"""

from __future__ import annotations

import json
import types

from conftest import scaled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from artifactkit import _native
from artifactkit.document.frontmatter import MAX_DEPTH
from artifactkit.document.outline import Outline
from artifactkit.engine import cacherows
from artifactkit.engine.cache import ResultCache
from artifactkit.engine.results import FileResult
from artifactkit.problem import Problem

_FAKE = types.SimpleNamespace(_result_cls=FileResult, _outline_cls=Outline)


def reference(path: str, row: bytes):
    return ResultCache._decode_row(_FAKE, path, row)  # type: ignore[arg-type]


def reference_or_none(path: str, row: bytes):
    try:
        return reference(path, row)
    except Exception:
        return None


def deep(value):
    """``value`` as nested tuples naming every type, so that equal means the same types too."""
    if isinstance(value, (FileResult, Outline)):
        return (type(value).__name__, tuple((k, deep(v)) for k, v in vars(value).items()))
    if isinstance(value, dict):
        return ("dict", tuple((deep(k), deep(v)) for k, v in value.items()))
    if isinstance(value, (set, frozenset)):
        return (type(value).__name__, tuple(sorted(repr(deep(v)) for v in value)))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(deep(v) for v in value))
    if isinstance(value, float) and value != value:
        return ("float", "nan")
    return (type(value).__name__, value)


def mostly(common, rare):
    """``common`` nine times in ten: most rows must be ones the native reader reads, or a bug in it goes unseen."""
    return st.integers(0, 9).flatmap(lambda k: rare if k == 0 else common)


PLAIN = st.text(alphabet=st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ["", "error", "section-missing", 'missing section "Summary" — add it', 'a\\b"c\n\t\x00\x1f/', "😀é"]
)
TEXT = mostly(PLAIN, st.text(alphabet=st.characters(codec=None), max_size=6) | st.sampled_from(["\ud800", "x\udfffy", "\udbff\udc00"]))
INT = mostly(st.integers(-3, 40) | st.sampled_from([-(2**63), 2**63 - 1, 10**15]), st.integers(-(2**70), 2**70) | st.sampled_from([2**63, -(2**63) - 1]))
SCALAR = st.none() | st.booleans() | INT | TEXT
FRONT_VALUE = mostly(
    SCALAR | st.lists(SCALAR, max_size=3),
    st.floats(allow_nan=True, allow_infinity=True)
    | st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3), max_leaves=6),
)


def problems(path: str):
    return st.lists(st.builds(lambda *f: Problem(path, *f), INT, INT, st.sampled_from(["error", "warning"]), TEXT, TEXT, st.none() | TEXT), max_size=3)


OUTLINES = st.none() | st.builds(
    lambda title, line, fd, sd, hd, lk: Outline(title=title, title_line=line, file_disables=fd, section_disables=sd, headings=hd, link_targets=lk),
    st.none() | TEXT,
    st.none() | INT,
    st.sets(TEXT, max_size=3),
    st.dictionaries(INT, st.sets(TEXT, max_size=2), max_size=3),
    st.lists(st.tuples(INT, st.integers(1, 6), TEXT), max_size=3),
    st.lists(st.tuples(INT, TEXT), max_size=3),
)

KEY_PART = TEXT | st.integers(0, 9)
KEY_LENGTH = mostly(st.integers(0, 4), st.integers(MAX_DEPTH, MAX_DEPTH + 2))  # short ones, and the longest allowed and just beyond
LOCATIONS = st.dictionaries(KEY_LENGTH.flatmap(lambda n: st.lists(KEY_PART, min_size=n, max_size=n)).map(tuple), st.tuples(INT, INT), max_size=3)


@st.composite
def results(draw):
    path = "docs/" + draw(st.sampled_from(["a.md", "é/b.md", "c d.md"]))
    return FileResult(
        path=path,
        type=draw(st.none() | TEXT),
        problems=draw(problems(path)),
        number=draw(st.none() | INT),
        skipped=draw(st.none() | TEXT),
        frontmatter=draw(st.dictionaries(TEXT, FRONT_VALUE, max_size=4)),
        title=draw(st.none() | TEXT),
        outline=draw(OUTLINES),
        locations=draw(LOCATIONS),
    )


def encoded(result) -> bytes:
    """The row ``put`` writes (no row when JSON cannot hold the result)."""
    return json.dumps(cacherows.encode_result(result), separators=(",", ":")).encode("ascii")


# a value of another type for a field of the row, by place: [type, number, skipped, title, front, problems, outline, locations]
SWAPS = [None, True, 1, 1.5, "x", [], {}, [1], ["a"], [[1, 1, "e", "r", "m", None]], [[["a"], 1, 1]], [None, 1, [], [], [], []], [None, 1, "ab", [], [], []]]


@st.composite
def damaged(draw, row: bytes) -> bytes:
    kind = draw(st.sampled_from(["drop", "double", "change", "space", "swap", "cut", "dupkey", "deep"]))
    if kind in ("drop", "double", "change", "space", "cut") and not row:
        return row
    at = draw(st.integers(0, max(0, len(row) - 1)))
    if kind == "drop":
        return row[:at] + row[at + 1 :]
    if kind == "double":
        return row[: at + 1] + row[at:]
    if kind == "change":
        return row[:at] + bytes([draw(st.sampled_from(b'[]{},:"\\01-9.eEntfu \x01\xff'))]) + row[at + 1 :]
    if kind == "space":
        return row[:at] + b" " + row[at:]
    if kind == "cut":
        return row[:at]
    value = json.loads(row)
    if kind == "swap":
        place = draw(st.integers(0, 7))
        value[place] = draw(st.sampled_from(SWAPS))
        return json.dumps(value, separators=(",", ":")).encode()
    if kind == "dupkey":
        text = json.dumps(value, separators=(",", ":"))
        return text.replace(',{"', ',{"k":1,"j":null,"k":2,"', 1).replace(",{}", ',{"k":1,"j":[],"k":2}', 1).encode()
    # "deep": a part of the outline or a problem given another shape
    if value[6] is not None:
        value[6][draw(st.integers(0, 5))] = draw(st.sampled_from(SWAPS))
    elif value[5]:
        value[5][0][draw(st.integers(0, 5))] = draw(st.sampled_from(SWAPS))
    return json.dumps(value, separators=(",", ":")).encode()


@st.composite
def rows(draw):
    out = []
    for result in draw(st.lists(results(), min_size=1, max_size=8)):
        try:
            row = encoded(result)
        except (TypeError, ValueError):
            continue
        out.append((result.path, draw(damaged(row)) if draw(st.booleans()) else row))
    return out


@settings(max_examples=scaled(400), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rows())
def test_native_rows_decode_as_the_reference_does(cases):
    paths, raw = [p for p, _ in cases], [r for _, r in cases]
    got = cacherows.decode_rows(paths, raw, FileResult, Outline, reference)
    assert [deep(g) for g in got] == [deep(reference_or_none(p, r)) for p, r in cases]
    # and what the native reader accepted alone, without the reference to fall back on
    for path, row, fields in zip(paths, raw, _native.decode_rows(raw, MAX_DEPTH + 1)):
        if fields is not None:
            expected = reference_or_none(path, row)
            assert expected is not None, row
            assert deep(cacherows.decode_rows([path], [row], FileResult, Outline, _refuse)[0]) == deep(expected)


def _refuse(*_):
    raise AssertionError("the native reader left a row it should read to the reference")


def test_the_common_rows_are_read_natively():
    """Rows of the shapes a real corpus caches: each one read by the native reader itself."""
    path = "docs/adr/0001-x.md"
    common = [
        FileResult(
            path,
            "adr",
            [Problem(path, 5, 1, "error", "section-missing", 'missing section "Summary" — add it', "Summary")],
            title="1. Record",
            outline=Outline(title="1. Record", title_line=1),
        ),
        FileResult(path, None, skipped="no known type"),
        FileResult(
            path,
            "rfc",
            [],
            number=12,
            frontmatter={"number": 12, "supersedes": ["rfc-3", 4], "superseded_by": None},
            title="Ünïcode 😀",
            outline=Outline(
                title="Ünïcode 😀",
                title_line=3,
                file_disables={"a", "b"},
                section_disables={9: {"x"}, 4: {"y", "z"}},
                headings=[(4, 2, "Context"), (9, 2, "Décision")],
                link_targets=[(5, "../x.md"), (6, "y.md#z")],
            ),
            locations={("frontmatter", "number"): (2, 9), ("frontmatter", "supersedes", 0): (3, 13)},
        ),
    ]
    raw = [encoded(r) for r in common]
    assert all(fields is not None for fields in _native.decode_rows(raw, MAX_DEPTH + 1))
    got = cacherows.decode_rows([path] * len(raw), raw, FileResult, Outline, _refuse)
    assert [deep(g) for g in got] == [deep(reference(path, r)) for r in raw] == [deep(r) for r in common]


def test_rows_the_native_reader_leaves_to_the_reference():
    """Each is valid for the reference or malformed for it; the native reader reads none of them."""
    path = "docs/a.md"
    good = '["doc",null,null,"t",{},[],null,[]]'
    leave = [
        good.replace("{}", '{"n":1.5}'),  # a float
        good.replace("{}", '{"n":123456789012345678901234567890}'),  # beyond 64 bits
        good.replace('"t"', '"\\ud800"'),  # a lone surrogate
        good.replace("{}", '{"a":{"b":[1]}}'),  # nested front matter
        good.replace(",[]]", ",0]"),  # a falsy non-list the reference reads as none
        good.replace("null,[]]", '[null,null,"ab",[],[],[]],[]]'),  # file disables as a string: its characters
        good.replace("null,[]]", '[null,null,[],[["3",["x"]]],[],[]],[]]'),  # int("3")
        good + " ",
        " " + good,
        good.replace(",", ", "),
        good.replace('"t"', "NaN"),
        good.replace('"t"', '"a\x01"'),  # a raw control character
        good.replace('"doc"', "true"),
        good[:-1],
    ]
    raw = [text.encode("utf-8") for text in leave] + [b'["doc",null,null,"\xff",{},[],null,[]]']
    assert _native.decode_rows(raw, MAX_DEPTH + 1) == [None] * len(raw)
    got = cacherows.decode_rows([path] * len(raw), raw, FileResult, Outline, reference)
    assert [deep(g) for g in got] == [deep(reference_or_none(path, r)) for r in raw]
    assert sum(g is not None for g in got) >= 5, "some of them the reference reads"
