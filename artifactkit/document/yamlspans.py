"""Where each node of a YAML text is: exact character spans from ruamel.yaml's parser events.

The parser gives every key and value its span whatever its shape (block or flow collection,
explicit ``? key``, anchor, alias, quoted, empty), which the round-trip loader's line/column
positions do not: they miss the end of a value and the position of an alias. The front-matter
editor (frontedit.py) splices new values into these spans.
"""

from __future__ import annotations

from artifactkit.record import dataclass, field


@dataclass
class Node:
    """Where one YAML node is in the source (character offsets) and what shape it has."""

    kind: str  # "scalar", "alias", "seq" or "map"
    start: int  # includes the anchor and tag
    end: int
    anchor: str | None = None
    style: str | None = None  # a scalar's quote style: None (plain), "'", '"', "|", ">"
    flow: bool = False  # a flow collection: [..] or {..}
    close: int = -1  # a flow collection: offset of its closing bracket
    value: str | None = None  # a scalar's text
    column: int = 0
    items: list[Node] = field(default_factory=list)  # direct children of a collection


def read(events: list, i: int, levels: int = 2) -> tuple[Node, int]:
    """The node whose events start at ``events[i]`` (its items down ``levels`` levels), and the index after it."""
    from ruamel.yaml.events import (
        AliasEvent,
        CollectionEndEvent,
        CollectionStartEvent,
        MappingStartEvent,
    )

    event = events[i]
    mark = event.start_mark
    if not isinstance(event, CollectionStartEvent):
        kind = "alias" if isinstance(event, AliasEvent) else "scalar"
        return Node(
            kind, mark.index, event.end_mark.index, event.anchor, getattr(event, "style", None), value=getattr(event, "value", None), column=mark.column
        ), i + 1
    node = Node(
        "map" if isinstance(event, MappingStartEvent) else "seq",
        mark.index,
        event.end_mark.index,
        event.anchor,
        flow=bool(event.flow_style),
        column=mark.column,
    )
    depth, j = 0, i  # a loop, not recursion: front matter may nest deeply
    while True:
        event = events[j]
        if isinstance(event, CollectionStartEvent):
            if depth == 1 and levels > 0:
                child, j = read(events, j, levels - 1)
                node.items.append(child)
                continue
            depth += 1
            if depth == 2:
                child_start = j
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
            if depth == 1:
                node.items.append(_span(events, child_start, j))
            elif depth == 0:
                node.close = event.start_mark.index
                node.end = _end(events, j)
                return node, j + 1
        elif depth == 1:
            node.items.append(read(events, j)[0])
        j += 1


def _end(events: list, j: int) -> int:
    """Where the collection ending at ``events[j]`` ends in the text: a block collection's end event
    is empty and sits at the next token (after comments and blank lines), so skip those."""
    while j > 0 and events[j].start_mark.index == events[j].end_mark.index and type(events[j]).__name__.endswith("EndEvent"):
        j -= 1
    return events[j].end_mark.index


def _span(events: list, start: int, end: int) -> Node:
    """A nested collection (events ``start``..``end``) as a span, without its items."""
    from ruamel.yaml.events import MappingStartEvent

    first = events[start]
    return Node(
        "map" if isinstance(first, MappingStartEvent) else "seq",
        first.start_mark.index,
        _end(events, end),
        first.anchor,
        flow=bool(first.flow_style),
        close=events[end].start_mark.index,
        column=first.start_mark.column,
    )


def structure(source: str) -> tuple[Node | None, list[tuple[Node, Node]]]:
    """The root node of ``source`` (None when it holds no document) and its (key, value) pairs when it is a mapping."""
    from ruamel.yaml import YAML

    events = list(YAML(typ="rt").parse(source))
    starts = [i for i, e in enumerate(events) if type(e).__name__ == "DocumentStartEvent"]
    if not starts:
        return None, []
    root, _ = read(events, starts[0] + 1)
    if root.kind != "map":
        return root, []
    return root, list(zip(root.items[0::2], root.items[1::2]))
