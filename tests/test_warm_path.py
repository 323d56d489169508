"""A warm run (every file answered from the cache): what makes it cheap must not change what it
reports, nor make it trust a cache entry it would not have trusted before."""

from __future__ import annotations

import gc
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from conftest import lint_file_calls, write_tree
from docfactory import document

from artifactkit.checks import crossrefs
from artifactkit.engine import cache, linter
from artifactkit.engine.config import load_config
from artifactkit.io.discovery import discover

OLD = 1_600_000_000_000_000_000  # 2020: far outside the racy window, so a matching entry is used without reading the file


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    link = "\nSee [the missing one](missing.md) and [the good one](0001-good.md).\n"
    write_tree(
        tmp_path,
        {
            ".artifactkit.yaml": "docs_root: docs\n",
            "docs/adr/0001-good.md": document("adr"),
            "docs/adr/0002-links.md": document("adr") + link,
            "docs/adr/0003-links.md": document("adr") + link,
            "docs/rfc/0001-links.md": document("rfc") + link,
            "docs/adr/0004-todo.md": document("adr", {"decision": "TODO\n"}),
        },
    )
    for path in (tmp_path / "docs").rglob("*.md"):
        os.utime(path, ns=(OLD, OLD))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lint():
    return linter.lint_paths(["docs"], load_config(), jobs=1, use_cache=True)


def report(run_) -> list:
    return [(p.path, p.line, p.rule, p.message) for p in run_.problems]


def index(project: Path) -> Path:
    (found,) = (project / ".artifactkit_cache").glob("results-*.sqlite")
    return found


def test_a_link_is_resolved_once_per_folder_and_reported_in_every_document(project, monkeypatch):
    looked_up: list[str] = []
    real = crossrefs.published_source

    def spy(target, *args, **kwargs):
        looked_up.append(target)
        return real(target, *args, **kwargs)

    monkeypatch.setattr(crossrefs, "published_source", spy)
    broken = [(p.path, p.message) for p in lint().problems if p.rule == "link-broken"]
    assert broken == [
        ("docs/adr/0002-links.md", "link to missing.md is broken: docs/adr/missing.md does not exist — fix the link or create the file"),
        ("docs/adr/0003-links.md", "link to missing.md is broken: docs/adr/missing.md does not exist — fix the link or create the file"),
        ("docs/rfc/0001-links.md", "link to 0001-good.md is broken: docs/rfc/0001-good.md does not exist — fix the link or create the file"),
        ("docs/rfc/0001-links.md", "link to missing.md is broken: docs/rfc/missing.md does not exist — fix the link or create the file"),
    ]
    assert sorted(looked_up) == sorted(str(project / path) for path in ("docs/adr/missing.md", "docs/rfc/missing.md", "docs/rfc/0001-good.md"))


# Each corrupts one field of every entry's row (JSON text, SQL on the stored blob) in a way only a
# full check of the row sees: the entry must not be used, and its file is linted again.
CORRUPTIONS = {
    "space after the row": "row || ' '",
    "space before the row": "' ' || row",
    "a second value after the row": "row || '[]'",
    "outline title a number": "replace(row, ',[\"A complete adr\",', ',[7,')",
    "outline link without its href": "replace(row, '\"missing.md\"]', ']')",
    "outline link line a list": "replace(row, '[[', '[[[1],')",
    "problem level a number": "replace(replace(row, '\"error\"', '1'), '\"warning\"', '1')",
    "no JSON value at all": "'nonsense' || row",
    "nothing": "''",
}


