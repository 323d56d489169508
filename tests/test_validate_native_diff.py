"""Differential tests: the native validation (src/validate.rs, the ``jsonschema`` crate) judges
every instance as jsonschema-rs does, and reports the same errors.

``Validation.is_valid`` and ``Validation.iter_errors`` ask ``artifactkit._native`` and never import
jsonschema_rs. The two must agree on validity and, for an invalid instance, on every error field
by field (message, paths, keyword location, instance, kind and its fields, anyOf/oneOf branches, in
order), on the schemas the errors point at, and on the lint report made of them. Where the native
side declines an instance (``None``: a value jsonschema-rs refuses to read) or a schema,
jsonschema-rs must be the one that refuses it. Instances come from the real documents of
/work/shared/corpus read as each built-in type, and from mutations of them; schemas are the
built-in ones and generated ones whose *structure* varies ($ref across registered resources,
combinators, conditionals, formats, x-message, numbers that are equal as JSON but not as Python
objects).
"""

from __future__ import annotations

import copy
import decimal
import enum
import json
import math
import shutil
from pathlib import Path

import jsonschema_rs
import pytest
from conftest import REPO, run, scaled
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from artifactkit import _native
from artifactkit.checks import statuscase
from artifactkit.engine.config import load_config
from artifactkit.schema import opening
from artifactkit.schema.messages import failures
from artifactkit.schema.schemas import DRAFT, Validation

CONFIG = load_config(start=REPO / "tests")
CORPUS = Path("/work/shared/corpus")
SETTINGS = settings(max_examples=scaled(300), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def verdicts(validation: Validation, instance) -> tuple:
    """(native, jsonschema-rs): a bool each, or the name of the error jsonschema-rs raises."""
    native = validation._native.is_valid(instance)
    try:
        reference = validation.validator.is_valid(instance)
    except (ValueError, UnicodeError, RecursionError) as exc:
        reference = type(exc).__name__
    return native, reference


def assert_same(validation: Validation, instance) -> bool | None:
    native, reference = verdicts(validation, instance)
    if native is None:  # declined: jsonschema-rs refuses the instance too, and lint sees its error
        assert isinstance(reference, str), (instance, reference)
        assert validation._native.iter_errors(instance) is None
    else:
        assert native == reference, (instance, native, reference)
        assert_same_errors(validation, instance)
    return native


# --- errors, field by field ---------------------------------------------------------------------


def containers(value) -> list:
    """The dicts and lists of an instance: an error's instance may be one of them, as given."""
    found, stack = [], [value]
    while stack:
        node = stack.pop()
        if isinstance(node, (dict, list, tuple)):
            found.append(node)
            stack.extend(node.values() if isinstance(node, dict) else node)
    return found


def shown(value, given: list) -> tuple:
    """A value as an error holds it: its repr (types, key order, NaN) and whether it is the
    caller's own object (which one) or a copy."""
    return repr(value), next((i for i, c in enumerate(given) if c is value), None) if isinstance(value, (dict, list)) else None


def fields(error, given: list) -> tuple:
    """Everything lint (or anyone) reads of an error, nested errors included."""
    kind = {}
    for key, value in error.kind.as_dict().items():
        if key == "context":
            value = [[fields(e, given) for e in branch] for branch in value]
        elif key == "error":  # propertyNames: an error; $ref: jsonschema_rs gives a ReferencingError, the native side its text
            value = fields(value, given) if hasattr(value, "kind") else str(value)
        else:
            value = shown(value, given)
        kind[key] = value
    path = (error.message, list(error.instance_path), list(error.schema_path), error.absolute_keyword_location)
    return (*path, shown(error.instance, given), error.kind.name, kind)


def locations(errors) -> set[str]:
    """The schema URIs the errors (and their anyOf/oneOf branches) point at."""
    found = set()
    for error in errors:
        if error.absolute_keyword_location:
            found.add(error.absolute_keyword_location.partition("#")[0])
        found |= locations(e for branch in error.kind.as_dict().get("context") or [] for e in branch)
    return found


def wheel_lookup(validation: Validation, uri: str):
    try:
        return validation.registry.resolver(validation.base_uri).lookup(uri).contents
    except Exception:  # noqa: BLE001 - as Validation._resource reads it
        return None


def assert_same_errors(validation: Validation, instance) -> None:
    native = validation._native.iter_errors(instance)
    try:
        reference = list(validation.validator.iter_errors(instance))
    except (ValueError, UnicodeError, RecursionError):  # a part is_valid did not read: declined, jsonschema-rs raises
        assert native is None, instance
        return
    assert native is not None, instance
    given = containers(instance)
    assert [fields(e, given) for e in native] == [fields(e, given) for e in reference], instance
    for uri in locations(reference):  # the subschema of each error (x-message, description) is found the same
        assert repr(validation._native.lookup(uri)) == repr(wheel_lookup(validation, uri)), uri
    assert repr(failures(native, validation)) == repr(failures(reference, validation)), instance


# --- instances of real documents, as lint builds them -----------------------------------------------

BUILTIN = sorted(name for name, t in CONFIG.types.items() if t.builtin)


def corpus_instances() -> list[tuple[str, dict]]:
    """(type, instance) of each Markdown file of the corpus read as each built-in type, as checks.validation builds it."""
    out = []
    for path in sorted(CORPUS.rglob("*.md")):
        for name in BUILTIN:
            opened = opening.open_document(str(path), CONFIG, as_type=name)
            if opened.doc is None or opened.doctype is None:
                continue
            instance = opened.doc.instance()
            status = statuscase.canonical(opened.doc, opened.doctype)
            if status is not None:
                instance["frontmatter"] = {**instance["frontmatter"], opened.doctype.status_field: status}
            out.append((name, instance))
    return out


INSTANCES = corpus_instances() if CORPUS.is_dir() else []
needs_corpus = pytest.mark.skipif(not INSTANCES, reason="no corpus at /work/shared/corpus")


@needs_corpus
def test_every_corpus_document_read_as_every_builtin_type_gets_the_same_verdict():
    valid = 0
    for name, instance in INSTANCES:
        valid += bool(assert_same(CONFIG.validator(CONFIG.types[name]), instance))
    assert len(INSTANCES) > 1000
    assert valid > 10, "some corpus documents must pass, or only the error paths are compared"


def corpus_folders() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_dir()) if CORPUS.is_dir() else []


