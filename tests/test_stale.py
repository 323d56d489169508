"""The ``review-stale`` warning: documents not reviewed within their type's review period.

"Today" is fixed with ARTIFACTKIT_TODAY so that the tests do not depend on the calendar.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run, write_tree
from docfactory import document, line_of

RUNBOOK = document("runbook")  # last_reviewed: 2026-11-01, review every 180 days (runbook schema)
DUE = "2027-04-30"


def stale(problems) -> list[dict]:
    return [p for p in problems if p["rule"] == "review-stale"]


@pytest.fixture
def repo(git_repo: Path) -> Path:
    write_tree(git_repo, {".artifactkit.yaml": "docs_root: docs\n", "docs/runbooks/db.md": RUNBOOK})
    return git_repo


def lint_on(repo: Path, today: str, *extra: str):
    proc = run(["lint", "--format", "json", *extra, "docs"], cwd=repo, env={"ARTIFACTKIT_TODAY": today})
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def test_stale_runbook_is_a_warning_at_the_field_line(repo):
    code, problems = lint_on(repo, "2027-06-01")
    assert code == 0  # a warning does not fail the run
    [problem] = stale(problems)
    assert problem["level"] == "warning"
    assert problem["path"] == "docs/runbooks/db.md"
    assert problem["line"] == line_of(RUNBOOK, "last_reviewed: 2026-11-01")
    assert problem["column"] == 1
    message = problem["message"]
    assert "212 days ago" in message and f"due on {DUE}" in message and "every 180 days" in message
    assert "last_reviewed" in message


@pytest.mark.parametrize("today, is_stale", [("2026-11-01", False), (DUE, False), ("2027-05-01", True), ("2026-01-01", False)])
def test_the_boundary_is_the_review_period(repo, today, is_stale):
    _, problems = lint_on(repo, today)
    assert bool(stale(problems)) is is_stale


def test_text_output(repo):
    proc = run(["lint", "docs"], cwd=repo, env={"ARTIFACTKIT_TODAY": "2027-06-01"})
    assert proc.returncode == 0
    line = line_of(RUNBOOK, "last_reviewed: 2026-11-01")
    assert f"docs/runbooks/db.md:{line}:1: warning [review-stale]" in proc.stdout


def test_the_date_change_is_seen_by_a_cached_run(repo):
    """The result cache must not keep yesterday's answer."""
    assert stale(lint_on(repo, "2027-01-01")[1]) == []
    assert len(stale(lint_on(repo, "2027-06-01")[1])) == 1
    assert stale(lint_on(repo, "2027-01-01")[1]) == []


def test_level_from_config_and_inline_disable(repo):
    write_tree(repo, {".artifactkit.yaml": "docs_root: docs\nrules:\n  review-stale: error\n"})
    code, problems = lint_on(repo, "2027-06-01")
    assert code == 1 and stale(problems)[0]["level"] == "error"
    write_tree(repo, {"docs/runbooks/db.md": RUNBOOK + "\n<!-- artifactkit-disable review-stale -->\n"})
    code, problems = lint_on(repo, "2027-06-01")
    assert code == 0 and stale(problems) == []


def test_review_period_for_another_type_from_config(repo):
    write_tree(repo, {
        ".artifactkit.yaml": "docs_root: docs\ntypes:\n  rfc:\n    extends: rfc\n    review_field: date\n    review_days: 30\n",
        "docs/rfc/0001-storage.md": document("rfc"),  # date: 2026-11-23
    })
    _, problems = lint_on(repo, "2027-01-01")
    found = {p["path"]: p for p in stale(problems)}
    assert "docs/rfc/0001-storage.md" in found
    assert "39 days ago" in found["docs/rfc/0001-storage.md"]["message"]
    assert "due on 2026-12-23" in found["docs/rfc/0001-storage.md"]["message"]


def test_missing_or_invalid_review_date_is_left_to_the_schema(repo):
    write_tree(repo, {"docs/runbooks/db.md": RUNBOOK.replace("last_reviewed: 2026-11-01", "last_reviewed: someday")})
    _, problems = lint_on(repo, "2030-01-01")
    assert stale(problems) == []
    assert any(p["rule"] == "frontmatter-invalid" for p in problems)


def test_types_without_a_review_period_are_never_stale(repo):
    write_tree(repo, {"docs/adr/0001-old.md": document("adr")})
    _, problems = lint_on(repo, "2099-01-01")
    assert [p["path"] for p in stale(problems)] == ["docs/runbooks/db.md"]


def test_bad_today_is_a_usage_error(repo):
    proc = run(["lint", "docs"], cwd=repo, env={"ARTIFACTKIT_TODAY": "01/06/2027"})
    assert proc.returncode == 2
    assert "ARTIFACTKIT_TODAY" in proc.stderr and "YYYY-MM-DD" in proc.stderr


def test_the_cache_keys_date_is_todays_as_the_checks_see_it(monkeypatch):
    """``today_iso`` (the result cache's key, without importing datetime) is ``today().isoformat()``."""
    import datetime as dt

    from artifactkit.checks.context import TODAY_ENV, today, today_iso
    from artifactkit.errors import UserError

    monkeypatch.delenv(TODAY_ENV, raising=False)
    before = dt.date.today().isoformat()
    assert today_iso() in (before, dt.date.today().isoformat()) and today_iso() == today().isoformat()
    monkeypatch.setenv(TODAY_ENV, " 2027-01-06 ")
    assert today_iso() == "2027-01-06"
    monkeypatch.setenv(TODAY_ENV, "01/06/2027")
    with pytest.raises(UserError):
        today_iso()
