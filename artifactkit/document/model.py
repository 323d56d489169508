"""A Markdown document parsed once into a plain JSON-compatible instance, with line numbers."""

from __future__ import annotations

import os
import re
from functools import lru_cache

from artifactkit.document import frontmatter, sections
from artifactkit.io.textio import ReadResult, decode, read_document
from artifactkit.record import dataclass, field

LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


# what str.splitlines() also ends a line at, and markdown-it does not
_OTHER_LINE_ENDS = ("\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def split_lines(text: str) -> list[str]:
    """Split like markdown-it does (\\r\\n, \\r, \\n only), keeping line ends."""
    if not _other_line_ends(text):  # the usual text: splitlines, in C, ends lines alike
        return text.splitlines(keepends=True)
    return LINE_RE.findall(text)


def _other_line_ends(text: str) -> bool:
    """Whether ``text`` holds one of ``_OTHER_LINE_ENDS``: the last three are no ASCII (``isascii``
    costs nothing); one test after another, without a generator."""
    if "\v" in text or "\f" in text or "\x1c" in text or "\x1d" in text or "\x1e" in text:
        return True
    return not text.isascii() and ("\x85" in text or "\u2028" in text or "\u2029" in text)


@dataclass
class Document:
    path: str
    text: str
    lines: list[str]
    front: frontmatter.FrontMatter
    outline: sections.Outline
    type: str | None = None
    locations: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    too_complex: str | None = None  # why the outline was not read (pulldown.TooComplex): reported like an unreadable file
    # read once a document, asked once per missing section (lint's message, --fix)
    _code_lines: frozenset[int] | None = field(default=None, repr=False, compare=False)
    _bold_labels: list[tuple[int, str, str]] | None = field(default=None, repr=False, compare=False)

    @property
    def frontmatter(self) -> dict:
        return self.front.data

    @property
    def line_count(self) -> int:
        return max(1, len(self.lines))

    def apply_hints(self, hints: dict[tuple, str], described=None) -> None:
        """Mark paragraphs holding a template hint (keyed by the path of section keys). With
        ``described`` (the section paths the schema knows), leftovers in other subsections count
        for their parent section."""
        for path, hint in hints.items():
            section = self.find_section(path)
            if section is not None:
                section.apply_hint(hint)
        nested = [(key, s) for key, s in self.outline.sections.items() if s.subsections] if described is not None else ()
        if nested:  # only a section with subsections has leftovers to fold
            checked = frozenset(map(id, self.outline.sections.values()))
            for key, section in nested:
                section.fold_placeholders((key,), described, checked)

    def apply_aliases(self, aliases: dict[tuple, dict[str, str]], required=None, known=()) -> None:
        """Rename sections whose key is a synonym (alias -> canonical) at the given parent path.
        With ``required`` (``SchemaInfo.required``: parent keys -> required keys), a required top
        section the document holds elsewhere is found there (``match_sections``); ``known``: every
        top section key of the type, optional ones too."""
        for parent, mapping in aliases.items():
            container = self.outline.sections if not parent else getattr(self.find_section(parent), "subsections", None)
            if container is None or container.keys().isdisjoint(mapping.keys()):  # most documents use no alias
                continue
            for alias, canonical in mapping.items():
                if alias in container and canonical not in container:
                    section = container.pop(alias)
                    section.key = canonical
                    container[canonical] = section
        if required:
            self.match_sections([k for parent, keys in required if not parent for k in keys], aliases.get((), {}), known)

    def match_sections(self, wanted: list[str], aliases: dict[str, str], known=()) -> None:
        """A required top section written at another level counts: ``### Decision`` under
        ``## Summary``, or a first ``# Summary`` taken for the title in a document whose H1s are its
        sections (any section of the type, an optional one too: RFCs that open with ``# Summary``
        and have no title heading). The shallowest, first such heading is used; the top-level one
        always wins, so a name repeated deeper (per-option ``#### Drawbacks``) never hides it."""
        top = self.outline.sections
        missing = [k for k in wanted if k not in top]
        title = self.outline.title_section
        title_key = aliases.get(title.key, title.key) if title is not None else None
        demote = (
            title is not None
            and title_key not in top
            and (title_key in wanted or title_key in known)
            and any(level == 1 and line != title.line for line, level, _ in self.outline.headings)  # H1 sections
        )
        if not missing and not demote:
            return
        if demote and title is not None and title_key is not None:
            title.key = title_key
            top[title_key] = title
            self.outline.title = None  # the H1 was a section: the document has no title heading
            if title_key in missing:
                missing.remove(title_key)
        promoted = self._find_elsewhere(missing, wanted, aliases, known) if missing else False
        if demote or promoted:
            ordered = sorted(top.items(), key=lambda kv: kv[1].line)  # document order, for placement and fixes
            top.clear()
            top.update(ordered)

    def _find_elsewhere(self, missing: list[str], wanted: list[str], aliases: dict[str, str], known) -> bool:
        """Take the ``missing`` sections the document writes deeper or under a longer or shorter
        name (``match_sections``) among its top sections; whether one was found."""
        top = self.outline.sections
        promoted = False
        for section in _shallowest_first(top.values(), aliases, set(missing)):
            key = aliases.get(section.key, section.key)
            if key in missing:
                top[key] = section
                missing.remove(key)
                promoted = True
        wanted_keys = set(wanted)
        # the top sections no key of the type names: they stay so while sections are promoted below
        others = [(_stems(k), k, s) for k, s in top.items() if k not in wanted_keys]
        for key in list(missing) if others else ():
            # "Details and Rationale", "Go 1 backwards compatibility": a top heading naming the
            # section among other words; only when one heading alone does (never a guess between two)
            # ("Mitigating" for Mitigation, "Proposed changes" for Proposal: the words' stems compared)
            want = _stems(key)
            first = want[:1]  # a heading without the name's first word cannot hold the name: no call to tell
            found = [s for stems, _, s in others if (not first or first[0] in stems) and _holds(stems, want)]
            if len({id(s) for s in found}) == 1:
                top[key] = found[0]
                missing.remove(key)
                promoted = True
        unknown = [(stems, s) for stems, k, s in others if k not in known]
        for key in list(missing) if unknown else ():
            # "## Decision" for MADR's "Decision Outcome", "## Context" for "Context and Problem
            # Statement": a heading no section of the type has, whose words are part of one missing
            # section's name and of no other's (an optional "Decision Drivers" does not stand in the way)
            want = _stems(key)
            taken = {id(top[w]) for w in wanted if w in top}
            rest = [_stems(o) for o in missing if o != key]
            found = [s for stems, s in unknown if len(stems) < len(want) and id(s) not in taken and _part_of(stems, want, rest)]
            if len({id(s) for s in found}) == 1:
                top[key] = found[0]
                missing.remove(key)
                promoted = True
        return promoted

    def bold_label(self, names: set[str] | frozenset[str]) -> tuple[int, str] | None:
        """``(line, its text)`` of the first line outside code that is only bold text naming one of
        ``names`` (normalized keys): ``**Context and Problem Statement**`` written where a heading
        belongs. Lint says so instead of "missing", and ``--fix`` makes it the heading."""
        if self._bold_labels is None:
            import artifactkit._native as _native

            # one native pass over the text (src/lines.rs): a cold lint asks it of every document missing a section
            labels = _native.bold_lines(self.text, self.front.body_start)
            self._bold_labels = [(number, sections.normalize_key(text), text) for number, text in labels]
        found = next(((number, text) for number, key, text in self._bold_labels if key in names), None)
        return None if found is None else (found[0], found[1].strip().rstrip(":").rstrip())

    def code_lines(self) -> frozenset[int]:
        """File line numbers inside fenced code blocks, their fences counted in."""
        if self._code_lines is None:
            self._code_lines = _fenced(self.text, self.front.body_start)
        return self._code_lines

    def section_span(self, key: str) -> tuple[int, int] | None:
        """File lines (first body line, one past the last) of the top-level section ``key``, heading excluded."""
        section = self.outline.sections.get(key)
        if section is None:
            return None
        end = self.line_count + 1
        for line, level, _ in self.outline.headings:
            if line > section.line and level <= section.level:
                end = line
                break
        return section.line + 1, end

    def find_section(self, keys: tuple):
        container = self.outline.sections
        section = None
        for key in keys:
            section = container.get(key)
            if section is None:
                return None
            container = section.subsections
        return section

    def instance(self) -> dict:
        return {
            "type": self.type,
            "path": self.path,
            "frontmatter": self.front.data,
            "title": self.outline.title or self._front_title(),
            "sections": {k: s.to_instance() for k, s in self.outline.sections.items()},
        }

    def _front_title(self) -> str | None:
        """A title written in front matter (``title: …``, as Hugo and MADR 3 write it) is the title."""
        title = self.front.data.get("title") if isinstance(self.front.data, dict) else None
        return title if isinstance(title, str) and title.strip() else None

    def locate(self, path: tuple) -> tuple[int, int]:
        """Best line/column for an instance path: the path itself or its nearest located parent."""
        path = tuple(path)
        while path:
            if path in self.locations:
                return self.locations[path]
            if len(path) >= 2 and path[0] == "sections":
                section = self.find_section(_section_keys(path))
                if section is not None:
                    return section.line, 1
            path = path[:-1]
        return (1, 1)


SUFFIXES = ("ions", "ion", "ings", "ing", "als", "al", "ed", "es", "s")


def _shallowest_first(sections, aliases: dict[str, str], keys: set[str]) -> list:
    """The subsections below ``sections`` whose key (or the key it is an alias of) is one of
    ``keys``, the shallowest first, then in document order."""
    found: list = []
    stack = [(1, s) for s in sections]
    while stack:
        depth, section = stack.pop()
        for sub in section.subsections.values():
            if aliases.get(sub.key, sub.key) in keys:
                found.append((depth, sub.line, len(found), sub))  # the count: ties stay in walk order
            if sub.subsections:
                stack.append((depth + 1, sub))
    found.sort(key=lambda t: t[:3])
    return [t[3] for t in found]


@lru_cache(maxsize=4096)  # the same few section names, asked for every document of a type
def _stems(key: str) -> tuple[str, ...]:
    """The words of a key without their English inflection: "mitigating" and "mitigation" -> "mitigat"."""
    out = []
    for word in re.findall(r"\w+", key):
        for suffix in SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        out.append(word)
    return tuple(out)


def _part_of(words: tuple[str, ...], name: tuple[str, ...], others: list[tuple[str, ...]]) -> bool:
    """``words`` (a heading's) are a shorter part of ``name`` and of none of ``others``."""
    return len(words) < len(name) and any(len(w) >= 4 for w in words) and _holds(name, words) and not any(_holds(o, words) for o in others)


def _holds(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    if n == 1:  # most section names are one word
        return phrase[0] in words
    return any(words[i : i + n] == phrase for i in range(len(words) - n + 1))


def _section_keys(path: tuple) -> tuple:
    keys = []
    rest = list(path[1:])
    while rest:
        keys.append(rest.pop(0))
        if rest and rest[0] == "subsections":
            rest.pop(0)
        else:
            break
    return tuple(keys)


def parse_text(path: str, text: str) -> Document:
    lines = split_lines(text)
    front = frontmatter.parse(lines)
    offset = front.body_start if front.error_rule != "frontmatter-unterminated" else 0
    # the text after the front matter's lines: a slice (the lines join back to the text), not a join of them all
    body = text[sum(map(len, lines[:offset])) :] if offset else text
    import artifactkit.document.pulldown as pulldown

    too_complex = None
    try:
        outline = build_outline(body, offset)
    except pulldown.TooComplex as exc:
        outline, too_complex = sections.Outline(), str(exc)
    doc = Document(path, text, lines, front, outline, too_complex=too_complex)
    every = _all_sections(outline.sections.values())
    _names_written_as_code(doc, every)
    _pictures(doc, every)
    doc.locations.update(front.locations)
    if front.present:
        doc.locations[("frontmatter",)] = (1, 1)
    if outline.title_line is not None:
        doc.locations[("title",)] = (outline.title_line, 1)
    doc.type = front.data.get("type") if isinstance(front.data.get("type"), str) else None
    return doc


def _names_written_as_code(doc: Document, every: list) -> None:
    """A ``<REPO_DIR>`` or ``{service}`` the document also writes as code (`` `~/.config/<REPO_DIR>` ``,
    a shell block) is a name it defines and then uses in prose, not a template's blank: taken out
    of its sections' leftovers, which then point at the first one left."""
    marked = [s for s in every if s.placeholders and any(p[:1] in "<{" for p in s.placeholders)]
    if not marked:
        return
    code = _code_text(doc)
    for section in marked:
        kept = [p for p in section.placeholders if not (p[:1] in "<{" and p in code)]
        if len(kept) == len(section.placeholders):
            continue
        section.placeholders = kept
        section.placeholder_line = (
            next((n for n in range(section.line, doc.line_count + 1) if n <= len(doc.lines) and any(p in doc.lines[n - 1] for p in kept)), None)
            if kept
            else None
        )


_IMAGE_RE = re.compile(r"!\[[^\]\n]*\](?:\([^)\n]+\)|\[[^\]\n]*\])|<img\s", re.IGNORECASE)


def _pictures(doc: Document, every: list) -> None:
    """A section whose own text is a picture (a timeline's screenshot, an architecture diagram) is
    written: its images are counted, outside code. Only sections that would be empty are looked at."""
    empty = [s for s in every if not s.filled]
    if not empty:
        return
    starts = sorted(line for line, _, _ in doc.outline.headings)
    in_code = doc.code_lines()
    for section in empty:
        end = next((line for line in starts if line > section.line), doc.line_count + 1)
        section.images = sum(len(_IMAGE_RE.findall(doc.lines[n - 1])) for n in range(section.line + 1, end) if n <= len(doc.lines) and n not in in_code)


def _all_sections(sections) -> list:
    """``sections`` and all their subsections, each before its own, in the outline's order: one
    explicit walk (a generator nested once per level cost more than the sections' own reading)."""
    out: list = []
    stack = list(sections)
    stack.reverse()
    while stack:
        section = stack.pop()
        out.append(section)
        if section.subsections:
            subs = list(section.subsections.values())
            subs.reverse()
            stack.extend(subs)
    return out


def _code_text(doc: Document) -> str:
    """The document's code spans and code blocks, one per line (backticks paired on a line, fences)."""
    out: list[str] = []
    code = doc.code_lines()
    for index in range(doc.front.body_start, len(doc.lines)):
        line = doc.lines[index]
        if index + 1 in code:
            out.append(line)
        elif "`" in line:
            out.extend(line.split("`")[1::2])
    return "\n".join(out)


def _fenced(text: str, first: int) -> frozenset[int]:
    """Numbers of the lines after line ``first`` of ``text`` that are inside a fenced code block, its
    fences counted in (``^ {0,3}(`{3,}|~{3,})`` opens one, the same mark at least as long closes it;
    never closed: code to the end). Read natively, lines ended as ``split_lines`` ends them (src/lines.rs)."""
    from artifactkit import _native

    return frozenset(number for start, end in _native.fenced_spans(text, first) for number in range(start, end + 1))


def load(path: str, text: str | None = None) -> tuple[Document | None, ReadResult]:
    """Parse the file at ``path``, or ``text`` as if it were that file's content (an editor's
    unsaved buffer): the same size, binary and encoding checks apply to both."""
    result = read_document(path) if text is None else decode(text.encode("utf-8", "surrogatepass"))
    if result.text is None:
        return None, result
    from artifactkit.document.pulldown import TooComplex, check_budget

    try:  # before splitting millions of lines: the limits need only a few counts
        check_budget(result.text)
    except TooComplex as exc:
        return None, ReadResult(None, error=str(exc))
    doc = parse_text(path, result.text)
    if doc.too_complex:
        return None, ReadResult(None, error=doc.too_complex)
    return doc, result


def build_outline(body: str, line_offset: int) -> sections.Outline:
    """``line_offset``: number of lines before the body (front matter) so lines stay file-relative.
    pulldown-cmark's reading (artifactkit.document.pulldown, the native pass). Benchmarks and tests
    set ARTIFACTKIT_OUTLINE=reference to read with markdown-it-py instead (the reports must not change
    but where a known divergence applies: tests/test_pulldown_diff.py)."""
    if os.environ.get("ARTIFACTKIT_OUTLINE") == "reference":
        from artifactkit.document import markdown

        return markdown.build_outline_reference(body, line_offset)
    import artifactkit.document.pulldown as pulldown

    return pulldown.build_outline(body, line_offset)
