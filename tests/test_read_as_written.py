"""Issue 23, items 3, 4 and 7: documents read the way people write them (headings, metadata) and
``lint --fix`` safe on them. Each test builds the shape a real repository has and lints it in process."""

from __future__ import annotations

import json

from conftest import write_tree

from artifactkit.cli import main
from artifactkit.document.sections import normalize_key
from artifactkit.engine.config import load_config
from artifactkit.engine.lintfile import lint_file

DESIGN = """docs_root: docs
types:
  design:
    paths: ["docs/design/*.md"]
    sections: [Summary, Motivation, Decision, Drawbacks]
"""
FILLED = "Some words written here.\n"


def findings(tmp_path, rel: str, config: str = DESIGN, files: dict | None = None) -> list[tuple[str, str | None]]:
    write_tree(tmp_path, {".artifactkit.yaml": config, **(files or {})})
    result = lint_file(str(tmp_path / rel), load_config(start=tmp_path))
    return sorted((p.rule, p.section) for p in result.problems)


def doc(*sections: str, title: str = "# A design\n\n") -> str:
    return title + "".join(f"{heading}\n\n{FILLED}\n" for heading in sections)


# --- item 3: headings ---------------------------------------------------------------------------


def test_one_normaliser_ignores_numbering_emphasis_code_colon_and_optional_notes():
    assert {normalize_key(h) for h in ["1. Context", "1.2 Context", "IV. Context", "A) Context", "`Context`:", "**Context:**", "Context [optional]", "Context (Optional)"]} == {"context"}
    assert normalize_key("2019 plans") == "2019 plans"  # a bare year is not numbering
    assert normalize_key("Option 1") == "option 1"


def test_headings_written_numbered_emphasised_or_marked_optional_match(tmp_path):
    text = doc("## 1. **Summary**", "## 2. Motivation:", "## `Decision`", "## Drawbacks [optional]")
    assert findings(tmp_path, "docs/design/a.md", files={"docs/design/a.md": text}) == []


MADR = """docs_root: docs
types:
  decision:
    paths: ["docs/decisions/*.md"]
    sections: ["Context and Problem Statement", {title: "Decision Drivers", optional: true}, "Decision Outcome"]
"""


def test_a_heading_that_is_part_of_one_missing_sections_name_is_that_section(tmp_path):
    # log4brains' own ADRs shorten MADR's headings: "## Context", "## Decision"
    text = doc("## Context", "## Decision")
    assert findings(tmp_path, "docs/decisions/a.md", MADR, {"docs/decisions/a.md": text}) == []
    # part of two missing sections' names: no guess, both stay missing
    two = MADR.replace('{title: "Decision Drivers", optional: true}', '"Decision Drivers"')
    assert findings(tmp_path, "docs/decisions/a.md", two, {"docs/decisions/a.md": text}) == [
        ("section-missing", "Decision Drivers"), ("section-missing", "Decision Outcome"),
    ]
    # a heading the type knows is that section, and a short word is no part of a name
    assert ("section-missing", "Decision Outcome") in findings(tmp_path, "docs/decisions/b.md", MADR, {"docs/decisions/b.md": doc("## Context", "## Decision Drivers")})


