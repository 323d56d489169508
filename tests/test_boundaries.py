"""Boundaries a mutation review found unguarded: the day an action item falls due, the line where a
disabled section ends, and each placeholder word. Each test kills one mutant that survived the suite."""

from __future__ import annotations

import pytest
from docfactory import document

from artifactkit.engine.config import load_config
from artifactkit.engine.lintfile import lint_file

DUE = "- [ ] Add an alert on pool saturation (@ada, OPS-1, due 2026-12-01)\n"


def _lint(tmp_path, relpath: str, text: str):
    (tmp_path / ".artifactkit.yaml").write_text("docs_root: docs\n", encoding="utf-8")
    path = tmp_path / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return lint_file(str(path), load_config(start=tmp_path)).problems


@pytest.mark.parametrize(("today", "overdue"), [("2026-11-30", False), ("2026-12-01", False), ("2026-12-02", True)])
def test_an_item_is_overdue_from_the_day_after_it_falls_due(tmp_path, monkeypatch, today, overdue):
    monkeypatch.setenv("ARTIFACTKIT_TODAY", today)
    problems = _lint(tmp_path, "docs/postmortems/2026-11-20-db.md", document("postmortem", {"action items": DUE}))
    assert [p.rule for p in problems if p.rule == "action-overdue"] == (["action-overdue"] if overdue else [])


def test_a_disabled_section_ends_before_the_next_heading(tmp_path):
    """The comment covers its section's lines only; a problem on the next heading's own line stays."""
    notes = "\n## Notes\n\nFirst notes.\n\n## Notes\n\nSecond notes.\n"
    text = document("adr") + notes.replace("\n## Notes", "\n<!-- artifactkit-disable-next-section heading-duplicate -->\n## Notes", 1)
    problems = _lint(tmp_path, "docs/adr/0001-x.md", text)
    second = text.splitlines().index("## Notes", text.splitlines().index("## Notes") + 1) + 1
    assert [(p.rule, p.line) for p in problems if p.rule == "heading-duplicate"] == [("heading-duplicate", second)]


@pytest.mark.parametrize("word", ["TODO", "TBD", "FIXME", "XXX"])
def test_each_placeholder_word_leaves_a_section_unfinished(tmp_path, word):
    problems = _lint(tmp_path, "docs/adr/0001-x.md", document("adr", {"decision": f"We will use {word} here.\n"}))
    assert [p.rule for p in problems] == ["section-placeholder"]
    assert word in problems[0].message
