"""``lint --fix`` and ``lint --diff``: apply the fixes of ``artifactkit.checks.fixes`` to the files
whose findings they answer.

Only additions and respellings: a missing required section is inserted with its template hint, a
heading one edit away from a required one is renamed, a status that differs only in case is
respelt. Nothing a person wrote is deleted, and an unknown status is never replaced by a guess.
A fix is applied only for a finding lint reports without the baseline (a rule switched off or
disabled is left alone). Fixes are applied one at a time, re-parsing in between, so that each one is placed
against the document as the previous ones left it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from artifactkit.engine.config import Config
from artifactkit.engine.results import FileResult

BOM = "\ufeff"


@dataclass
class FileFix:
    path: str
    old: str  # the file's text as read, BOM included
    new: str
    titles: list[str] = field(default_factory=list)


def plan(result: FileResult, config: Config) -> FileFix | None:
    """The fixed text of ``result``'s file, or None when nothing there has a fix."""
    from artifactkit.checks import fixes
    from artifactkit.io.textio import read_document

    wanted = {(p.rule, p.section) for p in result.problems}
    if not any(rule in ("section-missing", "status-case") for rule, _ in wanted) or result.type not in config.types:
        return None
    read = read_document(result.path)
    if read.text is None or read.data is None:
        return None
    raw = read.data.decode("utf-8")
    bom = BOM if raw.startswith(BOM) else ""
    doctype = config.types[result.type]
    text, titles = read.text, []
    done: set[tuple[str, str | None]] = set()
    while True:
        fix = _next_fix(_parse(result.path, text, doctype), doctype, wanted, done)
        if fix is None:
            break
        done.add((fix.rule, fix.section))
        new = fixes.apply_edits(text, fix.edits)
        if new != text:
            text = new
            titles.append(fix.title)
    if text == read.text:
        return None
    text = _bring_forward(result.path, text, doctype, config, titles)
    return FileFix(result.path, raw, bom + text, titles)


def _bring_forward(path: str, text: str, doctype, config: Config, titles: list[str]) -> str:
    """A document made from an older template, once it has every section, records the current version."""
    from artifactkit.checks import fixes
    from artifactkit.errors import UserError
    from artifactkit.schema import templates

    doc = _parse(path, text, doctype)
    record = templates.record_of(doc)
    if record is None or fixes.missing_sections(doc, doctype):
        return text
    try:
        spec = templates.template_spec(doctype, config)
    except UserError:
        return text
    current = templates.current_version(spec)
    if current is None or record[1] == current or record[0] != templates.record_name(spec, config.root):
        return text
    titles.append(f"template version {record[1]} -> {current}")
    return templates.replace_record(text, f"{record[0]}@{current}")


def _parse(path: str, text: str, doctype):
    from artifactkit.document.model import parse_text

    doc = parse_text(path, text)
    doc.apply_aliases(doctype.info.aliases())
    return doc


def _next_fix(doc, doctype, wanted: set, done: set):
    """The first fix not applied yet that answers a reported finding: a rename before an insertion."""
    from artifactkit.checks import fixes, statuscase

    for parent, key in fixes.missing_sections(doc, doctype):
        meta = doctype.info.sections.get(parent + (key,))
        title = meta.title if meta else key
        if ("section-missing", title) not in wanted or ("section-missing", title) in done:
            continue
        fix = fixes.rename_near_miss(doc, doctype, parent, key) or fixes.insert_section(doc, doctype, parent, key)
        if fix is not None:
            return fix
        done.add(("section-missing", title))  # no safe place for it (an unclosed fence): the others still get fixed
    if ("status-case", None) in wanted and statuscase.canonical(doc, doctype) is not None:
        fix = fixes.status_case(doc, doctype)
        if fix is not None and (fix.rule, fix.section) not in done:
            return fix
    return None


def write(fix: FileFix) -> bool:
    """Replace the file atomically, unless it changed since it was planned (then leave it: False)."""
    from artifactkit.io.textio import read_document
    from artifactkit.io.writer import atomic_write

    now = read_document(fix.path)
    if now.data is None or now.data.decode("utf-8") != fix.old:
        return False
    atomic_write(fix.path, fix.new.encode("utf-8"))
    return True


def unified_diff(fix: FileFix, label: str) -> str:
    import difflib

    out = []
    for line in difflib.unified_diff(fix.old.splitlines(keepends=True), fix.new.splitlines(keepends=True), f"a/{label}", f"b/{label}"):
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)
