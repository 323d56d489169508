"""Fixes for findings, as plain text edits: what an editor's code actions (``artifactkit lsp``)
and a future ``lint --fix`` apply.

Every function here is pure: it reads a parsed ``model.Document`` (aliases applied, as the linter
leaves it) and its ``DocType`` and returns ``Fix`` values; nothing is written. Positions are
0-based lines and 0-based columns counted in characters (code points) of the document's text, as
``model.split_lines`` splits it; a protocol layer converts them to its own units.

* a missing required section is inserted with its template hint (``x-hint``), in the schema's
  order: after the required section that precedes it, else before the one that follows it, else
  before the other sections;
* a heading one edit away from a missing required section ("Contxt") is renamed to it, and so is
  the one heading that names it otherwise, about a word only it has ("Usage example" for "Basic example");
* a status that differs from a known one only in case is respelt;
* an unknown status is replaced by one the type's transitions allow from the previous status.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from artifactkit.record import NamedTuple, dataclass

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from artifactkit.document.model import Document
    from artifactkit.schema.doctypes import DocType

ATX_RE = re.compile(r"^( {0,3}#{1,6}[ \t]+)(.*?)(?:[ \t]+#+)?[ \t]*$")


@dataclass(frozen=True)
class Edit:
    start_line: int
    start_col: int
    end_line: int
    end_col: int
    new_text: str


@dataclass(frozen=True)
class Fix:
    title: str
    rule: str  # the rule of the finding it fixes
    line: int  # 1-based line of that finding, as in Problem.line
    section: str | None  # the finding's section, as in Problem.section
    edits: tuple[Edit, ...]
    preferred: bool = False


def fixes_for(doc: Document, doctype: DocType, previous_status: str | None = None) -> list[Fix]:
    """Every fix this module knows for ``doc``; ``previous_status``: the saved document's status."""
    found: list[Fix] = []
    for parent, key in missing_sections(doc, doctype):
        rename = rename_near_miss(doc, doctype, parent, key)
        if rename is not None:
            found.append(rename)
        insert = insert_section(doc, doctype, parent, key)
        if insert is not None:
            found.append(insert)
    case = status_case(doc, doctype)
    if case is not None:
        found.append(case)
    else:
        found.extend(status_replacements(doc, doctype, previous_status))
    return found


def apply_edits(text: str, edits) -> str:
    """``text`` with non-overlapping ``edits`` applied (positions refer to the original text)."""
    from artifactkit.document.model import split_lines

    starts = _line_starts(split_lines(text))
    spans = sorted((_offset(starts, e.start_line, e.start_col), _offset(starts, e.end_line, e.end_col), e.new_text) for e in edits)
    pieces, last = [], 0
    for start, end, new in spans:  # one pass: a slice per edit would copy the text once per edit
        pieces += [text[last:start], new]
        last = end
    return "".join(pieces) + text[last:]


# --- sections -----------------------------------------------------------------------------------


def missing_sections(doc: Document, doctype: DocType) -> list[tuple[tuple, str]]:
    """``(parent keys, key)`` of each required section absent from ``doc``, in the schema's order."""
    out: list[tuple[tuple, str]] = []
    for parent, keys in doctype.info.required:
        container = _container(doc, parent)
        if container is None:
            continue
        out.extend((parent, key) for key in keys if key not in container and (parent, key) not in out)
    return out


def insert_section(doc: Document, doctype: DocType, parent: tuple, key: str) -> Fix | None:
    meta = doctype.info.sections.get(parent + (key,))
    title = meta.title if meta else key
    nl = _newline(doc)
    level = heading_level(doc, parent)
    block = f"{'#' * level} {title}{nl}" + (f"{nl}_{meta.hint}_{nl}" if meta and meta.hint else "")
    line = _insert_line(doc, doctype, parent, key)  # 1-based heading line to insert before; None: at the end
    if line is None:
        edit = _append(doc, block, nl)
    else:
        before = doc.lines[line - 2] if line >= 2 else ""
        lead = nl if before.strip() else ""
        edit = Edit(line - 1, 0, line - 1, 0, lead + block + nl)
    if not _lands_between_blocks(doc, edit, line):
        return None
    anchor = line if line is not None else doc.line_count
    return Fix(f'Insert the missing section "{title}"', "section-missing", anchor, title, (edit,))


def _lands_between_blocks(doc: Document, edit: Edit, before_heading: int | None) -> bool:
    """An insertion goes before a top-level heading, or at the end where its heading stands as a
    heading: never into an unclosed fence or HTML comment, never splitting a list item or quote."""
    from artifactkit.document import blocks
    from artifactkit.document.model import split_lines

    first = doc.front.body_start if doc.front.error_rule != "frontmatter-unterminated" else 0  # as the parser reads it
    if before_heading is not None:
        return before_heading - 1 - first in blocks.top_level_headings("".join(doc.lines[first:]))
    lead = edit.new_text[: edit.new_text.index("#")]
    heading = edit.start_line + lead.count("\n") + lead.count("\r") - lead.count("\r\n")
    return blocks.heading_stands_at("".join(split_lines(apply_edits(doc.text, (edit,)))[first:]), heading - first)


