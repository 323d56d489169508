"""Where an existing decision log keeps an ADR's status, date and supersede links, read and written in place.

- ``frontmatter``: artifactkit's own ADRs, every field in YAML front matter (nothing to do here).
- ``nygard``: Michael Nygard's format as adr-tools writes it: ``# 7. Title``, a ``Date: 2016-02-12``
  line under the title, and a ``## Status`` section holding the status word and lines such as
  ``Superseded by [9. Use X](0009-use-x.md)`` or ``Supersedes [3. …](0003-….md)``.
- ``madr``: MADR 2, 3 and 4: status and date in optional front matter, or as ``* Status: accepted`` /
  ``- Date: 2020-01-01`` list lines above the first section (MADR 2). A status may read
  ``superseded by [ADR-0005](0005-x.md)``.

``lift`` copies what the body says into the document's front-matter data (what the front matter
itself says wins), with the line each value came from, so that the schema, ``list``, ``graph``
and the cross-document checks read one place. ``edit`` writes a change back where the format
keeps it: a Nygard ADR never gets front matter.
"""

from __future__ import annotations

import re

from artifactkit.record import dataclass

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from artifactkit.document.model import Document

FORMATS = ("frontmatter", "nygard", "madr")

LINK_RE = re.compile(r"\[([^\]]*)\]\(([^)\s]+)[^)]*\)")
NUMBER_RE = re.compile(r"(\d+)")
# adr-tools' link verbs: `adr new -s 3` and `adr link` write "Supersedes" / "Superseded by" lines
RELATION_RE = re.compile(r"^\s*(?:[-*]\s+)?(supersedes|superseded by)\b\s*:?\s*(.*)$", re.IGNORECASE)
OTHER_LINK_RE = re.compile(r"^\s*(?:[-*]\s+)?(amends|amended by|clarifies|clarified by|extends|extended by)\b", re.IGNORECASE)
DATE_LINE_RE = re.compile(r"^\s*Date\s*:\s*(\S.*?)\s*$", re.IGNORECASE)
MADR_LINE_RE = re.compile(r"^\s*[-*]\s+(status|date)\s*:\s*(.*?)\s*$", re.IGNORECASE)
COMMENT_RE = re.compile(r"<!--.*?-->")


@dataclass(frozen=True)
class Ref:
    """A link to another ADR, written as the format writes one: ``[9. Title](0009-x.md)``."""

    number: int | None
    title: str
    href: str

    def markdown(self, fmt: str) -> str:
        if fmt == "madr":
            label = f"ADR-{self.number:04d}" if self.number is not None else self.title
        else:
            label = f"{self.number}. {self.title}" if self.number is not None and not re.match(r"\d+\.\s", self.title) else self.title
        return f"[{label}]({self.href})"


@dataclass
class Field:
    value: object
    line: int  # 1-based


def _reference(text: str):
    """A link's target (a path the catalogue resolves), else a number named in the text, else the text."""
    match = LINK_RE.search(text)
    if match:
        return match.group(2)
    number = NUMBER_RE.search(text)
    return int(number.group(1)) if number else (text.strip() or None)


def _known(value: str, statuses: list[str]) -> str:
    """``value`` spelled as the type spells it when its words start with a known status (``accepted``,
    ``Accepted on 2020-01-02``); else the text as written."""
    words = value.strip().rstrip(".").split()
    for status in statuses:
        n = len(status.split())
        if [w.lower() for w in words[:n]] == status.lower().split():
            return status
    return value.strip()


def _preamble(doc: Document) -> range:
    """Lines between the title (or front matter) and the first section."""
    start = (doc.outline.title_line or doc.front.body_start) + 1
    firsts = [line for line, _, _ in doc.outline.headings if line > start - 1 and line != doc.outline.title_line]
    return range(start, min(firsts) if firsts else doc.line_count + 1)


def _text(doc: Document, line: int) -> str:
    return COMMENT_RE.sub("", doc.lines[line - 1]).rstrip("\r\n") if 0 < line <= len(doc.lines) else ""


def _in_fence(doc: Document, line: int) -> bool:
    fence = False
    for i in range(doc.front.body_start + 1, line):
        if _text(doc, i).lstrip().startswith(("```", "~~~")):
            fence = not fence
    return fence


def read(doc: Document, fmt: str, statuses: list[str]) -> dict[str, Field]:
    """The fields the body of a ``fmt`` document holds (status, date, supersedes, superseded_by)."""
    if fmt == "nygard":
        return _read_nygard(doc, statuses)
    if fmt == "madr":
        return _read_madr(doc, statuses)
    return {}


