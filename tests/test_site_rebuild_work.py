"""A rebuild redoes only the work whose inputs changed (issue 24): the search index is remade when a
document's searched text or shown fields change, and not at all for an unchanged tree."""

from __future__ import annotations

import json

from test_site import TODAY, make_repo


def _index(repo) -> list[dict]:
    text = (repo / "_site/assets/search-index.js").read_text(encoding="utf-8")
    return json.loads(text.removeprefix("window.AK_SEARCH=").rstrip().removesuffix(";"))


def test_the_search_index_is_remade_only_when_what_it_shows_changed(tmp_path, monkeypatch):
    from artifactkit.engine.config import load_config
    from artifactkit.site import build

    repo = make_repo(tmp_path / "handbook")
    monkeypatch.chdir(repo)
    for name, value in TODAY.items():
        monkeypatch.setenv(name, value)
    made = []
    records = build.search_records
    monkeypatch.setattr(build, "search_records", lambda site, single: made.append(single) or records(site, single))

    def rebuild():
        return build.build_site(load_config(), str(repo / "_site"))

    assert "assets/search-index.js" in rebuild().written and len(made) == 1
    assert rebuild().written == [] and len(made) == 1  # nothing changed: not even made in memory

    doc = repo / "docs/adr/0003-use-cockroach.md"
    doc.write_text(doc.read_text().replace("## Details", "## Details\n\nA new paragraph about quokkas."))
    assert "assets/search-index.js" in rebuild().written and len(made) == 2
    hit = next(r for r in _index(repo) if r["t"] == "Use CockroachDB")
    assert "quokkas" in hit["b"].split() and any("quokkas" in p for p in hit["p"])

    doc.write_text(doc.read_text().replace("status: Accepted", "status: Deprecated"))  # a field the hit shows
    assert "assets/search-index.js" in rebuild().written and len(made) == 3
    assert next(r for r in _index(repo) if r["t"] == "Use CockroachDB")["s"] == "Deprecated"
    assert rebuild().written == [] and len(made) == 3


def test_an_unchanged_rebuild_renders_no_page_yet_the_dashboard_follows_the_date_and_history(tmp_path):
    import os
    import subprocess
    import sys

    from conftest import git

    repo = make_repo(tmp_path / "handbook")
    script = (
        "import json, sys\nfrom artifactkit.cli import main\nrc = main(['site', 'build'])\n"
        "print(json.dumps([rc, 'jinja2' in sys.modules, 'markdown_it' in sys.modules]))\n"
    )

    def rebuild(today: str) -> tuple[list, str]:
        proc = subprocess.run(
            [sys.executable, "-c", script], cwd=repo, capture_output=True, text=True, timeout=120, env={**os.environ, "ARTIFACTKIT_TODAY": today}
        )
        *lines, last = proc.stdout.strip().splitlines()
        return json.loads(last), "\n".join(lines)

    assert rebuild("2026-12-01")[0][:2] == [0, True]  # the first build renders everything
    result, out = rebuild("2026-12-01")
    assert result == [0, False, False] and "0 files written" in out  # nothing to render: jinja is never imported
    dashboard = (repo / "_site/index.html").read_text(encoding="utf-8")

    result, out = rebuild("2026-12-02")  # a new day: the dashboard's date (and what is due) changes
    assert result[0] == 0 and result[1] is True and "0 files written" not in out
    assert "on 2026-12-02" in (repo / "_site/index.html").read_text(encoding="utf-8") and "on 2026-12-01" in dashboard

    git(repo, "-c", "user.name=Another Author", "commit", "-q", "--allow-empty-message", "-m", "", "--allow-empty")  # no file changed: nothing shown changes
    assert rebuild("2026-12-02")[0] == [0, False, False]
    doc = repo / "docs/rfc/0001-storage.md"
    doc.write_text(doc.read_text() + "\nMore.\n")
    git(repo, "-c", "user.name=Another Author", "commit", "-q", "-am", "edit")
    result, out = rebuild("2026-12-02")
    assert result[0] == 0
    assert "Another Author" in (repo / "_site/index.html").read_text(encoding="utf-8")  # recently changed, by whom


def test_a_rebuild_with_another_published_address_remakes_every_page(tmp_path, monkeypatch):
    """Every page's layout holds the canonical address: a page kept from a build without --base-url would lack it."""
    from artifactkit.engine.config import load_config
    from artifactkit.site import build

    repo = make_repo(tmp_path / "handbook")
    monkeypatch.chdir(repo)
    for name, value in TODAY.items():
        monkeypatch.setenv(name, value)
    page = repo / "_site/pages/docs/adr/0001-use-postgres.html"
    canonical = '<link rel="canonical" href="https://docs.example.com/handbook/pages/docs/adr/0001-use-postgres.html">'
    build.build_site(load_config(), str(repo / "_site"))
    assert "canonical" not in page.read_text(encoding="utf-8")
    published = build.build_site(load_config(), str(repo / "_site"), base_url="https://docs.example.com/handbook/")
    assert canonical in page.read_text(encoding="utf-8")
    assert {"index.html", "graph.html", "search.html", "types/adr.html", "pages/docs/adr/0001-use-postgres.html"} <= set(published.written)
    build.build_site(load_config(), str(repo / "_site"))
    assert "canonical" not in page.read_text(encoding="utf-8")


def test_a_build_called_in_process_leaves_nothing_frozen(tmp_path, monkeypatch):
    """`site build` freezes its objects for a process about to end (no collector pass over them); a
    caller that goes on (these tests, an embedding program) must get them back, or each build leaks."""
    import gc

    from artifactkit import cli

    repo = make_repo(tmp_path / "handbook")
    monkeypatch.chdir(repo)
    for name, value in TODAY.items():
        monkeypatch.setenv(name, value)
    frozen = gc.get_freeze_count()
    assert cli.main(["site", "build"]) == 0
    assert gc.get_freeze_count() <= frozen
