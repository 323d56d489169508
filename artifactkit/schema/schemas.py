"""Load JSON Schemas (built-in and user-written), refuse remote references, build validators once."""

from __future__ import annotations

import json
import os

from artifactkit.errors import ConfigError
from artifactkit.io.textio import read_settings_text
from artifactkit.record import NamedTuple, dataclass, field

DRAFT = "https://json-schema.org/draft/2020-12/schema"


class SectionMeta(NamedTuple):
    """A section a type's schema describes: its key, title and description (a NamedTuple: cheaper
    to define than a frozen dataclass, at every start)."""

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
    _top: frozenset | None = field(default=None, repr=False, compare=False)
    _hints: dict | None = field(default=None, repr=False, compare=False)
    # the answers below, asked for each invalid document, depend on this info alone (and what they
    # are asked with, which is in the key): computed once per type
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def top_keys(self) -> frozenset:
        """The keys of the type's top sections, required and optional."""
        if self._top is None:
            self._top = frozenset(path[0] for path in self.sections if len(path) == 1)
        return self._top

    def names(self, path: tuple) -> frozenset[str]:
        """The keys a heading of the section at ``path`` may have: its own and its aliases'."""
        names = self._memo.get(("names", path))
        if names is None:
            from artifactkit.document.sections import normalize_key

            meta = self.sections.get(path)
            names = self._memo[("names", path)] = frozenset((path[-1], *(normalize_key(a) for a in (meta.aliases if meta else ()))))
        return names

    def required_order(self, parent: tuple) -> tuple[str, ...]:
        """The required keys under ``parent``, in the schema's order."""
        order = self._memo.get(("required_order", parent))
        if order is None:
            keys_in_order: list[str] = []
            for path, keys in self.required:
                if path == parent:
                    keys_in_order.extend(k for k in keys if k not in keys_in_order)
            order = self._memo[("required_order", parent)] = tuple(keys_in_order)
        return order

    def children(self, parent: tuple) -> frozenset[str]:
        """The keys of the sections the schema describes under ``parent``, required or optional."""
        keys = self._memo.get(("children", parent))
        if keys is None:
            keys = self._memo[("children", parent)] = frozenset(path[-1] for path in self.sections if path[:-1] == parent)
        return keys

    def derived(self, question: tuple, compute):
        """``compute()``, once per type: an answer of a layer above that depends on this info alone
        and on ``question``, which names it and holds everything else it is asked with."""
        if question not in self._memo:
            self._memo[question] = compute()
        return self._memo[question]

    def hints(self) -> dict[tuple, str]:
        if self._hints is None:  # asked once per linted document: computed once per type, as aliases
            self._hints = {path: m.hint for path, m in self.sections.items() if m.hint}
        return self._hints

    def aliases(self) -> dict[tuple, dict[str, str]]:
        if self._aliases is None:  # asked once per linted document: computed once per type
            from artifactkit.document.sections import normalize_key

            out: dict[tuple, dict[str, str]] = {}
            for path, meta in self.sections.items():
                for alias in meta.aliases:
                    out.setdefault(path[:-1], {})[normalize_key(alias)] = meta.key
            self._aliases = out
        return self._aliases


def load_schema_file(path: str | os.PathLike) -> dict:
    yaml = os.path.splitext(path)[1] in (".yaml", ".yml")
    try:
        text = read_settings_text(path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read schema: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: schema is not UTF-8 text") from None
    try:
        if yaml:
            from artifactkit.io import yaml12

            schema = yaml12.load_data(text, core_tags_only=True)
        else:
            schema = json.loads(text)
    except ConfigError:
        raise
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}:{exc.lineno}:{exc.colno}: schema is not valid JSON: {exc.msg}") from None
    except Exception as exc:  # any parse failure of a user file is a config error, not a crash
        line, column = getattr(exc, "line", None), getattr(exc, "column", None)  # yaml12.YAMLProblem, 0-based
        if isinstance(line, int) and isinstance(column, int):
            raise ConfigError(f"{path}:{line + 1}:{column + 1}: schema is not valid YAML: {exc}") from None
        raise ConfigError(f"{path}: schema is not valid {'YAML' if yaml else 'JSON'}: {str(exc).splitlines()[0]}") from None
    if not isinstance(schema, dict):
        raise ConfigError(f"{path}: schema must be a JSON object")
    check_size(schema, f"{path}: schema")
    schema.setdefault("$schema", DRAFT)
    check_schema(schema, str(path))
    return schema


