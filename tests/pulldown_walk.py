"""The former Python walk over pulldown-cmark's events (through pyromark), kept as a second
reference for the native pass (src/walk.rs) and for its deferral rules, which name the known
classes of documents markdown-it-py and pulldown-cmark read differently (tests/test_pulldown_diff.py).

What follows is the module as it was in the package (artifactkit/document/pulldown.py):

markdown-it-py stays the reference parser. Parsing a document with it takes about 1 ms, most of
a cold lint; pulldown-cmark, a CommonMark parser in Rust, takes a few dozen microseconds. This
module feeds its events to the same OutlineBuilder as markdown-it-py's tokens, reproducing what
markdown-it-py's front end computes (for instance a link's line counted from the line breaks
before it, as markdown-it reports it). tests/test_pulldown_diff.py proves the outlines equal
(headings, section tree, every count, placeholders, lines, links, disables) on the test documents,
the repository's Markdown, the bench corpus and generated Markdown.

Where the two parsers are known to read a document differently, it is left to markdown-it-py:
``deferral`` finds such text before parsing, and the walk over the events raises ``Diverges``
where the events show it (a table row indented into code, a link with a scheme markdown-it
drops). Each rule has, in the test, the smallest input on which the parsers differ. An event of
a shape this module was not written for raises ``UnexpectedEvent`` (a pyromark release that
changed its events); both go to markdown-it-py. Any other exception is a bug and propagates.
Every scan here is linear in the text (tests/hostile/test_bounded_cost.py).
"""

from __future__ import annotations

import html
import os
import re
from typing import Any

from artifactkit.document.pulldown import element_estimate  # the package's own estimate: one definition
from artifactkit.document.sections import (
    Outline,
    OutlineBuilder,
    continues_code_above,
    count_words,
    fence_closed,
    inline_counts,
    may_hold_placeholders,
)

try:
    from pyromark import Options as _Options
    from pyromark import events_with_range as _events
except ImportError:  # no wheel for this platform: markdown-it-py does all the parsing
    _events = None  # type: ignore[assignment]

# Benchmarks and tests set this to send every document to markdown-it-py (the reports must not change).
FORCE_REFERENCE = os.environ.get("ARTIFACTKIT_OUTLINE") == "reference"


class Diverges(Exception):
    """The events show a construct the two parsers read differently: markdown-it-py parses the document."""


class UnexpectedEvent(Exception):
    """An event of a shape this module was not written for (another pyromark release): markdown-it-py parses it."""


