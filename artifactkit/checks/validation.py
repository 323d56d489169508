"""The rules a document's schema enforces. ``artifactkit.schema.messages`` words each validation
error as one of these (it sits below this layer, so it names them by id); they are declared here
with the other rule families. ``check`` validates a typed document's instance (its status spelt as
the type spells it: ``status-case`` reports the case) and words each failure."""

from __future__ import annotations

from artifactkit.checks.context import Context
from artifactkit.problem import ERROR, Problem, Rule

RULES = (
    Rule("frontmatter-missing", ERROR, "A required front-matter field is missing.", "Add the field to the YAML block at the top of the file."),
    Rule(
        "frontmatter-invalid",
        ERROR,
        "A front-matter field has a value the schema does not allow.",
        "Change the value to one the document type allows; lint --fix writes a date given as 20220513 as 2022-05-13.",
    ),
    Rule("title-missing", ERROR, "The document has no '# Title' heading.", "Add a level-1 heading with the document's title."),
    Rule("section-missing", ERROR, "A required section is missing.", "Add the section with the heading the document type expects."),
    Rule("section-empty", ERROR, "A required section has no content.", "Write the section's content; placeholders and comments don't count."),
    Rule(
        "section-placeholder", ERROR, "A section still holds TODO, a {placeholder} or the template's hint text.", "Replace the template text with real content."
    ),
    Rule(
        "section-incomplete",
        ERROR,
        "A section does not meet its type's requirements (open checklist items, too few options...).",
        "Complete the section as the message says.",
    ),
    Rule("schema-violation", ERROR, "The document breaks a rule of its schema.", "Change the document so that it matches the schema."),
)


def check(ctx: Context) -> list[Problem]:
    doc, doctype = ctx.doc, ctx.doctype
    if doctype is None:
        return []
    # here, not at the top: a warm run (every result from the cache) never parses a document
    from artifactkit.checks import statuscase

    instance = doc.instance()
    status = statuscase.canonical(doc, doctype)
    if status is not None:
        instance["frontmatter"] = {**instance["frontmatter"], doctype.status_field: status}
    validation = ctx.config.validator(doctype)
    if validation.is_valid(instance):
        return []  # the usual case: nothing to word
    from artifactkit.checks import nearmiss, template_version  # only an invalid document needs them
    from artifactkit.schema.messages import failures, problems_from_errors

    problems = problems_from_errors(doc, doctype, failures(validation.iter_errors(instance), validation))
    if doc.front.error:  # fields of unreadable front matter are not "missing": the syntax error says it all
        problems = [p for p in problems if not p.rule.startswith("frontmatter-")]
    problems = template_version.explain_missing(problems, doc, doctype, ctx.config)
    return nearmiss.renames(doc, doctype, problems)
