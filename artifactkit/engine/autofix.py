"""``lint --fix`` and ``lint --diff``: apply the fixes of ``artifactkit.checks.fixes`` and the
repairs of ``artifactkit.checks.repairs`` to the files whose findings they answer.

Only additions, respellings and repairs: a missing required section is inserted with its template
hint, a heading one edit away from a required one (or naming it otherwise) is renamed, a status that differs only in case
is respelt; first, a broken link, an unclosed fence or a date is repaired where one reading alone
fits (each repair must lower the findings). Nothing a person wrote is deleted, and an unknown
status is never replaced by a guess.
A fix is applied only for a finding lint reports without the baseline (a rule switched off or
disabled is left alone). Fixes are applied one at a time, re-parsing in between, so that each one is placed
against the document as the previous ones left it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from artifactkit.engine.results import FileResult
from artifactkit.schema.project import Config

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from artifactkit.document.model import Document
    from artifactkit.schema.doctypes import DocType

BOM = "\ufeff"
Answer = Callable[[str, str], "tuple[str, str, str] | None"]
ONE_BY_ONE = 20  # repairs of one rule re-checked one at a time in a file, when all of them together are not kept


@dataclass
class FileFix:
    path: str
    old: str  # the file's text as read, BOM included
    new: str
    titles: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # fixes left out, and why
    also: list[FileFix] = field(default_factory=list)  # another document's answer a fix here needs (write it first)


def plan(result: FileResult, config: Config, baselined=None, answer: Answer | None = None) -> FileFix | None:
    """The fixed text of ``result``'s file, or None when nothing there has a fix; a FileFix whose
    ``new`` equals ``old`` when every fix was left out (its ``notes`` say why). ``baselined``:
    the fingerprints (``baseline.fingerprint``) of the file's findings the baseline holds.
    ``answer(path, text)``: ``(other path, its text as read, its text answering)`` when ``text``
    saved at ``path`` supersedes a document that does not say so, and that one can say it (the
    command layer writes it as ``artifactkit supersede`` does); a repaired supersede reference is
    then kept together with that answer."""
    from artifactkit.checks.repairs import REPAIRS
    from artifactkit.io.textio import read_document

    if result.type not in config.types:
        return None
    wanted: dict[tuple[str, str | None], set[int]] = {}
    for p in result.problems:
        wanted.setdefault((p.rule, p.section), set()).add(p.line)
    fixable = any(rule in ("section-missing", "status-case") or rule in REPAIRS for rule, _ in wanted)
    doctype = config.types[result.type]
    if not fixable and not doctype.template:
        return None
    read = read_document(result.path)
    if read.text is None or read.data is None:
        return None
    raw = read.data.decode("utf-8")
    bom = BOM if raw.startswith(BOM) else ""
    titles: list[str] = []
    if not fixable:
        # every section written by hand: only the template record may move forward (no finding changes)
        forward = _bring_forward(result.path, read.text, doctype, config, titles)
        return FileFix(result.path, raw, bom + forward, titles) if forward != read.text else None
    run = _Run(result.path, config, doctype, wanted, baselined or set(), answer)
    text = run.repairs(read.text)
    text = run.sections(text)
    if text == read.text:
        return FileFix(result.path, raw, raw, [], run.notes) if run.notes else None
    text = _bring_forward(result.path, text, doctype, config, run.titles)
    return FileFix(result.path, raw, bom + text, run.titles, run.notes, run.also)


class _Run:
    """The fixes of one file, applied one at a time, each kept only when lint's re-check of the
    fixed text says it is better (``_worse``)."""

    def __init__(self, path: str, config: Config, doctype: DocType, wanted: dict, baselined: set, answer: Answer | None = None):
        self.path, self.config, self.doctype, self.wanted, self.baselined = path, config, doctype, wanted, baselined
        self.answer = answer
        self.also: list[FileFix] = []
        self.titles: list[str] = []
        self.notes: list[str] = []
        self.done: set = set()
        self.findings: list | None = None  # of the text as it stands, computed on first need

    def _try(self, text: str, fix, lower: int = 0, note: bool = True) -> str:
        """``text`` with ``fix`` applied when that makes it no worse (``lower``: when it lowers the
        findings by that many at least), else ``text`` (a note says why)."""
        from artifactkit.checks import fixes

        new = fixes.apply_edits(text, fix.edits)
        if new == text:
            return text
        if self.findings is None:
            self.findings = _lint_text(self.path, text, self.config)
        after = _lint_text(self.path, new, self.config)
        why = _worse(self.findings, after, fix, self.baselined, self.config)
        if not why and len(after) > len(self.findings) - lower:
            why = f"the findings would go from {len(self.findings)} to {len(after)} only"
        if why and lower == 1 and self._answered(text, new, fix, after):
            return new
        if why:
            if note:
                self.notes.append(f"{fix.title}: left out, {why}")
            return text
        self.findings = after
        self.titles.append(fix.title)
        return new

    def _answered(self, text: str, new: str, fix, after: list) -> bool:
        """A repaired supersede reference whose only new finding is that the document it now names
        does not answer it: kept, with that answer, when lint on both documents, both fixed, finds
        fewer findings and none new."""
        from artifactkit.engine.linter import lint_buffers

        old = {_key(p) for p in self.findings or ()}
        fresh = [p for p in after if _key(p) not in old]
        if self.answer is None or not fresh or any(p.rule != "supersede-mismatch" for p in fresh):
            return False
        other = self.answer(self.path, new)
        if other is None:
            return False
        path, raw, answered = other
        before = [p for r in lint_buffers({self.path: text, path: raw.removeprefix(BOM)}, self.config) for p in r.problems]
        both = [p for r in lint_buffers({self.path: new, path: answered.removeprefix(BOM)}, self.config) for p in r.problems]
        if len(both) >= len(before) or _worse(before, both, fix, self.baselined, self.config):
            return False
        self.also.append(FileFix(path, raw, answered, [f"the supersedes half of {self.config.relpath(self.path)}'s supersede"]))
        self.findings = after
        self.titles.append(fix.title)
        return True

    def repairs(self, text: str) -> str:
        """Links, fences and dates (``checks.repairs``): each edit stays within its line, so the
        lines of the findings hold for all of them; they run before any section is inserted. All of
        a rule's repairs are tried together first (one re-check), then one at a time, at most
        ``ONE_BY_ONE`` of them (each is a re-check: a file of thousands of broken links stays quick)."""
        from artifactkit.checks.fixes import Fix
        from artifactkit.checks.repairs import REPAIRS

        for rule, repair in REPAIRS.items():
            lines = self.wanted.get((rule, None), set())
            found = repair(_parse(self.path, text, self.doctype), self.config.root_dir, lines) if lines else []
            if len(found) > 1:
                title = "; ".join(f.title for f in found[:3]) + (f"; and {len(found) - 3} more like them" if len(found) > 3 else "")
                together = Fix(title, rule, found[0].line, None, tuple(e for f in found for e in f.edits))
                new = self._try(text, together, lower=len(found), note=False)  # each one answers a finding
                if new != text:
                    text = new
                    continue
            for _ in range(ONE_BY_ONE if found else 0):
                fix = next((f for f in repair(_parse(self.path, text, self.doctype), self.config.root_dir, lines) if (f.line, f.title) not in self.done), None)
                if fix is None:
                    break
                self.done.add((fix.line, fix.title))
                text = self._try(text, fix, lower=1)
        return text

    def sections(self, text: str) -> str:
        """Missing sections, near-miss headings and the status's case; kept only when, together,
        they lower the findings: inserting a missing section trades "missing" for "write it"."""
        start, before, titles = text, self.findings, len(self.titles)
        while (fix := _next_fix(_parse(self.path, text, self.doctype), self.doctype, self.wanted, self.done, self.notes)) is not None:
            self.done.add((fix.rule, fix.section))
            text = self._try(text, fix)
        if text == start:
            return text
        before = before if before is not None else _lint_text(self.path, start, self.config)
        if self.findings is not None and len(self.findings) >= len(before):
            # a run of --fix lowers the count or leaves the file as it is
            self.notes.append(
                f"{'; '.join(self.titles[titles:])}: left out, the findings would stay at {len(before)} (write the missing sections; lint --diff shows where)"
            )
            del self.titles[titles:]
            self.findings = before
            return start
        return text


def _lint_text(path: str, text: str, config: Config) -> list:
    """The findings lint would report on ``text`` saved at ``path``, its links and references to
    the other documents included (nothing is written)."""
    from artifactkit.engine.linter import lint_buffer

    result = lint_buffer(path, text, config)
    return result.problems if result is not None else []


def _key(problem) -> tuple:
    return (problem.rule, problem.section or "", problem.message.split(" — ", 1)[0])


def _worse(before: list, after: list, fix, baselined: set, config: Config) -> str | None:
    """Why the text after ``fix`` is worse than before, or None. A fix never adds findings, and
    never brings a finding that was not there: only the inserted section's own "write it"
    finding may take the place of its "missing" one, unless the baseline held that one (a fix
    after ``baseline`` must not turn an accepted finding into a new one)."""
    from artifactkit.engine.baseline import fingerprint

    if len(after) > len(before):
        return f"it would raise the findings from {len(before)} to {len(after)}"
    old = {_key(p) for p in before}
    inserted = fix.rule == "section-missing" and fix.title.startswith("Insert")
    if inserted and not any(p.section == fix.section and p.rule in ("section-empty", "section-placeholder") for p in after):
        # an inserted heading holds only its hint: filled, it took in text written under the headings after it
        return "the new heading would take in text written under the headings after it"
    missing = [p for p in before if p.rule == "section-missing" and p.section == fix.section]
    accepted = any(fingerprint(p, config) in baselined for p in missing)
    for problem in after:
        if _key(problem) in old:
            continue
        own = fix.rule == "section-missing" and problem.section == fix.section and problem.rule in ("section-empty", "section-placeholder")
        if own and missing and not accepted:
            continue
        return f"it would bring a new finding ({problem.rule}: {problem.message.split(' — ', 1)[0]})" + (" the baseline does not hold" if own else "")
    return None


def _bring_forward(path: str, text: str, doctype: DocType, config: Config, titles: list[str]) -> str:
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


def _parse(path: str, text: str, doctype: DocType):
    from artifactkit.document.model import parse_text

    doc = parse_text(path, text)
    doc.apply_aliases(doctype.info.aliases(), doctype.info.required, doctype.info.top_keys)
    return doc


def _next_fix(doc: Document, doctype: DocType, wanted: dict, done: set, notes: list[str]):
    """The first fix not applied yet that answers a reported finding: a rename before an insertion."""
    from artifactkit.checks import fixes, statuscase

    foreign = None
    for parent, key in fixes.missing_sections(doc, doctype):
        meta = doctype.info.sections.get(parent + (key,))
        title = meta.title if meta else key
        if ("section-missing", title) not in wanted or ("section-missing", title) in done:
            continue
        rename = fixes.rename_near_miss(doc, doctype, parent, key)
        if rename is not None:
            return rename
        done.add(("section-missing", title))
        if fixes.written_anyway(doc, doctype, parent, key):
            notes.append(f'"{title}" not inserted: the document has such a heading (inside a code block or list?)')
            continue
        foreign = fixes.foreign_language(doc, doctype) if foreign is None else foreign
        if foreign:
            # "## Alert Description" / "## Troubleshooting" share no word with Meaning/Impact either: the
            # same test cannot tell another outline from another language, so the note names both
            notes.append(
                f"\"{title}\" not inserted: none of the document's headings shares a word with the type's sections "
                "(written to another outline, or in another language); add an alias under the type's sections if one of them is it"
            )
            continue
        insert = fixes.insert_section(doc, doctype, parent, key)
        if insert is not None:
            return insert
        notes.append(f'"{title}" not inserted: no safe place for it (an unclosed fence or HTML block)')  # the others still get fixed
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
