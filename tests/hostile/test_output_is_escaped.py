"""Promise: every line printed for a person or a CI log escapes control characters (artifactkit.escape.printable):
titles, file names and values from documents cannot act on a terminal, forge a CI annotation or break a page.
"""

from __future__ import annotations

import json
import os

import pytest
from conftest import run, run_installed, write_tree
from hostile_helpers import GOOD


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_file_name_that_is_not_utf8(tmp_path, fmt):
    """Such a name reaches Python as lone surrogates, which no UTF-8 stream or file can hold: the
    cache, every report and the index each used to stop with an internal error."""
    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\n", "docs/adr/0001-good.md": GOOD})
    bad = os.path.join(os.fsencode(tmp_path), b"docs", b"adr", b"0002-caf\xe9.md")  # Latin-1, not UTF-8
    with open(bad, "wb") as fh:
        fh.write(GOOD.replace("2026", "2O26").encode())  # one problem: an invalid date
    strict = {"PYTHONIOENCODING": "utf-8"}  # as in a UTF-8 locale: a surrogate written to stdout raises
    lint = run_installed if fmt == "text" else run  # the text report once through a real process's pipe
    for _ in ("cold", "warm"):  # the second run reads the cache the first one wrote
        proc = lint(["lint", "--format", fmt, "docs"], cwd=tmp_path, env=strict)
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert ("0002-caf%E9.md" if fmt == "sarif" else "0002-caf\\udce9.md") in proc.stdout.replace("\\\\", "\\")
    if fmt == "json":
        (problem,) = json.loads(proc.stdout)
        assert os.fsencode(problem["path"]) == b"docs/adr/0002-caf\xe9.md"  # the exact name comes back
    proc = run(["index", "adr"], cwd=tmp_path, env=strict)
    assert proc.returncode == 0, proc.stderr
    listing = run(["list", "--format", "json" if fmt == "json" else "table"], cwd=tmp_path, env=strict)
    assert listing.returncode == 0 and "0002-caf\\udce9.md" in listing.stdout.replace("\\\\", "\\"), listing.stderr
    assert "[0002-caf?.md](0002-caf%E9.md)" in (tmp_path / "docs" / "adr" / "README.md").read_text(encoding="utf-8")

def test_views_escape_a_title_with_an_escape_sequence_in_a_folder_that_is_not_utf8(tmp_path):
    """A title is printed by list and graph: its escape sequence must not reach the terminal. The
    repository's own folder name, not UTF-8 either, goes into the cache key and inspect's JSON."""
    root = os.path.join(os.fsencode(tmp_path), b"repo-\xff")
    os.makedirs(os.path.join(root, b"docs", b"adr"))
    title = "Use \x1b[2JPostgres\u202e"
    with open(os.path.join(root, b"docs", b"adr", b"0001-pg.md"), "w", encoding="utf-8") as fh:
        fh.write(GOOD.replace("\n# ", f"\n# {title}\n\nOld title: ", 1))
    with open(os.path.join(root, b".artifactkit.yaml"), "w") as fh:
        fh.write("docs_root: docs\n")
    cwd = os.fsdecode(root)
    strict = {"PYTHONIOENCODING": "utf-8"}
    assert run(["lint", "docs"], cwd=cwd, env=strict).returncode == 0
    for args in (["list"], ["list", "--format", "json"], ["graph"], ["graph", "--format", "dot"], ["inspect", "docs/adr/0001-pg.md"]):
        proc = run(args, cwd=cwd, env=strict)
        assert proc.returncode == 0, proc.stderr
        assert "\x1b" not in proc.stdout and "\\u001b[2JPostgres" in proc.stdout, args
        is_json = "json" in args or "inspect" in args  # data: the exact title, which JSON's own escapes keep harmless
        assert ("\u202e" in proc.stdout) == is_json, args

