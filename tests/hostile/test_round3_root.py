"""Issue 22 item 7: the repository root is where the command runs, not where a link leads. A folder
link to another git checkout (``docs/adr/ext -> ../../../sib2``) shows that checkout's ``.git``;
finding the root through it let ``status``, ``supersede`` and ``lint --fix`` rewrite files in the
other checkout, and ``lint`` read files through it when the folder was named on the command line."""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import git, write_tree
from hostile_helpers import GOOD, run_bounded, tree

OTHER = GOOD.replace("status: Accepted", "status: Proposed").replace("# A complete adr", "# Use the other thing")


@pytest.fixture
def linked(tmp_path):
    """``repo/`` (a git checkout) whose ``docs/adr/ext`` links to ``sib2/``, another git checkout."""
    write_tree(tmp_path, {"repo/docs/adr/0001-good.md": GOOD, "sib2/0002-other.md": OTHER,
                          "sib2/0003-broken.md": OTHER.replace("## Decision", "## Decisoin")})
    for name in ("repo", "sib2"):
        git(tmp_path / name, "init", "-q")
    os.symlink("../../../sib2", tmp_path / "repo" / "docs" / "adr" / "ext")
    return tmp_path / "repo"


def _refused(proc):
    assert proc.returncode in (1, 2), proc.stdout + proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("artifactkit: error: "), proc.stderr
    assert "symbolic link" in proc.stderr and "outside" in proc.stderr, proc.stderr


def test_the_root_is_not_found_through_a_folder_link(linked, monkeypatch):
    """The check every writer makes: the other checkout's ``.git``, seen through the link, is not the
    root; the write is refused whatever folder below the link it aims at."""
    from artifactkit.errors import RefusedError
    from artifactkit.io.writer import check_inside, repository_root

    (linked.parent / "sib2" / "sub").mkdir()
    git(linked.parent / "sib2" / "sub", "init", "-q")  # a checkout below the link as well
    monkeypatch.chdir(linked)
    for name in ("docs/adr/ext/0002-other.md", "docs/adr/ext/sub/new.md"):
        assert repository_root(name) == str(linked)
        with pytest.raises(RefusedError, match="outside"):
            check_inside(name)
    monkeypatch.chdir(linked.parent)  # the root does not depend on where the path is named from
    assert repository_root("repo/docs/adr/ext/0002-other.md") == str(linked)
    shutil.rmtree(linked / ".git")  # no marker in the repository: the folder the command runs in bounds it
    monkeypatch.chdir(linked)
    for name in ("docs/adr/ext/0002-other.md", "docs/adr/ext/sub/new.md"):
        assert repository_root(name) == str(linked)
        with pytest.raises(RefusedError, match="outside"):
            check_inside(name)


def test_status_through_a_folder_link_to_another_checkout_changes_nothing(linked):
    before = tree(linked.parent)
    _refused(run_bounded(["status", "docs/adr/ext/0002-other.md", "Accepted"], cwd=linked))
    assert tree(linked.parent) == before


def test_supersede_through_a_folder_link_changes_nothing(linked):
    before = tree(linked.parent)
    _refused(run_bounded(["supersede", "docs/adr/ext/0002-other.md", "docs/adr/0001-good.md"], cwd=linked))
    assert tree(linked.parent) == before
    _refused(run_bounded(["supersede", "docs/adr/0001-good.md", "docs/adr/ext/0002-other.md"], cwd=linked))
    assert tree(linked.parent) == before


def test_lint_neither_reads_nor_fixes_through_a_folder_link(linked):
    before = tree(linked.parent)
    for args in (["lint", "--no-cache", "docs/adr/ext"], ["lint", "--no-cache", "docs/adr/ext/0003-broken.md"],
                 ["lint", "--no-cache", "--fix", "docs/adr/ext/0003-broken.md"]):
        proc = run_bounded(args, cwd=linked)
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "symbolic link to a folder outside the repository" in proc.stdout, proc.stdout
        assert "Decisoin" not in proc.stdout and "missing section" not in proc.stdout, proc.stdout  # not read
    assert tree(linked.parent) == before


def test_a_folder_link_inside_the_repository_still_works(tmp_path):
    write_tree(tmp_path, {"repo/docs/adr/0001-good.md": GOOD, "repo/shared/0002-other.md": OTHER})
    git(tmp_path / "repo", "init", "-q")
    os.symlink("../../shared", tmp_path / "repo" / "docs" / "adr" / "ext")
    proc = run_bounded(["status", "docs/adr/ext/0002-other.md", "Accepted"], cwd=tmp_path / "repo")
    assert proc.returncode == 0, proc.stderr
    assert "status: Accepted" in (tmp_path / "repo" / "shared" / "0002-other.md").read_text()
