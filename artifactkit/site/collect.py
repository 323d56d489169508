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
from artifactkit.engine.config import Config
from artifactkit.errors import RefusedError, UserError
from artifactkit.io.textio import read_document
from artifactkit.site import gitinfo, mdrender, progress, signing
from artifactkit.site.bodystore import BodyStore
from artifactkit.site.parallel import map_forked
from artifactkit.views import catalog
from artifactkit.views.catalog import Entry
from artifactkit.views.relations import SUPERSEDES, edges

CACHE_FILE = "site.json"
CACHE_DIR_NAME = ".artifactkit_cache"
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


def _entry_to_json(e: Entry) -> list:
    return [e.type, e.number, e.title, e.status, e.date, e.frontmatter, e.links]


def _entry_from_json(row: list, path: str, abspath: str) -> Entry:
    type_, number, title, status, date, front, links = row
    if not isinstance(type_, str) or not isinstance(title, str) or not isinstance(front, dict):
        raise TypeError("malformed")
    shown = path.replace(os.sep, "/") if not os.path.isabs(path) else catalog.display_path(path)  # discovered paths are already relative
    return Entry(type_, number if isinstance(number, int) else None, title, status, date, shown, abspath, front, list(links))


class RenderCache:
    """``abspath -> [sha256, entry row, rendered row]``, valid for one config and one set of documents."""

    def __init__(self, config: Config, enabled: bool):
        from artifactkit.engine.cache import CACHE_DIR, config_key

        self.root = str(config.root)
        self.path = os.path.join(self.root, CACHE_DIR, CACHE_FILE)
        self.enabled = enabled
        self.key = hashlib.sha256(f"{config_key(config)}|{mdrender.RENDERER_VERSION}".encode()).hexdigest()
        self.files: dict[str, list] = {}
        self.context = ""
        self.stats: dict[str, list] = {}  # abspath -> [size, mtime_ns] when the cache was written
        self.fresh_stats: dict[str, list] = {}
        self.written = 0  # time.time_ns() when it was written
        if enabled:
            self._load()
        self.fresh: dict[str, list] = {}
        self.bodies = BodyStore(os.path.dirname(self.path), self.root, enabled)

    def _load(self) -> None:
        """The cache as this user signed it, or nothing: a cache anyone else wrote (or a malformed one) is
        discarded with one warning, never trusted and never a crash."""
        from artifactkit.io.textio import read_bytes
        from artifactkit.io.writer import check_inside

        try:
            check_inside(self.path, self.root)  # never read through a link out of the repository
            # bounded, never blocks on a FIFO in its place
            blob = read_bytes(self.path, 512 * 1024 * 1024, "site cache")
        except (OSError, UserError, RefusedError):
            return  # none yet, or not one to read: the build starts afresh
        data = signing.verify(blob)
        try:
            parsed = json.loads(data.decode("utf-8", "surrogateescape")) if data is not None else None
        except (ValueError, RecursionError):
            parsed = None
        if not isinstance(parsed, dict) or not isinstance(parsed.get("files"), dict):
            if signing.persistent():
                _warn(f"{CACHE_DIR_NAME}/{CACHE_FILE}: not a render cache this build wrote (malformed or signed by another key); rendering afresh")
            return
        if parsed.get("key") == self.key:
            self.files, self.context = parsed["files"], str(parsed.get("context", ""))
            stats, written = parsed.get("stats"), parsed.get("written")
            if isinstance(stats, dict) and isinstance(written, int):
                self.stats, self.written = stats, written

    def unchanged(self, abspath: str, st: os.stat_result) -> bool:
        """The file has the size and time it had when it was cached, and was last changed well before that
        (a change within the same tick of the clock would not show in its time): its bytes need no reading."""
        self.fresh_stats[abspath] = [st.st_size, st.st_mtime_ns]
        return self.stats.get(abspath) == self.fresh_stats[abspath] and st.st_mtime_ns < self.written - 2_000_000_000

    def save(self, context: str) -> None:
        if not self.enabled or (context == self.context and self.fresh == self.files and self.fresh_stats == self.stats):
            return  # nothing new: a rebuild of an unchanged site writes nothing here either
        self.bodies.prune({row[2][0] for row in self.fresh.values() if row[2]})
        import sys
        import time

        from artifactkit.escape import printable
        from artifactkit.io.writer import atomic_write, make_folders

        # json.dumps, not json.dump: the C encoder, several times faster on megabytes
        stats = {k: v for k, v in self.fresh_stats.items() if k in self.fresh}
        data = json.dumps(
            {"key": self.key, "context": context, "files": self.fresh, "stats": stats, "written": time.time_ns()}, ensure_ascii=False, separators=(",", ":")
        )
        try:
            make_folders(os.path.dirname(self.path), self.root)
            atomic_write(self.path, signing.sign(data.encode("utf-8", "surrogateescape")), root=self.root, durable=False)
        except RefusedError as exc:  # .artifactkit_cache is a link out of the repository: say so, build uncached
            sys.stderr.write(f"artifactkit: warning: {printable(str(exc))}; the render cache was not written\n")


