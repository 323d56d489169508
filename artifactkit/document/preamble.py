"""Fields written where people write them, outside front matter: ``Status: Accepted`` lines,
``* Status: **Implemented**`` lists and a two-column table between the title and the first
section, or a YAML file beside the document (a sidecar such as ``kep.yaml``).

``lift`` copies the fields a type knows into the document's front-matter data, with the line each
came from; what the front matter itself says wins, so the schema validates one instance
whichever the source.
"""

from __future__ import annotations

import os
import re

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from artifactkit.document.model import Document

KINDS = ("frontmatter", "lines", "list", "table")
MARKS = "*_` \t"
# "Status: Accepted", "**Status**: Accepted", "**Status:** Accepted", "- Status: Accepted"
LINE_RE = re.compile(r"^\s{0,3}(?P<item>[-*+]\s+)?(?P<key>[^:|#<>\[\]]{1,40}?)\s*:(?:\*\*|__)?\s+(?P<value>\S.*?)\s*$")
# "**Status**: Accepted · **Date**: 2026-09-03": several fields on one line
FIELDS_SPLIT_RE = re.compile(r"\s+[·•|]\s+")
ROW_RE = re.compile(r"^\s{0,3}\|?(?P<cells>.*?)\|?\s*$")
SEPARATOR_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}\b")
# "Introduced: 20220513": a date in ISO 8601's basic form is the date, written without its dashes
# (lint then says how to write it, at its line, instead of calling the date missing)
COMPACT_DATE_RE = re.compile(r"^(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$")
COMMENT_RE = re.compile(r"<!--.*?-->")
MAX_SIDECAR = 256 * 1024


def field_name(label: str) -> str:
    """``Decision Date`` -> ``decision_date``: a label as a front-matter key."""
    words = re.findall(r"[^\W_]+", label.strip(MARKS).lower())
    return "_".join(words)


def _value(text: str) -> str:
    text = text.strip()
    while len(text) > 2 and text[0] in "*_`" and text[-1] == text[0]:  # **Implemented**, `Accepted`
        text = text[1:-1].strip()
    return text[:-1] if text.endswith(".") and " " not in text else text  # "2022-05-16." ends a sentence


def _preamble(doc: Document) -> list[int]:
    """The lines before the first section, around the title (as init reads them, ``scaffold.profile``):
    a Rust-style RFC writes its ``- Start Date:`` list above its first ``# Summary``, with no title."""
    start, title = doc.front.body_start + 1, doc.outline.title_line
    later = [line for line, _, _ in doc.outline.headings if line >= start and line != title]
    lines = list(range(start, min(later) if later else doc.line_count + 1))
    if title in lines:
        lines.remove(title)
    return lines


def read(doc: Document, kinds) -> dict[str, tuple[str, int]]:
    """``{field: (value, line)}`` from the preamble, in the places ``kinds`` names (first wins)."""
    found: dict[str, tuple[str, int]] = {}
    fence = False
    lines = doc.lines
    for line in _preamble(doc):
        text = lines[line - 1] if line <= len(lines) else ""
        if ":" not in text and "|" not in text and "`" not in text and "~" not in text:
            continue  # a blank line, a sentence: no field, no fence (the comments taken out below take no mark in)
        text = (COMMENT_RE.sub("", text) if "<!--" in text else text).rstrip("\r\n")
        if text.lstrip().startswith(("```", "~~~")):
            fence = not fence
        if fence or ":" not in text and "|" not in text:  # every field is "key: value" or a table row
            continue
        pairs: list[tuple[str, str]] = []
        if text.lstrip().startswith("|") and "table" in kinds:
            if not SEPARATOR_RE.match(text):
                cells = [c.strip() for c in ROW_RE.match(text).group("cells").split("|")]  # type: ignore[union-attr]
                if len(cells) == 2 and cells[0] and cells[1]:
                    pairs.append((cells[0], cells[1]))
        else:
            parts = FIELDS_SPLIT_RE.split(text)
            matches = [LINE_RE.match(part) for part in parts]
            if len(parts) > 1 and not all(matches):
                matches = [LINE_RE.match(text)]  # one field whose value holds the separator
            kind = "list" if matches[0] and matches[0].group("item") else "lines"
            if kind in kinds:
                pairs.extend((m.group("key"), m.group("value")) for m in matches if m)
        for label, value in pairs:
            name = field_name(label)
            if name and name not in found and len(name.split("_")) <= 4:
                found[name] = (_value(value), line)
    return found


