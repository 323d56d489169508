"""``artifactkit site build`` and ``site serve``, run as the installed command on real git repositories.

No browser here (tests/test_site_browser.py drives Chromium): the HTML is well-formed, every internal
link and image resolves to a generated file, raw HTML in a document never reaches the page, the
output folder is written safely, the live preview rebuilds, and a site of this repository's own
docs/ builds.
"""

from __future__ import annotations

import html.parser
import json
import os
import re
import shlex
import signal
import socket
import struct
import subprocess
import time
import urllib.request
import zlib
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

import pytest
from conftest import REPO, artifactkit_exe, git, run, write_tree
from docfactory import document

TODAY = {"ARTIFACTKIT_TODAY": "2026-12-01"}


def png(width: int = 40, height: int = 20, rgb=(200, 30, 30)) -> bytes:
    """A real PNG image (solid colour), so a browser can decode it."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def adr(title: str, status: str, date: str, extra: str = "", body: str = "", override=None) -> str:
    text = document("adr", override).replace("status: Accepted\n", f"status: {status}\n").replace("date: 2026-11-23\n", f"date: {date}\n{extra}")
    if "deciders:" in extra:
        text = text.replace("deciders: [Ada Lovelace]\n", "", 1)
    return text.replace("# A complete adr\n", f"# {title}\n") + body


HOSTILE = """
<script>window.__pwned = 1</script>

<img src="x" onerror="window.__pwned = 2">

[click](javascript:window.__pwned=3)
"""

RICH = """
## Details

| option | cost |
|---|---|
| CockroachDB | medium |

- [x] Migrated the schema
- [ ] Moved the reports

![architecture diagram](img/diagram.png)

See the [storage RFC](../rfc/0001-storage.md#problem) and the [README](../../README.md).

```mermaid
graph LR
  app --> db[(CockroachDB)]
```
"""


def make_repo(root: Path, remote: str | None = "https://github.com/acme/handbook.git") -> Path:
    """A docs folder with every feature the site shows: statuses, supersedes, relations, findings,
    an overdue runbook, open postmortem actions, an image, a Mermaid block and hostile raw HTML."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Test Author")
    git(root, "config", "user.email", "t@example.com")
    git(root, "config", "commit.gpgsign", "false")
    postmortem = document("postmortem", {"action items": "What we will do.\n\n- [ ] Add an alert on pool saturation\n- [x] Restore the pool size\n"})
    write_tree(root, {
        ".artifactkit.yaml": "docs_root: docs\n",
        "README.md": "# Handbook\n",
        "docs/adr/0001-use-postgres.md": adr("Use PostgreSQL", "Superseded", "2026-01-10", "superseded_by: 3\ntags: [storage]\n"),
        "docs/adr/0002-use-kafka.md": adr("Use Kafka for events", "Proposed", "2026-02-10", "relates_to: [1]\ntags: [events]\ndeciders: [Grace Hopper]\n",
                                          "\nWe weighed zanzibar-style tuples for the audit trail.\n" + HOSTILE),
        "docs/adr/0003-use-cockroach.md": adr("Use CockroachDB", "Accepted", "2026-03-01", "supersedes: 1\ntags: [storage]\n", RICH),
        "docs/adr/0004-drop-the-cache.md": adr("Drop the cache", "Rejected", "2026-03-05", override={"decision": "TODO\n"}),
        "docs/adr/img/diagram.png": png(),
        "docs/rfc/0001-storage.md": document("rfc").replace("# A complete rfc", "# Storage layer"),
        "docs/runbooks/db.md": document("runbook").replace("last_reviewed: 2026-11-01", "last_reviewed: 2025-01-15"),
        "docs/postmortems/2026-11-20-pool-outage.md": postmortem.replace("# A complete postmortem", "# Connection pool outage"),
    })
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "docs")
    if remote:
        git(root, "remote", "add", "origin", remote)
    return root


def build(repo: Path, *extra, expect: int = 0) -> subprocess.CompletedProcess:
    proc = run(["site", "build", *extra], cwd=repo, env=TODAY)
    assert proc.returncode == expect, proc.stdout + proc.stderr
    return proc


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "handbook")


class Page(html.parser.HTMLParser):
    """Collects links, ids and scripts, and checks that every element is closed in order."""

    VOID: ClassVar[set[str]] = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.refs: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self.scripts: list[str] = []
        self.inline_handlers: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            if a["id"] in self.ids:
                self.errors.append(f"duplicate id {a['id']!r}")
            self.ids.add(a["id"])
        for name in ("href", "src"):
            if a.get(name) is not None:
                self.refs.append((name, a[name]))
        self.inline_handlers += [k for k in a if k.startswith("on")]
        if tag == "script":
            self._in_script = True
        if tag not in self.VOID and tag not in ("path",) or tag in ("svg",):
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.stack and self.stack[-1] == tag and tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if tag == "script":
            self._in_script = False
        if tag == "path" and (not self.stack or self.stack[-1] != "path"):
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else 'nothing'}>")
            return
        self.stack.pop()

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    assert not page.errors, (path, page.errors[:5])
    assert page.stack == [], (path, page.stack)
    return page


