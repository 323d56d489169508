"""Each built-in schema: a complete document passes; each required section removed, emptied,
left as TODO or left as the template's hint fails with the right rule and line."""

from __future__ import annotations

import pytest
from conftest import lint_json, write_tree
from docfactory import TYPES, document, line_of, schema, sections
from jsonschema import Draft202012Validator


@pytest.mark.parametrize("type_name", TYPES)
def test_schema_is_valid_and_documented(type_name):
    s = schema(type_name)
    Draft202012Validator.check_schema(s)
    assert s["$id"].endswith(f"/{type_name}.schema.json")
    assert s["title"] and s["description"]
    for key, title, prop in sections(type_name):
        assert prop.get("description"), f"{type_name}: section {key!r} needs a description"
        assert prop.get("x-hint"), f"{type_name}: section {key!r} needs the template's hint"
        assert key == " ".join(title.lower().split())
    fm = s["properties"]["frontmatter"]
    for field in fm["required"]:
        assert fm["properties"][field].get("description"), f"{type_name}: front matter {field!r}"


@pytest.mark.parametrize("type_name", TYPES)
def test_required_sections_matrix(tmp_path, type_name):
    cases = {"complete.md": (document(type_name), None, None)}
    for key, title, prop in sections(type_name):
        slug = key.replace(" ", "_")
        hint = prop["x-hint"]
        cases[f"missing_{slug}.md"] = (document(type_name, {key: None}), "section-missing", title)
        cases[f"empty_{slug}.md"] = (document(type_name, {key: "<!-- to do later -->\n"}), "section-empty", title)
        cases[f"todo_{slug}.md"] = (document(type_name, {key: "TODO\n"}), "section-placeholder", title)
        cases[f"hint_{slug}.md"] = (document(type_name, {key: f"_{hint}_\n"}), "section-placeholder", title)
    write_tree(tmp_path, {name: text for name, (text, _, _) in cases.items()})
    code, problems = lint_json(["."], tmp_path)
    assert code == 1
    by_file: dict[str, list[dict]] = {}
    for p in problems:
        by_file.setdefault(p["path"], []).append(p)
    assert "complete.md" not in by_file, by_file.get("complete.md")
    for name, (text, rule, title) in cases.items():
        if rule is None:
            continue
        got = by_file.get(name, [])
        assert [(p["rule"], p["section"]) for p in got] == [(rule, title)], (name, got)
        if rule == "section-missing":
            # It points at where the section belongs: the heading that now follows that place.
            order = [t for _, t, _ in sections(type_name)]
            later = order[order.index(title) + 1:]
            expected = line_of(text, f"## {later[0]}") if later else len(text.splitlines())
            assert got[0]["line"] == expected
            assert f"## {title}" in got[0]["message"]
        elif rule == "section-placeholder":
            # It points at the leftover itself, two lines below the heading.
            assert got[0]["line"] == line_of(text, f"## {title}") + 2
        else:
            assert got[0]["line"] == line_of(text, f"## {title}")
        assert f"required by {type_name}" in got[0]["message"] or rule == "section-placeholder"
        assert "is a required property" not in got[0]["message"]


@pytest.mark.parametrize("type_name", TYPES)
def test_required_frontmatter_fields(tmp_path, type_name):
    s = schema(type_name)
    required = [f for f in s["properties"]["frontmatter"]["required"] if f != "type"]
    files = {}
    for field in required:
        text = document(type_name)
        lines = text.split("\n")
        kept = [ln for ln in lines if not ln.startswith(f"{field}:")]
        files[f"no_{field}.md"] = "\n".join(kept)
    write_tree(tmp_path, files)
    code, problems = lint_json(["."], tmp_path)
    assert code == 1
    got = sorted((p["path"], p["rule"], p["line"]) for p in problems)
    assert got == sorted((f"no_{f}.md", "frontmatter-missing", 1) for f in required)
    for p in problems:
        field = p["path"][3:-3]
        assert f'missing "{field}"' in p["message"]


