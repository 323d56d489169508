"""One lock per folder, held while a command reads, checks and rewrites documents in it.

The lock is ``fcntl.flock`` on the folder itself, so there is no lock file to leave behind and
the kernel releases it when the process ends, however it ends (a killed run never leaves a
stale lock, and no lock is ever taken over by age). Where a file system cannot lock a folder
(NFS emulates flock with byte-range locks, which need a file open for writing), a stable
``.artifactkit.lock`` file in the folder is locked instead; it is never deleted, because
deleting a lock file while another process waits on it would let a third one in.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from artifactkit.errors import RefusedError

TIMEOUT_SECONDS = 30.0  # an edit holds the lock for milliseconds; 30 s means something is stuck
FALLBACK_NAME = ".artifactkit.lock"
_POLL_SECONDS = 0.02
_CANNOT_LOCK = {errno.EBADF, errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL, getattr(errno, "ENOTSUP", errno.EOPNOTSUPP)}


@contextmanager
def folder_lock(folder: str | os.PathLike, timeout: float = TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold the exclusive lock of ``folder``; wait up to ``timeout`` seconds, then fail with one line."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no flock; commands run unserialized, as they did before locks
        yield
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        try:
            _acquire(fcntl, fd, folder, timeout)
        except OSError as exc:
            if exc.errno not in _CANNOT_LOCK:
                raise
            os.close(fd)
            fd = -1
            fd = os.open(Path(folder) / FALLBACK_NAME, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
            _acquire(fcntl, fd, folder, timeout)
        yield
    finally:
        if fd >= 0:
            os.close(fd)  # closing the descriptor releases the lock


def _acquire(fcntl, fd: int, folder, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise RefusedError(
                    f"{folder}: another artifactkit command has been editing this folder for {timeout:g} s; try again when it has finished"
                ) from None
            time.sleep(_POLL_SECONDS)


@contextmanager
def folder_locks(folders: Iterable[str | os.PathLike], timeout: float = TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold the locks of several folders, taken in one global order so two commands cannot deadlock.

    A folder named twice (or by two spellings) is locked once: two flocks on one folder from one
    process would wait on each other.
    """
    unique: dict[tuple[int, int], str] = {}
    for folder in folders:
        st = os.stat(folder)
        unique.setdefault((st.st_dev, st.st_ino), os.fspath(folder))
    with ExitStack() as stack:
        for key in sorted(unique):
            stack.enter_context(folder_lock(unique[key], timeout))
        yield
