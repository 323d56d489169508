"""Cross-document checks: relative links, supersedes / superseded_by, duplicate numbers."""

from __future__ import annotations

import pytest
from conftest import lint_json, write_tree
from docfactory import document, line_of


def adr(**front) -> str:
    """A complete ADR with extra front-matter fields."""
    extra = "".join(f"{k}: {v}\n" for k, v in front.items())
    return document("adr").replace("type: adr\n", "type: adr\n" + extra, 1)


def rules_of(problems, path=None) -> list[str]:
    return sorted(p["rule"] for p in problems if path is None or p["path"] == path)


# --- the model: link targets with line numbers ----------------------------------------------------


def test_outline_records_link_targets_with_file_lines():
    from artifactkit.document.model import parse_text

    text = (
        "---\ntype: adr\n---\n# Title [home](../index.md)\n\nIntro [a](a.md).\n\n## Context\n\n"
        "First line\nsecond line [b](b.md#part) and [c](https://example.com).\n\n"
        "- item [d](d.md)\n\n| x | y |\n|---|---|\n| [e](e.md) | 1 |\n\n[ref link][r]\n\n[r]: r.md\n"
    )
    doc = parse_text("x.md", text)
    lines = text.splitlines()
    targets = doc.outline.link_targets
    assert [h for _, h in targets] == ["../index.md", "a.md", "b.md#part", "https://example.com", "d.md", "e.md", "r.md"]
    for line, href in targets:
        name = href.split("#")[0].split("/")[-1].split(".")[0] if "://" not in href else "example"
        assert name in lines[line - 1] or (href == "r.md" and "[ref link][r]" in lines[line - 1]), (line, href)


# --- relative links -----------------------------------------------------------------------------


def test_broken_relative_link_is_reported_at_its_line(tmp_path):
    body = "Caused by [ADR 1](../adr/0001-missing.md), see\nalso [the runbook](../runbooks/gone.md#steps).\n"
    text = document("runbook", {"impact": body})
    write_tree(tmp_path, {"docs/runbooks/db.md": text})
    code, problems = lint_json(["docs"], tmp_path)
    assert code == 1
    broken = [p for p in problems if p["rule"] == "link-broken"]
    assert [(p["line"], p["level"]) for p in broken] == [
        (line_of(text, "Caused by [ADR 1](../adr/0001-missing.md), see"), "error"),
        (line_of(text, "also [the runbook](../runbooks/gone.md#steps)."), "error"),
    ]
    assert "../adr/0001-missing.md" in broken[0]["message"] and "docs/adr/0001-missing.md" in broken[0]["message"]


def test_an_address_written_without_its_scheme_is_broken_and_told_how_to_write_it(tmp_path):
    body = (
        "Author: [Ian](iant@golang.org),\nsee [#16093](golang.org/issue/16093),\n"
        "[the site](www.example.co.uk/x)\nand [notes](notes.md).\n"
    )
    write_tree(tmp_path, {"docs/runbooks/db.md": document("runbook", {"impact": body})})
    code, problems = lint_json(["docs"], tmp_path)
    assert code == 1
    endings = [p["message"].split(" — ")[1] for p in problems if p["rule"] == "link-broken"]
    assert endings == [
        "an e-mail address needs 'mailto:' (mailto:iant@golang.org)",
        "a web address needs its scheme (https://golang.org/issue/16093)",
        "a web address needs its scheme (https://www.example.co.uk/x)",
        "fix the link or create the file",
    ]


def test_links_that_resolve_or_are_not_relative_are_not_reported(tmp_path):
    body = (
        "[adr](../adr/0001-use-postgres.md) [anchor](#impact) [section](../adr/0001-use-postgres.md#context) "
        "[web](https://example.com/x.md) [mail](mailto:a@example.com) [proto](//cdn.example.com/x.md) "
        "[folder](../adr/) [space](../notes/my%20notes.md) [query](../adr/0001-use-postgres.md?plain=1) "
        "[root](/docs/adr/0001-use-postgres.md) [angle](<../notes/my notes.md>)\n"
    )
    write_tree(tmp_path, {
        ".artifactkit.yaml": "docs_root: docs\n",
        "docs/adr/0001-use-postgres.md": document("adr"),
        "docs/notes/my notes.md": "plain notes\n",
        "docs/runbooks/db.md": document("runbook", {"impact": body}),
    })
    code, problems = lint_json(["docs"], tmp_path)
    assert problems == [] and code == 0


def test_links_in_markdown_of_no_known_type_are_not_checked(tmp_path):
    write_tree(tmp_path, {"docs/README.md": "# Docs\n\n[gone](gone.md)\n", "docs/adr/0001-a.md": document("adr")})
    code, problems = lint_json(["docs"], tmp_path)
    assert (code, problems) == (0, [])


def test_link_rule_obeys_disable_comments_and_levels(tmp_path):
    body = "See [gone](gone.md).\n"
    write_tree(tmp_path, {
        "a/docs/runbooks/db.md": document("runbook", {"impact": body}) + "\n<!-- artifactkit-disable link-broken -->\n",
        "b/.artifactkit.yaml": "rules:\n  link-broken: warning\n",
        "b/docs/runbooks/db.md": document("runbook", {"impact": body}),
        "c/.artifactkit.yaml": "rules:\n  link-broken: 'off'\n",
        "c/docs/runbooks/db.md": document("runbook", {"impact": body}),
        "d/docs/runbooks/db.md": document("runbook").replace("## Impact", "<!-- artifactkit-disable-next-section link-broken -->\n## Impact")
                                 .replace("## Rollback", "See [gone](gone.md).\n\n## Rollback"),
    })
    assert lint_json(["docs"], tmp_path / "a") == (0, [])
    code, problems = lint_json(["docs"], tmp_path / "b")
    assert code == 0 and [(p["rule"], p["level"]) for p in problems] == [("link-broken", "warning")]
    assert lint_json(["docs"], tmp_path / "c") == (0, [])
    assert lint_json(["docs"], tmp_path / "d") == (0, [])


