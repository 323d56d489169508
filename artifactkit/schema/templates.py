"""Which template a type's documents are made from, and which version of it.

``new`` records ``<template>@<version>`` in the document it creates (front matter ``template:``, or
a trailing ``<!-- artifactkit-template: … -->`` comment where the format has no front matter), as
Copier records the commit a project was made from. The version of a template is its git tag (or
commit) for a template fetched from a URL, and a hash of its files for a local folder (the
built-in templates included), so that editing a template gives it a new version.
"""

from __future__ import annotations

import os
import re
import stat
from functools import lru_cache

from artifactkit.errors import UserError
from artifactkit.io.textio import read_bytes

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from artifactkit.document.model import Document
    from artifactkit.schema.doctypes import DocType
    from artifactkit.schema.project import Config

FIELD = "template"
COMMENT_RE = re.compile(r"<!--\s*artifactkit-template:\s*(\S+?)\s*-->")
HEADING_RE = re.compile(r"^#{2,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
URL_PREFIXES = ("gh:", "gl:", "git@", "git+")
MAX_FILES = 2000
MAX_BYTES = 32 * 1024 * 1024
REMOTE_TIMEOUT = 10.0  # seconds for asking a template's server its newest tag (``outdated``)


def template_spec(doctype: DocType, config: Config) -> str:
    """The template for a type: its own ``template``, else the built-in one of the type it extends."""
    from pathlib import Path  # here, as in record_name: the config reads is_url, and lint FILE imports no pathlib

    from artifactkit.io import resources

    if doctype.template:
        return str(doctype.template)
    builtin_paths = {Path(p).resolve(): name for name, p in resources.builtin_schema_paths().items()}
    base = doctype.name if doctype.builtin else next((builtin_paths.get(Path(p).resolve()) for p in doctype.schema_paths[:1]), None)
    if base is None:
        raise UserError(f"type {doctype.name!r} has no template — set 'template' for it in {config.source or '.artifactkit.yaml'}")
    return str(resources.template_dir(base))


def is_url(spec: str) -> bool:
    return spec.startswith(URL_PREFIXES) or "://" in spec


def record_name(spec: str, root) -> str:
    """How a template is named in a record: a built-in by its type, a folder relative to the config root, a URL as given."""
    from pathlib import Path

    from artifactkit.io import resources

    if is_url(spec):
        return spec
    path = Path(spec).resolve()
    builtin = resources.data_dir("templates").resolve()
    if path.parent == builtin:
        return path.name
    try:
        return path.relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return path.name  # outside the repository: its name only, no path of this machine in a committed document


def parse_record(value) -> tuple[str, str] | None:
    """``(template, version)`` of a recorded ``template@version``; None for anything else."""
    if not isinstance(value, str) or "@" not in value:
        return None
    name, _, version = value.strip().rpartition("@")
    return (name, version) if name and version else None


def record_of(doc: Document) -> tuple[str, str] | None:
    """The template record of a parsed document, from its front matter or its trailing comment."""
    found = parse_record(doc.frontmatter.get(FIELD)) if isinstance(doc.frontmatter, dict) else None
    if found is None:
        match = COMMENT_RE.search(doc.text[-4096:])
        found = parse_record(match.group(1)) if match else None
    return found


def replace_record(text: str, record: str) -> str:
    """``text`` recording ``record`` instead of its current template record (front matter or comment)."""
    from artifactkit.document.frontedit import set_frontmatter_text

    if COMMENT_RE.search(text[-4096:]):
        start = len(text) - len(text[-4096:])
        match = COMMENT_RE.search(text, start)
        assert match is not None
        return text[: match.start(1)] + record + text[match.end(1) :]
    return set_frontmatter_text(text, {FIELD: record})


def folder_version(path) -> str:
    """``sha256:`` and 12 hex digits of the folder's files (names and bytes; git's own files, links and special files left out)."""
    import hashlib  # here, as subprocess below: a config with its own types imports this module for is_url alone

    digest = hashlib.sha256()
    total = files = 0
    root = str(path)
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != ".git" and d != "__pycache__")
        for name in sorted(names):
            full = os.path.join(folder, name)
            st = os.lstat(full)
            if not stat.S_ISREG(st.st_mode):
                continue
            files += 1
            total += st.st_size
            if files > MAX_FILES or total > MAX_BYTES:
                raise UserError(f"template {root}: more than {MAX_FILES} files or {MAX_BYTES // 1048576} MiB; not a document template")
            digest.update(os.path.relpath(full, root).replace(os.sep, "/").encode("utf-8", "surrogateescape") + b"\0")
            try:
                digest.update(read_bytes(full, MAX_BYTES, "template file") + b"\0")
            except OSError:  # swapped for a FIFO or a device since the lstat: not a template file
                continue
    return "sha256:" + digest.hexdigest()[:12]


