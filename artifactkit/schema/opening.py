"""Open a typed document: the one way lint, the catalogue, cross-references, the language server,
``inspect``, ``new`` and the site read a document.

``open_document`` reads the file (bounded, never through a link out of the repository), parses its
front matter and outline, resolves its type (front matter's ``type:``, else the most specific paths
pattern; Hugo's ``type: docs`` is a site generator's key, not a type) and reads it as that type:
fields kept in a log's own places, ``Key: value`` lines, tables or a sidecar are lifted, section
aliases and template hints applied. What it cannot do is said in ``Opened``, never raised.

Opened documents are kept by path and content (a digest of the bytes), so a document two commands
of one process read (lint then the site, an editor's buffer linted then completed) is parsed once.
Callers share what they are given: they read an ``Opened``, never change it.
"""

from __future__ import annotations

import os
import re
import weakref
from collections import OrderedDict

from artifactkit.io.digest import file_sha256
from artifactkit.record import dataclass

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from artifactkit.document.model import Document
    from artifactkit.schema.doctypes import DocType
    from artifactkit.schema.project import Config

# Documents are read again right after they are read (lint then the site's entry for it, an editor's
# buffer linted then completed), so a few suffice; more would only hold memory in a run over thousands.
CACHE_SIZE = 16
CACHE_MAX_BYTES = 1024 * 1024  # a bigger document is parsed again rather than kept


@dataclass
class Opened:
    """``doc`` None: it cannot be read (``error``: line and why). ``type_name``: its type as resolved,
    known or not. ``doctype``: the type it was read as; None when it has no type, an unknown or broken
    one, or is a stub (a blank template or a pointer), which are not checked. ``skipped``: why it is not
    checked, as lint says it (None where lint reports the reason as a problem instead)."""

    path: str
    doc: Document | None = None
    error: tuple[int, str] | None = None
    type_name: str | None = None
    doctype: DocType | None = None
    title: str | None = None  # the title heading as written (aliases may later take it for a section)
    stub: bool = False
    skipped: str | None = None
    outside: bool = False  # a link out of the repository: never read (``error`` says so)

    def known_type(self, project: Config) -> DocType | None:
        """The type the document names, read as it or not (a stub, a broken schema)."""
        return project.types.get(self.type_name) if self.type_name else None


_cache: OrderedDict[tuple, tuple[weakref.ref, tuple, Opened]] = OrderedDict()


def clear_cache() -> None:
    _cache.clear()


def open_document(path: str, project: Config, text: str | None = None, named: bool = False, as_type: str | None = None, keep: bool = True) -> Opened:
    """``text``: read this instead of the file's content (an editor's unsaved buffer), as if saved at
    ``path``; ``named``: the file was named on the command line (it beats a type's built-in exclude);
    ``as_type``: read it as this type, whatever it says (``inspect --type``); ``keep`` False: one of
    many documents read once each (a lint's batch), which neither looks for nor keeps a parsed copy."""
    # "import a.b as b": the module, without the look-up "from a.b import name" makes each call (4x its cost; a lint opens thousands)
    import artifactkit.io.discovery as discovery
    import artifactkit.io.textio as textio

    glob_type = project.type_for(project.relpath(path), named)
    glob_name = glob_type.name if glob_type else None
    read = textio.read_document_inside(path, project.real_root_dir) if text is None else None  # the usual file: one call
    if read is None:
        escape = discovery.symlink_escape(path, project.root_dir)
        if escape:
            return Opened(path, error=(1, escape), type_name=glob_name, outside=True)
        read = textio.read_document(path) if text is None else textio.decode(text.encode("utf-8", "surrogatepass"))
    if read.text is None:
        return Opened(path, error=(read.line, read.error or "cannot be read"), type_name=glob_name)
    if not keep:
        return _open(path, read.text, project, glob_type, as_type, named)
    key = (path, named, as_type, file_sha256(read.data).digest(), os.environ.get("ARTIFACTKIT_OUTLINE"))
    kept = _cache.get(key)
    if kept is not None and kept[0]() is project and kept[1] == _sidecars(kept[2]):
        _cache.move_to_end(key)
        return kept[2]
    opened = _open(path, read.text, project, glob_type, as_type, named)
    if len(read.data) <= CACHE_MAX_BYTES and opened.doc is not None:
        _keep(key, project, opened)
    return opened


def _keep(key: tuple, project: Config, opened: Opened) -> None:
    try:
        ref = weakref.ref(project)  # the project, not an id a later one may reuse
    except TypeError:
        return  # nothing kept for a project that cannot be referred to weakly
    _cache[key] = (ref, _sidecars(opened), opened)
    if len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)


