"""Everything the site shows, gathered once: the catalogue's documents, their lint findings, relations,
git history and rendered bodies.

Parsing and rendering a document is the slow part of a build, so both are kept in
``.artifactkit_cache/site.json`` by the SHA-256 of the file's bytes (the HTML itself in the body
store, ``site-bodies/``): after one document changes, a rebuild parses and renders only that one
(the lint results come from the lint cache the same way).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import os
import re
from dataclasses import dataclass, field

from artifactkit.checks.staleness import as_date
from artifactkit.io.textio import read_document
from artifactkit.schema.project import Config
from artifactkit.site import gitinfo, mdrender, progress
from artifactkit.site.pagefacts import page_date, page_title
from artifactkit.site.parallel import map_forked
from artifactkit.site.rendercache import RenderCache, entry_from_json, entry_to_json
from artifactkit.views import catalog
from artifactkit.views.catalog import Entry
from artifactkit.views.relations import SUPERSEDES, edges

SOON_DAYS = 30  # a runbook whose review falls due within this many days is listed as "due soon"
STRUCK = ("superseded", "deprecated", "rejected")
OWNER_FIELDS = ("owner", "owners", "deciders", "authors", "author", "participants")


@dataclass
class Doc:
    entry: Entry
    rel: str  # path from the repository root, posix
    page: str  # path of its page inside the site
    anchor: str  # id of its page in the single-file export
    rendered: mdrender.Rendered
    problems: list = field(default_factory=list)
    edit: gitinfo.Edit | None = None
    edit_url: str | None = None
    tags: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)
    supersedes: list[Doc] = field(default_factory=list)
    superseded_by: list[Doc] = field(default_factory=list)
    prev: Doc | None = None
    next: Doc | None = None
    review_due: str | None = None
    review_state: str | None = None  # "overdue" | "soon"
    actions: list[dict] = field(default_factory=list)  # open action items (checks.actions), for types that have them

    @property
    def struck(self) -> bool:
        return (self.entry.status or "").strip().lower() in STRUCK

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.level == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.level != "error")


@dataclass
class Site:
    config: Config
    docs: list[Doc]
    by_type: dict[str, list[Doc]]
    edges: list[tuple[Doc, Doc, str]]
    name: str
    today: str
    problems_outside: list = field(default_factory=list)  # findings in files that have no page (unreadable, unknown type)

    @property
    def mermaid(self) -> bool:
        return any(d.rendered.mermaid for d in self.docs)


def _strings(value) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [str(v).strip() for v in values if v is not None and not isinstance(v, (dict, list)) and str(v).strip()]


def _anchor(rel: str, used: set[str]) -> str:
    base = "doc-" + re.sub(r"[^A-Za-z0-9_-]+", "-", rel.rsplit(".", 1)[0]).strip("-").lower()
    anchor, n = base, 2
    while anchor in used:
        anchor, n = f"{base}-{n}", n + 1
    used.add(anchor)
    return anchor


def _sort_key(config: Config):
    order = {name: i for i, name in enumerate(config.types)}
    return lambda e: (order.get(e.type, len(order)), e.number if e.number is not None else float("inf"), e.path)


def gather(config: Config, use_cache: bool = True, jobs: int | None = None) -> Site:
    from artifactkit.engine.workers import default_jobs

    root = os.path.realpath(str(config.root))
    cache = RenderCache(config, use_cache)
    paths = _paths(config)
    workers = default_jobs() if jobs is None or jobs <= 0 else jobs
    progress.step(f"reading {len(paths)} files")
    entries, problems = _catalogue(config, paths, cache, jobs, workers, use_cache)
    # the site mirrors the repository's layout under pages/, so relative image paths stay as written
    pages = {e.abspath: "pages/" + os.path.relpath(e.abspath, root).replace(os.sep, "/").rsplit(".", 1)[0] + ".html" for e, _, _ in entries}
    edit_url = gitinfo.edit_url_maker(root)
    context = hashlib.sha256(
        json.dumps([sorted(pages.items()), bool(edit_url), edit_url(root + "/x") if edit_url else None]).encode("utf-8", "surrogateescape")
    ).hexdigest()
    renders = _renders(entries, cache, pages, context, _links(root, pages, edit_url, config.docs_root), root, workers)
    edits = gitinfo.last_edits(str(config.root / config.docs_root))
    docs: list[Doc] = []
    used: set[str] = set()
    for entry, _, _ in entries:
        rel = pages[entry.abspath][len("pages/") : -len(".html")] + os.path.splitext(entry.abspath)[1]
        fm = entry.frontmatter
        owners = [o for f in OWNER_FIELDS for o in _strings(fm.get(f))]
        doc = Doc(
            entry,
            rel,
            pages[entry.abspath],
            _anchor(rel, used),
            renders[entry.abspath],
            problems=problems.pop(entry.abspath, []),
            edit=edits.get(entry.abspath),
            edit_url=edit_url(entry.abspath) if edit_url else None,
            tags=_strings(fm.get("tags")),
            owners=list(dict.fromkeys(owners)),
            actions=_open_actions(cache.fresh[entry.abspath][3]),
        )
        _review(doc, config)
        docs.append(doc)
    cache.save(context)
    return _site(config, docs, problems, root)


def _paths(config: Config) -> list[str]:
    from artifactkit.engine.linter import default_paths
    from artifactkit.io.discovery import discover

    if not (config.root / config.docs_root).is_dir():
        return []
    return [p for p in discover(default_paths(config)) if not config.is_ignored(config.relpath(p))]


# (entry, sha256 of its bytes, its text: None until needed)
Entries = list[tuple[Entry, str, str | None]]


def _catalogue(config: Config, paths: list[str], cache: RenderCache, jobs, workers: int, use_cache: bool) -> tuple[Entries, dict[str, list]]:
    """Every document of a known type, sorted, and every file's findings by real path. A document is
    opened only when its bytes changed, and then once: lint's worker makes its entry (``_site_row``)."""
    entries, to_parse, real = _unchanged(config, paths, cache)
    progress.step(f"linting {len(paths)} files")
    problems, linted = _lint(config, paths, jobs, use_cache, real)
    rows = {item[1]: _entry_row(getattr(linted.get(item[1]), "extra", None), item) for item in to_parse}
    left = [item for item in to_parse if rows[item[1]] is None]  # lint's result came from its cache
    progress.step(f"parsing {len(left)} documents")
    for item, row in zip(left, map_forked(lambda item: _entry_row(_site_row(config, item[0], item[3]), item), left, workers)):
        rows[item[1]] = row
    for _path, abspath, sha, text in to_parse:
        entry, open_items = rows[abspath] or (None, [])
        if entry is None:
            cache.fresh[abspath] = [sha, None, None, []]
            continue
        entries.append((entry, sha, text))
        cache.fresh[abspath] = [sha, entry_to_json(entry), None, open_items]
    entries.sort(key=lambda t: _sort_key(config)(t[0]))
    return entries, problems


