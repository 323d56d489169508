"""Postmortem action items that get done: owner, ticket and due date on every open item, overdue
warnings, and `artifactkit list actions` across postmortems. "Today" is fixed with ARTIFACTKIT_TODAY."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run, write_tree
from docfactory import document, line_of

ITEMS = """Follow-ups agreed in the review.

- [ ] Add an alert on pool saturation (@ada, OPS-1, due 2026-12-15)
- [ ] Halve the deploy batch size (@grace)
- [x] Document the pool size (@lin)
- [ ] Review connection limits, owner: Team DB,
  tracked in [DB-7](https://issues.example.com/DB-7), due 2026-11-01
"""

TABLE = """| Action | Owner | Ticket | Due | Status |
|---|---|---|---|---|
| Add a saturation alert | @ada | [OPS-2](https://issues.example.com/OPS-2) | 2026-12-20 | open |
| Rotate the pager | - | OPS-3 | 2026-12-20 | open |
| Write the guide | @lin | OPS-4 | 2026-10-01 | done |
"""


def postmortem(items: str) -> str:
    return document("postmortem", {"action items": items})


@pytest.fixture
def repo(git_repo: Path) -> Path:
    write_tree(git_repo, {
        ".artifactkit.yaml": "docs_root: docs\n",
        "docs/postmortems/2026-11-20-db.md": postmortem(ITEMS),
        "docs/postmortems/2026-11-25-pager.md": postmortem(TABLE),
    })
    return git_repo


def lint(repo: Path, today: str = "2026-12-01") -> tuple[int, list[dict]]:
    proc = run(["lint", "--format", "json", "docs"], cwd=repo, env={"ARTIFACTKIT_TODAY": today})
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, [p for p in json.loads(proc.stdout) if p["rule"].startswith("action-")]


def test_each_incomplete_open_item_is_an_error_at_its_line(repo):
    code, problems = lint(repo)
    assert code == 1
    text = postmortem(ITEMS)
    incomplete = [p for p in problems if p["rule"] == "action-incomplete"]
    by_path = {(p["path"], p["line"]): p["message"] for p in incomplete}
    grace = ("docs/postmortems/2026-11-20-db.md", line_of(text, "- [ ] Halve the deploy batch size (@grace)"))
    assert set(by_path) == {grace, ("docs/postmortems/2026-11-25-pager.md", line_of(postmortem(TABLE), "| Rotate the pager | - | OPS-3 | 2026-12-20 | open |"))}
    assert "no ticket and no due date" in by_path[grace]
    assert "Halve the deploy batch size" in by_path[grace]
    assert all(p["level"] == "error" for p in incomplete)


def test_an_overdue_open_item_is_a_warning_and_a_done_one_is_not(repo):
    _, problems = lint(repo, today="2026-12-16")
    overdue = {(p["path"], p["message"].split('"')[1][:24], p["message"].split(" was due on ")[1][:10]) for p in problems if p["rule"] == "action-overdue"}
    assert overdue == {
        ("docs/postmortems/2026-11-20-db.md", "Add an alert on pool sat", "2026-12-15"),
        ("docs/postmortems/2026-11-20-db.md", "Review connection limits", "2026-11-01"),
    }  # OPS-4 (done, due 2026-10-01) and the 2026-12-20 items are not overdue
    assert all(p["level"] == "warning" for p in problems if p["rule"] == "action-overdue")


def test_complete_items_pass(git_repo):
    write_tree(git_repo, {".artifactkit.yaml": "docs_root: docs\n", "docs/postmortems/2026-11-20-db.md": postmortem(
        "- [ ] Add an alert (@ada, OPS-1, due 2026-12-15)\n- [x] Old item with nothing\n")})
    assert lint(git_repo) == (0, [])


def test_the_rule_can_be_switched_off_like_any_other(repo):
    (repo / ".artifactkit.yaml").write_text("docs_root: docs\nrules:\n  action-incomplete: off\n")
    _, problems = lint(repo)
    assert [p for p in problems if p["rule"] == "action-incomplete"] == []


def test_list_actions_open_and_by_owner(repo):
    env = {"ARTIFACTKIT_TODAY": "2026-12-16"}
    proc = run(["list", "actions", "--open", "--format", "json"], cwd=repo, env=env)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [(r["text"][:20], r["due"], r["overdue"]) for r in rows] == [
        ("Review connection li", "2026-11-01", True),
        ("Add an alert on pool", "2026-12-15", True),
        ("Add a saturation ale", "2026-12-20", False),
        ("Rotate the pager", "2026-12-20", False),
        ("Halve the deploy bat", None, False),
    ]
    assert rows[0]["owner"] == "Team DB" and rows[0]["ticket"] == "[DB-7](https://issues.example.com/DB-7)"
    mine = run(["list", "actions", "--owner", "@ada"], cwd=repo, env=env)
    assert mine.returncode == 0, mine.stderr
    lines = mine.stdout.splitlines()
    assert lines[0].split()[:3] == ["Due", "Owner", "Ticket"]
    assert len(lines) == 3 and "OVERDUE" in lines[1] and "docs/postmortems/2026-11-20-db.md:" in lines[1]
    every = json.loads(run(["list", "actions", "--format", "json"], cwd=repo, env=env).stdout)
    assert len(every) == 7  # the done ones too


def test_list_actions_options_are_checked(repo):
    proc = run(["list", "adr", "--open"], cwd=repo)
    assert proc.returncode == 2 and "--open and --owner go with 'artifactkit list actions'" in proc.stderr


def test_new_postmortem_template_asks_for_owner_ticket_and_due_date():
    schema = json.loads((Path(__file__).resolve().parent.parent / "schemas" / "postmortem.schema.json").read_text())
    assert schema["x-artifactkit"]["action_items"] == "action items"
    assert "due date" in schema["properties"]["sections"]["properties"]["action items"]["x-hint"]