@pytest.mark.parametrize("change", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_a_malformed_row_is_never_trusted_and_its_file_is_linted_again(project, monkeypatch, change):
    cold = report(lint())
    with closing(sqlite3.connect(index(project))) as conn, conn:
        before = dict(conn.execute("SELECT slot, row FROM entries"))
        conn.execute(f"UPDATE entries SET row = CAST({change} AS BLOB)")
        changed = [slot for slot, row in conn.execute("SELECT slot, row FROM entries") if row != before[slot]]
    assert changed, "the corruption applies to at least one entry"
    calls = lint_file_calls(monkeypatch)
    assert report(lint()) == cold
    assert len(calls) == len(changed), "every corrupted entry is linted again, the others are used"


@pytest.mark.parametrize("row", ["nonsense", "", " [1]", "[1] "])
def test_a_row_that_is_no_single_json_value_is_linted_again_when_the_bytes_are_hashed(project, monkeypatch, row):
    """The second half of a lookup (a file touched since its entry was written, its bytes hashed,
    in a worker) checks a row as strictly as the first."""
    cold = report(lint())
    with closing(sqlite3.connect(index(project))) as conn, conn:
        conn.execute("UPDATE entries SET row = CAST(? AS BLOB)", (row,))
    for path in (project / "docs").rglob("*.md"):
        os.utime(path, ns=(OLD + 10**9, OLD + 10**9))  # same bytes, another mtime: hashed, not trusted by stat
    calls = lint_file_calls(monkeypatch)
    assert report(lint()) == cold
    assert len(calls) == 5, "no entry is used: every file is linted again"


@pytest.mark.usefixtures("project")
def test_the_collector_never_runs_while_cache_rows_are_decoded_and_is_back_after(monkeypatch):
    lint()
    states: list[bool] = []
    real = cache.decode_result

    def spy(*args, **kwargs):
        states.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(cache, "decode_result", spy)
    assert gc.isenabled()
    lint()
    assert states and not any(states)
    assert gc.isenabled()


@pytest.mark.usefixtures("project")
def test_a_lint_command_in_process_leaves_the_collector_as_it_was():
    from artifactkit.cli import main

    assert main(["lint", "docs"]) == 1
    assert gc.isenabled() and gc.get_freeze_count() == 0


@pytest.mark.usefixtures("project")
def test_a_slot_is_the_absolute_path_however_the_file_is_spelt():
    store = cache.ResultCache(load_config())
    for path in (
        "docs/adr/0001-good.md",
        "./docs/adr/0001-good.md",
        "docs//adr/0001-good.md",
        "docs/adr/../adr/0001-good.md",
        "docs/./adr/x.md",
        "/abs/x.md",
        "x.md",
    ):
        assert store._slot(path) == os.path.abspath(path), path


@pytest.mark.usefixtures("project")
def test_the_slots_load_makes_are_the_absolute_paths_however_the_files_are_spelt():
    spellings = ["docs/adr/0001-good.md", "./docs/x.md", "docs//x.md", "docs/../x.md", "docs/./x.md", "/abs/x.md", "x.md", "x/", ".x.md"]
    spellings += ["a/.b/x.md", "a/..", "..", ".", "a/b/.", "é/x y.md", os.fsdecode(b"caf\xe9.md"), "a//", "/", "a\n/b.md", "a/\n.md"]
    store = cache.ResultCache(load_config())
    store.load(spellings * 30)  # more than BULK: the run that reads every entry
    assert {p: store._slots[p] for p in spellings} == {p: os.path.abspath(p) for p in spellings}


@pytest.mark.usefixtures("project")
@pytest.mark.parametrize("given", ["docs", "./docs", "docs/", "docs//", "docs/../docs", "."])
def test_discovery_spells_every_file_alike_however_the_folder_is_given(given):
    assert discover([given]) == [
        "docs/adr/0001-good.md",
        "docs/adr/0002-links.md",
        "docs/adr/0003-links.md",
        "docs/adr/0004-todo.md",
        "docs/rfc/0001-links.md",
    ]


def test_real_paths_of_a_pass_are_those_realpath_gives_through_links_loops_and_missing_parts(tmp_path):
    from artifactkit.checks.references import RealPaths

    (tmp_path / "a/b/c").mkdir(parents=True)
    (tmp_path / "x/y").mkdir(parents=True)
    (tmp_path / "a/b/c/f.md").write_text("")
    (tmp_path / "a/lx").symlink_to(tmp_path / "x")
    (tmp_path / "x/y/lb").symlink_to("../../a/b")
    (tmp_path / "a/b/lf.md").symlink_to("c/f.md")
    (tmp_path / "loop").symlink_to("loop")
    parts = ["a", "b", "c", "x", "y", "lx", "lb", "lf.md", "f.md", "loop", "missing"]
    paths = [os.path.join(tmp_path, *(parts[(i * 7 + j * 3) % len(parts)] for j in range(i % 6))) for i in range(400)]
    reals = RealPaths()
    for path in paths:
        assert (reals(path), reals.folder(os.path.dirname(path))) == (os.path.realpath(path), os.path.realpath(os.path.dirname(path))), path


def test_real_path_is_os_realpath_through_links(tmp_path):
    """The C library's realpath answers for existing files; what it cannot resolve goes to os.path.realpath."""
    from artifactkit.io.paths import real_path

    (tmp_path / "real" / "sub").mkdir(parents=True)
    (tmp_path / "real" / "sub" / "a.md").write_text("x")
    os.symlink(tmp_path / "real", tmp_path / "folder-link")
    os.symlink(tmp_path / "real" / "sub" / "a.md", tmp_path / "file-link.md")
    os.symlink(tmp_path / "loop-b", tmp_path / "loop-a")
    os.symlink(tmp_path / "loop-a", tmp_path / "loop-b")
    odd = os.fsdecode(b"\xff-odd.md")
    (tmp_path / "real" / odd).write_text("x")
    for path in ["real/sub/a.md", "folder-link/sub/a.md", "file-link.md", "folder-link/sub/../sub/a.md", "loop-a", "missing/x.md", f"folder-link/{odd}", "."]:
        full = os.path.join(str(tmp_path), path)
        assert real_path(full) == os.path.realpath(full), path
