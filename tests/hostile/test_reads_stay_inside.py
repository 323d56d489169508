"""Promise: nothing outside the repository is read through a link it holds (a pull request could point one
at a secret and have CI print it); remote schemas are fetched only when the config allows it.
"""

from __future__ import annotations

import http.server
import json
import os
import threading

import pytest
from conftest import lint_json, run, write_tree
from hostile_helpers import GOOD, lint_catalogue, only, timed


@pytest.mark.skipif(not os.path.exists("/proc/kmsg"), reason="needs Linux /proc")
def test_symlinks_into_proc_are_not_followed(tmp_path):
    """/proc files look regular: reading /proc/kmsg (as root) blocks forever, /proc/self/environ leaks secrets."""
    def make(docs):
        os.symlink("/proc/kmsg", docs / "kmsg.md")
        os.symlink("/proc/self/environ", docs / "environ.md")
    by_file = timed(lambda: lint_catalogue(tmp_path, make=make))
    only(by_file, "docs/kmsg.md", "file-unreadable", "outside the repository")
    only(by_file, "docs/environ.md", "file-unreadable", "outside the repository")

@pytest.mark.skipif(not os.path.exists("/proc/kmsg"), reason="needs Linux /proc")
@pytest.mark.parametrize("args, code", [
    (["list"], 0), (["graph"], 0), (["index", "--check"], 1), (["lint", "--format", "json"], 1),
    (["status", "docs/adr/kmsg.md", "Accepted"], 2), (["inspect", "docs/adr/kmsg.md"], 2),
    (["supersede", "docs/adr/kmsg.md", "docs/adr/0001-real.md"], 2),
])
def test_other_commands_do_not_read_through_a_link_into_proc(tmp_path, args, code):
    """The catalogue behind list/graph/index/status and the lint cache used to read the link (and block)."""
    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\n", "docs/adr/0001-real.md": GOOD})
    os.symlink("/proc/kmsg", tmp_path / "docs" / "adr" / "kmsg.md")
    proc = timed(lambda: run(args, cwd=tmp_path))
    assert proc.returncode == code, proc.stdout + proc.stderr
    if code == 2:
        assert "outside the repository" in proc.stderr and proc.stderr.count("\n") == 1

def test_document_that_is_a_symlink_to_the_config(tmp_path):
    """Inside the repository, so it is read: a YAML file is simply a document without a type."""
    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\n"})
    by_file = lint_catalogue(tmp_path, make=lambda docs: os.symlink(tmp_path / ".artifactkit.yaml", docs / "cfg.md"))
    assert "docs/cfg.md" not in by_file

def test_device_behind_a_symlink(tmp_path):
    def make(docs):
        os.symlink("/dev/zero", docs / "zero.md")
        os.symlink("/dev/urandom", docs / "random.md")
    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\n"})
    by_file = lint_catalogue(tmp_path, make=make)
    # /dev is outside the repository, so the links are not even followed
    only(by_file, "docs/zero.md", "file-unreadable", "outside the repository")
    only(by_file, "docs/random.md", "file-unreadable", "outside the repository")

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

    def do_GET(self):
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