def _open(path: str, text: str, project: Config, glob_type: DocType | None, as_type: str | None, named: bool = False) -> Opened:
    import artifactkit.document.model as model
    import artifactkit.document.pulldown as pulldown

    glob_name = glob_type.name if glob_type else None
    try:  # before splitting millions of lines: the limits need only a few counts
        pulldown.check_budget(text)
    except pulldown.TooComplex as exc:
        return Opened(path, error=(1, str(exc)), type_name=glob_name)
    doc = model.parse_text(path, text)
    if doc.too_complex:
        return Opened(path, error=(1, doc.too_complex), type_name=glob_name)
    opened = Opened(path, doc, title=doc.outline.title)
    if as_type is None and glob_type is not None and doc.type is None and (is_template_name(path) or is_pointer(doc)):
        what = "blank template" if is_template_name(path) else "stub (only a line saying where it went, or that it is retired)"
        opened.type_name, opened.stub = glob_name, True
        opened.skipped = None if doc.front.error else f"the {glob_name} type's {what}, not a document"
        return opened
    opened.type_name = name = as_type or resolve_type(doc.type, glob_name, project)
    doctype = project.types.get(name) if name else None
    if name is None:
        # broken front matter may hide a 'type:', so lint reports it; not in a file a type's own
        # exclude drops (a blank template's "status: {proposed | rejected}" is no YAML, nor a document)
        dropped = project.explicitly_excluded(project.relpath(path), named) if doc.front.error else None
        opened.skipped = dropped or (None if doc.front.error else "no document type (no 'type:' in front matter, no matching paths)")
    elif doctype is not None and name in project.broken:  # lint reports the schema's error once, and goes on
        opened.skipped = f"not checked: the schema of type {name!r} is broken"
    elif doctype is not None:
        read_as(doc, doctype)
        opened.doctype = doctype
        if doc.outline.title is None:
            opened.title = None  # its first "# Summary" is one of the type's sections: the document has no title heading
    return opened


def resolve_type(declared: str | None, glob_name: str | None, project: Config) -> str | None:
    """Front matter's ``type:`` names the type, unless it names no known type nor a near miss of one
    while the paths claim the file: Hugo's ``type: docs`` is a site generator's key, not a misspelt type."""
    if declared and declared not in project.types and glob_name is not None:
        from artifactkit.suggest import did_you_mean

        if not did_you_mean(declared, project.types):
            return glob_name
    return declared or glob_name


def read_as(doc: Document, doctype: DocType) -> None:
    """Read ``doc`` as ``doctype``: its fields from wherever the type keeps them, its sections by their
    canonical names, its template hints marked."""
    doc.type = doctype.name
    if doctype.format != "frontmatter":  # an existing log's own places for status, date and links
        from artifactkit.document import logformats

        logformats.lift(doc, doctype.format, doctype.statuses)
    lines = set(doctype.metadata) - {"frontmatter"} or doctype.sidecar  # Status: lines, * Key: value lists, a table, a sidecar
    # a log's "## Status" section (asked only of a document that has one: the type's statuses are read from its schemas)
    status_section = doctype.format == "frontmatter" and doctype.status_field and "status" in doc.outline.sections and doctype.statuses
    if lines or status_section:
        import artifactkit.document.preamble as preamble

        if lines:
            preamble.lift(doc, doctype.lifted_fields, doctype.metadata, doctype.sidecar, status_field=doctype.status_field)
        if status_section:
            preamble.status_section(doc, doctype.status_field)
    info = doctype.info
    doc.apply_aliases(info.aliases(), info.required, info.top_keys)
    doc.apply_hints(info.hints(), described=info.sections)


def _sidecars(opened: Opened) -> tuple:
    """What a kept document read besides its own bytes: its sidecar file's size and time."""
    doctype = opened.doctype
    if doctype is None or not doctype.sidecar:
        return ()
    stem = os.path.splitext(os.path.basename(opened.path))[0]
    sidecar = os.path.join(os.path.dirname(opened.path), doctype.sidecar.replace("{stem}", stem))
    try:
        st = os.stat(sidecar)
    except OSError:
        return (sidecar, None)
    return (sidecar, st.st_size, st.st_mtime_ns, st.st_ino)


TEMPLATE_NAME_RE = re.compile(r"^(?:(?:\d+|[a-z]+)[-_])?template$", re.IGNORECASE)


def is_template_name(path: str) -> bool:
    """``template.md``, ``0000-template.md``, ``adr-template.md``, ``TEMPLATE.md``: a team's blank
    template kept beside its documents is not one of them."""
    if path.isascii() and "template" not in path.lower():
        return False  # most paths, told apart without taking the name apart (ASCII: lower() is what IGNORECASE does)
    return bool(TEMPLATE_NAME_RE.match(os.path.splitext(os.path.basename(path))[0]))


RETIRED_RE = re.compile(r"[\[(](?:deprecated|obsolete|retired|archived|superseded)[\])]\s*$", re.IGNORECASE)


def is_pointer(doc: Document) -> bool:
    """A file left where a document was: a title at most and one line, pointing to where it went
    ("Moved to [golang.org/design/x](…)") or saying it is retired ("# X [Deprecated]")."""
    headings, title_line = doc.outline.headings, doc.outline.title_line
    if doc.front.data or any(line != title_line for line, _, _ in headings):
        return False  # front matter, or a heading besides the title
    retired = bool(doc.outline.title and RETIRED_RE.search(doc.outline.title))
    if not doc.outline.link_targets and not retired:
        return False  # its words need not be counted
    from artifactkit.document.words import count_words

    start = doc.outline.title_line or doc.front.body_start
    return count_words("".join(doc.lines[start:])) <= 25
