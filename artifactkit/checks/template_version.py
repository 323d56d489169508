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
    template = _template(doctype, config)
    if template is None:  # no template with a version to be behind: no record to look for
        return problems
    from artifactkit.document.sections import normalize_key
    from artifactkit.schema import templates

    spec, current = template
    record = templates.record_of(doc)
    if record is None:
        return problems
    name, recorded = record
    if current == recorded or name != templates.record_name(spec, config.root):
        return problems
    added = templates.headings(spec)
    return [
        p._replace(message=f"{p.message} (added in template version {current}; this document was made from {recorded})")
        if p.rule == "section-missing" and p.section and normalize_key(p.section) in added
        else p
        for p in problems
    ]


# type name -> (type, config, its template): the answer depends on the type and the config alone (the
# template's version is read once a run: templates.current_version), and every invalid document of the
# type asks it; the type and config held are compared by identity, so a reloaded config asks afresh
_TEMPLATES: dict[str, tuple] = {}


def _template(doctype: DocType, config: Config) -> tuple[str, str] | None:
    """``(spec, current version)`` of the type's template; None when it has none, or no version (a URL's)."""
    held = _TEMPLATES.get(doctype.name)
    if held is None or held[0] is not doctype or held[1] is not config:
        from artifactkit.errors import UserError
        from artifactkit.schema import templates

        try:
            spec = templates.template_spec(doctype, config)
        except UserError:
            answer = None
        else:
            current = templates.current_version(spec)
            answer = None if current is None else (spec, current)
        held = _TEMPLATES[doctype.name] = (doctype, config, answer)
    return held[2]
