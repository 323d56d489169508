"""The number a numbered document carries: its ``number:`` field, else the digits its file name starts with.

A file name that starts with a date (``20200925-x.md``, ``2020-09-25-x.md``) carries a date, not a
number: two decisions of one day are no duplicate. A short letter prefix glued to a padded number
(``adr015-x.md``, ``RFC-0042-x.md``) is a number with its log's own prefix."""

from __future__ import annotations

import os

from artifactkit.lazyre import compiled_later

FILE_NUMBER_RE = compiled_later(r"^(\d+)[-_. ]")  # 0007-title.md, 7_title.md, 0007.title.md
PREFIXED_NUMBER_RE = compiled_later(r"^[A-Za-z]{1,10}[-_]?(\d{3,})[-_]")  # adr015-title.md, RFC-0042_title.md (not notes-0099.md)
DATE_PREFIX_RE = compiled_later(r"^(?:19|20)\d\d(-?)(?:0[1-9]|1[0-2])\1(?:0[1-9]|[12]\d|3[01])(?:[-_. T]|$)")


def file_number(path: str) -> int | None:
    """The number the file name of ``path`` starts with (``0007-x.md`` -> 7), or None (no number, or a date)."""
    name = os.path.basename(path)
    if DATE_PREFIX_RE.match(name):
        return None
    match = FILE_NUMBER_RE.match(name) or PREFIXED_NUMBER_RE.match(name)
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
