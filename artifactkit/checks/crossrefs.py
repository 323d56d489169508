"""Cross-document references: relative Markdown links and ``supersedes`` / ``superseded_by``.

* A relative link (``[x](../adr/0001-foo.md)``) must name an existing file; links with a
  scheme (``https:``, ``mailto:``), protocol-relative links and pure ``#anchors`` are not checked.
* ``supersedes`` / ``superseded_by`` (a number, a path, or a list of them) must name an existing
  document of the same type (``link-broken``), and the other document must name this one back
  (``supersede-mismatch``).

Targets are looked up on disk, not only among the files being linted, so that linting one staged
file (pre-commit) or the changed files of a pull request still resolves references to the others.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from artifactkit.checks.rules import RULES
from artifactkit.io.discovery import discover
from artifactkit.problem import Problem

SUPERSEDE_FIELDS = ("supersedes", "superseded_by")
REVERSE = {"supersedes": "superseded_by", "superseded_by": "supersedes"}
SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
NUMBER_REF_RE = re.compile(r"^\s*(?:[A-Za-z]+[-_ ]?)?#?0*(\d+)\s*$")
NUMBER_NAME_RE = re.compile(r"^(\d+)[-_. ]")


def check(results: list, config) -> list[tuple[object, list[Problem]]]:
    """Link and supersede problems of each linted result, at their default levels (the engine
    applies disable comments and the config's levels)."""
    index = None  # built on first need: most documents name no other document
    found_all = []
    for result in results:
        if result.skipped is not None or result.outline is None:
            continue
        found = link_problems(result, config)
        if has_supersede_fields(result):
            if index is None:
                index = DocIndex(results, config)
            found += supersede_problems(result, index)
        if found:
            found_all.append((result, found))
    return found_all


# --- relative links -----------------------------------------------------------------------------


def is_checked_href(href: str) -> bool:
    href = href.strip()
    return bool(href) and not href.startswith("#") and not href.startswith("//") and not SCHEME_RE.match(href)


def resolve_href(doc_path: str, href: str, root) -> str:
    """Absolute path a relative link points at (fragment and query dropped, %-escapes decoded)."""
    target = unquote(href.strip().split("#", 1)[0].split("?", 1)[0])
    if target.startswith("/"):
        return os.path.normpath(os.path.join(str(root), target.lstrip("/")))
    return os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(doc_path)), target))


def link_targets(result, config) -> list[tuple[int, str, str]]:
    """``(line, href, absolute target)`` for each checked link of a linted result."""
    out = []
    for line, href in getattr(result.outline, "link_targets", ()):
        if is_checked_href(href):
            out.append((line, href, resolve_href(result.path, href, config.root)))
    return out


def link_problems(result, config) -> list[Problem]:
    problems = []
    for line, href, target in link_targets(result, config):
        if not os.path.exists(target):
            problems.append(Problem(result.path, line, 1, RULES["link-broken"].level, "link-broken",
                                    f"link to {href} is broken: {_display(target)} does not exist — fix the link or create the file"))
    return problems


# --- supersedes / superseded_by -----------------------------------------------------------------


@dataclass
class DocInfo:
    path: str  # absolute, normalised
    display: str  # as the user sees it
    type: str | None
    number: int | None
    frontmatter: dict = field(default_factory=dict)


class DocIndex:
    """Documents by path and by (type, number): the linted ones first, then the rest on disk on demand."""

    def __init__(self, results: list, config):
        self.config = config
        self.by_path: dict[str, DocInfo] = {}
        self.scanned: set[str] = set()
        for r in results:
            if r.skipped is None or r.type:
                key = _abs(r.path)
                number = r.number if r.number is not None else _file_number(r.path, r.frontmatter, self._numbered(r.type))
                self.by_path[key] = DocInfo(key, r.path, r.type, number, r.frontmatter)

    def _numbered(self, type_name: str | None) -> bool:
        doctype = self.config.types.get(type_name) if type_name else None
        return bool(doctype is not None and doctype.numbered)

    def get(self, path: str) -> DocInfo | None:
        key = _abs(path)
        if key not in self.by_path and key not in self.scanned:
            self.scanned.add(key)
            info = self._read(key)
            if info is not None:
                self.by_path[key] = info
        return self.by_path.get(key)

    def by_number(self, type_name: str, number: int, near: str) -> list[DocInfo]:
        self._scan_folders(type_name, near)
        return sorted((d for d in self.by_path.values() if d.type == type_name and d.number == number), key=lambda d: d.path)

    def _scan_folders(self, type_name: str, near: str) -> None:
        folders = {os.path.dirname(_abs(near))}
        doctype = self.config.types.get(type_name)
        if doctype is not None and doctype.folder:
            folders.add(os.path.normpath(os.path.join(str(self.config.root), doctype.folder)))
        for folder in folders:
            if folder in self.scanned or not os.path.isdir(folder):
                continue
            self.scanned.add(folder)
            for path in discover([folder]):
                self.get(path)

    def _read(self, path: str) -> DocInfo | None:
        from artifactkit.document import frontmatter
        from artifactkit.document.model import split_lines
        from artifactkit.io.textio import read_document

        if not os.path.isfile(path) or self.config.is_ignored(self.config.relpath(path)):
            return None
        read = read_document(path)
        if read.text is None:
            return None
        front = frontmatter.parse(split_lines(read.text))
        data = front.data if isinstance(front.data, dict) else {}
        type_name = data.get("type") if isinstance(data.get("type"), str) else None
        if type_name is None:
            glob_type = self.config.type_for(self.config.relpath(path))
            type_name = glob_type.name if glob_type else None
        return DocInfo(path, _display(path), type_name, _file_number(path, data, self._numbered(type_name)), data)


