"""Every rule id the linter can report, with its default level and help (used by reports and config)."""

from __future__ import annotations

from dataclasses import dataclass

from artifactkit.problem import ERROR, WARNING


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    summary: str
    help: str


_RULES = [
    Rule("file-unreadable", ERROR, "The file cannot be read as UTF-8 Markdown.", "Save the document as a UTF-8 text file under the size limit, or remove it."),
    Rule("frontmatter-syntax", ERROR, "The YAML front matter does not parse.", "Fix the YAML between the '---' lines at the top of the file."),
    Rule("frontmatter-unterminated", ERROR, "The front matter has no closing '---'.", "Add a '---' line after the last front-matter field."),
    Rule("frontmatter-missing", ERROR, "A required front-matter field is missing.", "Add the field to the YAML block at the top of the file."),
    Rule("frontmatter-invalid", ERROR, "A front-matter field has a value the schema does not allow.", "Change the value to one the document type allows."),
    Rule("type-unknown", ERROR, "The front matter names a document type nobody defined.", "Use a built-in type or define the type in .artifactkit.yaml."),
    Rule("title-missing", ERROR, "The document has no '# Title' heading.", "Add a level-1 heading with the document's title."),
    Rule("section-missing", ERROR, "A required section is missing.", "Add the section with the heading the document type expects."),
    Rule("section-empty", ERROR, "A required section has no content.", "Write the section's content; placeholders and comments don't count."),
    Rule("section-placeholder", ERROR, "A section still holds TODO, a {placeholder} or the template's hint text.", "Replace the template text with real content."),
    Rule("section-incomplete", ERROR, "A section does not meet its type's requirements (open checklist items, too few options...).", "Complete the section as the message says."),
    Rule("schema-violation", ERROR, "The document breaks a rule of its schema.", "Change the document so that it matches the schema."),
    Rule("heading-duplicate", WARNING, "Two sibling headings have the same text.", "Merge the sections or rename one; only the first is checked."),
    Rule("number-duplicate", ERROR, "Two documents of one type share a number.", "Renumber one of the documents."),
    Rule("review-stale", WARNING, "The document has not been reviewed within its review period.", "Review the document and update its review date."),
    Rule("link-broken", ERROR, "A relative link or reference points at a document that does not exist.", "Fix the link or create the document."),
    Rule("action-incomplete", ERROR, "An open action item has no owner, ticket or due date.", "Give the item an owner (@name), a ticket (a link or KEY-123) and a due date (YYYY-MM-DD)."),
    Rule("action-overdue", WARNING, "An open action item is past its due date.", "Finish the item and mark it done, or agree a new due date."),
    Rule("number-branch-conflict", ERROR, "Another branch gives this document's number to another document.", "Take a free number before merging: artifactkit renumber TYPE N --next."),
    Rule("alert-runbook-missing", ERROR, "An alert's runbook_url leads to no runbook in the repository.", "Write the runbook, or fix the alert's annotations.runbook_url."),
    Rule("alert-runbook-failing", ERROR, "An alert's runbook fails lint.", "Complete the runbook; its own findings say what is missing."),
    Rule("alert-runbook-branch", WARNING, "An alert's runbook_url is pinned to a branch other than the default.", "Point the URL at the default branch."),
    Rule("runbook-unlinked", WARNING, "No alert's runbook_url leads to this runbook.", "Link the runbook from its alert, or remove it."),
    Rule("supersede-mismatch", ERROR, "A 'supersedes' or 'superseded_by' reference is not answered by the other document.", "Add the matching 'superseded_by' or 'supersedes' field to the other document, or fix the reference."),
]

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}
LEVEL_CHOICES = ("error", "warning", "off")
