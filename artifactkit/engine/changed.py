"""``lint --changed-since REF``: the documents a pull request touches, and the documents that point at them.

Changed means: in ``git diff REF...HEAD`` (the branch's own commits since it left REF), or staged,
unstaged or untracked in the work tree. A document that links to a changed or deleted file (a
relative Markdown link, ``supersedes`` or ``superseded_by``) is linted too, since its references may
have broken; so is another document with the same number in the same folder.
"""

from __future__ import annotations

import os
import subprocess

from artifactkit.errors import UserError

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from artifactkit.schema.project import Config


def _git(args: list[str], cwd: str | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", errors="surrogateescape")
    except FileNotFoundError:
        raise UserError("--changed-since needs git, and git is not installed") from None


def _first_line(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1] if lines else "unknown error"


def changed_paths(ref: str, cwd: str | None = None) -> tuple[set[str], set[str]]:
    """Real paths of the files changed since ``ref`` — ``(existing, deleted)``."""
    if not ref or ref.startswith("-"):
        raise UserError(f"--changed-since {ref!r}: not a git revision")
    top = _git(["rev-parse", "--show-toplevel"], cwd)
    if top.returncode != 0:
        raise UserError("--changed-since: not inside a git repository")
    root = top.stdout.strip()
    if _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root).returncode != 0:
        raise UserError(
            f"--changed-since {ref}: no such commit, branch or tag in this repository (in CI, fetch it first: git fetch origin {ref.split('/')[-1]})"
        )
    names: set[str] = set()
    commands = [
        ["diff", "--name-only", "--no-renames", "-z", f"{ref}...HEAD", "--"],
        ["diff", "--name-only", "--no-renames", "-z", "HEAD", "--"],
        ["ls-files", "--others", "--exclude-standard", "-z"],
    ]
    for args in commands:
        proc = _git(args, root)
        if proc.returncode != 0:
            hint = " (a shallow clone? fetch more history, e.g. fetch-depth: 0)" if "merge base" in proc.stderr else ""
            raise UserError(f"--changed-since {ref}: git {args[0]} failed: {_first_line(proc.stderr)}{hint}")
        names.update(n for n in proc.stdout.split("\0") if n)
    existing: set[str] = set()
    deleted: set[str] = set()
    for name in names:
        path = os.path.realpath(os.path.join(root, name))
        (existing if os.path.lexists(path) else deleted).add(path)
    return existing, deleted


def select_changed(targets: list[str], ref: str, config: Config) -> list[str]:
    """The documents under ``targets`` to lint for a change since ``ref``, in discovery order."""
    from artifactkit.document.numbers import file_number
    from artifactkit.io.discovery import discover

    first = targets[0] if targets else "."
    existing, deleted = changed_paths(ref, first if os.path.isdir(first) else (os.path.dirname(first) or "."))
    touched = existing | deleted
    candidates = [p for p in discover(targets) if not config.is_ignored(config.relpath(p))]
    real = {p: os.path.realpath(p) for p in candidates}
    chosen = {p for p in candidates if real[p] in existing}
    if touched:
        index = None
        for path in candidates:
            if path in chosen:
                continue
            hit, index = _references(path, touched, bool(deleted), config, index)
            if hit:
                chosen.add(path)
    numbers = {(os.path.dirname(real[p]), n) for p in chosen if (n := file_number(p)) is not None}
    for path in candidates:
        number = file_number(path)
        if number is not None and (os.path.dirname(real[path]), number) in numbers:
            chosen.add(path)
    return [p for p in candidates if p in chosen]


def _references(path: str, touched: set[str], any_deleted: bool, config: Config, index):
    """Whether the document at ``path`` links to or supersedes one of the ``touched`` real paths."""
    from artifactkit.checks import references
    from artifactkit.io.textio import read_document
    from artifactkit.schema.opening import open_document

    read = read_document(path)
    if read.text is None:
        return False, index
    text = read.text
    names = {os.path.basename(t) for t in touched}
    mentions_name = any(name in text for name in names)
    mentions_supersede = "supersed" in text
    if not mentions_name and not mentions_supersede:
        return False, index
    doc = open_document(path, config, text=text).doc  # read only when its bytes may name a touched file
    if doc is None:
        return False, index
    for _, href in doc.outline.link_targets:
        if references.is_checked_href(href) and os.path.realpath(references.resolve_href(path, href, config.root_dir)) in touched:
            return True, index
    return _supersedes_touched(path, doc.frontmatter, touched, any_deleted, config, index)


def _supersedes_touched(path: str, front, touched: set[str], any_deleted: bool, config: Config, index):
    """Whether the ``supersedes``/``superseded_by`` values of the document at ``path`` name a touched document."""
    from artifactkit.checks import crossrefs, references

    front = front if isinstance(front, dict) else {}
    values = [v for name in crossrefs.SUPERSEDE_FIELDS for v in references.reference_values(front.get(name))]
    if not values:
        return False, index
    index = index or crossrefs.DocIndex([], config)
    source = index.get(path)
    if source is None:
        return False, index
    for value in values:
        target, _ = crossrefs.resolve_reference(value, source, index)
        if target is None and any_deleted:
            return True, index  # it may have named a deleted document: lint it, its reference is broken either way
        if target is not None and os.path.realpath(target.path) in touched:
            return True, index
    return False, index
