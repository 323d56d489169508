"""The result cache: hits give identical output, any input change invalidates, corruption is ignored."""

from __future__ import annotations

import json
import os
from contextlib import closing
from pathlib import Path

import pytest
from conftest import lint_file_calls, run, write_tree
from docfactory import document

from artifactkit.engine import linter

CACHE = ".artifactkit_cache"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_tree(tmp_path, {
        ".artifactkit.yaml": "docs_root: docs\n",
        "docs/adr/0001-good.md": document("adr"),
        "docs/adr/0002-todo.md": document("adr", {"context": "TODO: explain"}),
        "docs/adr/0002-dup.md": document("adr"),  # same number as 0002-todo: a cross-document problem
        "docs/rfc/0001-missing.md": document("rfc", {"problem": None}),
    })
    return tmp_path


def lint(project, monkeypatch, **kw):
    import io

    from artifactkit.engine.config import load_config
    from artifactkit.report import text

    monkeypatch.chdir(project)
    result = linter.lint_paths(["docs"], load_config(), jobs=1, use_cache=kw.get("use_cache", True))
    out = io.StringIO()
    text.report(result, out)
    return out.getvalue()


def pack(project) -> Path:
    files = list((project / CACHE).glob("results-*.sqlite"))
    assert len(files) == 1
    return files[0]


def read_entries(path: Path) -> dict:
    """The index as ``slot -> [sha256, size, mtime_ns, written_ns, row]`` (the row decoded)."""
    import sqlite3

    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("SELECT slot, sha, size, mtime_ns, written_ns, row FROM entries").fetchall()
    return {slot.decode(): [sha, size, mtime, written, json.loads(row)] for slot, sha, size, mtime, written, row in rows}


def write_entries(path: Path, entries: dict) -> None:
    """Overwrite the entries of the index in place, as a forger with write access to the file would."""
    import sqlite3

    with closing(sqlite3.connect(path)) as conn, conn:
        conn.executemany(
            "UPDATE entries SET sha = ?, size = ?, mtime_ns = ?, written_ns = ?, row = ? WHERE slot = ?",
            [(sha, size, mtime, written, json.dumps(row).encode(), slot.encode()) for slot, (sha, size, mtime, written, row) in entries.items()],
        )


def test_warm_run_reuses_results_and_reports_the_same(project, monkeypatch):
    calls = lint_file_calls(monkeypatch)
    cold = lint(project, monkeypatch)
    assert len(calls) == 4
    warm = lint(project, monkeypatch)
    assert len(calls) == 4, "nothing changed: every result comes from the cache"
    assert warm == cold
    assert "number-duplicate" in warm  # cross-document checks still run on warm runs


def test_cli_output_identical_cold_and_warm(project):
    cold = run(["lint", "--format", "json"], cwd=project)
    assert (project / CACHE).is_dir()
    warm = run(["lint", "--format", "json"], cwd=project)
    nocache = run(["lint", "--format", "json", "--no-cache"], cwd=project)
    assert cold.returncode == warm.returncode == nocache.returncode == 1
    assert json.loads(cold.stdout) == json.loads(warm.stdout) == json.loads(nocache.stdout)
    assert cold.stdout == warm.stdout


def test_changing_a_file_invalidates_only_that_file(project, monkeypatch):
    calls = lint_file_calls(monkeypatch)
    lint(project, monkeypatch)
    target = project / "docs/adr/0002-todo.md"
    target.write_text(document("adr"), encoding="utf-8")
    out = lint(project, monkeypatch)
    assert calls[4:] == [os.path.join("docs", "adr", "0002-todo.md")]
    assert "TODO" not in out


def test_same_size_same_mtime_edit_is_still_seen(project, monkeypatch):
    """The key is the bytes' hash, not the file's size and mtime."""
    lint(project, monkeypatch)
    target = project / "docs/adr/0001-good.md"
    st = target.stat()
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("Accepted", "Acceptex"), encoding="utf-8")
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    out = lint(project, monkeypatch)
    assert "Acceptex" in out


def test_changing_the_config_invalidates(project, monkeypatch):
    calls = lint_file_calls(monkeypatch)
    before = lint(project, monkeypatch)
    (project / ".artifactkit.yaml").write_text("docs_root: docs\nrules:\n  section-placeholder: warning\n", encoding="utf-8")
    after = lint(project, monkeypatch)
    assert len(calls) == 8
    assert "error [section-placeholder]" in before and "warning [section-placeholder]" in after


def test_changing_a_schema_invalidates(tmp_path, monkeypatch):
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://example.com/note.schema.json",
        "type": "object", "properties": {"frontmatter": {"type": "object", "required": ["owner"]}},
    }
    write_tree(tmp_path, {
        ".artifactkit.yaml": "types:\n  note:\n    schema: note.schema.json\n",
        "note.schema.json": json.dumps(schema),
        "docs/a.md": "---\ntype: note\n---\n# A note\n",
    })
    calls = lint_file_calls(monkeypatch)
    first = lint(tmp_path, monkeypatch)
    assert "owner" in first
    schema["properties"]["frontmatter"]["required"] = []
    (tmp_path / "note.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    second = lint(tmp_path, monkeypatch)
    assert len(calls) == 2
    assert "owner" not in second


def test_corrupt_pack_is_ignored_and_rewritten(project, monkeypatch):
    calls = lint_file_calls(monkeypatch)
    cold = lint(project, monkeypatch)
    path = pack(project)
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])  # truncated mid-way
    assert lint(project, monkeypatch) == cold
    assert len(calls) == 8
    assert len(read_entries(pack(project))) == 4  # rewritten whole
    assert lint(project, monkeypatch) == cold
    assert len(calls) == 8


