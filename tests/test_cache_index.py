"""The result cache is an index: a run reads only the entries of the files it lints, and whatever is
in the index file is input, never truth (a damaged, foreign or planted index is discarded with one
warning and replaced; an entry another run wrote meanwhile is kept)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from conftest import lint_file_calls, run, write_tree
from docfactory import document

from artifactkit.engine import cache, linter, lintfile
from artifactkit.engine.config import load_config

CACHE = ".artifactkit_cache"
OLD = 1_600_000_000_000_000_000  # 2020: far outside the racy window, so a matching entry is used without reading the file


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    write_tree(tmp_path, {
        ".artifactkit.yaml": "docs_root: docs\n",
        "docs/adr/0001-good.md": document("adr"),
        "docs/adr/0002-todo.md": document("adr", {"context": "TODO: explain"}),
    })
    for path in (tmp_path / "docs").rglob("*.md"):
        os.utime(path, ns=(OLD, OLD))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lint(paths=("docs",)):
    return linter.lint_paths(list(paths), load_config(), jobs=1, use_cache=True)


def report(run_) -> list:
    return sorted((r.path, p.rule, p.line) for r in run_.results for p in r.problems)


def fill(count: int) -> None:
    """``count`` more entries (for files that need not exist), written through the cache's own API."""
    good = lintfile.lint_file(os.path.join("docs", "adr", "0001-good.md"), load_config())
    store = cache.ResultCache(load_config())
    for i in range(count):
        store.put(os.path.join("docs", "other", f"{i:05d}-a-long-name-for-a-document.md"), ("0" * 64, (1000 + i, OLD)), good)
    store.save()


def cache_bytes(project: Path) -> int:
    return sum(p.stat().st_size for p in (project / CACHE).iterdir() if p.is_file())


def index(project: Path) -> Path:
    (found,) = (project / CACHE).glob("results-*.sqlite")
    return found


ONE_FILE_RUN = """
import json, sys
from artifactkit.engine import linter, lintfile
from artifactkit.engine.config import load_config

def rchar():
    with open("/proc/self/io") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("rchar:"))

config = load_config()
calls = []
real = lintfile.lint_file
lintfile.lint_file = lambda *a, **k: calls.append(a[0]) or real(*a, **k)
linter.lint_paths([sys.argv[1]], config, jobs=1, use_cache=True)  # the modules a run needs, imported
before = rchar()
run = linter.lint_paths([sys.argv[1]], config, jobs=1, use_cache=True)
print(json.dumps([rchar() - before, calls, [p.rule for r in run.results for p in r.problems]]))
"""


@pytest.mark.skipif(not os.path.exists("/proc/self/io"), reason="counts the bytes read through Linux's /proc/self/io")
def test_a_one_file_run_reads_its_own_entry_not_the_whole_cache(project):
    lint()
    fill(10_000)
    total = cache_bytes(project)
    assert total > 1_000_000, "10,000 entries make a large cache"
    proc = subprocess.run(
        [sys.executable, "-c", ONE_FILE_RUN, os.path.join("docs", "adr", "0002-todo.md")], cwd=project, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    read, calls, rules = json.loads(proc.stdout.splitlines()[-1])
    assert calls == [], "the file's result came from its entry"
    assert "section-placeholder" in rules
    assert read < total / 50, f"a one-file run read {read} bytes of a {total}-byte cache"


def test_a_large_run_reads_every_entry_at_once_and_a_small_one_only_its_own(project):
    lint()
    fill(cache.BULK + 10)
    store = cache.ResultCache(load_config())
    store.load([os.path.join("docs", "adr", "0001-good.md")])
    assert list(store.entries) == [os.path.join(str(project), "docs", "adr", "0001-good.md")]
    many = [os.path.join("docs", "other", f"x{i}.md") for i in range(cache.BULK + 1)]
    store.load(many)
    assert len(store.entries) == cache.BULK + 10 + 2


def _warnings(capsys) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if "warning" in line]


