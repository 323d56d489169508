"""``artifactkit export``: one repository's documents as a versioned JSON catalogue
(``schemas/catalog.schema.json``), for the merged site and ``artifactkit list --catalog``.

The catalogue is what the site gathers (``artifactkit.site.collect``): documents, lint findings,
relations, open action items, review dates, alerts and their runbooks, and the plain text search
indexes. It is byte-stable: keys and rows sorted, no time but what the inputs hold (dates in
documents, git history); paths and messages are relative to the repository root.
"""

from __future__ import annotations

import contextlib
import json
import os
import re

from artifactkit.checks import references
from artifactkit.site import collect, gitinfo
from artifactkit.views.relations import LINKS, RELATES, SUPERSEDES

VERSION = 1
REPO_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_KINDS = {SUPERSEDES: "supersedes", RELATES: "relates_to", LINKS: "links_to"}
_FRONT_KINDS = ("supersedes", "superseded_by", "relates_to")


def repository_name(root: str, given: str | None = None) -> str:
    """``given``, else the git top folder's (or the root's) name, made a valid reference prefix."""
    name = given if given is not None else os.path.basename(gitinfo.toplevel(root) or root)
    if given is not None and not REPO_NAME_RE.match(given):
        from artifactkit.errors import UserError

        raise UserError(f"--name {given!r}: use letters, digits, '.', '_' and '-' (it is how other repositories name this one: 'NAME#adr-3')")
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-._")[:100]
    return name or "repository"


def revision(root: str) -> str | None:
    out = gitinfo._git(root, "rev-parse", "HEAD")
    value = out.strip() if out else ""
    return value if re.match(r"^[0-9a-f]{7,64}$", value) else None


@contextlib.contextmanager
def _at(folder: str):
    """Paths in messages are shown relative to the working folder: the repository root makes them the same wherever export runs."""
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def _ids(docs) -> dict[str, str]:
    """abspath -> id: ``adr-3`` for a numbered document whose number is its type's alone, else its path."""
    counts: dict[tuple, int] = {}
    for d in docs:
        if d.entry.number is not None:
            counts[(d.entry.type, d.entry.number)] = counts.get((d.entry.type, d.entry.number), 0) + 1
    out = {}
    for d in docs:
        key = (d.entry.type, d.entry.number)
        out[d.entry.abspath] = _id(f"{d.entry.type}-{d.entry.number}" if d.entry.number is not None and counts[key] == 1 else d.rel)
    return out


def _clip(value: str, limit: int) -> str:
    """Text as the schema allows it: valid UTF-8 (a file name's undecodable bytes become '?') and at
    most ``limit`` characters, so that every catalogue export writes is one its readers accept."""
    if not value.isascii():
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _text(value, limit: int = 300) -> str | None:
    return None if value is None else _clip(str(value), limit)


def _id(value: str) -> str:
    return _clip(value.replace("#", "%23"), 1000)  # '#' separates a repository from a document in a reference


def _finding(p, with_path: bool = False) -> dict:
    row = {"line": int(p.line), "level": "error" if p.level == "error" else "warning", "rule": p.rule, "message": _clip(p.message, 4000)}
    if with_path:
        row["path"] = _clip(p.path, 4000)
    return row


def catalogue(config, name: str | None = None, use_cache: bool = True) -> dict:
    root = os.path.realpath(str(config.root))
    with _at(root):
        site = collect.gather(config, use_cache=use_cache)
        alerts = _alerts(config, site, root)
    ids = _ids(site.docs)
    relations: dict[str, list[dict]] = {d.entry.abspath: [] for d in site.docs}
    for src, dst, kind in site.edges:
        relations[src.entry.abspath].append({"kind": _KINDS.get(kind, "links_to"), "target": ids[dst.entry.abspath]})
    documents = []
    for d in site.docs:
        rels = relations[d.entry.abspath]
        for field in _FRONT_KINDS:  # another repository's documents, named as 'repo#adr-3'
            for value in references.reference_values(d.entry.frontmatter.get(field)):
                other = references.cross_repository(value)
                if other is not None:
                    rels.append({"kind": field, "target": f"{other[0]}#{other[1]}-{other[2]}"})  # within the schema's limits by its pattern
        documents.append(
            {
                "id": ids[d.entry.abspath],
                "type": d.entry.type,
                "number": d.entry.number if d.entry.number is not None and 0 <= d.entry.number <= 999_999_999 else None,
                "title": _clip(d.entry.title, 1000),
                "status": _text(d.entry.status),
                "date": _text(d.entry.date, 40),
                "path": _clip(d.rel, 1000),
                "owners": sorted({_clip(o, 300) for o in d.owners})[:100],
                "tags": sorted({_clip(t, 300) for t in d.tags})[:100],
                "review_due": d.review_due,
                "edited": d.edit.date if d.edit else None,
                "relations": sorted({(r["kind"], r["target"]): r for r in rels}.values(), key=lambda r: (r["kind"], r["target"]))[:1000],
                "findings": sorted((_finding(p) for p in d.problems), key=lambda f: (f["line"], f["rule"], f["message"]))[:10000],
                "actions": sorted(
                    (
                        {
                            "line": int(a.get("line") or 0),
                            "text": _clip(str(a["text"]), 4000),
                            "owner": _text(a.get("owner")),
                            "ticket": _text(a.get("ticket")),
                            "due": a.get("due") if isinstance(a.get("due"), str) and re.match(r"^\d{4}-\d{2}-\d{2}$", a["due"]) else None,
                        }
                        for a in d.actions
                    ),
                    key=lambda a: (a["line"], a["text"]),
                )[:10000],
                "excerpt": _clip(d.rendered.excerpt, 4000),
                "search_text": _clip(d.rendered.words, 2_000_000),
            }
        )
    documents.sort(key=lambda doc: (doc["type"], doc["number"] is None, doc["number"] or 0, doc["path"]))
    others = sorted((_finding(p, with_path=True) for p in site.problems_outside), key=lambda f: (f["path"], f["line"], f["rule"], f["message"]))
    return {
        "version": VERSION,
        "repository": {"name": repository_name(root, name), "revision": revision(root)},
        "documents": documents,
        "alerts": sorted(alerts, key=lambda a: (a["rule_file"], a["line"], a["name"])),
        "other_findings": others,
    }


def _alerts(config, site, root: str) -> list[dict]:
    """Each alerting rule and the runbook its ``runbook_url`` leads to (``runbooks:`` in the config)."""
    from artifactkit.checks import alerts

    if not config.runbooks.get("alert_rules"):
        return []
    ids = _ids(site.docs)
    out = []
    for path in alerts.rule_files(config.runbooks, config.root):
        found, _ = alerts.read_alerts(path)
        for alert in found:
            runbook, state = None, "no-url"
            if alert.url is not None:
                target, _, ours = alerts.resolve_url(alert.url, config.runbooks, config.root)
                runbook = ids.get(target) if target else None
                state = "elsewhere" if not ours else "ok" if runbook is not None else "missing"
            rule_file = os.path.relpath(os.path.realpath(path), root).replace(os.sep, "/")
            out.append(
                {
                    "name": _clip(alert.name, 300),
                    "rule_file": _clip(rule_file, 1000),
                    "line": alert.line,
                    "url": _text(alert.url, 4000),
                    "runbook": runbook,
                    "state": state,
                }
            )
    return out


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
