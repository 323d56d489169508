"""Why a section is missing: a document made from an older template version than the current one
is told that the section was added to the template since (``new`` records the version)."""

from __future__ import annotations

from artifactkit.problem import Problem

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from artifactkit.document.model import Document
    from artifactkit.schema.doctypes import DocType
    from artifactkit.schema.project import Config


def explain_missing(problems: list[Problem], doc: Document, doctype: DocType, config: Config) -> list[Problem]:
    """``section-missing`` messages of a document behind its template, with the version that added the section."""
    if not any(p.rule == "section-missing" for p in problems):
        return problems
    from artifactkit.schema import templates

    record = templates.record_of(doc)
    if record is None:  # the usual case: nothing else to import or ask
        return problems
    from artifactkit.document.sections import normalize_key
    from artifactkit.errors import UserError

    try:
        spec = templates.template_spec(doctype, config)
    except UserError:
        return problems
    name, recorded = record
    current = templates.current_version(spec)
    if current is None or current == recorded or name != templates.record_name(spec, config.root):
        return problems
    added = templates.headings(spec)
    return [
        p._replace(message=f"{p.message} (added in template version {current}; this document was made from {recorded})")
        if p.rule == "section-missing" and p.section and normalize_key(p.section) in added
        else p
        for p in problems
    ]