def rename_near_miss(doc: Document, doctype: DocType, parent: tuple, key: str) -> Fix | None:
    """Rename a heading one edit away from the missing ``key`` (or one of its aliases) to its title;
    first, make a line that names it in bold (``**Decision Outcome**``) the heading it stands for."""
    wanted = doctype.info.derived(("near miss", parent, key), lambda: _near_miss_of(doctype, parent, key))
    bold = _bold_to_heading(doc, doctype, parent, key, wanted.title)
    if bold is not None:
        return bold
    for section in (_container(doc, parent) or {}).values():
        if section.key in wanted.known or not wanted.near(section.key):
            continue
        edit = _heading_edit(doc, section, wanted.title)
        if edit is not None:
            return Fix(f'Rename "{section.heading}" to "{wanted.title}"', "section-missing", section.line, wanted.title, (edit,), preferred=True)
    return _rename_renamed(doc, parent, wanted)


class _NearMiss(NamedTuple):
    """What a heading is compared with to find a missing section under another name: the type's
    alone (with the section's parent and key), found once per type."""

    title: str
    targets: tuple[str, ...]  # the key and aliases: a heading one edit away from one is a near miss
    known: frozenset[str]  # the type's sections at that level: never renamed
    own: frozenset[str]  # the words of the section's names that no other section at that level has
    lengths: frozenset[int]  # the lengths a name one edit away from a target can have

    def near(self, name: str) -> bool:
        """``name`` is one edit away from a target; the length test first, which rules out most headings."""
        return len(name) in self.lengths and any(_one_edit_apart(name, t) for t in self.targets)


def _near_miss_of(doctype: DocType, parent: tuple, key: str) -> _NearMiss:
    meta = doctype.info.sections.get(parent + (key,))
    title = meta.title if meta else key
    aliases = meta.aliases if meta else ()
    own = set().union(*(_content_words(n) for n in (title, key, *aliases)))
    for path, other in doctype.info.sections.items():
        if path[:-1] == parent and path[-1] != key:
            own -= set().union(*(_content_words(n) for n in (other.title, path[-1], *other.aliases)))
    targets = tuple({key, *(a.lower() for a in aliases)})
    lengths = frozenset(len(t) + d for t in targets for d in (-1, 0, 1))
    return _NearMiss(title, targets, doctype.info.children(parent), frozenset(own), lengths)


def _bold_to_heading(doc: Document, doctype: DocType, parent: tuple, key: str, title: str) -> Fix | None:
    found = doc.bold_label(doctype.info.names(parent + (key,)))
    if found is None:
        return None
    line, label = found
    container = _container(doc, parent)
    if parent:
        holder = doc.find_section(parent)
        level = holder.level + 1 if holder is not None else 2
    else:
        level = min((s.level for s in (container or {}).values()), default=2)
    text = doc.lines[line - 1].rstrip("\r\n")
    edit = Edit(line - 1, 0, line - 1, len(text), f"{'#' * level} {label}")
    return Fix(f'Make "{label}" in bold a "{"#" * level}" heading', "section-missing", line, title, (edit,), preferred=True)


# words of four letters or more that say nothing about which section a heading is
_FILLER = frozenset("with from this that what when which about other more their these those into using".split())


@lru_cache(maxsize=4096)  # the type's section names, asked again for every document
def _content_words(text: str) -> frozenset[str]:
    from artifactkit.document.sections import WORD_RE, normalize_key

    return frozenset(w.removesuffix("s") for w in WORD_RE.findall(normalize_key(text)) if len(w) >= 4 and w not in _FILLER)


def _head_word(text: str) -> str | None:
    """The word a heading is about: its last word, or the last before "of"/"for" ("Usage example"
    -> example, "Examples of misuse" -> example, "Decision drivers" -> driver); None for a
    heading about two things ("Consequences and decision")."""
    from artifactkit.document.sections import WORD_RE, normalize_key

    words = WORD_RE.findall(normalize_key(text))
    if "and" in words or "&" in text or "/" in text:
        return None  # about two things
    cut = next((i for i, w in enumerate(words) if w in ("of", "for")), len(words))
    return words[cut - 1].removesuffix("s") if cut else None


