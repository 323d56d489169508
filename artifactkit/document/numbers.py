"""The number a numbered document carries: its ``number:`` field, else the digits its file name starts with."""

from __future__ import annotations

import os
import re

FILE_NUMBER_RE = re.compile(r"^(\d+)[-_. ]")  # 0007-title.md, 7_title.md, 0007.title.md


def file_number(path: str) -> int | None:
    """The number the file name of ``path`` starts with (``0007-x.md`` -> 7), or None."""
    match = FILE_NUMBER_RE.match(os.path.basename(path))
    return int(match.group(1)) if match else None


NUMBER_LIMIT = 10**15  # far above any real numbering; 0x followed by 5000 f's is no document number


def plain_number(value: object) -> int | None:
    """``value`` if it is an integer a person could have numbered a document with, else None (not a number)."""
    if isinstance(value, int) and not isinstance(value, bool) and -NUMBER_LIMIT < value < NUMBER_LIMIT:
        return value
    return None


def document_number(path: str, frontmatter: object) -> int | None:
    """The ``number:`` field when it is a plain integer, else the file name's number."""
    value = plain_number(frontmatter.get("number") if isinstance(frontmatter, dict) else None)
    if value is not None:
        return value
    return file_number(path)
