"""Differential tests: the validation gate (jsonschema-rs) against python-jsonschema, the reference.

The gate decides whether a document is valid; it must never say valid where python-jsonschema
says invalid: on the built-in schemas with broken documents, on the example team schemas, and on
generated schemas whose *structure* varies (nested ``$id`` resources, ``$anchor``, ``$dynamicRef``,
``allOf``/``if``/``then``/``else``, ``unevaluatedProperties``). The problems worded from the gate's
errors are compared with those worded from python-jsonschema's errors (what lint printed before).
"""

from __future__ import annotations

import copy
import json

import jsonschema_rs
import pytest
from conftest import REPO, bench_corpus, run, scaled
from docfactory import TYPES, document
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from artifactkit import record
from artifactkit.document import model
from artifactkit.engine import linter
from artifactkit.engine.config import load_config
from artifactkit.schema import messages
from artifactkit.schema.schemas import Validation

CONFIG = load_config(start=REPO / "tests")


def reference(schema: dict, resources: dict[str, dict] | None = None) -> Draft202012Validator:
    registry = Registry().with_resources(
        (uri, Resource.from_contents(body, default_specification=DRAFT202012)) for uri, body in (resources or {}).items())
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def gate(schema: dict, resources: dict[str, dict] | None = None) -> Validation:
    return Validation(schema, resources or {}, "urn:test:root")


# --- the bug that started it: a nested $id changes what "#/..." means -------------------------------

NESTED_ID = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$defs": {
        "short": {"maxLength": 100},
        "inner": {"$id": "https://example.com/inner", "$defs": {"short": {"maxLength": 3}}, "$ref": "#/$defs/short"},
    },
    "type": "object",
    "properties": {"frontmatter": {"type": "object", "properties": {"code": {"$ref": "#/$defs/inner"}}}},
}


def test_nested_id_is_a_new_base_for_refs():
    assert not reference(NESTED_ID).is_valid({"frontmatter": {"code": "abcdef"}})
    assert not gate(NESTED_ID).is_valid({"frontmatter": {"code": "abcdef"}})
    assert gate(NESTED_ID).is_valid({"frontmatter": {"code": "abc"}})


def test_lint_reports_the_nested_id_violation(tmp_path):
    """On the old gate (quickcheck) this printed '1 document checked, no problems' and exited 0."""
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "decision.schema.json").write_text(json.dumps(NESTED_ID), encoding="utf-8")
    (tmp_path / ".artifactkit.yaml").write_text("types:\n  decision:\n    schema: schemas/decision.schema.json\n", encoding="utf-8")
    (tmp_path / "d.md").write_text("---\ntype: decision\ncode: abcdef\n---\n# D\n", encoding="utf-8")
    proc = run(["lint", "--no-cache", "d.md"], cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert 'd.md:3:1: error [frontmatter-invalid] front matter "code" has more than 3 entries' in proc.stdout


# --- built-in schemas: complete and broken documents ----------------------------------------------

def instance_of(text: str, type_name: str) -> dict:
    doc = model.parse_text("x.md", text)
    doctype = CONFIG.types[type_name]
    doc.type = type_name
    doc.apply_aliases(doctype.info.aliases())
    doc.apply_hints(doctype.info.hints())
    return doc.instance()


def builtin_pair(type_name: str):
    doctype = CONFIG.types[type_name]
    return CONFIG.validator(doctype), reference(doctype.effective_schema(), CONFIG.resources())


@pytest.mark.parametrize("type_name", TYPES)
def test_complete_and_broken_documents(type_name):
    ours, ref = builtin_pair(type_name)
    inst = instance_of(document(type_name), type_name)
    assert ours.is_valid(inst) and ref.is_valid(inst)
    required = json.loads((REPO / "schemas" / f"{type_name}.schema.json").read_text())["properties"]["sections"]["required"]
    for override in ({required[0]: None}, {required[-1]: "TODO"}, {required[1]: ""}):
        inst = instance_of(document(type_name, override), type_name)
        assert not ref.is_valid(inst)
        assert not ours.is_valid(inst)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=False, allow_infinity=False, width=16)
    | st.sampled_from(["", "x", "2026-11-23", "2026-02-30", "2026-1-1", "Accepted", "Draft", "SEV2", "adr", "rfc", "@team"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["a", "done", "open", "na"]), inner, max_size=3),
    max_leaves=6,
)


@st.composite
def mutated(draw):
    type_name = draw(st.sampled_from(TYPES))
    text = document(type_name)
    inst = copy.deepcopy(instance_of(text, type_name))
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
    return type_name, text, inst


OWN_TEXT = "<the validator's own sentence>"


