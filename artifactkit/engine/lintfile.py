"""Lint one file: open it as a typed document (``schema.opening``), run the per-document checks."""

from __future__ import annotations

from artifactkit.checks.context import Context
from artifactkit.checks.rules import all_rules, families
from artifactkit.document.numbers import document_number
from artifactkit.engine import suppress
from artifactkit.engine.results import FileResult
from artifactkit.problem import DOCUMENT
from artifactkit.schema.project import Config

# the per-file families come with this module: imported before lint's workers fork, they are shared
# rather than imported again in each worker (a warm run, which lints no file, imports neither)
families(DOCUMENT)


def lint_file(path: str, config: Config, text: str | None = None, named: bool = False, keep: bool = True) -> FileResult:
    """``text``: lint this instead of the file's content (an editor's unsaved buffer), as if saved at ``path``;
    ``named``: the file was named on the command line (it beats a type's built-in exclude); ``keep``:
    see ``open_document``."""
    # here, not at the top: a warm run (every result from the cache) never opens a document
    from artifactkit.schema.opening import open_document

    opened = open_document(path, config, text, named, keep=keep)
    doc = opened.doc
    if doc is None:
        return _finish(FileResult(path, opened.type_name), Context(config, path=path, read_error=opened.error))
    result = FileResult(path, opened.type_name, frontmatter=doc.frontmatter, title=opened.title, skipped=opened.skipped)
    if opened.skipped is not None and doc.front.error:
        return result  # a file an exclude drops: its broken front matter is not a document's to fix
    # a stub names its type for the listing, but no type's checks apply to it
    ctx = Context(config, path=path, doc=doc, type_name=None if opened.stub else opened.type_name, doctype=opened.doctype)
    if opened.doctype is not None and opened.doctype.numbered:
        result.number = document_number(path, doc.frontmatter)
    return _finish(result, ctx)


def _finish(result: FileResult, ctx: Context) -> FileResult:
    """Every family of the per-document pass checks ``ctx``; the config's levels and the disable comments apply."""
    outline = ctx.doc.outline if ctx.doc is not None else None
    if outline is not None:
        result.outline, result.locations = outline, ctx.doc.locations
    ctx.rules = all_rules()
    problems = [p for family in families(DOCUMENT) for p in family.check(ctx)]
    result.problems = suppress.apply(problems, outline, ctx.config)
    return result
