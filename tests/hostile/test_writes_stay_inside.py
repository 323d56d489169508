"""Promise: nothing is written, replaced, appended to or deleted through a symbolic link that leads out
of the repository; documents are never read from a docs root or type folder outside it. One check
(artifactkit.io.writer.check_inside) stands in front of every writer: a refusal is one line, and
nothing changes, in the repository or outside it.
"""

from __future__ import annotations

import os
import time

import pytest
from conftest import run, write_tree
from hostile_helpers import GOOD, one_line_config_error, run_bounded, tree

VICTIM = b"the user's own notes, outside the repository\n"


@pytest.fixture
def repo(tmp_path):
    """``repo/`` (a repository with one good ADR) next to ``outside/`` (the rest of the machine)."""
    write_tree(tmp_path, {"repo/.artifactkit.yaml": "docs_root: docs\n", "repo/docs/adr/0001-good.md": GOOD,
                          "outside/victim.txt": VICTIM, "outside/notes.md": VICTIM})
    (tmp_path / "repo" / ".git").mkdir()  # the repository's top, as git marks it
    return tmp_path / "repo"


def refused(proc, *words):
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("artifactkit: error: "), proc.stderr
    assert "symbolic link" in proc.stderr and "nothing was written" in proc.stderr, proc.stderr
    for word in words:
        assert word in proc.stderr, proc.stderr


def test_lint_output_through_a_committed_link_out_is_refused(repo):
    """The shipped workflow runs `lint --format sarif --output artifactkit.sarif`: a pull request that
    commits that name as a link used to make CI replace any file the runner could write."""
    os.symlink("../outside/victim.txt", repo / "artifactkit.sarif")
    before = tree(repo.parent)
    refused(run(["lint", "--no-cache", "--format", "sarif", "--output", "artifactkit.sarif"], cwd=repo), "artifactkit.sarif")
    assert tree(repo.parent) == before
    # a folder on the way that leads out is refused alike; no folder is made out there either
    os.symlink("../outside", repo / "reports")
    refused(run(["lint", "--no-cache", "--format", "sarif", "--output", "reports/new/out.sarif"], cwd=repo), "reports/new/out.sarif")
    assert tree(repo.parent) == {**before, "repo/reports": "-> ../outside"}
    # "reports/.." is the outside folder's parent to the kernel, though it reads as the repository
    refused(run(["lint", "--no-cache", "--format", "sarif", "--output", "reports/../out.sarif"], cwd=repo), "reports/../out.sarif")
    assert tree(repo.parent) == {**before, "repo/reports": "-> ../outside"}


def test_lint_output_through_a_link_inside_the_repository_still_works(repo):
    os.symlink("build/report.sarif", repo / "artifactkit.sarif")
    (repo / "build").mkdir()
    assert run(["lint", "--format", "sarif", "--output", "artifactkit.sarif"], cwd=repo).returncode == 0
    assert os.path.islink(repo / "artifactkit.sarif") and b'"runs"' in (repo / "build" / "report.sarif").read_bytes()


def test_index_does_not_append_to_a_readme_linked_out(repo):
    os.symlink("../../../outside/notes.md", repo / "docs" / "adr" / "README.md")
    before = tree(repo.parent)
    refused(run(["index", "adr"], cwd=repo), "README.md")
    assert tree(repo.parent) == before
    check = run(["index", "--check"], cwd=repo)  # nor shows the outside file in a diff
    assert check.returncode == 1 and "the user's own notes" not in check.stdout + check.stderr


def test_cache_folder_linked_out_gets_nothing_written_and_nothing_deleted(repo):
    """The pack and a .gitignore used to be written out there, and cleanup deleted an old
    ``results-important.json`` of someone else's."""
    outside = repo.parent / "outside"
    important = outside / "results-important.json"
    important.write_text("{}")
    old = time.time() - 7200
    os.utime(important, (old, old))
    os.symlink("../outside", repo / ".artifactkit_cache")
    before = tree(outside)
    proc = run(["lint"], cwd=repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 document checked, no problems" in proc.stdout
    assert proc.stderr.count("\n") == 1 and "symbolic link" in proc.stderr and "not cached" in proc.stderr, proc.stderr
    assert tree(outside) == before


def test_cache_cleanup_deletes_only_stale_packs_it_wrote(repo):
    """Only ``results-<key>.json`` regular files are the cache's own; a link's target is never touched."""
    assert run(["lint"], cwd=repo).returncode == 0
    cache = repo / ".artifactkit_cache"
    stale = cache / ("results-" + "0" * 32 + ".json")
    stale.write_text("{}")
    (cache / "results-important.json").write_text("{}")
    outside_pack = repo.parent / "outside" / "pack.json"
    outside_pack.write_text("{}")
    link = cache / ("results-" + "1" * 32 + ".json")
    os.symlink(outside_pack, link)
    old = time.time() - 7200
    for path in (stale, cache / "results-important.json", outside_pack):
        os.utime(path, (old, old))
    os.utime(link, (old, old), follow_symlinks=False)
    (repo / "docs" / "adr" / "0002-more.md").write_text(GOOD.replace("Accepted", "Proposed"))  # a change: the pack is rewritten
    assert run(["lint"], cwd=repo).returncode == 0
    assert not stale.exists(), "a stale pack of its own is cleaned up"
    assert (cache / "results-important.json").read_text() == "{}"
    assert os.path.islink(link) and outside_pack.read_text() == "{}"


def test_init_refuses_a_link_out_before_writing_anything(tmp_path):
    write_tree(tmp_path, {"outside/keep.txt": VICTIM})
    repo = tmp_path / "repo"
    repo.mkdir()
    os.symlink("../outside", repo / ".github")
    before = tree(tmp_path)
    refused(run(["init"], cwd=repo), ".github")
    assert tree(tmp_path) == before, "nothing was created, in the repository or outside it"


@pytest.mark.parametrize("config, words", [
    ("docs_root: ../outside\n", ["docs_root", "outside"]),
    ("docs_root: /etc\n", ["docs_root", "/etc"]),
    ("types:\n  adr:\n    folder: ../outside/adr\n", ["types.adr.folder"]),
])
@pytest.mark.parametrize("args", [["lint"], ["list"], ["new", "adr", "Escape", "--no-input", "--author", "Ada"]])
def test_docs_root_or_type_folder_outside_the_repository_is_a_config_error(repo, config, words, args):
    """``docs_root: ../outside`` used to lint and list documents outside the repository (and ``new``
    wrote there), although links out of it are refused."""
    write_tree(repo.parent, {"outside/adr/0001-secret.md": GOOD.replace("A complete adr", "TOP SECRET")})
    (repo / ".artifactkit.yaml").write_text(config)
    before = tree(repo.parent)
    proc = run_bounded(args, cwd=repo)
    one_line_config_error(proc, ".artifactkit.yaml", "outside", *words)
    assert "TOP SECRET" not in proc.stdout
    assert tree(repo.parent) == before


def test_docs_folder_that_is_a_link_out_is_a_config_error(repo):
    os.rename(repo / "docs", repo.parent / "outside" / "docs")
    os.symlink("../outside/docs", repo / "docs")
    one_line_config_error(run(["list"], cwd=repo), "docs_root", "outside")


def test_site_build_with_the_cache_folder_linked_out(repo):
    outside = repo.parent / "outside"
    os.symlink("../outside", repo / ".artifactkit_cache")
    before = tree(outside)
    proc = run(["site", "build"], cwd=repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "symbolic link" in proc.stderr and "not written" in proc.stderr, proc.stderr
    assert tree(outside) == before
    assert (repo / "_site" / "index.html").is_file()