@needs_corpus
@pytest.mark.parametrize("folder", corpus_folders(), ids=lambda p: p.name)
def test_the_lint_report_of_a_corpus_is_the_same_with_the_errors_of_jsonschema_rs(folder, tmp_path, monkeypatch):
    """The folder read as every built-in type and as bench/real.py's ``doc`` type: the JSON report
    made of the native errors is byte for byte the one made of jsonschema_rs's."""
    config = ["docs_root: docs", "types:"]
    for name in [*BUILTIN, "doc"]:
        shutil.copytree(folder, tmp_path / "docs" / name)
        config += [f"  {name}:", f'    paths: ["docs/{name}/**/*.md"]']
    config.append("    sections: [Summary]")  # doc: the type bench/real.py and /tmp/warm10k lint with
    (tmp_path / ".artifactkit.yaml").write_text("\n".join(config) + "\n")
    lint = ["lint", "--format", "json", "--no-cache", "-j", "1", "docs"]

    def no_jsonschema_rs(_validation):
        raise AssertionError("the native run asked jsonschema_rs")

    with monkeypatch.context() as patch:
        patch.setattr(Validation, "validator", property(no_jsonschema_rs))
        native = run(lint, cwd=tmp_path)
    monkeypatch.setattr(Validation, "iter_errors", lambda self, instance: self.validator.iter_errors(instance))
    monkeypatch.setattr(Validation, "_resource", wheel_lookup)
    reference = run(lint, cwd=tmp_path)
    assert native.returncode == reference.returncode == 1, native.stderr
    assert native.stdout == reference.stdout
    rules = {problem["rule"] for problem in json.loads(native.stdout)}
    assert {"section-missing", "frontmatter-missing"} <= rules, rules


def paths(value, prefix=()) -> list[tuple]:
    out = [prefix]
    if isinstance(value, dict):
        for key, sub in value.items():
            out.extend(paths(sub, (*prefix, key)))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            out.extend(paths(sub, (*prefix, index)))
    return out


REPLACEMENTS = st.one_of(
    st.sampled_from(
        [
            None,
            True,
            False,
            0,
            1,
            1.0,
            -1,
            2**63,
            2**64,
            -(2**70),
            0.1,
            1e308,
            -0.0,
            "",
            "TODO",
            "2024-13-45",
            "2024-02-30",
            "20240513",
            "2024-05-13T25:00:00Z",
            "not an email",
            "a@b",
            "http://",
            "no scheme",
            "[unclosed",
            "x" * 5000,
            "ünïcødé ✓ 🚀",
            [],
            {},
            ["a", "a"],
            [1, 1.0],
            {"content": "", "subsections": {}},
        ]
    ),
    st.text(max_size=20),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.lists(st.text(max_size=5), max_size=4),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
)


