"""The result cache: hits give identical output, any input change invalidates, corruption is ignored."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import run, write_tree
from docfactory import document

from artifactkit import linter

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


def counting(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = linter.lint_file

    def spy(path, config, *a, **k):
        calls.append(path)
        return real(path, config, *a, **k)

    monkeypatch.setattr(linter, "lint_file", spy)
    return calls


def lint(project, monkeypatch, **kw):
    from artifactkit.config import load_config
    from artifactkit.reporters import text
    import io

    monkeypatch.chdir(project)
    result = linter.lint_paths(["docs"], load_config(), jobs=1, use_cache=kw.get("use_cache", True))
    out = io.StringIO()
    text.report(result, out)
    return out.getvalue()


def pack(project) -> Path:
    files = list((project / CACHE).glob("results-*.json"))
    assert len(files) == 1
    return files[0]


def test_warm_run_reuses_results_and_reports_the_same(project, monkeypatch):
    calls = counting(monkeypatch)
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
    calls = counting(monkeypatch)
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
    calls = counting(monkeypatch)
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
    calls = counting(monkeypatch)
    first = lint(tmp_path, monkeypatch)
    assert "owner" in first
    schema["properties"]["frontmatter"]["required"] = []
    (tmp_path / "note.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    second = lint(tmp_path, monkeypatch)
    assert len(calls) == 2
    assert "owner" not in second


def test_corrupt_pack_is_ignored_and_rewritten(project, monkeypatch):
    calls = counting(monkeypatch)
    cold = lint(project, monkeypatch)
    path = pack(project)
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])  # truncated mid-way
    assert lint(project, monkeypatch) == cold
    assert len(calls) == 8
    json.loads(pack(project).read_text(encoding="utf-8"))  # rewritten whole
    assert lint(project, monkeypatch) == cold
    assert len(calls) == 8


@pytest.mark.parametrize("damage", [
    lambda e: e.__setitem__("problems", [["x", "one", 1, "error", "r", "m", None]]),  # wrong type
    lambda e: e.__setitem__("unknown_field", 1),  # fields the code does not have
    lambda e: e.pop("problems"),
    lambda e: e.__setitem__("outline", {"nonsense": 1}),
    lambda e: e.__setitem__("locations", {"zz": []}),  # unknown tag
])
def test_corrupt_entry_is_ignored_and_rewritten(project, monkeypatch, damage):
    calls = counting(monkeypatch)
    cold = lint(project, monkeypatch)
    path = pack(project)
    data = json.loads(path.read_text(encoding="utf-8"))
    slot = next(k for k in data["entries"] if "0002-todo" in k)
    damage(data["entries"][slot][1])
    path.write_text(json.dumps(data), encoding="utf-8")
    assert lint(project, monkeypatch) == cold
    assert calls[4:] == [os.path.join("docs", "adr", "0002-todo.md")]
    assert lint(project, monkeypatch) == cold
    assert len(calls) == 5  # the rewritten entry is used again


def test_forged_entry_with_wrong_hash_is_not_used(project, monkeypatch):
    lint(project, monkeypatch)
    path = pack(project)
    data = json.loads(path.read_text(encoding="utf-8"))
    for entry in data["entries"].values():
        entry[0] = "0" * 64
        entry[1]["problems"] = []
    path.write_text(json.dumps(data), encoding="utf-8")
    assert "section-placeholder" in lint(project, monkeypatch)


def test_no_cache_neither_reads_nor_writes(project, monkeypatch):
    proc = run(["lint", "--no-cache"], cwd=project)
    assert proc.returncode == 1
    assert not (project / CACHE).exists()
    calls = counting(monkeypatch)
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
