"""The outline from markdown-it-py's tokens: the reference parser, which the pulldown-cmark fast
path (artifactkit.document.pulldown) is tested against and falls back to."""

from __future__ import annotations

from artifactkit.document.sections import Outline, OutlineBuilder, inline_counts

_PARSER = None


def _parser():
    global _PARSER
    if _PARSER is None:
        from markdown_it import MarkdownIt

        _PARSER = MarkdownIt("commonmark").enable("table")
    return _PARSER


def parse_tokens(body: str):
    return _parser().parse(body)


_PIECE_KINDS = {"text": "text", "code_inline": "code", "html_inline": "html"}


def _inline_text(token) -> tuple[str, list[str], int, int]:
    """Plain text of an inline token, placeholders in its prose (code spans are literal), links, words."""
    parts: list[str] = []
    pieces: list[tuple[str, str]] = []
    links = 0
    for child in token.children or ():
        kind = child.type
        if kind in _PIECE_KINDS:
            pieces.append((_PIECE_KINDS[kind], child.content))
            if kind != "html_inline":
                parts.append(child.content)
        elif kind == "link_open":
            links += 1
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
    placeholders, words = inline_counts(pieces)
    return "".join(parts), placeholders, links, words


def _heading_text(token) -> str:
    return " ".join(_inline_text(token)[0].split())


def build_outline_reference(body: str, line_offset: int) -> Outline:
    """The outline from markdown-it-py's tokens: the reference the fast path is tested against."""
    tokens = parse_tokens(body)
    builder = OutlineBuilder()
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        kind = tok.type
        if kind == "inline":
            _add_links(builder.outline, tok, line_offset)
            if builder.current is not None:
                text, placeholders, links, words = _inline_text(tok)
                line = (tok.map[0] if tok.map else 0) + 1 + line_offset
                builder.inline(text, placeholders, links, words, i >= 2 and tokens[i - 2].type == "list_item_open", line)
        elif kind == "heading_open":
            _add_links(builder.outline, tokens[i + 1], line_offset)
            builder.heading(int(tok.tag[1]), tok.map[0] + 1 + line_offset, _heading_text(tokens[i + 1]))
            i += 3
            continue
        elif kind == "html_block":
            builder.html_block(tok.content)
        elif builder.current is None:
            pass
        elif kind == "list_item_open":
            builder.current.list_items += 1
        elif kind in ("fence", "code_block"):
            builder.current.code_blocks += 1
        elif kind == "table_open":
            builder.current.tables += 1
        i += 1
    return builder.finish()


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
