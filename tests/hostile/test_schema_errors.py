"""Hostile schemas: a broken or hostile team schema is one line naming the file and what to fix (exit 2),
never a traceback, a hang, or a file read that the schema asked for; a pattern cannot hang lint."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import ClassVar

import pytest

VALID_DOC = "---\ntype: decision\ncode: abc\n---\n# D\n"


def artifactkit(args, cwd: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "artifactkit"
    command = [str(exe)] if exe.exists() else [shutil.which("artifactkit") or "artifactkit"]
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(command + list(args), cwd=cwd, capture_output=True, text=True, timeout=60, env=env)


def project(tmp_path: Path, schema: dict, extra_config: str = "", docs: dict[str, str] | None = None) -> Path:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "decision.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    (tmp_path / ".artifactkit.yaml").write_text(
        extra_config + "types:\n  decision:\n    schema: schemas/decision.schema.json\n", encoding="utf-8")
    for name, text in (docs or {"d.md": VALID_DOC}).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def one_line_error(proc: subprocess.CompletedProcess, *needles: str) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def frontmatter_schema(code: dict) -> dict:
    return {"type": "object", "properties": {"frontmatter": {"type": "object", "properties": {"code": code}}}}


def test_ref_to_a_missing_definition(tmp_path):
    project(tmp_path, frontmatter_schema({"$ref": "#/$defs/nope"}))
    one_line_error(artifactkit(["lint", "--no-cache", "d.md"], tmp_path), "decision.schema.json", "/$defs/nope", "fix the $ref")


def test_ref_to_a_local_file_is_never_read(tmp_path):
    project(tmp_path, frontmatter_schema({"$ref": "file:///etc/passwd"}), "allow_remote_refs: true\n")
    one_line_error(artifactkit(["lint", "--no-cache", "d.md"], tmp_path), "decision.schema.json", "file:///etc/passwd")


def test_dynamic_ref_to_a_url(tmp_path):
    project(tmp_path, frontmatter_schema({"$dynamicRef": "https://example.invalid/meta.json#node"}), "allow_remote_refs: true\n")
    one_line_error(artifactkit(["lint", "--no-cache", "d.md"], tmp_path), "decision.schema.json", "https://example.invalid/meta.json")


class _Schemas(http.server.BaseHTTPRequestHandler):
    bodies: ClassVar[dict[str, bytes]] = {}
    requests: ClassVar[list[str]] = []

    def do_GET(self):  # the http.server interface
        self.requests.append(self.path)
        body = self.bodies.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.end_headers()
        self.wfile.write(body or b"not found")

    def log_message(self, *args):
        pass


@pytest.fixture
def schema_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Schemas)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Schemas.bodies
    server.shutdown()
    server.server_close()
    _Schemas.bodies.clear()
    _Schemas.requests.clear()


def test_remote_schema_that_refers_to_a_local_file(tmp_path, schema_server):
    base, bodies = schema_server
    bodies["/remote.json"] = json.dumps({"$id": f"{base}/remote.json", "$ref": "file:///etc/passwd"}).encode()
    project(tmp_path, frontmatter_schema({"$ref": f"{base}/remote.json"}), "allow_remote_refs: true\n")
    line = one_line_error(artifactkit(["lint", "--no-cache", "d.md"], tmp_path), "file:///etc/passwd", "fix the reference")
    assert "root:" not in line  # nothing of the file leaks into the message


def test_remote_schema_at_a_missing_url(tmp_path, schema_server):
    base, _ = schema_server
    project(tmp_path, frontmatter_schema({"$ref": f"{base}/missing.json"}), "allow_remote_refs: true\n")
    one_line_error(artifactkit(["lint", "--no-cache", "d.md"], tmp_path), "decision.schema.json", f"{base}/missing.json")


def test_remote_schema_that_refers_to_a_missing_url(tmp_path, schema_server):
    base, bodies = schema_server
    bodies["/remote.json"] = json.dumps({"$id": f"{base}/remote.json", "$ref": f"{base}/gone.json"}).encode()
    project(tmp_path, frontmatter_schema({"$ref": f"{base}/remote.json"}), "allow_remote_refs: true\n")
    one_line_error(artifactkit(["lint", "--no-cache", "d.md"], tmp_path), f"{base}/gone.json")


def test_a_catastrophic_pattern_cannot_hang_lint(tmp_path):
    """^(a+)+$ against 30 a's and '!' took 52 s on a backtracking engine (doubling with each 'a')."""
    doc = "---\ntype: decision\ncode: " + "a" * 30 + "!\n---\n# D\n"
    project(tmp_path, frontmatter_schema({"type": "string", "pattern": "^(a+)+$"}), docs={"d.md": doc})
    started = time.monotonic()
    proc = artifactkit(["lint", "--no-cache", "d.md"], tmp_path)
    assert time.monotonic() - started < 30  # a bound, not a benchmark: the old engine needed 52 s for this
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "does not match the pattern ^(a+)+$" in proc.stdout


