"""Lint one file: read it, resolve its type, validate its instance, run the per-document checks."""

from __future__ import annotations

import os
import re

from artifactkit.checks.context import Context
from artifactkit.checks.rules import RULES, families
from artifactkit.document.numbers import document_number
from artifactkit.engine import suppress
from artifactkit.engine.config import Config
from artifactkit.engine.results import FileResult
from artifactkit.io.discovery import symlink_escape
from artifactkit.problem import DOCUMENT
from artifactkit.suggest import did_you_mean


def lint_file(path: str, config: Config, text: str | None = None, named: bool = False) -> FileResult:
    """``text``: lint this instead of the file's content (an editor's unsaved buffer), as if saved at ``path``;
    ``named``: the file was named on the command line (it beats a type's built-in exclude)."""
    # here, not at the top: a warm run (every result from the cache) never parses a document
    from artifactkit.document import model

    rel = config.relpath(path)
    glob_type = config.type_for(rel, named)
    glob_name = glob_type.name if glob_type else None
    escape = symlink_escape(path, config.root)
    if escape:
        return _finish(FileResult(path, glob_name), Context(config, path=path, read_error=(1, escape)))
    doc, read = model.load(path, text)
    if doc is None:
        return _finish(FileResult(path, glob_name), Context(config, path=path, read_error=(read.line, read.error or "cannot be read")))
    ctx = Context(config, path=path, doc=doc)
    if glob_type is not None and doc.type is None and (is_template_name(path) or is_pointer(doc)):
        result = FileResult(path, glob_type.name, frontmatter=doc.frontmatter, title=doc.outline.title)
        what = "blank template" if is_template_name(path) else "stub (only a line saying where it went, or that it is retired)"
        result.skipped = None if doc.front.error else f"the {glob_type.name} type's {what}, not a document"
        return _finish(result, ctx)
    name = doc.type or glob_name
    if doc.type and doc.type not in config.types and glob_type is not None and not did_you_mean(str(doc.type), config.types):
        name = glob_name  # Hugo's "type: docs": a site generator's key, not a misspelt type; the paths claim the file
    ctx.type_name = name
    result = FileResult(path, name, frontmatter=doc.frontmatter, title=doc.outline.title)
    if name is None:
        result.skipped = None if doc.front.error else "no document type (no 'type:' in front matter, no matching paths)"
        return _finish(result, ctx)
    doctype = config.types.get(name)
    if doctype is None:  # the document family reports the unknown type
        return _finish(result, ctx)
    if name in config.broken:  # lint reports the schema's error once, and goes on with the other types
        result.skipped = f"not checked: the schema of type {name!r} is broken"
        return _finish(result, ctx)
    doc.type = name
    if doctype.format != "frontmatter":  # an existing log's own places for status, date and links
        from artifactkit.document import logformats

        logformats.lift(doc, doctype.format, doctype.statuses)
        result.frontmatter = doc.frontmatter
    if set(doctype.metadata) - {"frontmatter"} or doctype.sidecar:  # Status: lines, * Key: value lists, a table, a sidecar
        from artifactkit.document import preamble

        preamble.lift(doc, doctype.frontmatter_fields, doctype.metadata, doctype.sidecar)
        result.frontmatter = doc.frontmatter
    doc.apply_aliases(doctype.info.aliases(), doctype.info.required)
    doc.apply_hints(doctype.info.hints(), described=doctype.info.sections)
    ctx.doctype = doctype
    result.number = document_number(path, doc.frontmatter) if doctype.numbered else None
    return _finish(result, ctx)


TEMPLATE_NAME_RE = re.compile(r"^(?:(?:\d+|[a-z]+)[-_])?template$", re.IGNORECASE)


def is_template_name(path: str) -> bool:
    """``template.md``, ``0000-template.md``, ``adr-template.md``, ``TEMPLATE.md``: a team's blank
    template kept beside its documents is not one of them."""
    return bool(TEMPLATE_NAME_RE.match(os.path.splitext(os.path.basename(path))[0]))


RETIRED_RE = re.compile(r"[\[(](?:deprecated|obsolete|retired|archived|superseded)[\])]\s*$", re.IGNORECASE)


def is_pointer(doc) -> bool:
    """A file left where a document was: a title at most and one line, pointing to where it went
    ("Moved to [golang.org/design/x](…)") or saying it is retired ("# X [Deprecated]")."""
    from artifactkit.document.sections import count_words

    if doc.front.data or any(line != doc.outline.title_line for line, _, _ in doc.outline.headings):
        return False
    start = doc.outline.title_line or doc.front.body_start
    body = "".join(doc.lines[start:])
    retired = bool(doc.outline.title and RETIRED_RE.search(doc.outline.title))
    return (bool(doc.outline.link_targets) or retired) and count_words(body) <= 25


def _finish(result: FileResult, ctx: Context) -> FileResult:
    """Every family of the per-document pass checks ``ctx``; the config's levels and the disable comments apply."""
    outline = ctx.doc.outline if ctx.doc is not None else None
    if outline is not None:
        result.outline, result.locations = outline, ctx.doc.locations
    ctx.rules = RULES
    problems = [p for family in families(DOCUMENT) for p in family.check(ctx)]
    result.problems = suppress.apply(problems, outline, ctx.config)
    return result
