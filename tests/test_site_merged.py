"""``artifactkit site build --catalog ...``: one site of three repositories' catalogues, and what a
malformed or hostile catalogue can do to it (nothing outside its own rows)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from orgrepos import TODAY, WORDS, cli, copy_of_organisation


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setenv("ARTIFACTKIT_TODAY", TODAY)


@pytest.fixture
def org(tmp_path, pristine_organisation) -> list[Path]:
    return copy_of_organisation(pristine_organisation, tmp_path)


def build(cwd: Path, out: Path, catalogs: list[Path], expect: int = 0) -> str:
    code, stdout, err = cli(["site", "build", "--out", str(out), *(f"--catalog={c}" for c in catalogs)], cwd)
    assert code == expect, stdout + err
    return err


def text(path: Path) -> str:
    return re.sub(r"<[^>]+>", "", path.read_text())


def test_each_repository_has_its_dashboard_and_documents(org, tmp_path):
    out = tmp_path / "site"
    build(tmp_path, out, org)
    dashboard = text(out / "index.html")
    assert "3 repositories · 9 documents" in dashboard
    rows = {m[0]: m[1:] for m in re.findall(r'<th scope="row"><a href="r/(\w+)/index.html">\w+</a></th>' + r"<td>(\d+)</td>" * 6, (out / "index.html").read_text())}
    assert rows == {  # documents, errors, warnings, overdue action items, alerts without runbook, stale runbooks
        "payments": ("4", "0", "2", "1", "0", "1"),
        "platform": ("3", "1", "0", "0", "1", "0"),
        "search": ("2", "0", "0", "0", "0", "0"),
    }
    assert "Add a pool alert" in dashboard and "overdue since 2026-01-31" in dashboard and "Later" not in dashboard
    assert "DiskFull" in dashboard and "ApiDown" not in dashboard
    for name in WORDS:
        page = text(out / "r" / name / "index.html")
        assert f"{name.capitalize()} starts" in page
        assert f"{name.capitalize()} starts" in text(out / "r" / name / "adr-1.html")
    timeline = text(out / "timeline/adr.html")
    assert timeline.index("One Kafka cluster") < timeline.index("Use Kafka for payment events") < timeline.index("Payments starts")


def test_a_cross_repository_supersede_is_linked_both_ways(org, tmp_path):
    out = tmp_path / "site"
    build(tmp_path, out, org)
    old = (out / "r/payments/adr-2.html").read_text()
    new = (out / "r/platform/adr-2.html").read_text()
    assert re.search(r'Superseded by <a class="repo" href="../platform/index.html">platform</a> · <a href="../platform/adr-2.html">ADR 2: One Kafka', old)
    assert re.search(r'Supersedes <a class="repo" href="../payments/index.html">payments</a> · <a href="../payments/adr-2.html" class="struck">ADR 2: Use Kafka', new)
    # without the other repository's catalogue, the reference is shown as text, not as a link
    build(tmp_path, tmp_path / "alone", org[:1])
    alone = (tmp_path / "alone/r/payments/adr-2.html").read_text()
    assert "superseded by <code>platform#adr-2</code>" in alone and "../platform/" not in alone


def test_search_shards_per_repository_and_a_light_first_page(org, tmp_path):
    out = tmp_path / "site"
    build(tmp_path, out, org)
    for name, word in WORDS.items():
        shard = (out / "assets/search" / f"{name}.js").read_text()
        payload = json.loads(shard[shard.index(",") + 1 : shard.rindex(")")])
        assert any(word in r["b"].split() for r in payload) and {r["r"] for r in payload} == {name}
    for name, word in WORDS.items():  # the index of all repositories, split by term: the word's documents
        shard = (out / "assets/terms" / f"{word[:2].encode().hex()}.js").read_text()
        terms = json.loads(shard[shard.index(",") + 1 : shard.index("},{") + 1])
        (number,) = terms[word]  # one document, delta-encoded from 0
        first = json.loads((out / "assets/docs/0.js").read_text()[len("window.AK_DOCS(0,") : -3])
        assert first[number][4] == name and first[number][0] == f"{name.capitalize()} starts"
    index = (out / "index.html").read_text()
    assert "assets/search/" not in index and "minisearch" not in index  # the dashboard loads no search records
    search = (out / "search.html").read_text()
    repos = json.loads(re.search(r'<script type="application/json" id="ak-repos">(.*?)</script>', search).group(1))
    assert [r["name"] for r in repos] == ["payments", "platform", "search"]


HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


def hostile_catalogues(org: list[Path], folder: Path) -> list[Path]:
    base = json.loads(org[2].read_text())
    evil = json.loads(json.dumps(base))
    evil["repository"]["name"] = "evil"
    for doc in evil["documents"]:
        doc.update(title=HOSTILE, path="../../etc/passwd", status=HOSTILE, owners=[HOSTILE], excerpt=HOSTILE, search_text="evilword " + HOSTILE)
    evil["documents"][0]["id"] = "../../etc/passwd"
    evil["documents"][-1]["type"] = "ADR"  # a type that differs from adr only in case gets a timeline of its own
    evil["alerts"] = [{"name": HOSTILE, "rule_file": "/etc/passwd", "line": 1, "url": "javascript:alert(1)", "runbook": None, "state": "missing"}]
    cases = {
        "evil": evil,
        "huge-number": {**base, "repository": {"name": "huge", "revision": None}, "documents": [{**base["documents"][0], "number": 10**40}]},
        "wrong-version": {**base, "version": 99},
        "bad-name": {**base, "repository": {"name": "../../etc", "revision": None}},
        "same-name": {**base, "documents": []},  # a second catalogue of 'search' does not replace the first
        "extra-field": {**base, "html": "<b>raw</b>"},
    }
    paths = []
    for name, data in cases.items():
        paths.append(folder / f"{name}.json")
        paths[-1].write_text(json.dumps(data))
    paths.append(folder / "deep.json")
    paths[-1].write_text('{"version": 1, "documents": ' + "[" * 200_000 + "]" * 200_000 + "}")
    paths.append(folder / "not-json.json")
    paths[-1].write_bytes(b"\xff\xfe<html>")
    return paths


def snapshot(out: Path, names) -> dict[str, bytes]:
    files = {}
    for name in names:
        files.update({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted((out / "r" / name).rglob("*")) if p.is_file()})
        files[f"assets/search/{name}.js"] = (out / "assets/search" / f"{name}.js").read_bytes()
    return files


def test_a_hostile_catalogue_changes_nothing_outside_its_own_rows(org, tmp_path):
    build(tmp_path, tmp_path / "clean", org)
    (tmp_path / "bad").mkdir()
    bad = hostile_catalogues(org, tmp_path / "bad")
    before = sorted(p for p in tmp_path.rglob("*") if "site" not in p.parts)
    err = build(tmp_path, tmp_path / "site", [*org, *bad])
    out = tmp_path / "site"
    assert snapshot(out, WORDS) == snapshot(tmp_path / "clean", WORDS)
    warnings = err.splitlines()
    assert len(warnings) == len(bad) - 1 and all(w.startswith("artifactkit: warning: catalogue ") and w.endswith("; skipped") for w in warnings)
    assert sorted(p.name for p in (out / "r").iterdir()) == ["evil", "payments", "platform", "search"]
    assert sorted(p.name for p in (out / "r/evil").iterdir()) == ["doc-1.html", "index.html", "rfc-1.html"]  # no page named from a path
    for page in out.rglob("*.html"):
        html = page.read_text()
        assert "<script>window" not in html and "<img" not in html and "javascript:" not in html and "root:x:" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in (out / "r/evil/index.html").read_text()
    assert all(f"{name.capitalize()} starts" in text(out / "timeline/adr.html") for name in WORDS)
    (upper,) = out.glob("timeline/adr.*.html")
    assert "&lt;script&gt;" in upper.read_text() and "starts" not in text(upper)
    assert "<\\/script>" in (out / "assets/search/evil.js").read_text()
    assert sorted(p for p in tmp_path.rglob("*") if "site" not in p.parts) == before  # nothing written outside the output folder


def test_catalogs_in_the_config_and_errors_in_one_line(org, tmp_path):
    (tmp_path / ".artifactkit.yaml").write_text("catalogs: [catalogs/payments.json, catalogs/search.json]\n")
    code, out, err = cli(["site", "build"], tmp_path)
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "_site/r").iterdir()) == ["payments", "search"]
    code, _, err = cli(["site", "build", "--single-file", "--catalog", str(org[0])], tmp_path)
    assert code == 2 and err.count("\n") == 1 and "--single-file" in err
    (tmp_path / "bad.json").write_text("{}")
    code, _, err = cli(["site", "build", "--out", str(tmp_path / "x"), "--catalog", str(tmp_path / "bad.json")], tmp_path)
    assert code == 2 and "no catalogue could be used" in err



def test_a_rebuild_shows_a_change_on_every_page_that_names_it_and_writes_only_those(org, tmp_path):
    out = tmp_path / "site"
    build(tmp_path, out, org)
    code, stdout, _ = cli(["site", "build", "--out", str(out), *(f"--catalog={c}" for c in org)], tmp_path)
    assert code == 0 and " 0 files written" in stdout
    platform = json.loads(org[1].read_text())
    for doc in platform["documents"]:
        if doc["id"] == "adr-2":
            doc["title"] = "One Kafka cluster, renamed"
    org[1].write_text(json.dumps(platform))
    code, stdout, _ = cli(["site", "build", "--out", str(out), *(f"--catalog={c}" for c in org)], tmp_path)
    assert code == 0
    # the document, its repository's page, the page in the other repository that names it, the dashboards that list it
    assert "ADR 2: One Kafka cluster, renamed" in (out / "r/payments/adr-2.html").read_text()
    assert "One Kafka cluster, renamed" in (out / "r/platform/adr-2.html").read_text()
    assert re.search(r" (\d+) files written", stdout) and int(re.search(r" (\d+) files written", stdout).group(1)) <= 12  # and the search files that hold its words


def test_a_folder_of_the_site_linked_elsewhere_is_never_written_through(org, tmp_path):
    out, outside = tmp_path / "site", tmp_path / "outside"
    outside.mkdir()
    (out / "r").mkdir(parents=True)
    (out / "r" / "platform").symlink_to(outside)
    code, _, err = cli(["site", "build", "--out", str(out), *(f"--catalog={c}" for c in org)], tmp_path)
    assert code != 0 and err.count("\n") == 1 and "leads elsewhere" in err
    assert list(outside.iterdir()) == []
