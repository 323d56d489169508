"""artifactkit.fixes: the edits behind the editor's quick fixes, checked by applying them and
linting the result with the real linter."""

from __future__ import annotations

import pytest
from docfactory import document
from hypothesis import given, settings
from hypothesis import strategies as st

from artifactkit.checks import fixes
from artifactkit.document import model
from artifactkit.engine.config import load_config
from artifactkit.engine.lintfile import lint_file
from artifactkit.schema.doctypes import DocType


@pytest.fixture
def config(tmp_path):
    (tmp_path / ".artifactkit.yaml").write_text("docs_root: docs\n", encoding="utf-8")
    return load_config(start=tmp_path)


def parsed(text: str, config, type_name: str = "adr"):
    doctype = config.types[type_name]
    doc = model.parse_text("docs/adr/0001-x.md", text)
    doc.apply_aliases(doctype.info.aliases())
    return doc, doctype


def rules_after(text: str, config, tmp_path) -> list[str]:
    return [p.rule for p in lint_file(str(tmp_path / "docs/adr/0001-x.md"), config, text=text).problems]


def only(found: list[fixes.Fix], title_start: str) -> fixes.Fix:
    [fix] = [f for f in found if f.title.startswith(title_start)]
    return fix


@pytest.mark.parametrize("missing", [
    "context",  # first required: before the section that follows it
    "decision",  # after the one that precedes it
    "alternatives",  # last: at the end of the file
])
def test_insert_puts_the_section_with_its_hint_in_schema_order(config, tmp_path, missing):
    text = document("adr", {missing: None})
    doc, doctype = parsed(text, config)
    fix = only(fixes.fixes_for(doc, doctype), "Insert the missing section")
    title = doctype.info.sections[(missing,)].title
    assert (fix.rule, fix.section) == ("section-missing", title)
    fixed = fixes.apply_edits(text, fix.edits)
    assert [line[3:] for line in fixed.splitlines() if line.startswith("## ")] == ["Context", "Decision", "Consequences", "Alternatives"]
    assert f"## {title}\n\n_{doctype.info.sections[(missing,)].hint}_\n" in fixed
    assert "\n\n\n" not in fixed and fixed.endswith("\n")
    assert rules_after(fixed, config, tmp_path) == ["section-placeholder"]  # the hint still has to be replaced


def test_insert_at_the_end_of_a_file_without_final_newline_keeps_crlf(config, tmp_path):
    text = document("adr", {"alternatives": None}).rstrip("\n").replace("\n", "\r\n")
    doc, doctype = parsed(text, config)
    fixed = fixes.apply_edits(text, only(fixes.fixes_for(doc, doctype), "Insert").edits)
    assert fixed.endswith("deploy.\r\n\r\n## Alternatives\r\n\r\n_List the other options you considered and why you did not choose them._\r\n")
    assert "\n" not in fixed.replace("\r\n", "")
    assert rules_after(fixed, config, tmp_path) == ["section-placeholder"]


@pytest.mark.parametrize("heading", ["## Contxt", "## Contexts ##", "## Cntext", "Contxt\n-------"])
def test_a_heading_one_edit_away_is_renamed(config, tmp_path, heading):
    text = document("adr").replace("## Context", heading)
    doc, doctype = parsed(text, config)
    found = fixes.fixes_for(doc, doctype)
    rename = found[0]
    assert rename.preferred and rename.title.startswith("Rename") and rename.section == "Context"
    fixed = fixes.apply_edits(text, rename.edits)
    assert rules_after(fixed, config, tmp_path) == []
    assert fixed.splitlines()[rename.line - 1].rstrip("# ").endswith("Context")


@pytest.mark.parametrize("heading", ["## Conduct", "## Contextual", "## Decision"])
def test_headings_further_away_or_known_are_not_renamed(config, heading):
    text = document("adr", {"context": None}).replace("## Decision", heading, 1) if heading == "## Decision" else \
        document("adr").replace("## Context", heading)
    doc, doctype = parsed(text, config)
    assert not [f for f in fixes.fixes_for(doc, doctype) if f.title.startswith("Rename")]


@pytest.mark.parametrize(("heading", "missing"), [
    ("## Expected consequences", "## Consequences"),  # about consequences, a word only that section has
    ("## Consequences of the change", "## Consequences"),
    ("## Decision context", "## Context"),
])
def test_the_one_heading_naming_a_missing_section_otherwise_is_renamed(config, tmp_path, heading, missing):
    text = document("adr").replace(missing, heading)
    doc, doctype = parsed(text, config)
    rename = fixes.fixes_for(doc, doctype)[0]
    assert rename.title == f'Rename "{heading[3:]}" to "{missing[3:]}" (the section by another name)' and rename.preferred
    assert rules_after(fixes.apply_edits(text, rename.edits), config, tmp_path) == []


