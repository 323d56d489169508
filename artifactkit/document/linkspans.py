"""Where a Markdown body's real links and title lie in its text, from pulldown-cmark's source ranges.

An edit that renames a link target or renumbers a title touches only these spans: never a code
span, a code block, an HTML comment, a YAML comment or prose that happens to look like a link.
Regexes over lines cannot tell those apart, and ``str.splitlines`` counts a form feed or U+2028 as
a line end where Markdown does not.
"""

from __future__ import annotations

import re

from artifactkit.record import dataclass


@dataclass(frozen=True)
class Span:
    start: int  # character offsets into the body
    end: int
    url: str  # the destination as the parser read it (escapes and entities resolved)


def _events(body: str):
    from pyromark import events_with_range

    return events_with_range(body)


def _char_offsets(body: str, byte_offsets: list[int]) -> dict[int, int]:
    """pulldown-cmark counts bytes of UTF-8; Python slices characters. One pass over the text in
    the offsets' order (decoding from the start for each offset was quadratic: 20,000 links)."""
    data = body.encode("utf-8", "surrogatepass")
    out: dict[int, int] = {}
    last = chars = 0
    for b in sorted(set(byte_offsets)):
        chars += len(data[last:b].decode("utf-8", "surrogatepass"))
        out[b], last = chars, b
    return out


def _destination(data: bytes, after_text: int, end: int) -> tuple[int, int] | None:
    """Byte range of the raw destination of an inline link whose text ends at ``after_text``."""
    i = data.find(b"](", after_text, end)
    if i < 0:
        return None
    i += 2
    while i < end and data[i : i + 1] in (b" ", b"\t", b"\n", b"\r"):
        i += 1
    if data[i : i + 1] == b"<":
        close = data.find(b">", i + 1, end)
        return (i + 1, close) if close > 0 else None
    start, depth = i, 0
    while i < end:
        c = data[i : i + 1]
        if c == b"\\":
            i += 2
            continue
        if c in (b" ", b"\t", b"\n", b"\r"):
            break
        if c == b"(":
            depth += 1
        elif c == b")":
            if depth == 0:
                break
            depth -= 1
        i += 1
    return (start, i) if i > start else None


def link_destinations(body: str) -> list[Span]:
    """The raw destination of each inline link and image in ``body``, in order."""
    data = body.encode("utf-8", "surrogatepass")
    found: list[tuple[int, int, str]] = []
    open_links: list[tuple[str, int]] = []  # (url, furthest end of the link text so far)
    for event, span in _events(body):
        start = event.get("Start") if isinstance(event, dict) else None
        kind = next(iter(start)) if isinstance(start, dict) else None
        if isinstance(start, dict) and kind in ("Link", "Image"):
            attrs = start[kind]
            inline = attrs.get("link_type") == "Inline"  # a reference's or autolink's destination is elsewhere
            open_links.append((attrs.get("dest_url", ""), span["start"] + (2 if kind == "Image" else 1) if inline else -1))
            continue
        if isinstance(event, dict) and event.get("End") in ("Link", "Image"):
            url, text_end = open_links.pop()
            if text_end >= 0:
                dest = _destination(data, text_end, span["end"])
                if dest is not None:
                    found.append((dest[0], dest[1], url))
        # the text of every link still open reaches at least this far (an image in a link included)
        open_links = [(url, max(text_end, span["end"]) if text_end >= 0 else -1) for url, text_end in open_links]
    chars = _char_offsets(body, [b for s, e, _ in found for b in (s, e)])
    return [Span(chars[s], chars[e], url) for s, e, url in found]


def title_span(body: str) -> tuple[int, int] | None:
    """Character range of the first level-1 heading (ATX or setext), where the document's title is."""
    for event, span in _events(body):
        if isinstance(event, dict) and isinstance(event.get("Start"), dict) and event["Start"].get("Heading", {}).get("level") == "H1":
            chars = _char_offsets(body, [span["start"], span["end"]])
            return chars[span["start"]], chars[span["end"]]
    return None


_DEFINITION_RE = re.compile(r" {0,3}\[(?:[^\]\\]|\\.)+\]:[ \t]*(?:<([^>\n]*)>|(\S+))")


def definition_destinations(body: str) -> list[Span]:
    """The destination of each top-level link reference definition (``[adr-3]: 0003-x.md``): the
    parser consumes those lines without a token, so a line no block covers and shaped like one is one."""
    from artifactkit.document.markdown import parse_tokens

    covered = [False] * (body.count("\n") + 1)
    for tok in parse_tokens(body):
        if tok.map and tok.level == 0:
            for covered_line in range(tok.map[0], min(tok.map[1], len(covered))):
                covered[covered_line] = True
    found, offset = [], 0
    for number, line in enumerate(body.split("\n")):
        match = None if covered[number] else _DEFINITION_RE.match(line)
        if match:
            group = 1 if match.group(1) is not None else 2
            found.append(Span(offset + match.start(group), offset + match.end(group), match.group(group)))
        offset += len(line) + 1
    return found
