"""The section tree of a Markdown body (Outline), built by OutlineBuilder from either parser's
block events, and the rules for words and placeholders that both parsers share."""

from __future__ import annotations

import functools
import re

from artifactkit.document.outline import Outline as Outline  # re-exported: the parsers build these here
from artifactkit.document.section import Section as Section
from artifactkit.document.words import ASCII_WORD_RE as ASCII_WORD_RE
from artifactkit.document.words import WORD_RE as WORD_RE
from artifactkit.document.words import count_words as count_words

TODO_RE = re.compile(r"\b(TODO|TBD|FIXME|XXX)\b")
# A placeholder looks like a template's own: {service name}, <team>, a few plain words. Not a
# Hugo/Jinja {{< shortcode >}}, not generics (<T, U: Copy>), not part of a word (cmd_<sub>).
PLACEHOLDER_BODY = r"[A-Za-z][A-Za-z0-9 _/.-]{1,98}"
CURLY_RE = re.compile(r"(?<![\w{])\{" + PLACEHOLDER_BODY + r"\}(?![\w}])")
# Not a file name with an extension, or a path to one: <math.h>, <simd/simd.h>, <config.yaml> (C includes, files).
NOT_A_FILE = r"(?![A-Za-z0-9_/.-]{0,98}\.[A-Za-z0-9]{1,5}>)"
ANGLE_RE = re.compile(r"(?<![\w<])<" + NOT_A_FILE + PLACEHOLDER_BODY + r">(?![\w>])")
ANGLE_TAG_RE = re.compile(r"<" + NOT_A_FILE + PLACEHOLDER_BODY + r">")
# A "TBD" in a sentence that says what is out of scope is the author's decision, not a leftover:
# "Pricing is TBD and out of scope for this RFC." Only TBD: a TODO, FIXME or XXX is always a leftover.
OUT_OF_SCOPE_RE = re.compile(r"\b(?:out of scope|out-of-scope|not in scope|beyond the scope|non-goals?|future work)\b", re.IGNORECASE)
# A <name> or {name} written into a path, a URL, an assignment or a command's arguments is the
# author's metavariable in an instruction ("/var/log/<cluster-id>", "https://{BASE_URL}/x",
# "ethtool -S <iface>", "| grep <image-name>"), not a template's blank left unfilled.
GLUED_BEFORE = frozenset("/=:@")
FLAG_BEFORE_RE = re.compile(r"(?:^|[\s(\[])--?[A-Za-z][\w-]{0,40}\s+$")
PIPE_BEFORE_RE = re.compile(r"(?:^|\s)\|\s*[a-z][\w.-]{0,40}\s")
SENTENCE_END_RE = re.compile(r"[.!?;](?:\s|$)|\n")
# Maths is not prose: $…$ (no space inside its ends, not "$5 and $6") and $$…$$, even over several lines.
INLINE_MATH_RE = re.compile(r"(?<![\\$\w])\$(?=[^\s$])[^$\n]{0,400}?(?<=[^\s\\$])\$(?![$\d])")
TASK_RE = re.compile(r"^\[([ xX])\]\s+")
NA_RE = re.compile(r"^N/?A\b\s*(?:(?:[:—–-]+|\bbecause\b)\s*)?(?P<reason>.*)$", re.IGNORECASE)
# [^<>] and bounded: a run of unclosed comments is scanned once, not once per comment
DIRECTIVE_RE = re.compile(r"<!--\s*artifactkit-(disable-next-section|disable)\b([^<>]{0,1000}?)-->")
TAG_RE = re.compile(r"^<(/?)([A-Za-z][A-Za-z0-9-]*)([^<>]*)>$")
HTML_TAGS = frozenset(
    "a abbr b blockquote br caption code col colgroup dd del details dfn div dl dt em figcaption figure "
    "h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p picture pre q s samp section small source span "
    "strong sub summary sup table tbody td tfoot th thead tr u ul var video audio iframe input label "
    "address article aside bdi bdo big button canvas center cite data datalist dialog embed fieldset font "
    "footer form header hgroup main map menu meter nav nobr noscript object optgroup option output param "
    "progress rp rt ruby script select slot strike style template textarea time track tt wbr".split()
)


# How people number headings: "1.", "1.2", "1.2.", "2)", "IV.", "A." (a bare "2019 plans" keeps its number)
NUMBERING_RE = re.compile(r"^(?:\d+(?:\.\d+)+\.?|\d+[.)]|[ivxlcdm]{1,6}[.)]|[a-z][.)])\s+")
# "Drawbacks [optional]", "Open issues (if applicable)": a note to the writer, not the section's name
OPTIONAL_NOTE_RE = re.compile(r"\s*[\[(](?:optional|if applicable|if any|if needed|if relevant)[\])]$")
EDGE_MARKS = "*_`~ \t"


