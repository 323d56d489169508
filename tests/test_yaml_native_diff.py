"""Differential tests: the native YAML reader (artifactkit._native through artifactkit.io.yaml12)
reads every input exactly as the Python reader it replaced (tests/yaml12_reference.py) does.

Equal means: the same data with the same types (1, 1.0 and True differ; NaN equals NaN; key order
counts), the same locations, and the same refusal (class, message, line and column). The generators
vary the structure (the block and flow documents and line soups of tests/test_yaml12_diff.py, then
mutated: unclosed brackets and quotes, tabs, control and non-ASCII characters, bad indentation),
tags and every YAML 1.2 number and timestamp form, the bounds (nesting, alias bombs), and streams of
several documents; the front matter of every document of /work/shared/corpus is read too.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml12_reference as reference
from conftest import scaled
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_yaml12_diff import line, yaml_document

from artifactkit.document import frontmatter
from artifactkit.document.model import split_lines
from artifactkit.io import yaml12

SETTINGS = settings(max_examples=scaled(500), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
CORPUS = Path("/work/shared/corpus")


def outcome(module, function: str, source: str, **options):
    """What ``module.function`` makes of ``source``: ("ok", result) or ("refused", class, message, line, column)."""
    try:
        return "ok", getattr(module, function)(source, **options)
    except module.YAMLProblem as exc:
        return "refused", type(exc).__name__, exc.message, exc.line, exc.column


def same(a, b) -> bool:
    """Equality that tells 1, 1.0 and True apart, takes NaN as equal to itself and checks key order."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def agrees(source: str, function: str = "read", **options) -> None:
    expected = outcome(reference, function, source, **options)
    got = outcome(yaml12, function, source, **options)
    assert same(got, expected), f"{source!r} {options}:\n native    {got!r}\n reference {expected!r}"


def agrees_every_way(source: str, core_tags_only: bool = False, max_nodes: int = 20_000, max_depth: int = 64) -> None:
    options = {"max_nodes": max_nodes, "max_depth": max_depth}
    agrees(source, prefix=("frontmatter",), line_offset=3, locate=True, core_tags_only=core_tags_only, **options)
    agrees(source, core_tags_only=core_tags_only, **options)
    agrees(source, "read_all", locate=True, **options)


# --- structure: test_yaml12_diff's documents and line soups, mutated ------------------------------

NASTY = [
    "\t",
    "\x01",
    "\x7f",
    "\x85",
    "\u2028",
    "\ufeff",
    "[",
    "]",
    "{",
    "}",
    "'",
    '"',
    ",",
    ":",
    "- ",
    "? ",
    "&a ",
    "*a",
    "*b ",
    "!!",
    "!x ",
    "#",
    "\r\n",
    "\r",
    "\n",
    "\n  ",
    "é",
    "中",
    "🎉",
    "\\",
    "%",
    "@",
    "|",
    ">",
    "---\n",
    "...\n",
    "<<: *a\n",
    "\x00",
    "\ud7ff",
]


@st.composite
def mutated(draw, source_strategy):
    source = draw(source_strategy)
    for _ in range(draw(st.sampled_from([0, 0, 1, 1, 2, 3]))):
        at = draw(st.integers(0, len(source)))
        if draw(st.booleans()):
            source = source[:at] + draw(st.sampled_from(NASTY)) + source[at:]
        else:
            source = source[:at] + source[at + draw(st.integers(1, 3)) :]
    return source


@SETTINGS
@given(mutated(yaml_document()), st.booleans())
@example("a: &x {k: 1}\nb: *x\nc:\n  <<: *x\n  d: 2\n", False)
@example("a: [1, 2\nb: 3\n", False)
@example("a:\n\tb: 1\n", False)
@example("a: 'x\n", False)
@example("  a: 1\n b: 2\n", False)
def test_structured_yaml_reads_as_the_reference_reads_it(source, core_tags_only):
    agrees_every_way(source, core_tags_only)


@SETTINGS
@given(mutated(st.lists(line(), min_size=1, max_size=8).map("\n".join)), st.booleans())
def test_line_soup_reads_as_the_reference_reads_it(source, core_tags_only):
    agrees_every_way(source, core_tags_only)


# --- scalars: tags, numbers and timestamps of every form --------------------------------------------