def test_a_section_named_in_bold_on_its_own_line_is_said_to_be_no_heading_and_fix_makes_it_one(tmp_path, monkeypatch, capsys):
    from conftest import git

    text = "# Storage\n\n**Context and Problem Statement**\n\nWhy.\n\n```\n**Decision Outcome**\n```\n\n__Decision Outcome:__\n\nWhat.\n"
    write_tree(tmp_path, {".artifactkit.yaml": MADR, "docs/decisions/0001-storage.md": text})
    result = lint_file(str(tmp_path / "docs/decisions/0001-storage.md"), load_config(start=tmp_path))
    said = sorted((p.line, p.message.split(" — ")[1]) for p in result.problems)
    assert said == [
        (3, 'line 3 writes "Context and Problem Statement" in bold, which is no heading: make it a "## Context and Problem Statement" heading (required by decision)'),
        (11, 'line 11 writes "Decision Outcome" in bold, which is no heading: make it a "## Decision Outcome" heading (required by decision)'),  # not the one in code
    ]
    git(tmp_path, "init", "-q")
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "--fix", "--no-cache"]) == 0
    fixed = (tmp_path / "docs/decisions/0001-storage.md").read_text()
    assert fixed == text.replace("**Context and Problem Statement**", "## Context and Problem Statement").replace("__Decision Outcome:__", "## Decision Outcome")
    assert "```\n**Decision Outcome**\n```" in fixed and capsys.readouterr()


def test_a_required_section_counts_at_any_level_below_the_title(tmp_path):
    text = doc("## Summary", "### Decision", "## Motivation", "## Drawbacks")
    assert findings(tmp_path, "docs/design/a.md", files={"docs/design/a.md": text}) == []


def test_a_leftover_in_a_section_found_deeper_is_reported_once(tmp_path):
    text = doc("## Summary", "## Motivation", "## Drawbacks") + "### Decision\n\nTODO\n"
    assert findings(tmp_path, "docs/design/a.md", files={"docs/design/a.md": text}) == [("section-placeholder", "Decision")]


def test_levels_shifted_by_one_and_h1_sections_holding_only_subsections(tmp_path):
    # no title: H1s are the sections (the first one too); "# Motivation" has all its text in subsections
    text = "# Summary\n\nWords here.\n\n# Motivation\n\n## Why now\n\nBecause.\n\n# Decision\n\nWe do it.\n\n# Drawbacks\n\nSome.\n"
    assert findings(tmp_path, "docs/design/a.md", files={"docs/design/a.md": text}) == []


def test_a_name_repeated_deeper_does_not_hide_the_top_level_section(tmp_path):
    # H1 sections under an H1 title: each option's "## Drawbacks" belongs to it, not to the top level
    text = doc("# Summary", "# Motivation", "# Decision", "## Drawbacks", title="# A design\n\n") + "# Drawbacks\n\n"
    # the top-level Drawbacks is empty: that is what lint must say, not that it is missing or filled
    assert findings(tmp_path, "docs/design/a.md", files={"docs/design/a.md": text}) == [("section-empty", "Drawbacks")]


def test_multi_part_proposals_with_a_section_under_each_part(tmp_path):
    text = doc("## Summary", "## Part 1", "### Motivation", "### Decision", "## Part 2", "### Motivation", "### Decision", "## Drawbacks")
    assert findings(tmp_path, "docs/design/a.md", files={"docs/design/a.md": text}) == []


def test_a_heading_naming_the_section_among_other_words_counts_only_when_alone(tmp_path):
    text = doc("## Summary", "## Background and motivation", "## Decision", "## Drawbacks and risks")
    assert findings(tmp_path, "docs/design/a.md", files={"docs/design/a.md": text}) == []
    two = doc("## Summary", "## Motivation", "## Decision drivers", "## Decision outcome", "## Drawbacks")
    assert findings(tmp_path, "docs/design/b.md", files={"docs/design/b.md": two}) == [("section-missing", "Decision")]


def test_a_heading_naming_the_section_in_another_inflection(tmp_path):
    text = doc("## Summary", "## Motivating example", "## Proposed decision", "## Drawbacks")
    assert findings(tmp_path, "docs/design/a.md", files={"docs/design/a.md": text}) == []


def test_configured_aliases_and_optional_sections(tmp_path):
    config = DESIGN.replace(
        "sections: [Summary, Motivation, Decision, Drawbacks]",
        "sections: [Summary, {title: Motivation, aliases: [Why]}, Decision, {title: Drawbacks, optional: true}]",
    )
    text = doc("## Summary", "## 1. Why", "## Decision")
    assert findings(tmp_path, "docs/design/a.md", config, {"docs/design/a.md": text}) == []


