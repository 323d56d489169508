"""The number a numbered document carries: its ``number:`` field, else the digits its file name starts with."""

from __future__ import annotations

import os
import re

FILE_NUMBER_RE = re.compile(r"^(\d+)[-_. ]")  # 0007-title.md, 7_title.md, 0007.title.md


def file_number(path: str) -> int | None:
    """The number the file name of ``path`` starts with (``0007-x.md`` -> 7), or None."""
    match = FILE_NUMBER_RE.match(os.path.basename(path))
    return int(match.group(1)) if match else None


def document_number(path: str, frontmatter: object) -> int | None:
    """The ``number:`` field when it is an integer, else the file name's number."""
    value = frontmatter.get("number") if isinstance(frontmatter, dict) else None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return file_number(path)
