"""Load JSON Schemas (built-in and user-written), refuse remote references, build validators once."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from artifactkit.errors import ConfigError
from artifactkit.io.textio import read_settings_text

DRAFT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class SectionMeta:
    key: str
    title: str
    description: str | None
    hint: str | None
    aliases: tuple[str, ...]


@dataclass
class SchemaInfo:
    """What the linter reads from a type's schema chain besides plain validation."""

    required: list[tuple[tuple, list[str]]] = field(default_factory=list)  # parent keys -> required keys, in order
    sections: dict[tuple, SectionMeta] = field(default_factory=dict)  # section key path -> meta
    frontmatter_descriptions: dict[str, str] = field(default_factory=dict)
    _aliases: dict | None = field(default=None, repr=False, compare=False)

    def required_order(self, parent: tuple) -> list[str]:
        order: list[str] = []
        for path, keys in self.required:
            if path == parent:
                order.extend(k for k in keys if k not in order)
        return order

    def hints(self) -> dict[tuple, str]:
        return {path: m.hint for path, m in self.sections.items() if m.hint}

    def aliases(self) -> dict[tuple, dict[str, str]]:
        from artifactkit.document.sections import normalize_key

        if self._aliases is None:  # asked once per linted document: computed once per type
            out: dict[tuple, dict[str, str]] = {}
            for path, meta in self.sections.items():
                for alias in meta.aliases:
                    out.setdefault(path[:-1], {})[normalize_key(alias)] = meta.key
            self._aliases = out
        return self._aliases


def load_schema_file(path: Path) -> dict:
    try:
        text = read_settings_text(path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read schema: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: schema is not UTF-8 text") from None
    try:
        if path.suffix in (".yaml", ".yml"):
            from ruamel.yaml import YAML

            schema = YAML(typ="safe").load(text)
        else:
            schema = json.loads(text)
    except Exception as exc:  # any parse failure of a user file is a config error, not a crash
        raise ConfigError(f"{path}: schema is not valid {'YAML' if path.suffix in ('.yaml', '.yml') else 'JSON'}: {str(exc).splitlines()[0]}") from None
    if not isinstance(schema, dict):
        raise ConfigError(f"{path}: schema must be a JSON object")
    check_size(schema, f"{path}: schema")
    schema.setdefault("$schema", DRAFT)
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(top level)"
        message = exc.message if len(exc.message) <= 300 else exc.message[:297] + "..."
        raise ConfigError(f"{path}: invalid JSON Schema at {where}: {message}") from None
    except RecursionError:
        raise ConfigError(f"{path}: schema is nested too deeply to check") from None
    return schema


MAX_NODES = 200_000  # values in one schema or config, counting each use of a YAML alias
MAX_DEPTH = 64  # nesting levels; jsonschema recurses a few frames per level


def check_size(data, what: str) -> None:
    """Refuse a YAML alias bomb or absurd nesting up front: every later walk of the data (schema
    check, $ref scan, validation) would otherwise hang or overflow the stack."""
    budget = MAX_NODES
    stack = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        budget -= 1
        if budget < 0:
            raise ConfigError(f"{what} has more than {MAX_NODES} values (YAML aliases?); refusing to read it")
        if depth > MAX_DEPTH:
            raise ConfigError(f"{what} is nested more than {MAX_DEPTH} levels deep; refusing to read it")
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)


def schema_uri(schema: dict, path: Path) -> str:
    return schema.get("$id") or path.resolve().as_uri()


def external_refs(schema, known: set[str]) -> list[str]:
    """``$ref`` values that point outside the known schemas (remote URLs or unknown files)."""
    found = []
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                target = ref.split("#", 1)[0]
                if target not in known:
                    found.append(ref)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def collect_info(chain: list[dict]) -> SchemaInfo:
    info = SchemaInfo()
    for schema in chain:
        props = schema.get("properties", {})
        fm = props.get("frontmatter", {})
        for name, sub in (fm.get("properties") or {}).items():
            if isinstance(sub, dict) and sub.get("description"):
                info.frontmatter_descriptions[name] = sub["description"]
        _walk_sections(props.get("sections", {}), (), info)
    return info


def _walk_sections(node: dict, parent: tuple, info: SchemaInfo) -> None:
    if not isinstance(node, dict):
        return
    if node.get("required"):
        info.required.append((parent, list(node["required"])))
    for key, sub in (node.get("properties") or {}).items():
        if not isinstance(sub, dict):
            continue
        path = parent + (key,)
        old = info.sections.get(path)
        info.sections[path] = SectionMeta(
            key=key,
            title=sub.get("title") or (old.title if old else key.capitalize()),
            description=sub.get("description") or (old.description if old else None),
            hint=sub.get("x-hint") or (old.hint if old else None),
            aliases=tuple(sub.get("x-aliases", ())) + (old.aliases if old else ()),
        )
        _walk_sections((sub.get("properties") or {}).get("subsections", {}), path, info)


def build_validator(schema: dict, resources: dict[str, dict]):
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    registry = Registry().with_resources(
        (uri, Resource.from_contents(body, default_specification=DRAFT202012)) for uri, body in resources.items()
    )
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def section_key(heading: str) -> str:
    """The key a heading gets in the instance (``artifactkit.document.sections.normalize_key``)."""
    from artifactkit.document.sections import normalize_key

    return normalize_key(heading)


def unmatchable_section_keys(schema: dict) -> list[str]:
    """Section keys of ``schema`` (required or described) that no heading normalizes to: "Meaning",
    "Impact:". They would silently never match, so every document would miss them."""
    found: list[str] = []
    stack = [(schema.get("properties") or {}).get("sections")]
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        props = node.get("properties")
        props = props if isinstance(props, dict) else {}
        keys = list(node.get("required") or []) + list(props)
        found.extend(k for k in keys if isinstance(k, str) and section_key(k) != k and k not in found)
        for sub in props.values():
            if isinstance(sub, dict):
                stack.append((sub.get("properties") or {}).get("subsections"))
    return found
