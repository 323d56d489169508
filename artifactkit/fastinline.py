"""markdown-it-py's inline phase, minus its cost on inline content that can only be plain text.

About three quarters of a document's inline tokens (headings, list items, table cells, short
paragraphs) contain none of the characters that start inline markup under the "commonmark" preset
(``\\`` escape, backticks, ``*``/``_`` emphasis, ``[`` links and ``![`` images, ``<`` autolinks
and HTML, ``&`` entities). markdown-it's inline parser still walks them rule by rule, which is half
of the time it takes to parse a document. For such content, the children it produces are known:
the text of each line, a ``softbreak`` (or, after two trailing spaces, a ``hardbreak``) between
lines, trailing spaces before a break and leading spaces and tabs after it dropped — exactly what
its ``text`` and ``newline`` rules do. This module builds those tokens directly and hands every
other inline token to markdown-it unchanged.

tests/test_fastinline_diff.py checks that the token stream (children included) is identical to
stock markdown-it-py's on the test documents, the bench corpus and generated Markdown.
"""

from __future__ import annotations

import re

# Characters that start an inline rule other than `text` and `newline` in the commonmark preset
# (``!`` only starts an image when followed by ``[``).
MARKUP_RE = re.compile(r"[\\`*_\[<&]")


def install(md) -> None:
    """Replace the ``inline`` core rule of ``md`` (a MarkdownIt with the commonmark preset)."""
    active = md.inline.ruler.get_active_rules()
    if active != ["text", "newline", "escape", "backticks", "emphasis", "link", "image", "autolink", "html_inline", "entity"] or md.options.get("breaks"):
        return  # another configuration: not the one this module mirrors
    md.core.ruler.at("inline", _inline)


def _inline(state) -> None:
    from markdown_it.token import Token

    md, env = state.md, state.env
    search = MARKUP_RE.search
    for token in state.tokens:
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        content = token.content
        if search(content) is not None:
            md.inline.parse(content, md, env, token.children)
            continue
        children = token.children
        if "\n" not in content:
            if content:
                text = Token("text", "", 0)
                text.content = content
                children.append(text)
            continue
        lines = content.split("\n")
        last = len(lines) - 1
        for i, line in enumerate(lines):
            if i:
                line = line.lstrip(" \t")  # the newline rule skips the next line's leading spaces and tabs
            if i == last:
                kind = None
            elif line.endswith("  "):
                line, kind = line.rstrip(" "), "hardbreak"
            elif line.endswith(" "):
                line, kind = line[:-1], "softbreak"
            else:
                kind = "softbreak"
            if line:
                text = Token("text", "", 0)
                text.content = line
                children.append(text)
            if kind is not None:
                children.append(Token(kind, "br", 0))