def failure_of(error) -> messages.Failure:
    """A python-jsonschema error in the terms the wording needs (how lint worded problems before)."""
    return messages.Failure(error.validator, error.validator_value, error.instance, tuple(error.absolute_path), error.schema,
                            OWN_TEXT, [failure_of(e) for e in error.context or ()])


def own_text_masked(failure: messages.Failure) -> messages.Failure:
    """A few fallback messages quote the validator's own sentence, which each validator writes in its notation
    (python-jsonschema: None, 'x'; jsonschema-rs: null, "x"): masked here, everything artifactkit words must be equal."""
    assert "\n" not in failure.message
    return record.replace(failure, message=OWN_TEXT, context=[own_text_masked(c) for c in failure.context])


@settings(max_examples=scaled(400), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_gate_agrees_and_words_problems_as_before(case):
    type_name, text, inst = case
    ours, ref = builtin_pair(type_name)
    assert ours.is_valid(inst) == ref.is_valid(inst)
    doc = model.parse_text("x.md", text)
    doctype = CONFIG.types[type_name]
    new = messages.problems_from_errors(doc, doctype, [own_text_masked(f) for f in messages.failures(ours.iter_errors(inst), ours)])
    old = messages.problems_from_errors(doc, doctype, [failure_of(e) for e in ref.iter_errors(inst)])
    assert sorted(new) == sorted(old)


# --- example team schemas ---------------------------------------------------------------------------

def test_example_team_schemas_and_config_schema():
    config = load_config(start=REPO / "examples" / "corpus")
    for name, doctype in config.types.items():
        if doctype.builtin:
            continue
        ours, ref = config.validator(doctype), reference(doctype.effective_schema(), config.resources())
        good = instance_of(document("adr"), "adr")
        for inst in (good, {**good, "frontmatter": {}}, {}, {"title": 3}):
            assert ours.is_valid(inst) == ref.is_valid(inst), (name, inst)
    schema = json.loads((REPO / "schemas" / "config.schema.json").read_text())
    good = {"docs_root": "docs", "ignore": ["drafts/**"], "rules": {"section-empty": "warning"},
            "types": {"decision": {"schema": "s.json", "paths": ["decisions/*.md"]}}}
    for raw in (good, {**good, "rules": {"section-empty": "loud"}}, {**good, "bogus": 1}, {"ignore": "x"}, {"rules": {"X": "off"}}):
        assert gate(schema).is_valid(raw) == reference(schema).is_valid(raw), raw


# --- generated schemas: the structure varies --------------------------------------------------------

LEAVES = [
    {"type": "string"}, {"type": "integer"}, {"type": ["string", "null"]}, {"maxLength": 2}, {"minLength": 1},
    {"pattern": "^a"}, {"pattern": "b$"}, {"enum": ["a", "ab", 1]}, {"const": "a"}, {"minimum": 0}, {"maxItems": 1},
    {"required": ["a"]}, {"minProperties": 1}, True, False, {"format": "date"}, {"items": {"type": "string"}},
    {"properties": {"a": {"type": "string"}}}, {"additionalProperties": False},
]


@st.composite
def subschema(draw, depth: int, ids: list):
    if depth <= 0 or draw(st.integers(0, 3)) == 0:
        return copy.deepcopy(draw(st.sampled_from(LEAVES)))
    kind = draw(st.sampled_from(["allOf", "anyOf", "oneOf", "not", "ifthen", "props", "uneval", "ref", "id", "anchor", "dynamic", "items"]))
    def inner():
        return draw(subschema(depth - 1, ids))
    if kind in ("allOf", "anyOf", "oneOf"):
        return {kind: [inner() for _ in range(draw(st.integers(1, 3)))]}
    if kind == "not":
        return {"not": inner()}
    if kind == "ifthen":
        out = {"if": inner(), "then": inner()}
        if draw(st.booleans()):
            out["else"] = inner()
        return out
    if kind == "props":
        return {"properties": {k: inner() for k in draw(st.lists(st.sampled_from("abc"), max_size=2, unique=True))},
                **({"patternProperties": {"^c": inner()}} if draw(st.booleans()) else {})}
    if kind == "uneval":
        return {"allOf": [{"properties": {"a": inner()}}], "unevaluatedProperties": draw(st.sampled_from([False, {"type": "integer"}]))}
    if kind == "items":
        return {"prefixItems": [inner()], "items": inner(), **({"unevaluatedItems": False} if draw(st.booleans()) else {})}
    if kind == "ref":
        return {"$ref": draw(st.sampled_from(["#/$defs/short", "#/$defs/node", "#top", "#"]))}
    if kind == "id":
        name = f"https://example.com/r{len(ids)}"
        ids.append(name)
        # a resource with its own $defs: "#/$defs/short" inside it means its own, not the root's
        return {"$id": name, "$defs": {"short": inner(), "node": inner()}, **inner_ref(draw)}
    if kind == "anchor":
        return {"$anchor": f"a{len(ids)}", "allOf": [inner()]}
    return {"$dynamicRef": "#node"}


def inner_ref(draw) -> dict:
    return {"$ref": draw(st.sampled_from(["#/$defs/short", "#/$defs/node"]))}


@st.composite
def schema_and_instances(draw):
    ids: list = []
    root = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$anchor": "top",
        "$dynamicAnchor": "node",
        "$defs": {"short": draw(subschema(2, ids)), "node": draw(subschema(2, ids))},
        "allOf": [draw(subschema(3, ids))],
    }
    instances = draw(st.lists(json_values | st.dictionaries(st.sampled_from("abc"), json_values, max_size=3), min_size=1, max_size=4))
    return root, instances


