"""The relation graph as an SVG drawn in Python: one column per type, one box per document, each box a link.

No layout engine: documents sit in their type's column in catalogue order, and each relation is a
curve from the right edge of one box to the left edge of the other (a loop out to the right when
both are in the same column). That stays readable for the few dozen links a docs folder has.
"""

from __future__ import annotations

from html import escape

NODE_W, NODE_H, ROW, COL, TOP, PAD = 230, 30, 40, 300, 40, 20
KIND_CLASS = {"supersedes": "edge-supersedes", "relates to": "edge-relates", "links to": "edge-links"}


def _short(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def draw(site, url) -> str:
    """``url(page)`` gives the href of a document's page from the graph page."""
    columns = list(site.by_type)
    place: dict[int, tuple[float, float]] = {}
    height = TOP
    for c, type_name in enumerate(columns):
        for r, doc in enumerate(site.by_type[type_name]):
            place[id(doc)] = (PAD + c * COL, TOP + r * ROW)
        height = max(height, TOP + len(site.by_type[type_name]) * ROW)
    width = PAD * 2 + max(1, len(columns)) * COL
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="relations" role="img" aria-labelledby="graph-title" '
            f'width="{width}" height="{height + PAD}" viewBox="0 0 {width} {height + PAD}">'
        ),
        '<title id="graph-title">Relations between documents</title>',
        (
            '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            '<path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>'
        ),
    ]
    for c, type_name in enumerate(columns):
        parts.append(f'<text class="column" x="{PAD + c * COL}" y="{TOP - 14}">{escape(type_name)}</text>')
    for type_name in columns:
        for doc in site.by_type[type_name]:
            x, y = place[id(doc)]
            head = f"{doc.entry.type.upper()} {doc.entry.number}: " if doc.entry.number is not None else ""
            full = head + doc.entry.title + (f" ({doc.entry.status})" if doc.entry.status else "")
            struck = ' text-decoration="line-through"' if doc.struck else ""
            parts.append(
                f'<a class="node" href="{escape(url(doc.page))}" data-doc="{escape(doc.rel)}" aria-label="{escape(full)}">'
                f'<title>{escape(full)}</title><rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="5"/>'
                f'<text x="{x + 8}" y="{y + 19}"{struck}>{escape(_short(head + doc.entry.title))}</text></a>'
            )
    for src, dst, kind in site.edges:  # over the boxes: a curve that crosses a column stays visible
        (x1, y1), (x2, y2) = place[id(src)], place[id(dst)]
        y1, y2 = y1 + NODE_H / 2, y2 + NODE_H / 2
        if x1 == x2:  # same column: loop out to the right
            bend = NODE_W + 30 + min(120, abs(y2 - y1) / 6)
            d = f"M{x1 + NODE_W},{y1} C{x1 + bend},{y1} {x2 + bend},{y2} {x2 + NODE_W},{y2}"
        else:
            x1, x2 = (x1, x2 + NODE_W) if x2 < x1 else (x1 + NODE_W, x2)
            mid = (x1 + x2) / 2
            d = f"M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}"
        marker = "" if kind == "relates to" else ' marker-end="url(#arrow)"'
        label = f"{src.entry.title} {kind} {dst.entry.title}"
        parts.append(f'<path class="{KIND_CLASS[kind]}" d="{d}"{marker}><title>{escape(label)}</title></path>')
    parts.append("</svg>")
    return "\n".join(parts)
