"""Cross-document references: relative Markdown links and ``supersedes`` / ``superseded_by``.

* A relative link (``[x](../adr/0001-foo.md)``) must name an existing file; links with a
  scheme (``https:``, ``mailto:``), protocol-relative links and pure ``#anchors`` are not checked.
* ``supersedes`` / ``superseded_by`` (a number, ``type-N``, a path, or a list of them) must name an
  existing document of the same type (``link-broken``), and the other document must name this one
  back (``supersede-mismatch``). Values are read by ``artifactkit.checks.references``, as every
  command reads them.

Targets are looked up on disk, not only among the files being linted, so that linting one staged
file (pre-commit) or the changed files of a pull request still resolves references to the others.
"""

from __future__ import annotations

import os
import re
import stat

from artifactkit.checks import references
from artifactkit.checks.context import Context
from artifactkit.checks.references import RealPaths, is_checked_href, published_source, reference_values, resolve_href_from
from artifactkit.document.numbers import document_number
from artifactkit.io.discovery import discover, lstat_all
from artifactkit.io.paths import display_path
from artifactkit.problem import ERROR, REPOSITORY, Problem, Rule
from artifactkit.record import dataclass, field

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from typing import Any

LINK_BROKEN, SUPERSEDE_MISMATCH = RULES = (
    Rule(
        "link-broken",
        ERROR,
        "A relative link or reference points at a document that does not exist.",
        "Fix the link or create the document; lint --fix points a link at the one document it was renumbered or renamed to, and adds https:// or mailto: to a link written without it.",
        REPOSITORY,
    ),
    Rule(
        "supersede-mismatch",
        ERROR,
        "A 'supersedes' or 'superseded_by' reference is not answered by the other document.",
        "Add the matching 'superseded_by' or 'supersedes' field to the other document, or fix the reference.",
        REPOSITORY,
    ),
)
SUPERSEDE_FIELDS = ("supersedes", "superseded_by")
REVERSE = {"supersedes": "superseded_by", "superseded_by": "supersedes"}


def check(ctx: Context) -> list[Problem]:
    return [p for _, problems in problems_by_result(ctx.results, ctx.config) for p in problems]


def problems_by_result(results: list, config) -> list[tuple[Any, list[Problem]]]:
    """Link and supersede problems of each linted result."""
    index = None  # built on first need: most documents name no other document
    found_all = []
    links = LinkCheck(config)
    links.judge(results)
    for result in results:
        if result.skipped is not None or result.outline is None:
            continue
        found = links.problems(result) if getattr(result.outline, "link_targets", None) else []  # most link nowhere
        if result.frontmatter and has_supersede_fields(result):  # most documents have no front matter left by slim()
            if index is None:
                index = DocIndex(results, config)
            found += supersede_problems(result, index)
        if found:
            found_all.append((result, found))
    return found_all


# --- relative links -----------------------------------------------------------------------------