@st.composite
def mutated(draw):
    """A corpus instance with a few fields dropped, replaced (wrong types, bad dates and formats,
    long strings) or added (extra properties, nested sections)."""
    name, instance = draw(st.sampled_from(INSTANCES))
    instance = copy.deepcopy(instance)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(paths(instance)))
        parent = instance
        for part in path[:-1]:
            parent = parent[part]
        op = draw(st.sampled_from(["drop", "replace", "add"]))
        if not path:
            continue
        if op == "drop" and isinstance(parent, dict):
            del parent[path[-1]]
        elif op == "replace":
            parent[path[-1]] = draw(REPLACEMENTS)
        elif isinstance(parent[path[-1]], dict):
            parent[path[-1]][draw(st.text(max_size=8))] = draw(REPLACEMENTS)
        elif isinstance(parent[path[-1]], list):
            parent[path[-1]].append(draw(REPLACEMENTS))
    return name, instance


@needs_corpus
@SETTINGS
@given(mutated())
def test_mutated_corpus_instances_get_the_same_verdict(case):
    name, instance = case
    assert_same(CONFIG.validator(CONFIG.types[name]), instance)


def schema_files() -> list[Path]:
    return sorted((REPO / "schemas").glob("*.schema.json"))


@pytest.mark.parametrize("path", schema_files(), ids=lambda p: p.name)
def test_every_builtin_schema_compiles_natively(path):
    schema = json.loads(path.read_text())
    resources = {uri: s for uri, s in CONFIG.resources().items()}
    validation = Validation(schema, resources, schema.get("$id") or path.as_uri())
    assert validation._native is not None


@needs_corpus
@SETTINGS
@given(st.sampled_from(schema_files()), st.data())
def test_each_builtin_schema_judges_any_instance_the_same(path, data):
    """Every file of schemas/ (config and catalogue too) against corpus instances, their parts, and generated values."""
    schema = json.loads(path.read_text())
    validation = Validation(schema, CONFIG.resources(), schema.get("$id") or path.as_uri())
    _, whole = data.draw(st.sampled_from(INSTANCES))
    part = data.draw(st.sampled_from([whole, whole["frontmatter"], whole.get("sections", {}), {"frontmatter": whole["frontmatter"]}]))
    assert_same(validation, part)
    assert_same(validation, data.draw(json_values))


# --- generated schemas: structure varies ----------------------------------------------------------


class Colour(enum.Enum):
    RED = 1


class Name(str, enum.Enum):
    ADA = "ada"


class Text(str):
    pass


leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.sampled_from([0, 1, 1.0, 2, 2.0, 2**53, 2.0**53, 2**53 + 1, 2**64, 2.0**64, 10**30, 1e30, 0.1, 0.3, -0.0, 1e-7, 3.5]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(
        [
            "2024-05-13",
            "2024-02-30",
            "2024-05-13T10:00:00Z",
            "2024-05-13 10:00",
            "ada@example.com",
            "ada@",
            "https://example.com/x",
            "relative/x",
            "^a+$",
            "(unclosed",
            "ünï",
            "🚀🚀",
            "a" * 300,
            "1",
            "true",
            "null",
        ]
    ),
)
# keys that JSON pointers write oddly ("", "0" and "00" alike, "/" and "~" escaped) or not at all ("")
KEYS = ["a", "b", "c", "ü", "frontmatter", "", "0", "00", "a/b", "~1"]
json_values = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=4),
    max_leaves=12,
)
odd_values = st.sampled_from(
    [
        float("nan"),
        float("inf"),
        -float("inf"),
        (1, 2),
        {1: "x"},
        {None: 1},
        Text("a"),
        {Text("k"): 1},
        Colour.RED,
        Name.ADA,
        {Name.ADA: 1},
        decimal.Decimal("1.5"),
        decimal.Decimal("1"),
        "\ud800",
        b"bytes",
        {1, 2},
        [float("nan")],
        {"a": (1.0, True)},
    ]
)
instances = st.one_of(
    json_values, odd_values, st.lists(odd_values | json_values, max_size=3), st.dictionaries(st.sampled_from("abc"), odd_values | json_values, max_size=3)
)

