"""The status word a person wrote, without what surrounds it: ``**Accepted**`` -> ``Accepted``,
``Superseded by [ADR 3](0003-x.md)`` -> ``Superseded``, ``Accepted.`` -> ``Accepted``,
``Approved on 2021-07-15`` -> ``Approved``. None when what is left is no status (a sentence, a date).
``init`` learns a log's status vocabulary with it; a reader that lifts a status from a line, a list,
a table or a ``## Status`` section compares the same word."""

from __future__ import annotations

import re

LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
# where the word ends: "by ...", a date, a note, or the next field of the line ("Accepted · Date: ...")
CUT_RE = re.compile(r"\s+(?:by|on|in|since|as of|from|per|at)\s+|[(,;:\[—–·•|]|\s-\s|\d{4}-\d\d", re.IGNORECASE)
MAX_WORDS = 3
MAX_LENGTH = 30


def status_word(raw: str) -> str | None:
    value = LINK_RE.sub(r"\1", raw)
    value = re.sub(r"[*_`]+", "", value).strip()
    value = CUT_RE.split(value, 1)[0].strip().rstrip(".!").strip()
    if not value or len(value) > MAX_LENGTH or len(value.split()) > MAX_WORDS or not value[0].isalpha():
        return None
    return value