# --- deferral before parsing: text the parsers read differently ------------------------------------
# Every pattern starts at a line start ("\n" is prepended to the text) and has no two adjacent
# quantifiers over the same characters, so a search costs time linear in the text.
_LINE_RULES = {
    # "- | --- |": a delimiter row to pulldown-cmark, a list item to markdown-it
    "list-marker-delimiter-row": r"[ >]*-[ ]+[-: ]*\|[-:| ]*$",
    # a lone "|": an empty table row to markdown-it, a paragraph to pulldown-cmark
    "lone-pipe": r"[ >]*\|[ ]*$",
    # an empty list item: the parsers end it differently before blank lines
    "empty-list-item": r"[ >]*(?:[-*+]|\d{1,9}[.)])[ ]*$",
    # ">" indented 4 or more: markdown-it continues a block quote with it, pulldown-cmark does not
    "indented-quote-marker": r"(?:[ ]{0,3}>)*[ ]{4}[ ]*>",
    # a table whose header line does not start like a paragraph line ("# a | b" over "--- | ---"),
    # in a block quote too (the review's counterexample, tests/test_pulldown_diff.py)
    "odd-table-header": r"(?![ >]*(?:\||[^\W\d_]))[^|\n]*\|[^\n]*\n[ >]*(?:\|[ ]*)?:?-+:?[ ]*(?:\|[ ]*:?-+:?[ ]*)*(?:\|[ ]*)?$",
    # a header line in a block quote over a delimiter row outside it: a table to markdown-it, a
    # quoted paragraph with a lazy line to pulldown-cmark (found by the fuzzer once the title's own
    # text became a section)
    "quoted-table-header": r"[ ]{0,3}>[^\n]*\|[^\n]*\n(?![ ]*>)[ ]*(?:\|[ ]*)?:?-+:?[ ]*(?:\|[ ]*:?-+:?[ ]*)*(?:\|[ ]*)?$",
    # a header line ending in a backslash over a delimiter row: a hard line break in a paragraph to
    # pulldown-cmark, a table to markdown-it (found by the site's differential test)
    "backslash-table-header": r"[^|\n]*\|[^\n]*\\\n[ >]*(?:\|[ ]*)?:?-+:?[ ]*(?:\|[ ]*:?-+:?[ ]*)*(?:\|[ ]*)?$",
}
# markdown-it takes "---" under a line with "|" for a one-column table, pulldown-cmark for a heading:
# found from the lines that end in "-" (few), each checked once with the line before it
_DASH_END_RE = re.compile(r"-[ :]*$", re.MULTILINE)
_LINE_RES = [(name, re.compile("\n" + pattern, re.MULTILINE)) for name, pattern in _LINE_RULES.items()]
# a table's delimiter row ("--- | :-:"): markdown-it lets a table interrupt a paragraph, pulldown-cmark
# does not, so a table whose header line follows a line of text (not a heading, not blank) is deferred
_DELIMITER_ROW_RE = re.compile(r"^[ >]*(?:\|[ ]*)?:?-+:?[ ]*(?:\|[ ]*:?-+:?[ ]*)*(?:\|[ ]*)?$", re.MULTILINE)
_AFTER_TEXT_RE = re.compile(r"[ >]*(?:[^\s>#]|#[^\s#])")  # a line of text: not blank, not an ATX heading
_BLANK_LINE_RE = re.compile(r"\n[ \t]*(?:\n|$)")
# a line indented four or more, or starting with "<", maybe inside a block quote
_BLOCK_AFTER_DEFINITION_RE = re.compile(r"\n[ >]*(?: {4}|<|=+[ ]*(?:\n|$)|-+[ ]*(?:\n|$))")  # or a setext underline
_UNQUOTED_LINE_RE = re.compile(r"\n(?![ ]*>)")
_DEFINITION_DEST_RE = re.compile(r"\]:(?=\s*<?([^\s>]{0,80}))")  # the URL in a lookahead: a "]:" inside it is searched too
# markdown-it drops a link, image or definition whose URL has one of these schemes (its validateLink)
_BAD_SCHEME_RE = re.compile(r"\s*(?:vbscript|javascript|file|data):", re.IGNORECASE)


def deferral(text: str) -> str | None:
    """Why markdown-it-py must parse ``text`` (normalized), or None: the name of the rule that matched."""
    if "\t" in text:
        return "tab"  # pulldown-cmark misreads some tabs (a closing "#" then a tab, ...)
    lined = "\n" + text
    for name, regex in _LINE_RES:
        if regex.search(lined) is not None:
            return name
    if "|" in text and _pipe_over_dashes(text):
        return "pipe-over-dashes"
    if "|" in text and _table_after_text(text):
        return "table-after-text"
    if ("```" in text or "~~~" in text) and _fence_under_item(text):
        return "fence-under-list-item"
    if "]:" in text:
        return _definition_deferral(text)
    return None


_QUOTES_RE = re.compile(r"(?:[ ]{0,3}>[ ]?)*")
_FENCE_LINE_RE = re.compile(r"^( {4,})(?:`{3,}|~{3,})")
_ITEM_LINE_RE = re.compile(r"^([ ]{0,3}(?:[-*+]|\d{1,9}[.)])[ ]+)\S")


