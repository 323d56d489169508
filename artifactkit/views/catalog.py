"""All the documents under the docs root, with the few facts the lifecycle and view commands need.

``list``, ``index``, ``graph``, ``supersede`` and ``status`` (by number) share this catalogue.
Documents are only parsed, not validated: a document with a broken section still shows up,
with whatever type, number, title, status and date can be read from it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from artifactkit.checks import references
from artifactkit.document.numbers import document_number
from artifactkit.errors import UserError
from artifactkit.io.paths import display_path
from artifactkit.schema.doctypes import DocType
from artifactkit.schema.opening import Opened, open_document
from artifactkit.schema.project import Config
from artifactkit.suggest import did_you_mean


@dataclass
class Entry:
    type: str
    number: int | None
    title: str
    status: str | None
    date: str | None
    path: str  # as the user sees it: relative to the current directory, like ``artifactkit lint``
    abspath: str  # normalised absolute path, the key documents are matched by
    frontmatter: dict = field(default_factory=dict, repr=False)
    links: list[str] = field(default_factory=list, repr=False)  # hrefs of the body's Markdown links

    @property
    def label(self) -> str:
        """``adr 7`` for a numbered document, else its path."""
        return f"{self.type} {self.number}" if self.number is not None else self.path

    def to_dict(self) -> dict:
        return {"type": self.type, "number": self.number, "title": self.title, "status": self.status, "date": self.date, "path": self.path}


def norm_path(path: str | Path) -> str:
    return os.path.realpath(path)


def _text(value) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)


def entry_for(path: str, config: Config, opened: Opened | None = None, unreadable: list[str] | None = None) -> Entry | None:
    """The catalogue entry of one file, or None when it is unreadable (why goes to ``unreadable``) or of no known type."""
    if opened is None:
        opened = open_document(path, config)
    if opened.doc is None:
        if unreadable is not None and opened.error and not opened.outside:  # a link out of the repository is never read, nor told
            unreadable.append(f"{display_path(path)}: {opened.error[1]}")
        return None
    doctype = opened.known_type(config)  # a blank template or a stub is listed under the type its paths give
    if doctype is None:
        return None
    return entry_of(path, opened.doc, doctype, opened.title)


def entry_of(path: str, doc, doctype: DocType, title: str | None) -> Entry:
    """The entry of a document whose fields are already read from wherever its format keeps them
    (``doc``: anything with ``frontmatter`` and ``outline``, such as a lint result; ``title``: its
    title heading as written)."""
    fm = doc.frontmatter
    date = _text(fm.get("date"))
    if date is None and doctype.review_field:
        date = _text(fm.get(doctype.review_field))
    if date is None:  # a KEP's kep.yaml says creation-date: the site shows it, and so does every command
        date = next((_text(fm.get(k)) for k in DATE_FIELDS if _text(fm.get(k))), None)
    return Entry(
        type=doctype.name,
        number=document_number(path, fm) if doctype.numbered else None,
        title=_title(title, fm, path, doctype),
        status=_text(fm.get(doctype.status_field)) if doctype.status_field else None,
        date=date,
        path=display_path(path),
        abspath=norm_path(path),
        frontmatter=fm,
        links=[href for _, href in getattr(doc.outline, "link_targets", [])],
    )


# where documents keep their date besides "date": front matter, fields lifted from "Key: value"
# lines or tables, and sidecar files (a KEP's kep.yaml has creation-date and last-updated)
DATE_FIELDS = ("date", "created", "creation-date", "creation_date", "last_updated", "last-updated", "updated", "accepted", "decided")
_SLUG_RE = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)+")


def shown_title(given, heading: str | None) -> str | None:
    """The title a reader sees: the front matter's (or sidecar's), else the heading; a ``title`` that
    is a slug (``update-managedcluster-status``, an identifier a KEP's metadata keeps) yields to a heading."""
    given = _text(given)
    if given and heading and _SLUG_RE.fullmatch(given.strip()):
        return heading
    return given or heading


def _title(heading: str | None, fm: dict, path: str, doctype: DocType) -> str:
    # front matter first, as the site's page title (site.pagefacts): every command shows one title
    title = (shown_title(fm.get("title"), heading) or Path(path).stem).strip()
    if doctype.format == "nygard":  # "# 7. Use X": the number is a column of its own
        title = re.sub(r"^\d+\.\s+", "", title) or title
    return title


def _sort_key(config: Config):
    order = {name: i for i, name in enumerate(sorted(config.types))}  # types by name, not by config order

    def key(e: Entry):
        return (order.get(e.type, len(order)), e.number if e.number is not None else float("inf"), e.path)

    return key


def build(config: Config, type_name: str | None = None, strict: bool = False) -> list[Entry]:
    """Every document of a known type under the docs root (or of ``type_name`` only), sorted.
    ``strict`` (``index``, ``renumber``: what they write must not have a gap): a file or folder
    that cannot be read is a ``RefusedError``, as it is a problem for ``lint``, not a warning."""
    from artifactkit.engine.linter import default_paths
    from artifactkit.io.discovery import discover

    if type_name is not None:
        get_type(config, type_name)
    root = config.root / config.docs_root
    if not root.is_dir():
        return []
    entries = []
    unreadable: list[str] = []
    for path in discover(default_paths(config)):
        if config.is_ignored(config.relpath(path)):
            continue
        entry = entry_for(path, config, unreadable=unreadable)
        if entry is not None and (type_name is None or entry.type == type_name):
            entries.append(entry)
    if unreadable and strict:
        from artifactkit.errors import RefusedError
        from artifactkit.escape import printable

        more = f" (and {len(unreadable) - 1} more)" if len(unreadable) > 1 else ""
        raise RefusedError(f"{printable(unreadable[0])}{more}; nothing was changed — make it readable (lint reports it too)")
    if unreadable:  # never a silent gap in a list, an index or a graph
        import sys

        from artifactkit.escape import printable

        for reason in unreadable:
            sys.stderr.write(f"artifactkit: warning: {printable(reason)}; not listed\n")
    return sorted(entries, key=_sort_key(config))


def get_type(config: Config, name: str) -> DocType:
    doctype = config.types.get(name)
    if doctype is None:
        raise UserError(f"unknown document type {name!r}{did_you_mean(name, config.types)}; known: {', '.join(config.types)}")
    return doctype


def find(config: Config, doc: str, type_name: str | None = None, entries: list[Entry] | None = None) -> Entry:
    """A document named by path, by ``TYPE NUMBER`` (``type_name`` + ``doc``) or by ``adr-7``; raise a one-line error."""
    if type_name is None and (os.path.exists(doc) or os.path.islink(doc)):
        opened = open_document(doc, config)
        entry = entry_for(doc, config, opened) if os.path.isfile(doc) else None
        if entry is None:
            if opened.error:
                raise UserError(f"{doc}: {opened.error[1]}")
            raise UserError(f"{doc}: not a document of a known type (no 'type:' in its front matter and no type's paths match it)")
        return entry
    if type_name is None:
        parsed = references.parse_number(doc, config.types)
        if parsed is not None and parsed[0] is not None:
            type_name, doc = parsed[0], str(parsed[1])
        else:
            raise UserError(f"{doc}: no such file — name a document by its path, or by type and number (e.g. 'adr 7')")
    doctype = get_type(config, type_name)
    if not doctype.numbered:
        raise UserError(f"{type_name} documents are not numbered; name the document by its path")
    try:
        number = int(doc.strip().lstrip("#"))
    except ValueError:
        raise UserError(f"{doc!r} is not a number; name a {type_name} by its number, e.g. '{type_name} 7'") from None
    found = [e for e in (entries if entries is not None else build(config, type_name)) if e.type == type_name and e.number == number]
    if not found:
        raise UserError(f"no {type_name} number {number} under {config.docs_root}/")
    if len(found) > 1:
        raise UserError(f"{type_name} number {number} is used by several documents ({', '.join(e.path for e in found)}); name one by its path")
    return found[0]


class _Entries:
    """The catalogue as the ``references.Documents`` that front-matter references are resolved in."""

    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self.by_abspath = {e.abspath: e for e in entries}
        self.numbered: dict[tuple, list[Entry]] | None = None  # (type, number) -> entries: one lookup per reference, not a scan

    def by_number(self, type_name: str, number: int, near: str) -> list[Entry]:  # noqa: ARG002 - the whole catalogue is at hand
        if self.numbered is None:
            self.numbered = {}
            for e in sorted(self.entries, key=lambda e: e.abspath):
                self.numbered.setdefault((e.type, e.number), []).append(e)
        return list(self.numbered.get((type_name, number), []))

    def by_path(self, path: str) -> Entry | None:
        return self.by_abspath.get(norm_path(path))

    def path_of(self, doc: Entry) -> str:
        return doc.abspath

    def type_of(self, doc: Entry) -> str | None:
        return doc.type


_LAST: tuple[tuple[int, ...], _Entries] | None = None


def indexed(entries: list[Entry]) -> _Entries:
    """The index of ``entries``, made once for a run of lookups in the same entries (``relations.edges``
    resolves every reference of every document: an index per lookup made that quadratic). The same
    entries, not merely the same list: comparing their ids is far cheaper than indexing them again."""
    global _LAST
    ids = tuple(map(id, entries))
    if _LAST is None or _LAST[0] != ids:
        _LAST = (ids, _Entries(entries))
    return _LAST[1]


def resolve(entry: Entry, value, entries: list[Entry], config: Config, same_type: bool = True) -> Entry | None:
    """The document a front-matter reference (``7``, ``"0007"``, ``"adr-7"``, ``"0007-x.md"``) points at,
    read as ``lint`` reads it (``artifactkit.checks.references``). ``same_type``: ``supersedes`` and
    ``superseded_by`` name a document of ``entry``'s own type; ``relates_to`` may name any."""
    found = references.resolve(value, entry.abspath, entry.type, indexed(entries), config, same_type=same_type)[0]
    return found if found is not None and found is not entry else None


def resolve_link(entry: Entry, href: str, entries: list[Entry], config: Config, index: _Entries | None = None) -> Entry | None:
    """The document a relative Markdown link points at, or None (external, anchor-only, unknown);
    a link starting with ``/`` is read from the repository root. ``index``: ``indexed(entries)``,
    made once by a caller that resolves many links."""
    if not references.is_checked_href(href):
        return None
    index = index if index is not None else indexed(entries)
    target = references.resolve_href(entry.abspath, href, config.root)
    found = index.by_abspath.get(target) or index.by_path(target)  # a document's own real path needs no realpath
    return found if found is not entry else None


def type_folder(config: Config, doctype: DocType) -> Path:
    """The folder ``artifactkit new`` writes a type's documents to."""
    return (config.root / (doctype.folder or f"{config.docs_root}/{doctype.name}")).resolve()


def index_folder(config: Config, doctype: DocType, entries: list[Entry]) -> Path:
    """Where a type's ``README.md`` index lives: its folder, unless that does not exist and all its documents share another."""
    configured = type_folder(config, doctype)
    folders = {os.path.dirname(e.abspath) for e in entries if e.type == doctype.name}
    if configured.is_dir() or not folders or norm_path(configured) in folders or len(folders) > 1:
        return configured
    return Path(folders.pop())
