"""The site's former renderer, markdown-it-py with the site's core rules, kept as the independent
reference for the native one (src/render.rs; tests/test_site_render_diff.py).

What follows is artifactkit/site/mdplugins.py and the markdown-it half of
artifactkit/site/mdrender.py as they were in the package, with two changes: a contents entry is
the heading's text as a reader sees it (``Why the .default Field?``), where the former renderer
listed its Markdown source (``Why the `.default` Field?``), and an image's description in the
search text is its text too (``a b``, not ``a *b*``).
"""

from __future__ import annotations

import base64
import os
import re
from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token

from artifactkit.site.mdrender import EXCERPT_CHARS, IMAGE_EXTENSIONS, Links, Rendered, _distinct_words, _passage, relative, slugify

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_TOC_MARKER = re.compile(r"\[\[?_?toc_?\]\]?|\[\[?_?tableofcontents_?\]\]?", re.I)
_UNCHECKED = '<input class="task-list-item-checkbox" disabled="disabled" type="checkbox">'
_CHECKED = '<input class="task-list-item-checkbox" checked="checked" disabled="disabled" type="checkbox">'


def raw_html_as_text(state) -> None:
    out: list[Token] = []
    for token in state.tokens:
        if token.type == "html_block":
            shown = _COMMENT.sub("", token.content).strip()
            if not shown:
                continue
            token.content = f"<p>{escape(shown, quote=False)}</p>\n"
        elif token.type == "inline" and token.children:
            kept = []
            for child in token.children:
                if child.type == "html_inline":
                    if child.content.startswith("<!--"):
                        continue
                    child.type = "text"
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
    lists: list[Token] = []
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


def anchors(state) -> None:
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


def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.core.ruler.after("inline", "ak_raw_html", raw_html_as_text)
    md.core.ruler.after("ak_raw_html", "ak_toc_markers", drop_toc_markers)
    md.core.ruler.after("ak_toc_markers", "ak_tasklists", tasklists)
    md.core.ruler.push("ak_anchors", anchors)
    default_fence = md.renderer.rules["fence"]

    def fence(_self, tokens, idx, options, env):
        token = tokens[idx]
        if token.info.strip().split(" ")[0].lower() == "mermaid":
            env["mermaid"] = True
            return f'<pre class="mermaid">{escape(token.content)}</pre>\n'
        return default_fence(tokens, idx, options, env)

    md.add_render_rule("fence", fence)
    return md


MD = parser()


def render(text: str, source: str, page: str, links: Links, title: str | None = None) -> Rendered:
    env: dict = {}
    tokens = MD.parse(text, env)
    if title is not None and len(tokens) >= 3 and tokens[0].type == "heading_open" and tokens[0].tag == "h1" and tokens[1].content.strip() == title:
        tokens = tokens[3:]
    out = Rendered(sha="")
    prose: list[str] = []
    words: list[str] = []
    section: list[str] = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            out.toc.append((int(token.tag[1]), str(token.attrs.get("id", "")), _plain(tokens[i + 1].children or []).strip()))
            _passage(out, " ".join(section))
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
    _passage(out, " ".join(section))
    out.body = MD.renderer.render(tokens, MD.options, env)
    out.mermaid = bool(env.get("mermaid"))
    out.excerpt = " ".join(" ".join(prose).split())[:EXCERPT_CHARS]
    out.words = _distinct_words(" ".join(words))
    return out


def _plain(children) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_plain(child.children or []))
    return "".join(parts)


def _rewrite_inline(children, source: str, page: str, links: Links, out: Rendered) -> None:
    for child in children:
        if child.type == "image":
            src = str(child.attrs.get("src", ""))
            real, _ = links.target(source, src)
            if real is None:
                if not _SCHEME.match(src) and not src.startswith("//"):
                    _drop_image(child, out, src)
                continue
            if not os.path.isfile(real) or not real.lower().endswith(IMAGE_EXTENSIONS):
                _drop_image(child, out, src, real if real.lower().endswith(IMAGE_EXTENSIONS) else None)
                continue
            if real.lower().endswith(".svg"):
                with open(real, "rb") as svg:
                    out.images.append((real, ""))
                    child.attrs["src"] = "data:image/svg+xml;base64," + base64.b64encode(svg.read()).decode("ascii")
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
            child.attrs.pop("href", None)
            child.attrs["class"] = "missing-link"
            child.attrs["title"] = f"{href} is not part of this site"


def _drop_image(child, out: Rendered, src: str, candidate: str | None = None) -> None:
    if candidate:
        out.missing_images.append(candidate)
    child.type, child.tag, child.attrs, child.children = "text", "", {}, None
    child.content = f"[image not in the repository: {src}]"
