"""Differential tests: the site's native renderer (src/render.rs through
artifactkit.site.mdrender) against the former markdown-it-py renderer (tests/site_render_reference.py).

Compared: the HTML read as a sequence of elements (tag, the attributes a reader or the site's
script depends on) and text, whitespace between elements aside; the contents list with its ids;
the excerpt, the search passages and the search words; the links to other documents and the
images. Where the two parsers read CommonMark differently (the known divergence classes of the
lint's differential test, tests/test_pulldown_diff.py) pulldown-cmark's reading is the product's.
Two readings are GitHub's and not markdown-it's, on purpose: footnotes (``[^1]``) and ``~one
tilde~`` strike-through; the comparison takes them out of the text first (``comparable``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import mdgen
import pytest
import site_render_reference as reference
from conftest import REPO, scaled
from hypothesis import HealthCheck, example, given, settings
from test_pulldown_diff import corpus_dir, corpus_folders, divergence

from artifactkit.document import frontmatter, model
from artifactkit.site import mdrender

EXAMPLES = scaled(300)
KEPT_ATTRIBUTES = ("id", "class", "href", "src", "start", "style", "checked", "title", "alt", "loading")


class _Flat(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple] = []
        self.text: list[str] = []

    def flush(self) -> None:
        text = " ".join("".join(self.text).split())
        self.text = []
        if text:
            self.items.append(("text", text))

    def handle_starttag(self, tag, attrs):
        self.flush()
        self.items.append(("<", tag, tuple(sorted((k, v) for k, v in attrs if k in KEPT_ATTRIBUTES))))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.flush()
        self.items.append((">", tag))

    def handle_data(self, data):
        self.text.append(data)


def flat(html: str) -> list[tuple]:
    parser = _Flat()
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.items


def comparable(text: str) -> str:
    """``text`` without what the site reads as GitHub does and markdown-it-py does not."""
    return re.sub(r"(?<!~)~(?!~)", "~~", text.replace("[^", "["))


def links_in(root: Path) -> mdrender.Links:
    # every other "x.md" is a document of the site: links to it are rewritten, links to the rest dropped
    return mdrender.Links(str(root), lambda real: "pages/docs/x.html" if real.endswith("x.md") else None)


def same_page(text: str, root: Path, title: str | None = None) -> None:
    source = str(root / "docs" / "a.md")
    links = links_in(root)
    native = mdrender.render(text, source, "pages/docs/a.html", links, title)
    expected = reference.render(text, source, "pages/docs/a.html", links, title)
    assert flat(native.html) == flat(expected.html)
    assert native.toc == expected.toc
    assert (native.excerpt, native.passages, native.words) == (expected.excerpt, expected.passages, expected.words)
    assert (native.doc_links, native.images, native.missing_images, native.mermaid) == (
        expected.doc_links, expected.images, expected.missing_images, expected.mermaid,
    )


# every element the renderer writes; anything else in a document is shown as text
SAFE_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "a", "img", "em", "strong", "s", "code", "pre", "blockquote", "ul",
             "ol", "li", "input", "table", "thead", "tbody", "tr", "th", "td", "br", "hr", "sup", "div"}


def only_safe_html(html: str) -> None:
    for item in flat(html):
        if item[0] == "<":
            assert item[1] in SAFE_TAGS, item
            for name, value in item[2]:
                assert not (name in ("href", "src") and re.match(r"\s*(javascript|vbscript|file|data:text):", value or "", re.I)), item


SHAPES = [
    "# Title\n\n<!-- template: fill in -->\n\n[TOC]\n\nText <b>bold</b> <!-- hint --> more.\n",
    "## A\n\n## A\n\n### `code` *em* <span>x</span>\n\n##### Deep\n",
    "- [ ] open\n- [x] done\n  - [X] nested\n\n1. [ ] ordered\n",
    "| a | b |\n|:--|--:|\n| `x` | [l](x.md) |\n",
    "```mermaid\ngraph TD; A-->B\n```\n\n```py\ncode <x>\n```\n\n    indented\n",
    "<div>\n<script>alert(1)</script>\n</div>\n\n<!--\nonly a comment\n-->\n",
    "![i](data:image/png;base64,AA) <https://e.com/a?b=c> <me@e.com> [x](x.md)\n",
    "![a *b*\nc](missing.png \"t\") [x](x.md#frag \"title\") [y](y.md) [remote](https://e.com/a b)\n",
    "> quote\n> - item\n>\n> ```\n> code\n> ```\n\n---\n\ntext  \nbreak\\\nend\n",
    "3. three\n4. four\n\n* loose\n\n* list\n",
]


@pytest.mark.parametrize("text", SHAPES)
def test_shapes_render_alike(text, tmp_path):
    same_page(text, tmp_path)
    only_safe_html(mdrender.render(text, str(tmp_path / "a.md"), "a.html", links_in(tmp_path)).html)


def test_scripts_in_addresses_are_never_links_or_images(tmp_path):
    # a known divergence class ("link-scheme"): markdown-it-py shows the source, pulldown-cmark the text
    text = "[j](javascript:alert(1)) [v](VBScript:x) [d](data:text/html,x) ![f](file:///etc/passwd) [e](JavaScript&#58;x)\n"
    assert divergence(text) == "link-scheme"
    page = mdrender.render(text, str(tmp_path / "a.md"), "a.html", links_in(tmp_path))
    assert flat(page.html) == [("<", "p", ()), ("text", "j v d f e"), (">", "p")]


def test_a_first_heading_that_is_the_title_is_left_out_alike(tmp_path):
    same_page("<!-- fill in -->\n\n# Use Kafka\n\n## Context\n\n## Use Kafka\n", tmp_path, "Use Kafka")
    assert "Use Kafka</h1>" not in mdrender.render("# Use Kafka\n\ntext\n", str(tmp_path / "a.md"), "a.html", links_in(tmp_path), "Use Kafka").html


def test_a_difference_would_be_noticed(tmp_path):
    with pytest.raises(AssertionError):
        same_page("text [^1]\n\n[^1]: a note\n", tmp_path)  # footnotes: GitHub's reading, not markdown-it's


def test_footnotes_and_one_tilde_read_as_github_does(tmp_path):
    page = mdrender.render("a ~gone~ b[^n]\n\n[^n]: the note\n", str(tmp_path / "a.md"), "a.html", links_in(tmp_path))
    assert "<s>gone</s>" in page.html and 'href="#fn-n"' in page.html and 'id="fn-n"' in page.html and "the note" in page.html


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
@given(text=mdgen.markdown())
@example(text="# T\n\n- [ ] a\n  - [x] b\n\n| a |\n| - |\n| ![i](x.png) |\n")
@example(text="> |  |\n> | --- |\n> |  |\n>    - item\n>     ```")  # a divergence class: checked for safe HTML only
def test_generated_markdown(text, tmp_path):
    text = comparable(text)
    if divergence(text) is None:
        same_page(text, tmp_path)
    else:  # read differently by the two parsers: still only the site's own elements, and no script
        only_safe_html(mdrender.render(text, str(tmp_path / "a.md"), "a.html", links_in(tmp_path)).html)


def test_repository_markdown(tmp_path):
    for path in [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]:
        lines = model.split_lines(path.read_text(encoding="utf-8"))
        same_page(comparable("".join(lines[frontmatter.parse(lines).body_start :])), tmp_path)


@pytest.mark.skipif(corpus_dir() is None, reason="no ../shared/corpus (set ARTIFACTKIT_CORPUS)")
@pytest.mark.parametrize("folder", corpus_folders(), ids=lambda p: p.name)
def test_real_corpus(folder):
    """Every document of a real corpus, its images and links resolved in its own folder."""
    for path in sorted(folder.rglob("*.md")):
        lines = model.split_lines(path.read_text(encoding="utf-8", errors="replace"))
        body = comparable("".join(lines[frontmatter.parse(lines).body_start :]))
        if divergence(body) is None:
            links = links_in(folder)
            native = mdrender.render(body, str(path), "pages/x.html", links)
            expected = reference.render(body, str(path), "pages/x.html", links)
            assert flat(native.html) == flat(expected.html), path
            assert (native.toc, native.excerpt, native.passages, native.words) == (expected.toc, expected.excerpt, expected.passages, expected.words), path


def test_a_link_to_a_documents_published_form_goes_to_its_page(tmp_path):
    (tmp_path / "source/manual").mkdir(parents=True)
    (tmp_path / "source/manual/b.html.md").write_text("# B\n", encoding="utf-8")
    b = str((tmp_path / "source/manual/b.html.md").resolve())
    links = mdrender.Links(str(tmp_path), {b: "pages/source/manual/b.html.html"}.get, docs_root="source")
    page = mdrender.render("[B](b.html) [root](/manual/b.html) [gone](c.html)\n", str(tmp_path / "source/manual/a.html.md"), "pages/source/manual/a.html.html", links)
    assert [(a, b) for a, b in re.findall(r'<a (?:href="([^"]*)"|class="missing-link"[^>]*)>(\w+)</a>', page.html)] == [
        ("b.html.html", "B"), ("b.html.html", "root"), ("", "gone")]