def _read_nygard(doc: Document, statuses: list[str]) -> dict[str, Field]:
    found: dict[str, Field] = {}
    for line in _preamble(doc):
        match = DATE_LINE_RE.match(_text(doc, line))
        if match:
            found["date"] = Field(match.group(1), line)
            break
    span = doc.section_span("status")
    if span is None:
        return found
    supersedes: list = []
    for line in range(*span):
        text = _text(doc, line).strip()
        if not text or _in_fence(doc, line):
            continue
        relation = RELATION_RE.match(text)
        if relation:
            target = _reference(relation.group(2))
            if relation.group(1).lower() == "superseded by":
                found.setdefault("superseded_by", Field(target, line))
                found.setdefault("status", Field(_known("Superseded", statuses), line))
            else:
                supersedes.append((target, line))
        elif not OTHER_LINK_RE.match(text) and "status" not in found:
            found["status"] = Field(_known(text, statuses), line)
    if supersedes:
        found["supersedes"] = Field(supersedes[0][0] if len(supersedes) == 1 else [t for t, _ in supersedes], supersedes[0][1])
    # "Accepted" followed by "Superseded by": the later line is the status adr-tools meant
    if "superseded_by" in found and found["status"].value != _known("Superseded", statuses):
        if found["status"].line < found["superseded_by"].line:
            found["status"] = Field(_known("Superseded", statuses), found["superseded_by"].line)
    return found


def _read_madr(doc: Document, statuses: list[str]) -> dict[str, Field]:
    found: dict[str, Field] = {}
    for line in _preamble(doc):
        match = MADR_LINE_RE.match(_text(doc, line))
        if match and match.group(1).lower() not in found:
            found[match.group(1).lower()] = Field(_unmarked(match.group(2)), line)
        relation = RELATION_RE.match(_text(doc, line))
        if relation and relation.group(1).lower() == "supersedes":
            found.setdefault("supersedes", Field(_reference(relation.group(2)), line))
    status = found.get("status")
    front_status = doc.frontmatter.get("status")
    if isinstance(front_status, str):
        status = Field(front_status, doc.locations.get(("frontmatter", "status"), (1, 1))[0])
    if status is not None and isinstance(status.value, str):
        relation = RELATION_RE.match(status.value)
        if relation and relation.group(1).lower() == "superseded by":
            found["superseded_by"] = Field(_reference(relation.group(2)), status.line)
            found["status"] = Field(_known("superseded", statuses), status.line)
        else:
            found["status"] = Field(_known(LINK_RE.sub(r"\1", status.value), statuses), status.line)
    return found


def _unmarked(value: str) -> str:
    """``**Implemented**`` -> ``Implemented``: emphasis around a whole value is not part of it."""
    while len(value) > 2 and value[0] in "*_`" and value[-1] == value[0]:
        value = value[1:-1].strip()
    return value


def lift(doc: Document, fmt: str, statuses: list[str]) -> None:
    """Give the document's front-matter data the fields its body holds; front matter wins,
    except for a MADR status, which is read case-insensitively wherever it is."""
    fields = read(doc, fmt, statuses)
    if not fields:
        return
    data = dict(doc.front.data) if isinstance(doc.front.data, dict) else {}
    for key, field in fields.items():
        if key not in data or (fmt == "madr" and key in ("status", "superseded_by")):
            data[key] = field.value
            doc.locations.setdefault(("frontmatter", key), (field.line, 1))
    doc.front.data = data


# --- writing ---------------------------------------------------------------------------------


def edit(text: str, fmt: str, values: dict, where: str = "document") -> str:
    """``text`` with ``values`` (status, superseded_by, supersedes; a reference is a ``Ref``) written
    where ``fmt`` keeps them. Front-matter documents go through ``frontedit`` unchanged."""
    from artifactkit.document.frontedit import set_frontmatter_text

    plain = {k: (v.number if isinstance(v, Ref) and v.number is not None else v.href if isinstance(v, Ref) else v) for k, v in values.items()}
    if fmt in ("nygard", "madr"):
        current = read(_parse(text), fmt, [])
        values = {k: v for k, v in values.items() if not (k == "status" and _same_status(current.get("status"), v, "superseded_by" in values))}
        if not values:
            return text
    if fmt == "nygard":
        return _edit_nygard(text, values, where)
    if fmt == "madr":
        return _edit_madr(text, values, plain, where)
    return set_frontmatter_text(text, plain, where=where)


def _same_status(current: Field | None, wanted, superseding: bool) -> bool:
    return current is not None and not superseding and str(current.value).strip().lower() == str(wanted).strip().lower()


def _lines(text: str) -> tuple[list[str], str]:
    from artifactkit.document.model import split_lines

    lines = split_lines(text)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    return lines, newline


