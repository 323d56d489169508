"""A document's Markdown as the site's HTML, read by pulldown-cmark as lint reads it (``src/render.rs``).

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
from typing import Callable
from urllib.parse import quote, unquote, urlsplit

from artifactkit.site.bodystore import digest

_WORD = re.compile(r"\w[\w'-]*\w|\w")
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# markdown-it's validateLink, as the former renderer applied it: no script, file or data address but a raster image
_BAD_SCHEME = re.compile(r"(?:vbscript|javascript|file|data):")
_RASTER_DATA = re.compile(r"data:image/(?:gif|png|jpeg|webp);")
RENDERER_VERSION = "12"  # bump when the HTML or the cached row changes: cached renders are dropped
EXCERPT_CHARS = 400
PASSAGES, PASSAGE_CHARS = 6, 240  # section starts kept for search snippets (the index takes about 480 characters)
# words too common to tell documents apart: kept out of the index, so its room goes to words that do
_STOP = frozenset(
    "a an and are as at be been but by can could did do does for from had has have if in into is it its may might "
    "more most must no not of on or our so such than that the their them then there these they this those to was we "
    "were what when where which while who will with would you your also any each other some only all can't don't it's".split()
)
_SLUG_DROP = re.compile(r"[^\w\u4e00-\u9fff\- ]")
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


class Links:
    """Resolves a document's relative hrefs: to another document's page, a copied image, or the forge."""

    def __init__(self, root: str, page_of, blob_url=None, docs_root: str = "."):
        self.root = os.path.realpath(root)
        self.page_of = page_of  # absolute real path -> site-relative page path, or None
        self.blob_url = blob_url  # absolute real path -> URL on the forge, or None
        self.docs_root = docs_root  # where a site generator's "/x.html" is read from, besides the root

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

    pulldown-cmark reads it (``artifactkit._native.render_page``, the reading lint uses), and this
    module says where each link and image goes. A first heading that is the page's ``title`` is
    left out: the page shows the title above its findings and contents, so the HTML has its h1
    first. A document past the lint's complexity limits is shown as written, unformatted."""
    from artifactkit import _native
    from artifactkit.document.pulldown import TooComplex, check_budget, normalize
    from artifactkit.document.pulldown import href as normalized

    try:
        check_budget(text)
        _check_render_budget(text)
    except TooComplex as exc:
        return _as_written(text, str(exc))
    out = Rendered(sha="")

    def resolve(image: bool, destination: str, email: bool):
        url = normalized(destination, email)  # as markdown-it normalizes it, and as lint reports it
        if _BAD_SCHEME.match(url.strip().lower()) and not _RASTER_DATA.match(url.strip().lower()):
            return None  # javascript:, vbscript:, file:, data: (but a raster image): its text only
        return _image(url, source, page, links, out) if image else _link(url, source, page, links, out)

    out.body, out.toc, prose, sections, words, out.mermaid = _native.render_page(normalize(text), title, resolve, slugify)
    for section in sections:
        _passage(out, section)
    out.sha = digest(out.body)
    out.excerpt = " ".join(prose.split())[:EXCERPT_CHARS]
    out.words = _distinct_words(words)
    out.search_sha = search_digest(out)
    return out


def slugify(title: str) -> str:
    """A heading's id as GitHub makes it (``render_page`` adds ``-1``, ``-2``... to a repeated one)."""
    return _SLUG_DROP.sub("", title.lower().replace(" ", "-"))


def search_digest(rendered: Rendered) -> str:
    """The digest of the text the search index shows and matches (artifactkit.site.build.search_records)."""
    import hashlib
    import json

    head = rendered.words.split(" ", SEARCH_WORDS)[:SEARCH_WORDS]
    data = json.dumps([rendered.excerpt, rendered.passages, head], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8", "surrogateescape")).hexdigest()


# past these, the page shows the document as written (pages of megabytes of markup help no reader)
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


def _passage(out: Rendered, section: str) -> None:
    text = " ".join(section.split())
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


def _image(src: str, source: str, page: str, links: Links, out: Rendered):
    """What an image becomes (``_native.render_page``'s ``resolve``): its attributes (a remote one
    kept, a copied one, an SVG as data), or the note shown instead of one that is not in the repository."""
    real, _ = links.target(source, src)
    if real is None:
        return [("src", src)] if _SCHEME.match(src) or src.startswith("//") else _drop_image(out, src)
    if not os.path.isfile(real) or not real.lower().endswith(IMAGE_EXTENSIONS):
        return _drop_image(out, src, real if real.lower().endswith(IMAGE_EXTENSIONS) else None)
    if real.lower().endswith(".svg"):
        # An SVG served from the site could run its own script when opened directly; as a data:
        # URI inside <img> it is only ever drawn. "" marks an image that is not copied.
        from artifactkit.io.textio import read_bytes

        try:
            svg = read_bytes(real, 64 * 1024 * 1024, "image")
        except OSError:
            return _drop_image(out, src, real)
        out.images.append((real, ""))
        return [("src", "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii"))]
    rel = os.path.relpath(real, links.root).replace(os.sep, "/")
    out.images.append((real, rel))
    return [("src", relative(page, "pages/" + rel)), ("loading", "lazy")]


def _link(href: str, source: str, page: str, links: Links, out: Rendered):
    """Where a link goes (``_native.render_page``'s ``resolve``), as its attributes: as written,
    another document's page, the file on the forge, or no ``href`` for a file the site does not have."""
    real, fragment = links.target(source, href)
    if real is None:
        return [("href", href)]
    target_page = links.page_of(real)
    if target_page is None and not os.path.exists(real):  # "x.html" of a site generator's "x.html.md"
        from artifactkit.checks.references import published_source

        published = published_source(real, href, links.root, links.docs_root)
        if published is not None:
            real = os.path.realpath(published)
            target_page = links.page_of(real)
    if target_page is not None:
        out.doc_links.append(real)
        return [("href", relative(page, target_page) + (f"#{fragment}" if fragment else ""))]
    url = links.blob_url(real) if links.blob_url and os.path.exists(real) else None
    if url:
        return [("href", url)]
    # a file the site does not have: keep the text, drop the dead link
    return [("class", "missing-link"), ("title", f"{href} is not part of this site")]


def _drop_image(out: Rendered, src: str, candidate: str | None = None) -> str:
    """Shown as a note: an ``<img>`` that cannot load would be a broken link in the site. ``candidate``:
    the file in the repository it would be, were it there (a rebuild renders the page again once it is)."""
    if candidate:
        out.missing_images.append(candidate)
    return f"[image not in the repository: {src}]"