def check_site(out: Path) -> dict[Path, Page]:
    """Every HTML page parses; every relative href/src names a generated file (and an existing id)."""
    pages = {p.resolve(): parse(p) for p in sorted(out.rglob("*.html"))}
    assert pages
    for path, page in pages.items():
        for attr, value in page.refs:
            parts = urlsplit(value)
            if parts.scheme or value.startswith(("//", "data:")):
                continue
            target = (path.parent / unquote(parts.path, errors="surrogateescape")).resolve() if parts.path else path.resolve()
            assert target.is_file(), f"{path.relative_to(out)}: {attr}={value!r} names no generated file"
            assert out.resolve() in target.parents, f"{path.relative_to(out)}: {value!r} leads out of the site"
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in pages[target].ids, f"{path.relative_to(out)}: #{parts.fragment} is not an id of {target.name}"
    return pages


# --- the build --------------------------------------------------------------------------------


def test_site_has_every_page_and_every_link_resolves(repo):
    proc = build(repo)
    out = repo / "_site"
    assert "site: 7 documents" in proc.stdout
    pages = check_site(out)
    names = {p.relative_to(out).as_posix() for p in pages}
    assert {"index.html", "graph.html", "search.html", "types/adr.html", "types/runbook.html",
            "pages/docs/adr/0001-use-postgres.html", "pages/docs/runbooks/db.html"} <= names
    assert (out / "pages/docs/adr/img/diagram.png").read_bytes() == png()  # the image, next to its page
    assert (out / "assets/minisearch.js").is_file() and (out / "assets/minisearch.LICENSE.txt").is_file()
    assert (out / "assets/mermaid.min.js").is_file()  # a document draws a Mermaid diagram
    badge = (out / "badge.svg").read_text()
    assert "7 · " in badge and "problems" in badge and badge.startswith("<svg")


def test_document_page_shows_header_banner_findings_and_body(repo):
    build(repo)
    out = repo / "_site"
    old = (out / "pages/docs/adr/0001-use-postgres.html").read_text()
    assert 'class="banner superseded"' in old and 'href="0003-use-cockroach.html"' in old  # to the replacement
    assert "by Test Author on " in old  # last edited, from git
    assert 'href="https://github.com/acme/handbook/edit/main/docs/adr/0001-use-postgres.md"' in old
    new = (out / "pages/docs/adr/0003-use-cockroach.html").read_text()
    assert "Supersedes" in new and 'href="0001-use-postgres.html"' in new
    assert "<table>" in new and 'class="task-list-item-checkbox" checked="checked"' in new
    assert '<pre class="mermaid">' in new and 'src="img/diagram.png"' in new
    assert "assets/mermaid.min.js" in new and "mermaid.min.js" not in old  # 3.5 MB, only where a diagram is drawn
    assert 'href="../rfc/0001-storage.html#problem"' in new  # a link to a document goes to its page, anchor kept
    assert 'href="https://github.com/acme/handbook/blob/main/README.md"' in new  # another file: on the forge
    assert 'rel="prev"' in new and 'rel="next"' in new
    bad = (out / "pages/docs/adr/0004-drop-the-cache.html").read_text()
    assert 'id="finding-1"' in bad and "[section-placeholder]" in bad
    index = (out / "index.html").read_text()
    assert "0004-drop-the-cache.html#finding-1" in index  # the dashboard links to the finding
    assert "overdue since 2025-07-14" in index  # the runbook (reviewed 2025-01-15, every 180 days)
    assert "Add an alert on pool saturation" in index and "Restore the pool size" not in index  # open actions only
    assert "no owner, ticket, due date" in index  # what checks.actions says the item lacks
    assert "types/adr.html?status=Accepted" in index


def test_raw_html_in_a_document_never_runs(repo):
    build(repo)
    out = repo / "_site"
    page = parse(out / "pages/docs/adr/0002-use-kafka.html")
    assert not page.inline_handlers  # no onerror= from the document
    assert not any("__pwned" in s for s in page.scripts)
    assert not any("javascript:" in v for _, v in page.refs)
    text = (out / "pages/docs/adr/0002-use-kafka.html").read_text()
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in text  # shown as text
    index = (out / "assets/search-index.js").read_text()
    assert "</script" not in index.lower()


def test_hostile_title_tags_and_owner_are_escaped_everywhere(repo):
    evil = '<script>window.__pwned=4</script>"><img src=x onerror=alert(1)>'
    write_tree(repo, {"docs/adr/0005-evil.md": adr(f"Evil {evil}", "Proposed", "2026-04-01",
                                                     f"tags: ['{evil}']\ndeciders: ['{evil}']\n")})
    build(repo)
    out = repo / "_site"
    for page in ("pages/docs/adr/0005-evil.html", "types/adr.html", "index.html", "graph.html"):
        parsed = parse(out / page)
        assert not parsed.inline_handlers, page
        assert not any("__pwned" in s for s in parsed.scripts), page
        assert "<script>window.__pwned" not in (out / page).read_text(), page
    assert "</script" not in (out / "assets/search-index.js").read_text().lower()


