"""``artifactkit baseline`` and lint against it: old findings accepted, new ones fail, gone ones
reported so the file shrinks, ``--no-baseline`` shows everything."""

from __future__ import annotations

import json

from conftest import lint_json, run, write_tree
from docfactory import document

OLD = "docs/adr/0001-old.md"
NEW = "docs/adr/0002-new.md"
BASELINE = ".artifactkit-baseline.json"


def repo(tmp_path):
    write_tree(tmp_path, {OLD: document("adr", {"decision": "TODO\n", "alternatives": None}), ".artifactkit.yaml": "docs_root: docs\n"})
    proc = run(["baseline"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "wrote 2 findings" in proc.stdout
    return tmp_path


def test_baseline_file_holds_fingerprints_without_line_numbers(tmp_path):
    repo(tmp_path)
    data = json.loads((tmp_path / BASELINE).read_text(encoding="utf-8"))
    entries = data["findings"]
    assert sorted((e["path"], e["rule"], e["section"]) for e in entries) == [(OLD, "section-missing", "Alternatives"), (OLD, "section-placeholder", "Decision")]
    assert all("line" not in e for e in entries)


def test_lint_fails_only_on_new_findings_and_no_baseline_shows_all(tmp_path):
    repo(tmp_path)
    proc = run(["lint"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert "no problems" in proc.stdout and "2 findings in .artifactkit-baseline.json not shown" in proc.stderr
    write_tree(tmp_path, {NEW: document("adr", {"context": "TBD\n"})})
    code, problems = lint_json([], tmp_path)
    assert code == 1 and [(p["path"], p["rule"]) for p in problems] == [(NEW, "section-placeholder")]
    code, problems = lint_json([], tmp_path, "--no-baseline")
    assert code == 1 and len(problems) == 3


def test_findings_survive_lines_moving(tmp_path):
    repo(tmp_path)
    path = tmp_path / OLD
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("# A complete adr\n", "# A complete adr\n\nSome new\nintroductory\nlines.\n"), encoding="utf-8")
    proc = run(["lint"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout


def test_a_fixed_finding_is_reported_gone_and_baseline_shrinks_the_file(tmp_path):
    repo(tmp_path)
    path = tmp_path / OLD
    path.write_text(path.read_text(encoding="utf-8").replace("TODO\n", "We will run PostgreSQL 16 with a pool in front.\n"), encoding="utf-8")
    proc = run(["lint"], cwd=tmp_path)
    assert proc.returncode == 0
    assert "1 baseline entry no longer found" in proc.stderr and "[section-placeholder]" in proc.stderr
    run(["baseline"], cwd=tmp_path)
    entries = json.loads((tmp_path / BASELINE).read_text(encoding="utf-8"))["findings"]
    assert [e["rule"] for e in entries] == ["section-missing"]
    assert "no longer found" not in run(["lint"], cwd=tmp_path).stderr


def test_a_repeated_finding_is_counted(tmp_path):
    """Two identical findings in the baseline accept two, not a third added later."""
    text = document("adr") + "\n## Notes\n\nOne.\n\n## Notes\n\nTwo.\n"
    write_tree(tmp_path, {OLD: text})
    run(["baseline"], cwd=tmp_path)
    assert run(["lint"], cwd=tmp_path).returncode == 0
    (tmp_path / OLD).write_text(text + "\n## Notes\n\nThree.\n", encoding="utf-8")
    code, problems = lint_json([], tmp_path)
    assert [p["rule"] for p in problems] == ["heading-duplicate"]


def test_a_broken_baseline_file_is_a_one_line_error(tmp_path):
    repo(tmp_path)
    (tmp_path / BASELINE).write_text("{not json", encoding="utf-8")
    proc = run(["lint"], cwd=tmp_path)
    assert proc.returncode == 2 and "not a baseline file" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_a_run_on_some_files_keeps_and_does_not_report_the_other_files_entries(tmp_path):
    repo(tmp_path)
    write_tree(tmp_path, {NEW: document("adr", {"context": "TBD\n"})})
    proc = run(["baseline", NEW], cwd=tmp_path)
    assert proc.returncode == 0
    entries = json.loads((tmp_path / BASELINE).read_text(encoding="utf-8"))["findings"]
    assert sorted({e["path"] for e in entries}) == [OLD, NEW]
    proc = run(["lint", NEW], cwd=tmp_path)
    assert proc.returncode == 0 and "no longer found" not in proc.stderr
    (tmp_path / OLD).unlink()
    proc = run(["lint", NEW], cwd=tmp_path)
    assert "2 baseline entries no longer found" in proc.stderr  # its file is gone
