"""Safe writes: create a file only if it does not exist, or replace one atomically.

Both helpers are used by every command that writes into the user's repository, so that an
interrupted run never leaves a half-written document and an existing file is never clobbered
by accident.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def _as_bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def create_exclusive(path: str | os.PathLike, data: str | bytes, mode: int = 0o666) -> Path:
    """Create ``path`` with ``data``; raise ``FileExistsError`` if anything already has that name.

    ``O_CREAT | O_EXCL`` makes the existence check and the creation one atomic step, so two
    processes can never both win. A failed write removes the partial file.
    """
    path = Path(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(_as_bytes(data))
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        try:
            os.unlink(path)
        except OSError:
            pass
        raise
    return path


def atomic_write(path: str | os.PathLike, data: str | bytes) -> Path:
    """Replace (or create) ``path`` with ``data`` via a temporary file in the same folder + ``os.replace``.

    Readers see either the old or the new content, never a mix. An existing file keeps its
    permission bits. A symbolic link is resolved first, so the link itself stays a link.
    """
    path = Path(path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    folder = path.parent
    try:
        existing_mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        existing_mode = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:  # a read-only folder: say which document could not be written
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(_as_bytes(data))
            fh.flush()
            os.fsync(fh.fileno())
        if existing_mode is not None:
            os.chmod(tmp, existing_mode)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError) and exc.errno is not None:
            raise OSError(exc.errno, exc.strerror, str(path)) from exc  # name the document, not the temp file
        raise
    return path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