# the heading is everything a key depends on, and headings repeat across documents ("Context",
# "Decision"): bounded, so a run over many documents keeps only the latest few thousand
@functools.lru_cache(maxsize=4096)
def normalize_key(text: str) -> str:
    """The one key a heading is matched by (lint, aliases, fixes and init's learning use it): case,
    spacing, numbering, emphasis or code marks, a trailing ':' and an "(optional)" note ignored."""
    key = " ".join(text.split()).lower()
    if not key.isalnum():  # most headings are one plain word: nothing to strip
        key = _strip_marks(key)
    return key


def _strip_marks(key: str) -> str:
    for _ in range(3):  # "1. **Context:**" takes a few rounds; stop when nothing changes
        before = key
        key = key.strip(EDGE_MARKS)
        key = key[:-1].rstrip() if key.endswith(":") else key
        key = OPTIONAL_NOTE_RE.sub("", key)
        numbered = NUMBERING_RE.match(key)
        if numbered and numbered.end() < len(key):
            key = key[numbered.end() :]
        if key == before:
            break
    return key


def may_hold_placeholders(text: str) -> bool:
    """False if none of the placeholder patterns can match (substring tests: far faster than a regex alternation)."""
    return "TODO" in text or "TBD" in text or "FIXME" in text or "XXX" in text or "{" in text or "<" in text


def find_placeholders(text: str) -> tuple[list[str], str]:
    """Return the placeholders in prose text and the text with them removed."""
    if not may_hold_placeholders(text):  # most text
        return [], text
    if "$" in text and INLINE_MATH_RE.search(text):
        return _around_math(text)
    found: list[str] = []
    for regex in (TODO_RE, CURLY_RE, ANGLE_RE):
        if regex is TODO_RE:
            matches = [m.group(0) for m in regex.finditer(text) if not _tbd_out_of_scope(text, m)]
            if matches:  # no second pass over text that holds none
                found.extend(matches)
                text = _remove_leftovers(text)
        elif regex.search(text):
            text = regex.sub(lambda m: _take_blank(m, found), text)
    return found, text


def _take_blank(match: re.Match, found: list[str]) -> str:
    """A blank is taken out of the text (its words do not count); a metavariable stays, as words."""
    text = match.string
    start, end = match.start(), match.end()
    if is_metavariable(text[max(0, start - 200) : start], text[end : end + 200]):  # bounded: a run of many blanks stays linear
        return match.group(0)
    found.append(match.group(0))
    return " "


def is_metavariable(before: str, after: str) -> bool:
    """Whether a <name> or {name} between ``before`` and ``after`` is part of a path, URL,
    assignment or command line (see GLUED_BEFORE), or of a message the text quotes."""
    if before[-1:] in GLUED_BEFORE or after[:1] == "/":
        return True
    line = before[-200:]
    line = line[line.rfind("\n") + 1 :]
    return FLAG_BEFORE_RE.search(line) is not None or PIPE_BEFORE_RE.search(line) is not None or _quoted_words(line, after)


QUOTES = (("'", "'"), ('"', '"'), ("\u201c", "\u201d"), ("\u2018", "\u2019"))
WORDS_RE = re.compile(r"[^\W\d_]{2,}")


def _quoted_words(line: str, after: str) -> bool:
    """``prints 'Did you mean <something>?'``: the blank sits in a quotation, on its line, among
    other words: a message the author quotes, not a template's blank (a quoted ``"<team name>"``
    alone still is one)."""
    rest = after[:200].split("\n", 1)[0]
    for opening, closing in QUOTES:
        i = line.rfind(opening)
        if i < 0 or (i > 0 and not (line[i - 1].isspace() or line[i - 1] in "([")):
            continue  # an apostrophe (don't), not a quotation
        j = rest.find(closing)
        if j >= 0 and WORDS_RE.search(line[i + 1 :] + " " + rest[:j]):
            return True
    return False


def _tbd_out_of_scope(text: str, match: re.Match) -> bool:
    """A TBD whose sentence (at most 300 characters either side) says what is out of scope."""
    if match.group(0) != "TBD":
        return False
    start = match.start()
    ends = [m.end() for m in SENTENCE_END_RE.finditer(text, max(0, start - 300), start)]
    begin = ends[-1] if ends else max(0, start - 300)
    after = SENTENCE_END_RE.search(text, match.end(), match.end() + 300)
    end = after.start() if after else min(len(text), match.end() + 300)
    return OUT_OF_SCOPE_RE.search(text, begin, end) is not None


