"""``artifactkit export`` and ``artifactkit list --catalog``: a repository's catalogue is byte-stable
and valid against its schema; catalogues from files and from a real HTTP server on 127.0.0.1 are read
bounded in size and time, and a bad one is one warning line, skipped."""

from __future__ import annotations

import http.server
import json
import threading
import time

import jsonschema
import pytest
from conftest import REPO, git
from orgrepos import TODAY, cli, copy_of_organisation, export, make

SCHEMA = json.loads((REPO / "schemas" / "catalog.schema.json").read_text())


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setenv("ARTIFACTKIT_TODAY", TODAY)


@pytest.fixture
def org(tmp_path, pristine_organisation):
    return copy_of_organisation(pristine_organisation, tmp_path)


def test_export_is_byte_stable_and_valid(tmp_path):
    repo = make(tmp_path, "payments")
    first = export(repo, tmp_path / "a.json").read_bytes()
    code, second, _ = cli(["export", "--no-cache"], repo / "docs")  # another folder, no cache: the same bytes
    assert code == 0 and second.encode() == first
    data = json.loads(first)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)  # the reference validator, not the one export's readers use
    assert data["version"] == 1
    assert data["repository"] == {"name": "payments", "revision": git(repo, "rev-parse", "HEAD").strip()}
    docs = {d["id"]: d for d in data["documents"]}
    assert docs["adr-2"]["relations"] == [{"kind": "superseded_by", "target": "platform#adr-2"}]
    assert docs["adr-2"]["findings"] == []  # a reference to another repository is no broken link
    assert "zanzibar" in docs["adr-1"]["search_text"].split()
    actions = docs["docs/postmortems/2026-11-20-pool.md"]["actions"]
    assert [(a["owner"], a["due"]) for a in actions] == [("@ada", "2026-01-31"), ("@bob", "2099-01-01")]
    assert docs["docs/runbooks/db.md"]["review_due"] is not None


def test_export_lists_alerts_and_their_runbooks(tmp_path):
    data = json.loads(export(make(tmp_path, "platform"), tmp_path / "p.json").read_text())
    assert [(a["name"], a["state"], a["runbook"]) for a in data["alerts"]] == [
        ("ApiDown", "ok", "docs/runbooks/api.md"),
        ("DiskFull", "missing", None),
    ]
    assert any(f["rule"] == "alert-runbook-missing" and f["path"] == "rules.yml" for f in data["other_findings"])


def test_list_across_catalogues_as_table_and_json(org, tmp_path):
    code, out, err = cli(["list", "adr", *(f"--catalog={c}" for c in org)], tmp_path)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["REPOSITORY", "TYPE", "NUMBER"]
    assert [line.split()[0] for line in lines[1:]] == ["payments", "payments", "platform", "platform", "search"]
    code, out, _ = cli(["list", "--format", "json", "--status", "superseded", *(f"--catalog={c}" for c in org)], tmp_path)
    assert [(r["repository"], r["id"]) for r in json.loads(out)] == [("payments", "adr-2")]


def test_list_actions_across_catalogues_marks_the_overdue(org, tmp_path):
    code, out, _ = cli(["list", "actions", "--format", "json", *(f"--catalog={c}" for c in org)], tmp_path)
    rows = json.loads(out)
    assert code == 0 and [(r["repository"], r["owner"], r["overdue"]) for r in rows] == [("payments", "@ada", True), ("payments", "@bob", False)]
    code, out, _ = cli(["list", "actions", "--owner", "bob", *(f"--catalog={c}" for c in org)], tmp_path)
    assert "OPS-2" in out and "OPS-1" not in out and "payments" in out


def test_a_bad_catalogue_is_one_warning_and_skipped(org, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"version": 2, "repository": {"name": "x"}}))
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    code, out, err = cli(["list", "--format", "json", f"--catalog={bad}", f"--catalog={deep}", f"--catalog={org[2]}", "--catalog=file:///etc/passwd"], tmp_path)
    assert code == 0
    assert {r["repository"] for r in json.loads(out)} == {"search"}
    warnings = err.splitlines()
    assert len(warnings) == 3 and all(w.startswith("artifactkit: warning: catalogue ") and w.endswith("; skipped") for w in warnings)
    assert "version '2'" in warnings[0] and "nested too deeply" in warnings[1] and "only files and http(s)" in warnings[2]
    code, _, err = cli(["list", f"--catalog={bad}"], tmp_path)
    assert code == 2 and "no catalogue could be used" in err