@pytest.mark.parametrize(("heading", "missing"), [
    ("## Decision drivers", "## Decision"),  # about the drivers, not the decision
    ("## Positive consequences\n\nFaster.\n\n## Negative consequences", "## Consequences"),  # two candidates
    ("## Risks and decision", "## Decision"),  # about two things
])
def test_a_heading_about_something_else_or_one_of_two_is_not_renamed(config, heading, missing):
    text = document("adr").replace(missing, heading)
    doc, doctype = parsed(text, config)
    assert not [f for f in fixes.fixes_for(doc, doctype) if f.title.startswith("Rename")]


def test_status_case_is_fixed_keeping_quotes_and_comment(config, tmp_path):
    text = document("adr").replace("status: Accepted", 'status: "accepted"  # decided in the review')
    doc, doctype = parsed(text, config)
    [fix] = fixes.fixes_for(doc, doctype)
    assert (fix.title, fix.rule, fix.line, fix.preferred) == ("Change status to 'Accepted'", "status-case", 3, True)
    fixed = fixes.apply_edits(text, fix.edits)
    assert fixed == document("adr").replace("status: Accepted", 'status: "Accepted"  # decided in the review')
    assert [e.start_line for e in fix.edits] == [2]  # only the status line
    assert rules_after(fixed, config, tmp_path) == []


def test_unknown_status_offers_what_transitions_allow_from_the_saved_one(config, tmp_path):
    text = document("adr").replace("status: Accepted", "status: Acepted")
    doc, doctype = parsed(text, config)
    from_accepted = [f.title for f in fixes.fixes_for(doc, doctype, previous_status="Accepted")]
    assert from_accepted == ["Replace status 'Acepted' with 'Accepted'", "Replace status 'Acepted' with 'Deprecated'",
                             "Replace status 'Acepted' with 'Superseded'"]
    unknown = [f.title.split("with ")[1] for f in fixes.fixes_for(doc, doctype, previous_status=None)]
    assert unknown[0] == "'Accepted'" and set(unknown) == {"'Proposed'", "'Accepted'", "'Rejected'", "'Deprecated'", "'Superseded'"}
    for fix in fixes.fixes_for(doc, doctype, previous_status="Accepted"):
        assert rules_after(fixes.apply_edits(text, fix.edits), config, tmp_path) == []


def test_a_valid_document_needs_no_fix(config):
    doc, doctype = parsed(document("adr"), config)
    assert fixes.fixes_for(doc, doctype) == []


def test_apply_edits_applies_several_edits_against_the_original_positions():
    text = "one\ntwo\nthree"
    edits = [fixes.Edit(0, 0, 0, 3, "ONE"), fixes.Edit(2, 5, 2, 5, "!"), fixes.Edit(1, 1, 1, 2, "")]
    assert fixes.apply_edits(text, edits) == "ONE\nto\nthree!"


def _typed(name: str, sections: dict) -> DocType:
    """A type whose one required section is "consequences", among ``sections`` (key -> property)."""
    schema = {"properties": {"sections": {"required": ["consequences"], "properties": sections}}}
    return DocType(name, [schema], [f"{name}.schema.json"])


def test_types_sharing_a_section_key_keep_their_own_near_misses():
    """What rename_near_miss remembers per type (the names one edit away, the words only that section
    has): a type whose "consequences" has the alias "Results" renames "## Result", one whose other
    section "Risks and consequences" shares the word renames no "## Expected consequences"."""
    aliased = _typed("aliased", {"consequences": {"title": "Consequences", "x-aliases": ["Results"]}})
    shared = _typed("shared", {"consequences": {"title": "Consequences"}, "risks and consequences": {"title": "Risks and consequences"}})
    plain = _typed("plain", {"consequences": {"title": "Consequences"}})

    def renamed(doctype: DocType, heading: str) -> str | None:
        doc = model.parse_text("docs/x.md", f"# T\n\n{heading}\n\nText.\n")
        fix = fixes.rename_near_miss(doc, doctype, (), "consequences")
        return fix.title if fix is not None else None

    for _ in range(2):  # asked again, each type still answers for itself
        assert renamed(aliased, "## Result") == 'Rename "Result" to "Consequences"'
        assert renamed(plain, "## Result") is None
        assert renamed(plain, "## Expected consequences") == 'Rename "Expected consequences" to "Consequences" (the section by another name)'
        assert renamed(shared, "## Expected consequences") is None


@settings(max_examples=500, deadline=None)
@given(st.text("abc", max_size=5), st.text("abc", min_size=1, max_size=5), st.lists(st.text("abc", min_size=1, max_size=5), max_size=3))
def test_the_length_test_keeps_every_near_miss(name, key, aliases):
    """A near miss is looked for only in a heading of a length one edit from the section's key or an
    alias: the same answer as comparing with each."""
    doctype = _typed("t", {key: {"x-aliases": aliases}})
    wanted = fixes._near_miss_of(doctype, (), key)
    assert set(wanted.targets) == {key, *aliases}
    assert wanted.near(name) == any(fixes._one_edit_apart(name, t) for t in (key, *aliases))