def _fence_under_item(text: str) -> bool:
    """A fence indented four or more, right under a list item whose text starts further right
    ("   - item" over "    ```"): a lazy line of the item's paragraph to pulldown-cmark, a fenced
    block in the item to markdown-it (found by the site's differential test)."""
    lines = text.split("\n")
    for i in range(1, len(lines)):
        line = lines[i][_QUOTES_RE.match(lines[i]).end() :]  # type: ignore[union-attr]
        fence = _FENCE_LINE_RE.match(line)
        if fence is None:
            continue
        before = lines[i - 1][_QUOTES_RE.match(lines[i - 1]).end() :]  # type: ignore[union-attr]
        item = _ITEM_LINE_RE.match(before)
        if item is not None and len(item.group(1)) > len(fence.group(1)):
            return True
    return False


def _pipe_over_dashes(text: str) -> bool:
    """A line holding "|" over a line without "|" that ends in "-" (and spaces or colons)."""
    for match in _DASH_END_RE.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        if start and "|" not in text[start : match.start()] and "|" in text[text.rfind("\n", 0, start - 1) + 1 : start]:
            return True
    return False


def _table_after_text(text: str) -> bool:
    """A delimiter row under a header line holding "|" that follows a line of text."""
    for match in _DELIMITER_ROW_RE.finditer(text):
        if "|" not in match.group(0) or match.start() == 0:
            continue
        head_start = text.rfind("\n", 0, match.start() - 1) + 1
        if head_start == 0 or "|" not in text[head_start : match.start()]:
            continue
        before = text[text.rfind("\n", 0, head_start - 1) + 1 : head_start - 1]
        if _AFTER_TEXT_RE.match(before):
            return True
    return False


def _definition_deferral(text: str) -> str | None:
    """Link reference definitions. Right after one, markdown-it starts indented code or an HTML
    block where pulldown-cmark goes on with a paragraph (neither may interrupt one), and the two
    end a block quote differently at a lazy line; markdown-it keeps a definition with a dropped
    scheme as text."""
    for match in _DEFINITION_DEST_RE.finditer(text):
        if _dropped_scheme(match.group(1)):
            return "definition-scheme"
    found = text.find("]:")
    while found != -1:  # each paragraph holding a "]:" is scanned once
        blank = _BLANK_LINE_RE.search(text, found)
        end = blank.start() if blank else len(text)
        if _BLOCK_AFTER_DEFINITION_RE.search(text, found, end) is not None:
            return "definition-then-block"
        line_start = text.rfind("\n", 0, found) + 1
        if text[line_start:found].lstrip(" ").startswith(">") and _UNQUOTED_LINE_RE.search(text, found, end) is not None:
            return "definition-then-block"  # a lazy line after a definition in a block quote
        found = text.find("]:", end)
    return None


def _dropped_scheme(url: str) -> bool:
    """Whether markdown-it would drop this URL (entities and backslash escapes decoded, as it does)."""
    if "&" in url:
        url = html.unescape(url)
    if "\\" in url:
        url = url.replace("\\", "")
    return _BAD_SCHEME_RE.match(url) is not None


# --- the walk over the events ---------------------------------------------------------------------

_HEADING_LEVEL = {"H1": 1, "H2": 2, "H3": 3, "H4": 4, "H5": 5, "H6": 6}
_PLAIN_URL_RE = re.compile(r"(?:https?://[a-z0-9.-]+(?=[/?#]|$))?[A-Za-z0-9/._~#?=&+-]*")


def _normalize(body: str) -> str:
    """What markdown-it's ``normalize`` core rule does before it parses."""
    if "\r" in body:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in body:
        body = body.replace("\0", "\ufffd")
    return body


class _Run:
    """One run of inline content: a paragraph, heading, table cell or a tight list item's text."""

    __slots__ = ("breaks", "first_in_item", "heading", "implicit", "items", "line", "links", "parts", "prose")

    def __init__(self, line: int, first_in_item: bool, heading: int, implicit: bool) -> None:
        self.parts: list[str] = []  # the plain text: prose, code, a space for each line break
        self.prose: list[str] = []  # the prose pieces between inline markup, where placeholders are looked for
        self.items: list[tuple[str, str]] | None = None  # sections.inline_counts pieces, once there is a code span or an inline tag
        self.links = self.breaks = 0
        self.line = line
        self.first_in_item = first_in_item
        self.heading = heading  # level, or 0 for anything else
        self.implicit = implicit  # no Start/End of its own: ends at the next block event