def test_invalid_frontmatter_values_point_at_the_field(tmp_path):
    text = document("adr").replace("status: Accepted", "status: Done").replace("date: 2026-11-23", "date: 23/11/2026")
    write_tree(tmp_path, {"a.md": text})
    code, problems = lint_json(["a.md"], tmp_path)
    assert code == 1
    got = {(p["rule"], p["line"]) for p in problems}
    assert got == {("frontmatter-invalid", 3), ("frontmatter-invalid", 4)}
    status = next(p for p in problems if p["line"] == 3)
    assert "Done" in status["message"] and "Proposed" in status["message"]


def test_review_checklist_open_items_fail_and_na_needs_a_reason(tmp_path):
    open_items = "- [x] ran the tests\n- [ ] checked the docs\n"
    bare_na = "- [ ] N/A\n"
    write_tree(tmp_path, {
        "open.md": document("review-checklist", {"tests": open_items}),
        "na.md": document("review-checklist", {"security": bare_na}),
        "ok.md": document("review-checklist", {"security": "- [ ] N/A: this change has no inputs from users\n"}),
    })
    code, problems = lint_json(["."], tmp_path)
    assert code == 1
    got = sorted((p["path"], p["rule"], p["section"]) for p in problems)
    assert got == [("na.md", "section-incomplete", "Security"), ("open.md", "section-incomplete", "Tests")]
    assert all("N/A" in p["message"] for p in problems)


def test_rfc_needs_two_options(tmp_path):
    one = "We looked at the options.\n\n### Only option\n\nKeep the pool as it is and hope for the best.\n"
    write_tree(tmp_path, {"rfc.md": document("rfc", {"options considered": one})})
    code, problems = lint_json(["rfc.md"], tmp_path)
    assert code == 1
    assert [(p["rule"], p["section"]) for p in problems] == [("section-incomplete", "Options considered")]
    assert "two options" in problems[0]["message"]


def test_section_synonyms_are_accepted(tmp_path):
    text = document("runbook").replace("## Rollback or mitigation steps", "## Mitigation")
    write_tree(tmp_path, {"r.md": text})
    code, problems = lint_json(["r.md"], tmp_path)
    assert (code, problems) == (0, [])


def test_a_schema_files_uri_is_pathlibs(tmp_path):
    """A schema without an ``$id`` is named by its file's URI: ``file_uri`` (no pathlib, no urllib on
    the hook's way) gives ``Path(path).resolve().as_uri()`` for every kind of byte a name may hold."""
    import os
    from pathlib import Path

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from artifactkit.schema.schemas import file_uri

    os.symlink(tmp_path, tmp_path / "link")  # resolved through a link, as Path.resolve does
    part = st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1, max_size=12)
    raw = st.binary(min_size=1, max_size=8).filter(lambda b: b"/" not in b and b"\x00" not in b).map(os.fsdecode)  # undecodable bytes

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.one_of(part, raw, st.sampled_from([".", "..", "link", "a b", "%41", "~_-.", "[x]?#"])), min_size=1, max_size=4), st.booleans())
    def check(parts, absolute):
        path = os.path.join(str(tmp_path) if absolute else ".", *parts)
        assert file_uri(path) == Path(path).resolve().as_uri()

    check()


def test_each_schema_info_answers_for_its_own_schema():
    """names, required_order and children are remembered per SchemaInfo (per type): two schemas that
    share a section key, asked in turn and again, each answer as computed afresh from their own."""
    from artifactkit.schema.schemas import collect_info

    def info(required: list[str], props: dict):
        return collect_info([{"properties": {"sections": {"required": required, "properties": props}}}])

    one = info(["summary", "context"], {"summary": {"x-aliases": ["TL;DR", "Abstract"]}, "context": {}})
    two = info(["summary"], {"summary": {}, "risks": {}, "notes": {}})
    for _ in range(2):
        assert one.names(("summary",)) == {"summary", "tl;dr", "abstract"} and two.names(("summary",)) == {"summary"}
        assert one.required_order(()) == ("summary", "context") and two.required_order(()) == ("summary",)
        assert one.children(()) == {"summary", "context"} and two.children(()) == {"summary", "risks", "notes"}
        assert one.derived(("question",), lambda: 1) == 1 and two.derived(("question",), lambda: 2) == 2
