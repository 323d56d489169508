"""What counts as a word: a section's words are its content, a placeholder's are not."""

from __future__ import annotations

import re

WORD_RE = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
ASCII_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['.-][A-Za-z0-9]+)*")  # WORD_RE on ASCII text, a third faster


def count_words(text: str) -> int:
    return len((ASCII_WORD_RE if text.isascii() else WORD_RE).findall(text))
