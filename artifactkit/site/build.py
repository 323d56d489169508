"""``artifactkit site build``: the pages, assets, search index and badge of the static site.

Layout of the output folder (every link in it is relative, so it works from ``file://``, from a
web server's root and under a sub-path such as GitHub Pages' ``/project/``):

    index.html               dashboard
    types/<type>.html        a type's timeline, with filters
    pages/<source path>.html a document (the repository's layout, so relative image paths hold)
    graph.html, search.html  relations and search
    assets/                  CSS, JS, the search index, vendored MiniSearch (and Mermaid when used)
    badge.svg                documents and open problems, for a README
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import dataclass, field
from html import escape
from importlib import resources

from artifactkit.errors import UserError
from artifactkit.site import badge, collect, gitinfo, pagekeys, progress
from artifactkit.site.mdrender import SEARCH_WORDS, href, relative
from artifactkit.site.output import Output, check_output_folder
from artifactkit.site.singlefile import single_body

LABELS = {"adr": "ADRs", "rfc": "RFCs", "runbook": "Runbooks", "postmortem": "Postmortems", "one-on-one": "1:1s", "review-checklist": "Review checklists"}
OWNER_LABELS = {"adr": "Deciders", "rfc": "Authors", "runbook": "Owner", "postmortem": "Authors", "one-on-one": "Participants", "review-checklist": "Author"}
RECENT = 10
SINGLE_MARK = "<!-- artifactkit site: single-file export -->"
_EXCERPT = 160


@dataclass
class BuildResult:
    out: str
    documents: int
    problems: int
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    seconds: float = 0.0


def static(name: str) -> bytes:
    return resources.files("artifactkit.site").joinpath("static", name).read_bytes()


def _env(cache_templates: bool = False):
    """``cache_templates``: cache compiled templates (compiling them is a fifth of a rebuild). Never in the
    repository: the cache is Python bytecode, which jinja loads and runs, and a pull request can
    commit files under .artifactkit_cache/; jinja's default is a folder of this user's own (mode 0700,
    its owner checked), and the templates are the package's, not the repository's."""
    import jinja2

    bytecode = None
    if cache_templates:
        try:
            bytecode = jinja2.FileSystemBytecodeCache()
        except (OSError, RuntimeError):  # RuntimeError: jinja found that folder unsafe
            bytecode = None
    return jinja2.Environment(
        loader=jinja2.PackageLoader("artifactkit.site", "templates"), autoescape=True, undefined=jinja2.StrictUndefined, bytecode_cache=bytecode
    )


def check_base_url(base_url: str | None) -> str | None:
    if base_url is None or not base_url.strip():
        return None
    url = base_url.strip()
    if not re.match(r"^https?://[^\s/?#]+(/[^\s?#]*)?$", url) and not re.match(r"^/[^\s?#]*$", url):
        raise UserError(f"--base-url {base_url!r}: give the address the site is published at, e.g. https://org.github.io/repo/")
    return url if url.endswith("/") else url + "/"


def _type_infos(site) -> list[dict]:
    infos = []
    for name, docs in site.by_type.items():
        doctype = site.config.types.get(name)
        known = list(doctype.statuses) if doctype else []
        counts: dict[str, int] = {}
        for d in docs:
            if d.entry.status:
                counts[d.entry.status] = counts.get(d.entry.status, 0) + 1
        order = [s for s in known if s in counts] + sorted(s for s in counts if s not in known)
        infos.append(
            {
                "name": name,
                "label": LABELS.get(name, name.replace("-", " ").capitalize() + "s"),
                "page": f"types/{name}.html",
                "docs": docs,
                "statuses": [(s, counts[s]) for s in order],
            }
        )
    return infos


def _groups(docs) -> list[tuple[str, list]]:
    groups: dict[str, list] = {}
    for d in sorted(docs, key=lambda d: (d.entry.date or "", d.entry.number or 0, d.entry.title), reverse=True):
        date = d.entry.date or ""
        groups.setdefault(date[:7] if re.match(r"^\d{4}-\d{2}", date) else "Undated", []).append(d)
    return list(groups.items())


def _filters(docs) -> list[dict]:
    out = []
    for key, label, values in (
        ("status", "Status", [d.entry.status for d in docs if d.entry.status]),
        ("tag", "Tag", [t for d in docs for t in d.tags]),
        ("owner", "Owner", [o for d in docs for o in d.owners]),
    ):
        if values:
            out.append({"key": key, "label": label, "values": sorted(set(values), key=str.lower)})
    return out


def _labels(site) -> dict[str, str]:
    return {name: LABELS.get(name, name.replace("-", " ").capitalize() + "s") for name in site.by_type}


PASSAGE_BUDGET = 480  # characters of section starts per document, for snippets near what matched


def search_records(site, single: bool) -> list[dict]:
    """One record per document: title, number, type, status and date (each searchable and shown), its
    most frequent words, and plain-text passages the results page takes a snippet from."""
    labels = _labels(site)
    records = []
    for i, d in enumerate(site.docs):
        text = d.rendered.excerpt
        if text.startswith(d.entry.title):  # the excerpt starts after the title, which the hit shows anyway
            text = text[len(d.entry.title) :].lstrip()
        passages, room = [], PASSAGE_BUDGET
        for passage in d.rendered.passages[1:]:
            if room < 60:
                break
            passages.append(passage[:room])
            room -= len(passages[-1])
        number = f"{d.entry.type.upper()} {d.entry.number}" if d.entry.number is not None else ""
        records.append(
            {
                "id": i,
                "t": d.entry.title,
                "n": number,
                "b": " ".join(d.rendered.words.split(" ", SEARCH_WORDS)[:SEARCH_WORDS]),
                "u": f"#{d.anchor}" if single else href(d.page),
                "y": d.entry.type,
                "l": labels.get(d.entry.type, d.entry.type),
                "s": d.entry.status or "",
                "d": d.entry.date or "",
                "x": text[:_EXCERPT] + ("…" if len(text) > _EXCERPT else ""),
                "p": passages,
            }
        )
    return records


INVERSE = {"supersedes": "superseded by", "relates to": "relates to", "links to": "linked from"}


def neighbourhoods(site) -> dict[int, list[tuple[str, object]]]:
    """Each document's relations, both ways: what it supersedes, relates to and links to, and what
    supersedes it or links to it (keyed by ``id(doc)``, in the order of the relations)."""
    out: dict[int, list[tuple[str, object]]] = {}
    for src, dst, kind in site.edges:
        out.setdefault(id(src), []).append((kind, dst))
        out.setdefault(id(dst), []).append((INVERSE.get(kind, kind), src))
    return out


def _status_groups(t: dict) -> list[tuple[str, list]]:
    """A type's documents by status, in the type's order of statuses, then those without one."""
    by: dict[str, list] = {}
    for d in t["docs"]:
        by.setdefault(d.entry.status or "No status", []).append(d)
    order = [s for s, _ in t["statuses"] if s in by] + [s for s in by if s not in dict(t["statuses"])]
    return [(s, by[s]) for s in order]


def _script_json(value) -> str:
    """JSON safe inside a ``<script>`` element."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/").replace("<!--", "<\\!--")


