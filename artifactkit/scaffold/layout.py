"""Where a repository keeps its documents: folders of like documents, found by their layout.

A *collection* is one of:
- a folder holding three or more Markdown documents (``docs/decisions/0001-x.md``...);
- a folder holding three or more folders that are one document each (``rfcs/0001-x/index.md`` or
  ``README.md``: a Hugo page bundle, a KEP);
- a folder whose sub-folders are collections of documents with the same top-level sections
  (``alerts/<operator>/*.md``): one collection, ``alerts/**/*.md``;
- a folder another tool names: adr-tools' ``.adr-dir``, log4brains' ``adrFolder`` and each of its
  packages' ``adrFolder``, whatever it holds.

Not documents: a folder's README/index (``_index.md`` for Hugo), community files (CHANGELOG,
CONTRIBUTING...) and templates (a name with ``template`` in it), which are listed so that the config
excludes them in the open.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

MIN_DOCUMENTS = 3
MAX_FILES = 20000  # Markdown files looked at; a repository bigger than this is sampled by walk order
SKIP_DIRS = {"node_modules", "vendor", "third_party", "site-packages", "_site", "dist", "build", "target", "public"}
SKIP_DIRS |= {"test", "tests", "testdata", "fixtures", "__fixtures__", "__snapshots__"}  # a test suite's Markdown is data
INDEX_NAMES = {"readme.md", "index.md", "_index.md"}
COMMUNITY_NAMES = {
    "changelog.md",
    "contributing.md",
    "code_of_conduct.md",
    "code-of-conduct.md",
    "license.md",
    "security.md",
    "support.md",
    "governance.md",
    "maintainers.md",
    "authors.md",
    "notice.md",
    "pull_request_template.md",
    "history.md",
    "codeowners.md",
}
TEMPLATE_RE = re.compile(r"(?:^|[-_. ])template(?:[-_. ]|\.md$)", re.IGNORECASE)  # adr-template.md, TEMPLATE.md, 0000-template.md
SIMILAR = 0.5  # share of top-level sections two sibling collections must have in common to be one


@dataclass
class Collection:
    folder: str  # POSIX, relative to the repository root ('.' for the root)
    pattern: str  # the paths glob
    documents: list[str] = field(default_factory=list)  # relative POSIX paths
    excluded: list[str] = field(default_factory=list)  # index/community files the pattern matches
    templates: list[str] = field(default_factory=list)
    found_by: str = "layout"

    @property
    def excludes(self) -> list[str]:
        """Exclude globs for the files of ``excluded`` and ``templates`` (by name below a ``**`` pattern)."""
        if "**" not in self.pattern:
            return sorted(self.excluded + self.templates)
        names = sorted({p.rsplit("/", 1)[-1] for p in self.excluded + self.templates})
        return [f"{self.folder}/**/{name}" if self.folder != "." else f"**/{name}" for name in names]


def is_index(name: str) -> bool:
    return name.lower() in INDEX_NAMES


def not_a_document(name: str) -> bool:
    return name.lower() in INDEX_NAMES | COMMUNITY_NAMES


def markdown_tree(root: Path) -> dict[str, list[str]]:
    """Folder (relative POSIX) -> its Markdown file names, hidden and vendored folders left out."""
    out: dict[str, list[str]] = {}
    seen = 0
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS)
        # a linked file may lead out of the repository: its headings would end up in the config's comments
        names = sorted(
            f for f in files if f.lower().endswith(".md") and os.path.isfile(os.path.join(folder, f)) and not os.path.islink(os.path.join(folder, f))
        )
        if names:
            rel = Path(folder).relative_to(root).as_posix()
            out[rel] = names
            seen += len(names)
            if seen >= MAX_FILES:
                break
    return out


def _join(folder: str, name: str) -> str:
    return name if folder == "." else f"{folder}/{name}"


def _glob(folder: str, tail: str) -> str:
    """A paths glob below ``folder``; at the root anchored with '/' (a bare ``*.md`` would match at any depth)."""
    return f"/{tail}" if folder == "." else f"{folder}/{tail}"


def _parent(folder: str) -> str:
    return folder.rsplit("/", 1)[0] if "/" in folder else "."


def _flat(folder: str, names: list[str]) -> Collection:
    docs = [_join(folder, n) for n in names if not not_a_document(n) and not TEMPLATE_RE.search(n)]
    return Collection(
        folder,
        _glob(folder, "*.md"),
        docs,
        [_glob(folder, n) for n in names if not_a_document(n)],
        [_glob(folder, n) for n in names if TEMPLATE_RE.search(n) and not not_a_document(n)],
    )


def find_collections(root: Path, named: list[tuple[str, str]] | None = None, top_sections=None) -> list[Collection]:
    """The repository's collections, largest first. ``named``: (found_by, folder) pairs another
    tool's config names. ``top_sections(paths)``: the set of top-level section keys most of those
    documents share (to merge sibling collections), or None to never merge."""
    tree = markdown_tree(root)
    found = _named_collections(tree, named or [])
    claimed = set(found)
    found.update(_bundles(tree, claimed))
    # flat folders of documents
    flats: dict[str, Collection] = {}
    for folder, names in tree.items():
        if _inside(folder, claimed):
            continue
        flat = _flat(folder, names)
        if len(flat.documents) >= MIN_DOCUMENTS:
            flats[folder] = flat
    # sub-folders of like documents (like each other, or like their parent's): one collection of the parent
    if top_sections is not None:
        _merge_alike(root, tree, flats, top_sections)
    found.update(flats)
    return sorted(found.values(), key=lambda c: (-len(c.documents), c.folder))


def _inside(folder: str, claimed: set[str]) -> bool:
    return any(folder == c or folder.startswith(c + "/") for c in claimed)


def _named_collections(tree: dict[str, list[str]], named: list[tuple[str, str]]) -> dict[str, Collection]:
    """The folders another tool's config names, each with every Markdown file below it."""
    found: dict[str, Collection] = {}
    for found_by, folder in named:
        below = {f: n for f, n in tree.items() if f == folder or f.startswith(folder + "/")}
        if not below:
            continue
        names = [n for f, ns in below.items() for n in ([_join(f, x) for x in ns])]
        pattern = f"{folder}/**/*.md"
        docs = [p for p in names if not not_a_document(p.rsplit("/", 1)[-1]) and not TEMPLATE_RE.search(p.rsplit("/", 1)[-1])]
        excluded = [p for p in names if not_a_document(p.rsplit("/", 1)[-1])]
        templates = [p for p in names if p not in docs and p not in excluded]
        found[folder] = Collection(folder, pattern, docs, excluded, templates, found_by)
    return found


