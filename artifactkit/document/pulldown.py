"""The section outline from pulldown-cmark's events (through pyromark): the fast path for cold lint.

markdown-it-py stays the reference parser. Parsing a document with it takes about 1 ms, most of
a cold lint; pulldown-cmark, a CommonMark parser in Rust, takes a few dozen microseconds. This
module feeds its events to the same OutlineBuilder as markdown-it-py's tokens, reproducing what
markdown-it-py's front end computes (for instance a link's line counted from the line breaks
before it, as markdown-it reports it). tests/test_pulldown_diff.py proves the outlines equal
(headings, section tree, every count, placeholders, lines, links, disables) on the test documents,
the repository's Markdown, the bench corpus and generated Markdown. Text the two parsers are known
to read differently is matched by ``deferred`` and left to markdown-it-py; so is everything when
pyromark is not installed.
"""

from __future__ import annotations

import re

from artifactkit.document.sections import (
    Outline,
    OutlineBuilder,
    count_words,
    inline_counts,
    may_hold_placeholders,
)

try:
    from pyromark import Options as _Options
    from pyromark import events_with_range as _events
except ImportError:  # no wheel for this platform: markdown-it-py does all the parsing
    _events = None  # type: ignore[assignment]

# Where the two parsers part ways (each case found by the differential test). Lines that look like
# a table's delimiter row, or hold only a list marker or a "|", are read differently:
_LINE_DEFER = (
    r"[ >]*-[ ]+[-:| ]*\|[-:| ]*$",  # "- | --- |": a delimiter row to pulldown-cmark, a list item to markdown-it
    r"[ >]*\| *$",  # a lone "|": an empty table row to markdown-it, a paragraph to pulldown-cmark
    r"[ >]*(?:[-*+]|\d{1,9}[.)])[ ]*$",  # an empty list item: the parsers end it differently before blank lines
    r"[ >]*[ ]{4}[ ]*>",  # ">" indented 4 or more: markdown-it continues a block quote with it, pulldown-cmark does not
    # a table whose header line does not start like a paragraph line ("# a | b" over "--- | ---")
    r"(?![ ]{0,3}(?:\||[^\W\d_]))[^\n]*\|[^\n]*\n[ ]*\|?[ ]*:?-+:?[ ]*(?:\|[ ]*:?-+:?[ ]*)*\|?[ ]*$",
)
_DEFER = (
    r"\]:",  # a link reference definition: markdown-it's ends differently before an indented line
    r"\t",  # tabs: pulldown-cmark misreads some (a closing "#" then a tab, ...)
    r"\|[^\n]*\n[^|\n]*-[ :]*$",  # markdown-it takes "---" under a line with "|" for a one-column table
    r"\|[^\n]*\n {4}",  # an indented line after a table row: code to markdown-it, another row to pulldown-cmark
    "\n(?:" + "|".join(_LINE_DEFER) + ")",  # searched in "\n" + text: a literal first character is found fast
)
# Searched one by one: each starts with a literal that the regex engine scans for quickly, which one
# alternation of them all would not.
_DEFER_RES = [re.compile(pattern, re.MULTILINE) for pattern in _DEFER]
# markdown-it drops a link whose URL has one of the schemes javascript, vbscript, file or data and
# reparses it as text; the colon may also be written as an entity or after a backslash
_BAD_SCHEMES = tuple(scheme + end for scheme in ("script", "file", "data") for end in (":", "&", "\\"))


def deferred(text: str) -> bool:
    """Whether ``text`` (normalized) holds something the two parsers read differently."""
    lined = "\n" + text
    if any(regex.search(lined) is not None for regex in _DEFER_RES):
        return True
    lowered = text.lower()
    return any(scheme in lowered for scheme in _BAD_SCHEMES)


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

    __slots__ = ("parts", "prose", "items", "links", "breaks", "line", "first_in_item", "heading", "implicit")

    def __init__(self, line: int, first_in_item: bool, heading: int, implicit: bool) -> None:
        self.parts: list[str] = []  # the plain text: prose, code, a space for each line break
        self.prose: list[str] = []  # the prose pieces between inline markup, where placeholders are looked for
        self.items: list[tuple[str, str]] | None = None  # sections.inline_counts pieces, once there is a code span or an inline tag
        self.links = self.breaks = 0
        self.line = line
        self.first_in_item = first_in_item
        self.heading = heading  # level, or 0 for anything else
        self.implicit = implicit  # no Start/End of its own: ends at the next block event


def build_outline(body: str, line_offset: int) -> Outline | None:
    """The outline of ``body``, or None where markdown-it-py has to parse it."""
    if _events is None:
        return None
    text = _normalize(body)
    if deferred(text):
        return None
    try:
        return _build(text, line_offset)
    except (KeyError, TypeError, AttributeError, ValueError):  # events shaped unlike the tested pyromark's
        return None  # markdown-it-py parses it: slower, never wrong