def test_an_optional_section_left_empty_is_as_good_as_left_out(tmp_path):
    """Go's "## Open issues (if applicable)" with nothing under it: init learns such a section as
    optional, and an empty one says what leaving it out says. A leftover in it is still found."""
    config = DESIGN.replace("Drawbacks]", "{title: Open issues, optional: true}]")
    empty = doc("## Summary", "## Motivation", "## Decision") + "## Open issues (if applicable)\n"
    assert findings(tmp_path, "docs/design/a.md", config, {"docs/design/a.md": empty}) == []
    leftover = empty + "\nTODO\n"
    assert findings(tmp_path, "docs/design/b.md", config, {"docs/design/b.md": leftover}) == [("section-placeholder", "Open issues (if applicable)")]


# --- item 4: metadata ---------------------------------------------------------------------------

NYGARD = """docs_root: docs
types:
  adr:
    extends: adr-nygard
    paths: ["docs/adr/*.md"]
"""
BODY = "## Status\n\nAccepted\n\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nThen.\n"


def test_a_date_written_under_another_name_or_in_a_list_is_read(tmp_path):
    for i, preamble in enumerate(["Decision Date: 2021-07-15", "* Date: **2021-07-15**", "Introduced: 2021-07-15.", "| Created | 2021-07-15 |\n|---|---|\n| Owner | me |"]):
        rel = f"docs/adr/000{i + 1}-x.md"
        assert findings(tmp_path, rel, NYGARD, {rel: f"# {i + 1}. X\n\n{preamble}\n\n{BODY}"}) == [], preamble


def test_a_list_above_the_first_section_of_a_document_with_no_title_is_its_metadata(tmp_path):
    # Rust-style RFCs (yarn, Lemmy): "- Start Date:" above "# Summary", no title heading
    config = "docs_root: rfcs\ntypes:\n  proposal:\n    paths: ['rfcs/*.md']\n    metadata: [list]\n    frontmatter: {required: [date]}\n    sections: [Summary, Motivation]\n"
    text = "- Start Date: 2017-05-14\n- RFC PR: (leave this empty)\n\n# Summary\n\nAliases.\n\n# Motivation\n\nWhy.\n"
    assert findings(tmp_path, "rfcs/0001-alias.md", config, {"rfcs/0001-alias.md": text}) == []


def test_fields_on_one_line_and_a_colon_inside_the_bold_are_read(tmp_path):
    config = "docs_root: docs\ntypes:\n  decision:\n    paths: ['docs/d/*.md']\n    metadata: [lines]\n    statuses: [Proposed, Accepted]\n    frontmatter: {required: [status, date]}\n    sections: [Context]\n"
    for head in ("**Status**: Accepted · **Date**: 2026-09-03 · **Reversibility**: soft", "**Status:** Accepted | **Date:** 2026-09-03", "**Status:** Accepted\n**Date:** 2026-09-03"):
        text = f"# A\n\n{head}\n\n## Context\n\nWhy.\n"
        assert findings(tmp_path, "docs/d/a.md", config, {"docs/d/a.md": text}) == [], head
    wrong = "# A\n\n**Status:** Acepted · **Date:** 2026-09-03\n\n## Context\n\nWhy.\n"
    assert findings(tmp_path, "docs/d/a.md", config, {"docs/d/a.md": wrong}) == [("frontmatter-invalid", None)]


def test_a_date_written_without_dashes_under_another_name_is_not_called_missing(tmp_path):
    """fac's "Introduced: 20220513": the date is there, in ISO 8601's basic form; lint says it is
    not written YYYY-MM-DD, at its line, instead of "Date is missing"."""
    rel = "docs/adr/0001-x.md"
    write_tree(tmp_path, {".artifactkit.yaml": NYGARD, rel: f"# 1. X\n\nIntroduced: 20220513\n\n{BODY}"})
    problems = lint_file(str(tmp_path / rel), load_config(start=tmp_path)).problems
    assert [(p.rule, p.line) for p in problems] == [("frontmatter-invalid", 3)], problems

    text = "# 1. X\n\nDate: 2021-07-15\n\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nThen.\n"
    assert findings(tmp_path, "docs/adr/0001-x.md", NYGARD, {"docs/adr/0001-x.md": text}) == [("section-missing", "Status")]