class TooComplex(Exception):
    """A document with more Markdown elements than a lint can read in bounded time and memory."""


# A document under the 8 MiB limit can still hold millions of elements (a 2000 x 2000 table) and
# cost a minute and gigabytes. These limits keep any document under about 2 s and 300 MB; real
# documents stay far below them (a 40 KB RFC: a few thousand elements, a few dozen headings).
MAX_ELEMENTS = 200_000  # the estimate below, on the fast path (a table cell costs 5-7 µs)
MAX_ELEMENTS_REFERENCE = 50_000  # on markdown-it-py, several times slower per element
MAX_BYTES_REFERENCE = 2 * 1024 * 1024
MAX_HEADINGS = 20_000  # each one is a section of the instance the schema validates


def check_budget(text: str, fast: bool) -> None:
    """Raise TooComplex for a document over the limits of the path (``fast``: pulldown-cmark) it takes."""
    if len(text) <= MAX_ELEMENTS_REFERENCE:  # the estimate never exceeds the length
        return
    if not fast and len(text) > MAX_BYTES_REFERENCE:
        raise TooComplex(
            f"document too complex to lint: {len(text) // 1024} KiB that markdown-it-py must parse "
            f"(a tab or another construct the fast parser reads differently), over {MAX_BYTES_REFERENCE // 1048576} MiB; split it"
        )
    estimate = element_estimate(text) if fast else element_estimate(text, "|*_`[]!&\\")  # markdown-it: every delimiter
    limit = MAX_ELEMENTS if fast else MAX_ELEMENTS_REFERENCE
    if estimate > limit:
        raise TooComplex(
            f"document too complex to lint: about {estimate:,} Markdown elements (lines, table cells, "
            f"list markers, inline markup), over the limit of {limit:,}; split it"
        )


def build_outline(body: str, line_offset: int) -> Outline | None:
    """The outline of ``body``, or None where markdown-it-py has to parse it; TooComplex past the limits."""
    text = _normalize(body)
    fast = _events is not None and not FORCE_REFERENCE and deferral(text) is None
    check_budget(text, fast)
    if not fast:
        return None
    try:
        return _build(text, line_offset)
    except (Diverges, UnexpectedEvent):
        check_budget(text, False)
        return None  # markdown-it-py parses it: slower, never wrong


def outline_path(body: str) -> str:
    """Which path the outline of ``body`` takes: "fast", or "reference: <why>" (for bench/run.py)."""
    if _events is None or FORCE_REFERENCE:
        return "reference: forced" if FORCE_REFERENCE else "reference: no pyromark"
    text = _normalize(body)
    why = deferral(text)
    if why is None:
        try:
            _build(text, 0)
            return "fast"
        except (Diverges, UnexpectedEvent) as exc:
            why = str(exc)
    return "reference: " + why


def _build(text: str, line_offset: int, strict: bool = True) -> Outline:
    """Walk pulldown-cmark's events of ``text`` (normalized). ``strict=False`` ignores the
    divergences the events show (the test uses it to show each one is real)."""
    walk = _Walk(text, line_offset, strict)
    on_start, on_end, on_other = _ON_START, _ON_END, _ON_OTHER
    start_item = _Walk.start_item
    for event, span in _events(text, options=_Options.ENABLE_TABLES | _Options.ENABLE_FOOTNOTES, merge_text=True):
        if event.__class__ is dict and len(event) == 1:
            value = event.get("Text")
            if value is not None:  # the most frequent event by far: handled here, without a call
                if walk.image_depth or walk.in_code:
                    continue
                run = walk.run
                if run is None:  # a tight list item's text, or a lazy line: no block event of its own
                    run = walk.run = _Run(walk.line_at(span["start"]), walk.after_item, 0, True)
                run.parts.append(value)
                run.prose.append(value)
                if run.items is not None:
                    run.items.append(("text", value))
                walk.after_item = False
                continue
            ((kind, value),) = event.items()
            if kind == "Start":
                table, name = on_start, value if value.__class__ is str else _tag(event, value)
            elif kind == "End":
                table, name = on_end, value if value.__class__ is str else _tag(event, value)
            else:
                table, name = on_other, kind
        elif event.__class__ is str:
            table, name, value = on_other, event, None
        else:
            raise UnexpectedEvent(f"event {event!r}")
        if walk.image_depth:  # alt text of an image: markdown-it keeps it out of the text
            if name == "Image":
                walk.image_depth += 1 if kind == "Start" else -1
            continue
        handler = table.get(name)
        if handler is None:
            raise UnexpectedEvent(f"event {event!r}")
        if value.__class__ is dict and table is not on_other:
            value = value[name]  # the payload of a tag such as {"Heading": {...}}
        handler(walk, value, span)
        if handler is not start_item:
            walk.after_item = False
    return walk.finish()


