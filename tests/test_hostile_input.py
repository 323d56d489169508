"""A catalogue of hostile input (issue 7): each case has one expected, clear outcome, never a
traceback or a hang, and the other documents in the run are still linted.

Cases also covered in test_bad_input.py: YAML alias bomb, ``!!python/object`` tags, invalid UTF-8,
binary files, broken symlinks, unreadable files, invalid schemas, remote ``$ref`` refused by default,
a config that names a missing schema.
"""

from __future__ import annotations

import http.server
import json
import os
import threading

from conftest import lint_json, run, write_tree
from docfactory import document
from docfactory import lint_beside_good_and_broken as lint_catalogue

GOOD = document("adr")


def only(by_file, path, rule, words):
    got = by_file[path]
    assert [p["rule"] for p in got] == [rule], got
    assert words in got[0]["message"], got[0]["message"]


def test_deeply_nested_yaml(tmp_path):
    nested = "---\ntype: adr\nx: " + "[" * 10_000 + "]" * 10_000 + "\n---\n# T\n"
    only(lint_catalogue(tmp_path, {"docs/deep.md": nested}), "docs/deep.md", "frontmatter-syntax", "front matter")


def test_fifty_megabyte_file(tmp_path):
    def make(docs):
        with open(docs / "huge.md", "wb") as fh:
            fh.write(GOOD.encode())
            fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
    only(lint_catalogue(tmp_path, make=make), "docs/huge.md", "file-unreadable", "MiB limit")


def test_one_million_character_line(tmp_path):
    text = document("adr", {"context": "word " * 200_000 + "\n"})
    assert max(len(line) for line in text.splitlines()) == 1_000_000
    assert "docs/long.md" not in lint_catalogue(tmp_path, {"docs/long.md": text})


def test_ten_thousand_headings(tmp_path):
    extra = "".join(f"\n### Note {i}\n\ntext {i}\n" for i in range(10_000))
    text = document("adr", {"alternatives": "We looked at the others.\n" + extra})
    assert "docs/many.md" not in lint_catalogue(tmp_path, {"docs/many.md": text})
    dupes = document("adr") + "".join("\n## Same\n\nx\n" for _ in range(10_000))
    by_file = lint_catalogue(tmp_path, {"docs/many.md": dupes})
    assert {p["rule"] for p in by_file["docs/many.md"]} == {"heading-duplicate"}
    assert len(by_file["docs/many.md"]) == 9_999


def test_fifo_does_not_hang(tmp_path):
    by_file = lint_catalogue(tmp_path, make=lambda docs: os.mkfifo(docs / "pipe.md"))
    only(by_file, "docs/pipe.md", "file-unreadable", "not a regular file")


def test_device_behind_a_symlink(tmp_path):
    def make(docs):
        os.symlink("/dev/zero", docs / "zero.md")
        os.symlink("/dev/urandom", docs / "random.md")
    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\n"})
    by_file = lint_catalogue(tmp_path, make=make)
    # /dev is outside the repository, so the links are not even followed
    only(by_file, "docs/zero.md", "file-unreadable", "outside the repository")
    only(by_file, "docs/random.md", "file-unreadable", "outside the repository")


def test_device_inside_the_repository_is_not_read(tmp_path):
    (tmp_path / "docs").mkdir()
    proc = run(["lint", "--format", "json", "/dev/null"], cwd=tmp_path)
    assert proc.returncode == 1
    assert [p["rule"] for p in json.loads(proc.stdout)] == ["file-unreadable"]


def test_symlink_loop(tmp_path):
    def make(docs):
        os.symlink(docs / "b.md", docs / "a.md")
        os.symlink(docs / "a.md", docs / "b.md")
        os.symlink(docs, docs / "dirloop")  # a folder loop: folders behind links are not walked
    by_file = lint_catalogue(tmp_path, make=make)
    only(by_file, "docs/a.md", "file-unreadable", "symbolic links")
    only(by_file, "docs/b.md", "file-unreadable", "symbolic links")
    assert not any(path.startswith("docs/dirloop") for path in by_file)


def test_path_outside_the_repository_via_symlink(tmp_path):
    secret = tmp_path / "outside" / "secret.md"
    write_tree(tmp_path, {"outside/secret.md": "---\ntype: adr\n---\n# TOP SECRET token=abc123\n", "repo/.artifactkit.yaml": "docs_root: docs\n"})
    repo = tmp_path / "repo"
    by_file = lint_catalogue(repo, make=lambda docs: os.symlink(secret, docs / "leak.md"))
    only(by_file, "docs/leak.md", "file-unreadable", "outside the repository")
    proc = run(["lint", "docs"], cwd=repo)
    assert "TOP SECRET" not in proc.stdout + proc.stderr


class _SchemaServer(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_GET(self):  # noqa: N802 - http.server's naming
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


def test_remote_ref_is_fetched_only_when_allowed(tmp_path):
    remote = {"type": "object", "required": ["owner"], "properties": {"owner": {"type": "string"}}}
    _SchemaServer.body = json.dumps(remote).encode()
    server = http.server.HTTPServer(("127.0.0.1", 0), _SchemaServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/owner.json"
        schema = {"type": "object", "properties": {"frontmatter": {"$ref": url}}}
        files = {"mine.schema.json": json.dumps(schema), "docs/x.md": "---\ntype: mine\n---\n# X\n"}
        write_tree(tmp_path, {**files, ".artifactkit.yaml": "types:\n  mine:\n    schema: mine.schema.json\n"})
        refused = run(["lint"], cwd=tmp_path)
        assert refused.returncode == 2 and "remote references are not fetched" in refused.stderr
        write_tree(tmp_path, {".artifactkit.yaml": "allow_remote_refs: true\ntypes:\n  mine:\n    schema: mine.schema.json\n"})
        code, problems = lint_json([], tmp_path)
        assert (code, [p["rule"] for p in problems]) == (1, ["frontmatter-missing"])
        assert '"owner"' in problems[0]["message"]
    finally:
        server.shutdown()


def test_unreachable_remote_ref_is_a_clear_config_error(tmp_path):
    schema = {"properties": {"frontmatter": {"$ref": "http://127.0.0.1:9/nothing.json"}}}
    write_tree(tmp_path, {"mine.schema.json": json.dumps(schema), "docs/x.md": "---\ntype: mine\n---\n# X\n",
                          ".artifactkit.yaml": "allow_remote_refs: true\ntypes:\n  mine:\n    schema: mine.schema.json\n"})
    proc = run(["lint"], cwd=tmp_path)
    assert proc.returncode == 2
    assert "cannot fetch remote schema http://127.0.0.1:9/nothing.json" in proc.stderr
    assert proc.stderr.count("\n") == 1
