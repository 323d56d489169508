"""Safe writes: create a file only if it does not exist, replace one atomically, make folders,
remove a file artifactkit made.

Every command that writes into the user's repository goes through these helpers, so that an
interrupted run never leaves a half-written document, an existing file is never clobbered by
accident, and nothing is written, replaced or deleted through a symbolic link that leads out of
the repository (``check_inside``): a committed link ``report.sarif -> ../../victim`` must not
make ``lint --output report.sarif`` replace the victim.
"""

from __future__ import annotations

import errno
import os
import stat

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from pathlib import Path

ROOT_MARKERS = (".git", ".artifactkit.yaml", ".artifactkit.yml")


def repository_root(path: str | os.PathLike) -> str:
    """The folder a write to ``path`` must stay in: the nearest folder above it (as written) holding
    ``.git`` or an artifactkit config; else the current folder if ``path`` is under it; else
    ``path``'s own folder. A marker seen through a symbolic link is not the repository's: a folder
    link ``docs/adr/ext -> ../../../sib2`` shows sib2's ``.git``, so neither the link nor a folder
    below it counts when a link lies between it and the next marked folder above (the repository
    the link was made in)."""
    lexical = os.path.abspath(path)
    chain: list[str] = []  # the folders above the path, nearest first
    folder = os.path.dirname(lexical)
    while True:
        chain.append(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    cwd = os.getcwd()
    here = chain.index(cwd) if cwd in chain else None  # where the command runs bounds a repository without markers
    marked = [i for i, f in enumerate(chain) if not os.path.islink(f) and any(os.path.lexists(os.path.join(f, m)) for m in ROOT_MARKERS)]
    for n, i in enumerate(marked):
        above = marked[n + 1] if n + 1 < len(marked) else (here if here is not None and here > i else None)
        if above is None or not any(os.path.islink(f) for f in chain[i + 1 : above]):
            return chain[i]
    if lexical.startswith(cwd.rstrip(os.sep) + os.sep):
        return cwd
    return os.path.dirname(lexical)


def _within(real: str, root_real: str) -> bool:
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


def check_inside(path: str | os.PathLike, root: str | os.PathLike | None = None, follow: bool = True) -> str:
    """The real path a write to ``path`` lands on; ``RefusedError`` (one line) if a symbolic link
    (the file itself with ``follow``, or any folder above it) leads it outside ``root`` (default:
    ``repository_root(path)``). A path given outside the repository without links stays allowed:
    the user named it."""
    from artifactkit.errors import RefusedError

    lexical = os.path.abspath(path)
    # resolved from the path as given, as the kernel will (a link before "..": abspath would drop both)
    given = os.fspath(path)
    real = os.path.realpath(given) if follow else os.path.join(os.path.realpath(os.path.dirname(given) or "."), os.path.basename(given))
    if real == lexical:
        return real  # no link on the way
    root = os.fspath(root) if root is not None else repository_root(lexical)
    if _within(real, os.path.realpath(root)):  # links above the root (/tmp -> /private/tmp) move both alike
        return real
    raise RefusedError(
        f"{os.fspath(path)}: a symbolic link leads it to {real}, outside {root}; "
        "nothing was written — replace the link with a file or folder inside the repository"
    )


def make_folders(path: str | os.PathLike, root: str | os.PathLike | None = None) -> None:
    """``mkdir -p`` that refuses (like every writer here) to create folders through a link out of the repository."""
    check_inside(path, root)
    os.makedirs(path, exist_ok=True)


def remove_file(path: str | os.PathLike, root: str | os.PathLike | None = None) -> bool:
    """Delete ``path`` if it is a regular file reached without leaving ``root``; the link itself is
    never followed (a link is not removed either). Returns whether a file was removed."""
    check_inside(path, root, follow=False)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(st.st_mode) or st.st_nlink > 1:
        return False  # a link, a FIFO, a folder or a file with other names: not something artifactkit made
    os.unlink(path)
    return True


def _as_bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def create_exclusive(path: str | os.PathLike, data: str | bytes, mode: int = 0o666, root: str | os.PathLike | None = None) -> Path:
    """Create ``path`` with ``data``; raise ``FileExistsError`` if anything already has that name.

    The data goes to a temporary file first, which is then hard-linked to ``path``: ``link()``
    fails if the name exists, so the existence check and the creation are one atomic step (two
    processes can never both win), and ``path`` appears complete or not at all, even if the
    process is killed mid-write. Where hard links are not supported, ``O_CREAT | O_EXCL`` is used.
    """
    from pathlib import Path  # here: lint FILE writes nothing and imports no pathlib (2.5 ms of the hook)

    check_inside(path, root, follow=False)  # the name itself is never followed: link() fails on it
    path = Path(path)
    import tempfile  # here: a run that writes nothing (lint from the cache) never loads it

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


def _keep_owner(tmp: str, existing: os.stat_result) -> None:
    """Give the new file the old one's owner and group: root running ``status`` on a user's document
    must not leave it owned by root. Without the right to, the new file is this user's, as after
    any editor that saves by renaming."""
    try:
        os.chown(tmp, existing.st_uid, existing.st_gid)
    except PermissionError:
        try:
            os.chown(tmp, -1, existing.st_gid)  # a member of the group may still keep the group
        except PermissionError:
            pass


def atomic_write(path: str | os.PathLike, data: str | bytes, root: str | os.PathLike | None = None, durable: bool = True) -> Path:
    """Replace (or create) ``path`` with ``data`` via a temporary file in the same folder + ``os.replace``.

    Readers see either the old or the new content, never a mix. An existing file keeps its
    permission bits and, where this process may set them, its owner and group. A symbolic link is
    resolved first, so the link itself stays a link, unless it leads out of ``root`` (see
    ``check_inside``). A file with other hard links is refused: the rename would give this name the
    new text and leave the old one under the others. ``durable=False`` skips the fsync: for caches,
    whose every read is checked, a file lost in a power cut costs only its recomputation.
    """
    from pathlib import Path  # here: lint FILE writes nothing and imports no pathlib (2.5 ms of the hook)

    real = check_inside(path, root)
    path = Path(path)
    if path.is_symlink():
        path = Path(real)
    folder = path.parent
    try:
        existing = os.stat(path)
    except FileNotFoundError:
        existing = None
    existing_mode = stat.S_IMODE(existing.st_mode) if existing is not None else None
    if existing is not None and existing.st_nlink > 1 and stat.S_ISREG(existing.st_mode):
        from artifactkit.errors import RefusedError

        raise RefusedError(
            f"{path}: has {existing.st_nlink} hard links; replacing it would split them, "
            "so nothing was changed — make it a single file (cp it over itself) or edit it by hand"
        )
    if existing_mode is not None and not os.access(path, os.W_OK):
        # A read-only document stays read-only: the rename below would silently replace it.
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:  # a read-only folder: say which document could not be written
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(_as_bytes(data))
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        if existing is not None:
            if hasattr(os, "geteuid") and (existing.st_uid, existing.st_gid) != (os.geteuid(), os.getegid()):
                _keep_owner(tmp, existing)
            os.chmod(tmp, stat.S_IMODE(existing.st_mode))  # after chown, which clears set-id bits
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
