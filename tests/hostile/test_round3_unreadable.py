"""Issue 22 item 14: a folder that cannot be read makes the commands that pick or list numbers fail
as ``lint`` does, never go on with a gap: ``new`` gave a number again that a document in an unreadable
subfolder used, and ``index --check`` passed with only a warning. The installed command, as user
nobody (the tests run as root, who may read anything)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import write_tree
from hostile_helpers import GOOD, open_to_nobody, run_bounded, tree

LOCKED = "docs/adr/archive"


@pytest.fixture
def locked():
    """Under a folder of its own in /tmp, not pytest's: every pytest session on the machine sets
    /tmp/pytest-of-root back to 0700, which would shut user nobody out in the middle of a test."""
    tmp_path = Path(tempfile.mkdtemp(prefix="artifactkit-nobody-"))
    tmp_path.chmod(0o755)
    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\n", "docs/adr/0001-good.md": GOOD,
                          f"{LOCKED}/0005-old.md": GOOD.replace("# A complete adr", "# An old one")})
    (tmp_path / ".git").mkdir()
    open_to_nobody(tmp_path)
    (tmp_path / LOCKED).chmod(0)
    yield tmp_path
    (tmp_path / LOCKED).chmod(0o755)
    shutil.rmtree(tmp_path)


def _fails_in_one_line(proc):
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith(f"artifactkit: error: {LOCKED}: "), proc.stderr
    assert "Permission denied" in proc.stderr, proc.stderr


def test_new_does_not_give_a_number_it_cannot_see_is_free(locked):
    before = tree(locked)
    _fails_in_one_line(run_bounded(["new", "adr", "Next one", "--no-input"], cwd=locked, as_nobody=True, env={"HOME": str(locked)}))
    assert tree(locked) == before


@pytest.mark.parametrize("args", [["index", "--check"], ["index", "adr"], ["renumber", "adr", "1", "--next"]])
def test_index_and_renumber_fail_like_lint(locked, args):
    before = tree(locked)
    _fails_in_one_line(run_bounded(args, cwd=locked, as_nobody=True, env={"HOME": str(locked)}))
    assert tree(locked) == before
    lint = run_bounded(["lint", "--no-cache"], cwd=locked, as_nobody=True, env={"HOME": str(locked)})
    assert lint.returncode == 1 and "file-unreadable" in lint.stdout


def test_new_counts_the_numbers_lint_counts(tmp_path):
    """lint finds number 5 in a subfolder a duplicate of a new 5: ``new`` skips it."""
    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\n", "docs/adr/0001-good.md": GOOD, f"{LOCKED}/0005-old.md": GOOD})
    (tmp_path / ".git").mkdir()
    proc = run_bounded(["new", "adr", "Next one", "--no-input"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "docs/adr/0006-next-one.md").is_file()