def check_schema(schema: dict, what: str) -> None:
    from artifactkit.io import settled

    if settled.passed("schema", schema):  # checked before: no schema engine to load for it (lint FILE)
        return
    problem = schema_problem(schema)
    if problem:
        raise ConfigError(f"{what}: {problem}")
    settled.remember_passed("schema", schema)


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


def schema_uri(schema: dict, path: str | os.PathLike) -> str:
    return schema.get("$id") or file_uri(path)


_URI_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~/")


def file_uri(path: str | os.PathLike) -> str:
    """``Path(path).resolve().as_uri()``: on POSIX without pathlib and urllib.parse, which a team's
    schema without an ``$id`` made ``lint FILE`` import (2.5 ms of the pre-commit hook); the bytes
    of the resolved path, each one quote_from_bytes does not keep as ``%XX``."""
    if os.name != "posix":
        from pathlib import Path

        return Path(path).resolve().as_uri()
    data = os.fsencode(os.path.realpath(path))
    return "file://" + "".join(chr(b) if b in _URI_SAFE else f"%{b:02X}" for b in data)


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


def schema_problem(schema: dict) -> str | None:
    """What is wrong with ``schema`` as a 2020-12 JSON Schema (one line), or None."""
    import jsonschema_rs

    try:  # the registry only refuses: an unknown "$schema" is never fetched
        jsonschema_rs.meta.validate(schema, registry=jsonschema_rs.Registry([], retriever=_refuse))
    except jsonschema_rs.ReferencingError:
        return f'unknown "$schema" {schema.get("$schema")!r}: use a JSON Schema draft, such as {DRAFT!r} (custom meta-schemas are not supported)'
    except jsonschema_rs.ValidationError as err:
        where = "/".join(str(p) for p in err.instance_path) or "(top level)"
        return f"invalid JSON Schema at {where}: {_short(err.message)}"
    except (RecursionError, ValueError) as err:  # values JSON cannot hold, nesting beyond the checker's stack
        return f"schema cannot be checked: {_short(err)}"
    return None


