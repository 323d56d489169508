"""Lint one file: read it, resolve its type, validate its instance, run the per-document checks."""

from __future__ import annotations

from artifactkit.checks.disables import unknown_rule_problems
from artifactkit.checks.document import duplicate_headings, frontmatter_problems, unclosed_fences
from artifactkit.checks.rules import RULES
from artifactkit.document.numbers import document_number
from artifactkit.engine import suppress
from artifactkit.engine.config import Config
from artifactkit.engine.results import FileResult
from artifactkit.io.discovery import symlink_escape
from artifactkit.problem import ERROR, Problem
from artifactkit.suggest import did_you_mean


def lint_file(path: str, config: Config, text: str | None = None) -> FileResult:
    """``text``: lint this instead of the file's content (an editor's unsaved buffer), as if saved at ``path``."""
    # here, not at the top: a warm run (every result from the cache) never parses a document
    from artifactkit.checks import nearmiss, staleness, statuscase, template_version
    from artifactkit.document import model

    rel = config.relpath(path)
    glob_type = config.type_for(rel)
    escape = symlink_escape(path, config.root)
    if escape:
        problems = suppress.apply([Problem(path, 1, 1, ERROR, "file-unreadable", escape)], None, config)
        return FileResult(path, glob_type.name if glob_type else None, problems)
    doc, read = model.load(path, text)
    if doc is None:
        problem = Problem(path, read.line, 1, ERROR, "file-unreadable", read.error or "cannot be read")
        return FileResult(path, glob_type.name if glob_type else None, suppress.apply([problem], None, config))
    front_problems = frontmatter_problems(doc)
    name = doc.type or (glob_type.name if glob_type else None)
    result = FileResult(path, name, front_problems, frontmatter=doc.frontmatter, title=doc.outline.title)
    if name is None:
        result.skipped = None if front_problems else "no document type (no 'type:' in front matter, no matching paths)"
        return _finish(result, doc, config)
    doctype = config.types.get(name)
    if doctype is None:
        known = ", ".join(config.types)
        line, col = doc.locations.get(("frontmatter", "type"), (1, 1))
        result.problems.append(
            Problem(
                path,
                line,
                col,
                ERROR,
                "type-unknown",
                f"unknown document type {name!r}{did_you_mean(str(name), config.types)} — use one of: {known}, or define it under 'types' in .artifactkit.yaml",
            )
        )
        return _finish(result, doc, config)
    if name in config.broken:  # lint reports the schema's error once, and goes on with the other types
        result.skipped = f"not checked: the schema of type {name!r} is broken"
        return _finish(result, doc, config)
    doc.type = name
    if doctype.format != "frontmatter":  # an existing log's own places for status, date and links
        from artifactkit.document import logformats

        logformats.lift(doc, doctype.format, doctype.statuses)
        result.frontmatter = doc.frontmatter
    doc.apply_aliases(doctype.info.aliases())
    doc.apply_hints(doctype.info.hints(), described=doctype.info.sections)
    case_problems, instance = statuscase.check(doc, doctype)
    validation = config.validator(doctype)
    if validation.is_valid(instance):
        problems = []  # the usual case: nothing to word
    else:
        from artifactkit.schema.messages import failures, problems_from_errors

        problems = problems_from_errors(doc, doctype, failures(validation.iter_errors(instance), validation))
    if doc.front.error:  # fields of unreadable front matter are not "missing": the syntax error says it all
        problems = [p for p in problems if not p.rule.startswith("frontmatter-")]
    problems = template_version.explain_missing(problems, doc, doctype, config)
    result.problems.extend(case_problems + nearmiss.renames(doc, doctype, problems))
    result.problems.extend(staleness.check(doc, doctype))
    if doctype.action_items:
        from artifactkit.checks import actions

        result.problems.extend(actions.check(doc, doctype, staleness.today()))
    result.problems.extend(duplicate_headings(doc) + unclosed_fences(doc))
    result.number = document_number(path, doc.frontmatter) if doctype.numbered else None
    return _finish(result, doc, config)


def _finish(result: FileResult, doc, config: Config) -> FileResult:
    result.outline, result.locations = doc.outline, doc.locations
    problems = result.problems + unknown_rule_problems(result.path, doc.outline, RULES)
    result.problems = suppress.apply(problems, doc.outline, config)
    return result
