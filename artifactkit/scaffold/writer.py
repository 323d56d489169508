"""Safe writes: create a file only if it does not exist, or replace one atomically.

Both helpers are used by every command that writes into the user's repository, so that an
interrupted run never leaves a half-written document and an existing file is never clobbered
by accident.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path


def _as_bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def create_exclusive(path: str | os.PathLike, data: str | bytes, mode: int = 0o666) -> Path:
    """Create ``path`` with ``data``; raise ``FileExistsError`` if anything already has that name.

    The data goes to a temporary file first, which is then hard-linked to ``path``: ``link()``
    fails if the name exists, so the existence check and the creation are one atomic step (two
    processes can never both win), and ``path`` appears complete or not at all, even if the
    process is killed mid-write. Where hard links are not supported, ``O_CREAT | O_EXCL`` is used.
    """
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:  # a read-only or missing folder: name the document, not the temp file
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    linking = False
    try:
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_as_bytes(data))
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, mode & ~_umask())
            linking = True
            os.link(tmp, path)
            return path
        except OSError as exc:
            if exc.errno == errno.EEXIST:
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
            if not (linking and exc.errno in _NO_HARD_LINKS):
                raise OSError(exc.errno, exc.strerror, str(path)) from exc  # name the document, not the temp file
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass
    return _create_in_place(path, data, mode)  # no hard links on this file system


_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, getattr(errno, "ENOTSUP", errno.EOPNOTSUPP), errno.EMLINK, errno.EXDEV}


def _create_in_place(path: Path, data: str | bytes, mode: int) -> Path:
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
    if existing_mode is not None and not os.access(path, os.W_OK):
        # A read-only document stays read-only: the rename below would silently replace it.
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
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