def _rename_renamed(doc: Document, parent: tuple, wanted: _NearMiss) -> Fix | None:
    """Rename the one heading that is the missing section under another name: the word it is
    about is a word of the section's title or aliases that no other section of the type at that
    level has ("Usage example" for "Basic example", "Expected consequences" for "Consequences"),
    it is no section of the type itself, and no other heading there shares such a word.
    "Decision drivers" is about drivers, not the decision; two candidates, or a word another
    section has too ("Design constraints" beside "Detailed design"), and nothing is renamed."""
    own, title = wanted.own, wanted.title
    if not own:
        return None
    candidates = [
        s
        for s in (_container(doc, parent) or {}).values()
        if s.key not in wanted.known and s.line != doc.outline.title_line and not own.isdisjoint(_content_words(s.key))
    ]
    if len(candidates) != 1 or _head_word(candidates[0].key) not in own:
        return None
    edit = _heading_edit(doc, candidates[0], title)
    if edit is None:
        return None
    return Fix(
        f'Rename "{candidates[0].heading}" to "{title}" (the section by another name)', "section-missing", candidates[0].line, title, (edit,), preferred=True
    )


HEADING_LINE_RE = re.compile(r"^\s*(?:[-*+>]\s+)*#{1,6}\s+(.+?)\s*#*\s*$")


def written_anyway(doc: Document, doctype: DocType, parent: tuple, key: str) -> bool:
    """A line reads as the section's heading (``## Decision``, or an alias) though the outline
    holds no such section: inside an unclosed code block, a list item or a quote. Inserting it
    again would write it twice."""
    from artifactkit.document.sections import normalize_key

    names = doctype.info.names(parent + (key,))
    for line in doc.lines[doc.front.body_start :]:
        match = HEADING_LINE_RE.match(line)
        if match and normalize_key(match.group(1)) in names:
            return True
    return False


def foreign_language(doc: Document, doctype: DocType) -> bool:
    """The document's headings share no word with any section title or alias of its type: they
    are written in another language (``## Bağlam``, ``## Karar``), and an English heading would
    not belong among them. Needs two section headings to judge."""
    from artifactkit.document.sections import WORD_RE, normalize_key

    headings = [text for line, _, text in doc.outline.headings if line != doc.outline.title_line]
    if len(headings) < 2:
        return False
    known: set[str] = set()
    for meta in doctype.info.sections.values():
        for name in (meta.title, meta.key, *meta.aliases):
            known.update(WORD_RE.findall(normalize_key(name)))
    words = {w for text in headings for w in WORD_RE.findall(normalize_key(text))}
    return bool(words) and not (words & known)


def _container(doc: Document, parent: tuple):
    if not parent:
        return doc.outline.sections
    section = doc.find_section(parent)
    return section.subsections if section is not None else None


def _insert_line(doc: Document, doctype: DocType, parent: tuple, key: str) -> int | None:
    container = _container(doc, parent) or {}
    order = doctype.info.required_order(parent)
    earlier = [k for k in order[: order.index(key)] if k in container] if key in order else []
    if earlier:
        return _end_of(doc, container[earlier[-1]])
    later = [k for k in order[order.index(key) + 1 :] if k in container] if key in order else []
    if later:
        return container[later[0]].line
    if container:
        return next(iter(container.values())).line
    parent_section = doc.find_section(parent) if parent else None
    return _end_of(doc, parent_section) if parent_section is not None else None


def _end_of(doc: Document, section) -> int | None:
    """Line of the first heading after ``section``'s subtree; None when it runs to the end."""
    for line, level, _ in doc.outline.headings:
        if line > section.line and level <= section.level:
            return line
    return None


def heading_level(doc: Document, parent: tuple) -> int:
    """Level of a new section under ``parent``: one below it, or the level of the top sections (2 by default)."""
    section = doc.find_section(parent) if parent else None
    if section is not None:
        return section.level + 1
    levels = [s.level for s in doc.outline.sections.values()]
    return min(levels) if levels else 2


def _append(doc: Document, block: str, nl: str) -> Edit:
    lines = doc.lines
    if not lines:
        return Edit(0, 0, 0, 0, block)
    last = lines[-1]
    if last.endswith(("\n", "\r")):
        return Edit(len(lines), 0, len(lines), 0, (nl if last.strip() else "") + block)
    lead = nl + (nl if last.strip() else "")
    return Edit(len(lines) - 1, len(last), len(lines) - 1, len(last), lead + block)


def _heading_edit(doc: Document, section, title: str) -> Edit | None:
    index = section.line - 1
    if index >= len(doc.lines):
        return None
    line = doc.lines[index].rstrip("\r\n")
    match = ATX_RE.match(line)
    if match and line.lstrip().startswith("#"):
        start, end = match.start(2), match.end(2)
    else:  # setext: the heading is the text line itself
        start = len(line) - len(line.lstrip())
        end = len(line.rstrip())
    words = _words_span(line, start, end, section)
    if words is None:
        return None  # the words are split by markup: renaming would drop it, so no rename is offered
    return Edit(index, words[0], index, words[1], title)


