"""Escaping of text that came from documents before it reaches a terminal, a CI log or XML."""

from __future__ import annotations


def printable(text: str) -> str:
    """``text`` with every character Python deems unprintable written as ``\\uXXXX``.

    A document can carry such characters into a message (a heading, a file name): control
    characters that a terminal acts on (an escape sequence can rewrite the screen), the
    bidirectional overrides of "Trojan Source" that reorder a line, characters XML forbids, and
    the lone surrogates of a file name that is not UTF-8. Ordinary text, accents included, is
    printable and returned as it is."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else (f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}") for c in text)