def test_a_teams_own_statuses_are_accepted(tmp_path):
    text = f"# 1. X\n\nDate: 2021-07-15\n\n{BODY.replace('Accepted', 'Approved')}"
    files = {"docs/adr/0001-x.md": text}
    assert findings(tmp_path, "docs/adr/0001-x.md", NYGARD, files) == [("frontmatter-invalid", None)]
    own = NYGARD + "    statuses: [Pending, Approved, Superseded]\n"
    assert findings(tmp_path, "docs/adr/0001-x.md", own, files) == []
    assert findings(tmp_path, "docs/adr/0001-x.md", own, {"docs/adr/0001-x.md": text.replace("Approved", "Accepted")}) == [("frontmatter-invalid", None)]


def test_fields_from_a_list_a_table_or_a_sidecar_and_the_title_in_front_matter(tmp_path):
    config = """docs_root: docs
types:
  kep:
    paths: ["docs/keps/*/README.md"]
    sidecar: kep.yaml
    sections: [Summary]
    frontmatter: {required: [status, owner]}
"""
    files = {
        "docs/keps/a/README.md": "---\ntitle: A proposal\n---\n\n## Summary\n\nWords.\n",
        "docs/keps/a/kep.yaml": "status: implementable\nowner: sig-x\n",
        "docs/keps/b/README.md": "# B\n\n* Status: **Implemented**\n* Owner: sig-y\n\n## Summary\n\nWords.\n",
        "docs/keps/c/README.md": "# C\n\n| Status | Accepted |\n|---|---|\n| Owner | sig-z |\n\n## Summary\n\nWords.\n",
    }
    for name in "abc":
        assert findings(tmp_path, f"docs/keps/{name}/README.md", config, files) == [], name
    # the schema requires a title: front matter's counts
    config_title = config.replace("frontmatter: {required: [status, owner]}", "frontmatter: {required: [status, owner]}\n    schema: title.json")
    files["title.json"] = json.dumps({"type": "object", "required": ["title"], "properties": {"title": {"type": "string", "minLength": 1}}})
    assert findings(tmp_path, "docs/keps/a/README.md", config_title, files) == []


def test_a_field_points_at_the_line_it_was_read_from(tmp_path):
    config = NYGARD
    text = f"# 1. X\n\nDecision Date: 2021-13-45\n\n{BODY}"
    write_tree(tmp_path, {".artifactkit.yaml": config, "docs/adr/0001-x.md": text})
    problems = lint_file(str(tmp_path / "docs/adr/0001-x.md"), load_config(start=tmp_path)).problems
    assert [(p.rule, p.line) for p in problems] == [("frontmatter-invalid", 3)]


def test_the_teams_blank_template_is_not_linted(tmp_path):
    files = {"docs/adr/adr-template.md": "# N. Title\n\nDate: YYYY-MM-DD\n\n## Status\n\n## Context\n\n## Decision\n\n## Consequences\n"}
    write_tree(tmp_path, {".artifactkit.yaml": NYGARD, **files})
    result = lint_file(str(tmp_path / "docs/adr/adr-template.md"), load_config(start=tmp_path))
    assert result.problems == [] and "template" in (result.skipped or "")


