"""How documents relate: ``supersedes`` / ``superseded_by``, ``relates_to`` and body links between
documents of known types. ``artifactkit graph`` draws these edges, and so does the site."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from artifactkit.schema.project import Config

SUPERSEDES, RELATES, LINKS = "supersedes", "relates to", "links to"


def edges(entries, config: Config) -> list[tuple]:
    """(source, target, kind) for every relation, each pair and kind once, in a stable order."""
    from artifactkit.checks.references import reference_values
    from artifactkit.views import catalog

    out: dict[tuple, tuple] = {}

    def add(src, dst, kind):
        if src is None or dst is None or src.abspath == dst.abspath:
            return
        key = (src.abspath, dst.abspath, kind)
        if kind == RELATES:  # undirected: one edge per pair
            key = (*sorted((src.abspath, dst.abspath)), kind)
        out.setdefault(key, (src, dst, kind))

    for e in entries:
        for v in reference_values(e.frontmatter.get("supersedes")):
            add(e, catalog.resolve(e, v, entries, config), SUPERSEDES)
        for v in reference_values(e.frontmatter.get("superseded_by")):
            add(catalog.resolve(e, v, entries, config), e, SUPERSEDES)
        for v in reference_values(e.frontmatter.get("relates_to")):
            add(e, catalog.resolve(e, v, entries, config, same_type=False), RELATES)
    connected = {frozenset((k[0], k[1])) for k in out}
    index = catalog.indexed(entries)  # once: checking it is still the index of these entries costs a pass over them
    for e in entries:
        for href in e.links:
            target = catalog.resolve_link(e, href, entries, config, index)
            if target is not None and frozenset((e.abspath, target.abspath)) not in connected:
                add(e, target, LINKS)
    return list(out.values())