class _Server:
    """A real HTTP server on 127.0.0.1 serving ``routes``: path -> bytes, "silent" (accepts, sends nothing) or "huge"."""

    def __init__(self, routes: dict):
        routes_ = routes

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the name http.server calls
                body = routes_.get(self.path)
                if body == "silent":
                    time.sleep(5)
                    return
                if body == "huge":  # no Content-Length: the reader must count
                    self.send_response(200)
                    self.end_headers()
                    try:
                        for _ in range(64):
                            self.wfile.write(b" " * 65536)
                    except OSError:
                        pass
                    return
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def test_catalogues_from_a_real_http_server_bounded_in_size_and_time(org, tmp_path):
    from artifactkit.views import imported

    server = _Server({"/payments.json": org[0].read_bytes(), "/silent.json": "silent", "/huge.json": "huge"})
    try:
        code, out, err = cli(["list", "--format", "json", f"--catalog={server.url}/payments.json", f"--catalog={server.url}/missing.json"], tmp_path)
        assert code == 0 and {r["repository"] for r in json.loads(out)} == {"payments"}
        assert "HTTP 404" in err and err.count("\n") == 1
        started = time.monotonic()
        with pytest.raises(imported.CatalogueError, match="sent nothing"):
            imported.read(f"{server.url}/silent.json", timeout=1.0)
        with pytest.raises(imported.CatalogueError, match="more than the 1048576 bytes"):
            imported.read(f"{server.url}/huge.json", max_bytes=1 << 20, timeout=3.0)
        assert time.monotonic() - started < 4.5  # bounded: neither waits for the server to give up
    finally:
        server.close()


@pytest.mark.parametrize("hook, steps", [("export-step.yml", lambda y: y), ("export-action.yml", lambda y: y["steps"])])
def test_the_ci_steps_write_the_catalogue_they_upload(tmp_path, hook, steps):
    import shlex

    import yaml

    loaded = yaml.safe_load((REPO / "hooks" / hook).read_text())
    export_step, upload_step = steps(loaded)
    assert upload_step["uses"].startswith("actions/upload-artifact@")
    assert "!cancelled()" in export_step["if"] and "!cancelled()" in upload_step["if"]  # after a failing lint too
    args = shlex.split(export_step["run"].replace('"$NAME"', "payments"))
    assert args[0] == "artifactkit"
    repo = make(tmp_path, "payments")
    code, _, err = cli(args[1:], repo)
    assert code == 0, err
    written = json.loads((repo / upload_step["with"]["path"]).read_text())
    jsonschema.Draft202012Validator(SCHEMA).validate(written)
    assert written["repository"]["name"] == "payments"
    if hook == "export-action.yml":
        assert "export-catalog" in loaded["inputs"] and "inputs.export-catalog == 'true'" in export_step["if"]


def test_what_a_repository_holds_never_makes_an_invalid_catalogue(tmp_path):
    from docfactory import document

    repo = make(tmp_path, "search")
    runbook = document("runbook").replace("# A complete runbook", "# " + "Very long title " * 400).replace('owner: "@dba-team"', 'owner: "' + "x" * 900 + '"')
    (repo / "docs/runbooks").mkdir(parents=True)
    (repo / "docs/runbooks/db #1 ü.md").write_text(runbook)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "odd")
    data = json.loads(export(repo, tmp_path / "s.json").read_text())
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    (doc,) = [d for d in data["documents"] if d["type"] == "runbook"]
    assert doc["id"] == "docs/runbooks/db %231 ü.md" and doc["path"] == "docs/runbooks/db #1 ü.md"
    assert len(doc["title"]) == 1000 and doc["title"].endswith("…")
