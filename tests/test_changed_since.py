"""``lint --changed-since REF`` in real git repositories: what a pull-request job lints."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from conftest import git, run, write_tree
from docfactory import document


def adr(**front) -> str:
    extra = "".join(f"{k}: {v}\n" for k, v in front.items())
    return document("adr").replace("type: adr\n", "type: adr\n" + extra, 1)


@pytest.fixture
def repo(git_repo: Path) -> Path:
    """main: runbook a links to b; c is incomplete (an old problem); ADR 2 supersedes ADR 1. Then a branch."""
    write_tree(git_repo, {
        ".artifactkit.yaml": "docs_root: docs\n",
        "docs/runbooks/a.md": document("runbook", {"impact": "Same as [the b runbook](b.md#impact).\n"}),
        "docs/runbooks/b.md": document("runbook"),
        "docs/runbooks/c.md": document("runbook", {"symptoms": "TODO\n"}),
        "docs/adr/0001-old.md": adr(superseded_by=2),
        "docs/adr/0002-new.md": adr(supersedes=1),
        "docs/adr/0003-other.md": adr(),
        "src/app.py": "print('hi')\n",
    })
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "main")
    git(git_repo, "checkout", "-q", "-b", "feature")
    return git_repo


def linted(repo: Path, *args: str) -> tuple[set[str], object]:
    proc = run(["lint", "--format", "junit", *args], cwd=repo)
    assert proc.returncode in (0, 1), proc.stderr
    return {case.get("name") for case in ET.fromstring(proc.stdout).iter("testcase")}, proc


def commit(repo: Path, files: dict[str, str], message: str = "change") -> None:
    write_tree(repo, files)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def test_nothing_changed_lints_nothing(repo):
    names, proc = linted(repo, "--changed-since", "main")
    assert names == set() and proc.returncode == 0
    text = run(["lint", "--changed-since", "main"], cwd=repo)
    assert text.returncode == 0 and "0 documents checked" in text.stdout


def test_committed_change_lints_the_document_and_its_referrers_only(repo):
    commit(repo, {"docs/runbooks/b.md": document("runbook") + "\nOne more line.\n"})
    names, proc = linted(repo, "--changed-since", "main")
    assert names == {"docs/runbooks/b.md", "docs/runbooks/a.md"}
    assert proc.returncode == 0  # c.md's old TODO is not this change's problem
    full = run(["lint"], cwd=repo)
    assert full.returncode == 1 and "docs/runbooks/c.md" in full.stdout


def test_staged_unstaged_and_untracked_changes_count(repo):
    write_tree(repo, {"docs/runbooks/new.md": document("runbook", {"contacts": None})})  # untracked
    names, proc = linted(repo, "--changed-since", "main")
    assert names == {"docs/runbooks/new.md"} and proc.returncode == 1
    write_tree(repo, {"docs/adr/0003-other.md": adr() + "\nEdited.\n"})  # unstaged
    names, _ = linted(repo, "--changed-since", "main")
    assert names == {"docs/runbooks/new.md", "docs/adr/0003-other.md"}
    git(repo, "add", "docs/adr/0003-other.md")  # staged
    names, _ = linted(repo, "--changed-since", "main")
    assert names == {"docs/runbooks/new.md", "docs/adr/0003-other.md"}


def test_change_to_a_superseded_adr_lints_its_successor(repo):
    commit(repo, {"docs/adr/0001-old.md": adr(superseded_by=2) + "\nA note.\n"})
    names, proc = linted(repo, "--changed-since", "main")
    assert names == {"docs/adr/0001-old.md", "docs/adr/0002-new.md"}
    assert proc.returncode == 0


def test_deleting_a_linked_document_reports_the_broken_link_in_the_referrer(repo):
    git(repo, "rm", "-q", "docs/runbooks/b.md")
    git(repo, "commit", "-q", "-m", "drop b")
    names, proc = linted(repo, "--changed-since", "main")
    assert names == {"docs/runbooks/a.md"}
    assert proc.returncode == 1
    text = run(["lint", "--changed-since", "main"], cwd=repo)
    assert "docs/runbooks/a.md" in text.stdout and "[link-broken]" in text.stdout


def test_deleting_a_superseded_adr_reports_its_successor(repo):
    git(repo, "rm", "-q", "docs/adr/0001-old.md")
    git(repo, "commit", "-q", "-m", "drop ADR 1")
    proc = run(["lint", "--changed-since", "main", "--format", "json"], cwd=repo)
    assert proc.returncode == 1
    assert '"docs/adr/0002-new.md"' in proc.stdout and '"link-broken"' in proc.stdout


def test_new_document_reusing_a_number_is_linted_with_the_old_one(repo):
    commit(repo, {"docs/adr/0003-clash.md": adr()})
    names, proc = linted(repo, "--changed-since", "main")
    assert names == {"docs/adr/0003-clash.md", "docs/adr/0003-other.md"}
    assert proc.returncode == 1
    json_out = run(["lint", "--changed-since", "main", "--format", "json"], cwd=repo).stdout
    assert json_out.count('"number-duplicate"') == 2


def test_only_changes_since_the_merge_base_count(repo):
    commit(repo, {"docs/runbooks/b.md": document("runbook") + "\nBranch edit.\n"})
    git(repo, "checkout", "-q", "main")
    commit(repo, {"docs/adr/0003-other.md": adr() + "\nMain moved on.\n"}, "main moves")
    git(repo, "checkout", "-q", "feature")
    names, _ = linted(repo, "--changed-since", "main")
    assert "docs/adr/0003-other.md" not in names
    assert "docs/runbooks/b.md" in names


def test_paths_limit_the_changed_set(repo):
    commit(repo, {"docs/runbooks/b.md": document("runbook") + "\nx\n", "docs/adr/0003-other.md": adr() + "\ny\n"})
    names, _ = linted(repo, "--changed-since", "main", "docs/adr")
    assert names == {"docs/adr/0003-other.md"}


def test_changed_since_works_from_a_subfolder_and_with_other_formats(repo):
    commit(repo, {"docs/runbooks/c.md": document("runbook", {"symptoms": "TODO\n"}) + "\nz\n"})
    proc = run(["lint", "--changed-since", "main", "--format", "github", "runbooks"], cwd=repo / "docs")
    assert proc.returncode == 1
    assert proc.stdout.startswith("::error file=docs/runbooks/c.md,") or proc.stdout.startswith("::error file=runbooks/c.md,")


@pytest.mark.parametrize("ref", ["no-such-branch", "main~99", "--output=x", "deadbeef"])
def test_bad_ref_is_a_one_line_error(repo, ref):
    proc = run(["lint", f"--changed-since={ref}"], cwd=repo)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("artifactkit: error: --changed-since")


def test_outside_a_git_repository_is_a_one_line_error(tmp_path):
    write_tree(tmp_path, {"docs/adr/0001-a.md": adr()})
    proc = run(["lint", "--changed-since", "main"], cwd=tmp_path, env={"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)})
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "not inside a git repository" in proc.stderr


def test_shallow_clone_without_merge_base_says_what_to_do(repo, tmp_path):
    commit(repo, {"docs/runbooks/b.md": document("runbook") + "\nx\n"})
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "feature", f"file://{repo}", str(clone))
    git(clone, "fetch", "-q", "--depth", "1", "origin", "main:main")
    proc = run(["lint", "--changed-since", "main"], cwd=clone)
    if proc.returncode == 2:  # no merge base in the shallow history
        assert proc.stderr.count("\n") == 1 and "fetch" in proc.stderr
    else:  # git found one anyway: then it linted normally
        assert proc.returncode in (0, 1)
