"""markdown-it-py core rules for the site: what the author wrote, shown as a reader expects, in linear time.

* HTML comments (template instructions, ``<!-- toc -->``) are never shown; any other raw HTML is shown
  as text, never passed through (a ``<script>`` in a pull request must not run in readers' browsers).
* A paragraph that is only a table-of-contents marker (``[TOC]``, ``[[_TOC_]]``) is dropped: the page
  has its own contents list.
* Task list items get a checkbox, and headings an id (GitHub's slugs: ``a``, ``a-1``, ``a-2``...). The
  plugins of mdit_py_plugins search backwards for each item's list and count up from 1 for each
  repeated slug: 20,000 items or headings took close to a minute. Here both are one pass.
"""

from __future__ import annotations

import re
from html import escape

from markdown_it.token import Token

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_TOC_MARKER = re.compile(r"\[\[?_?toc_?\]\]?|\[\[?_?tableofcontents_?\]\]?", re.I)
_UNCHECKED = '<input class="task-list-item-checkbox" disabled="disabled" type="checkbox">'
_CHECKED = '<input class="task-list-item-checkbox" checked="checked" disabled="disabled" type="checkbox">'
_SLUG_DROP = re.compile(r"[^\w\u4e00-\u9fff\- ]")


def raw_html_as_text(state) -> None:
    out: list[Token] = []
    for token in state.tokens:
        if token.type == "html_block":
            shown = _COMMENT.sub("", token.content).strip()
            if not shown:
                continue  # only comments: nothing to show
            token.content = f"<p>{escape(shown, quote=False)}</p>\n"  # rendered as is: escaped here
        elif token.type == "inline" and token.children:
            kept = []
            for child in token.children:
                if child.type == "html_inline":
                    if child.content.startswith("<!--"):
                        continue
                    child.type = "text"  # the text renderer escapes it
                kept.append(child)
            token.children = kept
        out.append(token)
    state.tokens = out


def drop_toc_markers(state) -> None:
    tokens, out, i = state.tokens, [], 0
    while i < len(tokens):
        if (
            tokens[i].type == "paragraph_open"
            and i + 2 < len(tokens)
            and tokens[i + 1].type == "inline"
            and _TOC_MARKER.fullmatch(tokens[i + 1].content.strip())
        ):
            i += 3
            continue
        out.append(tokens[i])
        i += 1
    state.tokens = out


def tasklists(state) -> None:
    """``- [ ] x`` / ``- [x] x``: a disabled checkbox, the item and its list marked with a class."""
    lists: list[Token] = []  # the open lists, innermost last
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append(token)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            if lists:
                lists.pop()
        elif (
            token.type == "inline"
            and i >= 2
            and tokens[i - 1].type == "paragraph_open"
            and tokens[i - 2].type == "list_item_open"
            and token.children
            and token.children[0].type == "text"
            and token.content[:4] in ("[ ] ", "[x] ", "[X] ")
        ):
            checked = token.content[1] != " "
            box = Token("html_inline", "", 0)
            box.content = _CHECKED if checked else _UNCHECKED
            token.children[0].content = token.children[0].content[3:]
            token.content = token.content[3:]
            token.children.insert(0, box)
            tokens[i - 2].attrSet("class", "task-list-item")
            if lists:
                lists[-1].attrSet("class", "contains-task-list")


def slugify(title: str) -> str:
    return _SLUG_DROP.sub("", title.lower().replace(" ", "-"))


def anchors(state) -> None:
    """An id on every heading of levels 1 to 4, unique within the document."""
    used: set[str] = set()
    next_suffix: dict[str, int] = {}
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "heading_open" or token.tag not in ("h1", "h2", "h3", "h4"):
            continue
        children = tokens[i + 1].children or []
        base = slugify("".join(c.content for c in children if c.type in ("text", "code_inline")))
        slug = base
        if slug in used:
            n = next_suffix.get(base, 1)
            while f"{base}-{n}" in used:
                n += 1
            slug, next_suffix[base] = f"{base}-{n}", n + 1
        used.add(slug)
        token.attrSet("id", slug)


def use(md) -> None:
    md.core.ruler.after("inline", "ak_raw_html", raw_html_as_text)
    md.core.ruler.after("ak_raw_html", "ak_toc_markers", drop_toc_markers)
    md.core.ruler.after("ak_toc_markers", "ak_tasklists", tasklists)
    md.core.ruler.push("ak_anchors", anchors)
