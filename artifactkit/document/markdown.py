"""The outline from markdown-it-py's tokens: the independent reference the native pulldown-cmark
reading (artifactkit.document.pulldown) is tested against (tests/test_pulldown_diff.py); lint itself
reads with pulldown-cmark only (ARTIFACTKIT_OUTLINE=reference selects this one, for tests and benchmarks)."""

from __future__ import annotations

from collections.abc import Callable

from artifactkit.document.sections import Outline, OutlineBuilder, Section, continues_code_above, fence_closed, inline_counts

_PARSER = None


def _parser():
    global _PARSER
    if _PARSER is None:
        from markdown_it import MarkdownIt
        from mdit_py_plugins.footnote import footnote_plugin

        # GFM footnotes as pulldown-cmark reads them: definitions in place, no inline ^[...] notes
        _PARSER = MarkdownIt("commonmark").enable("table").use(footnote_plugin, inline=False, move_to_end=False)
        _PARSER.disable("text_join")  # keeps escapes apart: "\<name>" is no placeholder (_inline_text joins the rest)
    return _PARSER


def parse_tokens(body: str):
    return _parser().parse(body)


_PIECE_KINDS = {"text": "text", "code_inline": "code", "html_inline": "html"}


def _inline_text(token) -> tuple[str, list[str], int, int]:
    """Plain text of an inline token, placeholders in its prose (code spans are literal), links, words."""
    parts: list[str] = []
    pieces: list[tuple[str, str]] = []
    links = 0
    joined = False  # the last piece is text that the next text joins (what text_join would do)
    for child in token.children or ():
        kind = child.type
        if kind == "text_special" and child.info == "escape" and child.content in ("<", "{"):
            pieces.append(("code", child.content))  # "\<", "\{": literal, no placeholder starts here
            parts.append(child.content)
            joined = False
            continue
        if kind in ("text", "text_special"):
            if joined:
                pieces[-1] = ("text", pieces[-1][1] + child.content)
            else:
                pieces.append(("text", child.content))
            parts.append(child.content)
            joined = True
            continue
        joined = False
        if kind in _PIECE_KINDS:
            pieces.append((_PIECE_KINDS[kind], child.content))
            if kind != "html_inline":
                parts.append(child.content)
        elif kind == "link_open":
            links += 1
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
            pieces.append(("text", " "))  # as the native pass has it: "word\n<name>" is no name glued to a word
    placeholders, words = inline_counts(pieces)
    return "".join(parts), placeholders, links, words


def _heading_text(token) -> str:
    return " ".join(_inline_text(token)[0].split())


def build_outline_reference(body: str, line_offset: int) -> Outline:
    """The outline from markdown-it-py's tokens: the reference the native reading is tested against."""
    tokens = parse_tokens(body)
    builder = OutlineBuilder()
    split: list[list[str]] = []  # the body's lines, split once and only if a fence or a placeholder needs them

    def lines() -> list[str]:
        if not split:
            split.append(body.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
        return split[0]

    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        kind = tok.type
        if kind == "heading_open":
            _add_links(builder.outline, tokens[i + 1], line_offset)
            builder.heading(int(tok.tag[1]), tok.map[0] + 1 + line_offset, _heading_text(tokens[i + 1]))
            i += 3
            continue
        if kind == "inline":
            _add_links(builder.outline, tok, line_offset)
            if builder.current is not None:
                _inline(builder, tok, lines, i >= 2 and tokens[i - 2].type == "list_item_open", line_offset)
        elif kind == "html_block":
            builder.html_block(tok.content)
        elif kind == "fence" and tok.map is not None:
            if not fence_closed(lines(), tok.map[0], tok.map[1] - 1):
                builder.outline.unclosed_fences.append(tok.map[0] + 1 + line_offset)
            if builder.current is not None:
                builder.current.code_blocks += 1
        elif builder.current is not None:
            _count_block(builder.current, kind)
        i += 1
    return builder.finish()


def _inline(builder: OutlineBuilder, tok, lines: Callable[[], list[str]], in_list_item: bool, line_offset: int) -> None:
    """A paragraph's (or cell's) inline token inside a section; a placeholder on a line that continues
    an indented code block above is code, not prose."""
    text, placeholders, links, words = _inline_text(tok)
    line = (tok.map[0] if tok.map else 0) + 1 + line_offset
    if placeholders and tok.map and continues_code_above(lines(), tok.map[0]):
        placeholders = []
    builder.inline(text, placeholders, links, words, in_list_item, line)


def _count_block(section: Section, kind: str) -> None:
    if kind == "list_item_open":
        section.list_items += 1
    elif kind in ("fence", "code_block"):
        section.code_blocks += 1
    elif kind == "table_open":
        section.tables += 1


def _add_links(outline: Outline, tok, line_offset: int) -> None:
    """Record ``(line, href)`` for each link of an inline token; the line counts the breaks before the link."""
    if not tok.children or tok.map is None:
        return
    line = tok.map[0] + 1 + line_offset
    for child in tok.children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "link_open":
            href = child.attrGet("href")
            if isinstance(href, str):
                outline.link_targets.append((line, href))
