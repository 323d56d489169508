"""What each page of the site is made from, as one digest: a page whose key is the one the last
build recorded (artifactkit.site.output) is kept as it is, neither rendered nor written again."""

from __future__ import annotations

import hashlib
import json


def key(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, default=str, ensure_ascii=False).encode("utf-8", "surrogateescape")).hexdigest()


def doc_key(d, types, site, related=(), shown=None) -> str:
    """``shown``: what every page's layout takes from the command line (live reload, the published address)."""

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
        shown,
    )  # not the number of documents or today's date: the dashboard shows those, so one edit rewrites only its neighbours


def type_key(t, types, site, shown=None) -> str:
    rows = [(d.page, d.entry.title, d.entry.number, d.entry.status, d.entry.date, d.tags, d.owners, d.struck, d.errors, len(d.problems)) for d in t["docs"]]
    return key(rows, [(x["label"], x["page"]) for x in types], site.name, shown)


def graph_key(site, types, shown=None) -> str:
    rows = [(d.page, d.entry.type, d.entry.number, d.entry.title, d.entry.status, d.struck) for d in site.docs]
    return key(rows, [(a.page, b.page, kind) for a, b, kind in site.edges], [(t["name"], t["label"], t["page"]) for t in types], site.name, shown)


def search_key(site, labels: dict[str, str]) -> str:
    """What the search index is made from: each document's fields, page and searched text (by its digest)."""
    rows = [(d.page, d.entry.title, d.entry.number, d.entry.type, d.entry.status, d.entry.date, d.rendered.search_sha) for d in site.docs]
    return key(rows, labels)


def _shown(d) -> tuple:
    """What a link to a document shows (macros.html doclink)."""
    return (d.page, d.entry.type, d.entry.number, d.entry.title, d.struck)


def dashboard_key(site, types, ctx: dict, shown) -> str:
    """The dashboard's inputs: ``ctx`` (Renderer.dashboard_context) as the template reads it, the date
    and count in its footer, and the types' cards."""
    return key(
        shown,
        site.name,
        site.today,
        len(site.docs),
        len(site.problems_outside),
        [(t["name"], t["label"], t["page"], len(t["docs"]), t["statuses"]) for t in types],
        ctx["counts"],
        ctx["soon_days"],
        [(_shown(d), d.errors, d.warnings, d.problems[0].message) for d in ctx["flagged"]],
        None if ctx["reviews"] is None else [(_shown(d), d.review_state, d.review_due) for d in ctx["reviews"]],
        [(_shown(d), d.actions) for d in ctx["actions"]],
        [_shown(d) for d in ctx["unlinked"]],
        [(p.path, p.line, p.level, p.message) for p in ctx["alerts"]],
        [(_shown(d), d.edit.date, d.edit.author) for d in ctx["recent"]],
    )