def git_version(path) -> str | None:
    """The tag at HEAD of a template clone, else its commit; None where it is not a git work tree."""
    import subprocess

    def git(*args: str) -> str | None:
        try:
            proc = subprocess.run(["git", *args], cwd=path, capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            return None
        return proc.stdout.strip() if proc.returncode == 0 and proc.stdout.strip() else None

    return git("describe", "--tags", "--exact-match", "HEAD") or git("rev-parse", "--short=12", "HEAD")


def expand_url(spec: str) -> str:
    """``gh:owner/repo`` and ``gl:owner/repo`` as clone URLs; ``git+URL`` as URL."""
    if spec.startswith("gh:"):
        return f"https://github.com/{spec[3:].removesuffix('.git')}.git"
    if spec.startswith("gl:"):
        return f"https://gitlab.com/{spec[3:].removesuffix('.git')}.git"
    if spec.startswith("git+"):
        return spec[4:]
    return spec


def remote_version(url: str) -> str | None:
    """The newest tag of a template repository (in version order), else its HEAD commit; None when unreachable."""

    import subprocess
    import time

    from artifactkit.io.process import run_bounded

    deadline = time.monotonic() + REMOTE_TIMEOUT  # both questions together: a silent server costs this once

    def ls_remote(*args: str) -> list[str]:
        cmd = ["git", "-c", "protocol.ext.allow=never", "-c", "protocol.fd.allow=never", "ls-remote", *args, "--", expand_url(url)]
        left = deadline - time.monotonic()
        if left <= 0:
            return []
        try:
            proc = run_bounded(cmd, left, text=True, env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
        except (OSError, subprocess.SubprocessError):
            return []
        return proc.stdout.splitlines() if proc.returncode == 0 else []

    tags = [line.split("refs/tags/", 1)[1] for line in ls_remote("--tags", "--refs") if "refs/tags/" in line]
    if tags:
        return max(tags, key=_version_key)
    head = ls_remote("HEAD")
    return head[0].split()[0][:12] if head else None


def _version_key(tag: str) -> tuple:
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"[.\-+]", tag.lstrip("vV")))


@lru_cache(maxsize=64)
def current_version(spec: str, remote: bool = False) -> str | None:
    """The version ``new`` would record now for this template spec. A URL's is asked of its server
    only with ``remote`` (``outdated``): ``lint`` and the language server never touch the network,
    where a slow or silent server would stall every run and every keystroke."""
    if is_url(spec):
        return remote_version(spec) if remote else None
    if not os.path.isdir(spec):
        return None
    return folder_version(spec)


def headings(spec: str) -> set[str]:
    """Normalized keys of the section headings written in a local template's document file(s)."""
    from artifactkit.document.sections import normalize_key

    out: set[str] = set()
    if is_url(spec) or not os.path.isdir(spec):
        return out
    for folder, dirs, names in os.walk(spec):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in names:
            if not name.endswith((".md", ".md.jinja", ".jinja")) or name.startswith("copier"):
                continue
            full = os.path.join(folder, name)
            if not stat.S_ISREG(os.lstat(full).st_mode) or os.path.getsize(full) > 1024 * 1024:
                continue
            try:
                text = read_bytes(full, 1024 * 1024, "template file").decode("utf-8", "replace")
            except OSError:
                continue
            out.update(normalize_key(m.group(1)) for m in HEADING_RE.finditer(text) if "{{" not in m.group(1) and "{%" not in m.group(1))
    return out