@settings(max_examples=scaled(600), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(schema_and_instances())
@example(({"$defs": {"short": {"maxLength": 10}, "inner": {"$id": "https://example.com/inner", "$defs": {"short": {"maxLength": 3}},
                                                           "$ref": "#/$defs/short"}}, "$ref": "#/$defs/inner"}, ["abcdef"]))
def test_gate_never_passes_what_jsonschema_rejects(case):
    schema, instances = case
    try:
        ours = gate(schema)
    except (ValueError, jsonschema_rs.ReferencingError):  # a schema the gate cannot compile (a reference to nothing): lint refuses it at config load
        return
    for inst in instances:
        try:
            expected = reference(schema).is_valid(inst)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # noqa: BLE001 - python-jsonschema loops forever on {"$ref": "#"} (RecursionError, or a
            continue           # panic in its Rust-backed registry); the gate answers those without recursing
        if ours.is_valid(inst) and not expected:
            # python-jsonschema 4.26 resolves a "$ref" beside a nested "$id" against the wrong base when a sibling
            # branch was evaluated first (test_python_jsonschema_misreads_a_nested_id_after_a_sibling): ask it again
            # with every embedded resource lifted into the registry, which the spec says means the same
            assert reference(*lift(schema)).is_valid(inst), (schema, inst)


def lift(schema: dict) -> tuple[dict, dict[str, dict]]:
    """``schema`` with each embedded resource (a subschema with an absolute "$id") replaced by a "$ref" to it."""
    resources: dict[str, dict] = {}

    def walk(node, top: bool):
        if isinstance(node, list):
            return [walk(v, False) for v in node]
        if not isinstance(node, dict):
            return node
        out = {k: walk(v, False) for k, v in node.items()}
        if not top and isinstance(node.get("$id"), str):
            resources[node["$id"]] = out
            return {"$ref": node["$id"]}
        return out

    return walk(schema, True), resources


def test_python_jsonschema_misreads_a_nested_id_after_a_sibling():
    """Why the differential test asks python-jsonschema twice: branch order changes its answer; the gate's is the spec's."""
    inner = {"$id": "https://example.com/r0", "$defs": {"short": {"type": "string"}}, "$ref": "#/$defs/short"}
    schema = {"$defs": {"short": {"type": ["string", "null"]}}, "oneOf": [{"type": ["string", "null"]}, inner]}
    swapped = {**schema, "oneOf": [inner, {"type": ["string", "null"]}]}
    assert not reference(schema).is_valid(None) and reference(swapped).is_valid(None)  # if this fails, python-jsonschema was fixed
    assert gate(schema).is_valid(None) and gate(swapped).is_valid(None)
    assert reference(*lift(schema)).is_valid(None)


def test_lint_output_identical_on_the_bench_corpus_and_most_documents_pass_the_gate(tmp_path, monkeypatch):
    bench_corpus(tmp_path / "docs", 15, seed=7)
    monkeypatch.chdir(tmp_path)
    config = load_config()
    problems = linter.lint_paths(["docs"], config, jobs=1).problems
    valid = 0
    for path in sorted((tmp_path / "docs").rglob("*.md")):
        doc = model.load(str(path))[0]
        if doc.type not in config.types:
            continue
        doctype = config.types[doc.type]
        doc.apply_aliases(doctype.info.aliases())
        doc.apply_hints(doctype.info.hints())
        inst = doc.instance()
        ours, ref = config.validator(doctype), reference(doctype.effective_schema(), config.resources())
        assert ours.is_valid(inst) == ref.is_valid(inst), path
        valid += ours.is_valid(inst)
    assert valid > 30
    assert all(p.rule for p in problems)