def _build(text: str, line_offset: int) -> Outline:
    data = text.encode("utf-8")  # event ranges are UTF-8 byte offsets
    builder = OutlineBuilder()
    link_targets = builder.outline.link_targets
    seen = 0  # byte offset up to which newlines were counted
    line = 1 + line_offset  # line at ``seen``
    run: _Run | None = None
    after_item = False  # the previous event opened a list item
    image_depth = 0  # inside an image's alt text, which markdown-it keeps out of the text
    in_code = False
    html: list[str] | None = None
    for event, span in _events(text, options=_Options.ENABLE_TABLES, merge_text=True):
        if event.__class__ is dict:
            value = event.get("Text")
            if value is not None:  # the most frequent event by far: handled first
                if image_depth or in_code:
                    continue
                if run is None:  # a tight list item's text, or a lazy line: no block event of its own
                    start = span["start"]
                    line += data.count(b"\n", seen, start)
                    seen = start
                    run = _Run(line, after_item, 0, True)
                run.parts.append(value)
                run.prose.append(value)
                if run.items is not None:
                    run.items.append(("text", value))
                after_item = False
                continue
            ((kind, value),) = event.items()
        else:
            kind, value = event, None
        if image_depth:
            if kind == "Start" and value.__class__ is dict and "Image" in value:
                image_depth += 1
            elif kind == "End" and value == "Image":
                image_depth -= 1
            continue
        if kind == "SoftBreak" or kind == "HardBreak" or kind == "Code" or kind == "InlineHtml" or (
            kind == "Start" and (value == "Emphasis" or value == "Strong" or (value.__class__ is dict and ("Link" in value or "Image" in value)))
        ):
            if run is None:
                start = span["start"]
                line += data.count(b"\n", seen, start)
                seen = start
                run = _Run(line, after_item, 0, True)
            if kind == "SoftBreak" or kind == "HardBreak":
                run.parts.append(" ")
                run.prose.append(" ")
                run.breaks += 1
            elif kind == "Code" or kind == "InlineHtml":
                if run.items is None:
                    run.items = [("text", piece) for piece in run.prose]
                if kind == "Code":
                    run.items.append(("code", value))
                    run.parts.append(value)
                else:
                    run.items.append(("html", value))
            elif kind == "Start" and value.__class__ is dict:
                if "Image" in value:
                    image_depth = 1
                else:
                    run.links += 1
                    link_targets.append((run.line + run.breaks, _href(value["Link"])))
        elif kind == "Html":
            html.append(value)
        elif kind == "Start":
            if run is not None and run.implicit:
                _end_run(builder, run)
                run = None
            if value == "Paragraph" or value == "TableCell" or (value.__class__ is dict and "Heading" in value):
                start = span["start"]
                line += data.count(b"\n", seen, start)
                seen = start
                if value == "Paragraph":
                    run = _Run(line, after_item, 0, False)
                elif value == "TableCell":
                    run = _Run(line, False, 0, False)
                else:
                    run = _Run(line, False, _HEADING_LEVEL[value["Heading"]["level"]], False)
            elif value == "Item":
                if builder.current is not None:
                    builder.current.list_items += 1
                after_item = True
                continue
            elif value == "HtmlBlock":
                html = []
            elif value.__class__ is dict:
                if "CodeBlock" in value:
                    in_code = True
                    if builder.current is not None:
                        builder.current.code_blocks += 1
                elif "Table" in value:
                    if builder.current is not None:
                        builder.current.tables += 1
        elif kind == "End":
            if value == "Paragraph" or value == "TableCell" or (value.__class__ is dict and "Heading" in value):
                _end_run(builder, run)
                run = None
            elif value == "CodeBlock":
                in_code = False
            elif value == "HtmlBlock":
                builder.html_block("".join(html))
                html = None
            elif run is not None and run.implicit and not (value == "Emphasis" or value == "Strong" or value == "Link"):
                _end_run(builder, run)
                run = None
        elif run is not None and run.implicit:  # a thematic break, or an event this module ignores
            _end_run(builder, run)
            run = None
        after_item = False
    if run is not None:
        _end_run(builder, run)
    return builder.finish()


def _end_run(builder: OutlineBuilder, run: _Run) -> None:
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
    prose = run.prose[0] if len(run.prose) == 1 else "\n".join(run.prose)
    if not may_hold_placeholders(prose):
        if items is None:
            builder.inline(text, [], run.links, count_words(prose), run.first_in_item, run.line)
            return
        if not any(kind == "html" for kind, _ in items):
            code = "\n".join(piece for kind, piece in items if kind == "code")
            builder.inline(text, [], run.links, count_words(prose) + count_words(code), run.first_in_item, run.line)
            return
    placeholders, words = inline_counts(items if items is not None else [("text", piece) for piece in run.prose])
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