def test_a_pointer_left_where_a_document_was_is_not_linted(tmp_path):
    files = {"docs/design/a.md": "Moved to [example.org/design/a](https://example.org/design/a).\n"}
    write_tree(tmp_path, {".artifactkit.yaml": DESIGN, **files})
    result = lint_file(str(tmp_path / "docs/design/a.md"), load_config(start=tmp_path))
    assert result.problems == [] and "stub" in (result.skipped or "")
    for text in ["# A\n\nThis page has moved to [b](b.md).\n", "# A [Deprecated]\n\nThis alert is deprecated. You can safely ignore it.\n"]:
        assert findings(tmp_path, "docs/design/c.md", files={"docs/design/c.md": text}) == [], text
    # a short draft without a link is a document that misses its sections
    assert ("section-missing", "Summary") in findings(tmp_path, "docs/design/b.md", files={"docs/design/b.md": "TODO\n"})


def test_a_site_generators_type_key_does_not_hide_the_type_the_paths_give(tmp_path):
    text = "---\ntitle: A\ntype: docs\n---\n" + doc("## Summary", "## Motivation", "## Decision", title="")
    assert findings(tmp_path, "docs/design/a.md", files={"docs/design/a.md": text}) == [("section-missing", "Drawbacks")]
    # a misspelt type is still reported
    assert ("type-unknown", None) in findings(tmp_path, "docs/design/b.md", files={"docs/design/b.md": text.replace("type: docs", "type: desing")})


# --- item 7: --fix ------------------------------------------------------------------------------


def fix(tmp_path, *extra: str) -> int:
    import os

    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        return main(["lint", "--fix", "--no-cache", *extra])
    finally:
        os.chdir(cwd)


def test_fix_never_inserts_a_section_written_at_another_level_or_inside_a_fence(tmp_path, capsys):
    deeper = doc("## Summary", "## Motivation", "### Decision") + "## Drawbacks [optional]\n\nSome.\n"
    fenced = doc("## Summary", "## Motivation") + "```sh\nrun it\n\n## Decision\n\nWe do.\n\n## Drawbacks\n\nSome.\n"
    write_tree(tmp_path, {".artifactkit.yaml": DESIGN, "docs/design/a.md": deeper, "docs/design/b.md": fenced})
    fix(tmp_path)
    assert (tmp_path / "docs/design/a.md").read_text() == deeper
    assert (tmp_path / "docs/design/b.md").read_text() == fenced
    assert "not inserted" in capsys.readouterr().err


def test_fix_never_inserts_english_headings_into_a_document_in_another_language(tmp_path, capsys):
    turkish = "# Bir karar\n\n## Özet\n\nMetin.\n\n## Bağlam\n\nMetin.\n\n## Karar\n\nMetin.\n"
    write_tree(tmp_path, {".artifactkit.yaml": DESIGN, "docs/design/a.md": turkish})
    fix(tmp_path)
    assert (tmp_path / "docs/design/a.md").read_text() == turkish
    assert "another language" in capsys.readouterr().err


def test_fix_does_not_call_english_headings_of_another_outline_another_language(tmp_path, capsys):
    """openshift's etcd runbooks: "## Alert Description", "## Troubleshooting" where the others have
    Meaning, Impact...: nothing inserted, and the note does not say the English is a foreign language."""
    other = "# A design\n\n## Alert Description\n\nText.\n\n## Troubleshooting\n\nText.\n"
    write_tree(tmp_path, {".artifactkit.yaml": DESIGN, "docs/design/a.md": other})
    fix(tmp_path)
    assert (tmp_path / "docs/design/a.md").read_text() == other
    err = capsys.readouterr().err
    assert "another outline" in err and "are in another language" not in err, err


def test_fix_after_baseline_creates_no_finding_the_baseline_did_not_have(tmp_path):
    import os

    text = doc("## Summary", "## Motivation", "## Decision")  # Drawbacks missing
    write_tree(tmp_path, {".artifactkit.yaml": DESIGN, "docs/design/a.md": text})
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        assert main(["baseline"]) == 0
        assert main(["lint", "--no-cache"]) == 0
        assert main(["lint", "--fix", "--no-cache"]) == 0  # nothing new: CI stays green
    finally:
        os.chdir(cwd)
    assert (tmp_path / "docs/design/a.md").read_text() == text


