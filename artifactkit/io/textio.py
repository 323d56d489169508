"""Text in and out, defensively: documents and settings files are read so that anything odd
becomes a reason, never a hang or a traceback; what they hold is printed so that it cannot act
on the terminal or the page that shows it."""

from __future__ import annotations

import errno
import os
import stat

from artifactkit.record import NamedTuple

MAX_BYTES = 8 * 1024 * 1024  # real documents are far smaller; bigger input is hostile or a mistake
BINARY_SNIFF = 8192


class ReadResult(NamedTuple):
    """A file read as text: its text and bytes, or why it could not be read. A NamedTuple: made for
    every document read, and a third of a frozen dataclass's cost to define and to make."""

    text: str | None
    data: bytes = b""  # the file's bytes whenever ``text`` is not None
    error: str | None = None
    line: int = 1


class Unreadable(OSError):
    """A file that must not be read (a FIFO, a device, a kernel file, too big); ``strerror`` says why."""

    def __init__(self, reason: str, path=None):
        super().__init__(errno.EINVAL, reason, path)


_PSEUDO_TOPS = ("/proc", "/sys", "/dev")  # their files claim to be regular: /proc/kmsg then blocks forever
_pseudo_devices: set[int] | None = None


def _pseudo_filesystems() -> set[int]:
    """Device numbers of the file systems mounted at or under /proc, /sys and /dev (read once)."""
    global _pseudo_devices
    if _pseudo_devices is None:
        found: set[int] = set()
        for top in _PSEUDO_TOPS:
            try:
                found.add(os.stat(top).st_dev)
            except OSError:
                pass
        try:
            with open("/proc/self/mountinfo", "rb") as fh:  # trusted: the kernel's own list, not user input
                for line in fh.read(4 * 1024 * 1024).splitlines():
                    fields = line.split()
                    if len(fields) > 4 and fields[4].decode("utf-8", "replace").startswith(_PSEUDO_TOPS):
                        major, _, minor = fields[2].partition(b":")
                        found.add(os.makedev(int(major), int(minor)))
        except (OSError, ValueError):
            pass
        _pseudo_devices = found
    return _pseudo_devices


def read_bytes(path, max_bytes: int = MAX_BYTES, what: str = "file") -> bytes:
    """The bytes of ``path``, read so that nothing can hang or flood the process: the one reader
    behind every file artifactkit reads (documents, configs, schemas, the cache, hook configs,
    the READMEs it edits).

    Only a regular file is opened (a FIFO, a device or a folder never is: opening some devices has
    effects), never one of the kernel's pseudo-files under /proc, /sys or /dev, and the open does
    not block; at most ``max_bytes`` are read. Raises OSError (``Unreadable`` with the reason for
    a file that must not be read)."""
    st = os.stat(path)
    _check_regular(path, st, max_bytes, what)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    try:
        st = os.fstat(fd)
        _check_regular(path, st, max_bytes, what)  # it may have been swapped since the stat
        data = read_at_most(fd, st.st_size, max_bytes + 1)
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise Unreadable(f"over the {max_bytes // 1048576} MiB limit for a {what}", path)
    return data


def read_at_most(fd: int, expected: int, limit: int) -> bytes:
    """Up to ``limit`` bytes from ``fd``, to its end. The first read asks for the ``expected`` size
    (and one byte more, to see the end). Asking a file object for ``limit`` bytes made and freed an
    8 MiB buffer for every document: reading 10,000 took 260 ms of CPU, against 150 ms this way.
    Later reads, for a file that grew since its size was taken, ask for a little at a time."""
    chunks = []
    got = 0
    want = min(expected + 1, limit)
    while got < limit:
        chunk = os.read(fd, want)
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
        want = min(limit - got, 65536)
    return b"".join(chunks)  # one chunk is returned as it is, not copied


