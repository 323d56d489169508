"""Small facts this user's own runs established, kept in this user's cache folder
(``$XDG_CACHE_HOME/artifactkit/checked`` or ``~/.cache/artifactkit/checked``), never in the
repository: a pull request, a shared checkout or a restored CI cache can write the repository's
``.artifactkit_cache/``, so nothing there may vouch for anything. Each fact is a file named by the
SHA-256 of what it is about; one is read only from a folder and a file this user owns and no one
else may write (as the site's signing key), never through a link."""

from __future__ import annotations

import os
import stat

MAX_BYTES = 1024 * 1024
_KEEP = 2000  # facts kept; past that, the oldest go (each is a few hundred bytes)


def folder() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "artifactkit", "checked")


def _private_folder(path: str) -> bool:
    if not hasattr(os, "geteuid"):  # no owner to check (Windows): nothing is remembered
        return False
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.geteuid() and not st.st_mode & 0o022


def recall(name: str) -> bytes | None:
    """The fact stored under ``name``, or None (none, or not this user's own private file)."""
    from artifactkit.io.textio import read_private

    where = folder()
    if not _private_folder(where):
        return None
    data = read_private(os.path.join(where, name), MAX_BYTES + 1)
    return data if data is not None and len(data) <= MAX_BYTES else None


def remember(name: str, data: bytes) -> None:
    """Store a fact (atomically, mode 0600 in a 0700 folder); a home that cannot be written only means the check runs again next time."""
    where = folder()
    tmp = os.path.join(where, f".{name}.{os.getpid()}.new")
    try:
        os.makedirs(where, mode=0o700, exist_ok=True)
        if not _private_folder(where) or len(data) > MAX_BYTES:
            return
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, os.path.join(where, name))
        _prune(where)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def _prune(where: str) -> None:
    names = os.listdir(where)
    if len(names) <= _KEEP:
        return
    dated = []
    for name in names:
        try:
            dated.append((os.lstat(os.path.join(where, name)).st_mtime, name))
        except OSError:
            continue
    for _, name in sorted(dated)[: len(dated) - _KEEP // 2]:
        try:
            os.unlink(os.path.join(where, name))
        except OSError:
            pass