def test_fix_never_inserts_a_heading_that_would_take_in_the_text_after_it(tmp_path, capsys):
    # "### Decision" counts for Decision; a "## Drawbacks" inserted above it would own its text
    text = doc("## Summary", "## Motivation", "### Decision", "### More") + "## Status: accepted\n"
    order = DESIGN.replace("[Summary, Motivation, Decision, Drawbacks]", "[Drawbacks, Decision, Summary, Motivation]")
    write_tree(tmp_path, {".artifactkit.yaml": order, "docs/design/a.md": text})
    fix(tmp_path)
    assert (tmp_path / "docs/design/a.md").read_text() == text



def listed(tmp_path, monkeypatch, capsys, files: dict) -> list[dict]:
    """``list --format json`` of a git repository holding ``files``, run from inside it."""
    from conftest import git

    write_tree(tmp_path, files)
    git(tmp_path, "init", "-q")
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["list", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_list_and_the_site_show_the_front_matters_title_over_the_heading(tmp_path, monkeypatch, capsys):
    docs = listed(tmp_path, monkeypatch, capsys, {
        ".artifactkit.yaml": "docs_root: docs\ntypes:\n  alert:\n    paths: ['docs/alerts/*.md']\n    sections: [{title: Troubleshooting, optional: true}]\n",
        "docs/alerts/a.md": "---\ntitle: Asset master attachment processing\n---\n\n# asset master attachment processing\n\nText.\n",
    })
    assert [d["title"] for d in docs] == ["Asset master attachment processing"]
    assert main(["site", "build"]) == 0
    assert "<title>Asset master attachment processing" in (tmp_path / "_site/pages/docs/alerts/a.html").read_text(encoding="utf-8")


def test_a_section_holding_only_a_picture_is_written(tmp_path):
    # dfds' postmortems: "## Timeline" holds a screenshot of the provider's status page
    text = doc("## Summary", "## Motivation", "## Drawbacks").replace(
        "## Decision", "") + "## Decision\n\n![Status page at 14:02](./status.png)\n"
    assert findings(tmp_path, "docs/design/a.md", files={"docs/design/a.md": text, "docs/design/status.png": ""}) == []
    empty = text.replace("![Status page at 14:02](./status.png)\n", "<!-- add the timeline's picture -->\n")
    assert findings(tmp_path, "docs/design/a.md", files={"docs/design/a.md": empty}) == [("section-empty", "Decision")]


def test_a_keps_slug_title_yields_to_its_heading_and_its_creation_date_is_its_date(tmp_path, monkeypatch, capsys):
    docs = listed(tmp_path, monkeypatch, capsys, {
        ".artifactkit.yaml": "docs_root: keps\ntypes:\n  kep:\n    paths: ['keps/*/README.md']\n    sidecar: kep.yaml\n    sections: [Summary]\n",
        "keps/17-features/README.md": "# Managed cluster feature labels\n\n## Summary\n\nWords.\n",
        "keps/17-features/kep.yaml": "title: update-managedcluster-status-to-include-clusterinfo\ncreation-date: 2021-03-18\n",
        "keps/18-other/README.md": "# Ignored heading\n\n## Summary\n\nWords.\n",
        "keps/18-other/kep.yaml": "title: A title people wrote\n",
    })
    shown = {d["path"]: (d["title"], d["date"]) for d in docs}
    assert shown == {"keps/17-features/README.md": ("Managed cluster feature labels", "2021-03-18"), "keps/18-other/README.md": ("A title people wrote", None)}
    assert main(["site", "build"]) == 0
    page = (tmp_path / "_site/pages/keps/17-features/README.html").read_text(encoding="utf-8")
    assert "<title>Managed cluster feature labels" in page and "2021-03-18" in page