def _remove_leftovers(text: str) -> str:
    return TODO_RE.sub(lambda m: m.group(0) if _tbd_out_of_scope(text, m) else " ", text)


def _around_math(text: str) -> tuple[list[str], str]:
    """Placeholders of the prose between inline maths; the maths are kept as they are (their words count)."""
    found: list[str] = []
    parts: list[str] = []
    at = 0
    for math in INLINE_MATH_RE.finditer(text):
        more, rest = find_placeholders(text[at : math.start()])
        found.extend(more)
        parts += [rest, math.group(0)]
        at = math.end()
    more, rest = find_placeholders(text[at:])
    return found + more, "".join([*parts, rest])


def is_angle_placeholder(html: str) -> bool:
    """``<service name>`` parses as an HTML tag; a real tag has a known name or attributes with '='."""
    match = TAG_RE.match(html.strip())
    if not match or not ANGLE_TAG_RE.fullmatch(html.strip()):
        return False
    closing, name, rest = match.groups()
    return not closing and name.lower() not in HTML_TAGS and "=" not in rest


_FENCE_OPEN_RE = re.compile(r"`{3,}|~{3,}")
_FENCE_CLOSE_RE = re.compile(r"[ \t>]*(`{3,}|~{3,})[ \t]*")


def fence_closed(lines: list[str], first: int, last: int) -> bool:
    """Whether the fenced code block from ``lines[first]`` (its opening fence) to ``lines[last]``
    (its last line, as the parser ends it) ends with a closing fence. Both parsers' readings use it."""
    if last <= first or last >= len(lines):
        return False
    opening = _FENCE_OPEN_RE.search(lines[first])
    closing = _FENCE_CLOSE_RE.fullmatch(lines[last].rstrip("\n"))
    if opening is None or closing is None:
        return False
    fence = closing.group(1)
    return fence[0] == opening.group(0)[0] and len(fence) >= len(opening.group(0))


def continues_code_above(lines: list[str], index: int) -> bool:
    """A paragraph whose first line ``lines[index]`` comes right after an indented code line, no
    blank line between: the writer's code block whose next line lost its indentation (a sample
    alert message wrapped at the margin). Its ``<name>``s are the sample's, not blanks left."""
    if index < 1 or index >= len(lines) or lines[index][:1].isspace():
        return False
    above = lines[index - 1]
    return bool(above.strip()) and (above.startswith("    ") or above.startswith("\t"))


def inline_counts(pieces) -> tuple[list[str], int]:
    """Placeholders and words of inline content given as ``(kind, content)`` pieces in order:
    ``text`` is prose (placeholders are looked for there), ``code`` a code span (literal, its words
    count), ``html`` an inline tag (``<service name>`` is a placeholder). Both parsers use it."""
    placeholders: list[str] = []
    counted: list[str] = []  # words never span two pieces: one count over them all, joined by newlines
    display = _display_math(pieces)
    for i, (kind, piece) in enumerate(pieces):
        if kind == "text" and display:
            found, rest = _outside_display_math(piece, display)
            placeholders.extend(found)
            counted.append(rest)
        elif kind == "text":
            found, rest = find_placeholders(piece)
            placeholders.extend(found)
            counted.append(rest)
        elif kind == "code":
            counted.append(piece)
        elif is_angle_placeholder(piece) and not _inside_word(pieces, i) and not _metavariable_piece(pieces, i):
            placeholders.append(piece)
    return placeholders, count_words("\n".join(counted))


def _display_math(pieces) -> list[int]:
    """``[n]``, the number of ``$$`` marks that open or close display maths in the run's prose
    (an unpaired last one is text), as the state ``_outside_display_math`` counts down; ``[]`` if none."""
    marks = sum(piece.count("$$") for kind, piece in pieces if kind == "text")
    return [marks - marks % 2, 0] if marks >= 2 else []


def _outside_display_math(piece: str, state: list[int]) -> tuple[list[str], str]:
    """Placeholders of ``piece`` outside ``$$…$$`` (which may span pieces: ``state`` is [paired marks left, inside])."""
    found: list[str] = []
    parts: list[str] = []
    for n, segment in enumerate(piece.split("$$")):
        if n:  # a "$$" between segments
            parts.append("$$")
            if state[0] > 0:
                state[0] -= 1
                state[1] ^= 1
        if state[1]:
            parts.append(segment)  # maths: kept, words count
        else:
            more, rest = find_placeholders(segment)
            found.extend(more)
            parts.append(rest)
    return found, "".join(parts)


def _metavariable_piece(pieces, i: int) -> bool:
    before = pieces[i - 1][1] if i > 0 and pieces[i - 1][0] == "text" else ""
    after = pieces[i + 1][1] if i + 1 < len(pieces) and pieces[i + 1][0] == "text" else ""
    return is_metavariable(before, after)