_MARKUP_RE = re.compile(r"<!--.*?-->|<[^>]*>|`[^`]*`", re.DOTALL)


def _words_span(line: str, start: int, end: int, section) -> tuple[int, int] | None:
    """Columns of the heading's words within its text: an anchor, an HTML comment, emphasis markers
    or a trailing note around them stay as the person wrote them."""
    masked = _MARKUP_RE.sub(lambda m: "\0" * len(m.group(0)), line[start:end])
    for words in (section.key, section.heading.strip()):  # the narrowest first: "1. Contxt:" keeps "1." and ":"
        if not words:
            continue
        at = masked.lower().find(words.lower())
        if at >= 0 and masked.lower().find(words.lower(), at + 1) < 0:
            return start + at, start + at + len(words)
    return None


def _one_edit_apart(a: str, b: str) -> bool:
    """Levenshtein distance exactly 1 (one character inserted, deleted or replaced)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


# --- status -------------------------------------------------------------------------------------


def status_case(doc: Document, doctype: DocType) -> Fix | None:
    """``accepted`` -> ``Accepted``: the value names a known status in another case."""
    current = _status_value(doc, doctype)
    status = _known(doctype, current)
    if status is None:
        return None
    return _status_fix(doc, doctype, status, f"Change status to {status!r}", rule="status-case", preferred=True)


def _known(doctype: DocType, value) -> str | None:
    """``value`` as the type spells the status, matched case-insensitively (as ``artifactkit status`` does)."""
    if not isinstance(value, str):
        return None
    return next((s for s in doctype.statuses if s.lower() == value.strip().lower()), None)


def status_replacements(doc: Document, doctype: DocType, previous: str | None = None) -> list[Fix]:
    """For an unknown status: the statuses the transitions allow from ``previous`` (the saved
    document's status, when the type knows it), else every status with the initial one first;
    the closest spellings first."""
    current = _status_value(doc, doctype)
    if current is None or _known(doctype, current) is not None:
        return []
    before = _known(doctype, previous)
    if before is not None and doctype.transitions:
        candidates = [before] + list(doctype.transitions.get(before) or [])
    else:
        candidates = ([doctype.initial_status] if doctype.initial_status in doctype.statuses else []) + list(doctype.statuses)
    candidates = list(dict.fromkeys(candidates))
    close = difflib.get_close_matches(current, candidates, n=len(candidates), cutoff=0.6)
    ordered = close + [c for c in candidates if c not in close]
    fixes = [_status_fix(doc, doctype, status, f"Replace status {current!r} with {status!r}") for status in ordered]
    return [f for f in fixes if f is not None]


def _status_value(doc: Document, doctype: DocType) -> str | None:
    if not doctype.status_field or doc.front.error:
        return None
    value = doc.frontmatter.get(doctype.status_field)
    if not isinstance(value, str) or value in doctype.statuses:
        return None
    return value


def _status_fix(doc: Document, doctype: DocType, status: str, title: str, rule: str = "frontmatter-invalid", preferred: bool = False) -> Fix | None:
    from artifactkit.document.frontedit import set_frontmatter_text
    from artifactkit.errors import UserError

    try:
        new = set_frontmatter_text(doc.text, {doctype.status_field: status}, where=doc.path)
    except UserError:  # front matter that cannot be edited safely gets no fix
        return None
    edit = _edit_between(doc.text, new, doc.lines)
    if edit is None:
        return None
    line, _ = doc.locations.get(("frontmatter", doctype.status_field), (1, 1))
    return Fix(title, rule, line, None, (edit,), preferred=preferred)


# --- positions ----------------------------------------------------------------------------------


def _newline(doc: Document) -> str:
    for line in doc.lines:
        if line.endswith("\r\n"):
            return "\r\n"
        if line.endswith(("\n", "\r")):
            return line[-1]
    return "\n"


def _line_starts(lines: list[str]) -> list[int]:
    starts, total = [], 0
    for line in lines:
        starts.append(total)
        total += len(line)
    starts.append(total)
    return starts


def _offset(starts: list[int], line: int, col: int) -> int:
    return starts[min(line, len(starts) - 1)] + col


def _edit_between(old: str, new: str, lines: list[str]) -> Edit | None:
    """One replacement of whole lines that turns ``old`` into ``new`` (common first and last lines kept)."""
    from artifactkit.document.model import split_lines

    if old == new:
        return None
    new_lines = split_lines(new)
    head = 0
    while head < min(len(lines), len(new_lines)) and lines[head] == new_lines[head]:
        head += 1
    tail = 0
    while tail < min(len(lines), len(new_lines)) - head and lines[-1 - tail] == new_lines[-1 - tail]:
        tail += 1
    replaced = "".join(new_lines[head : len(new_lines) - tail])
    return Edit(head, 0, len(lines) - tail, 0, replaced)
