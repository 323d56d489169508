"""Read a document's text defensively: anything odd becomes a reason, never an exception."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass

MAX_BYTES = 8 * 1024 * 1024  # real documents are far smaller; bigger input is hostile or a mistake
BINARY_SNIFF = 8192


@dataclass(frozen=True)
class ReadResult:
    text: str | None
    data: bytes | None = None
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
