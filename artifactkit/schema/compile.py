"""Compile a type's short form in the config (``sections:``, ``frontmatter:``) to a JSON Schema,
so a team can declare a type without writing one; and derive such a schema from a document."""

from __future__ import annotations

import re

from artifactkit.errors import ConfigError
from artifactkit.io.textio import read_bytes
from artifactkit.schema.schemas import DRAFT

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from typing import Any

    from artifactkit.document.model import Document

# Every compiled section is "filled and without placeholders", like the built-in types' sections.
SECTION_DEF = {"type": "object", "properties": {"filled": {"const": True}, "placeholders": {"maxItems": 0}}}
# An optional section left empty says the same as one left out ("## Open issues (if applicable)"
# with nothing under it); a leftover placeholder in it is still a leftover.
OPTIONAL_SECTION_DEF = {"type": "object", "properties": {"placeholders": {"maxItems": 0}}}


def compile_type(name: str, spec: dict, where: str) -> dict | None:
    """The JSON Schema for ``spec``'s ``sections`` and ``frontmatter``; None if it has neither."""
    if "sections" not in spec and "frontmatter" not in spec:
        return None
    schema: dict = {"$schema": DRAFT, "$id": f"urn:artifactkit:config-type:{name}", "type": "object", "properties": {}}
    if "sections" in spec:
        schema["properties"]["sections"] = _sections(spec["sections"], f"{where}: type {name!r}: sections")
        schema["required"] = ["sections"]
        schema["$defs"] = {"section": SECTION_DEF, "optional_section": OPTIONAL_SECTION_DEF}
    front = spec.get("frontmatter")
    if front is not None:
        fm: dict = {"type": "object"}
        if front.get("properties"):
            fm["properties"] = dict(front["properties"])
        if front.get("required"):
            fm["required"] = list(front["required"])
            props = fm.setdefault("properties", {})
            for key in fm["required"]:
                props.setdefault(key, {"not": {"enum": [None, ""]}, "description": f"set {key}"})
        schema["properties"]["frontmatter"] = fm
        schema.setdefault("required", []).append("frontmatter")
    return schema


def _sections(entries: list, where: str) -> dict:
    from artifactkit.document.sections import normalize_key

    node: dict = {"type": "object", "required": [], "properties": {}}
    for entry in entries:
        if isinstance(entry, str):
            entry = {"title": entry}
        title = entry["title"]
        key = normalize_key(title)
        if not key:
            raise ConfigError(f"{where}: a section title is empty")
        if key in node["properties"]:
            raise ConfigError(f"{where}: section {title!r} is listed twice")
        sub: dict = {"$ref": "#/$defs/section", "title": title, "description": f"write the {title} section"}
        if entry.get("hint"):
            sub["x-hint"] = entry["hint"]
            sub["description"] = entry["hint"][0].lower() + entry["hint"][1:].rstrip(".")
        if entry.get("aliases"):
            sub["x-aliases"] = list(entry["aliases"])
        if not entry.get("optional"):  # an optional section is known (aliases, placement) but may be left out
            node["required"].append(key)
        else:
            sub["$ref"] = "#/$defs/optional_section"
        node["properties"][key] = sub
    return node


def with_statuses(chain: list[dict], field: str, statuses: list[str], name: str) -> list[dict]:
    """``chain`` accepting the team's own status vocabulary: each schema that lists the allowed
    values of ``field`` gets a copy listing ``statuses`` instead (under its own id, so the
    built-in schema other types use stays as it is)."""
    import copy

    out = []
    for i, schema in enumerate(chain):
        prop = ((schema.get("properties") or {}).get("frontmatter") or {}).get("properties", {}).get(field)
        if isinstance(prop, dict) and "enum" in prop:
            schema = copy.deepcopy(schema)
            schema["$id"] = f"urn:artifactkit:config-type:{name}:statuses:{i}"
            prop = schema["properties"]["frontmatter"]["properties"][field]
            prop["enum"] = list(statuses)
            prop["description"] = "use one of " + ", ".join(statuses)
        out.append(schema)
    return out


HINT_RE = re.compile(r"^\s*([_*])(?!\1)(.+?)\1\s*$")  # a paragraph that is one emphasized sentence: a template's hint
FIELD_RE = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def derive_schema(doc: Document, name: str) -> dict:
    """A starting JSON Schema from a filled example or a template: its headings become required
    sections (a lone emphasized paragraph becomes the section's hint), its front-matter fields
    required fields. Jinja in a template's front matter is fine: the field names are read by line."""
    sections = _derive_sections(doc, doc.outline.sections)
    fields = _front_fields(doc)
    props: dict = {}
    for key in fields:
        value = doc.front.data.get(key) if not doc.front.error else None
        props[key] = _field_schema(key, value)
    schema: dict = {
        "$schema": DRAFT,
        "title": name,
        "type": "object",
        "required": ["title", "frontmatter", "sections"] if doc.outline.title else ["frontmatter", "sections"],
        "properties": {
            "title": {"type": "string", "minLength": 1, "description": "add a level-1 heading with the document's title"},
            "frontmatter": {"type": "object", "required": list(fields), "properties": props},
            "sections": sections,
        },
        "$defs": {"section": SECTION_DEF},
    }
    if not fields:
        del schema["properties"]["frontmatter"]
        schema["required"].remove("frontmatter")
    return schema


