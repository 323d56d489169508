"""Numbers claimed on another branch, and `artifactkit renumber`: real git repositories with a bare
"remote" and two clones, the command (``main`` in process), no checkout of the other branch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import git, run, write_tree
from docfactory import document


def adr(title: str, **front: object) -> str:
    text = document("adr").replace("# A complete adr", f"# {title}")
    extra = "".join(f"{k}: {v}\n" for k, v in front.items())
    return text.replace("---\ntype: adr\n", f"---\ntype: adr\n{extra}", 1)


def clone(remote: Path, where: Path) -> Path:
    git(where.parent, "clone", "-q", str(remote), where.name)
    for key, value in (("user.name", "T"), ("user.email", "t@example.com"), ("commit.gpgsign", "false")):
        git(where, "config", key, value)
    return where


@pytest.fixture
def two_clones(tmp_path: Path) -> tuple[Path, Path]:
    """Ada and Grace each branch off main, which holds ADRs 1 and 2."""
    seed = tmp_path / "seed"
    seed.mkdir()
    git(seed, "init", "-q", "-b", "main")
    for key, value in (("user.name", "T"), ("user.email", "t@example.com"), ("commit.gpgsign", "false")):
        git(seed, "config", key, value)
    write_tree(seed, {
        ".artifactkit.yaml": "docs_root: docs\n",
        "docs/adr/0001-use-postgresql.md": adr("1. Use PostgreSQL"),
        "docs/adr/0002-use-kafka.md": adr("2. Use Kafka"),
    })
    git(seed, "add", "-A")
    git(seed, "commit", "-qm", "seed")
    remote = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(seed), str(remote))
    ada, grace = clone(remote, tmp_path / "ada"), clone(remote, tmp_path / "grace")
    git(grace, "checkout", "-q", "-b", "grace/cache")
    write_tree(grace, {"docs/adr/0003-add-a-cache.md": adr("3. Add a cache")})
    git(grace, "add", "-A")
    git(grace, "commit", "-qm", "ADR 3: cache")
    git(grace, "push", "-q", "origin", "grace/cache")
    git(ada, "checkout", "-q", "-b", "ada/queue")
    write_tree(ada, {"docs/adr/0003-use-a-queue.md": adr("3. Use a queue", supersedes=2)})
    git(ada, "fetch", "-q", "origin")
    return ada, grace


def lint(repo: Path, *extra: str) -> tuple[int, list[dict], str]:
    proc = run(["lint", "--format", "json", *extra, "docs"], cwd=repo)
    assert proc.returncode in (0, 1, 2), proc.stderr
    return proc.returncode, json.loads(proc.stdout) if proc.stdout.strip() else [], proc.stderr


def test_a_number_taken_on_another_branch_is_reported_with_the_ref_and_path(two_clones):
    ada, _ = two_clones
    assert lint(ada)[0] in (0, 1) and [p for p in lint(ada)[1] if p["rule"] == "number-branch-conflict"] == []  # off by default
    proc = run(["lint", "docs", "--check-branches"], cwd=ada)  # the bare flag, last
    assert proc.returncode == 1 and "number-branch-conflict" in proc.stdout, proc.stderr
    code, problems, err = lint(ada, "--check-branches")
    assert code == 1, err
    [conflict] = [p for p in problems if p["rule"] == "number-branch-conflict"]
    assert conflict["path"] == "docs/adr/0003-use-a-queue.md"
    assert "docs/adr/0003-add-a-cache.md on origin/grace/cache" in conflict["message"]
    assert "artifactkit renumber adr 3 --next" in conflict["message"]


def test_check_branches_of_one_remote_and_a_folder_after_the_flag(two_clones, tmp_path):
    ada, _ = two_clones
    code, problems, _ = lint(ada, "--check-branches=origin")
    assert code == 1 and any(p["rule"] == "number-branch-conflict" for p in problems)
    proc = run(["lint", "--format", "json", "--check-branches", "docs"], cwd=ada)  # `docs` is the folder, not a remote
    assert proc.returncode == 1 and "number-branch-conflict" in proc.stdout
    bad = run(["lint", "--check-branches=upstream"], cwd=ada)
    assert bad.returncode == 2 and "unknown git remote 'upstream'" in bad.stderr


def test_the_same_document_on_both_branches_is_no_conflict(two_clones):
    ada, grace = two_clones
    _, problems, _ = lint(grace, "--check-branches")
    assert [p for p in problems if p["rule"] == "number-branch-conflict"] == []  # ada's 0003 is not pushed


def test_renumber_next_moves_the_file_and_every_reference(two_clones):
    ada, _ = two_clones
    write_tree(ada, {
        "docs/adr/0002-use-kafka.md": adr("2. Use Kafka", superseded_by=3).replace("status: Accepted", "status: Superseded"),
        "docs/adr/README.md": "# Decisions\n\nSee [the queue](0003-use-a-queue.md#decision) and `[not a link](0003-use-a-queue.md)`.\n\n<!-- artifactkit:index -->\n<!-- artifactkit:index-end -->\n",
        "docs/notes.md": "Read [ADR 3](adr/0003-use-a-queue.md).\n",
    })
    assert run(["index", "adr"], cwd=ada).returncode == 0
    proc = run(["renumber", "adr", "3", "--next"], cwd=ada)
    assert proc.returncode == 0, proc.stderr
    assert "renamed docs/adr/0003-use-a-queue.md -> docs/adr/0004-use-a-queue.md (adr 3 -> 4)" in proc.stdout
    moved = ada / "docs/adr/0004-use-a-queue.md"
    assert moved.is_file() and not (ada / "docs/adr/0003-use-a-queue.md").exists()
    assert "# 4. Use a queue" in moved.read_text()
    assert "superseded_by: 4\n" in (ada / "docs/adr/0002-use-kafka.md").read_text()
    readme = (ada / "docs/adr/README.md").read_text()
    assert "[the queue](0004-use-a-queue.md#decision)" in readme and "`[not a link](0003-use-a-queue.md)`" in readme
    assert "| 4 | 4. Use a queue |" in readme and "0003" not in readme.split("<!-- artifactkit:index -->")[1]
    assert "[ADR 3](adr/0004-use-a-queue.md)" in (ada / "docs/notes.md").read_text()
    code, problems, _ = lint(ada, "--check-branches")
    assert code == 0, problems
    assert run(["index", "adr", "--check"], cwd=ada).returncode == 0


def test_renumber_refuses_a_number_taken_anywhere_and_changes_nothing(two_clones):
    ada, grace = two_clones
    write_tree(grace, {"docs/adr/0005-add-a-cdn.md": adr("5. Add a CDN")})
    git(grace, "add", "-A")
    git(grace, "commit", "-qm", "ADR 5")
    git(grace, "push", "-q", "origin", "grace/cache")
    git(ada, "fetch", "-q", "origin")
    before = {p: p.read_bytes() for p in (ada / "docs").rglob("*.md")}
    for taken, where in (("2", "docs/adr/0002-use-kafka.md"), ("5", "docs/adr/0005-add-a-cdn.md on origin/grace/cache")):
        proc = run(["renumber", "adr", "3", taken], cwd=ada)
        assert proc.returncode == 1, proc.stderr
        assert f"adr {taken} is taken by {where}" in proc.stderr
    assert {p: p.read_bytes() for p in (ada / "docs").rglob("*.md")} == before
    proc = run(["renumber", "adr", "3", "--next"], cwd=ada)
    assert proc.returncode == 0 and "(adr 3 -> 6)" in proc.stdout  # past 5, which only the other branch has


def test_renumber_usage_errors(two_clones):
    ada, _ = two_clones
    assert run(["renumber", "adr", "3"], cwd=ada).returncode == 2
    assert run(["renumber", "adr", "9", "--next"], cwd=ada).returncode == 2
    assert run(["renumber", "runbook", "1", "--next"], cwd=ada).returncode == 2
    dry = run(["renumber", "adr", "3", "7", "--dry-run"], cwd=ada)
    assert dry.returncode == 0 and "would rename" in dry.stdout
    assert (ada / "docs/adr/0003-use-a-queue.md").exists()


def test_pre_push_hook_id_is_declared():
    hooks = (Path(__file__).resolve().parent.parent / ".pre-commit-hooks.yaml").read_text()
    assert "id: artifactkit-check-branches" in hooks and "--check-branches" in hooks