def _tag(event, value) -> str:
    """The name of a Start or End tag given as ``{name: payload}``."""
    if value.__class__ is dict and len(value) == 1:
        return next(iter(value))
    raise UnexpectedEvent(f"event {event!r}")


class _Walk:
    """The state of one pass over the events; ``_ON_START``/``_ON_END``/``_ON_OTHER`` map each
    event to the method that handles it."""

    __slots__ = (
        "_lines",
        "after_item",
        "builder",
        "data",
        "head_indent",
        "html",
        "image_depth",
        "in_code",
        "line",
        "link_targets",
        "offset",
        "run",
        "seen",
        "strict",
    )

    def __init__(self, text: str, line_offset: int, strict: bool) -> None:
        self.data = text.encode("utf-8")  # event ranges are UTF-8 byte offsets
        self.builder = OutlineBuilder()
        self.link_targets = self.builder.outline.link_targets
        self.seen = 0  # byte offset up to which newlines were counted
        self.line = 1 + line_offset  # line at ``seen``
        self.offset = line_offset
        self.run: _Run | None = None
        self.after_item = False  # the previous event opened a list item
        self.image_depth = 0  # inside an image's alt text
        self.in_code = False
        self.html: list[str] | None = None  # the content of the HTML block being read
        self.strict = strict
        self.head_indent = 0  # bytes before a table's header row on its line
        self._lines: list[str] | None = None  # the text's lines, split once a run holds a placeholder

    def source_lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.data.decode("utf-8").split("\n")
        return self._lines

    def line_at(self, start: int) -> int:
        self.line += self.data.count(b"\n", self.seen, start)
        self.seen = start
        return self.line

    def finish(self) -> Outline:
        if self.run is not None:
            _end_run(self.builder, self.run, self)
        return self.builder.finish()

    # inline content
    def text(self, value: str, span: Any) -> None:
        run = self.run
        if run is None:  # a tight list item's text, or a lazy line: no block event of its own
            run = self.run = _Run(self.line_at(span["start"]), self.after_item, 0, True)
        run.parts.append(value)
        run.prose.append(value)
        if run.items is not None:
            run.items.append(("text", value))
        self.after_item = False

    def inline_run(self, span: Any) -> _Run:
        run = self.run
        if run is None:
            run = self.run = _Run(self.line_at(span["start"]), self.after_item, 0, True)
        return run

    def line_break(self, _payload, span: Any) -> None:
        run = self.inline_run(span)
        run.parts.append(" ")
        run.prose.append(" ")
        run.breaks += 1

    def code(self, payload: str, span: Any) -> None:
        run = self.inline_run(span)
        if run.items is None:
            run.items = [("text", piece) for piece in run.prose]
        run.items.append(("code", payload))
        run.parts.append(payload)

    def inline_html(self, payload: str, span: Any) -> None:
        run = self.inline_run(span)
        if run.items is None:
            run.items = [("text", piece) for piece in run.prose]
        run.items.append(("html", payload))

    def start_emphasis(self, _payload, span: Any) -> None:
        self.inline_run(span)

    def start_link(self, payload: dict, span: Any) -> None:
        run = self.inline_run(span)
        run.links += 1
        self.link_targets.append((run.line + run.breaks, self.href(payload)))

    def start_image(self, payload: dict, span: Any) -> None:
        self.inline_run(span)
        if self.strict and _dropped_scheme(payload["dest_url"]):
            raise Diverges("image-scheme")
        self.image_depth = 1

    def href(self, attrs: dict) -> str:
        url = attrs["dest_url"]
        if self.strict and attrs["link_type"] != "Email" and _dropped_scheme(url):
            raise Diverges("link-scheme")  # markdown-it reads it as text
        return _href(attrs)

    # blocks
    def end_implicit(self) -> None:
        if self.run is not None and self.run.implicit:
            _end_run(self.builder, self.run, self)
            self.run = None

    def start_block(self, _payload, _span: Any) -> None:  # a list, a block quote
        self.end_implicit()

    def start_paragraph(self, _payload, span: Any) -> None:
        self.end_implicit()
        self.run = _Run(self.line_at(span["start"]), self.after_item, 0, False)

    def start_cell(self, _payload, span: Any) -> None:
        self.end_implicit()
        self.run = _Run(self.line_at(span["start"]), False, 0, False)

    def start_heading(self, payload: dict, span: Any) -> None:
        self.end_implicit()
        if len(self.builder.order) >= MAX_HEADINGS:
            raise TooComplex(f"document too complex to lint: over {MAX_HEADINGS:,} headings; split it")
        self.run = _Run(self.line_at(span["start"]), False, _HEADING_LEVEL[payload["level"]], False)

    def end_run(self, _payload, _span: Any) -> None:  # a paragraph, a table cell or a heading
        if self.run is None:
            raise UnexpectedEvent("the end of a paragraph, cell or heading that never started")
        _end_run(self.builder, self.run, self)
        self.run = None

    def start_item(self, _payload, _span: Any) -> None:
        self.end_implicit()
        if self.builder.current is not None:
            self.builder.current.list_items += 1
        self.after_item = True

    def start_html_block(self, _payload, _span: Any) -> None:
        self.end_implicit()
        self.html = []

    def html_line(self, payload: str, _span: Any) -> None:
        if self.html is None:
            raise UnexpectedEvent("HTML outside an HTML block")
        self.html.append(payload)

    def end_html_block(self, _payload, _span: Any) -> None:
        if self.html is None:
            raise UnexpectedEvent("end of an HTML block never started")
        self.builder.html_block("".join(self.html))
        self.html = None

    def start_code_block(self, payload, span: Any) -> None:
        self.end_implicit()
        self.in_code = True
        if self.builder.current is not None:
            self.builder.current.code_blocks += 1
        if isinstance(payload, dict) and "Fenced" in payload:  # unclosed fences (issue 23 item 5)
            first = self.line + self.data.count(b"\n", self.seen, span["start"]) if span["start"] > self.seen else self.line
            end = max(span["start"], span["end"] - 1)
            last = self.line + self.data.count(b"\n", self.seen, end) if end > self.seen else self.line
            lines = self.data.decode("utf-8").split("\n")
            if not fence_closed(lines, first - 1 - self.offset, last - 1 - self.offset):
                self.builder.outline.unclosed_fences.append(first)

    def end_code_block(self, _payload, _span: Any) -> None:
        self.in_code = False

    def start_table(self, _payload, _span: Any) -> None:
        self.end_implicit()
        if self.builder.current is not None:
            self.builder.current.tables += 1

    def start_table_head(self, _payload, span: Any) -> None:
        self.end_implicit()
        self.head_indent = self.indent(span["start"])

    def start_table_row(self, _payload, span: Any) -> None:
        self.end_implicit()
        # markdown-it ends a table at a row indented four or more past the table's container
        # (code, to it); pulldown-cmark keeps it as a row. The container's indent is not in the
        # events, but is at most the header's, and at least 3 less.
        indent = self.indent(span["start"])
        if self.strict and indent > self.head_indent and indent >= 4:
            raise Diverges("indented-table-row")

    def indent(self, start: int) -> int:
        """Bytes before ``start`` on its line (indentation and container markers)."""
        return start - self.data.rfind(b"\n", 0, start) - 1

    def end_block(self, _payload, _span: Any) -> None:  # anything that ends an implicit run
        self.end_implicit()

    def end_inline(self, _payload, _span: Any) -> None:  # emphasis, strong, link: the run goes on
        pass