def _garbage(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(4096))


def _foreign_table(path: Path) -> None:
    path.unlink()
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE entries (slot, sha, size, mtime_ns, written_ns, row)")


def _trigger(path: Path) -> None:
    """The right table, plus a trigger that would turn every new entry's findings into none."""
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TRIGGER clean AFTER INSERT ON entries BEGIN UPDATE entries SET row = '[]' WHERE slot = NEW.slot; END")


def _other_version(path: Path) -> None:
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("PRAGMA user_version = 3")


def _hard_link(path: Path) -> None:
    """The index file also named somewhere else: SQLite writes in place, so writing it would change the other name too."""
    os.link(path, path.parent.parent / "kept.sqlite")


@pytest.mark.parametrize("damage", [_garbage, _foreign_table, _trigger, _other_version, _hard_link])
def test_a_damaged_or_foreign_index_is_discarded_with_one_warning_and_replaced(project, monkeypatch, capsys, damage):
    cold = report(lint())
    capsys.readouterr()
    path = index(project)
    damage(path)
    kept = (project / "kept.sqlite").read_bytes() if (project / "kept.sqlite").exists() else None
    calls = lint_file_calls(monkeypatch)
    assert report(lint()) == cold
    warnings = _warnings(capsys)
    assert len(warnings) == 1 and "malformed cache" in warnings[0] and path.name in warnings[0], warnings
    assert len(calls) == 2, "nothing in it was trusted"
    with closing(sqlite3.connect(index(project))) as conn:
        assert conn.execute("SELECT type, name FROM sqlite_master").fetchall() == [("table", "entries")]
    if kept is not None:
        assert (project / "kept.sqlite").read_bytes() == kept, "the other name of the file is untouched"
    assert report(lint()) == cold
    assert _warnings(capsys) == [] and len(calls) == 2, "the replaced index is used quietly"


def test_an_entry_of_the_wrong_types_is_linted_again(project, monkeypatch):
    cold = report(lint())
    with closing(sqlite3.connect(index(project))) as conn, conn:
        conn.execute("UPDATE entries SET written_ns = 'later', row = x'00'")  # SQLite stores any value in any column
    calls = lint_file_calls(monkeypatch)
    assert report(lint()) == cold
    assert len(calls) == 2
    assert report(lint()) == cold and len(calls) == 2


@pytest.mark.usefixtures("project")
def test_two_runs_at_once_keep_each_others_entries(monkeypatch):
    """Each run writes only its own new entries: a run that read the cache before another one saved
    no longer drops what the other wrote when it saves in turn."""
    a, b = os.path.join("docs", "adr", "0001-good.md"), os.path.join("docs", "adr", "0002-todo.md")
    config = load_config()
    first, second = cache.ResultCache(config), cache.ResultCache(config)
    misses = {store: store.lookup(path) for store, path in ((first, a), (second, b))}  # both read the cache (empty)
    for store, path in ((second, b), (first, a)):  # the second run finishes first
        result, found = misses[store]
        assert result is None and found is not None
        store.put(path, found, lintfile.lint_file(path, config))
        store.save()
    calls = lint_file_calls(monkeypatch)
    lint()
    assert calls == [], "both entries were kept"


def test_a_journal_that_is_a_link_out_is_never_opened(project, tmp_path_factory):
    run(["lint"], cwd=project)
    outside = tmp_path_factory.mktemp("outside") / "victim"
    outside.write_text("keep me\n")
    journal = Path(str(index(project)) + "-journal")
    os.symlink(outside, journal)
    (project / "docs" / "adr" / "0003-new.md").write_text(document("adr"), encoding="utf-8")  # something to write
    proc = run(["lint"], cwd=project)
    assert proc.returncode == 1 and "0002-todo.md" in proc.stdout
    assert proc.stderr.count("warning") == 1 and "journal" in proc.stderr and "not cached" in proc.stderr, proc.stderr
    assert outside.read_text() == "keep me\n" and journal.is_symlink()