def _warn(message: str) -> None:
    import sys

    from artifactkit.escape import printable

    sys.stderr.write(f"artifactkit: warning: {printable(message)}\n")


def gather(config: Config, use_cache: bool = True, jobs: int | None = None) -> Site:
    from artifactkit.engine.linter import default_paths, lint_paths
    from artifactkit.io.discovery import discover, symlink_escape

    root = os.path.realpath(str(config.root))
    cache = RenderCache(config, use_cache)
    paths = [p for p in discover(default_paths(config)) if not config.is_ignored(config.relpath(p))] if (config.root / config.docs_root).is_dir() else []

    from artifactkit.engine.workers import default_jobs

    workers = default_jobs() if jobs is None or jobs <= 0 else jobs
    progress.step(f"reading {len(paths)} files")

    # 1. the catalogue: every document of a known type, parsed only when its bytes changed
    entries: list[tuple[Entry, str, str | None]] = []  # (entry, sha, body text: None until needed)
    to_parse: list[tuple[str, str, str, str]] = []  # (path, abspath, sha, text)
    real: dict[str, str] = {}  # discovered path -> its real absolute path, the key documents are matched by
    folders: dict[str, str] = {}
    for path in paths:
        abspath = _real_path(path, folders)
        # symlink_escape's test on the real path just made (a realpath per file was a tenth of a rebuild)
        if abspath != os.path.abspath(path) and symlink_escape(path, config.root):
            continue
        real[path] = abspath
        cached = cache.files.get(abspath)
        try:
            st = os.stat(path)
        except OSError:
            continue
        text: str | None
        same = cache.unchanged(abspath, st)  # recorded for every file, so the next build can skip reading it
        if cached and isinstance(cached[0], str) and same:
            sha, text = cached[0], None  # read only if its page is rendered again
        else:
            read = read_document(path)
            if read.text is None or read.data is None:
                continue
            sha, text = hashlib.sha256(read.data).hexdigest(), read.text
        entry = None
        if cached and len(cached) == 4 and cached[0] == sha:
            try:
                entry = _entry_from_json(cached[1], path, abspath) if cached[1] is not None else None
            except (ValueError, TypeError):
                cached = None
            else:
                if entry is None:
                    cache.fresh[abspath] = cached
                    continue
        if entry is None:
            text = text if text is not None else _read_text(path)
            if text is not None:
                to_parse.append((path, abspath, sha, text))
            continue
        entries.append((entry, sha, text))
        cache.fresh[abspath] = [sha, _entry_to_json(entry), cached[2] if cached else None, cached[3] if cached else []]

    def parse(item: tuple[str, str, str, str]) -> tuple[Entry | None, list[dict]]:
        from artifactkit.checks import actions
        from artifactkit.document import model

        doc = model.parse_text(item[0], item[3])
        _lift_metadata(doc, config.types.get(doc.type or "") or config.type_for(config.relpath(item[0])))
        entry = catalog.entry_for(item[0], config, doc)
        if entry is not None:
            entry.title, entry.date = _site_title(doc, entry, item[0]), _site_date(entry)
        doctype = config.types.get(entry.type) if entry is not None else None
        if doctype is None or not doctype.action_items:
            return entry, []
        doc.apply_aliases(doctype.info.aliases())  # as lint and `list actions` read the section
        return entry, [a.to_dict() for a in actions.items(doc, doctype.action_items) if not a.done]

    # lint parses every changed document anyway: the entry is made from its result in the same worker
    progress.step(f"linting {len(paths)} files")
    problems, linted = _lint(config, lint_paths, paths, jobs, use_cache, real)
    made: list = []
    for item in to_parse:
        row = getattr(linted.get(item[1]), "extra", None)
        try:
            made.append((item, (_entry_from_json(row, item[0], item[1]), [])) if row is not None else (item, None))
        except (ValueError, TypeError):
            made.append((item, None))
    to_parse = [item for item, got in made if got is None]
    progress.step(f"parsing {len(to_parse)} documents")
    done = [(item, got) for item, got in made if got is not None]
    for (_path, abspath, sha, text), (parsed, open_items) in done + list(zip(to_parse, map_forked(parse, to_parse, workers))):
        if parsed is None:
            cache.fresh[abspath] = [sha, None, None, []]
            continue
        entries.append((parsed, sha, text))
        cache.fresh[abspath] = [sha, _entry_to_json(parsed), None, open_items]
    entries.sort(key=lambda t: _sort_key(config)(t[0]))

    # 2. pages: the site mirrors the repository's layout under pages/, so relative image paths stay as written
    pages: dict[str, str] = {}
    for entry, _, _ in entries:
        rel = os.path.relpath(entry.abspath, root).replace(os.sep, "/")
        pages[entry.abspath] = "pages/" + rel.rsplit(".", 1)[0] + ".html"
    edit_url = gitinfo.edit_url_maker(root)
    blob_url = (lambda p: (edit_url(p) or "").replace("/edit/", "/blob/", 1) or None) if edit_url else None
    context = hashlib.sha256(
        json.dumps([sorted(pages.items()), bool(edit_url), edit_url(root + "/x") if edit_url else None]).encode("utf-8", "surrogateescape")
    ).hexdigest()
    links = mdrender.Links(root, pages.get, blob_url)
    edits = gitinfo.last_edits(str(config.root / config.docs_root))

    # 3. bodies: rendered only when the document, the set of pages or an image changed
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

    docs: list[Doc] = []
    used: set[str] = set()
    for entry, _, _ in entries:
        rendered = renders[entry.abspath]
        rel = pages[entry.abspath][len("pages/") : -len(".html")] + os.path.splitext(entry.abspath)[1]
        fm = entry.frontmatter
        owners = [o for f in OWNER_FIELDS for o in _strings(fm.get(f))]
        doc = Doc(
            entry,
            rel,
            pages[entry.abspath],
            _anchor(rel, used),
            rendered,
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
    from artifactkit.checks.staleness import today

    outside = sorted(p for found in problems.values() for p in found)
    return Site(config, docs, by_type, edges, os.path.basename(root) or "docs", today().isoformat(), outside)


# a template's stand-in left in place: "[Insert Date]", "{date}", "YYYY-MM-DD", "TBD"
_TEMPLATE_VALUE = re.compile(r"^\[.*\]$|^\{.*\}$|^<.*>$|\bY{2,4}\b|\b(?:insert|tbd|todo|xxx)\b", re.I)
# where documents keep their date: front matter, fields lifted from "Key: value" lines or tables, and
# sidecar files (a KEP's kep.yaml has creation-date and last-updated)
DATE_FIELDS = ("date", "created", "creation-date", "creation_date", "last_updated", "last-updated", "updated", "accepted", "decided")
_HUMAN_DATES = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%B %d %Y", "%b. %d, %Y")


def _site_title(doc, entry: Entry, path: str) -> str:
    """The page's title: front matter, else the first heading (an H1 or not), else the file name."""
    given = entry.frontmatter.get("title")
    if isinstance(given, str) and given.strip() and not _placeholder(given):
        return given.strip()
    if doc.outline is not None and not doc.outline.title and doc.outline.headings:
        first = doc.outline.headings[0][2].strip()  # no H1: the first heading of any level
        if first:
            return first
    if doc.outline is not None and doc.outline.title:
        return entry.title  # the H1 as the catalogue reads it (a log's "# 7. Use X" is "Use X")
    stem = os.path.splitext(os.path.basename(path))[0]
    if stem.lower() in ("index", "readme", "_index"):  # a folder per document (KEPs): the folder names it
        return os.path.basename(os.path.dirname(os.path.abspath(path))) or stem
    return stem


def _site_date(entry: Entry) -> str | None:
    """The first date among the document's metadata (front matter or fields lifted from the text or a
    sidecar), as YYYY-MM-DD where it reads as one; a placeholder such as ``[Insert Date]`` is no date."""
    candidates = [entry.date] + [entry.frontmatter.get(k) for k in DATE_FIELDS]
    for value in candidates:
        if value is None or isinstance(value, (dict, list, bool)):
            continue
        parsed = as_date(value) or _human_date(str(value))
        if parsed is not None:
            return parsed.isoformat()
        text = str(value).strip()
        if text and not _placeholder(text):
            return text
    return None


def _human_date(text: str) -> dt.date | None:
    """ "September 2, 2015", "2 Sep 2015", "2015/09/02": dates as people write them in a document's text."""
    text = " ".join(text.split()).strip(" .")
    if not 6 <= len(text) <= 40:
        return None
    for fmt in _HUMAN_DATES:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _placeholder(text: str) -> bool:
    from artifactkit.document.sections import find_placeholders, is_angle_placeholder

    text = text.strip()
    return bool(find_placeholders(text)[0] or is_angle_placeholder(text) or _TEMPLATE_VALUE.search(text))


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


def _lift_metadata(doc, doctype) -> None:
    """Fields written outside front matter (Key: value lines, tables, a sidecar), read as lint reads them
    (engine.lintfile); a document lint just parsed comes with them."""
    if doctype is None or not (set(doctype.metadata) - {"frontmatter"} or doctype.sidecar):
        return
    from artifactkit.document import preamble

    preamble.lift(doc, doctype.frontmatter_fields, doctype.metadata, doctype.sidecar)


def _entry_of_result(result, config: Config) -> list | None:
    """In a lint worker: the catalogue entry (as a cache row) of a freshly linted document whose type
    keeps everything in front matter; None for the others (a log format, metadata read from the text
    or a sidecar, open action items to list), which the site parses itself."""
    doctype = config.types.get(result.type) if result.type else None
    if result.skipped is not None or result.outline is None or doctype is None or doctype.action_items:
        return None
    from types import SimpleNamespace

    # result.frontmatter holds the fields as lint read them: lifted from a log's format, Key: value
    # lines, tables or a sidecar, so the site shows the dates and statuses lint checks
    doc = SimpleNamespace(type=result.type, frontmatter=result.frontmatter, outline=result.outline)
    entry = catalog.entry_of(result.path, doc, doctype)
    entry.title, entry.date = _site_title(doc, entry, result.path), _site_date(entry)
    return json.loads(json.dumps(_entry_to_json(entry), default=str))  # as the cache keeps it


def _entry_or_none(result, config: Config) -> list | None:
    try:
        return _entry_of_result(result, config)
    except Exception:  # noqa: BLE001 - in a lint worker: whatever this cannot read, the site parses itself
        return None


def _lint(config: Config, lint_paths, paths: list[str], jobs, use_cache: bool, real: dict[str, str]) -> tuple[dict[str, list], dict]:
    """Findings by real path, and each file's lint result by real path."""
    if not paths:
        return {}, {}
    from functools import partial

    from artifactkit.engine import workers

    # the docs folder's findings as `artifactkit lint` gives them: the files were found, not named, so a
    # Markdown file of no type (an index README) is skipped there, not a type-unknown problem here
    workers.ON_LINTED = partial(_entry_or_none, config=config)
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
