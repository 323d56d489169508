"""Differential tests: the native outline (artifactkit.document.pulldown, pulldown-cmark read in
Rust by src/walk.rs) against two references.

* markdown-it-py (artifactkit.document.markdown), the independent reference: the outline must be
  the same — title, headings, section tree, every count, placeholders and their lines,
  paragraphs, links with their lines, disable comments — except on documents of a known
  divergence class, where the two parsers read CommonMark differently and pulldown-cmark's
  reading is the product's. The classes are the deferral rules of the former fast path
  (tests/pulldown_walk.py ``deferral`` and its ``Diverges``); each has a sample below on which
  the parsers do differ, and any other difference fails.
* the former Python walk over pyromark's events (tests/pulldown_walk.py, the same pulldown-cmark
  release): the native pass must equal it on every document, divergent or not, but those with an
  escaped ``\\<`` or ``\\{`` (pyromark merges the text around an escape, so the walk cannot see it;
  the native pass reads it as literal, as markdown-it-py's escape tokens do).
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import docfactory
import mdgen
import pulldown_facts
import pulldown_walk
import pytest
from conftest import REPO, bench_corpus, repo_markdown, scaled
from docfactory import TYPES, document
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it.common.normalize_url import normalizeLink

from artifactkit import _native, record
from artifactkit.document import frontmatter, markdown, model, pulldown, sections
from artifactkit.engine.config import load_config

EXAMPLES = scaled(400)
SETTINGS = settings(max_examples=EXAMPLES * 3, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@dataclasses.dataclass
class _Snapshot:
    fields: dict


def snapshot(outline: sections.Outline) -> dict:
    """The outline's fields, its sections (dataclasses) made plain as ``asdict`` makes them (an
    Outline is an artifactkit.record, which ``asdict`` does not take itself)."""
    return dataclasses.asdict(_Snapshot({f.name: getattr(outline, f.name) for f in record.fields(outline)}))["fields"]


def divergence(text: str) -> str | None:
    """The known divergence class of ``text`` (a body), or None where the parsers must agree."""
    normalized = pulldown.normalize(text)
    reason = pulldown_walk.deferral(normalized)
    if reason is None:
        try:
            pulldown_walk._build(normalized, 0)
        except pulldown_walk.Diverges as exc:
            reason = str(exc)
    return reason


def same_outline(text: str, line_offset: int = 0) -> str | None:
    """Assert the native outline of ``text`` equals the Python walk's, and markdown-it-py's unless
    a known divergence applies; return that divergence (None: the parsers agreed)."""
    native = snapshot(pulldown.build_outline(text, line_offset))
    assert native == snapshot(pulldown_facts.build_outline(text, line_offset)), text  # the same facts, the Python builder
    if "\\<" not in text and "\\{" not in text:
        walk = snapshot(pulldown_walk._build(pulldown.normalize(text), line_offset, strict=False))
        assert native == walk, text
    reason = divergence(text)
    if reason is None:
        assert native == snapshot(markdown.build_outline_reference(text, line_offset)), text
    return reason


def test_the_native_pass_is_used():
    assert model.build_outline("# T\n\n## A\n\ntext\n", 0).sections["a"].words == 1
    assert pulldown.build_outline("## A\n\nsome text\n", 3).sections["a"].line == 4


def test_a_changed_outline_would_be_noticed():
    text = "## A\n\n- [ ] one [l](x.md)\n"
    outline = pulldown.build_outline(text, 0)
    for change in (lambda o: setattr(o.sections["a"], "tasks_open", 0), lambda o: o.link_targets.clear(),
                   lambda o: setattr(o.sections["a"], "placeholder_line", 3)):
        other = pulldown.build_outline(text, 0)
        change(other)
        assert snapshot(other) != snapshot(outline)


def test_a_difference_outside_the_known_classes_fails():
    """The comparison can fail: a document both parsers read, with the native outline changed."""
    text = "## A\n\nsome words\n"
    assert divergence(text) is None
    changed = pulldown.build_outline(text, 0)
    changed.sections["a"].words += 1
    assert snapshot(changed) != snapshot(markdown.build_outline_reference(text, 0))


@pytest.mark.parametrize("path", repo_markdown(), ids=lambda p: str(p.relative_to(REPO)))
def test_repository_markdown(path):
    same_outline(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("type_name", TYPES)
def test_test_documents_read_the_same_instance(type_name):
    config = load_config(start=REPO / "tests")
    doctype = config.types[type_name]
    first = docfactory.sections(type_name)[0][0]
    for text in (document(type_name), document(type_name, {first: "TODO  \nplain <fill me>\n{name} and `code`  \n  more"}),
                 document(type_name, {first: None})):
        lines = model.split_lines(text)
        body_start = next(i for i in range(1, len(lines)) if lines[i].strip() == "---") + 1
        assert same_outline("".join(lines[body_start:]), body_start) is None

        def instance(build):
            doc = model.parse_text("x.md", text)
            doc.outline = build("".join(lines[body_start:]), body_start)
            doc.type = type_name
            doc.apply_aliases(doctype.info.aliases())
            doc.apply_hints(doctype.info.hints())
            return doc.instance(), doc.outline.headings, doc.outline.link_targets

        assert instance(pulldown.build_outline) == instance(markdown.build_outline_reference)


def test_bench_corpus(tmp_path):
    files = bench_corpus(tmp_path, 12)
    assert len(files) == 72
    longform = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        longform += "[rfc]: " in text
        # every document reads the same in both parsers, even those of a known class (text in fenced code, tabs)
        same_outline(text)
        assert snapshot(pulldown.build_outline(text, 0)) == snapshot(markdown.build_outline_reference(text, 0)), path
    assert longform >= 15  # the long-form shapes (definitions under headings, colons in prose, ...) are there


def corpus_dir() -> Path | None:
    """The real corpora: ARTIFACTKIT_CORPUS, or ../shared/corpus beside the clone (as CI has it)."""
    for candidate in (os.environ.get("ARTIFACTKIT_CORPUS"), REPO.parent / "shared" / "corpus"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


def corpus_folders() -> list[Path]:
    root = corpus_dir()
    return sorted(p for p in root.iterdir() if p.is_dir()) if root else []


@pytest.mark.skipif(corpus_dir() is None, reason="no ../shared/corpus (set ARTIFACTKIT_CORPUS)")
@pytest.mark.parametrize("folder", corpus_folders(), ids=lambda p: p.name)
def test_real_corpus(folder, capsys):
    """Every document of a real corpus: equal to markdown-it-py's outline unless a known class applies; the divergences are counted."""
    classes: dict[str, int] = {}
    differ = 0
    files = sorted(folder.rglob("*.md"))
    for path in files:
        lines = model.split_lines(path.read_text(encoding="utf-8", errors="replace"))
        start = frontmatter.parse(lines).body_start
        body = "".join(lines[start:])
        reason = same_outline(body, start)
        if reason is not None:
            classes[reason] = classes.get(reason, 0) + 1
            differ += snapshot(pulldown.build_outline(body, start)) != snapshot(markdown.build_outline_reference(body, start))
    with capsys.disabled():
        print(f"\n{folder.name}: {len(files)} documents, {sum(classes.values())} of a known divergence class {classes or ''}, "
              f"{differ} of them read differently")
    assert files


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
    ("quoted-table-header", "# \n>  |  | word\n--- | --- | ---\n>  |  | \n>  word"),  # found by the fuzzer
    ("fence-under-list-item", "##\n   - item\n    ```"),  # found by the site's differential test
    ("backslash-table-header", "##\n| a \\\n| --- |"),  # found by the site's differential test
]


