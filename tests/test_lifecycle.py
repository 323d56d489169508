"""``artifactkit status`` and ``artifactkit supersede``, run as the command (``main`` in process) in real repos."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import lint_json, run, write_tree
from docfactory import document
from ruamel.yaml import YAML

CONFIG = "docs_root: docs\n"


def adr(status: str, date: str = "2026-11-23") -> str:
    text = document("adr")
    assert "status: Accepted\n" in text and "date: 2026-11-23\n" in text
    return text.replace("status: Accepted\n", f"status: {status}\n").replace("date: 2026-11-23\n", f"date: {date}\n")


COMMENTED = """\
---
# Front matter of ADR 7 — comments, quoting and key order must survive edits.
type: adr        # built-in type
status: "Proposed"   # moved by `artifactkit status`
date: 2026-11-23
deciders:
  - Ada Lovelace   # chair
  - Grace Hopper

tags: [storage, 'db']  # flow style stays flow style
---
"""


def commented_adr() -> str:
    body = document("adr").split("---\n", 2)[2]
    return COMMENTED + body


def frontmatter(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8").split("---\n")[1])


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(a) == len(b), (before, after)
    return [(x, y) for x, y in zip(a, b) if x != y]


@pytest.fixture
def repo(git_repo: Path) -> Path:
    write_tree(git_repo, {
        ".artifactkit.yaml": CONFIG,
        "docs/adr/0001-use-postgres.md": adr("Accepted", "2026-01-10"),
        "docs/adr/0002-use-kafka.md": adr("Proposed", "2026-02-10"),
        "docs/adr/0007-storage-engine.md": commented_adr(),
        "docs/runbooks/db.md": document("runbook"),
    })
    return git_repo


# --- status ------------------------------------------------------------------------------------


def test_status_by_type_and_number_changes_only_the_value(repo):
    path = repo / "docs/adr/0007-storage-engine.md"
    before = path.read_text(encoding="utf-8")
    inode = os.stat(path).st_ino
    proc = run(["status", "adr", "7", "Accepted"], cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert "docs/adr/0007-storage-engine.md" in proc.stdout and "Proposed -> Accepted" in proc.stdout
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [('status: "Proposed"   # moved by `artifactkit status`\n',
                                             'status: "Accepted"   # moved by `artifactkit status`\n')]
    assert os.stat(path).st_ino != inode  # replaced through a temporary file, not rewritten in place
    code, problems = lint_json(["docs/adr/0007-storage-engine.md"], repo)
    assert code == 0, problems


def test_status_by_path(repo):
    proc = run(["status", "docs/adr/0002-use-kafka.md", "Rejected"], cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert frontmatter(repo / "docs/adr/0002-use-kafka.md")["status"] == "Rejected"


def test_status_from_a_subfolder_by_number(repo):
    proc = run(["status", "adr", "0002", "accepted"], cwd=repo / "docs")  # number with zeros, status in any case
    assert proc.returncode == 0, proc.stderr
    assert frontmatter(repo / "docs/adr/0002-use-kafka.md")["status"] == "Accepted"


def test_forbidden_transition_exits_1_and_leaves_the_file_alone(repo):
    path = repo / "docs/adr/0007-storage-engine.md"
    before = path.read_bytes()
    proc = run(["status", "adr", "7", "Deprecated"], cwd=repo)
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1
    assert "cannot change status from Proposed to Deprecated" in proc.stderr
    assert "allowed from Proposed: Accepted, Rejected" in proc.stderr
    assert path.read_bytes() == before


def test_final_status_allows_nothing(repo):
    run(["status", "adr", "2", "Rejected"], cwd=repo)
    path = repo / "docs/adr/0002-use-kafka.md"
    before = path.read_bytes()
    proc = run(["status", "adr", "2", "Accepted"], cwd=repo)
    assert proc.returncode == 1
    assert "Rejected is final" in proc.stderr
    assert path.read_bytes() == before


def test_force_skips_the_transition_check(repo):
    proc = run(["status", "adr", "7", "Deprecated", "--force"], cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert frontmatter(repo / "docs/adr/0007-storage-engine.md")["status"] == "Deprecated"


def test_unknown_status_exits_2(repo):
    path = repo / "docs/adr/0007-storage-engine.md"
    before = path.read_bytes()
    proc = run(["status", "adr", "7", "Approved"], cwd=repo)
    assert proc.returncode == 2
    assert "unknown adr status 'Approved'" in proc.stderr
    assert "Proposed, Accepted, Rejected, Deprecated, Superseded" in proc.stderr
    assert path.read_bytes() == before


def test_same_status_is_a_no_op(repo):
    path = repo / "docs/adr/0001-use-postgres.md"
    before = path.read_bytes()
    proc = run(["status", "adr", "1", "Accepted"], cwd=repo)
    assert proc.returncode == 0
    assert "already Accepted" in proc.stdout
    assert path.read_bytes() == before


def test_type_without_a_status_field_is_a_clear_error(repo):
    before = (repo / "docs/runbooks/db.md").read_bytes()
    proc = run(["status", "docs/runbooks/db.md", "Done"], cwd=repo)
    assert proc.returncode == 2
    assert "runbook documents have no status field" in proc.stderr
    assert (repo / "docs/runbooks/db.md").read_bytes() == before


@pytest.mark.parametrize("args, message", [
    (["adr", "9", "Accepted"], "no adr number 9"),
    (["memo", "1", "Accepted"], "unknown document type 'memo'"),
    (["runbook", "1", "Accepted"], "not numbered"),
    (["adr", "seven", "Accepted"], "not a number"),
    (["docs/adr/0099-nope.md", "Accepted"], "no such file"),
    (["Accepted"], "give a document and a status"),
    (["a", "b", "c", "d"], "give a document and a status"),
])
def test_bad_document_references_exit_2(repo, args, message):
    proc = run(["status", *args], cwd=repo)
    assert proc.returncode == 2, proc.stdout
    assert message in proc.stderr


def test_transitions_come_from_the_config(repo):
    write_tree(repo, {".artifactkit.yaml": CONFIG + "types:\n  adr:\n    extends: adr\n    transitions:\n"
                                                     "      Proposed: [Accepted, Rejected, Superseded]\n      Accepted: [Superseded]\n"})
    assert run(["status", "adr", "1", "Deprecated"], cwd=repo).returncode == 1  # no longer allowed
    proc = run(["status", "adr", "2", "Superseded"], cwd=repo)  # newly allowed
    assert proc.returncode == 0, proc.stderr


def test_crlf_file_keeps_its_line_endings(repo):
    path = repo / "docs/adr/0002-use-kafka.md"
    path.write_bytes(adr("Proposed").replace("\n", "\r\n").encode())
    before = path.read_bytes()
    assert run(["status", "adr", "2", "Accepted"], cwd=repo).returncode == 0
    after = path.read_bytes()
    assert after == before.replace(b"status: Proposed\r\n", b"status: Accepted\r\n")


def test_invalid_front_matter_is_not_touched(repo):
    path = repo / "docs/adr/0002-use-kafka.md"
    path.write_text("---\ntype: adr\nstatus: [Proposed\n---\n# Broken\n", encoding="utf-8")
    before = path.read_bytes()
    proc = run(["status", "docs/adr/0002-use-kafka.md", "Accepted"], cwd=repo)
    assert proc.returncode == 2
    assert "not valid YAML" in proc.stderr
    assert path.read_bytes() == before


# --- supersede ---------------------------------------------------------------------------------


def test_supersede_links_both_ways_and_marks_the_old_one(repo):
    write_tree(repo, {"docs/adr/0003-use-cockroach.md": adr("Accepted", "2026-03-01")})
    proc = run(["supersede", "1", "3"], cwd=repo)
    assert proc.returncode == 0, proc.stderr
    old, new = frontmatter(repo / "docs/adr/0001-use-postgres.md"), frontmatter(repo / "docs/adr/0003-use-cockroach.md")
    assert old["status"] == "Superseded" and old["superseded_by"] == 3 and isinstance(old["superseded_by"], int)
    assert new["supersedes"] == 1 and isinstance(new["supersedes"], int)
    assert new["status"] == "Accepted"
    code, problems = lint_json(["docs/adr"], repo)
    assert code == 0, problems
    # running it again changes nothing
    before = [(repo / p).read_bytes() for p in ("docs/adr/0001-use-postgres.md", "docs/adr/0003-use-cockroach.md")]
    proc = run(["supersede", "1", "3"], cwd=repo)
    assert proc.returncode == 0 and "nothing to change" in proc.stdout
    assert [(repo / p).read_bytes() for p in ("docs/adr/0001-use-postgres.md", "docs/adr/0003-use-cockroach.md")] == before


def test_supersede_keeps_comments_of_both_files(repo):
    run(["status", "adr", "7", "Accepted"], cwd=repo)
    path = repo / "docs/adr/0007-storage-engine.md"
    before = path.read_text(encoding="utf-8")
    write_tree(repo, {"docs/adr/0008-new-engine.md": adr("Accepted")})
    proc = run(["supersede", "docs/adr/0007-storage-engine.md", "docs/adr/0008-new-engine.md"], cwd=repo)
    assert proc.returncode == 0, proc.stderr
    after = path.read_text(encoding="utf-8").splitlines(keepends=True)
    expected = before.replace('status: "Accepted"', 'status: "Superseded"').splitlines(keepends=True)
    closing = expected.index("---\n", 1)
    expected.insert(closing, "superseded_by: 8\n")
    assert after == expected


def test_supersede_from_proposed_is_refused_and_changes_nothing(repo):
    write_tree(repo, {"docs/adr/0003-use-cockroach.md": adr("Accepted")})
    paths = [repo / "docs/adr/0002-use-kafka.md", repo / "docs/adr/0003-use-cockroach.md"]
    before = [p.read_bytes() for p in paths]
    proc = run(["supersede", "2", "3"], cwd=repo)
    assert proc.returncode == 1
    assert "cannot change status from Proposed to Superseded" in proc.stderr
    assert "allowed from Proposed: Accepted, Rejected" in proc.stderr
    assert [p.read_bytes() for p in paths] == before


def test_supersede_refuses_a_second_successor(repo):
    write_tree(repo, {"docs/adr/0003-a.md": adr("Accepted"), "docs/adr/0004-b.md": adr("Accepted")})
    assert run(["supersede", "1", "3"], cwd=repo).returncode == 0
    proc = run(["supersede", "1", "4"], cwd=repo)
    assert proc.returncode == 1
    assert "already superseded by 3" in proc.stderr
    assert "supersedes" not in frontmatter(repo / "docs/adr/0004-b.md")


@pytest.mark.parametrize("args, message", [
    (["1", "1"], "cannot supersede itself"),
    (["1", "9"], "no adr number 9"),
    (["1", "docs/runbooks/db.md"], "can only supersede one of its own type"),
])
def test_supersede_bad_arguments_exit_2(repo, args, message):
    proc = run(["supersede", *args], cwd=repo)
    assert proc.returncode == 2
    assert message in proc.stderr


def test_supersede_runbooks_is_refused(repo):
    write_tree(repo, {"docs/runbooks/other.md": document("runbook")})
    proc = run(["supersede", "docs/runbooks/db.md", "docs/runbooks/other.md"], cwd=repo)
    assert proc.returncode == 2
    assert "no status field" in proc.stderr
