"""What git knows about the documents: who last edited each one and when, and where to edit it online.

One ``git log`` over the docs folder gives every file's last commit (one process, not one per
document). Outside a git repository, or without git, everything is simply unknown.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from urllib.parse import quote

_SEP, _REC = "\x1f", "\x1e"


@dataclass(frozen=True)
class Edit:
    author: str
    date: str  # YYYY-MM-DD
    timestamp: int


_TOP = ("rev-parse", "--show-toplevel")
_REMOTE = ("remote", "get-url", "origin")
_BRANCH = ("rev-parse", "--abbrev-ref", "HEAD")
_LOG = ("log", "--no-renames", f"--format={_REC}%an{_SEP}%as{_SEP}%at", "--name-only", "--", ".")
_STARTED: dict[tuple[str, tuple[str, ...]], subprocess.Popen | None] = {}  # asked ahead (prefetch), not yet read


def prefetch(root: str, folder: str) -> None:
    """Ask now what ``edit_url_maker(root)`` and ``last_edits(folder)`` will ask: git answers on another
    core while the build reads its caches. ``discard`` ends whatever no one read."""
    for cwd, args in ((root, _TOP), (root, _REMOTE), (root, _BRANCH), (folder, _TOP), (folder, _LOG)):
        if (cwd, args) not in _STARTED:
            _STARTED[(cwd, args)] = _start(cwd, args)


def discard() -> None:
    while _STARTED:
        proc = _STARTED.popitem()[1]
        if proc is not None:
            proc.kill()
            proc.communicate()


def _start(cwd: str, args: tuple[str, ...]) -> subprocess.Popen | None:
    try:
        return subprocess.Popen(["git", "-c", "core.quotepath=off", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError:
        return None


def _git(cwd: str, *args: str) -> str | None:
    return _gits(cwd, args)[0]


def _gits(cwd: str, *commands: tuple[str, ...]) -> list[str | None]:
    """Each git command's output (None where it failed), the processes run side by side (or asked
    ahead by ``prefetch``): a rebuild waits for one start of git instead of one per question."""
    procs = [_STARTED.pop((cwd, args)) if (cwd, args) in _STARTED else _start(cwd, args) for args in commands]
    outs: list[str | None] = []
    for proc in procs:
        if proc is None:
            outs.append(None)
            continue
        try:
            out, _ = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            out = None
        outs.append(out.decode("utf-8", "surrogateescape") if out is not None and proc.returncode == 0 else None)
    return outs


def _top(out: str | None) -> str | None:
    return os.path.realpath(out.strip()) if out else None


def toplevel(cwd: str) -> str | None:
    return _top(_git(cwd, *_TOP))


def last_edits(folder: str) -> dict[str, Edit]:
    """Absolute real path -> the last commit that changed it, for every file git tracks under ``folder``."""
    found, out = _gits(folder, _TOP, _LOG)
    top = _top(found)
    if top is None or out is None:
        return {}
    edits: dict[str, Edit] = {}
    for record in out.split(_REC)[1:]:
        head, _, names = record.partition("\n")
        parts = head.split(_SEP)
        if len(parts) != 3 or not parts[2].isdigit():
            continue
        edit = Edit(parts[0], parts[1], int(parts[2]))
        for name in names.splitlines():
            if name:
                edits.setdefault(os.path.join(top, name), edit)  # newest first: the first seen is the last edit
    return edits


def _web_base(url: str) -> tuple[str, str] | None:
    """(kind, https base of the project) for a GitHub or GitLab remote URL, else None."""
    url = url.strip()
    match = re.match(r"^(?:ssh://)?git@([^:/]+)[:/](.+?)(?:\.git)?/?$", url) or re.match(r"^https?://(?:[^@/]+@)?([^/]+)/(.+?)(?:\.git)?/?$", url)
    if not match:
        return None
    host, project = match.group(1).lower(), match.group(2)
    if not re.fullmatch(r"[A-Za-z0-9._~/-]+", project) or ".." in project:
        return None
    if host == "github.com":
        return "github", f"https://{host}/{project}"
    if "gitlab" in host:
        return "gitlab", f"https://{host}/{project}"
    return None


def edit_url_maker(folder: str):
    """A function from an absolute path to its "edit" URL on GitHub or GitLab, or None when the remote is neither."""
    found, remote = _gits(folder, _TOP, _REMOTE)
    top = _top(found)
    web = _web_base(remote) if remote and top else None
    if top is None or web is None:
        return None
    branch = (_git(folder, *_BRANCH) or "").strip()
    if not branch or branch == "HEAD":  # detached, as in CI: the branch CI names, else the usual default
        branch = os.environ.get("GITHUB_REF_NAME") or os.environ.get("CI_COMMIT_REF_NAME") or "main"
    kind, base = web
    middle = "edit" if kind == "github" else "-/edit"

    def make(path: str) -> str | None:
        real = os.path.realpath(path)
        if not real.startswith(top + os.sep):
            return None
        rel = os.path.relpath(real, top).replace(os.sep, "/")
        return f"{base}/{middle}/{quote(branch)}/{quote(rel.encode('utf-8', 'surrogateescape'))}"

    return make