TAGS = [
    "",
    "",
    "",
    "",
    "",
    "",
    "!",
    "!!str",
    "!!int",
    "!!float",
    "!!bool",
    "!!null",
    "!!timestamp",
    "!!binary",
    "!!merge",
    "!!map",
    "!!seq",
    "!!python/object/apply:os.system",
    "!!python/name:x",
    "!local",
    "!<tag:yaml.org,2002:int>",
    "!e%21",
    "!!set",
]
WORDS = [
    "",
    "x",
    "true",
    "TRUE",
    "tRue",
    "yes",
    "On",
    "off",
    "null",
    "Null",
    "~",
    "<<",
    "=",
    "-",
    "+",
    ".",
    "_",
    "-_",
    "._",
    "0x_",
    "0o",
    "0o_",
    "0b",
    "0b_",
    "1:30",
    "é",
    ".inf",
    "-.Inf",
    "+.INF",
    ".nan",
    ".NaN",
    "-.nan",
    "aGk=",
    "aGk",
    "1e",
    "1e+",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "0x7fffffffffffffff",
    "0x8000000000000000",
    "1" * 1000,
    "1" * 1001,
    "0x" + "f" * 998,
    "0x" + "f" * 999,
    "-" + "9" * 1000,
    "1e400",
    "-1e-400",
    "2024-02-29",
    "2023-02-29",
    "0000-01-01",
    "9999-12-31T23:59:59.9999995Z",
    "9999-12-31 23:59:59.9999999",
    "2024-1-2",
    "2024-01-02T24:00:00",
    "2024-01-02 10:00:00 +24",
    "2024-01-02 10:00:00 +23:59",
    "2024-01-02 10:00:00 -0",
    "2024-01-02t10:00:00.1234564+1",
    "2024-01-02\t10:00:00 \tZ",
    "2024-01-02 10:00:00 +1:",
    "2024-01-02 10:00:00.",
    "2024-12-31T23:59:59.99999950-05:30",
    "\u0661\u0662",
    "1\n",
    "true\n",
]


@st.composite
def number(draw):
    sign = draw(st.sampled_from(["", "", "-", "+"]))
    digits = draw(st.text("0123456789_", min_size=1, max_size=8))
    kind = draw(st.sampled_from(["int", "hex", "oct", "bin", "float", "exp", "dot"]))
    if kind == "hex":
        return sign + "0x" + draw(st.text("0123456789abcdefABCDEF_", min_size=0, max_size=20))
    if kind == "oct":
        return sign + draw(st.sampled_from(["0o", "0"])) + draw(st.text("012345678_", min_size=0, max_size=8))
    if kind == "bin":
        return sign + "0b" + draw(st.text("012_", min_size=0, max_size=70))
    if kind == "float":
        return sign + digits + "." + draw(st.text("0123456789_", max_size=8)) + draw(st.sampled_from(["", "e5", "E-3", "e+20", "e"]))
    if kind == "exp":
        return sign + digits + draw(st.sampled_from(["e", "E", "e+", "e-"])) + draw(st.text("0123456789", min_size=0, max_size=3))
    if kind == "dot":
        return sign + "." + digits + draw(st.sampled_from(["", "e+2", "e2", "E-1"]))
    return sign + digits + draw(st.text("0123456789", max_size=20))


@st.composite
def timestamp(draw):
    date = "{:04d}-{}-{}".format(
        draw(st.integers(0, 9999)), draw(st.sampled_from(["01", "1", "02", "12", "13", "00"])), draw(st.sampled_from(["01", "1", "28", "29", "30", "31", "32"]))
    )
    if draw(st.booleans()):
        return date
    time = (
        draw(st.sampled_from(["T", "t", " ", "\t", "  "]))
        + draw(st.sampled_from(["0", "00", "9", "23", "24"]))
        + ":"
        + draw(st.sampled_from(["00", "59", "60"]))
        + ":"
        + draw(st.sampled_from(["00", "59", "60"]))
    )
    fraction = draw(st.sampled_from(["", ".", ".5", ".123456", ".1234565", ".9999995", ".99999949", ".0000001"]))
    zone = draw(st.sampled_from(["", "Z", " Z", "+1", "-5", "+05:30", "-23:59", "+24", "+00:60", " \t-0", "+1:", "z"]))
    return date + time + fraction + zone


def quoted(text: str, style: str) -> str:
    if style == "'":
        return "'" + text.replace("'", "''") + "'"
    if style == '"':
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if style == "|":
        return "|-\n  " + text
    return text


scalar_text = st.sampled_from(WORDS) | number() | timestamp()


@st.composite
def tagged_scalar(draw):
    text = draw(scalar_text)
    style = draw(st.sampled_from(["", "", "'", '"', "|"])) if "\n" not in text else '"'
    tag = draw(st.sampled_from(TAGS))
    return (tag + " " if tag else "") + quoted(text, style)


@st.composite
def scalar_document(draw):
    lines = []
    for i in range(draw(st.integers(1, 5))):
        value = draw(tagged_scalar())
        form = draw(st.sampled_from(["value", "value", "key", "item", "flow", "anchor"]))
        if form == "key" and "\n" not in value:
            lines.append(f"{value}: {i}")
        elif form == "item":
            lines.append(f"k{i}:\n  - {value}\n  - x")
        elif form == "flow" and "\n" not in value:
            lines.append(f"k{i}: [{value}, {{{value}: 1}}]")
        elif form == "anchor" and "\n" not in value:
            lines.append(f"? &s{i} {value}\n: 1\n? *s{i}\n: 2")
        else:
            lines.append(f"k{i}: {value}")
    return "\n".join(lines) + "\n"