def test_file_names_with_hash_space_and_bytes_that_are_not_utf8(repo):
    adr_dir = os.fsencode(repo / "docs/adr")
    names = [b"0006-c# and f#.md", b"0007-caf\xe9 100%.md"]
    for i, name in enumerate(names):
        with open(os.path.join(adr_dir, name), "w", encoding="utf-8") as fh:
            fh.write(adr(f"Odd name {i}", "Accepted", "2026-05-0{i + 1}"))
    link = repo / "docs/adr/0002-use-kafka.md"
    link.write_text(link.read_text() + "\nSee [C#](0006-c%23%20and%20f%23.md).\n")
    build(repo)
    out = repo / "_site"
    check_site(out)  # every href, %-escaped, names the file
    assert os.path.exists(os.path.join(os.fsencode(out / "pages/docs/adr"), b"0007-caf\xe9 100%.html"))
    assert 'href="0006-c%23%20and%20f%23.html"' in (out / "pages/docs/adr/0002-use-kafka.html").read_text()


def test_dashboard_shows_overdue_actions_and_runbooks_without_an_alert(repo):
    write_tree(repo, {
        ".artifactkit.yaml": ("docs_root: docs\nrunbooks:\n  alert_rules: [rules.yml]\n"
                              "  urls: {'https://runbooks.example.com/': docs/runbooks}\n"),
        "rules.yml": "groups:\n  - name: db\n    rules:\n      - alert: PoolGone\n        expr: up == 0\n"
                     "        annotations:\n          runbook_url: https://runbooks.example.com/pool.md\n",
        "docs/postmortems/2026-11-20-pool-outage.md": document("postmortem", {"action items": "- [ ] Add an alert (@ada, OPS-1, due 2026-11-30)\n"})
        .replace("# A complete postmortem", "# Connection pool outage"),
    })
    build(repo)
    raw = (repo / "_site" / "index.html").read_text()
    assert not parse(repo / "_site" / "index.html").errors
    panel = raw.split("Runbooks and alerts", 1)[1].split("</section>", 1)[0]
    assert "<code>rules.yml:7</code>" in panel and "alert PoolGone&#39;s runbook_url" in panel
    unlinked = panel.split("Runbooks that no alert links to:", 1)[1]
    assert "runbooks/db" in unlinked  # the runbook no alert reaches, linked to its page
    actions = raw.split("Open action items", 1)[1].split("</section>", 1)[0]
    assert "overdue since 2026-11-30" in actions


def test_type_page_has_timeline_filters_and_struck_entries(repo):
    build(repo)
    page = (repo / "_site/types/adr.html").read_text()
    assert '<form id="filters" class="filters" hidden' in page  # shown by JS only: filters need it
    assert 'id="filter-status"' in page and 'id="filter-tag"' in page and 'id="filter-owner"' in page
    assert '<label for="filter-status">' in page
    assert page.index("<h2>2026-03</h2>") < page.index("<h2>2026-01</h2>")  # newest first
    struck = re.findall(r'<li class="entry is-struck" data-status="(\w+)"', page)
    assert sorted(struck) == ["Rejected", "Superseded"]


def test_relations_are_an_overview_by_type_and_status_and_a_neighbourhood_on_each_page(repo):
    """No single SVG of everything (its links sat inside role="img", out of reach of screen readers):
    lists of links grouped by type and status, and each document's relations, both ways, on its page."""
    build(repo)
    graph = (repo / "_site/graph.html").read_text()
    assert "<svg" not in graph
    assert graph.count('<li class="entry') == 7
    for label in ("ADRs", "RFCs", "Runbooks", "Postmortems"):
        assert f">{label}</a> <span" in graph
    assert re.search(r'data-status="Accepted">\s*<a href="pages/docs/adr/0003-use-cockroach.html">ADR 3: Use CockroachDB</a>\s*'
                     r'<ul class="rels"><li>supersedes <a href="pages/docs/adr/0001-use-postgres.html" class="struck">', graph)
    assert "links to <a href=\"pages/docs/rfc/0001-storage.html\">RFC 1: Storage layer</a>" in graph
    postgres = (repo / "_site/pages/docs/adr/0001-use-postgres.html").read_text()
    hood = postgres[postgres.index('class="neighbourhood"'):]
    assert "Superseded by <a href=\"0003-use-cockroach.html\">ADR 3: Use CockroachDB</a>" in hood
    assert "Relates to <a href=\"0002-use-kafka.html\">ADR 2: Use Kafka for events</a>" in hood
    storage = (repo / "_site/pages/docs/rfc/0001-storage.html").read_text()
    assert "Linked from <a href=\"../adr/0003-use-cockroach.html\">" in storage


