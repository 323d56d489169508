"""One lock per document folder, held while ``new`` picks a number and creates the file.

The lock is ``flock`` on the folder itself: the kernel releases it when the process ends,
however it ends (``kill -9`` included), so a lock is never "stale", nothing guesses from its
age, and no lock file is ever created. Where a file system refuses ``flock`` on a folder
(some network file systems), the lock is taken on one stable file, ``.artifactkit.lock``,
which stays in the folder (git-ignore it) and is likewise released by the kernel.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path

from artifactkit.errors import RefusedError

WAIT_SECONDS = 30  # others hold the lock only while they render without prompting and write one file
FALLBACK_NAME = ".artifactkit.lock"


def _open_lockable(folder: Path) -> int:
    import fcntl

    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)  # probe: does this file system lock folders?
        fcntl.flock(fd, fcntl.LOCK_UN)
        return fd
    except BlockingIOError:
        return fd  # someone holds it: locking works
    except OSError:
        os.close(fd)
    return os.open(folder / FALLBACK_NAME, os.O_RDWR | os.O_CREAT, 0o644)


@contextmanager
def folder_lock(folder: Path, wait: float = WAIT_SECONDS):
    """Hold the exclusive lock of ``folder`` (waiting up to ``wait`` seconds for another ``new``)."""
    try:
        import fcntl
    except ImportError:  # no flock (Windows): exclusive creation alone keeps files from being overwritten
        yield
        return
    fd = _open_lockable(folder)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise RefusedError(f"another artifactkit command has been writing in {folder} for {wait:.0f} s; try again when it is done") from None
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)  # closing releases the lock
