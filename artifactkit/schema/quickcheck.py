"""A tiny JSON Schema evaluator that can only say "certainly valid", so valid files skip jsonschema.

Importing jsonschema costs ~60-100 ms, more than linting one document; most documents linted in a
pre-commit hook are valid. ``certainly_valid`` understands the keyword subset the built-in schemas
(and simple team schemas) use, with jsonschema's semantics (bool is not a number, ``date`` format
as in jsonschema's format checker, ``pattern`` with ``re.search``). It returns False as soon as it
finds a violation *or* meets anything it does not know (another keyword, a remote ``$ref``, a
format other than ``date``); the linter then asks jsonschema, which produces the problems. So the
reported problems are jsonschema's whenever there are any: tests/test_fastpath_diff.py checks that
``certainly_valid`` never says True where jsonschema finds an error.
"""

from __future__ import annotations

import datetime as dt
import re

_RE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)  # as jsonschema._format.is_date
_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "definitions", "$comment", "title", "description",
                          "default", "examples", "deprecated", "readOnly", "writeOnly"})
_TYPES = {
    "string": lambda v: isinstance(v, str),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
}


class _Unknown(Exception):
    pass


def certainly_valid(schema, instance) -> bool:
    """True only if ``instance`` is valid against ``schema`` by the keywords this module knows."""
    try:
        return _valid(schema, instance, schema, 0)
    except (_Unknown, RecursionError, re.error, TypeError, ValueError, KeyError, IndexError):
        return False


def _equal(a, b) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, dict)) or isinstance(b, (list, dict)):
        return False
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return a == b


def _resolve(root, ref: str):
    if not ref.startswith("#"):
        raise _Unknown(ref)  # other documents: jsonschema's registry knows them, we don't
    node = root
    if ref in ("#", "#/"):
        return node
    if not ref.startswith("#/"):
        raise _Unknown(ref)  # anchors
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if "%" in part:
            raise _Unknown(ref)
        if isinstance(node, list):
            node = node[int(part)]
        elif isinstance(node, dict):
            node = node[part]
        else:
            raise _Unknown(ref)
    return node


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _valid(schema, inst, root, depth: int) -> bool:
    if depth > 64:
        raise _Unknown("deep")
    if schema is True:
        return True
    if schema is False:
        return False
    if not isinstance(schema, dict):
        raise _Unknown("schema")
    for key, value in schema.items():
        if key in _ANNOTATIONS or key.startswith("x-"):
            continue
        if key == "$ref":
            if not _valid(_resolve(root, value), inst, root, depth + 1):
                return False
        elif key == "type":
            kinds = value if isinstance(value, list) else [value]
            if not any(_TYPES[k](inst) for k in kinds):
                return False
        elif key == "properties":
            if isinstance(inst, dict):
                for name, sub in value.items():
                    if name in inst and not _valid(sub, inst[name], root, depth + 1):
                        return False
        elif key == "required":
            if isinstance(inst, dict) and any(name not in inst for name in value):
                return False
        elif key == "additionalProperties":
            if isinstance(inst, dict):
                if "patternProperties" in schema:
                    raise _Unknown(key)
                known = schema.get("properties", {})
                if any(name not in known and not _valid(value, inst[name], root, depth + 1) for name in inst):
                    return False
        elif key == "propertyNames":
            if isinstance(inst, dict) and not all(_valid(value, name, root, depth + 1) for name in inst):
                return False
        elif key == "items":
            if not isinstance(value, (dict, bool)):
                raise _Unknown(key)
            if isinstance(inst, list):
                start = len(schema.get("prefixItems", ()))
                if not all(_valid(value, item, root, depth + 1) for item in inst[start:]):
                    return False
        elif key == "allOf":
            if not all(_valid(sub, inst, root, depth + 1) for sub in value):
                return False
        elif key == "const":
            if not _equal(value, inst):
                return False
        elif key == "enum":
            if not any(_equal(option, inst) for option in value):
                return False
        elif key in ("minLength", "maxLength"):
            if isinstance(inst, str) and (len(inst) < value if key == "minLength" else len(inst) > value):
                return False
        elif key in ("minItems", "maxItems"):
            if isinstance(inst, list) and (len(inst) < value if key == "minItems" else len(inst) > value):
                return False
        elif key in ("minProperties", "maxProperties"):
            if isinstance(inst, dict) and (len(inst) < value if key == "minProperties" else len(inst) > value):
                return False
        elif key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if not _is_number(value):
                raise _Unknown(key)
            if _is_number(inst):
                ok = {"minimum": inst >= value, "maximum": inst <= value,
                      "exclusiveMinimum": inst > value, "exclusiveMaximum": inst < value}[key]
                if not ok:
                    return False
        elif key == "uniqueItems":
            if value is True and isinstance(inst, list):
                for i, a in enumerate(inst):
                    if any(_equal(a, b) for b in inst[i + 1:]):
                        return False
        elif key == "pattern":
            if isinstance(inst, str) and not re.search(value, inst):
                return False
        elif key == "format":
            if value != "date":
                raise _Unknown(value)
            if isinstance(inst, str):
                if not _RE_DATE.fullmatch(inst):
                    return False
                try:
                    dt.date.fromisoformat(inst)
                except ValueError:
                    return False
        else:
            raise _Unknown(key)
    return True