def _short(text: object, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _NoRetrieval(Exception):
    pass


def _refuse(uri: str):
    """jsonschema-rs would otherwise read file:// and fetch http(s) URLs on its own: every schema it
    may use is in the registry (local files, and remote ones fetched by the config when allowed)."""
    raise _NoRetrieval(uri)


class Validation:
    """A type's compiled schema and the lookup of the subschema an error points at.

    Patterns run on Rust's ``regex`` engine, which matches in linear time (no backtracking: a
    pattern such as ``^(a+)+$`` cannot hang lint); one it cannot compile (backreferences,
    lookaround) is refused when the config is loaded. Formats are asserted, as the linter always
    did. Nothing is fetched or read while compiling: every schema it may use is registered here.

    Whether a document is valid, and the errors of an invalid one, are decided by
    ``artifactkit._native`` (the ``jsonschema`` crate, the engine inside jsonschema-rs, reading the
    instance as jsonschema-rs does; its errors carry the attributes of jsonschema-rs's that lint
    reads, with the same values), so that linting a document, valid or not, never imports
    jsonschema_rs (about 23 ms) nor builds its exception objects. Every schema or instance the
    native side cannot take exactly as jsonschema-rs would goes to jsonschema-rs, compiled then.
    ``checked``: compile with jsonschema-rs now as well (config loading). Raises
    jsonschema_rs.ValidationError when the schema cannot be compiled (see ``compile_problem``).
    """

    def __init__(self, schema: dict, resources: dict[str, dict], base_uri: str, checked: bool = False):
        from artifactkit import _native

        self.schema = schema
        self.base_uri = base_uri
        self._known = {**resources, base_uri: schema}
        self._native = _native.compile_schema(schema, list(self._known.items()), base_uri)
        self._reference: tuple | None = None
        self._resources_by_uri: dict[str, object] = {}  # what keyword_schema looked up: the registry never changes
        self._keyword_schemas: dict[str, object] = {}  # keyword_schema's answer for each location
        if checked or self._native is None:  # its compile error is the one compile_problem words
            self._compiled()

    def _compiled(self) -> tuple:
        """(registry, validator) of jsonschema-rs, compiled on first use."""
        if self._reference is None:
            import jsonschema_rs

            registry = jsonschema_rs.Registry(list(self._known.items()), retriever=_refuse)
            validator = jsonschema_rs.validator_for(
                self.schema,
                registry=registry,
                base_uri=self.base_uri,
                retriever=_refuse,
                validate_formats=True,
                pattern_options=jsonschema_rs.RegexOptions(),
            )
            self._reference = (registry, validator)
        return self._reference

    @property
    def registry(self):
        return self._compiled()[0]

    @property
    def validator(self):
        return self._compiled()[1]

    def is_valid(self, instance) -> bool:
        valid = self._native.is_valid(instance) if self._native is not None else None
        if valid is None:  # read differently, or refused, by the native side: jsonschema-rs decides (or raises)
            return self.validator.is_valid(instance)
        return valid

    def iter_errors(self, instance):
        errors = self._native.iter_errors(instance) if self._native is not None else None
        if errors is None:  # as in is_valid: jsonschema-rs reports them (or raises)
            return self.validator.iter_errors(instance)
        return errors

    def keyword_schema(self, error):
        """The (sub)schema holding the keyword that failed, e.g. for its ``x-message``."""
        location = error.absolute_keyword_location
        if not location:
            return self._walk(self.schema, list(error.schema_path))
        # the same few locations fail in every invalid document (a required section): found once each
        if location not in self._keyword_schemas:
            uri, _, fragment = location.partition("#")
            node = self._resource(uri)  # None: an unknown resource, the caller words the error without the subschema
            self._keyword_schemas[location] = None if node is None else self._walk(node, [_unescape(p) for p in fragment.split("/")[1:]])
        return self._keyword_schemas[location]

    @staticmethod
    def _walk(node, parts: list):
        """The node holding the last of ``parts``, followed from ``node``; None where one is missing."""
        for part in parts[:-1]:
            if isinstance(node, list) and str(part).isdigit() and int(part) < len(node):
                node = node[int(part)]
            elif isinstance(node, dict) and str(part) in node:
                node = node[str(part)]
            else:
                return None
        return node

    def _resource(self, uri: str):
        """The contents of the schema at ``uri`` (None if unknown), looked up once: every error of
        every invalid document asks for one of the same few."""
        if uri not in self._resources_by_uri:
            if self._native is not None:  # its own registry, the same resources: no jsonschema_rs to import
                self._resources_by_uri[uri] = self._native.lookup(uri)
            else:
                try:
                    self._resources_by_uri[uri] = self.registry.resolver(self.base_uri).lookup(uri).contents
                except Exception:
                    self._resources_by_uri[uri] = None
        return self._resources_by_uri[uri]


def _unescape(part: str) -> str:
    from urllib.parse import unquote

    return unquote(part).replace("~1", "/").replace("~0", "~")


def compile_problem(exc: Exception) -> str:
    """One line (what to fix) for a schema that jsonschema-rs cannot compile."""
    kind = getattr(getattr(exc, "kind", None), "name", None)
    message = _short(getattr(exc, "message", None) or exc)
    where = "/".join(str(p) for p in getattr(exc, "instance_path", ())) or "(top level)"
    if kind == "format" and '"regex"' in message:
        return (
            f"pattern {getattr(exc, 'instance', '?')!r} at {where} cannot be used: schema patterns are matched by a "
            "linear-time engine without backreferences or lookaround — rewrite the pattern without them"
        )
    if "retrieving it failed" in message or "is not present in a registry" in message:
        target = message.split("'")[1] if message.count("'") >= 2 else message
        return (
            f"schema refers to {target!r}, which is neither a local schema file named in the config nor a remote "
            "schema fetched with allow_remote_refs: true — fix the reference"
        )
    if "does not exist" in message:
        return f"schema reference cannot be resolved: {message} — fix the $ref or add the definition it names"
    return f"schema cannot be used: {message}"


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
