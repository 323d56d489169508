"""Issue 22 items 8 and 9: an edit changes only what it means to change. ``renumber`` rewrites real
links (the Markdown parser's spans), the number fields and the title, never a YAML comment, a code
span or a code block; ``--dry-run`` shows the edit as a unified diff. A section fix renames only the
heading's words and never inserts inside an unclosed fence or a list item."""

from __future__ import annotations

import pytest
from conftest import git, write_tree
from hostile_helpers import GOOD

from artifactkit.cli import main

ADR3 = GOOD.replace("deciders:", "# 3 reviewers\nreviewers: [Ada, Grace, Linus]\ndeciders:").replace("# A complete adr", "# 3. Use X")
CODE_LINKS = "See `[x](0003-use-x.md)` and [real](0003-use-x.md).\n\n    [indented](0003-use-x.md)\n\n"
HIDDEN_BREAKS = "After a form feed:\x0c[z](0003-use-x.md), after U+2028:\u2028[w](<0003-use-x.md> \"title\").\n"


@pytest.fixture
def numbered(tmp_path, monkeypatch):
    write_tree(tmp_path, {"docs/adr/0003-use-x.md": ADR3,
                          "docs/adr/0001-other.md": GOOD.replace("# A complete adr", "# 1. Other") + "\n" + CODE_LINKS + HIDDEN_BREAKS})
    git(tmp_path, "init", "-q")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_renumber_edits_the_title_and_real_links_only(numbered):
    assert main(["renumber", "adr", "3", "9"]) == 0
    moved = (numbered / "docs/adr/0009-use-x.md").read_text()
    assert "# 3 reviewers\n" in moved  # a YAML comment is the person's, whatever it starts with
    assert "\n# 9. Use X\n" in moved
    assert moved == ADR3.replace("# 3. Use X", "# 9. Use X")
    other = (numbered / "docs/adr/0001-other.md").read_text()
    assert other.endswith(
        "See `[x](0003-use-x.md)` and [real](0009-use-x.md).\n\n    [indented](0003-use-x.md)\n\n"  # code stays code
        "After a form feed:\x0c[z](0009-use-x.md), after U+2028:\u2028[w](<0009-use-x.md> \"title\").\n")


def test_renumber_edits_link_definitions_but_not_one_in_a_fence(numbered):
    with (numbered / "docs/adr/0001-other.md").open("a") as fh:
        fh.write("\nBy [reference][three].\n\n[three]: 0003-use-x.md \"ADR 3\"\n\n```text\n[three]: 0003-use-x.md\n```\n")
    assert main(["renumber", "adr", "3", "9"]) == 0
    other = (numbered / "docs/adr/0001-other.md").read_text()
    assert other.endswith("\n[three]: 0009-use-x.md \"ADR 3\"\n\n```text\n[three]: 0003-use-x.md\n```\n"), other


def test_renumber_dry_run_shows_a_unified_diff_and_writes_nothing(numbered, capsys):
    before = {p: p.read_bytes() for p in numbered.rglob("*.md")}
    assert main(["renumber", "adr", "3", "9", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert {p: p.read_bytes() for p in numbered.rglob("*.md")} == before
    assert "--- a/docs/adr/0003-use-x.md\n+++ b/docs/adr/0009-use-x.md\n" in out, out
    assert "\n-# 3. Use X\n+# 9. Use X\n" in out, out
    assert "--- a/docs/adr/0001-other.md\n+++ b/docs/adr/0001-other.md\n" in out, out
    assert "\n-See `[x](0003-use-x.md)` and [real](0003-use-x.md).\n+See `[x](0003-use-x.md)` and [real](0009-use-x.md).\n" in out, out
    assert "# 9 reviewers" not in out and "-# 3 reviewers" not in out, out
    # the control characters of the file are shown escaped, on the line Markdown sees
    assert "+After a form feed:\\u000c[z](0009-use-x.md), after U+2028:\\u2028[w](<0009-use-x.md> \"title\").\n" in out, out


# --- item 9: section fixes --------------------------------------------------------------------------------

SECTIONS = GOOD.split("\n## ")
NO_LAST = "\n## ".join(SECTIONS[:-1])  # "Alternatives", the last required section, is missing


def _fix(tmp_path, monkeypatch, text: str) -> str:
    write_tree(tmp_path, {"docs/adr/0001-x.md": text})
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "--no-cache", "--fix", "docs/adr/0001-x.md"]) in (0, 1)
    return (tmp_path / "docs/adr/0001-x.md").read_text()