# An index entry is [sha256, size, mtime_ns, written_ns, row]; the row is
# [type, number, skipped, title, frontmatter, problems, outline, locations].
@pytest.mark.parametrize("damage", [
    lambda row: row.__setitem__(5, [["x", "one", 1, "error", "r", "m", None]]),  # wrong type
    lambda row: row.append(1),  # fields the code does not have
    lambda row: row.pop(5),
    lambda row: row.__setitem__(6, {"nonsense": 1}),
    lambda row: row.__setitem__(7, {"zz": []}),
])
def test_corrupt_entry_is_ignored_and_rewritten(project, monkeypatch, damage):
    calls = lint_file_calls(monkeypatch)
    cold = lint(project, monkeypatch)
    path = pack(project)
    entries = read_entries(path)
    slot = next(k for k in entries if "0002-todo" in k)
    damage(entries[slot][4])
    write_entries(path, entries)
    assert lint(project, monkeypatch) == cold
    assert calls[4:] == [os.path.join("docs", "adr", "0002-todo.md")]
    assert lint(project, monkeypatch) == cold
    assert len(calls) == 5  # the rewritten entry is used again


def test_forged_entry_with_wrong_hash_is_not_used(project, monkeypatch):
    lint(project, monkeypatch)
    path = pack(project)
    entries = read_entries(path)
    for entry in entries.values():
        # A forger cannot know a fresh checkout's mtime_ns, so the bytes are hashed and compared.
        entry[0], entry[2] = "0" * 64, 1
        entry[4][5] = []
    write_entries(path, entries)
    assert "section-placeholder" in lint(project, monkeypatch)


def test_no_cache_neither_reads_nor_writes(project, monkeypatch):
    proc = run(["lint", "--no-cache"], cwd=project)
    assert proc.returncode == 1
    assert not (project / CACHE).exists()
    calls = lint_file_calls(monkeypatch)
    lint(project, monkeypatch)
    lint(project, monkeypatch, use_cache=False)
    assert len(calls) == 8


def test_read_only_cache_folder_does_not_break_lint(project, monkeypatch):
    (project / CACHE).write_text("not a folder", encoding="utf-8")
    proc = run(["lint"], cwd=project)
    assert proc.returncode == 1
    assert "section-placeholder" in proc.stdout


def test_cache_folder_ignores_itself_in_git(project):
    run(["lint"], cwd=project)
    assert (project / CACHE / ".gitignore").read_text().strip().endswith("*")


def _same_size_edit(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    edited = text.replace("The primary database", "The PRIMARY database", 1)
    assert len(edited) == len(text) and edited != text
    path.write_text(edited, encoding="utf-8")


def test_same_size_edit_in_the_racy_window_is_hashed_and_seen(project, monkeypatch):
    calls = lint_file_calls(monkeypatch)
    lint(project, monkeypatch)
    target = project / "docs" / "adr" / "0001-good.md"
    before = os.stat(target)
    _same_size_edit(target)
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same mtime...
    lint(project, monkeypatch)
    # ...but modified within 2 s of the pack's writing, so its bytes were hashed and it was linted again
    assert calls[4:] == [os.path.join("docs", "adr", "0001-good.md")]


def test_unchanged_old_files_are_not_read_again(project, monkeypatch):
    old = 1_600_000_000_000_000_000  # 2020: far outside the racy window
    for path in (project / "docs").rglob("*.md"):
        os.utime(path, ns=(old, old))
    calls = lint_file_calls(monkeypatch)
    cold = lint(project, monkeypatch)
    target = project / "docs" / "adr" / "0001-good.md"
    _same_size_edit(target)
    os.utime(target, ns=(old, old))
    # Like git's index: same size and an old, unchanged mtime are trusted without reading the file.
    assert lint(project, monkeypatch) == cold and len(calls) == 4
    os.utime(target, None)  # any real edit moves the mtime, and the file is read and linted again
    lint(project, monkeypatch)
    assert calls[4:] == [os.path.join("docs", "adr", "0001-good.md")]


def test_the_package_fingerprint_covers_the_native_extension(tmp_path):
    """The extension reads YAML, Markdown and schemas: rebuilding it must invalidate cached results."""
    from artifactkit import _native
    from artifactkit.io.fingerprint import source_fingerprint, tree_fingerprint

    assert os.path.basename(_native.__file__) in source_fingerprint()
    write_tree(tmp_path, {"a.py": "x", "b.abi3.so": "x", "c.pyd": "x", "d.txt": "x"})
    assert [part.split(":")[0] for part in tree_fingerprint(str(tmp_path), (".py", ".so", ".pyd")).split("|")] == ["a.py", "b.abi3.so", "c.pyd"]
