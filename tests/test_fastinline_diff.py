"""Differential tests: artifactkit.fastinline leaves markdown-it-py's token stream unchanged.

markdown-it-py stays the reference: the parser artifactkit uses must produce exactly the tokens
(children, positions and attributes included) of a stock ``MarkdownIt("commonmark").enable("table")``
on the test documents, the bench corpus and generated Markdown; and so the same outline and the
same instance for the schema.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from conftest import REPO, bench_corpus, repo_markdown
import docfactory
from docfactory import TYPES, document

from artifactkit import fastinline, model, pulldown, sections
from artifactkit.config import load_config

EXAMPLES = int(os.environ.get("ARTIFACTKIT_FUZZ_EXAMPLES", "400"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
STOCK = MarkdownIt("commonmark").enable("table")


def same_tokens(text: str) -> None:
    expected = STOCK.parse(text)
    got = sections.parse_tokens(text)
    assert got == expected, text


def test_artifactkit_parser_uses_the_fast_inline_rule():
    assert sections._parser().core.ruler.getRules("")[2] is fastinline._inline


def test_a_changed_child_would_be_noticed():
    tokens = sections.parse_tokens("plain  \ntext\n")
    tokens[1].children[0].content = "other"
    assert tokens != STOCK.parse("plain  \ntext\n")




@pytest.mark.parametrize("path", repo_markdown(), ids=lambda p: str(p.relative_to(REPO)))
def test_repository_markdown(path):
    same_tokens(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("type_name", TYPES)
def test_test_documents_and_the_same_instance(type_name, monkeypatch):
    config = load_config(start=REPO / "tests")
    doctype = config.types[type_name]
    first = docfactory.sections(type_name)[0][0]
    monkeypatch.setattr(pulldown, "_events", None)  # the markdown-it-py path, which fastinline speeds up
    for text in (document(type_name), document(type_name, {first: "TODO  \nplain <fill me>\n{name} and `code`  \n  more"})):
        same_tokens(text)

        def instance():
            doc = model.parse_text("x.md", text)
            doc.type = type_name
            doc.apply_aliases(doctype.info.aliases())
            doc.apply_hints(doctype.info.hints())
            return doc.instance(), doc.outline.headings, doc.outline.link_targets

        fast = instance()
        monkeypatch.setattr(sections, "_PARSER", STOCK)
        slow = instance()
        monkeypatch.setattr(sections, "_PARSER", None)
        assert fast == slow


def test_bench_corpus(tmp_path):
    files = bench_corpus(tmp_path, 8)
    assert len(files) == 48
    for path in files:
        same_tokens(path.read_text(encoding="utf-8"))


# --- generated Markdown ---------------------------------------------------------------------------

WORDS = ["word", "TODO", "{name}", "<name>", "a_b", "*em*", "**strong**", "`code`", "[link](x.md)", "![img](i.png)",
         "<https://e.com>", "&amp;", "&copy", "\\*", "x\\", "#", "##", "-", "+", "1.", "2)", ">", "|", "~~", "!", "]", "[",
         "[x]", "[ ]", "N/A", "<!-- c -->", "<b>", "é", "ü中", "  ", "\t", "   ", "---", "===", "***", "```", "~~~", "    "]
LINE_STARTS = ["", "", "", "# ", "## ", "### ", "#", "- ", "* ", "1. ", "- [ ] ", "- [x] ", "> ", "    ", "  ", "\t",
               "| ", "```", "~~~", "<!-- ", "<div>", "===", "---", "[ref]: ", "   - "]
LINE_ENDS = ["", "", "", " ", "  ", "   ", " #", " ##", " |", "\t", " \\"]


@st.composite
def markdown(draw):
    lines = []
    for _ in range(draw(st.integers(1, 14))):
        if draw(st.integers(0, 6)) == 0:
            lines.append("")
            continue
        start = draw(st.sampled_from(LINE_STARTS))
        words = draw(st.lists(st.sampled_from(WORDS) | st.text(alphabet="ab \t*_`[]<>&\\!#|-", max_size=5), max_size=6))
        lines.append(start + " ".join(words) + draw(st.sampled_from(LINE_ENDS)))
    if draw(st.booleans()):  # a table
        lines += ["", "| a | b |", draw(st.sampled_from(["|---|---|", "| - | :-: |", "|--|"])), "| x  | y `z` |", "| 1 |"]
    ending = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    return ending.join(lines) + draw(st.sampled_from(["", ending]))


@SETTINGS
@given(markdown())
@example("# Title #\n\nSetext\n===\n\nplain  \nhard break\nsoft  \t\n  \tleading\n")
@example("- [ ] task  \n  continued\n- [x] done\n\n```py\ncode  \n```\n\n<!-- artifactkit-disable -->\n")
@example("| a | b |\n|---|---|\n| plain | cell  |\n")
def test_generated_markdown(text):
    same_tokens(text)