class LinkCheck:
    """The relative links of a run's documents. Each (folder, href) is resolved and looked up once
    (documents of a folder link to the same few files), and each folder resolved once (``RealPaths``):
    the files on disk are taken not to change during the pass."""

    def __init__(self, config) -> None:
        self.config = config
        self.reals = RealPaths()
        self.verdicts: dict[tuple[str, str], str | None] = {}  # (folder, href) -> the message if broken
        self.folders: dict[str, str] = {}  # a result's folder as spelt -> absolute (abspath asks getcwd each time)
        self.base: str | None = None  # the repository root, resolved

    def judge(self, results: list) -> None:
        """Decide every link of ``results`` at once: their targets stat'ed together (``lstat_all``, on
        every core), each lstat answering both where the target leads and whether it exists."""
        keys: dict[tuple[str, str], None] = {}
        for result in results:
            links = getattr(result.outline, "link_targets", ()) if result.skipped is None else ()
            if links:
                folder = self._folder_of(result.path)
                for _, href in links:
                    keys[(folder, href)] = None
        root = self.config.root_dir
        todo = []
        for key in keys:
            if key in self.verdicts:
                continue
            if is_checked_href(key[1]):
                todo.append((key, resolve_href_from(key[0], key[1], root)))
            else:
                self.verdicts[key] = None
        for (key, target), found in zip(todo, lstat_all([target for _, target in todo])):
            self.verdicts[key] = self._broken_target(target, key[1], found)

    def problems(self, result) -> list[Problem]:
        """``link-broken`` for each checked link of a linted result that leads to no file."""
        links = getattr(result.outline, "link_targets", ())
        if not links:
            return []
        folder = self._folder_of(result.path)
        problems = []
        for line, href in links:
            key = (folder, href)
            if key not in self.verdicts:
                self.verdicts[key] = self._broken(folder, href)
            message = self.verdicts[key]
            if message is not None:
                problems.append(LINK_BROKEN.problem(result.path, line, 1, message))
        return problems

    def _folder_of(self, path: str) -> str:
        """``dirname(abspath(path))``, once per folder: documents of a folder share it."""
        spelt, name = os.path.split(path)
        if name in ("", ".", ".."):  # not a file's name: abspath would resolve it first
            return os.path.dirname(os.path.abspath(path))
        folder = self.folders.get(spelt)
        if folder is None:
            folder = self.folders[spelt] = os.path.dirname(os.path.abspath(path))
        return folder

    def _broken(self, folder: str, href: str) -> str | None:
        """The message of a link from ``folder`` that leads to no file; None if it does, or is not checked."""
        if not is_checked_href(href):
            return None
        target = resolve_href_from(folder, href, self.config.root_dir)
        return self._broken_target(target, href, lstat_all([target])[0])

    def _broken_target(self, target: str, href: str, found: tuple | None) -> str | None:
        """``_broken`` for the link's ``target``, given its ``lstat`` (``lstat_all``'s; None: it failed).
        That lstat is the one ``inside_root`` and ``os.path.exists`` would each make: a target that is
        no link exists when it can be lstat'ed; only a link is resolved and stat'ed again."""
        config = self.config
        link = found is not None and stat.S_ISLNK(found[0])
        head, name = os.path.split(target)
        if link or not name or name in (".", ".."):
            real = os.path.realpath(target)
        else:
            real = os.path.join(self.reals.folder(head), name)  # RealPaths' answer, without its lstat
        if self.base is None:
            self.base = self.reals.folder(config.root_dir)
        base = self.base
        inside = real == base or real.startswith(base.rstrip(os.sep) + os.sep)  # as inside_root
        exists = found is not None and (not link or os.path.exists(target))
        if (
            inside  # outside: not looked at, not told
            and not exists
            and published_source(target, href, config.root_dir, config.docs_root) is None  # x.html of x.html.md
        ):
            return f"link to {href} is broken: {display_path(target)} does not exist — {_what_to_do(href)}"
        return None


# Written without its scheme, an address is a path in the repository: [me](ian@example.com),
# [#16093](golang.org/issue/16093). Only common endings count: ".md" is a country's, and a file's.
# Patterns, compiled (and kept) by ``re`` when a link is first found broken: most runs find none.
_EMAIL = r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}"
_HOST = r"(?:www\.[\w-]+(?:\.[\w-]+)+|[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|dev|edu|gov|app))(?:[/?#:]|$)"


def _what_to_do(href: str) -> str:
    href = href.strip()
    if re.fullmatch(_EMAIL, href):
        return f"an e-mail address needs 'mailto:' (mailto:{href})"
    if re.match(_HOST, href, re.ASCII):
        return f"a web address needs its scheme (https://{href})"
    return "fix the link or create the file"


# --- supersedes / superseded_by -----------------------------------------------------------------


@dataclass
class DocInfo:
    path: str  # absolute, normalised
    display: str  # as the user sees it
    type: str | None
    number: int | None
    frontmatter: dict = field(default_factory=dict)


class DocIndex:
    """Documents by path and by (type, number): the linted ones first, then the rest on disk on
    demand; the ``references.Documents`` that lint resolves front-matter values in."""

    def __init__(self, results: list, config):
        self.config = config
        self.by_abspath: dict[str, DocInfo] = {}
        self.scanned: set[str] = set()
        for r in results:
            if r.skipped is None or r.type:
                key = _abs(r.path)
                number = r.number if r.number is not None else self._number(r.path, r.frontmatter, r.type)
                self.by_abspath[key] = DocInfo(key, r.path, r.type, number, r.frontmatter)

    def _number(self, path: str, data: dict, type_name: str | None) -> int | None:
        doctype = self.config.types.get(type_name) if type_name else None
        if doctype is not None and doctype.numbered:
            return document_number(path, data)
        value = data.get("number") if isinstance(data, dict) else None
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def get(self, path: str) -> DocInfo | None:
        key = _abs(path)
        if key not in self.by_abspath and key not in self.scanned:
            self.scanned.add(key)
            info = self._read(key)
            if info is not None:
                self.by_abspath[key] = info
        return self.by_abspath.get(key)

    by_path = get

    def path_of(self, doc: DocInfo) -> str:
        return doc.path

    def type_of(self, doc: DocInfo) -> str | None:
        return doc.type

    def by_number(self, type_name: str, number: int, near: str) -> list[DocInfo]:
        self._scan_folders(type_name, near)
        return sorted((d for d in self.by_abspath.values() if d.type == type_name and d.number == number), key=lambda d: d.path)

    def _scan_folders(self, type_name: str, near: str) -> None:
        folders = {os.path.dirname(_abs(near))}
        doctype = self.config.types.get(type_name)
        if doctype is not None and doctype.folder:
            folders.add(os.path.normpath(os.path.join(self.config.root_dir, doctype.folder)))
        for folder in folders:
            if folder in self.scanned or not os.path.isdir(folder):
                continue
            self.scanned.add(folder)
            for path in discover([folder]):
                self.get(path)

    def _read(self, path: str) -> DocInfo | None:
        from artifactkit.schema.opening import open_document

        if not os.path.isfile(path) or self.config.is_ignored(self.config.relpath(path)):
            return None
        opened = open_document(path, self.config)  # its fields as lint reads them, wherever its type keeps them
        if opened.doc is None:
            return None
        data = opened.doc.frontmatter if isinstance(opened.doc.frontmatter, dict) else {}
        return DocInfo(path, display_path(path), opened.type_name, self._number(path, data, opened.type_name), data)