def _check_regular(path, st: os.stat_result, max_bytes: int, what: str) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise Unreadable("a folder, not a file", path)
    if not stat.S_ISREG(st.st_mode):
        raise Unreadable("not a regular file (a FIFO, socket or device)", path)
    if st.st_dev in _pseudo_filesystems():
        raise Unreadable(f"not a regular file ({os.path.realpath(path)} is a file of the kernel)", path)
    if st.st_size > max_bytes:
        raise Unreadable(f"{st.st_size / 1048576:.1f} MiB, over the {max_bytes // 1048576} MiB limit for a {what}", path)


def read_document(path: str, max_bytes: int = MAX_BYTES) -> ReadResult:
    """Return the decoded text (BOM removed, newlines as in the file) or why it can't be read."""
    try:
        data = read_bytes(path, max_bytes, "document")
    except FileNotFoundError:
        if os.path.islink(path):
            return ReadResult(None, error="broken symbolic link: its target does not exist")
        return ReadResult(None, error="file not found")
    except Unreadable as exc:
        reason = str(exc.strerror)
        if reason == "a folder, not a file":  # discovery hands over only folders it could not list
            return ReadResult(None, error=f"cannot read folder: {_listing_error(path)}; the documents in it were not checked")
        return ReadResult(None, error=("file is " if "MiB" in reason else "") + reason + ("; skipped" if reason.startswith("not a regular") else ""))
    except OSError as exc:
        if os.path.isdir(path):
            return ReadResult(None, error=f"cannot read folder: {exc.strerror or exc}; the documents in it were not checked")
        return ReadResult(None, error=f"cannot read file: {exc.strerror or exc}")
    return decode(data, max_bytes)


def read_document_inside(path: str, real_root: str, max_bytes: int = MAX_BYTES) -> ReadResult | None:
    """``read_document(path)`` of a regular file whose real path lies inside ``real_root`` (which
    ``discovery.symlink_escape`` lets through), in one native call (src/read.rs): the usual document
    of a lint, for a third of the time. None for any other file (a link out of the repository, one that
    cannot or must not be read, POSIX only): the caller checks and reads it the usual way, which says why."""
    if os.name != "posix":
        return None
    from artifactkit import _native

    global _pseudo_device_list
    if _pseudo_device_list is None:
        _pseudo_device_list = sorted(_pseudo_filesystems())
    data = _native.read_document_inside(path, real_root, max_bytes, _pseudo_device_list)
    return None if data is None else decode(data, max_bytes)


_pseudo_device_list: list[int] | None = None


def _listing_error(path: str) -> str:
    try:
        os.listdir(path)
    except OSError as exc:
        return str(exc.strerror or exc)
    return "it could not be listed"


def decode(data: bytes, max_bytes: int = MAX_BYTES) -> ReadResult:
    if len(data) > max_bytes:
        return ReadResult(None, data, error=f"file is over the {max_bytes // 1048576} MiB limit for a document")
    if b"\x00" in data[:BINARY_SNIFF]:
        return ReadResult(None, data, error="binary file (contains NUL bytes), not Markdown")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return ReadResult(None, data, error=f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save the file as UTF-8", line=line)
    text = text.removeprefix("\ufeff")
    return ReadResult(text, data)


SETTINGS_MAX_BYTES = 8 * 1024 * 1024


def read_settings_text(path, max_bytes: int = SETTINGS_MAX_BYTES) -> str:
    """Text of a config, schema or hook config; OSError or UnicodeDecodeError where it can't or mustn't be read.

    A config may be a link to a shared file elsewhere, so it is not confined to the repository
    like a document; but it goes through the same bounded, non-blocking reader."""
    try:
        data = read_bytes(path, max_bytes, "settings file")
    except Unreadable as exc:
        raise OSError(exc.errno, f"refusing to read {os.path.realpath(path)}: {exc.strerror}", str(path)) from None
    return data.decode("utf-8")


def read_private(path: str, max_bytes: int) -> bytes | None:
    """At most ``max_bytes`` of this user's own private file (a key): None when it is missing, a
    link, not a regular file, another user's, or readable by others — such a file is never trusted."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid() or st.st_mode & 0o077:
            return None
        return os.read(fd, max_bytes)
    finally:
        os.close(fd)
