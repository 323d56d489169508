"""``artifactkit new``: in real git repos with the command (``main`` in process; a few tests
through the installed command) and real Copier."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import artifactkit_exe, lint_json, run, run_installed, write_tree

TODAY = dt.date.today().isoformat()

# type -> (title, extra args, expected file name, sections the new document must report as unfilled)
CASES = {
    "adr": ("Use PostgreSQL", [], "0001-use-postgresql.md", {"Context", "Decision", "Consequences", "Alternatives"}),
    "rfc": ("Move to event sourcing", [], "0001-move-to-event-sourcing.md", {
        "Context", "Problem", "Options considered", "Option 1", "Option 2", "Recommendation", "API and UX changes",
        "Operational impact", "Rollout plan", "Open questions"}),
    "runbook": ("Database failover", ["--set", "service=orders-db"], "database-failover.md", {
        "Symptoms", "Impact", "Rollback or mitigation steps", "Investigation steps", "Contacts", "Related PRs and deploys",
        "Postmortem link"}),
    "postmortem": ("Checkout outage", [], f"{TODAY}-checkout-outage.md", {
        "Summary", "Impact", "Root causes", "Trigger", "Resolution", "Detection", "Action items", "Lessons learned", "Timeline"}),
    "one-on-one": ("Ada and Grace", ["--set", "participants=Test Author, Ada"], f"{TODAY}-ada-and-grace.md", {
        "Personal check-in", "Wins", "Blockers", "Career and growth", "Feedback", "Action items and next steps"}),
    "review-checklist": ("Add retries to the client", [], "add-retries-to-the-client.md", {
        "Purpose", "Tests", "Security", "Performance", "Maintainability", "Backward compatibility", "Documentation"}),
}
FOLDERS = {"adr": "docs/adr", "rfc": "docs/rfc", "runbook": "docs/runbooks", "postmortem": "docs/postmortems",
           "one-on-one": "docs/one-on-ones", "review-checklist": "docs/reviews"}


def new(repo: Path, *args, input: str | None = "", **kw):
    """``input=""`` makes stdin a pipe: the command must never wait for a prompt."""
    return run(["new", *args], cwd=repo, input=input, **kw)


def fill(text: str) -> str:
    """What a writer does: replace every hint line with real prose and tick every checklist item."""
    out = []
    section = None
    for line in text.splitlines(keepends=True):
        if line.startswith("## "):
            section = line[3:].strip()
        if re.fullmatch(r"_[^_].*_\n?", line):
            if section == "Action items":
                line = "- Add an alert on queue depth (@ada, OPS-123, due 2099-12-31)\n"
            else:
                line = f"Real notes for {section or 'this part'} written by the team after the meeting.\n"
        out.append(line.replace("- [ ]", "- [x]"))
    return "".join(out)


@pytest.fixture
def initialised(git_repo: Path) -> Path:
    proc = run(["init"], cwd=git_repo)
    assert proc.returncode == 0, proc.stderr
    return git_repo


@pytest.mark.parametrize("doc_type", list(CASES))
def test_new_document_lists_exactly_its_unfilled_sections_then_passes_when_filled(initialised: Path, doc_type: str):
    title, extra, expected_name, sections = CASES[doc_type]
    proc = new(initialised, doc_type, title, "--no-input", *extra)
    assert proc.returncode == 0, proc.stderr
    rel = f"{FOLDERS[doc_type]}/{expected_name}"
    assert proc.stdout.strip() == rel
    path = initialised / rel
    text = path.read_text(encoding="utf-8")
    assert f"# {title}\n" in text
    assert f"type: {doc_type}\n" in text

    code, problems = lint_json([rel], initialised)
    assert code == 1
    assert {p["rule"] for p in problems} == {"section-placeholder"}, problems
    assert {p["section"] for p in problems} == sections
    assert len(problems) == len(sections)

    path.write_text(fill(text), encoding="utf-8")
    code, problems = lint_json([rel], initialised)
    assert (code, problems) == (0, [])
    # nothing but the document was written: no Copier answers file, no lock left behind
    leftovers = [p for p in initialised.rglob("*") if ".git" not in p.parts and (p.name.startswith(".copier") or p.suffix == ".lock")]
    assert leftovers == []


def test_new_fills_date_author_status_and_author_override(git_repo: Path):
    proc = new(git_repo, "rfc", "Split the monolith", "--no-input")
    assert proc.returncode == 0, proc.stderr
    text = (git_repo / "docs/rfc/0001-split-the-monolith.md").read_text()
    assert f"date: {TODAY}\n" in text
    assert 'authors: ["Test Author"]' in text  # from git config user.name
    assert 'status: "Draft"' in text  # the type's initial status
    proc = new(git_repo, "rfc", "Second", "--no-input", "--author", "Grace Hopper")
    assert proc.returncode == 0, proc.stderr
    assert 'authors: ["Grace Hopper"]' in (git_repo / "docs/rfc/0002-second.md").read_text()


def test_new_uses_the_folder_from_config(git_repo: Path):
    write_tree(git_repo, {".artifactkit.yaml": "types:\n  adr:\n    folder: architecture/decisions\n"})
    proc = new(git_repo, "adr", "Pick a queue", "--no-input")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "architecture/decisions/0001-pick-a-queue.md"
    assert (git_repo / "architecture/decisions/0001-pick-a-queue.md").is_file()


def test_new_from_a_subfolder_writes_relative_to_the_config(initialised: Path):
    sub = initialised / "src" / "deep"
    sub.mkdir(parents=True)
    proc = new(sub, "adr", "From below", "--no-input")
    assert proc.returncode == 0, proc.stderr
    assert (initialised / "docs/adr/0001-from-below.md").is_file()


def test_numbering_continues_after_the_highest_number_and_keeps_gaps(git_repo: Path):
    write_tree(git_repo, {"docs/adr/0001-first.md": "x", "docs/adr/0005-fifth.md": "y", "docs/adr/README.md": "z",
                          "docs/adr/notes-0099.md": "not numbered"})
    proc = new(git_repo, "adr", "Sixth", "--no-input")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "docs/adr/0006-sixth.md"


def test_numbering_collisions(git_repo: Path):
    # two files already share number 3; a lock file left by an older artifactkit holds nothing
    write_tree(git_repo, {"docs/adr/0003-a.md": "a", "docs/adr/0003-b.md": "b", "docs/adr/.artifactkit-0004.lock": "999"})
    proc = new(git_repo, "adr", "Next one", "--no-input")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "docs/adr/0004-next-one.md"
    # an explicit number that is taken is refused, whatever the slug
    before = sorted(p.name for p in (git_repo / "docs/adr").iterdir())
    proc = new(git_repo, "adr", "Other", "--no-input", "--set", "number=3")
    assert proc.returncode == 1
    assert "already used" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in (git_repo / "docs/adr").iterdir()) == before


def test_concurrent_runs_get_distinct_numbers(git_repo: Path):
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test Author"}
    procs = [subprocess.Popen([artifactkit_exe(), "new", "adr", f"Parallel {i}", "--no-input"], cwd=git_repo, env=env,
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(5)]
    results = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), results
    written = sorted(out.strip() for out, _ in results)
    numbers = sorted(int(Path(w).name[:4]) for w in written)
    assert numbers == [1, 2, 3, 4, 5]
    assert sorted(p.name for p in (git_repo / "docs/adr").iterdir()) == sorted(Path(w).name for w in written)


def test_refuses_to_overwrite(git_repo: Path):
    proc = new(git_repo, "runbook", "Disk full", "--no-input", "--set", "service=api")
    assert proc.returncode == 0, proc.stderr
    target = git_repo / "docs/runbooks/disk-full.md"
    target.write_bytes(target.read_bytes() + b"\nmy edits\n")
    before = target.read_bytes()
    proc = new(git_repo, "runbook", "Disk full", "--no-input", "--set", "service=api")
    assert proc.returncode == 1
    assert "already exists" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert target.read_bytes() == before
    # the same for a date-named document
    assert new(git_repo, "postmortem", "Outage", "--no-input").returncode == 0
    assert new(git_repo, "postmortem", "Outage", "--no-input").returncode == 1


@pytest.mark.parametrize(
    "title, expected",
    [
        ("../../etc/passwd", "etc-passwd.md"),
        ("a/b\\c", "a-b-c.md"),
        ("tab\there\x07bell\x1b[31m", "tab-herebell-31m.md"),
        ("🚀 Launch 🚀 day", "launch-day.md"),
        ("Café naïve résumé", "cafe-naive-resume.md"),
        ("--rm -rf *", "rm-rf.md"),
        (".hidden", "hidden.md"),
        ("word " * 100, None),
    ],
)
def test_titles_become_safe_file_names(git_repo: Path, title: str, expected: str | None):
    proc = new(git_repo, "runbook", "--no-input", "--set", "service=api", "--", title)
    assert proc.returncode == 0, proc.stderr
    path = git_repo / proc.stdout.strip()
    assert path.parent == git_repo / "docs/runbooks"
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*\.md", path.name)
    assert len(path.stem) <= 60
    if expected:
        assert path.name == expected
    else:
        assert path.stem.startswith("word-word") and not path.stem.endswith("-")
    heading = next(line for line in path.read_text().splitlines() if line.startswith("# "))
    clean = "".join(" " if c in "\t\n" else c for c in title if c in "\t\n" or ord(c) >= 32 and c != "\x7f")
    assert heading == "# " + " ".join(clean.split())  # the user's words, minus control characters
    assert [p for p in git_repo.rglob("*") if ".git" not in p.parts and p.is_file()] == [path]


@pytest.mark.parametrize("title, message", [("", "title is empty"), ("   \t ", "title is empty"), ("🚀🔥", "no letters or digits"), ("\x00\x01", "title is empty")])
def test_unusable_titles_are_a_one_line_error(git_repo: Path, title: str, message: str):
    proc = new(git_repo, "adr", title, "--no-input", check_no_traceback=True) if "\x00" not in title else None
    if proc is None:  # a NUL can't be passed in argv; --set can carry the other control characters
        proc = new(git_repo, "adr", "--no-input", "--set", "title=\x01\x02")
    assert proc.returncode == 2
    assert message in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not (git_repo / "docs").exists()


def test_an_explicit_slug_allows_any_title(git_repo: Path):
    proc = new(git_repo, "adr", "🚀🔥", "--no-input", "--set", "slug=launch")
    assert proc.returncode == 0, proc.stderr
    assert "# 🚀🔥\n" in (git_repo / "docs/adr/0001-launch.md").read_text()
    proc = new(git_repo, "adr", "X", "--no-input", "--set", "slug=../etc")
    assert proc.returncode == 2 and "invalid slug" in proc.stderr


def test_missing_required_answer_without_a_tty_is_a_one_line_error(git_repo: Path):
    # the installed command, its stdin a real pipe, no --no-input
    proc = run_installed(["new", "runbook", "No service given"], cwd=git_repo, input="")
    assert proc.returncode == 2
    assert proc.stderr.strip() == "artifactkit: error: missing answer for 'service' — pass --set service=VALUE"
    assert not (git_repo / "docs/runbooks").exists() or not any((git_repo / "docs/runbooks").iterdir())
    proc = new(git_repo, "adr")  # no title at all
    assert proc.returncode == 2 and "missing title" in proc.stderr


def test_set_answers_questions_and_rejects_unknown_or_invalid_ones(git_repo: Path):
    proc = new(git_repo, "runbook", "Cache stampede", "--no-input", "--set", "service=cache", "--set", "owner=SRE team",
               "--set", "severity=SEV1", "--set", "date=2024-02-29")
    assert proc.returncode == 0, proc.stderr
    text = (git_repo / "docs/runbooks/cache-stampede.md").read_text()
    assert 'owner: "SRE team"' in text and 'severity: "SEV1"' in text and "last_reviewed: 2024-02-29" in text
    proc = new(git_repo, "adr", "X", "--no-input", "--set", "colour=blue")
    assert proc.returncode == 2 and "no such question" in proc.stderr
    proc = new(git_repo, "adr", "X", "--no-input", "--set", "status=Maybe")
    assert proc.returncode == 2 and "status" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    proc = new(git_repo, "adr", "X", "--no-input", "--set", "date=yesterday")
    assert proc.returncode == 2 and "YYYY-MM-DD" in proc.stderr
    proc = new(git_repo, "adr", "X", "--no-input", "--set", "novalue")
    assert proc.returncode == 2 and "KEY=VALUE" in proc.stderr
    proc = new(git_repo, "memo", "X", "--no-input")
    assert proc.returncode == 2 and "unknown document type 'memo'" in proc.stderr
    assert not (git_repo / "docs/adr").exists() or not any((git_repo / "docs/adr").iterdir())


def test_date_named_documents_use_the_given_date(git_repo: Path):
    proc = new(git_repo, "one-on-one", "Weekly", "--no-input", "--set", "date=2024-03-05", "--set", "participants=A, B")
    assert proc.stdout.strip() == "docs/one-on-ones/2024-03-05-weekly.md"


def test_review_checklist_by_pr_number(git_repo: Path):
    proc = new(git_repo, "review-checklist", "--pr", "42", "--no-input")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "docs/reviews/pr-42.md"
    text = (git_repo / "docs/reviews/pr-42.md").read_text()
    assert "pr: 42\n" in text and "# Review of PR #42\n" in text
    assert new(git_repo, "review-checklist", "--pr", "42", "--no-input").returncode == 1


def test_dry_run_shows_path_and_content_and_writes_nothing(git_repo: Path):
    write_tree(git_repo, {"docs/adr/0002-old.md": "x"})
    proc = new(git_repo, "adr", "Try it", "--no-input", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    first, _, content = proc.stdout.partition("\n")
    assert first == "would create docs/adr/0003-try-it.md"
    assert "# Try it\n" in content and "## Decision" in content
    assert sorted(p.name for p in (git_repo / "docs/adr").iterdir()) == ["0002-old.md"]


OLD_ADR = """---
# Decision record, keep the comments
type: adr
status: Accepted   # agreed in the architecture review
date: 2024-01-10
deciders:
    - Ada    # lead
    - 'Grace'