def resolve_reference(value, source: DocInfo, index: DocIndex) -> tuple[DocInfo | None, str | None]:
    """The document a supersede value names, or ``(None, why)`` if it names none of the right type."""
    return references.resolve(value, source.path, source.type, index, index.config)


def has_supersede_fields(result) -> bool:
    front = result.frontmatter if isinstance(result.frontmatter, dict) else {}
    return any(front.get(name) not in (None, "", []) for name in SUPERSEDE_FIELDS)


def supersede_problems(result, index: DocIndex) -> list[Problem]:
    """Problems of the ``supersedes``/``superseded_by`` values (none when both are empty)."""
    front = result.frontmatter if isinstance(result.frontmatter, dict) else {}
    source = index.get(result.path) or DocInfo(_abs(result.path), result.path, result.type, result.number, front)
    problems = []
    title_line = getattr(getattr(result, "outline", None), "title_line", None)
    for name in SUPERSEDE_FIELDS:
        for i, value in enumerate(reference_values(front.get(name))):
            if references.cross_repository(value):
                continue  # another repository's document: not here to check
            line, col = result.locations.get(("frontmatter", name, i)) or result.locations.get(("frontmatter", name), (1, 1))
            said = _said(name, source, index, in_front_matter=title_line is None or line < title_line)
            target, why = resolve_reference(value, source, index)
            if target is None:
                problems.append(LINK_BROKEN.problem(result.path, line, col, f"{said} {value} {why} — fix the reference"))
                continue
            if target.path == source.path:
                problems.append(LINK_BROKEN.problem(result.path, line, col, f"{said} {value} names this document itself — name the other document"))
                continue
            reverse = REVERSE[name]
            back = [resolve_reference(v, target, index)[0] for v in reference_values(target.frontmatter.get(reverse))]
            if not any(b is not None and b.path == source.path for b in back):
                problems.append(SUPERSEDE_MISMATCH.problem(result.path, line, col, _one_way(result, said, value, source, target, index)))
    return problems


def _format(doc: DocInfo, index: DocIndex) -> str:
    doctype = index.config.types.get(doc.type) if doc.type else None
    return doctype.format if doctype is not None else "frontmatter"


def _said(name: str, source: DocInfo, index: DocIndex, in_front_matter: bool) -> str:
    """``supersedes:`` in front matter; ``Supersedes`` where the document writes a line (Nygard, MADR 2)."""
    from artifactkit.document.wording import body_label

    return f"{name}:" if in_front_matter or _format(source, index) == "frontmatter" else body_label(name)


def _one_way(result, said: str, value, source: DocInfo, target: DocInfo, index: DocIndex) -> str:
    """The supersede-mismatch message, each half worded in its own document's format."""
    from artifactkit.document import wording
    from artifactkit.document.logformats import Ref

    href = os.path.relpath(source.path, os.path.dirname(target.path)).replace(os.sep, "/")
    own = source.number if source.number is not None else href
    title = getattr(getattr(result, "outline", None), "title", None) or os.path.basename(source.path)
    name = "supersedes" if said.lower().startswith("supersedes") else "superseded_by"
    missing = wording.reverse_missing(_format(target, index), REVERSE[name], target.display, Ref(source.number, title, href), own)
    return f"{said} {value} is one-way: {missing}"


def _abs(path: str) -> str:
    return os.path.normpath(os.path.abspath(path))
