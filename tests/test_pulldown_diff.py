"""Differential tests: the pulldown-cmark outline (artifactkit.document.pulldown) equals markdown-it-py's.

markdown-it-py is the reference parser. The fast path must give the same outline — title, headings,
section tree, every count, placeholders and their lines, paragraphs, links with their lines, disable
comments — on the test documents, the repository's Markdown, the bench corpus and generated
Markdown; documents it defers go to markdown-it-py. Each deferral rule is justified by a sample
on which the two parsers do differ.
"""

from __future__ import annotations

import dataclasses

import docfactory
import mdgen
import pytest
from conftest import REPO, bench_corpus, repo_markdown, scaled
from docfactory import TYPES, document
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it.common.normalize_url import normalizeLink

from artifactkit.document import markdown, model, pulldown, sections
from artifactkit.engine.config import load_config

EXAMPLES = scaled(400)
SETTINGS = settings(max_examples=EXAMPLES * 3, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def snapshot(outline: sections.Outline) -> dict:
    return dataclasses.asdict(outline)


def fast_outline(text: str, line_offset: int = 0) -> sections.Outline | None:
    """The fast path's outline, None where it defers; any other exception (a bug, an unexpected event) fails the test."""
    normalized = pulldown._normalize(text)
    if pulldown.deferral(normalized) is not None:
        return None
    try:
        return pulldown._build(normalized, line_offset)
    except pulldown.Diverges:
        return None


def same_outline(text: str, line_offset: int = 0) -> bool:
    """Assert that artifactkit's outline of ``text`` is markdown-it-py's; return whether the fast path took it."""
    fast = fast_outline(text, line_offset)
    reference = markdown.build_outline_reference(text, line_offset)
    got = fast if fast is not None else model.build_outline(text, line_offset)
    assert snapshot(got) == snapshot(reference), text
    return fast is not None


def test_pyromark_is_installed_and_used():
    assert pulldown._events is not None
    assert model.build_outline("# T\n\n## A\n\ntext\n", 0).sections["a"].words == 1


def test_a_changed_outline_would_be_noticed():
    text = "## A\n\n- [ ] one [l](x.md)\n"
    outline = pulldown.build_outline(text, 0)
    for change in (lambda o: setattr(o.sections["a"], "tasks_open", 0), lambda o: o.link_targets.clear(),
                   lambda o: setattr(o.sections["a"], "placeholder_line", 3)):
        other = pulldown.build_outline(text, 0)
        change(other)
        assert snapshot(other) != snapshot(outline)




@pytest.mark.parametrize("path", repo_markdown(), ids=lambda p: str(p.relative_to(REPO)))
def test_repository_markdown(path):
    same_outline(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("type_name", TYPES)
def test_test_documents_take_the_fast_path_with_the_same_instance(type_name, monkeypatch):
    config = load_config(start=REPO / "tests")
    doctype = config.types[type_name]
    first = docfactory.sections(type_name)[0][0]
    for text in (document(type_name), document(type_name, {first: "TODO  \nplain <fill me>\n{name} and `code`  \n  more"}),
                 document(type_name, {first: None})):
        lines = model.split_lines(text)
        body_start = next(i for i in range(1, len(lines)) if lines[i].strip() == "---") + 1
        assert same_outline("".join(lines[body_start:]), body_start)

        def instance():
            doc = model.parse_text("x.md", text)
            doc.type = type_name
            doc.apply_aliases(doctype.info.aliases())
            doc.apply_hints(doctype.info.hints())
            return doc.instance(), doc.outline.headings, doc.outline.link_targets, doc.locations

        fast = instance()
        monkeypatch.setattr(pulldown, "_events", None)  # markdown-it-py only
        slow = instance()
        monkeypatch.undo()
        assert fast == slow


def test_bench_corpus_takes_the_fast_path(tmp_path):
    files = bench_corpus(tmp_path, 12)
    assert len(files) == 72
    longform = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        longform += "[rfc]: " in text
        # every document takes the fast path but those with a tab (Go code), which markdown-it-py reads
        assert same_outline(text) or deferral_reason(text) == "tab", path
    assert longform >= 15  # the long-form shapes (definitions under headings, colons in prose, ...) are there


# The smallest input behind each deferral rule (shrunk by deleting characters while the rule still
# matches and the outlines still differ): markdown-it-py and pulldown-cmark read each one differently.
DIFFERENT = [
    ("link-scheme", "[](data:)"),
    ("link-scheme", "<file:>"),
    ("link-scheme", "[](vbscript\\:)"),  # the colon escaped
    ("link-scheme", "[](JavaScript&#58;)"),  # the colon as an entity
    ("image-scheme", "##\n![](file:)"),
    ("definition-scheme", "##\n[x]:javascript:"),
    ("definition-scheme", "## ]:\n[b]:data:"),  # a "]:" just before it (found by the fuzzer)
    ("definition-then-block", "##\n[f]:#\n    w"),  # indented code to markdown-it
    ("definition-then-block", "##\n[f]:#\n<a-b>\nx"),  # an HTML block to markdown-it
    ("definition-then-block", "> [x]:\n> ==="),  # a setext underline under a definition without a URL (found by the fuzzer)
    ("definition-then-block", ">[summary]:y\nd\n>[summary]:y"),  # a lazy line in a block quote (found by the fuzzer)
    ("tab", "# #\t"),
    ("pipe-over-dashes", "|d\n--"),
    ("indented-table-row", "##\na|\n|-\n    w"),
    ("list-marker-delimiter-row", "##\nd||\n- |-"),
    ("lone-pipe", "|d\n--\n|"),
    ("empty-list-item", "##\n>   -  - d\n>     -"),
    ("odd-table-header", "# |d\n-|-"),
    ("odd-table-header", "# ||a\n-|-|-|"),  # a delimiter row with a closing "|" (found by the fuzzer)
    ("table-after-text", "x\n--\nd\nw|||\n-|-|-"),  # found by the fuzzer once it varied structure
    ("indented-quote-marker", "##\n>\n    >"),
]


def deferral_reason(text: str) -> str | None:
    normalized = pulldown._normalize(text)
    reason = pulldown.deferral(normalized)
    if reason is None:
        try:
            pulldown._build(normalized, 0)
        except pulldown.Diverges as exc:
            reason = str(exc)
    return reason


@pytest.mark.parametrize(("rule", "text"), DIFFERENT)
def test_each_deferral_is_needed_and_taken(rule, text):
    assert deferral_reason(text) == rule
    assert snapshot(pulldown._build(pulldown._normalize(text), 0, strict=False)) != snapshot(markdown.build_outline_reference(text, 0))
    assert pulldown.build_outline(text, 0) is None
    assert pulldown.outline_path(text) == "reference: " + rule
    same_outline(text)


def test_every_rule_has_its_sample():
    rules = set(pulldown._LINE_RULES) | {"pipe-over-dashes", "table-after-text", "tab", "definition-scheme", "definition-then-block", "link-scheme",
                                         "image-scheme", "indented-table-row"}
    assert {rule for rule, _ in DIFFERENT} == rules


# Shapes of real documents that the old rules sent to markdown-it-py although both parsers agree.
SAME = [
    "## Options\n| a | b |\n|---|---|\n| c | d |\n",  # a table right under a heading
    "# Summary\n[summary]: #summary\n\nOne paragraph, see [the summary][summary].\n",
    "## A\n\nThe data: field and file: key, and the script: step, in prose.\n",
    "## A\n\n- a | b\n    continued\n",
    "## A\n\n| a |\n| --- |\n| b |\n   three spaces\n",
    "## A\n\n-   x\n\n    | a |\n    | --- |\n    | b |\n    word\n",
    "## A\n\n[ref]: #a\n\n    code after a blank line\n",
    "## A\n\n[x](https://example.com/data:x) [y](./file:z)\n",
]


@pytest.mark.parametrize("text", SAME)
def test_real_shapes_take_the_fast_path(text):
    assert same_outline(text), pulldown.outline_path(text)


@SETTINGS
@given(mdgen.markdown())
@example("# Title #\n\nSetext\n===\n\nplain  \nhard break\nsoft  \t\n  \tleading\n")
@example("- [ ] task  \n  continued\n- [x] done\n\n```py\ncode  \n```\n\n<!-- artifactkit-disable -->\n")
@example("| a | b |\n|---|---|\n| plain | cell  |\n")
@example("-  \\\nword")
@example("## A\n\ntext `code\nspan` [l](x.md) <b>\nTODO</b> ![i\n](y.png)\n[m](<a b.md>)\n")
@example("## A\n\n- **bold** [x] *not* a task\n- [ ] <name> {x} TODO\n- [X] N/A because reasons\n")
@example("## A\r\nline\rline\r\n\0\n")
def test_generated_markdown(text):
    same_outline(text)
    same_outline(text, 7)


URL_PIECES = ["x.md", "../adr/0001-a.md", "#frag", "?q=1&r=2", "https://", "http://", "Example.COM", "example.com", "/path",
              " ", "%20", "é", "中", "(", ")", "[", "]", "<", ">", "\\", "`", "\"", "'", ":", "@", "mailto:", "~", "+", "=", "|"]


@settings(max_examples=EXAMPLES * 2, deadline=None)
@given(st.lists(st.sampled_from(URL_PIECES) | st.text(max_size=3), max_size=6).map("".join))
@example("https://example.com")
@example("https://example.com/a?b=c#d")
def test_plain_urls_are_what_markdown_it_would_report(url):
    if pulldown._PLAIN_URL_RE.fullmatch(url):
        assert normalizeLink(url) == url
    assert pulldown._href({"dest_url": url, "link_type": "Inline"}) == normalizeLink(url)


@settings(max_examples=EXAMPLES * 2, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127)) | st.lists(st.sampled_from(["a", "Z", "9", "_", "'", ".", "-", " ", "\n", "é", "’"])).map("".join))
def test_word_count_fast_path_is_the_word_regex(text):
    assert sections.count_words(text) == len(sections.WORD_RE.findall(text))
    if not sections.may_hold_placeholders(text):
        assert not any(regex.search(text) for regex in (sections.TODO_RE, sections.CURLY_RE, sections.ANGLE_RE))