_ON_START = {
    "Paragraph": _Walk.start_paragraph,
    "TableCell": _Walk.start_cell,
    "Heading": _Walk.start_heading,
    "Item": _Walk.start_item,
    "HtmlBlock": _Walk.start_html_block,
    "CodeBlock": _Walk.start_code_block,
    "Table": _Walk.start_table,
    "TableHead": _Walk.start_table_head,
    "TableRow": _Walk.start_table_row,
    "List": _Walk.start_block,
    "BlockQuote": _Walk.start_block,
    "FootnoteDefinition": _Walk.start_block,
    "Emphasis": _Walk.start_emphasis,
    "Strong": _Walk.start_emphasis,
    "Link": _Walk.start_link,
    "Image": _Walk.start_image,
}
_ON_END = {
    "Paragraph": _Walk.end_run,
    "TableCell": _Walk.end_run,
    "Heading": _Walk.end_run,
    "CodeBlock": _Walk.end_code_block,
    "HtmlBlock": _Walk.end_html_block,
    "Emphasis": _Walk.end_inline,
    "Strong": _Walk.end_inline,
    "Link": _Walk.end_inline,
    "Item": _Walk.end_block,
    "List": _Walk.end_block,
    "BlockQuote": _Walk.end_block,
    "FootnoteDefinition": _Walk.end_block,
    "Table": _Walk.end_block,
    "TableHead": _Walk.end_block,
    "TableRow": _Walk.end_block,
}
_ON_OTHER = {
    "SoftBreak": _Walk.line_break,
    "HardBreak": _Walk.line_break,
    "Code": _Walk.code,
    "InlineHtml": _Walk.inline_html,
    "FootnoteReference": lambda walk, _payload, span: walk.inline_run(span),
    "Html": _Walk.html_line,
    "Rule": lambda walk, _payload, _span: walk.end_implicit(),
}