def _parse(text: str):
    from artifactkit.document.model import parse_text

    return parse_text("document", text)


def _edit_nygard(text: str, values: dict, where: str) -> str:
    from artifactkit.errors import UserError

    doc = _parse(text)
    lines, nl = _lines(text)
    span = doc.section_span("status")
    if span is None:
        raise UserError(f"{where}: no '## Status' section to write the status to; add one (the Nygard format keeps the status there)")
    first, end = span
    body = [i for i in range(first, end) if _text(doc, i).strip() and not _in_fence(doc, i)]
    status_line = next((i for i in body if not RELATION_RE.match(_text(doc, i)) and not OTHER_LINK_RE.match(_text(doc, i))), None)
    replace, append = _nygard_lines(doc, values, body, status_line)
    for i, new in replace.items():
        lines[i - 1] = new + lines[i - 1][len(lines[i - 1].rstrip("\r\n")) :]
    if append:
        after = body[-1] if body else first - 1  # after the section's last text (or its heading), paragraphs apart
        if not lines[after - 1].endswith(("\n", "\r")):
            lines[after - 1] += nl
        lines[after - 1] += "".join(nl + line + nl for line in append) if body else nl + "".join(line + nl for line in append)
    return "".join(lines)


def _nygard_lines(doc: Document, values: dict, body: list[int], status_line: int | None) -> tuple[dict[int, str], list[str]]:
    """The Status section's lines to replace (by line number) and the paragraphs to append."""
    replace: dict[int, str] = {}
    append: list[str] = []
    if "superseded_by" in values:
        ref = values["superseded_by"]
        new_line = f"Superseded by {ref.markdown('nygard') if isinstance(ref, Ref) else ref}"
        linked = any(_relation(doc, i) == "superseded by" for i in body)
        if status_line is not None:
            replace[status_line] = new_line  # as adr-tools does: the link takes the status word's place
        elif not linked:
            append.append(new_line)
    elif "status" in values:
        if status_line is not None:
            replace[status_line] = str(values["status"])
        else:
            append.insert(0, str(values["status"]))
    if "supersedes" in values:
        ref = values["supersedes"]
        append.append(f"Supersedes {ref.markdown('nygard') if isinstance(ref, Ref) else ref}")
    return replace, append


def _relation(doc: Document, line: int) -> str | None:
    match = RELATION_RE.match(_text(doc, line))
    return match.group(1).lower() if match else None


def _edit_madr(text: str, values: dict, plain: dict, where: str) -> str:
    """A status list line (MADR 2) is edited in place; otherwise the front matter holds it (MADR 3/4)."""
    from artifactkit.document.frontedit import set_frontmatter_text

    doc = _parse(text)
    lines, nl = _lines(text)
    status = values.get("status")
    if "superseded_by" in values:
        ref = values["superseded_by"]
        in_front = "status" in doc.frontmatter or not any(MADR_LINE_RE.match(_text(doc, i)) for i in _preamble(doc))
        named = (f"ADR-{ref.number:04d}" if in_front and ref.number is not None else ref.markdown("madr")) if isinstance(ref, Ref) else ref
        status = f"{status or 'superseded'} by {named}"
    status_line = next((i for i in _preamble(doc) if (m := MADR_LINE_RE.match(_text(doc, i))) and m.group(1).lower() == "status"), None)
    front_values: dict = {}
    if status is not None:
        if status_line is not None and "status" not in doc.frontmatter:
            lines[status_line - 1] = _with_status(lines[status_line - 1], status)
        else:
            front_values["status"] = status
    if "supersedes" in values:
        ref = values["supersedes"]
        if status_line is not None and "status" not in doc.frontmatter:
            marker = lines[status_line - 1].lstrip()[0]
            indent = lines[status_line - 1][: len(lines[status_line - 1]) - len(lines[status_line - 1].lstrip())]
            lines[status_line - 1] += f"{indent}{marker} Supersedes: {ref.markdown('madr') if isinstance(ref, Ref) else ref}{nl}"
        else:
            front_values["supersedes"] = plain["supersedes"]
    out = "".join(lines)
    return set_frontmatter_text(out, front_values, where=where) if front_values else out


def _with_status(old: str, status: str) -> str:
    """A MADR ``* Status: ...`` line with ``status`` in place of its value."""
    body = old.rstrip("\r\n")
    colon = body.index(":", body.lower().index("status")) + 1
    value = body[colon:].strip()
    start = body.index(value, colon) if value else len(body)
    end = start + len(value) if value else len(body)
    return body[:start] + ("" if value else " ") + status + body[end:] + old[len(body) :]