def _unchanged(config: Config, paths: list[str], cache: RenderCache) -> tuple[Entries, list[tuple[str, str, str, str]], dict[str, str]]:
    """(the entries the render cache holds for unchanged bytes, the files to open again as
    ``(path, real path, sha256, text)``, each discovered path's real path)."""
    from artifactkit.io.discovery import symlink_escape

    entries: Entries = []
    to_parse: list[tuple[str, str, str, str]] = []
    real: dict[str, str] = {}  # discovered path -> its real absolute path, the key documents are matched by
    folders: dict[str, str] = {}
    for path in paths:
        abspath = _real_path(path, folders)
        # symlink_escape's test on the real path just made (a realpath per file was a tenth of a rebuild)
        if abspath != os.path.abspath(path) and symlink_escape(path, config.root):
            continue
        real[path] = abspath
        try:
            st = os.stat(path)
        except OSError:
            continue
        cached = cache.files.get(abspath)
        text: str | None
        if cache.unchanged(abspath, st) and cached and isinstance(cached[0], str):  # recorded for every file: the next build skips its bytes
            sha, text = cached[0], None  # read only if its page is rendered again
        else:
            read = read_document(path)
            if read.text is None or read.data is None:
                continue
            sha, text = hashlib.sha256(read.data).hexdigest(), read.text
        if cached and len(cached) == 4 and cached[0] == sha and cached[1] is None:
            cache.fresh[abspath] = cached  # these bytes are no document of a known type
            continue
        entry = _cached_entry(cached, sha, path, abspath)
        if entry is None:
            text = text if text is not None else _read_text(path)
            if text is not None:
                to_parse.append((path, abspath, sha, text))
            continue
        entries.append((entry, sha, text))
        cache.fresh[abspath] = [sha, entry_to_json(entry), cached[2] if cached else None, cached[3] if cached else []]
    return entries, to_parse, real