# --- supersedes / superseded_by -----------------------------------------------------------------


@pytest.mark.parametrize("old_ref,new_ref", [(2, 1), ("0002-new.md", "0001-old.md"), ("docs/adr/0002-new.md", "'ADR-0001'")])
def test_supersede_pair_that_agrees_is_clean(tmp_path, old_ref, new_ref):
    write_tree(tmp_path, {
        ".artifactkit.yaml": "docs_root: docs\n",
        "docs/adr/0001-old.md": adr(superseded_by=old_ref).replace("status: Accepted", "status: Superseded"),
        "docs/adr/0002-new.md": adr(supersedes=new_ref),
    })
    assert lint_json(["docs"], tmp_path) == (0, [])


def test_one_way_supersedes_is_a_mismatch_on_the_document_that_says_it(tmp_path):
    new = adr(supersedes=1)
    write_tree(tmp_path, {"docs/adr/0001-old.md": adr(), "docs/adr/0002-new.md": new})
    code, problems = lint_json(["docs"], tmp_path)
    assert code == 1
    (problem,) = problems
    assert problem["rule"] == "supersede-mismatch" and problem["path"] == "docs/adr/0002-new.md"
    assert problem["line"] == line_of(new, "supersedes: 1")
    assert "docs/adr/0001-old.md" in problem["message"] and "superseded_by: 2" in problem["message"]


def test_one_way_superseded_by_is_a_mismatch(tmp_path):
    old = adr(superseded_by="0002-new.md")
    write_tree(tmp_path, {"docs/adr/0001-old.md": old, "docs/adr/0002-new.md": adr(supersedes=3), "docs/adr/0003-x.md": adr()})
    code, problems = lint_json(["docs"], tmp_path)
    got = {(p["path"], p["rule"]) for p in problems}
    assert got == {("docs/adr/0001-old.md", "supersede-mismatch"), ("docs/adr/0002-new.md", "supersede-mismatch")}


def test_supersede_reference_to_a_missing_document_is_link_broken(tmp_path):
    text = adr(supersedes=7, superseded_by="0009-gone.md")
    write_tree(tmp_path, {"docs/adr/0001-a.md": text})
    code, problems = lint_json(["docs"], tmp_path)
    assert code == 1
    assert [(p["rule"], p["line"]) for p in problems] == [
        ("link-broken", line_of(text, "supersedes: 7")),
        ("link-broken", line_of(text, "superseded_by: 0009-gone.md")),
    ]
    assert "no adr has number 7" in problems[0]["message"]


def test_supersede_reference_to_another_type_or_itself_is_link_broken(tmp_path):
    write_tree(tmp_path, {
        "docs/adr/0001-a.md": adr(supersedes="../runbooks/db.md"),
        "docs/adr/0002-b.md": adr(supersedes=2),
        "docs/runbooks/db.md": document("runbook"),
    })
    code, problems = lint_json(["docs"], tmp_path)
    by_path = {p["path"]: p for p in problems}
    assert set(by_path) == {"docs/adr/0001-a.md", "docs/adr/0002-b.md"}
    assert by_path["docs/adr/0001-a.md"]["rule"] == "link-broken" and "runbook" in by_path["docs/adr/0001-a.md"]["message"]
    assert by_path["docs/adr/0002-b.md"]["rule"] == "link-broken" and "itself" in by_path["docs/adr/0002-b.md"]["message"]


def test_linting_one_file_resolves_references_from_disk(tmp_path):
    """pre-commit passes only the staged files: the other side of a reference is read from disk."""
    write_tree(tmp_path, {
        "docs/adr/0001-old.md": adr(superseded_by=2),
        "docs/adr/0002-new.md": adr(supersedes=1, superseded_by=3) + "\nSee [the old one](0001-old.md).\n",
        "docs/adr/0003-newer.md": adr(),
    })
    code, problems = lint_json(["docs/adr/0002-new.md"], tmp_path)
    assert [(p["path"], p["rule"]) for p in problems] == [("docs/adr/0002-new.md", "supersede-mismatch")]
    assert "0003-newer.md" in problems[0]["message"]


def test_supersede_mismatch_is_a_registered_rule_and_configurable(tmp_path):
    from artifactkit.checks.rules import all_rules

    assert all_rules()["supersede-mismatch"].help and all_rules()["supersede-mismatch"].level == "error"
    write_tree(tmp_path, {
        ".artifactkit.yaml": "rules:\n  supersede-mismatch: warning\n",
        "docs/adr/0001-old.md": adr(),
        "docs/adr/0002-new.md": adr(supersedes=1),
    })
    code, problems = lint_json(["docs"], tmp_path)
    assert code == 0 and [(p["rule"], p["level"]) for p in problems] == [("supersede-mismatch", "warning")]


def test_duplicate_numbers_still_name_both_paths(tmp_path):
    write_tree(tmp_path, {"docs/adr/0001-a.md": adr(), "docs/adr/0001-b.md": adr()})
    code, problems = lint_json(["docs"], tmp_path)
    assert rules_of(problems) == ["number-duplicate", "number-duplicate"]
    messages = {p["path"]: p["message"] for p in problems}
    assert "docs/adr/0001-b.md" in messages["docs/adr/0001-a.md"]
    assert "docs/adr/0001-a.md" in messages["docs/adr/0001-b.md"]