def _file_number(path: str, data: dict, numbered: bool) -> int | None:
    """The ``number:`` field, else (for numbered types) the number the file name starts with."""
    value = data.get("number") if isinstance(data, dict) else None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if not numbered:
        return None
    match = NUMBER_NAME_RE.match(os.path.basename(path))
    return int(match.group(1)) if match else None


def reference_values(value) -> list:
    if value is None or value == "" or value == []:
        return []
    return list(value) if isinstance(value, list) else [value]


def resolve_reference(value, source: DocInfo, index: DocIndex) -> tuple[DocInfo | None, str | None]:
    """The document a supersede value names, or ``(None, why)`` if it names none of the right type."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return None, f"{value!r} is neither a document number nor a path"
    number = value if isinstance(value, int) else None
    if isinstance(value, str):
        match = NUMBER_REF_RE.match(value)
        if match and not os.path.splitext(value)[1]:
            number = int(match.group(1))
    if number is not None:
        if source.type is None:
            return None, f"number {number} cannot be looked up for a document of no type"
        found = index.by_number(source.type, number, source.path)
        if not found:
            return None, f"no {source.type} has number {number}"
        others = [d for d in found if d.path != source.path]
        return (others or found)[0], None
    candidates = [resolve_href(source.path, value, index.config.root)]
    if not value.startswith("/"):
        candidates.append(os.path.normpath(os.path.join(str(index.config.root), value)))
    for candidate in candidates:
        info = index.get(candidate)
        if info is not None:
            if info.type != source.type:
                kind = f"a {info.type}" if info.type else "not a document of a known type"
                return None, f"{_display(candidate)} is {kind}, not a {source.type}"
            return info, None
        if os.path.exists(candidate) and os.path.isdir(candidate):
            return None, f"{_display(candidate)} is a folder, not a {source.type}"
    return None, f"{_display(candidates[0])} does not exist"


def has_supersede_fields(result) -> bool:
    front = result.frontmatter if isinstance(result.frontmatter, dict) else {}
    return any(front.get(name) not in (None, "", []) for name in SUPERSEDE_FIELDS)


def supersede_problems(result, index: DocIndex) -> list[Problem]:
    """Problems of the ``supersedes``/``superseded_by`` values (none when both are empty)."""
    front = result.frontmatter if isinstance(result.frontmatter, dict) else {}
    source = index.get(result.path) or DocInfo(_abs(result.path), result.path, result.type, result.number, front)
    problems = []
    for name in SUPERSEDE_FIELDS:
        for i, value in enumerate(reference_values(front.get(name))):
            line, col = result.locations.get(("frontmatter", name, i)) or result.locations.get(("frontmatter", name), (1, 1))
            target, why = resolve_reference(value, source, index)
            if target is None:
                problems.append(Problem(result.path, line, col, RULES["link-broken"].level, "link-broken",
                                        f"{name}: {value} names no existing document: {why} — fix the reference"))
                continue
            if target.path == source.path:
                problems.append(Problem(result.path, line, col, RULES["link-broken"].level, "link-broken",
                                        f"{name}: {value} names this document itself — name the other document"))
                continue
            reverse = REVERSE[name]
            back = [resolve_reference(v, target, index)[0] for v in reference_values(target.frontmatter.get(reverse))]
            if not any(b is not None and b.path == source.path for b in back):
                own = source.number if source.number is not None else os.path.relpath(source.path, os.path.dirname(target.path))
                problems.append(Problem(result.path, line, col, RULES["supersede-mismatch"].level, "supersede-mismatch",
                                        f"{name}: {value} is one-way: {target.display} does not name this document in '{reverse}' — add '{reverse}: {own}' to {target.display}"))
    return problems


# --- helpers ------------------------------------------------------------------------------------


def _abs(path: str) -> str:
    return os.path.normpath(os.path.abspath(path))


def _display(path: str) -> str:
    """A path as short as possible for messages: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return rel if not rel.startswith("..") else path
