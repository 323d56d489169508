"""Completion and hover for a buffer, from its type's schema and the documents on disk.

Plain values in, plain values out (lines 0-based, columns in characters): ``server`` turns them
into protocol types.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from artifactkit.checks.crossrefs import SUPERSEDE_FIELDS
from artifactkit.document.model import Document
from artifactkit.schema.doctypes import DocType
from artifactkit.schema.opening import Opened, open_document
from artifactkit.schema.project import Config

HEADING_PREFIX_RE = re.compile(r"^ {0,3}#{1,6}(?:[ \t][^\n]*)?$")
KEY_RE = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


@dataclass
class Buffer:
    path: str
    doc: Document
    doctype: DocType | None
    opened: Opened


@dataclass(frozen=True)
class Suggestion:
    label: str
    kind: str  # "key", "value", "reference" or "section"
    new_text: str
    replace_from: int  # column on the cursor's line where the replaced text starts
    detail: str | None = None
    documentation: str | None = None


def open_buffer(path: str, text: str, config: Config) -> Buffer | None:
    """The buffer opened as ``lint_file`` opens it (``schema.opening``); None if unreadable."""
    opened = open_document(path, config, text=text)
    if opened.doc is None:
        return None
    return Buffer(path, opened.doc, opened.doctype, opened)


def complete(buf: Buffer, line: int, col: int, entries: Callable[[], list]) -> list[Suggestion]:
    """``entries``: the catalogue of the buffer's type (``views.catalog`` entries), asked for only when needed."""
    if buf.doctype is None or line >= len(buf.doc.lines):
        return []
    prefix = buf.doc.lines[line][:col]
    if _in_frontmatter(buf.doc, line):
        return _frontmatter_completions(buf, prefix, entries)
    if prefix.strip() == "" or HEADING_PREFIX_RE.match(prefix):
        return _section_completions(buf)
    return []


def hover(buf: Buffer, line: int, col: int, entries: Callable[[], list], config: Config) -> str | None:
    if buf.doctype is None or line >= len(buf.doc.lines):
        return None
    text = buf.doc.lines[line].rstrip("\r\n")
    if _in_frontmatter(buf.doc, line):
        match = KEY_RE.match(text)
        if match is None:
            return None
        key = match.group(1)
        if key in SUPERSEDE_FIELDS and col > match.end() - 1:
            return _references(buf, key, entries, config)
        return _field_help(buf.doctype, key, buf.doc.frontmatter.get(key))
    section_path = _section_at(buf.doc, line + 1)
    if section_path is None:
        return None
    meta = buf.doctype.info.sections.get(section_path)
    if meta is None:
        return None
    out = f"**{meta.title}** ({buf.doctype.name})"
    if meta.description:
        out += f": {meta.description}"
    if meta.hint:
        out += f"\n\nTemplate hint: _{meta.hint}_"
    return out


# --- front matter -------------------------------------------------------------------------------


def _in_frontmatter(doc: Document, line: int) -> bool:
    return doc.front.present and doc.front.body_start >= 2 and 1 <= line <= doc.front.body_start - 2


def frontmatter_properties(doctype: DocType) -> dict[str, dict]:
    """The front-matter fields of the type's schema chain (a later schema's field wins)."""
    props: dict[str, dict] = {}
    for schema in doctype.schemas:
        fm = (schema.get("properties") or {}).get("frontmatter") or {}
        for name, sub in (fm.get("properties") or {}).items():
            if isinstance(sub, dict):
                props[name] = {**props.get(name, {}), **sub}
    return props


def _frontmatter_completions(buf: Buffer, prefix: str, entries: Callable[[], list]) -> list[Suggestion]:
    doctype = buf.doctype
    assert doctype is not None
    props = frontmatter_properties(doctype)
    if ":" not in prefix:
        if prefix[:1].isspace() or prefix.startswith("-"):
            return []  # inside a list or a nested mapping
        present = set(buf.doc.frontmatter) - {prefix.strip()}
        return [Suggestion(name, "key", f"{name}: ", 0, None, sub.get("description")) for name, sub in props.items() if name not in present]
    key, _, rest = prefix.partition(":")
    key = key.strip()
    start = len(prefix) - len(rest) + (len(rest) - len(rest.lstrip()))
    if key in SUPERSEDE_FIELDS:
        own = getattr(buf, "path", None)
        return [
            Suggestion(str(e.number), "reference", str(e.number), start, f"{e.title} ({e.status or 'no status'})", e.path)
            for e in entries()
            if e.number is not None and not _same_file(e.abspath, own)
        ]
    values = doctype.statuses if key == doctype.status_field else _enum(props.get(key) or {})
    return [Suggestion(str(v), "value", str(v), start) for v in values]


def _enum(prop: dict) -> list:
    if isinstance(prop.get("enum"), list):
        return list(prop["enum"])
    return [prop["const"]] if "const" in prop else []


def _same_file(a: str, b: str | None) -> bool:
    import os

    return b is not None and os.path.realpath(a) == os.path.realpath(b)


def _field_help(doctype: DocType, key: str, value) -> str | None:
    prop = frontmatter_properties(doctype).get(key)
    if prop is None:
        return None
    out = f"**{key}** ({doctype.name})"
    if prop.get("description"):
        out += f": {prop['description']}"
    if key == doctype.status_field and doctype.transitions:
        from artifactkit.views.lifecycle import allowed_from, known_current

        now = known_current(doctype, value)
        if now is not None:
            allowed = allowed_from(doctype, now)
            out += f"\n\nFrom {now}: " + (", ".join(allowed) if allowed else "final, no change allowed")
    return out


def _references(buf: Buffer, key: str, entries: Callable[[], list], config: Config) -> str | None:
    from artifactkit.checks.crossrefs import reference_values
    from artifactkit.views import catalog

    values = reference_values(buf.doc.frontmatter.get(key))
    if not values:
        return None
    known = entries()
    own = catalog.entry_for(buf.path, config, buf.opened)
    lines = []
    for value in values:
        target = catalog.resolve(own, value, known, config) if own is not None else None
        if target is None:
            lines.append(f"{key}: {value} names no {buf.doctype.name if buf.doctype else ''} document under the docs root")
        else:
            lines.append(f"**{target.title}**: {target.status or 'no status'} ({target.path})")
    return "\n\n".join(lines)


# --- sections -----------------------------------------------------------------------------------


def _section_completions(buf: Buffer) -> list[Suggestion]:
    from artifactkit.checks.fixes import heading_level, missing_sections

    doctype = buf.doctype
    assert doctype is not None
    out = []
    for parent, key in missing_sections(buf.doc, doctype):
        meta = doctype.info.sections.get(parent + (key,))
        title = meta.title if meta else key
        level = heading_level(buf.doc, parent)
        out.append(Suggestion(title, "section", f"{'#' * level} {title}", 0, f"required by {doctype.name}", meta.description if meta else None))
    return out


def _section_at(doc: Document, line: int) -> tuple | None:
    """Key path of the section whose heading is on ``line`` (1-based)."""
    stack: list[tuple[tuple, Any]] = [((key,), section) for key, section in doc.outline.sections.items()]
    while stack:
        path, section = stack.pop()
        if section.line == line:
            return path
        stack.extend((path + (k,), s) for k, s in section.subsections.items())
    return None
