"""Text in and out, defensively: documents and settings files are read so that anything odd
becomes a reason, never a hang or a traceback; what they hold is printed so that it cannot act
on the terminal or the page that shows it."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass

MAX_BYTES = 8 * 1024 * 1024  # real documents are far smaller; bigger input is hostile or a mistake
BINARY_SNIFF = 8192


@dataclass(frozen=True)
class ReadResult:
    text: str | None
    data: bytes = b""  # the file's bytes whenever ``text`` is not None
    error: str | None = None
    line: int = 1


def read_document(path: str, max_bytes: int = MAX_BYTES) -> ReadResult:
    """Return the decoded text (BOM removed, newlines as in the file) or why it can't be read."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return ReadResult(None, error="broken symbolic link: its target does not exist")
        return ReadResult(None, error="file not found")
    except OSError as exc:
        return ReadResult(None, error=f"cannot read file: {exc.strerror or exc}")
    if not stat.S_ISREG(st.st_mode):
        return ReadResult(None, error="not a regular file (a directory, FIFO or device); skipped")
    if st.st_size > max_bytes:
        return ReadResult(None, error=f"file is {st.st_size / 1048576:.1f} MiB, over the {max_bytes // 1048576} MiB limit for a document")
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        return ReadResult(None, error=f"cannot read file: {exc.strerror or exc}")
    return decode(data, max_bytes)


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
    if text.startswith("\ufeff"):
        text = text[1:]
    return ReadResult(text, data)


SETTINGS_MAX_BYTES = 8 * 1024 * 1024
_PSEUDO_FILESYSTEMS = ("/proc", "/sys", "/dev")  # their files claim to be regular: /proc/kmsg then blocks forever


def read_settings_text(path) -> str:
    """Text of a config or schema file; OSError or UnicodeDecodeError where it can't or mustn't be read.

    A config may be a link to a shared file elsewhere, so it is not confined to the repository
    like a document; but it is never read from a pseudo-filesystem, a FIFO or a device, and the
    open never blocks."""
    real = os.path.realpath(path)
    if any(real == top or real.startswith(top + os.sep) for top in _PSEUDO_FILESYSTEMS):
        raise OSError(f"refusing to read {real}: not a regular file")
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError("not a regular file")
        data = fh.read(SETTINGS_MAX_BYTES + 1)
    if len(data) > SETTINGS_MAX_BYTES:
        raise OSError(f"over the {SETTINGS_MAX_BYTES // 1048576} MiB limit")
    return data.decode("utf-8")