def _cached_entry(cached: list | None, sha: str, path: str, abspath: str) -> Entry | None:
    """The render cache's entry for these bytes, or None when it holds none to use."""
    if not cached or len(cached) != 4 or cached[0] != sha or cached[1] is None:
        return None
    try:
        return entry_from_json(cached[1], path, abspath)
    except (ValueError, TypeError):
        return None


def _links(root: str, pages: dict[str, str], edit_url, docs_root: str = ".") -> mdrender.Links:
    blob_url = (lambda p: (edit_url(p) or "").replace("/edit/", "/blob/", 1) or None) if edit_url else None
    return mdrender.Links(root, pages.get, blob_url, docs_root)


def _renders(
    entries: Entries, cache: RenderCache, pages: dict[str, str], context: str, links: mdrender.Links, root: str, workers: int
) -> dict[str, mdrender.Rendered]:
    """Each document's rendered body: rendered again only when the document, the set of pages or an image changed."""

    def render(item: tuple[Entry, str | None]) -> mdrender.Rendered:
        text = item[1] if item[1] is not None else _read_text(item[0].abspath) or ""
        return mdrender.render(_body(text), item[0].abspath, pages[item[0].abspath], links, item[0].title)

    def load(item: tuple[Entry, str | None], sha: str):
        def body() -> str:
            kept = cache.bodies.get(sha)
            if kept is not None:
                return kept
            again = render(item)  # the body is gone or not what its name says: rendered again, and kept again
            cache.bodies.put(again.sha, again.html, replace=True)
            return again.html

        return body

    renders: dict[str, mdrender.Rendered] = {}
    for entry, _, text in entries:
        row = cache.fresh[entry.abspath]
        if row[2] is not None and cache.context == context and not _images_moved(row[2]):
            try:
                kept = mdrender.Rendered.from_json(row[2], load((entry, text), row[2][0]))
            except (ValueError, TypeError):
                continue
            if _names_only_inside(kept, root):
                renders[entry.abspath] = kept
    todo = [(entry, text) for entry, _, text in entries if entry.abspath not in renders]
    progress.step(f"rendering {len(todo)} documents")
    for (entry, _), rendered in zip(todo, map_forked(render, todo, workers)):
        renders[entry.abspath] = rendered
        cache.fresh[entry.abspath][2] = rendered.to_json()
        cache.bodies.put(rendered.sha, rendered.html)
    return renders


def _site(config: Config, docs: list[Doc], problems: dict[str, list], root: str) -> Site:
    """The site of ``docs``: linked by type in order and by supersession; findings left over are outside any page."""
    from artifactkit.checks.staleness import today

    by_type: dict[str, list[Doc]] = {}
    for doc in docs:
        by_type.setdefault(doc.entry.type, []).append(doc)
    for group in by_type.values():
        for a, b in itertools.pairwise(group):
            a.next, b.prev = b, a
    edges = _relations(docs, config)
    for src, dst, kind in edges:
        if kind == SUPERSEDES:
            src.supersedes.append(dst)
            dst.superseded_by.append(src)
    outside = sorted(p for found in problems.values() for p in found)
    return Site(config, docs, by_type, edges, os.path.basename(root) or "docs", today().isoformat(), outside)


def _read_text(path: str) -> str | None:
    return read_document(path).text


def _real_path(path: str, folders: dict[str, str]) -> str:
    """``os.path.realpath(path)``, resolving each folder once: a realpath per file was a tenth of a rebuild."""
    if os.path.islink(path):
        return catalog.norm_path(path)
    folder, name = os.path.split(os.path.abspath(path))
    if folder not in folders:
        folders[folder] = os.path.realpath(folder)
    return os.path.join(folders[folder], name)


def _body(text: str) -> str:
    from artifactkit.document import frontmatter
    from artifactkit.document.model import split_lines

    lines = split_lines(text)
    span = frontmatter.split(lines)
    if span is None or span[1] == -1:
        return text
    return "".join(lines[span[1] + 1 :])


def _open_actions(rows) -> list[dict]:
    """Cached open action items, each marked overdue when its due date has passed."""
    from artifactkit.checks.staleness import today

    now = today().isoformat()
    out = []
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict) and isinstance(row.get("text"), str):
            due = row.get("due") if isinstance(row.get("due"), str) else None
            out.append({**row, "due": due, "overdue": bool(due and due < now)})
    return out


