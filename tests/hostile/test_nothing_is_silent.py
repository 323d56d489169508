"""Promise: a file or folder that cannot be read is a problem in the report (exit 1), never a silent skip.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from conftest import artifactkit_exe, run, write_tree
from docfactory import document
from hostile_helpers import GOOD, lint_catalogue, open_to_nobody, run_bounded


def test_non_utf8_bytes(tmp_path):
    data = b"---\ntype: adr\n---\n# Caf\xe9\n"
    got = lint_catalogue(tmp_path, {"docs/latin1.md": data})["docs/latin1.md"]
    assert [(p["rule"], p["line"]) for p in got] == [("file-unreadable", 4)]
    assert "UTF-8" in got[0]["message"]

def test_binary_file_named_md(tmp_path):
    got = lint_catalogue(tmp_path, {"docs/image.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"})["docs/image.md"]
    assert [p["rule"] for p in got] == ["file-unreadable"] and "binary" in got[0]["message"]

def test_broken_symlink(tmp_path):
    (tmp_path / "docs").mkdir()
    os.symlink(tmp_path / "nowhere.md", tmp_path / "docs" / "link.md")
    got = lint_catalogue(tmp_path, {})["docs/link.md"]
    assert [p["rule"] for p in got] == ["file-unreadable"] and "broken symbolic link" in got[0]["message"]

def test_directory_named_md_is_walked_not_read(tmp_path):
    by_file = lint_catalogue(tmp_path, {"docs/x.md/inner.md": document("adr", {"context": None})})
    assert [p["rule"] for p in by_file["docs/x.md/inner.md"]] == ["section-missing"]
    assert "docs/x.md" not in by_file

@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_unreadable_file(tmp_path):
    write_tree(tmp_path, {"docs/good.md": GOOD, "docs/secret.md": GOOD})
    (tmp_path / "docs" / "secret.md").chmod(0)
    cmd = [artifactkit_exe(), "lint", "--format", "json", "docs"]
    if os.geteuid() == 0:  # root reads anything: run as nobody to make the permission real
        for p in [tmp_path, *tmp_path.parents]:
            if p != p.parent:
                os.chmod(p, os.stat(p).st_mode | 0o005)
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
    proc = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "HOME": str(tmp_path)}, check=False)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 1, proc.stderr
    problems = json.loads(proc.stdout)
    assert [(p["path"], p["rule"]) for p in problems] == [("docs/secret.md", "file-unreadable")]
    assert "Permission denied" in problems[0]["message"]

def test_files_of_no_known_type_are_skipped_and_listed_with_verbose(tmp_path):
    write_tree(tmp_path, {"docs/notes.md": "# Notes\n\nanything\n", "docs/good.md": GOOD})
    proc = run(["lint", "--verbose", "docs"], cwd=tmp_path)
    assert proc.returncode == 0
    assert "skipped docs/notes.md" in proc.stderr
    assert "1 document checked, no problems" in proc.stdout


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
@pytest.mark.parametrize("where", ["docs/adr/locked", "docs"])
def test_unreadable_folder_is_a_problem_not_a_skip(tmp_path, where):
    """Linted as another user, a folder of mode 000 used to be skipped: "1 document checked, no problems", exit 0."""
    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\n", "docs/adr/0001-good.md": GOOD,
                          "docs/adr/locked/0002-hidden.md": GOOD.replace("Accepted", "Nonsense")})
    open_to_nobody(tmp_path)
    (tmp_path / where).chmod(0)
    try:
        for args in (["lint", "--format", "json"], ["lint", "--format", "json", where]):
            proc = run_bounded(args, cwd=tmp_path, as_nobody=True, env={"HOME": str(tmp_path)})
            assert proc.returncode == 1, proc.stdout + proc.stderr
            problems = json.loads(proc.stdout)
            assert [(p["path"], p["rule"]) for p in problems] == [(where, "file-unreadable")], problems
            assert "Permission denied" in problems[0]["message"] and "not checked" in problems[0]["message"]
        text = run_bounded(["lint"], cwd=tmp_path, as_nobody=True, env={"HOME": str(tmp_path)})
        assert text.returncode == 1 and "no problems" not in text.stdout
        # the views say so too: an index or a list with a silent gap would be wrong
        listing = run_bounded(["list"], cwd=tmp_path, as_nobody=True, env={"HOME": str(tmp_path)})
        assert listing.returncode == 0, listing.stderr
        warning = f"artifactkit: warning: {where}: cannot read folder: Permission denied; the documents in it were not checked; not listed"
        assert listing.stderr.splitlines()[0] == warning, listing.stderr
    finally:
        (tmp_path / where).chmod(0o755)
