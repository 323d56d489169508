"""A document's Markdown as the site's HTML, with markdown-it-py (the project's reference parser).

Raw HTML in a document is shown as text, never passed through: a pull request that adds a
``<script>`` to an ADR must not run it in every reader's browser. Links to other documents point
at their pages; local images are kept (the build copies them next to the page) when they lie
inside the repository; links to other files of the repository go to the forge when one is known.
"""

from __future__ import annotations

import base64
import os
import re
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING, Callable
from urllib.parse import quote, unquote, urlsplit

from artifactkit.site.bodystore import digest

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_WORD = re.compile(r"\w[\w'-]*\w|\w")
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
RENDERER_VERSION = "11"  # bump when the HTML or the cached row changes: cached renders are dropped
EXCERPT_CHARS = 400
PASSAGES, PASSAGE_CHARS = 6, 240  # section starts kept for search snippets (the index takes about 480 characters)
# words too common to tell documents apart: kept out of the index, so its room goes to words that do
_STOP = frozenset(
    "a an and are as at be been but by can could did do does for from had has have if in into is it its may might "
    "more most must no not of on or our so such than that the their them then there these they this those to was we "
    "were what when where which while who will with would you your also any each other some only all can't don't it's".split()
)
SEARCH_WORDS = 120  # of a long document, its most frequent words: 1,000 long documents stay under 2 MB of index


@dataclass
class Rendered:
    sha: str  # SHA-256 of the HTML: what decides whether the page is written again
    toc: list[tuple[int, str, str]] = field(default_factory=list)  # (level, id, text)
    images: list[tuple[str, str]] = field(default_factory=list)  # (absolute source, repository-relative posix path)
    missing_images: list[str] = field(default_factory=list)  # absolute paths of images not (yet) in the repository
    excerpt: str = ""  # the start of the plain text, for search results
    mermaid: bool = False
    doc_links: list[str] = field(default_factory=list)  # absolute paths of the documents the body links to
    words: str = ""  # the distinct words of the text, lower-case, most frequent first (the index takes the first ones)
    passages: list[str] = field(default_factory=list)  # the start of each section's text: search snippets
    search_sha: str = ""  # SHA-256 of what the search index takes from the text: an unchanged index is not rebuilt
    body: str | None = None  # the HTML; None until ``load`` reads it (a cached render)
    load: Callable[[], str] | None = field(default=None, repr=False, compare=False)

    @property
    def html(self) -> str:
        if self.body is None:
            assert self.load is not None, "a cached render comes with its loader"
            self.body, self.load = self.load(), None
        return self.body

    def to_json(self) -> list:
        """Everything but the HTML, which the site's body store keeps (artifactkit.site.bodystore)."""
        return [self.sha, self.toc, self.images, self.missing_images, self.excerpt, self.mermaid, self.doc_links, self.words, self.passages, self.search_sha]

    @classmethod
    def from_json(cls, row: list, load: Callable[[], str]) -> Rendered:
        sha, toc, images, missing, text, mermaid, doc_links, words, passages, search_sha = row
        if not isinstance(sha, str) or not isinstance(search_sha, str):
            raise TypeError("malformed")
        return cls(
            sha,
            [(int(a), str(b), str(c)) for a, b, c in toc],
            [(str(a), str(b)) for a, b in images],
            [str(m) for m in missing],
            str(text),
            bool(mermaid),
            [str(d) for d in doc_links],
            str(words),
            [str(p) for p in passages],
            search_sha,
            load=load,
        )


def _parser() -> MarkdownIt:
    # imported here: a rebuild that renders nothing never loads markdown-it
    from markdown_it import MarkdownIt

    from artifactkit.site import mdplugins

    # html: raw HTML is parsed as HTML so that comments can be dropped; mdplugins shows the rest as text
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    mdplugins.use(md)
    default_fence = md.renderer.rules["fence"]  # type: ignore[attr-defined]  # RendererHTML has rules; the protocol does not say so

    def fence(_self, tokens, idx, options, env):
        token = tokens[idx]
        if token.info.strip().split(" ")[0].lower() == "mermaid":
            env["mermaid"] = True  # drawn in the browser by the vendored mermaid; the source is readable without it
            return f'<pre class="mermaid">{escape(token.content)}</pre>\n'
        return default_fence(tokens, idx, options, env)

    md.add_render_rule("fence", fence)
    return md


