"""The document model: the JSON instance, exact line numbers, content facts."""

from __future__ import annotations

import json
import re

import pytest
from conftest import run, scaled, write_tree
from hypothesis import given, settings
from hypothesis import strategies as st

from artifactkit.document import model
from artifactkit.document.model import parse_text, split_lines
from artifactkit.document.sections import normalize_key

DOC = """---
type: adr
status: Accepted  # a comment
date: 2026-11-23
deciders:
  - Ada
---
# Use PostgreSQL

Preamble text belongs to no section.

## Context

We need a database. See [the RFC](../rfc/0001-x.md) and <https://example.com>.

<!-- an HTML comment that must not count as words -->

```sh
## not a heading, it is in a fence
```

Decision
--------

TODO

## Consequences ##

### Good:

- [x] faster queries
- [ ] N/A: no migration needed
- [ ] N/A
- [ ] write the runbook

| a | b |
|---|---|
| 1 | 2 |

### Bad

{describe the downside} <service name>
"""


def instance(text: str, path: str = "x.md") -> dict:
    return parse_text(path, text).instance()


def test_instance_shape_and_lines():
    inst = instance(DOC)
    assert inst["type"] == "adr"
    assert inst["title"] == "Use PostgreSQL"
    assert inst["frontmatter"] == {"type": "adr", "status": "Accepted", "date": "2026-11-23", "deciders": ["Ada"]}
    assert list(inst["sections"]) == ["context", "decision", "consequences"]
    context = inst["sections"]["context"]
    assert context["line"] == 12 and context["level"] == 2
    assert context["code_blocks"] == 1 and context["links"] == 2
    # We need a database See the RFC and + https / example.com; the comment and the fence text don't count
    assert context["words"] == 10
    assert inst["sections"]["decision"]["line"] == 22  # setext heading: the text line
    cons = inst["sections"]["consequences"]
    assert cons["heading"] == "Consequences" and cons["line"] == 27
    good = cons["subsections"]["good"]
    assert good["line"] == 29 and good["heading"] == "Good:"
    assert good["tasks"] == {"done": 1, "open": 2, "na": 1}
    assert good["list_items"] == 4 and good["tables"] == 1
    bad = cons["subsections"]["bad"]
    assert bad["line"] == 40
    assert sorted(bad["placeholders"]) == ["<service name>", "{describe the downside}"]
    assert bad["words"] == 0 and bad["filled"] is False
    assert cons["filled"] is True  # a filled subsection fills the parent


def test_placeholder_only_section_is_not_filled():
    dec = instance(DOC)["sections"]["decision"]
    assert dec == {**dec, "words": 0, "filled": False, "placeholders": ["TODO"]}


def test_frontmatter_field_lines_use_yaml_positions():
    doc = parse_text("x.md", DOC)
    assert doc.locations[("frontmatter", "status")] == (3, 1)
    assert doc.locations[("frontmatter", "deciders", 0)] == (6, 5)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_crlf_and_bom_keep_lines(tmp_path, newline, bom):
    text = bom + DOC.replace("\n", newline)
    path = tmp_path / "x.md"
    path.write_bytes(text.encode("utf-8"))
    from artifactkit.document.model import load

    doc, _ = load(str(path))
    inst = doc.instance()
    assert inst["frontmatter"]["status"] == "Accepted"
    assert [s["line"] for s in inst["sections"].values()] == [12, 22, 27]


def test_no_frontmatter_empty_file_and_frontmatter_only():
    assert instance("") == {"type": None, "path": "x.md", "frontmatter": {}, "title": None, "sections": {}}
    only = instance("---\ntype: runbook\n---\n")
    assert only["frontmatter"] == {"type": "runbook"} and only["sections"] == {} and only["title"] is None
    plain = instance("## Alpha\n\ntext\n\n### Beta\n\nmore\n")
    assert list(plain["sections"]) == ["alpha"] and plain["title"] is None
    assert plain["sections"]["alpha"]["subsections"]["beta"]["line"] == 5


def test_duplicate_headings_are_recorded():
    doc = parse_text("x.md", "# T\n\n## Notes\n\na\n\n## Notes\n\nb\n")
    assert list(doc.outline.sections) == ["notes"]
    assert [(d.heading, d.line) for d in doc.outline.duplicates] == [("Notes", 7)]


def test_unterminated_frontmatter_is_reported_and_body_still_parsed():
    doc = parse_text("x.md", "---\ntype: adr\n# Title\n\n## Context\n\ntext\n")
    assert doc.front.error_rule == "frontmatter-unterminated"
    assert doc.instance()["sections"]["context"]["line"] == 5


def test_key_normalisation():
    assert normalize_key("  Rollback   Steps:  ") == "rollback steps"
    assert normalize_key("API and UX changes") == "api and ux changes"


