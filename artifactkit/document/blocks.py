"""Where a Markdown body's top-level blocks are: an inserted section must land between them, never
inside a code fence, an HTML comment, a list item or a block quote (a heading indented under a
list item is a heading of that item, and text put before it would split the item)."""

from __future__ import annotations


def _tokens(body: str):
    from artifactkit.document.markdown import parse_tokens

    return parse_tokens(body)


def top_level_headings(body: str) -> set[int]:
    """0-based lines of ``body`` where a heading that belongs to no other block starts."""
    return {tok.map[0] for tok in _tokens(body) if tok.type == "heading_open" and tok.level == 0 and tok.map}


def heading_stands_at(body: str, line: int) -> bool:
    """Whether a top-level heading starts at 0-based ``line`` of ``body``: after inserting one, the
    check that it did not fall into a fence, an HTML block or a list item left open above it."""
    return line in top_level_headings(body)