class Renderer:
    def __init__(self, site, single: bool, live: bool, base_url: str | None, cache_templates: bool = False):
        self.site, self.single, self.live, self.base_url = site, single, live, base_url
        self.cache_templates, self._env = cache_templates, None
        self.types = _type_infos(site)
        self.anchors = {"index.html": "home", "graph.html": "graph", "search.html": "search"}
        self.anchors.update({t["page"]: f"type-{t['name']}" for t in self.types})
        self.anchors.update({d.page: d.anchor for d in site.docs})
        self.relations = neighbourhoods(site)

    @property
    def env(self):
        """The templates, loaded on the first page rendered: a rebuild that renders none never imports jinja."""
        if self._env is None:
            self._env = _env(self.cache_templates)
        return self._env

    def url_for(self, current: str):
        def url(target: str, fragment: str | None = None) -> str:
            if self.single:
                if fragment:
                    return f"#{self.anchors.get(target, 'home')}--{fragment}"
                return f"#{self.anchors.get(target, 'home')}"
            return relative(current, target) + (f"#{fragment}" if fragment else "")

        return url

    def anchor_for(self, current: str):
        if not self.single:
            return lambda name: name
        return lambda name: f"{self.anchors[current]}--{name}"

    def body(self, template: str, current: str, **ctx) -> str:
        return self.env.get_template(template).render(
            site=self.site, types=self.types, url=self.url_for(current), anchor=self.anchor_for(current), current=current, single=self.single, **ctx
        )

    def page(self, current: str, title: str, body: str, needs_search: bool = True, mermaid: bool = False) -> str:
        return self.env.get_template("layout.html").render(
            site=self.site,
            types=self.types,
            url=self.url_for(current),
            current=current,
            title=title,
            body=body,
            root="../" * current.count("/"),
            live=self.live,
            inline=None,
            needs_search=needs_search,
            needs_mermaid=mermaid,  # 3.5 MB of script: only on the pages that draw a diagram
            canonical=(self.base_url + current) if self.base_url and self.base_url.startswith("http") else None,
        )

    def dashboard(self, ctx: dict | None = None) -> str:
        return self.body("dashboard.html", "index.html", **(ctx if ctx is not None else self.dashboard_context()))

    def dashboard_context(self) -> dict:
        """What the dashboard shows besides the site's name, date and types (artifactkit.site.pagekeys.dashboard_key)."""
        docs = self.site.docs
        flagged = [d for d in docs if d.problems]
        reviewed = any(self.site.config.types.get(t) and self.site.config.types[t].review_field for t in self.site.by_type)
        reviews = sorted((d for d in docs if d.review_state), key=lambda d: d.review_due or "") if reviewed else None
        recent = sorted((d for d in docs if d.edit), key=lambda d: (d.edit.timestamp, d.rel), reverse=True)[:RECENT]
        counts = {"errors": sum(d.errors for d in docs), "warnings": sum(d.warnings for d in docs)}
        unlinked = [d for d in docs if any(p.rule == "runbook-unlinked" for p in d.problems)]
        alerts = [p for p in self.site.problems_outside if p.rule.startswith("alert-runbook")]  # on rule files, which have no page
        return {
            "flagged": flagged,
            "reviews": reviews,
            "soon_days": collect.SOON_DAYS,
            "actions": [d for d in docs if d.actions],
            "recent": recent,
            "counts": counts,
            "unlinked": unlinked,
            "alerts": alerts,
        }

    def type_page(self, t: dict) -> str:
        return self.body("type.html", t["page"], t=t, groups=_groups(t["docs"]), filters=_filters(t["docs"]))

    def doc_page(self, d, body_html: str) -> str:
        t = next(t for t in self.types if t["name"] == d.entry.type)
        return self.body(
            "doc.html", d.page, d=d, t=t, body=body_html, owner_label=OWNER_LABELS.get(d.entry.type, "Owners"), related=self.relations.get(id(d), [])
        )

    def statuses(self) -> list[str]:
        return sorted({d.entry.status for d in self.site.docs if d.entry.status}, key=str.lower)

    def search_page(self) -> str:
        return self.body("search.html", "search.html", statuses=self.statuses())

    def graph_page(self) -> str:
        groups = [(t, _status_groups(t)) for t in self.types]
        statuses = sorted({s for _, by in groups for s, _ in by}, key=str.lower)
        return self.body(
            "graph.html", "graph.html", groups=groups, statuses=statuses, related=lambda d: self.relations.get(id(d), []), edges=len(self.site.edges)
        )


