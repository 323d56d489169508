"""``artifactkit lint --fix`` and ``--diff``, run as a user runs them on real files: what is
inserted, renamed and respelt, and that nothing a person wrote changes."""

from __future__ import annotations

import difflib

from conftest import lint_json, run, write_tree
from docfactory import TEXT, document

ADR = "docs/adr/0001-use-postgres.md"


def broken_adr() -> str:
    """A filled ADR with a lower-case status, a misspelt "Consequences" heading and no Alternatives."""
    text = document("adr", {"alternatives": None}).replace("status: Accepted", "status: accepted")
    return text.replace("## Consequences\n", "## Consequence\n")


def headings(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("## ")]


def test_fix_renames_inserts_and_respells_and_keeps_every_written_line(tmp_path):
    before = broken_adr()
    write_tree(tmp_path, {ADR: before})
    code, problems = lint_json([ADR], tmp_path)
    assert code == 1
    assert sorted((p["rule"], p["level"]) for p in problems) == [("section-missing", "error"), ("section-missing", "error"), ("status-case", "warning")]

    proc = run(["lint", "--fix", ADR], cwd=tmp_path)
    after = (tmp_path / ADR).read_text(encoding="utf-8")
    assert "status: Accepted\n" in after
    assert headings(after) == ["## Context", "## Decision", "## Consequences", "## Alternatives"]
    assert "## Alternatives\n\n_List the other options you considered and why you did not choose them._\n" in after
    removed = [line[2:] for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line.startswith("- ")]
    assert removed == ["status: accepted", "## Consequence"]  # respelt and renamed; every other line kept
    # what is left is the inserted hint, which a person still has to replace
    assert proc.returncode == 1 and "[section-placeholder]" in proc.stdout and "[section-missing]" not in proc.stdout
    assert "fixed docs/adr/0001-use-postgres.md" in proc.stderr


def test_diff_previews_the_same_change_and_writes_nothing(tmp_path):
    write_tree(tmp_path, {ADR: broken_adr()})
    original = (tmp_path / ADR).read_bytes()
    proc = run(["lint", "--diff"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / ADR).read_bytes() == original
    assert proc.stdout.startswith(f"--- a/{ADR}\n+++ b/{ADR}\n")
    assert "-status: accepted\n+status: Accepted\n" in proc.stdout
    assert "-## Consequence\n+## Consequences\n" in proc.stdout
    assert "+## Alternatives\n" in proc.stdout
    # applying the previewed diff gives what --fix writes
    import subprocess

    applied = tmp_path / "applied"
    applied.mkdir()
    write_tree(applied, {ADR: broken_adr()})
    subprocess.run(["git", "apply", "-p1"], cwd=applied, input=proc.stdout, text=True, check=True)
    run(["lint", "--fix", ADR], cwd=tmp_path)
    assert (applied / ADR).read_bytes() == (tmp_path / ADR).read_bytes()


def test_missing_sections_go_in_schema_order_at_the_right_place(tmp_path):
    # with the status respelt the findings go down, so the insertions are kept
    text = document("adr", {"context": None, "consequences": None}).replace("status: Accepted", "status: accepted")
    write_tree(tmp_path, {ADR: text})
    run(["lint", "--fix", ADR], cwd=tmp_path)
    after = (tmp_path / ADR).read_text(encoding="utf-8")
    assert headings(after) == ["## Context", "## Decision", "## Consequences", "## Alternatives"]
    assert after.count(TEXT) == text.count(TEXT)
    assert "\n\n\n" not in after


def test_a_fix_that_would_not_lower_the_findings_leaves_the_file_alone(tmp_path):
    text = document("adr", {"alternatives": None})  # inserting it trades "missing" for "write it"
    write_tree(tmp_path, {ADR: text})
    proc = run(["lint", "--fix", ADR], cwd=tmp_path)
    assert (tmp_path / ADR).read_text(encoding="utf-8") == text
    assert "findings would stay at 1" in proc.stderr and "[section-missing]" in proc.stdout


def test_crlf_and_bom_and_comments_in_front_matter_survive(tmp_path):
    text = broken_adr().replace("status: accepted\n", "status: accepted  # agreed on Monday\n").replace("\n", "\r\n")
    write_tree(tmp_path, {ADR: b"\xef\xbb\xbf" + text.encode("utf-8")})
    run(["lint", "--fix", ADR], cwd=tmp_path)
    data = (tmp_path / ADR).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"status: Accepted  # agreed on Monday\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_an_unknown_status_is_not_guessed_and_a_switched_off_rule_is_not_fixed(tmp_path):
    text = document("adr", {"alternatives": None}).replace("status: Accepted", "status: agreed")
    write_tree(tmp_path, {ADR: text, ".artifactkit.yaml": "rules:\n  section-missing: off\n"})
    proc = run(["lint", "--fix", ADR], cwd=tmp_path)
    assert (tmp_path / ADR).read_text(encoding="utf-8") == text
    assert proc.returncode == 1 and "[frontmatter-invalid]" in proc.stdout and "fixed" not in proc.stderr


def test_a_disable_comment_keeps_its_section_out_of_the_fix(tmp_path):
    text = document("adr", {"alternatives": None}).replace("status: Accepted", "status: accepted")
    text = text.replace("---\n# ", "---\n<!-- artifactkit-disable section-missing -->\n# ")
    write_tree(tmp_path, {ADR: text})
    proc = run(["lint", "--fix", ADR], cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / ADR).read_text(encoding="utf-8") == text.replace("status: accepted", "status: Accepted")


def test_a_case_only_status_is_one_warning_everywhere(tmp_path):
    """lint warns (exit 0), list --status finds it, status moves it on from the status it names."""
    text = document("adr").replace("status: Accepted", "status: accepted")
    write_tree(tmp_path, {ADR: text})
    code, problems = lint_json([ADR], tmp_path)
    assert code == 0 and [(p["rule"], p["level"], p["line"]) for p in problems] == [("status-case", "warning", 3)]
    listed = run(["list", "adr", "--status", "Accepted", "--format", "json"], cwd=tmp_path)
    assert listed.returncode == 0 and "0001-use-postgres.md" in listed.stdout
    moved = run(["status", "adr", "1", "superseded"], cwd=tmp_path)
    assert moved.returncode == 0, moved.stderr
    assert "status: Superseded" in (tmp_path / ADR).read_text(encoding="utf-8")