def test_search_index_has_titles_words_and_page_urls(repo):
    build(repo)
    text = (repo / "_site/assets/search-index.js").read_text()
    records = json.loads(text[len("window.AK_SEARCH="):].rstrip().rstrip(";"))
    kafka = next(r for r in records if r["t"] == "Use Kafka for events")
    assert "zanzibar-style" in kafka["b"].split() and kafka["u"] == "pages/docs/adr/0002-use-kafka.html"
    assert len(kafka["b"].split()) == len(set(kafka["b"].split()))  # distinct words only


def test_rebuild_writes_only_what_changed_and_removes_only_its_own_files(repo):
    build(repo)
    out = repo / "_site"
    (out / "notes.txt").write_text("mine")  # a file the site did not write
    proc = build(repo)
    assert "0 files written" in proc.stdout
    doc = repo / "docs/adr/0002-use-kafka.md"
    doc.write_text(doc.read_text().replace("zanzibar-style", "quokka-style"))
    proc = build(repo)
    written = int(re.search(r"(\d+) files? written", proc.stdout).group(1))
    assert 1 <= written <= 4, proc.stdout  # the page, the search index, the manifest's neighbours
    assert "quokka-style" in (out / "pages/docs/adr/0002-use-kafka.html").read_text()
    (repo / "docs/runbooks/db.md").unlink()
    (out / "types/runbook.html").write_text("edited by hand")  # ours, but edited since: kept
    build(repo)
    assert not (out / "pages/docs/runbooks/db.html").exists()
    assert (out / "types/runbook.html").read_text() == "edited by hand"
    assert (out / "notes.txt").read_text() == "mine"


def test_rendered_bodies_are_kept_apart_checked_and_pruned(repo, tmp_path):
    """The render cache keeps each body in its own file named by its hash: a rebuild reads only the bodies
    of the pages it writes, a body that is not what its name says is rendered again, a link out of the
    repository is never read, and bodies no document shows any more are removed (and nothing else)."""
    build(repo)
    bodies = repo / ".artifactkit_cache/site-bodies"
    kept = {p.name for p in bodies.iterdir()}
    assert len(kept) == 7 and all(re.fullmatch(r"[0-9a-f]{64}\.html", n) for n in kept)
    assert "<table>" not in (repo / ".artifactkit_cache/site.json").read_text()  # the index holds no HTML
    page = repo / "_site/pages/docs/adr/0002-use-kafka.html"
    first = page.read_text()

    # every kept body corrupted, one swapped for a link out of the repository: the pages come out the same
    outside = tmp_path / "secret.html"
    outside.write_text("<p>kept-outside-the-repository</p>")
    kafka = next(b for b in bodies.iterdir() if "zanzibar-style" in b.read_text())
    victim = next(b for b in sorted(bodies.iterdir()) if b != kafka)
    for body in bodies.iterdir():
        body.write_text("<p>tampered</p>")
    victim.unlink()
    victim.symlink_to(outside)
    (bodies / "notes.txt").write_text("mine")
    (repo / "_site/pages/docs/adr/0002-use-kafka.html").unlink()  # this page has to be written again
    build(repo, "--single-file", "--out", "all.html")  # every body is needed here
    single = (repo / "all.html").read_text()
    assert "tampered" not in single and "kept-outside" not in single and "zanzibar-style" in single
    build(repo)
    assert page.read_text() == first
    assert outside.read_text() == "<p>kept-outside-the-repository</p>"

    doc = repo / "docs/adr/0002-use-kafka.md"
    doc.write_text(doc.read_text().replace("zanzibar-style", "quokka-style"))
    build(repo)
    assert "quokka-style" in page.read_text()
    now = {p.name for p in bodies.iterdir()}
    assert "notes.txt" in now and victim.name in now and victim.is_symlink()  # not ours to remove; a link is never followed
    now -= {"notes.txt", victim.name}
    assert len(now - kept) == 1 and len(now) == 6 and kafka.name not in now  # the edited document's new body; its old one removed
    assert all("tampered" not in (bodies / name).read_text() for name in now)  # the wrong bodies were written again