def build_site(
    config, out: str, base_url: str | None = None, single_file: bool = False, live: bool = False, use_cache: bool = True, jobs: int | None = None
) -> BuildResult:
    started = time.perf_counter()
    base_url = check_base_url(base_url)
    root = os.path.realpath(str(config.root))
    docs_folder = str(config.root / config.docs_root)
    if single_file:
        return _build_single(config, out, root, base_url, use_cache, jobs, started)
    folder = check_output_folder(out, root, [docs_folder])
    gitinfo.prefetch(root, docs_folder)  # git answers on another core while gather reads the caches
    try:
        site = collect.gather(config, use_cache=use_cache, jobs=jobs)
    finally:
        gitinfo.discard()
    renderer = Renderer(site, single=False, live=live, base_url=base_url, cache_templates=use_cache)
    output = Output(folder)
    progress.step(f"writing {len(site.docs)} pages")

    _pages(renderer, output, (live, base_url), jobs, root)
    for name in ("site.css", "site.js", "minisearch.js", "minisearch.LICENSE.txt"):
        output.add(f"assets/{name}", static(name))
    if site.mermaid:
        output.add("assets/mermaid.min.js", static("mermaid.min.js"))
        output.add("assets/mermaid.LICENSE.txt", static("mermaid.LICENSE.txt"))
    problems = sum(len(d.problems) for d in site.docs) + len(site.problems_outside)
    output.add("badge.svg", badge.svg(len(site.docs), problems, sum(d.errors for d in site.docs)))
    output.add(".nojekyll", b"")
    if base_url and base_url.startswith("http"):
        output.add("sitemap.xml", _sitemap(base_url, output))
    if live:
        output.add("assets/version.json", json.dumps({"version": pagekeys.key(sorted((k, hashlib.sha256(v).hexdigest()) for k, v in output.files.items()))}))
    output.commit()
    return BuildResult(folder, len(site.docs), problems, output.written, output.removed, output.kept, time.perf_counter() - started)