FORMATS = [
    "date",
    "date-time",
    "time",
    "email",
    "uri",
    "uri-reference",
    "regex",
    "ipv4",
    "uuid",
    "hostname",
    "idn-email",
    "duration",
    "json-pointer",
    "made-up",
]
NUMBERS = st.sampled_from([0, 1, 1.0, True, 2, 2.0, 3.0, 2.5, 0.1, 2**53, 2.0**53, 2**64, 10**30, 1e30, -1, -0.0])
RESOURCES = ["urn:res:a", "https://example.com/b.json"]


def subschema(depth: int) -> st.SearchStrategy:
    leaf = st.one_of(
        st.booleans(),
        st.builds(
            lambda t: {"type": t},
            st.sampled_from(["string", "integer", "number", "boolean", "null", "array", "object", ["string", "null"], ["integer", "boolean"]]),
        ),
        st.builds(lambda f: {"type": "string", "format": f}, st.sampled_from(FORMATS)),
        st.builds(lambda f: {"format": f}, st.sampled_from(FORMATS)),
        st.builds(lambda v: {"const": v}, NUMBERS | st.sampled_from(["a", None, [1, 1.0], {"a": 1.0}, "ünï ✓", {"b": 1, "a": ["x"]}])),
        st.builds(lambda k: {"dependentRequired": {k: ["b"]}}, st.sampled_from(KEYS)),
        st.builds(lambda vs: {"enum": vs}, st.lists(NUMBERS | st.sampled_from(["a", "ü", None, False]), min_size=1, max_size=4)),
        st.builds(
            lambda k, v: {k: v},
            st.sampled_from(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]),
            NUMBERS.filter(lambda n: n not in (0, True) and n > 0),
        ),
        st.builds(
            lambda k, v: {k: v},
            st.sampled_from(["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"]),
            st.sampled_from([0, 1, 2, 3, 2.0, 300]),
        ),
        st.builds(lambda p: {"type": "string", "pattern": p}, st.sampled_from(["^a", "ü$", "^[0-9]{4}-[0-9]{2}$", "\\p{L}+", "^\\d+$", "(a|b)*c"])),
        st.just({"uniqueItems": True}),
        st.builds(
            lambda r: {"$ref": r}, st.sampled_from(["#/$defs/short", "#/$defs/node", "urn:res:a", "https://example.com/b.json#/$defs/word", "urn:res:a#top"])
        ),
    )
    if depth == 0:
        return leaf
    inner = subschema(depth - 1)
    names = st.sampled_from(KEYS)
    return st.one_of(
        leaf,
        st.builds(lambda k, v: {k: v}, st.sampled_from(["allOf", "anyOf", "oneOf", "prefixItems"]), st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda k, v: {k: v}, st.sampled_from(["not", "items", "contains", "additionalProperties", "propertyNames", "unevaluatedProperties"]), inner),
        st.builds(lambda i, t, e: {"if": i, "then": t, "else": e}, inner, inner, inner),
        st.builds(
            lambda ps, req: {"type": "object", "properties": ps, "required": req},
            st.dictionaries(names, inner, max_size=3),
            st.lists(names, max_size=2, unique=True),
        ),
        st.builds(lambda ps: {"patternProperties": ps}, st.dictionaries(st.sampled_from(["^a", "ü", "^[bc]$", ".*"]), inner, max_size=2)),
        st.builds(lambda a, b: {**a, **b} if isinstance(a, dict) and isinstance(b, dict) else a, inner, inner),
        # what lint reads beside the keyword: a custom message and a description
        st.builds(lambda a, m: {**a, "x-message": m, "description": m} if isinstance(a, dict) else a, inner, st.sampled_from(["use ✓", ""])),
    )


@st.composite
def schema_cases(draw):
    root = {
        "$schema": DRAFT,
        "$defs": {"short": draw(subschema(1)), "node": draw(subschema(2))},
        "allOf": [draw(subschema(3))],
    }
    resources = {
        "urn:res:a": {"$schema": DRAFT, "$anchor": "top", "allOf": [draw(subschema(1)), {"$ref": "https://example.com/b.json#/$defs/word"}]},
        "https://example.com/b.json": {"$defs": {"word": draw(subschema(2))}},
    }
    if draw(st.booleans()):
        resources["urn:res:a"] = {"$schema": DRAFT, "$anchor": "top", "allOf": [draw(subschema(2))]}
    return root, resources, draw(st.lists(instances, min_size=1, max_size=5))


