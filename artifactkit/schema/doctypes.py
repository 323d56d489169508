"""Document types: a schema chain plus the metadata the commands need (folder, naming, statuses)."""

from __future__ import annotations

import os
from functools import cached_property

from artifactkit.record import dataclass, field
from artifactkit.schema.schemas import SchemaInfo, collect_info


@dataclass
class DocType:
    """A document type: its schema chain and the settings its schemas and the config give it."""

    name: str
    schemas: list[dict]  # the chain: built-in base first, then the team's own schema
    schema_paths: list[str]  # each schema's file (the config file for one the config wrote)
    paths: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    folder: str | None = None
    naming: str = "slug"
    template: str | None = None
    status_field: str = "status"
    initial_status: str | None = None
    transitions: dict[str, list[str]] = field(default_factory=dict)
    review_field: str | None = None
    review_days: int | None = None
    action_items: str | None = None  # the section whose open items need owner, ticket and due date
    format: str = "frontmatter"  # where status, date and links live (artifactkit.document.logformats)
    metadata: list[str] = field(default_factory=lambda: ["frontmatter", "lines", "list", "table"])  # where else fields are read (document.preamble)
    sidecar: str | None = None  # a YAML file beside each document holding its fields ('{stem}': the file's stem)
    numbering: str | None = None  # sequence | date | slug | none: what a file name's leading digits are (None: as naming says)
    builtin: bool = False
    scoped: bool = False  # its path globs apply only below the config's docs_root (built-in globs)
    default_exclude: bool = False  # its exclude is the built-in default, not one the config wrote (schema.claims)

    @cached_property
    def info(self) -> SchemaInfo:
        info = collect_info(self.schemas)
        if self.template and not self.builtin and os.path.isdir(self.template):  # a local template (a URL is never fetched here)
            from artifactkit.schema.compile import template_hints

            for path, hint in template_hints(self.template).items():
                meta = info.sections.get(path)
                if meta is not None and not meta.hint:  # the schema's own x-hint wins
                    info.sections[path] = meta._replace(hint=hint)
        return info

    @property
    def numbered(self) -> bool:
        """Documents carry a sequence number (checked for duplicates, continued by ``new``): a log
        whose names are dates, slugs or another system's ids (``numbering``) promises none."""
        return self.naming == "number" and self.numbering in (None, "sequence")

    @property
    def statuses(self) -> list[str]:
        for schema in reversed(self.schemas):
            prop = schema.get("properties", {}).get("frontmatter", {}).get("properties", {}).get(self.status_field, {})
            if "enum" in prop:
                return list(prop["enum"])
        return list(self.transitions)

    @cached_property
    def lifted_fields(self) -> set[str]:
        """The fields read from a document's lines, list or table: those its schemas name, and its
        date when no schema closes the front matter to fields it does not name (the date a log
        writes, ``Date:`` or ``Start Date:``, is shown by ``list`` and the site)."""
        closed = any(
            isinstance(fm, dict) and (fm.get("additionalProperties") is False or fm.get("unevaluatedProperties") is False)
            for fm in ((schema.get("properties") or {}).get("frontmatter") for schema in self.schemas)
        )
        return self.frontmatter_fields if closed else self.frontmatter_fields | {"date"}

    @cached_property
    def frontmatter_fields(self) -> set[str]:
        """The front-matter fields the type's schemas name (required or described)."""
        out: set[str] = set()
        for schema in self.schemas:
            fm = (schema.get("properties") or {}).get("frontmatter") or {}
            out.update(k for k in (fm.get("properties") or {}) if isinstance(k, str))
            out.update(k for k in (fm.get("required") or []) if isinstance(k, str))
        return out

    def effective_schema(self) -> dict:
        if len(self.schemas) == 1:
            return self.schemas[0]
        return {"$schema": "https://json-schema.org/draft/2020-12/schema", "allOf": [{"$ref": uri} for uri in self.schema_uris]}

    @property
    def schema_uris(self) -> list[str]:
        from artifactkit.schema.schemas import schema_uri

        return [schema_uri(s, p) for s, p in zip(self.schemas, self.schema_paths)]


META_FIELDS = (
    "paths",
    "exclude",
    "folder",
    "naming",
    "template",
    "status_field",
    "initial_status",
    "transitions",
    "review_field",
    "review_days",
    "action_items",
    "format",
    "metadata",
    "sidecar",
    "numbering",
)


def from_schema(name: str, schema: dict, path: str, builtin: bool) -> DocType:
    meta = schema.get("x-artifactkit") or {}
    doctype = DocType(name, [schema], [path], builtin=builtin, scoped=builtin, default_exclude=builtin)
    apply_meta(doctype, meta)
    return doctype


# An explicit null for these means "none" (a runbook has no status field); for the others it keeps the default.
NULLABLE_FIELDS = ("folder", "template", "status_field", "initial_status", "review_field", "review_days", "action_items")


def apply_meta(doctype: DocType, meta: dict) -> None:
    for key in META_FIELDS:
        if meta.get(key) is not None or (key in NULLABLE_FIELDS and key in meta):
            setattr(doctype, key, meta[key])
