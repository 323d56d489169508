"""Did you mean: the closest known name to a misspelt one, worded for the end of a message."""

from __future__ import annotations

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from typing import Iterable


def closest(word: str, choices: Iterable[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not found and isinstance(word, str):  # case-only differences ("ADR") score low with difflib
        found = [c for c in choices if c.lower() == word.lower()][:1]
    return found[0] if found else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` or ``""`` when nothing is close."""
    choices = list(choices)
    match = closest(word, choices)
    return f"; did you mean {match!r}?" if match is not None else ""