def test_a_rename_changes_only_the_headings_words(tmp_path, monkeypatch):
    heading = '## *Contxt* <a id="ctx"></a> <!-- legal: do not remove -->'
    fixed = _fix(tmp_path, monkeypatch, GOOD.replace("## Context", heading))
    assert fixed == GOOD.replace("## Context", '## *Context* <a id="ctx"></a> <!-- legal: do not remove -->')
    assert _fix(tmp_path, monkeypatch, GOOD.replace("## Context", "## Contxt: <!-- why -->")) == GOOD.replace("## Context", "## Context: <!-- why -->")


def test_the_editors_quick_fix_renames_the_same_way(tmp_path):
    from artifactkit.checks import fixes
    from artifactkit.engine.autofix import _parse
    from artifactkit.engine.config import load_config

    doctype = load_config(tmp_path).types["adr"]
    text = GOOD.replace("## Context", '## Contxt <a id="contxt"></a> <!-- Contxt: legal -->')
    doc = _parse("0001-x.md", text, doctype)
    rename = [f for f in fixes.fixes_for(doc, doctype) if f.title.startswith("Rename")]
    assert len(rename) == 1 and fixes.apply_edits(text, rename[0].edits) == GOOD.replace(
        "## Context", '## Context <a id="contxt"></a> <!-- Contxt: legal -->')


@pytest.mark.parametrize("tail", ["```text\nan unclosed fence runs to the end\n", "<!-- a comment never closed\n",
                                  "~~~\ncode\n"])
def test_no_section_is_appended_inside_an_unclosed_block(tmp_path, monkeypatch, tail):
    text = NO_LAST + "\n\n" + tail
    assert _fix(tmp_path, monkeypatch, text) == text  # left for the person: the finding stays


def test_no_section_is_inserted_into_a_list_item(tmp_path, monkeypatch):
    """The section after the missing one is a heading inside a list item: text put before it would
    end the item there and move the heading out of it."""
    text = GOOD.replace("## Decision\n", "- an item\n\n  ## Decided elsewhere\n")
    assert _fix(tmp_path, monkeypatch, text) == text


def test_sections_are_still_inserted_between_top_level_blocks(tmp_path, monkeypatch):
    """(A status in the wrong case rides along: a run of --fix must lower the count, and an inserted
    section alone only trades "missing" for "write it".)"""
    lower = NO_LAST.replace("status: Accepted", "status: accepted")
    fixed = _fix(tmp_path, monkeypatch, lower + "\n\n```text\nclosed\n```\n")
    assert fixed.startswith(NO_LAST + "\n\n```text\nclosed\n```\n\n## Alternatives\n"), fixed
    fixed = _fix(tmp_path, monkeypatch, GOOD.replace("## Decision\n", "- an item\n\n## Next\n").replace("status: Accepted", "status: accepted"))
    assert "\n## Decision\n" in fixed


def test_a_section_that_cannot_be_placed_does_not_stop_the_other_fixes(tmp_path, monkeypatch):
    """Decision goes before a heading inside a list item (no safe place); Alternatives, at the end,
    and the status's case are still fixed."""
    text = NO_LAST.replace("## Decision\n", "- an item\n\n  ## Decided elsewhere\n").replace("status: Accepted", "status: accepted")
    fixed = _fix(tmp_path, monkeypatch, text)
    assert "status: Accepted" in fixed and "\n## Alternatives\n" in fixed, fixed
    assert "- an item\n\n  ## Decided elsewhere\n" in fixed and "\n## Decision\n" not in fixed
