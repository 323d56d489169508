"""What each page of the site is made from, as one digest: a page whose key is the one the last
build recorded (artifactkit.site.output) is kept as it is, neither rendered nor written again."""

from __future__ import annotations

import hashlib
import json


def key(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, default=str, ensure_ascii=False).encode("utf-8", "surrogateescape")).hexdigest()


def doc_key(d, types, site, related=()) -> str:
    def side(o):
        return (o.page, o.entry.title, o.struck) if o else None

    return key(
        [(label, side(o)) for label, o in related],
        d.rendered.sha,
        d.rendered.toc,
        d.entry.frontmatter,
        d.entry.status,
        d.entry.date,
        d.entry.title,
        d.rel,
        [(p.line, p.level, p.rule, p.message) for p in d.problems],
        d.edit,
        d.edit_url,
        side(d.prev),
        side(d.next),
        [side(o) for o in d.superseded_by],
        [side(o) for o in d.supersedes],
        d.review_due,
        d.review_state,
        [(t["label"], t["page"]) for t in types],
        site.name,
    )  # not the number of documents or today's date: the dashboard shows those, so one edit rewrites only its neighbours


def type_key(t, types, site) -> str:
    rows = [(d.page, d.entry.title, d.entry.number, d.entry.status, d.entry.date, d.tags, d.owners, d.struck, d.errors, len(d.problems)) for d in t["docs"]]
    return key(rows, [(x["label"], x["page"]) for x in types], site.name)


def graph_key(site, types) -> str:
    rows = [(d.page, d.entry.type, d.entry.number, d.entry.title, d.entry.status, d.struck) for d in site.docs]
    return key(rows, [(a.page, b.page, kind) for a, b, kind in site.edges], [(t["name"], t["label"], t["page"]) for t in types], site.name)


def search_key(site, labels: dict[str, str]) -> str:
    """What the search index is made from: each document's fields, page and searched text (by its digest)."""
    rows = [(d.page, d.entry.title, d.entry.number, d.entry.type, d.entry.status, d.entry.date, d.rendered.search_sha) for d in site.docs]
    return key(rows, labels)