def _derive_sections(doc: Document, found: dict) -> dict:
    node: dict = {"type": "object", "required": list(found), "properties": {}}
    for key, section in found.items():
        sub: dict = {"$ref": "#/$defs/section", "title": section.heading, "description": f"write the {section.heading} section"}
        hint = _hint_of(doc, section)
        if hint:
            sub["x-hint"] = hint
            sub["description"] = hint[0].lower() + hint[1:].rstrip(".")
        if section.subsections:
            sub = {"allOf": [{"$ref": "#/$defs/section"}], **{k: v for k, v in sub.items() if k != "$ref"}}
            sub["properties"] = {"subsections": _derive_sections(doc, section.subsections)}
        node["properties"][key] = sub
    return node


def _hint_of(doc: Document, section) -> str | None:
    """The section's own text if it is one emphasized paragraph (how the templates write hints)."""
    body = []
    for line in doc.lines[section.line :]:  # section.line is 1-based: this starts below the heading
        if line.lstrip().startswith("#"):
            break
        if line.strip():
            body.append(line.strip())
    match = HINT_RE.match(" ".join(body)) if body else None
    return " ".join(match.group(2).split()) if match else None


def _front_fields(doc: Document) -> list[str]:
    if doc.front.data and not doc.front.error:
        return [k for k in doc.front.data if k != "type"]
    if not doc.front.present:
        return []
    fields = []
    for line in doc.lines[1 : doc.front.body_start]:
        match = FIELD_RE.match(line)
        if match and match.group(1) != "type" and match.group(1) not in fields:
            fields.append(match.group(1))
    return fields


def _field_schema(key: str, value) -> dict:
    if isinstance(value, bool):
        return {"type": "boolean", "description": f"set {key}"}
    if isinstance(value, int):
        return {"type": "integer", "description": f"set {key}"}
    if isinstance(value, list):
        return {"type": "array", "items": {"type": "string", "minLength": 1}, "description": f"list the {key}"}
    if isinstance(value, str) and DATE_RE.match(value) or key in ("date", "last_reviewed"):
        return {"type": "string", "format": "date", "description": f"set {key} as YYYY-MM-DD"}
    return {"type": "string", "minLength": 1, "description": f"set {key}"}


def short_form(schema: dict, paths: str) -> dict:
    """The config entry (``sections:``, ``frontmatter:``) equivalent to a derived schema's top level."""
    node = schema["properties"]["sections"]
    out: dict = {"paths": [paths], "sections": []}
    for key in node["required"]:
        sub = node["properties"][key]
        out["sections"].append({"title": sub["title"], "hint": sub["x-hint"]} if sub.get("x-hint") else sub["title"])
    front = schema["properties"].get("frontmatter")
    if front and front["required"]:
        out["frontmatter"] = {"required": list(front["required"])}
    return out


MAX_TEMPLATE_BYTES = 1 << 20


def template_hints(folder: str) -> dict[tuple, str]:
    """The hints a local template writes (one emphasized paragraph under a heading), keyed by the
    path of section keys: its own text is the fingerprint a forgotten hint is recognized by."""
    import os

    from artifactkit.document.model import parse_text

    best: dict[tuple, str] = {}
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return best
    for name in names:
        path = os.path.join(folder, name)
        if name.startswith(".") or name.endswith((".yml", ".yaml", ".json")) or not os.path.isfile(path) or os.path.islink(path):
            continue
        try:
            if os.path.getsize(path) > MAX_TEMPLATE_BYTES:
                continue
            text = read_bytes(path, MAX_TEMPLATE_BYTES, "template file").decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        doc = parse_text(path, text)
        found: dict[tuple, str] = {}
        stack: list[tuple[tuple, Any]] = [((key,), section) for key, section in doc.outline.sections.items()]
        while stack:
            keys, section = stack.pop()
            hint = _hint_of(doc, section)
            if hint:
                found[keys] = hint
            stack.extend((keys + (k,), s) for k, s in section.subsections.items())
        if len(found) > len(best):
            best = found
    return best


def status_schema(name: str, field: str, statuses: list[str]) -> dict:
    """The allowed values of ``field`` for a type whose schemas name none."""
    return {
        "$schema": DRAFT,
        "$id": f"urn:artifactkit:config-type:{name}:statuses:own",
        "type": "object",
        "properties": {"frontmatter": {"properties": {field: {"enum": list(statuses), "description": "use one of " + ", ".join(statuses)}}}},
    }