def _pages(renderer: Renderer, output: Output, shown: tuple, jobs: int | None, root: str) -> None:
    """Every page (and the search index) whose key changed, made again; the others kept as they are.
    ``shown``: what every page's layout takes from the command line: a page made with others is made again."""
    site = renderer.site
    dashboard = renderer.dashboard_context()
    if not output.reuse("index.html", pagekeys.dashboard_key(site, renderer.types, dashboard, shown)):
        output.add("index.html", renderer.page("index.html", "Dashboard", renderer.dashboard(dashboard)))
    for t in renderer.types:
        if not output.reuse(t["page"], pagekeys.type_key(t, renderer.types, site, shown)):
            output.add(t["page"], renderer.page(t["page"], t["label"], renderer.type_page(t)))
    stale = [d for d in site.docs if not output.reuse(d.page, pagekeys.doc_key(d, renderer.types, site, renderer.relations.get(id(d), []), shown))]
    for d, page in zip(stale, _doc_pages(renderer, stale, jobs)):
        output.add(d.page, page)
    _copy_images(site, output, root)
    if not output.reuse("graph.html", pagekeys.graph_key(site, renderer.types, shown)):
        output.add("graph.html", renderer.page("graph.html", "Relations", renderer.graph_page()))
    if not output.reuse(
        "search.html", pagekeys.key("search", renderer.statuses(), [(t["name"], t["label"], t["page"]) for t in renderer.types], site.name, shown)
    ):
        output.add("search.html", renderer.page("search.html", "Search", renderer.search_page()))
    if not output.reuse("assets/search-index.js", pagekeys.search_key(site, _labels(site))):
        output.add("assets/search-index.js", "window.AK_SEARCH=" + _script_json(search_records(site, single=False)) + ";\n")


def _doc_pages(renderer: Renderer, docs: list, jobs: int | None) -> list[str]:
    """The pages of ``docs``, in forked workers when there are many (a first build: a fifth of its time)."""
    from artifactkit.engine.workers import default_jobs
    from artifactkit.site.parallel import map_forked

    def page(d) -> str:
        return renderer.page(d.page, d.entry.title, renderer.doc_page(d, d.rendered.html), mermaid=d.rendered.mermaid)

    return map_forked(page, docs, default_jobs() if jobs is None or jobs <= 0 else jobs)


