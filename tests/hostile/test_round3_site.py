"""Issue 22, items 1 and 5, for ``site build``: the render cache is input, never truth, and rendering is bounded.

Anyone who can write ``.artifactkit_cache/`` (a shared checkout, a restored CI cache, a committed
copy) writes the cache as plain JSON: they do not hold this user's key, which lives outside the
repository. Each case was seen on the code before this round: the site published a file from outside
the repository, pasted a planted ``<script>``, or ended in ``RecursionError`` (exit 3).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from conftest import git, write_tree
from docfactory import document
from hostile_helpers import run_bounded

CACHE = ".artifactkit_cache/site.json"


def _repo(root: Path, extra: dict[str, str] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    write_tree(root, {".artifactkit.yaml": "docs_root: docs\n", "docs/adr/0001-use-postgres.md": document("adr"), **(extra or {})})
    return root


def _site(repo: Path, seconds: float = 30):
    proc = run_bounded(["site", "build"], repo, seconds=seconds)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def _cache_rows(repo: Path) -> dict:
    """The cache as a person without the key sees it: JSON after an optional first line of signature."""
    raw = (repo / CACHE).read_bytes()
    if not raw.startswith(b"{"):
        raw = raw.split(b"\n", 1)[1]
    return json.loads(raw)


def _published(repo: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (repo / "_site").rglob("*") if p.is_file())


def test_an_image_row_naming_a_file_outside_the_repository_is_never_published(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE\n")
    repo = _repo(tmp_path / "repo")
    _site(repo)
    data = _cache_rows(repo)
    for row in data["files"].values():
        if row[2]:
            row[2][2] = [[str(secret), "passwd.png"], [str(secret), "../../secret.png"]]
    (repo / CACHE).write_text(json.dumps(data))
    proc = _site(repo)
    assert b"TOP-SECRET-VALUE" not in _published(repo)
    assert not (repo / "_site/pages/passwd.png").exists()
    assert proc.stderr.count("warning") == 1 and "site.json" in proc.stderr, proc.stderr  # said once, then rebuilt
    assert "warning" not in _site(repo).stderr  # the cache this build wrote is used again quietly


def test_a_planted_body_is_never_pasted_into_a_page(tmp_path):
    repo = _repo(tmp_path / "repo")
    _site(repo)
    data = _cache_rows(repo)
    planted = "<p>Context</p><script>window.__pwned = 1</script>"
    sha = hashlib.sha256(planted.encode()).hexdigest()
    (repo / ".artifactkit_cache/site-bodies" / f"{sha}.html").write_text(planted)
    for row in data["files"].values():
        if row[2]:
            row[2][0] = sha  # the index now names the planted body by its true hash
    (repo / CACHE).write_text(json.dumps(data))
    _site(repo)
    page = (repo / "_site/pages/docs/adr/0001-use-postgres.html").read_text()
    assert "__pwned" not in page and "<script>window" not in page
    assert "Context" in page


def test_a_deeply_nested_cache_is_discarded_with_one_warning(tmp_path):
    repo = _repo(tmp_path / "repo")
    _site(repo)
    (repo / CACHE).write_text("[" * 200_000 + "]" * 200_000)
    proc = _site(repo)
    assert proc.stderr.count("warning") == 1 and "site.json" in proc.stderr, proc.stderr
    assert (repo / "_site/pages/docs/adr/0001-use-postgres.html").is_file()


def test_a_deeply_nested_output_manifest_is_one_line_not_a_crash(tmp_path):
    """Without a manifest to say which files the site wrote, none of them is overwritten: refused in one line."""
    repo = _repo(tmp_path / "repo")
    _site(repo)
    (repo / "_site/.artifactkit-site.json").write_text("[" * 200_000 + "]" * 200_000)
    proc = run_bounded(["site", "build"], repo, seconds=30)
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1 and "not written by artifactkit site" in proc.stderr, proc.stderr


def test_the_key_lives_outside_the_repository_and_a_home_without_room_only_costs_time(tmp_path):
    repo = _repo(tmp_path / "repo")
    cache_home = tmp_path / "home-cache"
    proc = run_bounded(["site", "build"], repo, env={"XDG_CACHE_HOME": str(cache_home)})
    assert proc.returncode == 0 and "warning" not in proc.stderr, proc.stderr
    key = cache_home / "artifactkit/site-cache.key"
    assert key.is_file() and (key.stat().st_mode & 0o777) == 0o600 and len(key.read_bytes()) == 32
    assert key.read_bytes() not in (repo / CACHE).read_bytes()
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    for _ in range(2):  # no key can be kept: every build renders afresh, says nothing, and is right
        proc = run_bounded(["site", "build"], repo, env={"XDG_CACHE_HOME": str(blocked)})
        assert proc.returncode == 0 and "warning" not in proc.stderr, proc.stderr
    assert "Context" in (repo / "_site/pages/docs/adr/0001-use-postgres.html").read_text()