@settings(max_examples=scaled(600), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
@given(schema_cases())
@example(({"const": 1.0}, {}, [1, 1.0, True, 2**64]))
@example(({"minimum": 3.0, "const": 4.0}, {}, [2, 3, 4, 4.0, 5.0]))
@example(({"enum": [True]}, {}, [1, 1.0, True]))
@example(({"maximum": 2**64}, {}, [2**64, 2**64 + 1, 2.0**64, 1e30]))
@example(({"multipleOf": 0.1}, {}, [0.3, 1, 10**30]))
@example(({"maxLength": 2}, {}, ["🚀🚀", "ünï", "\ud800"]))
@example(({"uniqueItems": True}, {}, [[1, 1.0], [1, True], [{"a": 1}, {"a": 1.0}], [2**64, 2.0**64]]))
@example(({"type": "object"}, {}, [{1: "x"}, {Name.ADA: 1}, Colour.RED, decimal.Decimal("1.5")]))
@example(({"enum": [1e16, 1e30, 0.1, 2.0]}, {}, [1, "x"]))  # floats as jsonschema_rs writes them in a message
@example(({"properties": {"": {"type": "string"}, "00": {"type": "string"}}}, {}, [{"": {"b": 1}, "00": {"d": 1}, "0": {}}]))
def test_generated_schemas_judge_generated_instances_the_same(case):
    schema, resources, values = case
    try:
        reference = Validation(schema, resources, "urn:test:root", checked=True)
    except (jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError, ValueError):
        # a schema jsonschema-rs refuses: the native side must decline it, so config loading reports jsonschema-rs's error
        assert _native.compile_schema(schema, [*resources.items(), ("urn:test:root", schema)], "urn:test:root") is None
        return
    assert reference._native is not None, schema  # a schema jsonschema-rs compiles, the native side compiles too
    for value in values:
        assert_same(reference, value)


STRUCTURED_RESOURCES = {
    "urn:res:a": {
        "$defs": {"word": {"type": "string", "pattern": "^[a-zü]+$", "x-message": "one lower-case word"}},
        "properties": {"a": {"minItems": 2, "description": "at least two"}},
        "propertyNames": {"maxLength": 1},
    },
    "https://example.com/b.json": {"$defs": {"date": {"type": "string", "format": "date", "x-message": "a date: YYYY-MM-DD"}}},
}
# (schema, instance): each invalid, together giving every kind of error lint words, nested
STRUCTURED = [
    (
        {
            "type": "object",
            "required": ["frontmatter", "sections", "title"],
            "properties": {
                "frontmatter": {
                    "type": "object",
                    "required": ["status", "date", "authors"],
                    "additionalProperties": False,
                    "properties": {
                        "status": {"enum": ["proposed", "accepted"], "x-message": "pick one"},
                        "date": {"$ref": "https://example.com/b.json#/$defs/date"},
                        "tags": {"type": "array", "minItems": 1, "maxItems": 2, "items": {"type": "string", "minLength": 2}},
                        "deciders": {"type": "array", "minItems": 1},
                    },
                },
                "sections": {"type": "object", "properties": {"context": {"properties": {"filled": {"const": True, "x-message": "write it"}}}}},
            },
        },
        {
            "frontmatter": {"status": "Accepted", "date": "2024-13-45", "tags": [1, "b", "cc"], "deciders": [], "ünï": True},
            "sections": {"context": {"filled": False}},
        },
    ),
    (
        {
            "anyOf": [
                {"type": "string", "minLength": 3},
                {"type": "array", "items": {"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 5}]}},
                {"$ref": "urn:res:a#/$defs/word"},
            ]
        },
        [1.5, 7, 2, "x"],
    ),
    ({"oneOf": [{"type": "string"}, {"minimum": 10}, {"anyOf": [{"const": 3}, {"maximum": 1}]}]}, 5),
    ({"properties": {"ü": {"const": "ünï ✓"}, "n": {"const": {"b": 1, "a": [1.0]}}}}, {"ü": "uni", "n": {"a": [2], "b": 1}}),
    (
        {"properties": {"p": {"pattern": "^\\d{4}$"}, "f": {"format": "email"}, "t": {"type": ["integer", "null"]}, "u": {"format": "uri"}}},
        {"p": "12a4", "f": "nope", "t": "x", "u": "no scheme"},
    ),
    ({"properties": {"w": {"$ref": "urn:res:a#/$defs/word"}, "r": {"$ref": "urn:res:a"}}}, {"w": "Nope1", "r": {"a": [1], "bb": 2}}),
    ({"properties": {"a": {}}, "additionalProperties": False, "maxProperties": 2}, {"a": 1, "z": 2, "y": 3}),
    ({"properties": {"a": {}}, "unevaluatedProperties": False, "dependentRequired": {"a": ["b", "c"]}, "minProperties": 4}, {"a": 1, "z": 2}),
    ({"uniqueItems": True, "contains": {"type": "string"}, "maxItems": 2, "prefixItems": [{"type": "string"}]}, [1, 1, 1]),
    ({"not": {"type": "integer"}, "multipleOf": 2, "exclusiveMinimum": 5, "minProperties": 1}, 3),
    ({"if": {"minimum": 10}, "then": {"multipleOf": 5}, "else": {"exclusiveMaximum": 0}}, 3),
    ({"properties": {"x": False, "y": {"type": "string"}}}, {"x": 1, "y": {"b": (1, 2), "c": float("nan"), "a": [{"z": 1, "y": [True, None]}]}}),
    ({"items": {"type": "string"}}, [{"b": 1, "a": 2}, [3, (4,)], 2**70, 1e300]),
    ({"enum": [1e16, 2**64, 0.1, {"b": [1.0]}], "maximum": 1e30, "minimum": 1e31}, 5e30),
]


@pytest.mark.parametrize("case", range(len(STRUCTURED)))
def test_errors_of_varied_structure_are_the_same(case):
    schema, instance = STRUCTURED[case]
    validation = Validation({"$schema": DRAFT, **schema}, STRUCTURED_RESOURCES, "urn:test:root", checked=True)
    assert assert_same(validation, instance) is False


def kinds(errors) -> set[str]:
    found = set()
    for error in errors:
        fields = error.kind.as_dict()
        found |= {error.kind.name, *(f"{e.kind.name} in {error.kind.name}" for branch in fields.get("context") or [] for e in branch)}
        found |= kinds(e for branch in fields.get("context") or [] for e in branch) | kinds([fields["error"]] if "error" in fields else [])
    return found


def test_the_structured_cases_give_every_kind_of_error():
    """So that a case turned valid (or an error the native side stopped making) cannot pass unseen."""
    seen = set()
    for schema, instance in STRUCTURED:
        validation = Validation({"$schema": DRAFT, **schema}, STRUCTURED_RESOURCES, "urn:test:root")
        seen |= kinds(validation.iter_errors(instance))
    expected = {
        *("required", "enum", "const", "pattern", "format", "type", "minItems", "maxItems", "minLength", "additionalProperties"),
        *("unevaluatedProperties", "propertyNames", "uniqueItems", "contains", "maxProperties", "minProperties", "not"),
        *("multipleOf", "exclusiveMinimum", "exclusiveMaximum", "minimum", "maximum", "falseSchema", "anyOf", "oneOf"),
        *("oneOf in anyOf", "type in oneOf", "anyOf in oneOf", "type in anyOf"),
    }
    assert expected <= seen, expected - seen


def test_a_schema_jsonschema_rs_cannot_read_is_left_to_it():
    """Values jsonschema-rs converts differently or refuses in a schema: the native side declines the whole schema."""
    for schema in ({"const": float("nan")}, {"properties": {1: {}}}, {"const": Text("a")}, {"const": decimal.Decimal(1)}):
        assert _native.compile_schema(schema, [], "urn:x") is None, schema
    deep: dict = {}
    for _ in range(300):
        deep = {"not": deep}
    assert _native.compile_schema(deep, [], "urn:x") is None


def test_an_instance_jsonschema_rs_refuses_is_left_to_it_and_raises_the_same():
    validation = Validation({"type": "object", "additionalProperties": {"type": "object"}}, {}, "urn:x")
    assert validation._native.is_valid({1: "x"}) is None
    with pytest.raises(ValueError, match="Dict key must be str"):
        validation.is_valid({1: "x"})
    for instance in ({"a": {(1,): 2}}, {"a": b"x"}, {"a": {1, 2}}, {"a": math.nan}, {"a": {"b": b"x"}}):
        assert_same(validation, instance)