def read_sidecar(doc: Document, pattern: str) -> dict:
    """The mapping in the YAML file ``pattern`` names beside the document ({stem}: its file name
    without extension); empty when there is none or it cannot be read."""
    from artifactkit.io import yaml12

    folder = os.path.dirname(doc.path)
    stem = os.path.splitext(os.path.basename(doc.path))[0]
    path = os.path.join(folder, pattern.replace("{stem}", stem))
    if os.path.dirname(os.path.normpath(path)) != os.path.normpath(folder) or not os.path.isfile(path) or os.path.islink(path):
        return {}  # beside the document only: never a file elsewhere
    from artifactkit.io.textio import read_bytes

    try:
        data = yaml12.load_data(read_bytes(path, MAX_SIDECAR, "sidecar file").decode("utf-8"), core_tags_only=True)
    except Exception:  # an unreadable or oversized sidecar holds no fields; lint reports what is then missing
        return {}
    return data if isinstance(data, dict) else {}


def lift(doc: Document, known: set[str], kinds, sidecar: str | None = None, date_field: str = "date", status_field: str | None = None) -> None:
    """Give the document's front-matter data the ``known`` fields written elsewhere (front matter wins);
    the ``status_field``'s value is its status word (``statusword``), as init learned the vocabulary.
    A ``date`` the type asks for may be written under another name (``Decision Date``,
    ``Introduced``): the first preamble field holding a YYYY-MM-DD date then gives it."""
    if doc.front.error or not isinstance(doc.front.data, dict):
        return
    data = dict(doc.front.data)
    found = read(doc, kinds) if set(kinds) - {"frontmatter"} else {}
    for name, (value, line) in found.items():
        if name in known and name not in data:
            if name == status_field:  # "- Status: superseded by [B](b.md)" (MADR 2, log4brains): the word
                from artifactkit.document.statusword import status_word

                value = status_word(value) or value
            data[name] = value
            doc.locations.setdefault(("frontmatter", name), (line, 1))
    if found and date_field in known and date_field not in data:
        dated = next(((v, line) for n, (v, line) in found.items() if n.endswith("date") or DATE_RE.match(v) or COMPACT_DATE_RE.match(v)), None)
        if dated is not None:
            data[date_field] = dated[0]
            doc.locations.setdefault(("frontmatter", date_field), (dated[1], 1))
    if sidecar:
        for name, value in read_sidecar(doc, sidecar).items():
            if isinstance(name, str) and name not in data:
                data[name] = value
    doc.front.data = data


def status_section(doc: Document, status_field: str) -> None:
    """A status written as the first line of a ``## Status`` section (``Akzeptiert``, ``Accepted``),
    the way init counts it, when no other place gave one: read as the status word, at its line."""
    if not isinstance(doc.front.data, dict) or status_field in doc.front.data:
        return
    span = doc.section_span("status")
    if span is None:
        return
    from artifactkit.document.statusword import status_word

    for line in range(*span):
        text = COMMENT_RE.sub("", doc.lines[line - 1]).strip().lstrip("-*+ ").strip() if line <= len(doc.lines) else ""
        if not text:
            continue
        if text.startswith(("```", "~~~", "#")):
            return
        word = status_word(text)
        if word is not None:
            doc.front.data = {**doc.front.data, status_field: word}
            doc.locations.setdefault(("frontmatter", status_field), (line, 1))
        return
