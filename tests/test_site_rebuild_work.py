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