@SETTINGS
@given(scalar_document(), st.booleans())
@example("1: a\n1.0: b\n", False)
@example("1: a\n'1': b\ntrue: c\n", False)
@example("? &n .nan\n: 1\n? *n\n: 2\n", False)
@example(".nan: 1\n.NaN: 2\n", False)
@example("2024-01-02T10:00:00Z: a\n2024-01-02 11:00:00 +1: b\n", False)
@example("2024-01-02: a\n2024-01-02 00:00:00: b\n", False)
@example("a: 9999-12-31T23:59:59.9999995Z\n", False)
@example('a: ! "true\\n"\nb: ! "12\\n"\n', False)
@example('a: !!int "+-5"\nb: !!float "--1.5"\n', False)
@example("a: !!binary aGk=\nb: !!binary 'é'\n", False)
@example("a: !!python/object/apply:os.system x\n", True)
def test_scalars_read_as_the_reference_reads_them(source, core_tags_only):
    agrees_every_way(source, core_tags_only)


# --- bounds: nesting past max_depth, alias bombs past max_nodes ---------------------------------------


@SETTINGS
@given(st.sampled_from(["[", "{a: ", "- ", "a:\n", "[{b: "]), st.integers(1, 12), st.integers(1, 12), st.sampled_from(["x", "", "]"]))
def test_deep_nesting_reads_as_the_reference_reads_it(opener, depth, max_depth, tail):
    if opener in ("- ", "a:\n"):
        source = "".join(" " * (2 * i) + opener for i in range(depth)) + " " * (2 * depth) + (tail or "x") + "\n"
    else:
        source = opener * depth + tail + "\n"
    agrees_every_way(source, max_depth=max_depth)


@SETTINGS
@given(st.integers(1, 6), st.integers(1, 6), st.integers(1, 400), st.booleans())
def test_alias_bombs_read_as_the_reference_reads_them(levels, width, max_nodes, as_map):
    if as_map:
        first = "a: &a {" + ", ".join(f"k{i}: x" for i in range(width)) + "}\n"
        rest = "".join(f"{chr(98 + i)}: &{chr(98 + i)} {{" + ", ".join(f"k{j}: *{chr(97 + i)}" for j in range(width)) + "}\n" for i in range(levels))
    else:
        first = "a: &a [" + ", ".join(["x"] * width) + "]\n"
        rest = "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * width) + "]\n" for i in range(levels))
    agrees_every_way(first + rest, max_nodes=max_nodes)


# --- streams of several documents ----------------------------------------------------------------------


@SETTINGS
@given(
    st.lists(mutated(yaml_document()) | scalar_document(), min_size=1, max_size=4),
    st.lists(st.sampled_from(["---\n", "--- \n", "...\n---\n", "...\n", "--- # c\n", "--- &a\n"]), min_size=3, max_size=3),
    st.booleans(),
)
def test_streams_read_as_the_reference_reads_them(documents, separators, lead):
    source = ("---\n" if lead else "") + "".join(d + separators[i % 3] for i, d in enumerate(documents))
    agrees_every_way(source)


# --- real front matter and fixed counterexamples ---------------------------------------------------------


def corpus_front_matter() -> list[tuple[str, str]]:
    found = []
    for path in sorted(CORPUS.rglob("*.md")) if CORPUS.is_dir() else []:
        lines = split_lines(path.read_text(encoding="utf-8", errors="replace"))
        first, end = frontmatter.split(lines) or (0, 0)
        if end > first:
            found.append((str(path.relative_to(CORPUS)), "".join(lines[first:end])))
    return found


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not on this machine")
def test_corpus_front_matter_reads_as_the_reference_reads_it():
    found = corpus_front_matter()
    assert found
    for _, source in found:
        agrees_every_way(source)


@pytest.mark.parametrize(
    "source",
    [
        "\ufeffa: 1\n",
        "é: ü\n中文: [🎉, x, {k: [1\n",
        "é: 'ü\n",
        "a: b\u2028c: d\n",
        "a: 1\r\nb:\r\n  - x\r\n  -\ty\r\n",
        "- a\n- b\n-c: [\n",
        "a: *nope\n",
        "a: &a 1\nb: &a 2\nc: *a\n",
        "<<: {a: 1}\n<<: {b: 2}\n",
        "a:\n  <<: [*x]\n",
        "x: &x 1\na:\n  <<: *x\n",
        "x: &x [{a: 1}, {b: 2}]\ny:\n  <<: *x\n  a: 3\n",
        "? [a, b]\n: 1\n",
        "? {a: b}\n: 1\n",
        "&k a: 1\n*k : 2\n",
        "'<<': 1\n<<: {a: 2}\n",
        "!!str <<: {a: 1}\n",
        "",
        "# only a comment\n",
        "--- x\n--- y\n",
        "%YAML 1.2\n---\na: 1\n",
        "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n",
        "a: !!int 1_000\nb: !!float 1_0.5\nc: 0o1_7\n",
        "a: b: c\n",
        'key: "\\x01\\u00e9"\n',
        "k: [a, b]]\n",
        "a: !x%FF 1\n",
        "a: !!str%C3%A9 x\n",
    ],
)
def test_fixed_counterexamples(source):
    agrees_every_way(source)
    agrees_every_way(source, core_tags_only=True)