def _copy_images(site, output: Output, root: str) -> None:
    """Each local image once, next to the pages that show it; unchanged ones (same size and time) are not read."""
    for d in site.docs:
        for source, rel in d.rendered.images:
            if not rel:
                continue  # drawn from a data: URI (SVG), never served as a file
            target = "pages/" + rel
            if target in output.keys or target in output.files:
                continue
            if not collect.inside_repository(source, root) or os.path.normpath(os.path.join(root, rel)) != source:
                continue  # never a file outside the repository, whatever a cache says
            try:
                st = os.stat(source)
            except OSError:
                continue
            if not output.reuse(target, pagekeys.key(source, st.st_size, st.st_mtime_ns)):
                from artifactkit.io.textio import read_bytes
                from artifactkit.site.output import SITE_FILE_MAX

                try:
                    output.add(target, read_bytes(source, SITE_FILE_MAX, "image"))
                except OSError:
                    continue  # swapped for a FIFO or a device since it was found: not copied


def _sitemap(base_url: str, output: Output) -> str:
    pages = sorted([p for p in output.files if p.endswith(".html")] + [p for p in output.reused if p.endswith(".html")])
    urls = "".join(f"<url><loc>{escape(base_url + href(p))}</loc></url>" for p in pages)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'


def _build_single(config, out, root, base_url, use_cache, jobs, started) -> BuildResult:
    target = os.path.abspath(out)
    if os.path.isdir(target):
        raise UserError(f"{out}: is a folder; with --single-file, --out names the HTML file to write")
    folder = os.path.dirname(target)
    if _inside_repo(target, root) and not _inside_repo(os.path.realpath(folder) + os.sep, root):
        from artifactkit.errors import RefusedError

        raise RefusedError(f"{out}: its folder is a symbolic link that leads outside the repository; not written")
    if os.path.lexists(target):
        from artifactkit.io.textio import read_bytes
        from artifactkit.site.output import SITE_FILE_MAX

        try:
            head = read_bytes(target, SITE_FILE_MAX, "page")[:4096]
        except OSError:
            head = b""  # a FIFO, a device, a folder: not a page this command wrote
        if os.path.islink(target) or SINGLE_MARK.encode() not in head:
            from artifactkit.errors import RefusedError

            raise RefusedError(f"{out}: exists and is not an artifactkit single-file export; not overwritten")
    site = collect.gather(config, use_cache=use_cache, jobs=jobs)
    renderer = Renderer(site, single=True, live=False, base_url=base_url)
    sections = [("index.html", "Dashboard", renderer.dashboard())]
    sections += [(t["page"], t["label"], renderer.type_page(t)) for t in renderer.types]
    sections += [(d.page, d.entry.title, renderer.doc_page(d, single_body(d, d.rendered.html, renderer.anchors, root))) for d in site.docs]
    sections += [("graph.html", "Relations", renderer.graph_page()), ("search.html", "Search", renderer.search_page())]
    body = "\n".join(
        f'<section class="single-page" id="{renderer.anchors[page]}" aria-label="{escape(title)}">\n{html}\n</section>' for page, title, html in sections
    )
    records = search_records(site, single=True)
    inline = {
        "css": static("site.css").decode(),
        "js": static("site.js").decode(),
        "minisearch": static("minisearch.js").decode(),
        "search": "window.AK_SEARCH=" + _script_json(records) + ";",
        "mermaid": static("mermaid.min.js").decode() if site.mermaid else None,
    }
    html = renderer.env.get_template("layout.html").render(
        site=site,
        types=renderer.types,
        url=renderer.url_for("index.html"),
        current="",
        title="Documents",
        body=f'<main id="main" tabindex="-1">\n{body}\n</main>',
        root="",
        live=False,
        inline=inline,
        needs_search=True,
        needs_mermaid=site.mermaid,
        canonical=None,
    )
    html = html.replace("<!doctype html>", "<!doctype html>\n" + SINGLE_MARK, 1)
    os.makedirs(folder, exist_ok=True)
    from artifactkit.site.output import _replace

    _replace(os.path.join(folder, os.path.basename(target)), html.encode("utf-8"))
    problems = sum(len(d.problems) for d in site.docs) + len(site.problems_outside)
    return BuildResult(target, len(site.docs), problems, [os.path.basename(target)], seconds=time.perf_counter() - started)


def _inside_repo(path: str, root: str) -> bool:
    return path.startswith((os.path.abspath(root) + os.sep, os.path.realpath(root) + os.sep))
