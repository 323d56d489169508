"""``artifactkit site build --catalog ...``: one site from many repositories' catalogues
(``artifactkit export``).

Layout of the output folder (relative links throughout, as in the one-repository site):

    index.html                 the organisation's dashboard: every repository's counts, overdue
                               action items, alerts without a runbook, runbooks due for review
    r/<repo>/index.html        one repository's dashboard and documents
    r/<repo>/<type>-<n>.html   a document: facts, relations (across repositories too), findings
    timeline/<type>.html       a type's documents from every repository, newest first
    search.html                search across repositories, with a repository facet
    assets/terms/, docs/       the index of all repositories, split by term (artifactkit.site.termindex)
    assets/search/<repo>.js    each repository's records, for a search narrowed to it

A catalogue is data to show: every value is escaped by the templates, and no page name or link is
made from a path or URL in it (pages are named from the repository's validated name and the
document's ``type-number``, else its position).
"""

from __future__ import annotations

import functools
import os
import re
import time
from dataclasses import dataclass, field

from artifactkit.site.mdrender import relative
from artifactkit.site.termindex import TermIndex

DASHBOARD_ROWS = 200  # per list on the organisation's dashboard; each repository's page has them all
STRUCK = ("superseded", "deprecated", "rejected")
_PAGE_ID = re.compile(r"^[a-z][a-z0-9_-]{0,49}-[0-9]{1,9}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_EXCERPT = 160


@dataclass
class Result:
    out: str
    documents: int
    problems: int
    written: list[str]
    removed: list[str]
    kept: list[str]
    seconds: float
    first_page_bytes: int


def _output(folder: str):
    """The site's writer (artifactkit.site.output), checking each folder once rather than once per
    file: a merged site writes a hundred pages to each of its folders, and ``realpath`` and
    ``makedirs`` for each page took 13 file-system calls per page written instead of 4."""
    from artifactkit.site.output import Output

    class FolderOnce(Output):
        checked: set[str] = set()

        def _safe_parent(self, target: str) -> None:
            parent = os.path.dirname(target)
            if parent not in self.checked:
                super()._safe_parent(target)
                self.checked.add(parent)

    writer = FolderOnce(folder)
    writer.checked = set()
    return writer


def _script_json(value) -> str:
    """JSON safe inside a ``<script>`` element (as the one-repository site writes it)."""
    import json

    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/").replace("<!--", "<\\!--")


def static(name: str) -> bytes:
    """A file of the site's assets (the one-repository site's CSS and MiniSearch, and merged.js)."""
    from importlib import resources

    return resources.files("artifactkit.site").joinpath("static", name).read_bytes()


@dataclass
class Repo:
    name: str
    slug: str
    revision: str | None
    source: str
    docs: list[MDoc] = field(default_factory=list)
    alerts: list[dict] = field(default_factory=list)
    other_findings: list[dict] = field(default_factory=list)

    @property
    def page(self) -> str:
        return f"r/{self.slug}/index.html"

    @property
    def unserved_alerts(self) -> list[dict]:
        return [a for a in self.alerts if a["state"] in ("missing", "no-url")]


@dataclass(eq=False)
class MDoc:
    repo: Repo
    data: dict
    page: str
    supersedes: list[MDoc] = field(default_factory=list)
    superseded_by: list[MDoc] = field(default_factory=list)
    related: list[MDoc] = field(default_factory=list)
    unresolved: list[tuple[str, str]] = field(default_factory=list)  # (kind, target) naming no document read

    @property
    def struck(self) -> bool:
        return (self.data["status"] or "").strip().lower() in STRUCK

    @property
    def errors(self) -> int:
        return sum(1 for f in self.data["findings"] if f["level"] == "error")

    @property
    def warnings(self) -> int:
        return len(self.data["findings"]) - self.errors


@dataclass
class Org:
    repos: list[Repo]
    today: str
    types: list[str]
    type_pages: dict[str, str] = field(default_factory=dict)  # type -> its timeline page

    def __post_init__(self):
        self.type_pages = {t: type_page(t) for t in self.types}

    @property
    def docs(self):
        return (d for r in self.repos for d in r.docs)


def type_page(type_name: str) -> str:
    """A type's timeline page, whatever other types there are: ``adr.html``, and ``adr.<hash>.html``
    for ``ADR`` (a type name holds no '.', so no two types share a page)."""
    import hashlib

    if type_name == type_name.lower():
        return f"timeline/{type_name}.html"
    return f"timeline/{type_name.lower()}.{hashlib.sha256(type_name.encode()).hexdigest()[:10]}.html"


def _slug(name: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-") or "repo"
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


def add_repository(repos: list[Repo], cat, used: set[str]) -> Repo:
    """``cat``'s repository and documents, its pages named (never from a path in it)."""
    data = cat.data
    repo = Repo(data["repository"]["name"], _slug(data["repository"]["name"], used), data["repository"]["revision"], cat.source)
    repo.alerts, repo.other_findings = data["alerts"], data["other_findings"]
    pages: set[str] = set()
    for i, doc in enumerate(data["documents"]):
        name = doc["id"].lower()
        name = name if _PAGE_ID.match(name) and name not in pages else f"doc-{i + 1}"
        pages.add(name)
        repo.docs.append(MDoc(repo, doc, f"r/{repo.slug}/{name}.html"))
    repos.append(repo)
    return repo


def assemble(catalogues, today: str, repos: list[Repo] | None = None) -> Org:
    """The repositories and their documents (``repos``: already added), with relations resolved within
    and across repositories."""
    repos = repos if repos is not None else []
    used = {r.slug for r in repos}
    for cat in catalogues:
        add_repository(repos, cat, used)
    by_ref: dict[tuple[str, str], MDoc] = {}  # (repository name, document id)
    for repo in repos:
        for doc in repo.docs:
            by_ref.setdefault((repo.name, doc.data["id"]), doc)
    seen: set[tuple] = set()

    def link(src: MDoc, dst: MDoc, kind: str) -> None:
        key = (id(src), id(dst), kind) if kind == "supersedes" else (*sorted((id(src), id(dst))), kind)
        if src is dst or key in seen:
            return
        seen.add(key)
        if kind == "supersedes":
            src.supersedes.append(dst)
            dst.superseded_by.append(src)
        else:
            src.related.append(dst)
            dst.related.append(src)

    for repo in repos:
        for doc in repo.docs:
            for rel in doc.data["relations"]:
                target = rel["target"]
                other, sep, ident = target.partition("#")
                found = by_ref.get((other, ident) if sep else (repo.name, target))
                if found is None:
                    if sep:  # another repository's document we have no catalogue of: shown as text
                        doc.unresolved.append((rel["kind"], target))
                    continue
                if rel["kind"] == "supersedes":
                    link(doc, found, "supersedes")
                elif rel["kind"] == "superseded_by":
                    link(found, doc, "supersedes")
                else:
                    link(doc, found, "related")
    types = sorted({d.data["type"] for r in repos for d in r.docs})
    return Org(repos, today, types)


def overdue_actions(docs, today: str) -> list[tuple[MDoc, dict]]:
    rows = [(d, a) for d in docs for a in d.data["actions"] if a["due"] and a["due"] < today]
    return sorted(rows, key=lambda r: (r[1]["due"], r[0].repo.name, r[0].data["path"], r[1]["line"]))


def stale_runbooks(docs, today: str) -> list[MDoc]:
    return sorted((d for d in docs if d.data["review_due"] and d.data["review_due"] < today), key=lambda d: (d.data["review_due"], d.repo.name))


def repo_counts(repo: Repo, today: str) -> dict:
    errors = sum(d.errors for d in repo.docs) + sum(1 for f in repo.other_findings if f["level"] == "error")
    warnings = sum(d.warnings for d in repo.docs) + sum(1 for f in repo.other_findings if f["level"] != "error")
    return {
        "documents": len(repo.docs),
        "errors": errors,
        "warnings": warnings,
        "overdue": len(overdue_actions(repo.docs, today)),
        "unserved": len(repo.unserved_alerts),
        "stale": len(stale_runbooks(repo.docs, today)),
    }


def _month(doc: MDoc) -> str:
    date = doc.data["date"] or ""
    return date[:7] if _DATE.match(date) else "Undated"


def timeline(docs: list[MDoc]) -> list[tuple[str, list[MDoc]]]:
    groups: dict[str, list[MDoc]] = {}
    ordered = sorted(docs, key=lambda d: (d.data["date"] or "", d.repo.name, d.data["number"] or 0), reverse=True)
    for d in ordered:
        groups.setdefault(_month(d), []).append(d)
    return list(groups.items())


def _excerpt(d: MDoc) -> str:
    text = d.data["excerpt"]
    if text.startswith(d.data["title"]):  # the hit shows the title anyway
        text = text[len(d.data["title"]) :].lstrip()
    return text[:_EXCERPT] + ("…" if len(text) > _EXCERPT else "")


def search_shard(repo: Repo) -> str:
    """A repository's records for MiniSearch, loaded when a search is narrowed to the repository."""
    records = []
    for i, d in enumerate(repo.docs):
        records.append(
            {
                "id": f"{repo.slug}:{i}",
                "t": d.data["title"],
                "b": d.data["search_text"],
                "u": d.page,
                "y": d.data["type"],
                "s": d.data["status"] or "",
                "r": repo.slug,
                "x": _excerpt(d),
            }
        )
    return f"window.AK_SHARD({_script_json(repo.slug)},{_script_json(records)});\n"


class Pages:
    def __init__(self, org: Org):
        import jinja2

        self.org = org
        self.env = jinja2.Environment(loader=jinja2.PackageLoader("artifactkit.site", "templates"), autoescape=True, undefined=jinja2.StrictUndefined)
        self.env.globals["timeline_page"] = org.type_pages.__getitem__
        self.layout = self.env.get_template("merged/layout.html")

    def render(self, template: str, current: str, title: str, search: bool = False, **ctx) -> str:
        def url(target: str) -> str:
            return relative(current, target)

        body = self.env.get_template(template).render(org=self.org, url=url, current=current, **ctx)
        return self.layout.render(title=title, body=body, url=url, root="../" * current.count("/"), search=search, current=current, org=self.org)


@functools.lru_cache(maxsize=1)
def _templates_digest() -> str:
    """The merged site's templates: a page made with other templates is rendered again."""
    import hashlib
    from importlib import resources

    names = sorted(f.name for f in resources.files("artifactkit.site").joinpath("templates", "merged").iterdir() if f.name.endswith(".html"))
    return hashlib.sha256(b"".join(resources.files("artifactkit.site").joinpath("templates", "merged", n).read_bytes() for n in names)).hexdigest()


def _key(*parts) -> str:
    import hashlib
    import json

    from artifactkit import __version__

    text = json.dumps([__version__, _templates_digest(), *parts], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _side(d: MDoc) -> tuple:
    """What a page shows of another document it names."""
    return (d.page, d.repo.name, d.data["type"], d.data["number"], d.data["title"], d.data["status"])


def render_repo(pages: Pages, repo: Repo, counts: dict, output) -> None:
    """A repository's dashboard and document pages, each rendered only when what it shows changed
    since the last build (``Output.reuse``). Serially: forked workers would each touch (and copy) the
    whole organisation's data and send every page back, more CPU and memory than they save."""
    org = pages.org
    by_type: dict[str, list[MDoc]] = {}
    for d in repo.docs:
        by_type.setdefault(d.data["type"], []).append(d)
    overdue, stale = overdue_actions(repo.docs, org.today), stale_runbooks(repo.docs, org.today)
    key = _key("repo", org.today, repo.name, repo.revision, repo.alerts, repo.other_findings, [(d.page, d.data) for d in repo.docs])
    if not output.reuse(repo.page, key):
        html = pages.render("merged/repo.html", repo.page, repo.name, repo=repo, counts=counts, by_type=by_type, overdue=overdue, stale=stale)
        output.add(repo.page, html)
    for d in repo.docs:
        key = _key("doc", org.today, repo.name, d.page, d.data, [[_side(o) for o in side] for side in (d.supersedes, d.superseded_by, d.related)], d.unresolved)
        if not output.reuse(d.page, key):
            output.add(d.page, pages.render("merged/doc.html", d.page, d.data["title"], d=d))


def build_merged(sources: list[str], base: str | None, out: str, root: str, err=None):
    """Build the site of every catalogue that can be read and is valid (the others: one warning each)."""
    from artifactkit.checks.staleness import today
    from artifactkit.errors import UserError
    from artifactkit.site.output import check_output_folder
    from artifactkit.views import imported

    started = time.perf_counter()
    folder = check_output_folder(out, root, [])
    output = _output(folder)
    repos: list[Repo] = []
    used: set[str] = set()
    terms = TermIndex()
    starts: dict[str, int] = {}

    def take(cat) -> None:
        # each catalogue as it is read: its search records go to their shard and the index of all
        # repositories, and its search text (most of its bytes) is dropped before the next one is read
        repo = add_repository(repos, cat, used)
        output.add(f"assets/search/{repo.slug}.js", search_shard(repo))
        starts[repo.slug] = len(terms.meta)
        for d in repo.docs:
            terms.add(repo.slug, d.data["title"], d.page, d.data["type"], d.data["status"] or "", _excerpt(d), d.data["search_text"])
            d.data["search_text"] = ""

    if not imported.load_all(sources, base, err=err, each=take):
        raise UserError("no catalogue could be used (see the warnings above)")
    org = assemble([], today().isoformat(), repos)
    pages = Pages(org)
    docs = list(org.docs)
    counts = {r.slug: repo_counts(r, org.today) for r in org.repos}
    output.add(
        "index.html",
        pages.render(
            "merged/dashboard.html",
            "index.html",
            "Dashboard",
            counts=counts,
            overdue=overdue_actions(docs, org.today),
            stale=stale_runbooks(docs, org.today),
            unserved=[(r, a) for r in org.repos for a in r.unserved_alerts],
            flagged=sorted((d for d in docs if d.data["findings"]), key=lambda d: (-d.errors, d.repo.name, d.page)),
            limit=DASHBOARD_ROWS,
        ),
    )

    for repo in org.repos:
        render_repo(pages, repo, counts[repo.slug], output)
    output.add("timeline/index.html", pages.render("merged/timelines.html", "timeline/index.html", "Timelines"))
    for type_name in org.types:
        page = org.type_pages[type_name]
        groups = timeline([d for d in docs if d.data["type"] == type_name])
        output.add(page, pages.render("merged/timeline.html", page, type_name, type_name=type_name, groups=groups))
    keys = []
    for rel, text in terms.files(_script_json):
        output.add(rel, text)
        if rel.startswith("assets/terms/"):
            keys.append(rel[len("assets/terms/") : -len(".js")])
    repos_json = _script_json([{"slug": r.slug, "name": r.name, "documents": len(r.docs), "start": starts[r.slug]} for r in org.repos])
    output.add("search.html", pages.render("merged/search.html", "search.html", "Search", search=True, repos_json=repos_json, terms_json=_script_json(keys)))
    for name in ("site.css", "minisearch.js", "minisearch.LICENSE.txt", "merged.js"):
        output.add(f"assets/{name}", static(name))
    output.add(".nojekyll", b"")
    output.commit()
    problems = sum(c["errors"] + c["warnings"] for c in counts.values())
    index_bytes = len(output.files["index.html"])
    return Result(folder, len(docs), problems, output.written, output.removed, output.kept, time.perf_counter() - started, index_bytes)