_MD: MarkdownIt | None = None


def parser() -> MarkdownIt:
    global _MD
    if _MD is None:
        _MD = _parser()
    return _MD


class Links:
    """Resolves a document's relative hrefs: to another document's page, a copied image, or the forge."""

    def __init__(self, root: str, page_of, blob_url=None):
        self.root = os.path.realpath(root)
        self.page_of = page_of  # absolute real path -> site-relative page path, or None
        self.blob_url = blob_url  # absolute real path -> URL on the forge, or None

    def target(self, source: str, href: str) -> tuple[str | None, str]:
        """(absolute real path inside the repository or None, fragment) of a local href."""
        if not href or href.startswith(("#", "//")) or _SCHEME.match(href):
            return None, ""
        parts = urlsplit(href)
        path = unquote(parts.path, errors="surrogateescape")
        if not path:
            return None, ""
        base = self.root if path.startswith("/") else os.path.dirname(source)
        real = os.path.realpath(os.path.join(base, path.lstrip("/")))
        if not (real == self.root or real.startswith(self.root + os.sep)):
            return None, ""  # outside the repository (or through a link that leads out): never copied or linked
        return real, parts.fragment


def href(path: str) -> str:
    """A site path as a URL path: ``#``, ``?``, ``%`` and spaces in file names (and bytes that are not UTF-8) escaped."""
    return quote(path.encode("utf-8", "surrogateescape"), safe="/")


def relative(from_page: str, to: str) -> str:
    """The URL of the site path ``to`` as seen from the page at site path ``from_page``.

    Both are plain posix paths inside the site (no ``..``), so a common prefix is all it takes;
    ``os.path.relpath`` would cost a third of a build's page rendering."""
    here, there = from_page.split("/")[:-1], to.split("/")
    i = 0
    while i < len(here) and i < len(there) - 1 and here[i] == there[i]:
        i += 1
    return "../" * (len(here) - i) + href("/".join(there[i:]))


def render(text: str, source: str, page: str, links: Links, title: str | None = None) -> Rendered:
    """Render ``text`` (the body, front matter removed) of the document at ``source``, shown at site path ``page``.

    A first heading that is the page's ``title`` is left out: the page shows the title above its findings
    and contents, so the HTML has its h1 first. A document past the lint's complexity limits is shown as
    written, unformatted: markdown-it-py would take minutes and gigabytes on it."""
    from artifactkit.document.pulldown import TooComplex, check_budget

    try:
        check_budget(text)
        _check_render_budget(text)
    except TooComplex as exc:
        return _as_written(text, str(exc))
    md = parser()
    env: dict = {}
    tokens = md.parse(text, env)
    if title is not None and len(tokens) >= 3 and tokens[0].type == "heading_open" and tokens[0].tag == "h1" and tokens[1].content.strip() == title:
        tokens = tokens[3:]
    out = Rendered(sha="")
    prose: list[str] = []
    words: list[str] = []
    section: list[str] = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            out.toc.append((int(token.tag[1]), str(token.attrs.get("id", "")), tokens[i + 1].content.strip()))
            _passage(out, section)
            section = []
        elif token.type == "inline" and token.children is not None:
            plain = _plain(token.children)
            prose.append(plain)
            if tokens[i - 1].type != "heading_open":
                section.append(plain)
            words.append(plain)
            _rewrite_inline(token.children, source, page, links, out)
        elif token.type in ("fence", "code_block") and not token.info.strip().lower().startswith("mermaid"):
            words.append(token.content)
    _passage(out, section)
    out.body = md.renderer.render(tokens, md.options, env)
    out.sha = digest(out.body)
    out.mermaid = bool(env.get("mermaid"))
    out.excerpt = " ".join(" ".join(prose).split())[:EXCERPT_CHARS]
    out.words = _distinct_words(" ".join(words))
    out.search_sha = search_digest(out)
    return out


