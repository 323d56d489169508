"""The section outline from pulldown-cmark, read natively: the one Markdown reading of lint.

``artifactkit._native`` (the Rust crate in ``src/``) parses a body with pulldown-cmark, releasing
the GIL (``src/walk.rs``: the facts of each section in document order: headings, runs of inline
content, HTML blocks, list items, code blocks, tables and links), then builds the Outline from
them (``src/build.rs``: what ``sections.OutlineBuilder`` does for markdown-it-py's reading,
``document/markdown.py``). The rules that read prose (heading keys, placeholders, task markers,
disable comments, an HTML block's words) are ``sections.py``'s, which build.rs calls (``HOOKS``).
Rust counts the words of a run itself only where no placeholder rule can apply (no
``TODO``/``TBD``/``FIXME``/``XXX``, ``{`` or ``<`` in its prose, no inline tag, no character beyond
ASCII but quotes, dashes and other symbols that are never part of a word: walk.rs ``NOT_WORD``); any
other run goes to ``sections.inline_counts`` as its pieces.

markdown-it-py is the independent reference: tests/test_pulldown_diff.py compares the two on the
test documents, generated Markdown and real corpora, except where the two parsers read CommonMark
differently (the known divergence classes listed there); there, pulldown-cmark's reading is the product's.
"""

from __future__ import annotations

import re

import artifactkit._native as _native
from artifactkit.document.sections import Outline, Section, directives, html_words, inline_counts, normalize_key, task_item


class TooComplex(Exception):
    """A document with more Markdown elements than a lint can read in bounded time and memory."""


# A document under the 8 MiB limit can still hold millions of elements (a 2000 x 2000 table) and
# cost a minute and gigabytes. These limits keep any document under about 2 s and 300 MB; real
# documents stay far below them (a 40 KB RFC: a few thousand elements, a few dozen headings).
MAX_ELEMENTS = 200_000
MAX_HEADINGS = 20_000  # each one is a section of the instance the schema validates


# what can start an element besides a line and the inline delimiters counted with str.count: a tag
# or autolink ("<" before a letter, "/", "!" or "?"), a list or quote marker at a line start or after
# a space or ">" (a run of them nests). Zero-width, so findall() makes only empty strings.
_MARKS_RE = re.compile(r"(?=<[A-Za-z/!?]|(?<![^ \n>])(?:[-+>]|\d{1,9}[.)])(?:[ \n]|$))")


def element_estimate(text: str, chars: str = "|*_`[") -> int:
    """About the number of elements a parser makes of ``text`` (each starts a few events): lines,
    inline delimiters, tags and list or quote markers. An HTML block of "<<<" or a long comment
    counts its lines only. Called only for long texts (``check_budget``)."""
    counts = _native.count_chars(text, "\n\r<-+>.)" + chars)  # one pass, where str.count made one a character
    estimate = max(counts[0], counts[1]) + sum(counts[8:])
    if sum(counts[2:8]) > 10_000:
        estimate += len(_MARKS_RE.findall(text))
    return estimate


def _held_marks(text: str) -> int:
    """pulldown-cmark's first pass keeps a tree item for each '<', ']' or '\\' in a paragraph (a
    possible tag, link end or escape) until the paragraph ends: 8 MB of "< " held 480 MB. A sixth
    of an element each keeps such a document under 300 MB and 2 s; a run of '<' (an HTML block of
    "<<<<", where they cost nothing) counts a twelfth, so that two million of them still pass."""
    lt, closing, opening, backslashes = _native.count_chars(text, "<][\\")
    unopened = max(0, closing - opening)  # a '[' is counted as an element already
    pairs = text.count("<<") if lt > 1 else 0
    return (2 * lt - 2 * pairs + 2 * unopened + 2 * backslashes) // 12


def check_budget(text: str) -> None:
    """Raise TooComplex for a document over the element limit."""
    if len(text) <= 50_000:  # the estimate never exceeds the length
        return
    estimate = element_estimate(text) + _held_marks(text)
    if estimate > MAX_ELEMENTS:
        raise TooComplex(
            f"document too complex to lint: about {estimate:,} Markdown elements (lines, table cells, "
            f"list markers, inline markup), over the limit of {MAX_ELEMENTS:,}; split it"
        )


def normalize(body: str) -> str:
    """What markdown-it's ``normalize`` core rule does before it parses."""
    if "\r" in body:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in body:
        body = body.replace("\0", "\ufffd")
    return body


def build_outline(body: str, line_offset: int) -> Outline:
    """The outline of ``body``, whose first line is file line ``line_offset + 1``; TooComplex past the limits."""
    text = normalize(body)
    check_budget(text)
    outline = _native.build_outline(text, line_offset, MAX_HEADINGS, HOOKS)
    if outline is None:
        raise TooComplex(f"document too complex to lint: over {MAX_HEADINGS:,} headings; split it")
    return outline


_PLAIN_URL_RE = re.compile(r"(?:https?://[a-z0-9.-]+(?=[/?#]|$))?[A-Za-z0-9/._~#?=&+-]*")


def href(url: str, email: bool = False) -> str:
    """The link's URL as markdown-it reports it (normalized, ``mailto:`` added to an e-mail autolink)."""
    if email:
        return "mailto:" + url
    if _PLAIN_URL_RE.fullmatch(url):  # nothing normalizeLink would change (tests/test_pulldown_diff.py)
        return url
    import mdurl

    parsed = mdurl.parse(url, slashes_denote_host=True)
    host = parsed.hostname
    if not host or (host.isascii() and not any(char in host for char in "\x7f@:")):
        # what normalizeLink makes of it, where its punycode step leaves the host as it is and no
        # IPv6 brackets are added: without importing all of markdown-it (65 ms) in each lint worker
        return mdurl.encode(mdurl.format(parsed))
    from markdown_it.common.normalize_url import normalizeLink

    return normalizeLink(url)


# what build.rs calls for the rules that read prose: one definition, shared with markdown-it-py's
# reference; and href for a link's URL that is not plain (build.rs tells a plain one as _PLAIN_URL_RE does)
HOOKS = (Section, Outline, normalize_key, inline_counts, task_item, directives, html_words, href)