def test_supersede_prints_a_file_name_that_is_not_utf8(tmp_path):
    """Both files were written, then printing the second name failed with an internal error."""
    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\n", "docs/adr/0001-old.md": GOOD})
    with open(os.path.join(os.fsencode(tmp_path), b"docs", b"adr", b"0002-caf\xe9.md"), "w", encoding="utf-8") as fh:
        fh.write(GOOD)
    proc = run(["supersede", "docs/adr/0001-old.md", os.fsdecode(b"docs/adr/0002-caf\xe9.md")], cwd=tmp_path, env={"PYTHONIOENCODING": "utf-8"})
    assert proc.returncode == 0, proc.stderr
    assert "0002-caf\\udce9.md: supersedes:" in proc.stdout


ESC = "\x1b]0;pwned\x07\x1b[2J"  # set the terminal's title, clear the screen
FORGED = "\n::error file=x.md,line=1::FORGED"  # a GitHub Actions workflow command, at the start of a line


def no_raw_control(proc):
    for stream in (proc.stdout, proc.stderr):
        assert "\x1b" not in stream and "\x07" not in stream, stream
        assert not any(line.startswith("::error") for line in stream.splitlines()), stream


def test_status_and_supersede_success_lines_are_escaped(tmp_path):
    """Their success lines used to print the file name and the old status raw."""
    old, new = f"docs/adr/0001-old{ESC}.md", f"docs/adr/0002-new{FORGED}.md"
    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\n", old: GOOD.replace("status: Accepted", 'status: "Proposed\\e[2J"'),
                          new: GOOD.replace("status: Accepted", "status: Proposed")})
    proc = run(["status", "--force", old, "Accepted"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    no_raw_control(proc)
    assert "\\u001b" in proc.stdout and "-> Accepted" in proc.stdout
    proc = run(["supersede", "1", "2"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    no_raw_control(proc)
    assert "\\u000a::error" in proc.stdout
    again = run(["supersede", old, new], cwd=tmp_path)  # "already superseded": names both
    assert again.returncode == 0 and "nothing to change" in again.stdout
    no_raw_control(again)


def test_verbose_skipped_file_names_cannot_forge_an_annotation(tmp_path):
    write_tree(tmp_path, {"docs/good.md": GOOD, f"docs/notes{FORGED}.md": "# Notes\n\nno type\n", f"docs/more{ESC}.md": "# More\n"})
    proc = run(["lint", "--verbose", "docs"], cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert proc.returncode == 0, proc.stderr
    no_raw_control(proc)
    assert "skipped docs/notes\\u000a::error file=x.md,line=1::FORGED.md: no document type" in proc.stderr


def test_index_check_diff_and_init_lines_are_escaped(tmp_path):
    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\n", "docs/adr/0001-good.md": GOOD,
                          "docs/adr/README.md": f"# Index{ESC}\n\n::error file=y.md::FORGED\n"})
    proc = run(["index", "--check"], cwd=tmp_path)
    assert proc.returncode == 1 and "+<!-- artifactkit:index -->" in proc.stdout
    no_raw_control(proc)
    target = tmp_path / f"new{ESC}"
    proc = run(["init", str(target)], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    no_raw_control(proc)
    assert "created" in proc.stdout and "\\u001b" in proc.stdout


def test_index_escapes_its_markers_in_a_title(tmp_path):
    """A heading quoting the end marker put it into a table cell: every later `index` and
    `index --check` then failed with exit 2 on a README that index itself had written."""
    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\n",
                          "docs/adr/0001-a.md": GOOD.replace("# A complete adr", "# Sneaky `<!-- artifactkit:index-end -->` title"),
                          "docs/adr/0002-b.md": GOOD.replace("# A complete adr", "# Start <!-- artifactkit:index --> here"),
                          "docs/adr/0003-<!-- artifactkit:index-end -->.md": GOOD})
    for _ in range(2):
        proc = run(["index", "adr"], cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
    readme = (tmp_path / "docs" / "adr" / "README.md").read_text(encoding="utf-8")
    assert readme.count("<!-- artifactkit:index -->") == 1 and readme.count("<!-- artifactkit:index-end -->") == 1, readme
    assert "| Sneaky &lt;!-- artifactkit:index-end --> title |" in readme
    assert run(["index", "--check"], cwd=tmp_path).returncode == 0
