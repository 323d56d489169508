"""Repairs of what the author evidently meant, as ``Fix`` values for ``lint --fix`` (nothing is
written here; ``artifactkit.engine.autofix`` keeps one only when lint's re-check of the fixed text
finds fewer findings and none new).

* ``link-broken``: a relative link whose file does not exist, when one reading alone fits:
  - ``0010-file-uploads.md`` where the folder holds one ``0016-file-uploads.md`` (renumbered: the
    same name under another number), else one ``0010-file-upload-flow.md`` (the same number, the
    name changed, a word of four letters or more kept); never when two files fit;
  - ``golang.org/issue/1`` (a host name: dotted labels, a letters-only top-level domain that is no
    file extension, then ``/``; nothing of that name beside the document) -> ``https://golang.org/issue/1``;
  - ``iant@golang.org`` (an e-mail address) -> ``mailto:iant@golang.org``.
* ``frontmatter-invalid``: a date written in ISO 8601's basic form (``Introduced: 20220513``, a
  real calendar date, the only such number on the finding's line) is written in the extended form
  (``2022-05-13``). A date that is no date (``2023-13-10``: 13 October, or a typo?) or carries a
  note (``2024-05-22 (back dated)``) is for its author to correct.
* ``fence-unclosed``: a fence opened with ``` and closed with `` (a line holding only one or two of
  the opening character, the only such line in the block the open fence swallowed): that line is
  lengthened to the opening fence. A shorter run of three or more may be a fence the block shows,
  so it is left alone.

Each repair keeps the rest of the line (a fragment, indentation) as written.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right

from artifactkit.checks.fixes import Edit, Fix

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from collections.abc import Callable

    from artifactkit.document.model import Document

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}")
HOST_RE = re.compile(r"((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,24}))/")
# top-level domains that are also file extensions: "notes.md/x" is a path, never a web address
FILE_EXTENSIONS = frozenset(
    "md markdown txt rst adoc html htm xml json yaml yml toml ini cfg conf py sh go rs js ts css png jpg jpeg gif svg pdf csv zip gz tar lock".split()
)
NUMBERED_RE = re.compile(r"(\d+)([-_])(.+)")
WORD_RE = re.compile(r"[a-z]{4,}")
PATH_RE = re.compile(r"([^#?]*)(.*)", re.DOTALL)  # the path, and the fragment or query kept as written


def link_repairs(doc: Document, root: str, lines: set[int]) -> list[Fix]:
    """A fix for each broken link on ``lines`` (1-based) that one reading repairs."""
    from artifactkit.document.linkspans import definition_destinations, link_destinations

    first = doc.front.body_start
    body = "".join(doc.lines[first:])
    starts = _starts(doc.lines[first:])
    out = []
    listings: dict = {}  # each folder read once
    definitions = definition_destinations(body) if "]:" in body else []  # a second parse: only when one may be there
    for span in sorted(link_destinations(body) + definitions, key=lambda s: s.start):
        raw = body[span.start : span.end]
        index = bisect_right(starts, span.start) - 1
        if raw != span.url or first + index + 1 not in lines:
            continue  # written with escapes or entities: not rewritten by guess
        target = _missing_target(doc.path, raw, root)
        new = _repaired_href(doc.path, raw, target, listings) if target is not None else None
        if new is not None:
            col = span.start - starts[index]
            edit = Edit(first + index, col, first + index, col + len(raw), new)
            out.append(Fix(f"Rewrite the link {raw} to {new}", "link-broken", first + index + 1, None, (edit,)))
    return out


def _missing_target(doc_path: str, href: str, root: str) -> str | None:
    """The file in the repository a link names that does not exist, or None: a relative link, or a
    forge's address of a file of this repository (a ``Superseded by`` reference, as lint reads it)."""
    from artifactkit.checks.references import FORGE_FILE_RE, inside_root, is_checked_href, resolve_href

    if is_checked_href(href):
        target = resolve_href(doc_path, href, root)
    elif forge := FORGE_FILE_RE.match(href):
        target = resolve_href(doc_path, "/" + forge.group("path"), root)
    else:
        return None
    return target if inside_root(target, root) and not os.path.exists(target) else None


def _repaired_href(doc_path: str, href: str, target: str, listings: dict) -> str | None:
    if "://" not in href:  # a forge's address can only name a renamed file
        if EMAIL_RE.fullmatch(href) and href.rsplit(".", 1)[1].lower() not in FILE_EXTENSIONS:
            return "mailto:" + href
        host = HOST_RE.match(href)
        beside = os.path.join(os.path.dirname(os.path.abspath(doc_path)), host.group(1)) if host else ""
        if host and host.group(2) not in FILE_EXTENSIONS and not os.path.lexists(beside):
            return "https://" + href
    path, rest = PATH_RE.match(href).groups()  # type: ignore[union-attr]  # matches every string
    old = os.path.basename(target)
    if "%" in path or not path.endswith(old):
        return None
    renamed = renamed_document(os.path.dirname(target), old, os.path.abspath(doc_path), listings)
    return path[: len(path) - len(old)] + renamed + rest if renamed else None


