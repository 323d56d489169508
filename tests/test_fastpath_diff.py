"""Differential tests: artifactkit.schema.quickcheck agrees with jsonschema.

quickcheck may only answer "certainly valid" when jsonschema finds no error at all; whenever it
answers False the linter asks jsonschema, so the reported problems are always jsonschema's.
"""

from __future__ import annotations

import copy
import json

import pytest
from conftest import REPO, bench_corpus, scaled
from docfactory import TYPES, document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from artifactkit.document import model
from artifactkit.engine import linter
from artifactkit.engine.config import load_config
from artifactkit.schema import quickcheck

CONFIG = load_config(start=REPO / "tests")


def instance_of(text: str, type_name: str) -> dict:
    doc = model.parse_text("x.md", text)
    doctype = CONFIG.types[type_name]
    doc.type = type_name
    doc.apply_aliases(doctype.info.aliases())
    doc.apply_hints(doctype.info.hints())
    return doc.instance()


def jsonschema_valid(type_name: str, instance) -> bool:
    doctype = CONFIG.types[type_name]
    return next(iter(CONFIG.validator(doctype).iter_errors(instance)), None) is None


def schema_of(type_name: str) -> dict:
    return CONFIG.types[type_name].effective_schema()


@pytest.mark.parametrize("type_name", TYPES)
def test_complete_documents_take_the_fast_path(type_name):
    inst = instance_of(document(type_name), type_name)
    assert jsonschema_valid(type_name, inst)
    assert quickcheck.certainly_valid(schema_of(type_name), inst)


@pytest.mark.parametrize("type_name", TYPES)
def test_broken_documents_go_to_jsonschema(type_name):
    sections = json.loads((REPO / "schemas" / f"{type_name}.schema.json").read_text())["properties"]["sections"]["required"]
    for override in ({sections[0]: None}, {sections[-1]: "TODO"}, {sections[1]: ""}):
        inst = instance_of(document(type_name, override), type_name)
        assert not jsonschema_valid(type_name, inst)
        assert not quickcheck.certainly_valid(schema_of(type_name), inst)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=False, allow_infinity=False, width=16)
    | st.sampled_from(["", "x", "2026-11-23", "2026-02-30", "2026-1-1", "Accepted", "Draft", "SEV2", "adr", "rfc", "@team"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["a", "done", "open", "na"]), inner, max_size=3),
    max_leaves=6,
)


@st.composite
def mutated(draw):
    type_name = draw(st.sampled_from(TYPES))
    inst = copy.deepcopy(instance_of(document(type_name), type_name))
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.sampled_from(["fm-set", "fm-del", "sec-field", "sec-del", "top", "sub"]))
        fm = inst.get("frontmatter") if isinstance(inst.get("frontmatter"), dict) else {}
        secs = inst.get("sections") if isinstance(inst.get("sections"), dict) else {}
        if where == "fm-set":
            key = draw(st.sampled_from(sorted(fm) + ["tags", "deciders", "supersedes", "reviewers", "pr", "next_meeting"]))
            fm[key] = draw(json_values)
        elif where == "fm-del" and fm:
            fm.pop(draw(st.sampled_from(sorted(fm))))
        elif where == "sec-field" and secs:
            sec = secs[draw(st.sampled_from(sorted(secs)))]
            if not isinstance(sec, dict):
                continue
            field = draw(st.sampled_from(["filled", "placeholders", "list_items", "tasks", "words", "subsections"]))
            sec[field] = draw(json_values | st.just({"open": 1}) | st.just({"open": 0}) | st.just([]))
        elif where == "sec-del" and secs:
            secs.pop(draw(st.sampled_from(sorted(secs))))
        elif where == "top":
            inst[draw(st.sampled_from(["title", "frontmatter", "sections"]))] = draw(json_values)
        elif where == "sub":
            for sec in secs.values():
                if isinstance(sec, dict) and isinstance(sec.get("subsections"), dict) and sec["subsections"]:
                    sec["subsections"].pop(next(iter(sec["subsections"])))
                    break
    return type_name, inst


@settings(max_examples=scaled(400), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_quickcheck_never_passes_what_jsonschema_rejects(case):
    type_name, inst = case
    if quickcheck.certainly_valid(schema_of(type_name), inst):
        assert jsonschema_valid(type_name, inst)


@settings(max_examples=scaled(300), deadline=None)
@given(json_values, json_values)
def test_keyword_semantics_match_jsonschema(value, other):
    """const/enum/type/min*/format on arbitrary values: quickcheck's True implies jsonschema's True."""
    from jsonschema import Draft202012Validator

    schemas = [
        {"const": other}, {"enum": [other, "x"]}, {"type": ["integer", "string"]}, {"type": "number"}, {"type": "integer"},
        {"minItems": 1, "maxItems": 2}, {"minLength": 1}, {"minimum": 0}, {"exclusiveMaximum": 1}, {"format": "date"},
        {"minProperties": 2}, {"uniqueItems": True}, {"items": {"type": "string", "minLength": 1}},
        {"additionalProperties": False, "properties": {"a": {}}}, {"propertyNames": {"pattern": "^[a-d]"}},
    ]
    for schema in schemas:
        expected = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).is_valid(value)
        assert quickcheck.certainly_valid(schema, value) == expected, schema


def test_unknown_keywords_and_remote_refs_defer():
    assert not quickcheck.certainly_valid({"oneOf": [{}]}, 1)
    assert not quickcheck.certainly_valid({"$ref": "https://example.com/x.json"}, 1)
    assert not quickcheck.certainly_valid({"format": "email"}, "a@b.c")
    assert quickcheck.certainly_valid({"$defs": {"a": {"type": "string"}}, "$ref": "#/$defs/a"}, "s")


def test_config_schema_agrees():
    from jsonschema import Draft202012Validator

    schema = json.loads((REPO / "schemas" / "config.schema.json").read_text())
    good = {"docs_root": "docs", "ignore": ["drafts/**"], "rules": {"section-empty": "warning"},
            "types": {"decision": {"schema": "s.json", "paths": ["decisions/*.md"]}}}
    for raw in (good, {**good, "rules": {"section-empty": "loud"}}, {**good, "bogus": 1}, {"ignore": "x"}):
        expected = Draft202012Validator(schema).is_valid(raw)
        if quickcheck.certainly_valid(schema, raw):
            assert expected


def test_lint_output_identical_with_and_without_quickcheck(tmp_path, monkeypatch):
    bench_corpus(tmp_path / "docs", 15, seed=7)
    monkeypatch.chdir(tmp_path)
    config = load_config()
    fast = linter.lint_paths(["docs"], config, jobs=1).problems
    calls = []
    real = quickcheck.certainly_valid
    monkeypatch.setattr(quickcheck, "certainly_valid", lambda s, i: calls.append(real(s, i)) or False)
    slow = linter.lint_paths(["docs"], config, jobs=1).problems
    assert fast == slow
    assert calls.count(True) > 30  # most generated documents are valid and take the fast path
