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


def test_renumber_edits_the_title_and_real_links_only(numbered, capsys):
    assert main(["renumber", "adr", "3", "9"]) == 0
    moved = (numbered / "docs/adr/0009-use-x.md").read_text()
    assert "# 3 reviewers\n" in moved  # a YAML comment is the person's, whatever it starts with
    assert "\n# 9. Use X\n" in moved
    assert moved == ADR3.replace("# 3. Use X", "# 9. Use X")
    other = (numbered / "docs/adr/0001-other.md").read_text()
    assert other.endswith(
        "See `[x](0003-use-x.md)` and [real](0009-use-x.md).\n\n    [indented](0003-use-x.md)\n\n"  # code stays code
        "After a form feed:\x0c[z](0009-use-x.md), after U+2028:\u2028[w](<0009-use-x.md> \"title\").\n")


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