def _inside_word(pieces, i: int) -> bool:
    """``_adr_help_<command>``: a tag glued to a word is part of a name, not a placeholder."""
    before = pieces[i - 1][1][-1:] if i > 0 else ""
    after = pieces[i + 1][1][:1] if i + 1 < len(pieces) else ""
    return bool(re.match(r"\w", before) or re.match(r"\w", after))


def task_item(text: str, words: int) -> tuple[str, int, str | None]:
    """A list item's text without its task marker, its words without the marker's, and the task's
    state: "done" (``[x]``), "na" (``[ ] N/A because…``), "open"; None when it is no task."""
    match = TASK_RE.match(text)
    if not match:
        return text, words, None
    words -= count_words(match.group(0))  # the "x" of "[x]" is not content
    text = text[match.end() :]
    na = NA_RE.match(text)
    if match.group(1) != " ":
        return text, words, "done"
    if na and count_words(na.group("reason")) > 0:
        return text, words, "na"
    return text, words, "open"


def directives(content: str) -> list[tuple[bool, set[str]]]:
    """The disable comments of an HTML block in order: (for the whole file, the rules; "*" for all)."""
    return [(match.group(1) == "disable", set(re.split(r"[\s,]+", match.group(2).strip())) - {""} or {"*"}) for match in DIRECTIVE_RE.finditer(content)]


def html_words(content: str) -> int:
    """The words of an HTML block's text, its tags left out."""
    return count_words(re.sub(r"<[^<>]*>", " ", content))  # [^<>]: linear even on a run of unclosed "<"


class OutlineBuilder:
    """Turns a parser's stream of block events into an Outline; one truth for both parsers.

    Sections are nested in ``finish``, once every heading level is known (the top level depends
    on whether the document has an H1), so a parser needs only one pass over its events.
    """

    def __init__(self) -> None:
        self.outline = Outline()
        self.order: list[Section | None] = []  # None: the title, which restarts the nesting
        self.levels: set[int] = set()
        self.current: Section | None = None
        self.pending_disable: set[str] | None = None

    def heading(self, level: int, line: int, text: str) -> None:
        outline = self.outline
        outline.headings.append((line, level, text))
        self.levels.add(level)
        if level == 1 and outline.title is None:
            outline.title, outline.title_line = text, line
            self.order.append(None)
            # kept aside: in a document whose H1s are its sections ("# Summary", "# Motivation"...)
            # the first one is a section the type may ask for (Document.match_sections)
            outline.title_section = self.current = Section(text, level, line, normalize_key(text))
            return
        section = Section(text, level, line, normalize_key(text))
        if self.pending_disable is not None:
            outline.section_disables[line] = self.pending_disable
            self.pending_disable = None
        self.order.append(section)
        self.current = section

    def html_block(self, content: str) -> None:
        for whole_file, rules in directives(content):
            if whole_file:
                self.outline.file_disables |= rules
            else:
                self.pending_disable = rules
        if self.current is not None and not content.lstrip().startswith("<!--"):
            self.current.words += html_words(content)

    def inline(self, text: str, placeholders: list[str], links: int, words: int, first_in_item: bool, line: int) -> None:
        """One run of inline content (a paragraph, a table cell, a tight list item's text)."""
        section = self.current
        if section is None:
            return
        section.links += links
        if first_in_item:
            text, words, task = task_item(text, words)
            if task == "done":
                section.tasks_done += 1
            elif task == "na":
                section.tasks_na += 1
            elif task == "open":
                section.tasks_open += 1
        section.placeholders.extend(placeholders)
        if placeholders:
            section._mark_placeholder(line)
        section.words += words
        text = " ".join(text.split())  # the parsers differ in the whitespace they keep; hints ignore it
        if text:
            section.paragraphs.append((text, words, line))
        # A placeholder-only line such as "TODO" adds no words, so the section stays unfilled.

    def finish(self) -> Outline:
        outline = self.outline
        # the top level is the shallowest heading below the title: "# Title" then "# Summary" /
        # "## Details" nests Details under Summary, as does "# Title" then "### A" / "#### B"
        top = min((s.level for s in self.order if s is not None), default=2)
        stack: list[Section] = []
        for section in self.order:
            if section is None:
                stack = []
                continue
            level = section.level
            while stack and stack[-1].level >= level:
                stack.pop()
            siblings = stack[-1].subsections if (stack and level > top) else outline.sections
            if level <= top:
                stack = []
            if section.key in siblings:
                outline.duplicates.append(section)
            else:
                siblings[section.key] = section
            stack.append(section)
        return outline