def search_digest(rendered: Rendered) -> str:
    """The digest of the text the search index shows and matches (artifactkit.site.build.search_records)."""
    import hashlib
    import json

    head = rendered.words.split(" ", SEARCH_WORDS)[:SEARCH_WORDS]
    data = json.dumps([rendered.excerpt, rendered.passages, head], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8", "surrogateescape")).hexdigest()


# markdown-it-py is several times slower per element than the lint's native pass: past these, 2 s and
# 300 MB would not hold, and the page shows the document as written
MAX_RENDER_ELEMENTS = 50_000
MAX_RENDER_BYTES = 2 * 1024 * 1024


def _check_render_budget(text: str) -> None:
    from artifactkit.document.pulldown import TooComplex, element_estimate

    if len(text) <= MAX_RENDER_ELEMENTS:  # the estimate never exceeds the length
        return
    if len(text) > MAX_RENDER_BYTES:
        raise TooComplex(f"document too long to format: {len(text) // 1024} KiB, over {MAX_RENDER_BYTES // 1048576} MiB")
    estimate = element_estimate(text, "|*_`[]!&\\")  # markdown-it: every delimiter
    if estimate > MAX_RENDER_ELEMENTS:
        raise TooComplex(f"document too complex to format: about {estimate:,} Markdown elements, over the limit of {MAX_RENDER_ELEMENTS:,}")


def _plain(children) -> str:
    """The text a reader sees of an inline run: no markup, no link targets, no raw HTML or comments."""
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


def _passage(out: Rendered, section: list[str]) -> None:
    text = " ".join(" ".join(section).split())
    if text and len(out.passages) < PASSAGES:
        out.passages.append(text[:PASSAGE_CHARS])


def _distinct_words(text: str) -> str:
    """The distinct words, most frequent first (the search index keeps the first ones of a long document)."""
    from collections import Counter

    counts = Counter(w for w in _WORD.findall(text.lower()) if w not in _STOP)
    return " ".join(w for w, _ in counts.most_common())


def _as_written(text: str, why: str) -> Rendered:
    body = (
        f'<p class="as-written" role="note">Shown as written, unformatted: {escape(why.replace("to lint", "to format"))}.</p>\n'
        f'<pre class="as-written">{escape(text)}</pre>\n'
    )
    plain = " ".join(text[: EXCERPT_CHARS * 4].split())
    out = Rendered(sha=digest(body), excerpt=plain[:EXCERPT_CHARS], words=_distinct_words(text[: 1024 * 1024]), body=body)
    out.search_sha = search_digest(out)
    return out


def _rewrite_inline(children, source: str, page: str, links: Links, out: Rendered) -> None:
    for child in children:
        if child.type == "image":
            src = str(child.attrs.get("src", ""))
            real, _ = links.target(source, src)
            if real is None:
                if not _SCHEME.match(src) and not src.startswith("//"):
                    _drop_image(child, out, src)
                continue  # a remote image stays as it is
            if not os.path.isfile(real) or not real.lower().endswith(IMAGE_EXTENSIONS):
                _drop_image(child, out, src, real if real.lower().endswith(IMAGE_EXTENSIONS) else None)
                continue
            if real.lower().endswith(".svg"):
                # An SVG served from the site could run its own script when opened directly; as a data:
                # URI inside <img> it is only ever drawn. "" marks an image that is not copied.
                from artifactkit.io.textio import read_bytes

                try:
                    svg = read_bytes(real, 64 * 1024 * 1024, "image")
                except OSError:
                    _drop_image(child, out, src, real)
                    continue
                out.images.append((real, ""))
                child.attrs["src"] = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
                continue
            rel = os.path.relpath(real, links.root).replace(os.sep, "/")
            out.images.append((real, rel))
            child.attrs["src"] = relative(page, "pages/" + rel)
            child.attrs["loading"] = "lazy"
        elif child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            real, fragment = links.target(source, href)
            if real is None:
                continue
            target_page = links.page_of(real)
            if target_page is not None:
                out.doc_links.append(real)
                child.attrs["href"] = relative(page, target_page) + (f"#{fragment}" if fragment else "")
                continue
            url = links.blob_url(real) if links.blob_url and os.path.exists(real) else None
            if url:
                child.attrs["href"] = url
            else:  # a file the site does not have: keep the text, drop the dead link
                child.attrs.pop("href", None)
                child.attrs["class"] = "missing-link"
                child.attrs["title"] = f"{href} is not part of this site"


def _drop_image(child, out: Rendered, src: str, candidate: str | None = None) -> None:
    """Shown as a note: an ``<img>`` that cannot load would be a broken link in the site. ``candidate``:
    the file in the repository it would be, were it there (a rebuild renders the page again once it is)."""
    if candidate:
        out.missing_images.append(candidate)
    child.type, child.tag, child.attrs, child.children = "text", "", {}, None
    child.content = f"[image not in the repository: {src}]"
