"""``badge.svg``: documents and open problems, in the flat style READMEs use."""

from __future__ import annotations

from html import escape


def _width(text: str) -> int:
    return 10 + int(sum(7.2 if c.isupper() or c.isdigit() else 6.1 for c in text))


def svg(documents: int, problems: int, errors: int) -> str:
    left = "docs"
    right = f"{documents} · {problems} problem{'s' if problems != 1 else ''}"
    colour = "#4c1" if problems == 0 else "#e05d44" if errors else "#dfb317"
    lw, rw = _width(left), _width(right)
    total = lw + rw
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" aria-label="{escape(left)}: {escape(right)}">'
        f"<title>{escape(left)}: {escape(right)}</title>"
        f'<rect width="{lw}" height="20" fill="#555"/><rect x="{lw}" width="{rw}" height="20" fill="{colour}"/>'
        f'<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">'
        f'<text x="{lw / 2}" y="14">{escape(left)}</text><text x="{lw + rw / 2}" y="14">{escape(right)}</text></g></svg>\n'
    )
