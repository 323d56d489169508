"""Findings on Nygard (adr-tools) and MADR decision logs are worded in the log's own format: no
"front matter" where there is none, and the supersede fix is the line the format writes."""

from __future__ import annotations

from pathlib import Path

from conftest import lint_json, write_tree

NYGARD_CONFIG = 'docs_root: doc\ntypes:\n  adr:\n    extends: adr-nygard\n    paths: ["doc/adr/*.md"]\n'
MADR_CONFIG = 'docs_root: docs\ntypes:\n  adr:\n    extends: adr-madr\n    paths: ["docs/decisions/*.md"]\n'


def nygard(number: int, title: str, status: str, date: str | None = "2016-02-12") -> str:
    dated = f"Date: {date}\n\n" if date else ""
    return (f"# {number}. {title}\n\n{dated}## Status\n\n{status}\n\n## Context\n\nThe tool needs a format.\n\n"
            f"## Decision\n\nWe use Markdown.\n\n## Consequences\n\nEditors show it.\n")


def madr(title: str, status_lines: str) -> str:
    return (f"# {title}\n\n{status_lines}\n## Context and Problem Statement\n\nHow to keep decisions?\n\n"
            f"## Considered Options\n\n* Markdown\n* Wiki\n\n## Decision Outcome\n\nChosen option: Markdown.\n")


def test_nygard_messages_name_the_status_section_and_date_line(tmp_path: Path):
    write_tree(tmp_path, {".artifactkit.yaml": NYGARD_CONFIG,
                          "doc/adr/0001-record-decisions.md": nygard(1, "Record decisions", "Acceptd", date=None)})
    _, problems = lint_json([], tmp_path)
    messages = {p["rule"]: p["message"] for p in problems}
    assert messages["frontmatter-invalid"].startswith('"Status" is \'Acceptd\'; use one of:')
    assert messages["frontmatter-missing"].startswith('"Date" is missing — add a \'Date: YYYY-MM-DD\' line')
    assert not [p for p in problems if "front matter" in p["message"]], problems


def test_nygard_supersede_fix_is_the_adr_tools_line_and_applying_it_clears_the_finding(tmp_path: Path):
    write_tree(tmp_path, {".artifactkit.yaml": NYGARD_CONFIG,
                          "doc/adr/0001-use-shell.md": nygard(1, "Use shell scripts", "Accepted"),
                          "doc/adr/0002-use-python.md": nygard(2, "Use Python", "Accepted\n\nSupersedes [1. Use shell scripts](0001-use-shell.md)")})
    _, problems = lint_json([], tmp_path)
    (mismatch,) = [p for p in problems if p["rule"] == "supersede-mismatch"]
    assert mismatch["message"].startswith("Supersedes 0001-use-shell.md is one-way: ")
    fix = "Superseded by [2. Use Python](0002-use-python.md)"
    assert f"add the line '{fix}' to its '## Status' section" in mismatch["message"]
    assert "superseded_by" not in mismatch["message"] and "front matter" not in mismatch["message"]
    old = tmp_path / "doc/adr/0001-use-shell.md"
    old.write_text(old.read_text().replace("## Status\n\nAccepted\n", f"## Status\n\n{fix}\n"))  # as adr-tools writes it
    code, problems = lint_json([], tmp_path)
    assert (code, problems) == (0, [])


def test_madr_supersede_fix_names_the_status_line(tmp_path: Path):
    write_tree(tmp_path, {".artifactkit.yaml": MADR_CONFIG,
                          "docs/decisions/0001-use-wiki.md": madr("Use a wiki", "* Status: accepted\n* Date: 2020-01-01\n"),
                          "docs/decisions/0002-use-markdown.md": madr("Use Markdown", "* Status: accepted\n* Date: 2020-02-01\n"
                                                                      "* Supersedes: [ADR-0001](0001-use-wiki.md)\n")})
    _, problems = lint_json([], tmp_path)
    (mismatch,) = [p for p in problems if p["rule"] == "supersede-mismatch"]
    assert mismatch["message"].startswith("Supersedes 0001-use-wiki.md is one-way")
    assert "set its status to 'superseded by [ADR-0002](0002-use-markdown.md)'" in mismatch["message"]
    old = tmp_path / "docs/decisions/0001-use-wiki.md"
    old.write_text(old.read_text().replace("* Status: accepted", "* Status: superseded by [ADR-0002](0002-use-markdown.md)"))
    code, problems = lint_json([], tmp_path)
    assert (code, problems) == (0, [])


def test_front_matter_documents_keep_their_wording(tmp_path: Path):
    from docfactory import document

    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\n",
                          "docs/adr/0001-a.md": document("adr").replace("status: Accepted", "status: Acceptd"),
                          "docs/adr/0002-b.md": document("adr").replace("status: Accepted", "status: Accepted\nsupersedes: 1")})
    _, problems = lint_json([], tmp_path)
    messages = {p["rule"]: p["message"] for p in problems}
    assert messages["frontmatter-invalid"].startswith('front matter "status" is \'Acceptd\'')
    assert messages["supersede-mismatch"] == ("supersedes: 1 is one-way: docs/adr/0001-a.md does not name this document in 'superseded_by' — "
                                              "add 'superseded_by: 2' to docs/adr/0001-a.md")