def renamed_document(folder: str, name: str, source: str, listings: dict | None = None) -> str | None:
    """The one file in ``folder`` that a missing numbered ``name`` became: the same name under
    another number, else the same number under a name sharing a word of four letters or more.
    The ``source`` document itself is never the answer (0014 saying "Superseded by 0016-x.md"
    where 0014 and 0025 are both named x: 0025). ``listings``: folders read so far, by folder."""
    stem, ext = os.path.splitext(name)
    match = NUMBERED_RE.fullmatch(stem)
    if match is None or not os.path.isdir(folder):
        return None
    if listings is None or folder not in listings:
        listing = _numbered_files(folder)
        if listings is not None:
            listings[folder] = listing
    else:
        listing = listings[folder]
    number, slug = int(match.group(1)), match.group(3).lower()
    own = os.path.normpath(source)
    others = [(o, n, s) for o, n, s in listing if os.path.splitext(o)[1] == ext and os.path.normpath(os.path.join(folder, o)) != own]
    same_slug = [other for other, _, other_slug in others if other_slug == slug]
    if same_slug:
        return same_slug[0] if len(same_slug) == 1 else None
    same_number = [(other, other_slug) for other, n, other_slug in others if n == number]
    if len(same_number) == 1 and set(WORD_RE.findall(slug)) & set(WORD_RE.findall(same_number[0][1])):
        return same_number[0][0]
    return None


def _numbered_files(folder: str) -> list[tuple[str, int, str]]:
    """``(file name, number, name after the number)`` of each numbered file in ``folder``."""
    out = []
    for other in sorted(os.listdir(folder)):
        found = NUMBERED_RE.fullmatch(os.path.splitext(other)[0])
        if found is not None and os.path.isfile(os.path.join(folder, other)):
            out.append((other, int(found.group(1)), found.group(3).lower()))
    return out


FENCE_OPEN_RE = re.compile(r"[ \t>]*(`{3,}|~{3,})")
SHORT_RUN_RE = re.compile(r"([ \t>]*)(`{1,2}|~{1,2})[ \t]*")


def fence_repairs(doc: Document, _root: str, lines: set[int]) -> list[Fix]:
    """For each unclosed fence on ``lines``: lengthen the one line in the block it swallowed that
    holds only one or two of its character (```` ``` ```` closed with ````` `` `````)."""
    from artifactkit.document.markdown import parse_tokens

    first = doc.front.body_start
    out = []
    for token in parse_tokens("".join(doc.lines[first:])):
        if token.type != "fence" or not token.map or first + token.map[0] + 1 not in lines:
            continue
        opener = FENCE_OPEN_RE.match(doc.lines[first + token.map[0]])
        if opener is None:
            continue
        fence = opener.group(1)
        runs = []
        for index in range(first + token.map[0] + 1, first + token.map[1]):
            line = doc.lines[index].rstrip("\r\n")
            match = SHORT_RUN_RE.fullmatch(line)
            if match and match.group(2)[0] == fence[0]:
                runs.append((index, match))
            elif (inner := FENCE_OPEN_RE.match(line)) and inner.group(1)[0] == fence[0]:
                runs = []  # three or more: perhaps a fence the block shows, so no one reading
                break
        if len(runs) == 1:
            index, match = runs[0]
            edit = Edit(index, match.start(2), index, match.end(2), fence)
            out.append(
                Fix(
                    f"Close the code fence of line {first + token.map[0] + 1} with {fence} at line {index + 1}",
                    "fence-unclosed",
                    first + token.map[0] + 1,
                    None,
                    (edit,),
                )
            )
    return out


BASIC_DATE_RE = re.compile(r"(?<![\w.-])(\d{4})(\d{2})(\d{2})(?![\w.-])")


def date_repairs(doc: Document, _root: str, lines: set[int]) -> list[Fix]:
    """``20220513`` -> ``2022-05-13`` on each of ``lines`` that holds one such date and no other."""
    import datetime as dt

    out = []
    for number in sorted(lines):
        line = doc.lines[number - 1] if 0 < number <= len(doc.lines) else ""
        found = list(BASIC_DATE_RE.finditer(line))
        if len(found) != 1:
            continue
        year, month, day = (int(part) for part in found[0].groups())
        try:
            dt.date(year, month, day)
        except ValueError:
            continue
        new = f"{found[0].group(1)}-{found[0].group(2)}-{found[0].group(3)}"
        edit = Edit(number - 1, found[0].start(), number - 1, found[0].end(), new)
        out.append(Fix(f"Write the date {found[0].group(0)} as {new}", "frontmatter-invalid", number, None, (edit,)))
    return out


def _starts(lines: list[str]) -> list[int]:
    starts, total = [], 0
    for line in lines:
        starts.append(total)
        total += len(line)
    return starts


# the rules whose findings a repair here answers: what lint --fix dispatches on (see each rule's help)
REPAIRS: dict[str, Callable[[Document, str, set[int]], list[Fix]]] = {
    "link-broken": link_repairs,
    "fence-unclosed": fence_repairs,
    "frontmatter-invalid": date_repairs,
}