def test_a_body_store_linked_out_of_the_repository_is_never_used(repo, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    planted = outside / ("0" * 64 + ".html")
    planted.write_text("<script>planted</script>")
    (repo / ".artifactkit_cache").mkdir()
    (repo / ".artifactkit_cache/site-bodies").symlink_to(outside)
    proc = build(repo)
    assert "rendered bodies were not cached" in proc.stderr and "outside" in proc.stderr
    doc = repo / "docs/adr/0002-use-kafka.md"
    doc.write_text(doc.read_text().replace("zanzibar-style", "quokka-style"))
    (repo / "_site/pages/docs/adr/0001-use-postgres.html").unlink()  # its body is needed, and not kept
    proc = build(repo)
    assert "rendered bodies were not cached" in proc.stderr
    assert "quokka-style" in (repo / "_site/pages/docs/adr/0002-use-kafka.html").read_text()
    assert "Use PostgreSQL" in (repo / "_site/pages/docs/adr/0001-use-postgres.html").read_text()
    assert [p.name for p in outside.iterdir()] == [planted.name] and planted.read_text() == "<script>planted</script>"
    assert "planted" not in "".join(p.read_text() for p in (repo / "_site").rglob("*.html"))
    check_site(repo / "_site")


def test_a_build_interrupted_halfway_is_finished_by_the_next_one(repo, monkeypatch):
    from artifactkit.engine.config import load_config
    from artifactkit.site import output
    from artifactkit.site.build import build_site

    real_replace, calls = output._replace, []

    def interrupted(target, data):  # Ctrl-C after the third page
        calls.append(target)
        if len(calls) == 4:
            raise KeyboardInterrupt
        real_replace(target, data)

    monkeypatch.setattr(output, "_replace", interrupted)
    monkeypatch.chdir(repo)
    monkeypatch.setenv("ARTIFACTKIT_TODAY", "2026-12-01")
    with pytest.raises(KeyboardInterrupt):
        build_site(load_config(), str(repo / "_site"))
    assert len(list((repo / "_site").rglob("*.html"))) >= 2  # some pages were written
    monkeypatch.undo()
    proc = build(repo)
    assert "site: 7 documents" in proc.stdout
    check_site(repo / "_site")


def test_refuses_to_overwrite_a_file_it_did_not_write(repo):
    (repo / "_site").mkdir()
    (repo / "_site/index.html").write_text("my own page")
    proc = build(repo, expect=1)
    assert "_site/index.html: exists and was not written by artifactkit site" in proc.stderr
    assert (repo / "_site/index.html").read_text() == "my own page"
    assert proc.stderr.count("\n") == 1


def test_refuses_an_output_folder_linked_outside_the_repository(repo, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (repo / "_site").symlink_to(outside)
    proc = build(repo, expect=1)
    assert "symbolic link that leads outside the repository" in proc.stderr
    assert list(outside.iterdir()) == []
    proc = build(repo, "--out", "docs", expect=1)  # would mix pages into the documents
    assert "holds the documents themselves" in proc.stderr


def test_a_link_inside_the_output_folder_is_not_written_through(repo, tmp_path):
    build(repo)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    pages = repo / "_site/pages/docs/rfc"
    for f in pages.iterdir():
        f.unlink()
    pages.rmdir()
    pages.symlink_to(outside)
    (repo / "docs/rfc/0001-storage.md").write_text((repo / "docs/rfc/0001-storage.md").read_text() + "\nMore.\n")
    proc = build(repo, expect=1)
    assert "symbolic link in the output folder leads elsewhere" in proc.stderr
    assert list(outside.iterdir()) == []


def test_image_outside_the_repository_is_not_copied(repo, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(png(rgb=(0, 0, 0)))
    (repo / "docs/adr/img/leak.png").symlink_to(secret)
    doc = repo / "docs/adr/0003-use-cockroach.md"
    doc.write_text(doc.read_text() + "\n![a](img/leak.png) ![b](../../../secret.png)\n")
    build(repo)
    out = repo / "_site"
    assert not (out / "pages/docs/adr/img/leak.png").exists()
    assert not any(p.read_bytes() == secret.read_bytes() for p in out.rglob("*.png"))
    page = (out / "pages/docs/adr/0003-use-cockroach.html").read_text()
    assert "[image not in the repository: img/leak.png]" in page
    check_site(out)


def test_an_svg_image_is_drawn_but_never_served_as_a_file(repo):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>window.__pwned=5</script><rect width="10" height="10"/></svg>'
    write_tree(repo, {"docs/adr/img/box.svg": svg})
    doc = repo / "docs/adr/0003-use-cockroach.md"
    doc.write_text(doc.read_text() + "\n![box](img/box.svg)\n")
    build(repo)
    out = repo / "_site"
    assert sorted(p.name for p in out.rglob("*.svg")) == ["badge.svg"]  # no document SVG at the site's origin
    page = (out / "pages/docs/adr/0003-use-cockroach.html").read_text()
    assert 'src="data:image/svg+xml;base64,' in page
    check_site(out)


def test_base_url_and_gitlab_edit_links(tmp_path):
    repo = make_repo(tmp_path / "gl", remote="git@gitlab.example.com:team/handbook.git")
    build(repo, "--base-url", "https://team.gitlab.io/handbook")
    out = repo / "_site"
    page = (out / "pages/docs/adr/0001-use-postgres.html").read_text()
    assert 'href="https://gitlab.example.com/team/handbook/-/edit/main/docs/adr/0001-use-postgres.md"' in page
    assert '<link rel="canonical" href="https://team.gitlab.io/handbook/pages/docs/adr/0001-use-postgres.html">' in page
    assert "<loc>https://team.gitlab.io/handbook/index.html</loc>" in (out / "sitemap.xml").read_text()
    proc = build(repo, "--base-url", "not a url", expect=2)
    assert "--base-url" in proc.stderr and proc.stderr.count("\n") == 1


def test_no_edit_link_without_a_known_forge(tmp_path):
    repo = make_repo(tmp_path / "plain", remote=None)
    build(repo)
    page = (repo / "_site/pages/docs/adr/0001-use-postgres.html").read_text()
    assert "Edit this document" not in page and "by Test Author on" in page
    check_site(repo / "_site")  # the README link has no forge: the dead link is dropped


def test_single_file_is_self_contained(repo):
    proc = build(repo, "--single-file", "--out", "handbook.html")
    path = repo / "handbook.html"
    assert "1 file written" in proc.stdout
    page = parse(path)
    for attr, value in page.refs:
        assert value.startswith(("#", "data:", "https:")), (attr, value)  # nothing to fetch next to it
        if value.startswith("#"):
            assert value[1:] in page.ids, value
    text = path.read_text()
    assert "window.AK_SEARCH=" in text and "MiniSearch" in text and "data:image/png;base64," in text
    (repo / "other.html").write_text("<p>mine</p>")
    proc = build(repo, "--single-file", "--out", "other.html", expect=1)
    assert "not an artifactkit single-file export" in proc.stderr
    build(repo, "--single-file", "--out", "handbook.html")  # its own export is replaced


def test_site_of_this_repositorys_docs_builds(tmp_path):
    out = tmp_path / "own"
    proc = run(["site", "build", "--out", out, "--no-cache"], cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    # the same findings as `artifactkit lint docs/`, which passes: the index READMEs beside the ADRs are
    # Markdown of no type that lint skips, not problems of the site's
    lint = run(["lint", "--no-cache", "docs/"], cwd=REPO)
    assert lint.returncode == 0 and "no problems" in lint.stdout, lint.stdout
    assert ", 0 problems;" in proc.stdout, proc.stdout
    assert "0 problems" in (out / "badge.svg").read_text()
    pages = check_site(out)
    adrs = sorted((REPO / "docs/adr").glob("0*.md"))
    assert len(adrs) >= 5
    for adr_path in adrs:
        assert out / "pages/docs/adr" / (adr_path.stem + ".html") in pages


def test_many_documents_are_parsed_and_rendered_by_workers_alike(tmp_path):
    from conftest import bench_corpus

    repo = tmp_path / "many"
    files = bench_corpus(repo / "docs", 9)  # 54 documents: enough for the forked workers
    (repo / ".artifactkit.yaml").write_text("docs_root: docs\n")
    proc = run(["site", "build"], cwd=repo, env=TODAY)
    assert proc.returncode == 0, proc.stderr
    pages = check_site(repo / "_site")
    assert len([p for p in pages if "/pages/" in p.as_posix()]) == len(files)
    serial = run(["site", "build", "--no-cache", "--out", "serial"], cwd=repo, env={**TODAY, "ARTIFACTKIT_SITE_SERIAL": "1"})
    assert serial.returncode == 0, serial.stderr
    for page in (repo / "_site/pages").rglob("*.html"):
        assert page.read_bytes() == (repo / "serial/pages" / page.relative_to(repo / "_site/pages")).read_bytes(), page


def test_wheel_ships_templates_and_vendored_scripts(tmp_path):
    import zipfile

    dist = tmp_path / "dist"
    subprocess.run([os.sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO)],
                   check=True, capture_output=True, text=True)
    names = set(zipfile.ZipFile(next(dist.glob("artifactkit-*.whl"))).namelist())
    for name in ("templates/layout.html", "templates/doc.html", "static/site.css", "static/site.js", "static/minisearch.js",
                 "static/minisearch.LICENSE.txt", "static/mermaid.min.js", "static/mermaid.LICENSE.txt"):
        assert f"artifactkit/site/{name}" in names, name


# --- serve ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    """The local addresses of the sockets listening on ``port``, from the kernel's table (Linux)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(socket.inet_ntop(socket.AF_INET, bytes.fromhex(address)[::-1]) if len(address) == 8 else "v6:" + address)
    return found


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def test_serve_rebuilds_on_change_and_stops_cleanly(repo):
    port = free_port()
    env = {**os.environ, **TODAY, "NO_COLOR": "1"}
    proc = subprocess.Popen([artifactkit_exe(), "site", "serve", "--port", str(port)], cwd=repo, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line, line + proc.stderr.read() if proc.poll() is not None else line
        page_url = f"http://127.0.0.1:{port}/pages/docs/adr/0002-use-kafka.html"
        assert "zanzibar-style" in fetch(page_url)
        version = json.loads(fetch(f"http://127.0.0.1:{port}/assets/version.json"))["version"]
        doc = repo / "docs/adr/0002-use-kafka.md"
        doc.write_text(doc.read_text().replace("zanzibar-style", "quokka-style"))
        deadline = time.monotonic() + 30
        while "quokka-style" not in fetch(page_url):
            assert time.monotonic() < deadline, "the page was not rebuilt"
            time.sleep(0.2)
        assert json.loads(fetch(f"http://127.0.0.1:{port}/assets/version.json"))["version"] != version  # pages reload
        assert listening_addresses(port) == {"127.0.0.1"}  # loopback only
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "stopped" in out
    assert not (repo / "_site").exists()  # the preview never writes into the repository


def test_serve_port_in_use_is_one_line(repo):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        proc = run(["site", "serve", "--port", str(s.getsockname()[1])], cwd=repo)
    assert proc.returncode == 2 and "cannot listen on 127.0.0.1" in proc.stderr and proc.stderr.count("\n") == 1


def test_github_pages_workflow_builds_the_folder_it_uploads(repo):
    from ruamel.yaml import YAML

    workflow = YAML(typ="safe").load((REPO / "hooks/github-pages.yml").read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    steps = workflow["jobs"]["build"]["steps"]
    (build_step,) = [s for s in steps if "artifactkit site build" in s.get("run", "")]
    (upload,) = [s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert steps.index(build_step) < steps.index(upload)
    assert [s for s in workflow["jobs"]["deploy"]["steps"] if s.get("uses", "").startswith("actions/deploy-pages@")]
    command = build_step["run"].replace("${{ github.repository_owner }}", "acme").replace("${{ github.event.repository.name }}", "handbook")
    args = shlex.split(command)
    assert args[:3] == ["artifactkit", "site", "build"]
    proc = run(args[1:], cwd=repo, env=TODAY)
    assert proc.returncode == 0, proc.stderr
    out = repo / upload["with"]["path"]
    assert (out / "index.html").is_file() and (out / "badge.svg").is_file()
    assert 'href="https://acme.github.io/handbook/index.html"' in (out / "index.html").read_text()


AUTHORED = """---
title: Keep what the author wrote
status: Accepted
date: "[Insert Date]"
---
<!-- Template instructions: replace every section below, then delete this comment. -->
## Context

<!-- toc -->
[TOC]

We chose `<b>` markup <!-- a note to reviewers --> and <span>raw</span> tags.

## Decision

Keep it.
"""


def test_a_page_shows_what_the_author_wrote(repo):
    """Comments and TOC markers hidden, raw HTML as text, the front-matter title as the page's h1 before
    any h2, a placeholder date shown as no date, and "1 type" for one type."""
    (repo / "docs/adr/0005-authored.md").write_text(AUTHORED)
    build(repo)
    page = (repo / "_site/pages/docs/adr/0005-authored.html").read_text()
    main = page[page.index("<main"):page.index("</main>")]
    assert "Template instructions" not in page and "note to reviewers" not in page and "toc -->" not in page
    assert "[TOC]" not in page and "<!--" not in main
    assert "&lt;span&gt;raw&lt;/span&gt;" in main and "<span>raw" not in main
    assert main.index("<h1") < main.index("<h2") and main.count("<h1") == 1
    assert re.search(r"<h1[^>]*>Keep what the author wrote</h1>", main)
    assert "Insert Date" not in main.replace("&#39;[Insert Date]&#39;", "")  # only the lint finding quotes it
    type_page = (repo / "_site/types/adr.html").read_text()
    assert "Keep what the author wrote" in type_page and ">Undated<" in type_page


def test_one_of_a_kind_is_singular(tmp_path):
    repo = tmp_path / "one"
    write_tree(repo, {".artifactkit.yaml": "docs_root: docs\n", "docs/adr/0001-use-postgres.md": adr("Use PostgreSQL", "Accepted", "2026-01-10")})
    git(repo, "init", "-q", "-b", "main")
    build(repo)
    assert "1 document of 1 type " in (repo / "_site/index.html").read_text()


def _written(proc) -> tuple[int, int]:
    m = re.search(r"site: (\d+) documents?, .*?(\d+) files? written", proc.stdout)
    return int(m.group(1)), int(m.group(2))


def test_rebuilds_count_the_same_and_rewrite_only_what_changed(repo):
    """Build, rebuild, edit one document's text, rebuild: the same number of documents each time, nothing
    written for an unchanged tree, and after the edit only its page and the search index."""
    def snapshot():
        return {p: p.stat().st_mtime_ns for p in (repo / "_site").rglob("*") if p.is_file()}

    docs, written = _written(build(repo))
    assert docs == 7 and written > 7
    before = snapshot()
    assert _written(build(repo)) == (7, 0)
    assert snapshot() == before
    doc = repo / "docs/adr/0003-use-cockroach.md"
    doc.write_text(doc.read_text().replace("## Details", "## Details\n\nA new paragraph about quokkas."))
    assert _written(build(repo)) == (7, 2)
    after = snapshot()
    changed = {str(p.relative_to(repo / "_site")) for p in after if after[p] != before.get(p)}
    assert changed == {"pages/docs/adr/0003-use-cockroach.html", "assets/search-index.js", ".artifactkit-site.json"}
    assert _written(build(repo)) == (7, 0)

    # a new document: its page, its neighbour's (whose "next" now leads to it), its type's timeline, and
    # the pages that list every document; not the pages of other documents (all of them, before)
    (repo / "docs/rfc/0002-caching.md").write_text(document("rfc").replace("# A complete rfc", "# Caching layer"))
    before = snapshot()
    assert _written(build(repo))[0] == 8
    after = snapshot()
    changed = {str(p.relative_to(repo / "_site")) for p in after if after[p] != before.get(p)}
    assert changed == {"pages/docs/rfc/0002-caching.html", "pages/docs/rfc/0001-storage.html", "types/rfc.html", "index.html",
                       "graph.html", "assets/search-index.js", "badge.svg", ".artifactkit-site.json"}, changed


def test_dates_come_from_any_metadata_field_and_as_people_write_them(repo):
    """A proposal dated in a `created` field, written "September 2, 2015", is filed under 2015-09, not Undated."""
    (repo / "docs/rfc/0002-subtests.md").write_text(
        document("rfc").replace("date: 2026-11-23\n", "created: September 2, 2015\n").replace("# A complete rfc", "# Subtests"))
    build(repo)
    page = (repo / "_site/pages/docs/rfc/0002-subtests.html").read_text()
    assert "<time>2015-09-02</time>" in page
    rfcs = (repo / "_site/types/rfc.html").read_text()
    assert re.search(r"<h2>2015-09</h2>\s*<ul>\s*<li[^>]*>\s*<a [^>]*>RFC 2: Subtests</a>", rfcs)


NYGARD = """# {n}. {title}

Date: 2016-02-1{n}

## Status

Accepted

## Context

Some context.

## Decision

Some decision.

## Consequences

Some consequences.
"""


def test_a_log_format_reads_the_same_from_lint_results_and_from_the_sites_own_parse(tmp_path):
    """A Nygard log (title '# 2. Use X', 'Date:' line, '## Status' section): the site files it under its date
    with its status and its title without the number; a site cache rebuilt while the lint cache is warm
    (the site then parses the documents itself) writes the very same pages."""
    repo = tmp_path / "log"
    write_tree(repo, {
        ".artifactkit.yaml": 'docs_root: doc\ntypes:\n  adr:\n    extends: adr-nygard\n    paths: ["doc/adr/*.md"]\n',
        **{f"doc/adr/000{n}-x{n}.md": NYGARD.format(n=n, title=f"Use tool {n}") for n in (1, 2, 3)},
    })
    git(repo, "init", "-q", "-b", "main")
    assert _written(build(repo))[0] == 3
    page = (repo / "_site/pages/doc/adr/0002-x2.html").read_text()
    assert re.search(r"<h1[^>]*>Use tool 2</h1>", page) and "<time>2016-02-12</time>" in page and "status-accepted" in page
    (repo / ".artifactkit_cache/site.json").unlink()
    assert _written(build(repo)) == (3, 0)


class _Terminal:
    """A stream that says it is a terminal, keeping what is written to it."""

    def __init__(self, tty: bool):
        self.tty, self.text = tty, ""

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("tty", [True, False])
def test_progress_shows_on_a_terminal_only_and_is_cleared(monkeypatch, tty):
    from artifactkit.site import progress

    monkeypatch.setattr(progress, "DELAY", 0.0)  # a build over a second, without waiting a second
    stream = _Terminal(tty)
    progress.start(stream)
    progress.step("rendering 1000 documents")
    time.sleep(0.6)
    progress.stop()
    if tty:
        assert "site: rendering 1000 documents (0 s)" in stream.text and stream.text.endswith("\r\x1b[2K")
    else:
        assert stream.text == ""


def test_a_document_without_title_or_heading_is_named_by_its_file_or_its_folder(repo):
    (repo / "docs/rfc/0003-folder-per-document").mkdir()
    (repo / "docs/rfc/0003-folder-per-document/README.md").write_text("---\ntype: rfc\nstatus: Draft\n---\nJust text.\n")
    (repo / "docs/rfc/0004-plain.md").write_text("---\ntype: rfc\nstatus: Draft\n---\nJust text.\n")
    build(repo)
    timeline = (repo / "_site/types/rfc.html").read_text()
    assert ">RFC 3: 0003-folder-per-document</a>" in timeline or ">0003-folder-per-document</a>" in timeline, timeline
    assert "0004-plain</a>" in timeline and ">README</a>" not in timeline


def test_an_edit_of_the_same_size_is_seen_though_unchanged_files_are_not_read_again(repo):
    """A rebuild trusts a file's size and time only when it changed well before the cache was written;
    an edit that keeps the size changes the time, and its page is rendered again."""
    old = time.time() - 3600
    for doc in (repo / "docs").rglob("*.md"):
        os.utime(doc, (old, old))
    build(repo)
    time.sleep(2.1)  # the files are now older than the cache by more than the clock's tolerance
    assert _written(build(repo)) == (7, 0)
    doc = repo / "docs/adr/0002-use-kafka.md"
    text = doc.read_text()
    doc.write_text(text.replace("zanzibar-style", "zanzibor-style"))  # the same length
    assert len(doc.read_bytes()) == len(text.encode())
    build(repo)
    assert "zanzibor-style" in (repo / "_site/pages/docs/adr/0002-use-kafka.html").read_text()