def test_split_lines_matches_markdown_it_newlines():
    assert split_lines("a\r\nb\rc\nd") == ["a\r\n", "b\r", "c\n", "d"]
    assert split_lines("a\x0cb\u2028c\n") == ["a\x0cb\u2028c\n"]  # form feeds are not line breaks


def test_inspect_prints_the_instance(tmp_path):
    write_tree(tmp_path, {"doc.md": DOC})
    proc = run(["inspect", "doc.md"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["sections"]["context"]["line"] == 12
    assert data["path"] == "doc.md"


def test_inspect_unreadable_file_is_one_line_error(tmp_path):
    (tmp_path / "bin.md").write_bytes(b"\x00\x01\x02binary")
    proc = run(["inspect", "bin.md"], cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "binary" in proc.stderr


def test_code_spans_are_literal_not_placeholders():
    sec = instance("# T\n\n## Setup\n\nRun `make <target>` with `{name}` and `TODO` set.\n")["sections"]["setup"]
    assert sec["placeholders"] == [] and sec["filled"] is True


def _fenced_line_by_line(lines: list[str], first: int) -> set[int]:
    """What ``model._fenced`` reads natively (src/lines.rs), line by line: each line's fence state in turn."""
    fence = None
    inside = set()
    for index in range(first, len(lines)):
        opened = re.match(r"^ {0,3}(`{3,}|~{3,})", lines[index])
        if opened:
            mark = opened.group(1)
            fence = None if fence and mark[0] == fence[0] and len(mark) >= len(fence) else (fence or mark)
        if opened or fence:
            inside.add(index + 1)
    return inside


FENCE_LINES = st.sampled_from(
    [
        "```",
        "````",
        "~~~",
        "~~~~~",
        "   ```py",
        "    ```",
        "``",
        "text ```",
        "``` x ```",
        "prose",
        "",
        "**Context**",
        "~~not~~",
        " ~~~~",
        "```é",
        "\t```",
        "---",
    ]
)
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r", "\v", "\u2028"])


@settings(max_examples=scaled(500), deadline=None)
@given(st.lists(st.tuples(FENCE_LINES, LINE_ENDS), max_size=30), st.integers(0, 3), st.booleans())
def test_code_lines_are_those_of_a_line_by_line_reading(pieces, first, ended):
    text = "".join(line + end for line, end in pieces)
    if not ended and pieces:
        text = text[: -len(pieces[-1][1])]
    lines = split_lines(text)
    assert model._fenced(text, first) == _fenced_line_by_line(lines, first)
    doc = parse_text("x.md", text)  # from its body on ("---" lines may make front matter)
    assert doc.code_lines() == _fenced_line_by_line(lines, doc.front.body_start)


def test_bold_label_skips_code_and_finds_the_first_named_line():
    text = "# T\n\n```\n**Context**\n```\n\n**Decision:**\n\n**Context**\n"
    doc = parse_text("x.md", text)
    assert doc.bold_label({"context"}) == (9, "Context")
    assert doc.bold_label({"decision"}) == (7, "Decision")
    assert doc.bold_label({"status"}) is None


@settings(max_examples=scaled(500), deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", " ", "\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "é"])))
def test_split_lines_is_markdown_its_line_splitting(text):
    assert split_lines(text) == model.LINE_RE.findall(text)


BOLD_PIECES = st.sampled_from(
    [
        "**Context**",
        "__Decision:__",
        "  **Status** ",
        "   **Three**\t:\t",
        "    **Indented**",
        "\t**Tab**",
        "**a** and **b**",
        "**a**::",
        "**a__",
        "**é ü**",
        "**x\vy**",
        "****",
        "text",
        "```",
        "~~~~",
        " ```",
        "",
        "---",
        "**x",
        "\r",
        "\r\n",
        "\n",
    ]
)
_BOLD_LINE_RE = re.compile(r"^ {0,3}(\*\*|__)([^*_\n]+?)\1[ \t]*:?[ \t]*$")  # what src/lines.rs reads


@settings(max_examples=scaled(500), deadline=None)
@given(st.lists(BOLD_PIECES, max_size=24), st.integers(0, 4), st.sampled_from(["\n", ""]))
def test_bold_lines_are_those_a_line_by_line_reading_finds(pieces, first, end):
    """Outside fenced code, each line that is only bold text, read line by line with the regex the native pass replaced."""
    from artifactkit import _native

    text = "\n".join(pieces) + end
    lines = split_lines(text)
    code = _fenced_line_by_line(lines, first)
    expected = [(i + 1, m.group(2)) for i in range(first, len(lines)) if i + 1 not in code and (m := _BOLD_LINE_RE.match(lines[i].rstrip("\r\n")))]
    assert _native.bold_lines(text, first) == expected