def _end_run(builder: OutlineBuilder, run: _Run, walk: _Walk) -> None:
    parts = run.parts
    text = parts[0] if len(parts) == 1 else "".join(parts)
    if run.heading:
        builder.heading(run.heading, run.line, " ".join(text.split()))
        return
    if builder.current is None:  # before the first section: only its links count, already recorded
        return
    items = run.items
    # Words never span two pieces and placeholders never span a line, so without placeholders one
    # pass over the pieces joined by newlines counts what a pass per piece would.
    pieces = run.prose
    prose = pieces[0] if len(pieces) == 1 else "\n".join(pieces)
    if not may_hold_placeholders(prose):
        if items is None:
            builder.inline(text, [], run.links, count_words(prose), run.first_in_item, run.line)
            return
        if not any(kind == "html" for kind, _ in items):
            code = "\n".join(piece for kind, piece in items if kind == "code")
            builder.inline(text, [], run.links, count_words(prose) + count_words(code), run.first_in_item, run.line)
            return
    placeholders, words = inline_counts(items if items is not None else [("text", piece) for piece in run.prose])
    if placeholders and continues_code_above(walk.source_lines(), run.line - 1 - walk.offset):
        placeholders = []
    builder.inline(text, placeholders, run.links, words, run.first_in_item, run.line)


def _href(attrs: dict) -> str:
    """The link's URL as markdown-it reports it (normalized, ``mailto:`` added to an e-mail autolink)."""
    url = attrs["dest_url"]
    if attrs["link_type"] == "Email":
        url = "mailto:" + url
    elif _PLAIN_URL_RE.fullmatch(url):  # nothing normalizeLink would change (tests/test_pulldown_diff.py)
        return url
    from markdown_it.common.normalize_url import normalizeLink

    return normalizeLink(url)
