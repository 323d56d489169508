"""Did you mean, and lint --statistics: messages that say what was probably meant."""

from __future__ import annotations

import json

import pytest

from conftest import lint_json, run, write_tree
from docfactory import document, line_of

ADR = "docs/adr/0001-x.md"


def test_a_heading_one_edit_away_is_reported_as_a_rename_at_its_line(tmp_path):
    text = document("adr").replace("## Consequences\n", "## Consequence\n")
    write_tree(tmp_path, {ADR: text})
    code, problems = lint_json([ADR], tmp_path)
    assert code == 1
    [problem] = problems
    assert problem["rule"] == "section-missing" and problem["line"] == line_of(text, "## Consequence")
    assert problem["message"].startswith("heading '## Consequence' is one edit away from the required section \"Consequences\" — rename it")
    assert "add a" not in problem["message"]


def test_a_heading_further_away_is_still_an_addition(tmp_path):
    text = document("adr").replace("## Consequences\n", "## Results\n")
    write_tree(tmp_path, {ADR: text})
    _, problems = lint_json([ADR], tmp_path)
    assert [p["message"].split(" — ")[0] for p in problems] == ['missing section "Consequences"']


def test_an_unknown_type_in_front_matter_gets_a_suggestion(tmp_path):
    write_tree(tmp_path, {"docs/x.md": document("adr").replace("type: adr", "type: adrs")})
    _, problems = lint_json(["docs"], tmp_path)
    assert [p["rule"] for p in problems] == ["type-unknown"]
    assert "unknown document type 'adrs'; did you mean 'adr'?" in problems[0]["message"]


@pytest.mark.parametrize("args", [["new", "runbok", "--no-input"], ["list", "postmortems"]])
def test_commands_suggest_the_type(tmp_path, args):
    proc = run(args, cwd=tmp_path)
    assert proc.returncode == 2 and "did you mean" in proc.stderr
    assert ("'runbook'" if "runbok" in args else "'postmortem'") in proc.stderr


def test_a_misspelt_rule_in_the_config_gets_a_suggestion(tmp_path):
    write_tree(tmp_path, {".artifactkit.yaml": "rules:\n  section-placholder: warning\n", ADR: document("adr")})
    proc = run(["lint"], cwd=tmp_path)
    assert proc.returncode == 2
    assert "unknown rule 'section-placholder' in 'rules'; did you mean 'section-placeholder'?" in proc.stderr


def test_a_misspelt_rule_in_a_disable_comment_gets_a_suggestion(tmp_path):
    write_tree(tmp_path, {ADR: document("adr").replace("---\n# ", "---\n<!-- artifactkit-disable heading-duplicates -->\n# ")})
    _, problems = lint_json([ADR], tmp_path)
    assert [p["rule"] for p in problems] == ["disable-unknown"]
    assert "did you mean 'heading-duplicate'?" in problems[0]["message"]


@pytest.mark.parametrize("key", ["Meaning", "impact:", "next  steps"])
def test_a_schema_section_key_no_heading_can_match_is_a_config_error_naming_it(tmp_path, key):
    schema = {"type": "object", "properties": {"sections": {"type": "object", "required": [key]}}}
    write_tree(tmp_path, {
        ".artifactkit.yaml": "types:\n  oncall:\n    schema: oncall.schema.json\n    paths: ['docs/oncall/*.md']\n",
        "oncall.schema.json": json.dumps(schema),
        "docs/oncall/a.md": "# A\n\n## Meaning\n\nText.\n",
    })
    proc = run(["lint"], cwd=tmp_path)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert f"section key {key!r} can never match a heading" in proc.stderr


def test_a_nested_unmatchable_key_is_found_and_a_normal_one_is_fine(tmp_path):
    nested = {"properties": {"sections": {"properties": {"options": {"properties": {"subsections": {"required": ["Option A"]}}}}}}}
    write_tree(tmp_path, {
        ".artifactkit.yaml": "types:\n  note:\n    schema: note.schema.json\n    paths: ['docs/notes/*.md']\n",
        "note.schema.json": json.dumps(nested),
        "docs/notes/a.md": "# A\n\n## Options\n\n### Option A\n\nText.\n",
    })
    assert "'Option A'" in run(["lint"], cwd=tmp_path).stderr
    nested["properties"]["sections"]["properties"]["options"]["properties"]["subsections"]["required"] = ["option a"]
    (tmp_path / "note.schema.json").write_text(json.dumps(nested), encoding="utf-8")
    assert run(["lint"], cwd=tmp_path).returncode == 0


def test_statistics_counts_per_rule_and_per_type_most_first(tmp_path):
    write_tree(tmp_path, {
        ADR: document("adr", {"decision": "TODO\n", "alternatives": None}),
        "docs/adr/0002-y.md": document("adr", {"alternatives": None}),
        "docs/runbooks/db.md": document("runbook").replace("service: billing-db\n", ""),
    })
    proc = run(["lint", "--statistics"], cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "by rule:",
        "  2  section-missing (error)",
        "  1  frontmatter-missing (error)",
        "  1  section-placeholder (error)",
        "by type:",
        "  3  adr",
        "  1  runbook",
        "4 errors, 0 warnings in 3 of 3 documents; 0 Markdown files skipped (no known type)",
    ]
    assert run(["lint", "--statistics", "--format", "json"], cwd=tmp_path).returncode == 2