@pytest.mark.parametrize("event", [{"Start": "Footnote"}, {"End": {"List": False, "x": 1}}, {"TaskListMarker": True},
                                   ("Start", "Paragraph"), {"Html": "<div>"}])
def test_events_of_another_shape_fall_back_to_markdown_it(monkeypatch, event):
    """Only an event this module was not written for (another pyromark release) falls back."""
    text = "# T\n\n## A\n\nsome text\n"
    expected = snapshot(markdown.build_outline_reference(text, 0))
    monkeypatch.setattr(pulldown, "_events", lambda *_a, **_k: iter([(event, {"start": 0, "end": 1})]))
    with pytest.raises(pulldown.UnexpectedEvent):
        pulldown._build(text, 0)
    assert pulldown.build_outline(text, 0) is None
    assert snapshot(model.build_outline(text, 0)) == expected


@pytest.mark.parametrize("event", [{"Start": {"Heading": {"depth": 1}}}, {"Start": {"Link": {"url": "x"}}}])
def test_a_bug_in_the_fast_path_is_not_hidden(monkeypatch, event):
    """A known event whose payload the walk misreads is a bug: it fails, it does not fall back silently."""
    monkeypatch.setattr(pulldown, "_events", lambda *_a, **_k: iter([(event, {"start": 0, "end": 1})]))
    with pytest.raises(KeyError):
        pulldown.build_outline("# T\n", 0)


def test_forcing_the_reference_path():
    """ARTIFACTKIT_OUTLINE=reference (read by bench/ and the tests only) sends every document to markdown-it-py."""
    import os
    import subprocess
    import sys

    code = "from artifactkit.document import pulldown; print(pulldown.build_outline('## A\\n\\nword\\n', 0) is None, pulldown.outline_path('x'))"
    out = subprocess.run([sys.executable, "-c", code], env={**os.environ, "ARTIFACTKIT_OUTLINE": "reference"},
                         capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "reference:", "forced"]