# The review's counterexample: a table header inside a block quote starting with "#". pulldown-cmark
# reads a heading "| |" (no table: the delimiter row has a ">" markdown-it's table rule skips),
# markdown-it-py a table and no heading. pulldown-cmark's reading is the product's.
COUNTEREXAMPLE = "> # |  | \n> --- | ---\n>  |  | "


def test_the_reviews_counterexample_is_a_known_divergence_and_read_as_pulldown_cmark_reads_it():
    native = pulldown.build_outline(COUNTEREXAMPLE, 0)
    assert native.title == "| |" and native.headings == [(1, 1, "| |")]
    assert markdown.build_outline_reference(COUNTEREXAMPLE, 0).headings == []
    assert same_outline(COUNTEREXAMPLE) == "odd-table-header"


@pytest.mark.parametrize(("rule", "text"), DIFFERENT)
def test_each_divergence_class_is_real_and_detected(rule, text):
    assert divergence(text) == rule
    assert snapshot(pulldown.build_outline(text, 0)) != snapshot(markdown.build_outline_reference(text, 0))
    assert same_outline(text) == rule


def test_every_class_has_its_sample():
    rules = set(pulldown_walk._LINE_RULES) | {"pipe-over-dashes", "table-after-text", "tab", "definition-scheme", "definition-then-block",
                                              "link-scheme", "image-scheme", "indented-table-row", "fence-under-list-item"}
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
def test_real_shapes_are_read_alike(text):
    assert same_outline(text) is None


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
    assert pulldown.href(url) == normalizeLink(url)


@settings(max_examples=EXAMPLES * 2, deadline=None)
@given(st.lists(st.lists(st.sampled_from(URL_PIECES) | st.text(max_size=3), max_size=6).map("".join), min_size=1, max_size=4))
@example(["https://example.com", "https://Example.com/a", "x.md#a b", "a%20b", "100%", "é", "https://a:1"])
def test_the_builder_reports_each_link_as_href_does(urls):
    """build.rs passes a plain URL on as it is (as _PLAIN_URL_RE tells one) and asks href for any other."""
    text = "# T\n\n## A\n\n" + "".join(f"[a]({url}) [b](<{url}>) <{url}> <a{url}@b.c>\n" for url in urls)
    _, links, _ = _native.outline(pulldown.normalize(text), 1)
    assert pulldown.build_outline(text, 0).link_targets == [(line, pulldown.href(url, email)) for line, url, email in links]


@settings(max_examples=EXAMPLES * 2, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127)) | st.lists(st.sampled_from(["a", "Z", "9", "_", "'", ".", "-", " ", "\n", "é", "’"])).map("".join))
def test_word_count_fast_path_is_the_word_regex(text):
    assert sections.count_words(text) == len(sections.WORD_RE.findall(text))
    if not sections.may_hold_placeholders(text):
        assert not any(regex.search(text) for regex in (sections.TODO_RE, sections.CURLY_RE, sections.ANGLE_RE))


SPACES = "".join(chr(c) for c in range(0x110000) if chr(c).isspace() and chr(c) not in "\n\r")


@pytest.mark.parametrize("space", [*SPACES, "\u200b", "\u180e", "\ufeff"])
def test_the_native_builder_splits_words_on_pythons_spaces(space):
    """Headings and paragraphs are compared with their whitespace collapsed as str.split() does."""
    text = f"# T{space}x\n\n## A{space}{space}B\n\n- [ ]{space}N/A{space}because{space}no\n\nsome{space}text{space}\n"
    assert snapshot(pulldown.build_outline(text, 0)) == snapshot(pulldown_facts.build_outline(text, 0))