def _bundles(tree: dict[str, list[str]], claimed: set[str]) -> dict[str, Collection]:
    """One folder per document (<parent>/<doc>/index.md or README.md); their parents join ``claimed``."""
    bundles: dict[str, list[str]] = {}
    for folder, names in tree.items():
        index = next((n for n in names if is_index(n)), None)
        if index is None or folder == "." or _inside(folder, claimed):
            continue
        others = [n for n in names if n != index and not not_a_document(n)]
        if len(others) <= 1:
            bundles.setdefault(_parent(folder), []).append(_join(folder, index))
    found: dict[str, Collection] = {}
    for parent, indexes in bundles.items():
        if len(indexes) < MIN_DOCUMENTS or _inside(parent, claimed):
            continue
        names = sorted({p.rsplit("/", 1)[-1] for p in indexes})
        pattern = _glob(parent, "*/" + names[0]) if len(names) == 1 else _glob(parent, "*/*.md")
        found[parent] = Collection(parent, pattern, sorted(indexes))
        claimed.add(parent)
    return found


def _merge_alike(root: Path, tree: dict[str, list[str]], flats: dict[str, Collection], top_sections) -> None:
    by_parent: dict[str, list[str]] = {}
    for folder in flats:
        if folder != ".":
            by_parent.setdefault(_parent(folder), []).append(folder)
    tops: dict[str, set] = {}

    def top(folder: str) -> set:
        if folder not in tops:
            tops[folder] = top_sections([str(root / p) for p in flats[folder].documents])
        return tops[folder]

    for parent in sorted(by_parent, key=lambda f: -f.count("/")):  # deepest first
        alike = _alike([c for c in by_parent[parent] if c in flats], parent, parent in flats, top)
        if not alike:
            continue
        others = [c for c in flats if c not in alike and c != parent and (parent == "." or c.startswith(parent + "/"))]
        flats[parent] = _merged(parent, tree, others)
        for child in alike:
            flats.pop(child)


def _alike(children: list[str], parent: str, parent_is_flat: bool, top) -> list[str]:
    """The sub-folders to merge into ``parent``: like the parent's documents, or (without documents
    of its own) like each other, at least two and half of them."""
    if parent_is_flat:
        return [c for c in children if top(c) and _similar(top(c), [top(parent)])]
    alike = [c for c in children if top(c) and _similar(top(c), [top(o) for o in children if o != c])]
    return alike if len(alike) >= 2 and len(alike) >= len(children) / 2 else []


def _similar(top: set, tops: list[set]) -> bool:
    return any(t and len(top & t) / max(1, len(top | t)) >= SIMILAR for t in tops)


def _merged(parent: str, tree: dict[str, list[str]], others: list[str]) -> Collection:
    """``parent/**/*.md``, without the documents of the collections below it that stay their own
    (their patterns are more specific, so they keep their files)."""
    out = Collection(parent, _glob(parent, "**/*.md"))
    for folder, names in tree.items():
        if parent != "." and folder != parent and not folder.startswith(parent + "/"):
            continue
        if any(folder == o or folder.startswith(o + "/") for o in others):
            continue
        flat = _flat(folder, names)
        out.documents += flat.documents
        out.excluded += flat.excluded
        out.templates += flat.templates
    return out