def test_no_backtracking_regex_module_on_the_lint_path(tmp_path):
    """Wording the problem must not run Python's backtracking `re` on the schema's pattern either."""
    doc = "---\ntype: decision\ncode: " + "a" * 30 + "!\n---\n# D\n"
    project(tmp_path, frontmatter_schema({"type": "string", "pattern": "^(a+)+$"}), docs={"d.md": doc})
    script = ("import re, sys\nfrom artifactkit.cli import main\nreal = re.search\n"
              "def guard(p, *a, **k):\n    assert '(a+)+' not in str(getattr(p, 'pattern', p)), 'schema pattern run by re'\n    return real(p, *a, **k)\n"
              "re.search = guard\nre.compile_ = None\nsys.exit(main(['lint', '--no-cache', 'd.md']))\n")
    proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "schema pattern run by re" not in proc.stderr
    assert "jsonschema" not in proc.stderr


@pytest.mark.parametrize("pattern", [r"^(a)\1$", r"^(?=a)a", r"(?<!x)y"])
def test_a_pattern_the_linear_engine_cannot_run_is_a_config_error(tmp_path, pattern):
    project(tmp_path, frontmatter_schema({"type": "string", "pattern": pattern}))
    one_line_error(artifactkit(["lint", "--no-cache", "d.md"], tmp_path), "decision.schema.json", repr(pattern), "backreferences or lookaround")


def test_pattern_properties_with_lookaround_is_a_config_error(tmp_path):
    project(tmp_path, {"properties": {"frontmatter": {"patternProperties": {"^(?!x)": {"type": "string"}}}}})
    one_line_error(artifactkit(["lint", "--no-cache", "d.md"], tmp_path), "decision.schema.json", "^(?!x)")


def test_an_invalid_schema_keyword_value(tmp_path):
    project(tmp_path, frontmatter_schema({"type": "strin"}))
    one_line_error(artifactkit(["lint", "--no-cache", "d.md"], tmp_path), "decision.schema.json", "invalid JSON Schema at properties/frontmatter")


@pytest.mark.parametrize("key", ["ignore", "paths"])
@pytest.mark.parametrize("glob", ["[z-a].md", "[]x]"])
def test_a_bad_glob_is_a_config_error_or_a_sane_match(tmp_path, key, glob):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "0001-a.md").write_text("---\ntype: adr\n---\n# A\n", encoding="utf-8")
    setting = f"ignore: [{json.dumps(glob)}]\n" if key == "ignore" else \
        f"types:\n  adr:\n    paths: [{json.dumps(glob)}]\n"
    (tmp_path / ".artifactkit.yaml").write_text(setting, encoding="utf-8")
    proc = artifactkit(["lint", "--no-cache", "docs"], tmp_path)
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    if proc.returncode == 2:
        one_line_error(proc, ".artifactkit.yaml", glob)
    else:
        assert proc.returncode in (0, 1), proc.stderr


def test_an_unknown_meta_schema_is_refused_without_fetching_it(tmp_path, schema_server):
    """jsonschema-rs fetches an unknown "$schema" on its own unless told not to; artifactkit never does."""
    base, bodies = schema_server
    bodies["/meta.json"] = b'{"type": "object"}'
    project(tmp_path, {"$schema": f"{base}/meta.json", **frontmatter_schema({"type": "string"})})
    one_line_error(artifactkit(["lint", "--no-cache", "d.md"], tmp_path), "decision.schema.json", f"{base}/meta.json", "draft")
    assert _Schemas.requests == []


def test_other_types_are_still_linted_and_reported_beside_a_broken_schema(tmp_path):
    """The schema's error is one line (exit 2), and the documents of the other types are still checked."""
    from docfactory import document

    project(tmp_path, frontmatter_schema({"$ref": "#/$defs/nope"}), "docs_root: .\n",
            docs={"d.md": VALID_DOC, "adr-0001.md": document("adr", {"context": "TODO\n"}).replace("type: adr", "type: adr", 1)})
    proc = artifactkit(["lint", "--no-cache", "--format", "json", "d.md", "adr-0001.md"], tmp_path)
    line = one_line_error(proc, "decision.schema.json", "/$defs/nope", "(1 decision document not checked)")
    assert line.startswith("artifactkit: error: ")
    problems = json.loads(proc.stdout)
    assert [(p["path"], p["rule"]) for p in problems] == [("adr-0001.md", "section-placeholder")]
    # other commands still refuse the broken config outright
    one_line_error(artifactkit(["list"], tmp_path), "decision.schema.json", "/$defs/nope")
