"""What a reference names, for every command: a Markdown link's href, and a front-matter value
(``supersedes``, ``superseded_by``, ``relates_to``) given as a number (``7``, ``"0007"``, ``"#7"``),
as type and number (``"adr-7"``, ``"ADR 7"``) or as a path (``"0007-x.md"``, ``"/docs/adr/0007-x.md"``).

``lint`` (through ``artifactkit.checks.crossrefs``), ``--changed-since``, ``graph`` and
``supersede`` all resolve references here, each over its own collection of documents (a
``Documents``), so that a value means the same document to every command.
"""

from __future__ import annotations

import os
import stat

from artifactkit.io.paths import display_path
from artifactkit.lazyre import compiled_later

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from typing import Protocol, TypeVar

    from artifactkit.schema.project import Config

SCHEME_RE = compiled_later(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# optional type prefix (lazy, so "review-checklist-3" keeps its hyphen), optional separator and '#', the number
# A forge's address of a file ("https://github.com/o/r/blob/main/docs/adr/0016-x.md", GitLab's
# "/-/blob/", Gitea's "/src/branch/"): the path after the ref is the file in the repository
FORGE_FILE_RE = compiled_later(r"^https?://[^/\s]+/[^/\s]+/[^/\s]+/(?:-/)?(?:blob|tree|src/branch)/[^/\s]+/(?P<path>[^#?\s]+)")
NUMBER_REF_RE = compiled_later(r"^(?:([A-Za-z][A-Za-z0-9_-]*?)[-_ ]?)?#?0*(\d+)$")
# a document of another repository: ``payments#adr-3`` (checked where the repositories meet: the merged site)
CROSS_REPO_RE = compiled_later(r"^([A-Za-z0-9][A-Za-z0-9._-]{0,99})#([A-Za-z][A-Za-z0-9_-]{0,49}?)-0*(\d{1,9})$")

if TYPE_CHECKING:  # a Protocol only type checkers read
    Doc = TypeVar("Doc")

    class Documents(Protocol[Doc]):
        """A collection of documents that references are looked up in."""

        def by_number(self, type_name: str, number: int, near: str) -> list[Doc]:
            """The documents of ``type_name`` with ``number`` (sorted), looking near ``near`` too."""
            ...

        def by_path(self, path: str) -> Doc | None:
            """The document at the absolute path ``path``, or None."""
            ...

        def path_of(self, doc: Doc) -> str:
            """The absolute path ``doc`` is known by (what ``by_path`` is keyed on)."""
            ...

        def type_of(self, doc: Doc) -> str | None: ...


# --- links ----------------------------------------------------------------------------------------


def unquote(text: str) -> str:
    """``urllib.parse.unquote``, which returns a text without ``%`` as it is: urllib.parse (with the
    ipaddress it imports, 1.4 ms of the pre-commit hook) is imported for the first escaped link."""
    if "%" not in text:
        return text
    from urllib.parse import unquote as decode

    return decode(text)


def is_checked_href(href: str) -> bool:
    """A relative link to a file: not an ``#anchor``, not ``//host``, not ``scheme:``."""
    href = href.strip()
    return bool(href) and not href.startswith("#") and not href.startswith("//") and not SCHEME_RE.match(href)


def resolve_href(doc_path: str, href: str, root: str | os.PathLike[str]) -> str:
    """Absolute path a relative link points at (fragment and query dropped, %-escapes decoded);
    a link starting with ``/`` is read from the repository ``root``."""
    return resolve_href_from(os.path.dirname(os.path.abspath(doc_path)), href, root)


def resolve_href_from(folder: str, href: str, root: str | os.PathLike[str]) -> str:
    """``resolve_href`` for a document in the absolute, normalised ``folder``."""
    target = unquote(href.strip().split("#", 1)[0].split("?", 1)[0])
    if target.startswith("/"):
        return os.path.normpath(os.path.join(str(root), target.lstrip("/")))
    return os.path.normpath(os.path.join(folder, target))


def published_source(target: str, href: str, root: str | os.PathLike[str], docs_root: str = ".") -> str | None:
    """The file a link to a document's published form names, when ``target`` itself does not exist:
    a site generator's ``x.html`` for ``x.html.md`` or ``x.md``, a folder for its ``index.md`` (or
    README, ``_index.md``), and a link from the site's root (``/manual/x.html``) read from the
    docs root as well as the repository's. None when no such file is there."""
    path = unquote(href.strip().split("#", 1)[0].split("?", 1)[0])
    bases = [target]
    if path.startswith("/") and docs_root.strip("/ ") not in ("", "."):
        bases.append(os.path.normpath(os.path.join(str(root), docs_root.strip("/"), path.lstrip("/"))))
    for base in bases:
        stem, ext = os.path.splitext(base)
        forms = [base] if base != target else []
        if ext.lower() in (".html", ".htm"):
            forms += [base + ".md", stem + ".md", base + ".markdown"]
        elif not ext:
            forms += [base + ".md", base + ".html.md", *(os.path.join(base, name) for name in ("index.md", "README.md", "_index.md", "index.html.md"))]
        found = next((form for form in forms if os.path.isfile(form)), None)
        if found is not None:
            return found
    return None


def inside_root(path: str, root: str | os.PathLike[str], reals: RealPaths | None = None) -> bool:
    """Whether ``path`` (links resolved) lies in the repository: only there is a file's existence checked.
    ``reals``: the caller's ``RealPaths``, when it asks about many paths."""
    if reals is None:
        real, base = os.path.realpath(path), os.path.realpath(root)
    else:
        real, base = reals(path), reals.folder(os.fspath(root))
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


class RealPaths:
    """``os.path.realpath`` of many paths in one pass (thousands of links): each folder is resolved
    once, from its parent's resolution and a look at its own name (as realpath does, one part after
    the other), then only the last part of each path is looked at. Folders are not looked at again,
    so one lives only as long as the pass."""

    MAX_PARTS = 64  # deeper folders are left to realpath itself: each part here is one call deeper

    def __init__(self) -> None:
        self.folders: dict[str, str] = {}

    def folder(self, path: str) -> str:
        real = self.folders.get(path)
        if real is None:
            if os.path.isabs(path) and os.path.normpath(path) == path and path.count(os.sep) <= self.MAX_PARTS:
                real = self(path)  # its parent's resolution, then its own name
            else:
                real = os.path.realpath(path)
            self.folders[path] = real
        return real

    def __call__(self, path: str) -> str:
        """``os.path.realpath(path)`` for a normalised absolute ``path``."""
        head, name = os.path.split(path)
        if not name or name in (".", ".."):
            return os.path.realpath(path)
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                return os.path.realpath(path)
        except OSError:
            pass  # missing (or unreadable): realpath keeps the name as it is, and so does this
        return os.path.join(self.folder(head), name)


def path_candidates(doc_path: str, text: str, root: str | os.PathLike[str]) -> list[str]:
    """Where a front-matter path may point: next to the document, then from the repository root."""
    candidates = [resolve_href(doc_path, text, root)]
    if not text.strip().startswith("/"):
        candidates.append(os.path.normpath(os.path.join(str(root), unquote(text.strip()))))
    return list(dict.fromkeys(candidates))


# --- front-matter values --------------------------------------------------------------------------


def reference_values(value) -> list:
    """A field's references as a list (one value, a list of them, or none)."""
    if value is None or value == "" or value == []:
        return []
    return list(value) if isinstance(value, list) else [value]


def cross_repository(value) -> tuple[str, str, int] | None:
    """``(repository, type, number)`` when ``value`` names a document of another repository, else None."""
    match = CROSS_REPO_RE.match(value.strip()) if isinstance(value, str) else None
    return (match.group(1), match.group(2).lower(), int(match.group(3))) if match else None


def parse_number(value, type_names) -> tuple[str | None, int] | None:
    """``(type or None, number)`` when ``value`` names a document by number, else None (a path).

    A prefix counts only when it is the name of a type (case-insensitive); ``"rfc-3"`` is RFC 3 and
    never the source's own number 3.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return None, value
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = NUMBER_REF_RE.match(text)
    if match is None or os.path.splitext(text)[1]:
        return None
    prefix, number = match.group(1), int(match.group(2))
    if prefix is None:
        return None, number
    canonical = {name.lower(): name for name in type_names}
    if prefix.lower() not in canonical:
        return None  # not a type: perhaps a file name without an extension
    return canonical[prefix.lower()], number


def resolve(
    value, source_path: str, source_type: str | None, documents: Documents[Doc], config: Config, same_type: bool = True
) -> tuple[Doc | None, str | None]:
    """The document a front-matter ``value`` of the document at ``source_path`` names, or
    ``(None, why)``; ``why`` completes "supersedes: VALUE ...". With ``same_type`` (``supersedes``
    and ``superseded_by``) only a document of ``source_type`` is an answer."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return None, f"names no existing document: {value!r} is neither a document number nor a path"
    numbered = parse_number(value, config.types)
    if numbered is not None:
        return _by_number(numbered, source_path, source_type, documents, same_type)
    text = str(value)
    if SCHEME_RE.match(text.strip()):
        forge = FORGE_FILE_RE.match(text.strip())
        if forge is None:
            return None, f"names no existing document: {text} is a web address, not a document in this repository"
        text = "/" + forge.group("path")
    candidates = path_candidates(source_path, text, config.root_dir)
    if not any(inside_root(c, config.root_dir) for c in candidates):  # never looked at: the answer would tell what exists there
        return None, f"names no existing document: {text} leads outside the repository"
    for candidate in candidates:
        if not inside_root(candidate, config.root_dir):
            continue
        doc = documents.by_path(candidate)
        if doc is not None:
            found_type = documents.type_of(doc)
            if same_type and found_type != source_type:
                kind = f"a {found_type}" if found_type else "not a document of a known type"
                return None, f"names no existing document: {display_path(candidate)} is {kind}, not a {source_type}"
            return doc, None
        if os.path.isdir(candidate):
            return None, f"names no existing document: {display_path(candidate)} is a folder, not a {source_type}"
    return None, f"names no existing document: {display_path(candidates[0])} does not exist"


def _by_number(
    numbered: tuple[str | None, int], source_path: str, source_type: str | None, documents: Documents[Doc], same_type: bool
) -> tuple[Doc | None, str | None]:
    type_name, number = numbered
    type_name = type_name or source_type
    if type_name is None:
        return None, f"names no existing document: number {number} cannot be looked up for a document of no type"
    if same_type and type_name != source_type:
        return None, f"names a {type_name}: a {source_type} can only name another {source_type} here"
    found = documents.by_number(type_name, number, source_path)
    if not found:
        return None, f"names no existing document: no {type_name} has number {number}"
    source = os.path.normpath(os.path.abspath(source_path))
    others = [d for d in found if documents.path_of(d) != source] or found
    if len(others) > 1:
        paths = ", ".join(display_path(documents.path_of(d)) for d in others)
        return None, f"names several documents: {type_name} number {number} is used by {paths}; name one by its path"
    return others[0], None