tags: [storage, "db"]
---

# Use MySQL

## Context

status: this line is body text, not front matter
We had MySQL.

## Decision

We use MySQL.
"""


def test_supersedes_links_both_documents_and_keeps_the_old_file_bytes(git_repo: Path):
    write_tree(git_repo, {"docs/adr/0003-use-mysql.md": OLD_ADR.replace("\n", "\r\n")})
    old = git_repo / "docs/adr/0003-use-mysql.md"
    before = old.read_bytes()
    proc = new(git_repo, "adr", "Use PostgreSQL", "--no-input", "--supersedes", "3")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "docs/adr/0004-use-postgresql.md"
    new_text = (git_repo / "docs/adr/0004-use-postgresql.md").read_text()
    assert "\nsupersedes: 3\n" in new_text
    after = old.read_bytes()
    b_lines, a_lines = before.split(b"\r\n"), after.split(b"\r\n")
    assert a_lines[3] == b"status: Superseded   # agreed in the architecture review"
    assert a_lines[9] == b"superseded_by: 4"
    assert a_lines[:3] + a_lines[4:9] + a_lines[10:] == b_lines[:3] + b_lines[4:]
    code, problems = lint_json(["docs/adr/0003-use-mysql.md"], git_repo)
    assert not [p for p in problems if p["rule"].startswith("frontmatter")]


def test_supersedes_errors(git_repo: Path):
    proc = new(git_repo, "adr", "X", "--no-input", "--supersedes", "9")
    assert proc.returncode == 2 and "no adr numbered 9" in proc.stderr
    assert not any((git_repo / "docs/adr").glob("*.md")) if (git_repo / "docs/adr").exists() else True
    proc = new(git_repo, "runbook", "X", "--no-input", "--set", "service=a", "--supersedes", "1")
    assert proc.returncode == 2 and "--supersedes" in proc.stderr
    write_tree(git_repo, {"docs/adr/0001-broken.md": "---\nstatus: [unclosed\n---\n# B\n"})
    proc = new(git_repo, "adr", "Y", "--no-input", "--supersedes", "1")
    assert proc.returncode == 2 and "not valid YAML" in proc.stderr
    assert sorted(p.name for p in (git_repo / "docs/adr").iterdir()) == ["0001-broken.md"]


def test_supersedes_respects_the_old_documents_status(git_repo: Path):
    write_tree(git_repo, {
        "docs/adr/0001-proposed.md": "---\ntype: adr\nstatus: Proposed\ndate: 2024-01-01\n---\n# P\n",
        "docs/adr/0002-done.md": "---\ntype: adr\nstatus: Superseded\nsuperseded_by: 3\ndate: 2024-01-01\n---\n# D\n",
        "docs/adr/0003-current.md": "---\ntype: adr\nstatus: Accepted\nsupersedes: 2\ndate: 2024-01-01\n---\n# C\n",
    })
    before = {p.name: p.read_bytes() for p in (git_repo / "docs/adr").iterdir()}
    proc = new(git_repo, "adr", "X", "--no-input", "--supersedes", "1")
    assert proc.returncode == 1 and "cannot become Superseded" in proc.stderr
    proc = new(git_repo, "adr", "X", "--no-input", "--supersedes", "2")
    assert proc.returncode == 1 and "already superseded" in proc.stderr
    assert {p.name: p.read_bytes() for p in (git_repo / "docs/adr").iterdir()} == before
    proc = new(git_repo, "adr", "X", "--no-input", "--supersedes", "3", "--dry-run")
    assert proc.returncode == 0 and "would mark docs/adr/0003-current.md as Superseded by 4" in proc.stderr
    assert "\nsupersedes: 3\n" in proc.stdout
    assert {p.name: p.read_bytes() for p in (git_repo / "docs/adr").iterdir()} == before


def test_cli_import_does_not_load_copier():
    code = "import sys, artifactkit.cli as c; c.build_app(); bad = [m for m in ('copier', 'cookiecutter', 'jinja2') if m in sys.modules]; print(bad); sys.exit(1 if bad else 0)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# --- frontedit: the reusable front-matter editor ------------------------------------------------

def test_frontedit_changes_only_the_edited_lines(tmp_path: Path):
    from artifactkit.document.frontedit import (
        set_frontmatter_text,
        set_frontmatter_values,
    )

    path = tmp_path / "doc.md"
    path.write_bytes(OLD_ADR.encode())
    assert set_frontmatter_values(path, {"status": "Deprecated"}) is True
    assert path.read_text() == OLD_ADR.replace("status: Accepted   #", "status: Deprecated   #")
    assert set_frontmatter_values(path, {"status": "Deprecated"}) is False  # no change, no rewrite
    quoted = '---\nstatus: "Proposed"  # q\nx: 1\n---\nbody\n'
    assert set_frontmatter_text(quoted, {"status": "Accepted"}) == '---\nstatus: "Accepted"  # q\nx: 1\n---\nbody\n'
    assert set_frontmatter_text("---\nempty:\n---\n", {"empty": 3}) == "---\nempty: 3\n---\n"
    assert set_frontmatter_text("# no front matter\n", {"a": 1}) == "---\na: 1\n---\n# no front matter\n"
    assert set_frontmatter_text("---\na: [1, 2]\nb: 2\n---\n", {"a": ["x"]}) == "---\na: [x]\nb: 2\n---\n"  # a flow value stays flow
    assert set_frontmatter_text("\ufeff---\na: 1\n---\n", {"b": "needs: quoting"}) == "\ufeff---\na: 1\nb: 'needs: quoting'\n---\n"