def _names_only_inside(rendered: mdrender.Rendered, root: str) -> bool:
    """A cached render may name only files of this repository: an image row is a file the build copies
    into the site, so one naming /etc/passwd would publish it."""
    for source, rel in rendered.images:
        if not inside_repository(source, root, resolve=False):
            return False
        if rel and (os.path.isabs(rel) or os.path.normpath(os.path.join(root, rel)) != source):
            return False
    return all(inside_repository(path, root, resolve=False) for path in rendered.doc_links + rendered.missing_images)


def inside_repository(path: str, root: str, resolve: bool = True) -> bool:
    """``path`` is absolute and, links resolved, a file under ``root`` (itself a real path). A render
    names real paths already: ``resolve=False`` checks it is one, without a realpath per path."""
    if not os.path.isabs(path):
        return False
    return (os.path.realpath(path) if resolve else os.path.normpath(path)).startswith(root + os.sep)


def _images_moved(row: list) -> bool:
    """A cached render is stale when an image it showed is gone or one it missed has appeared."""
    images, missing = row[2], row[3]
    return any(not os.path.isfile(src) for src, _ in images) or any(os.path.isfile(path) for path in missing)


def _site_row(config: Config, path: str, text: str | None = None) -> list:
    """``[entry row or None, open action items]``: what the site keeps of one document, opened as lint
    opens it (in a lint worker, right after lint did: the service's cache holds it)."""
    from artifactkit.checks import actions
    from artifactkit.schema.opening import open_document

    opened = open_document(path, config, text=text)
    entry = catalog.entry_for(path, config, opened)
    if entry is None or opened.doc is None:
        return [None, []]
    entry.title, entry.date = page_title(opened.doc.outline, opened.title, entry, path), page_date(entry)
    doctype = opened.doctype
    items = [a.to_dict() for a in actions.items(opened.doc, doctype.action_items) if not a.done] if doctype is not None and doctype.action_items else []
    return json.loads(json.dumps([entry_to_json(entry), items], default=str))  # as the cache keeps it


def _site_row_or_none(result, config: Config) -> list | None:
    try:
        return _site_row(config, result.path)
    except Exception:  # noqa: BLE001 - in a lint worker: whatever this cannot read, the site opens itself
        return None


def _entry_row(row, item: tuple[str, str, str, str]) -> tuple[Entry | None, list] | None:
    """``(entry or None, open items)`` from a row ``_site_row`` made; None when there is none to use."""
    if not isinstance(row, list) or len(row) != 2:
        return None
    try:
        return (entry_from_json(row[0], item[0], item[1]) if row[0] is not None else None), row[1]
    except (ValueError, TypeError):
        return None


def _lint(config: Config, paths: list[str], jobs, use_cache: bool, real: dict[str, str]) -> tuple[dict[str, list], dict]:
    """Findings by real path, and each file's lint result by real path."""
    if not paths:
        return {}, {}
    from functools import partial

    from artifactkit.engine import workers
    from artifactkit.engine.linter import lint_paths

    # the docs folder's findings as `artifactkit lint` gives them: the files were found, not named, so a
    # Markdown file of no type (an index README) is skipped there, not a type-unknown problem here
    workers.ON_LINTED = partial(_site_row_or_none, config=config)
    try:
        run = lint_paths(paths, config, jobs=jobs, use_cache=use_cache, skip_unknown=True)
    finally:
        workers.ON_LINTED = None
    found: dict[str, list] = {}
    results: dict = {}
    for result in run.results:
        key = real.get(result.path) or catalog.norm_path(result.path)
        results[key] = result
        if result.problems:
            found.setdefault(key, []).extend(sorted(result.problems))
    return found, results


def _review(doc: Doc, config: Config) -> None:
    from artifactkit.checks.staleness import today

    doctype = config.types.get(doc.entry.type)
    if doctype is None or not doctype.review_field or not isinstance(doctype.review_days, int):
        return
    reviewed = as_date(doc.entry.frontmatter.get(doctype.review_field))
    if reviewed is None:
        return
    due = reviewed + dt.timedelta(days=doctype.review_days)
    left = (due - today()).days
    doc.review_due = due.isoformat()
    doc.review_state = "overdue" if left < 0 else "soon" if left <= SOON_DAYS else None


def _relations(docs: list[Doc], config: Config) -> list[tuple[Doc, Doc, str]]:
    """The relations ``artifactkit graph`` draws (artifactkit.views.relations), between the site's documents."""
    by_path = {d.entry.abspath: d for d in docs}
    return [
        (by_path[a.abspath], by_path[b.abspath], kind) for a, b, kind in edges([d.entry for d in docs], config) if a.abspath in by_path and b.abspath in by_path
    ]
