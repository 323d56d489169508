"""The native pass's facts fed to the Python OutlineBuilder: how artifactkit built its outline
before src/build.rs did it in Rust. A reference on the same facts (escapes included), for
tests/test_pulldown_diff.py and the cost probes of tests/hostile."""

from __future__ import annotations

from artifactkit import _native
from artifactkit.document.pulldown import MAX_HEADINGS, TooComplex, href, normalize
from artifactkit.document.sections import Outline, OutlineBuilder, continues_code_above, fence_closed, inline_counts

# the facts src/walk.rs hands back
_HEADING, _INLINE, _HTML_BLOCK, _LIST_ITEM, _CODE_BLOCK, _TABLE, _FENCE = 1, 2, 3, 4, 5, 6, 7


def from_facts(result: tuple, text: str, line_offset: int) -> Outline:
    """Feed the native pass's facts (of ``text``, whose first line is ``line_offset + 1``) to the OutlineBuilder."""
    facts, links, headings = result
    lines: list[str] | None = None
    if headings > MAX_HEADINGS:
        raise TooComplex(f"document too complex to lint: over {MAX_HEADINGS:,} headings; split it")
    builder = OutlineBuilder()
    for fact in facts:
        kind = fact[0]
        if kind == _INLINE:
            _, line, first_in_item, run_text, link_count, words, pieces = fact
            placeholders: list[str] = []
            if pieces is not None:
                placeholders, words = inline_counts(pieces)
                if placeholders:
                    lines = text.split("\n") if lines is None else lines
                    placeholders = [] if continues_code_above(lines, line - 1 - line_offset) else placeholders
            builder.inline(run_text, placeholders, link_count, words, first_in_item, line)
        elif kind == _HEADING:
            builder.heading(fact[1], fact[2], " ".join(fact[3].split()))
        elif kind == _HTML_BLOCK:
            builder.html_block(fact[1])
        elif kind == _FENCE:
            lines = text.split("\n") if lines is None else lines
            if not fence_closed(lines, fact[1] - 1 - line_offset, fact[2] - 1 - line_offset):
                builder.outline.unclosed_fences.append(fact[1])
        elif builder.current is not None:
            if kind == _LIST_ITEM:
                builder.current.list_items += 1
            elif kind == _CODE_BLOCK:
                builder.current.code_blocks += 1
            elif kind == _TABLE:
                builder.current.tables += 1
    builder.outline.link_targets.extend((line, href(url, email)) for line, url, email in links)
    return builder.finish()


def build_outline(body: str, line_offset: int) -> Outline:
    text = normalize(body)
    return from_facts(_native.outline(text, line_offset + 1), text, line_offset)
