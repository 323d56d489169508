"""Glob patterns for repository-relative POSIX paths, with gitignore's rules.

As in ``.gitignore``: a pattern without a slash (other than a trailing one) matches a name at any
depth; one with a slash matches from the config's folder (a leading ``/`` says so explicitly);
``**`` spans folders; a trailing ``/`` matches everything below a folder; ``[...]`` never matches
``/``; a later ``!pattern`` takes a path back out of the list. A pattern that cannot be read
(``[z-a]``) is a GlobError, which the config turns into one line naming the pattern.

The matcher is the ``ignore`` crate's gitignore (ripgrep's, in artifactkit._native: src/globs.rs),
git's own rules compiled to regex automata: time linear in the path whatever the pattern, where
Python's ``re`` backtracked (``*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b`` against a 60-character ``aaa…``
name took minutes). It replaced pathspec on google-re2, whose import (its backends,
typing_extensions, inspect: about 11 ms) was a fifth of ``lint FILE``, a pre-commit hook's whole
run. pathspec remains the reference of tests/test_globs_native_diff.py, with git itself.
"""

from __future__ import annotations

from functools import lru_cache

from artifactkit._native import Globs


class GlobError(ValueError):
    pass


# what to write instead, by the kind of problem src/globs.rs reports
_ADVICE = {
    "range": "in [...] write ranges low-high, e.g. [a-z]",
    "posix": "in [...] list characters or ranges, e.g. [a-zA-Z]",
    "dash": "in [...] write a '-' that is not part of a range first or last, e.g. [a-ce-]",
    "escape": "a '\\' escapes the character after it: write '\\\\' for a backslash",
}


def _clean(pattern: str) -> str:
    return pattern.removeprefix("./")


@lru_cache(maxsize=256)
def compile_globs(patterns: tuple[str, ...]) -> Globs:
    try:
        return Globs([_clean(pattern) for pattern in patterns])
    except ValueError as exc:
        index, kind, reason = exc.args
        named = repr(patterns[index]) if index is not None else "patterns " + ", ".join(map(repr, patterns))
        advice = _ADVICE.get(kind, "write a shorter or simpler pattern")
        raise GlobError(f"glob {named} is not a valid pattern ({reason}); {advice}") from None


def check(patterns) -> None:
    """Raise GlobError for the first pattern that cannot be compiled."""
    compile_globs(tuple(patterns))


def matchable(path: str) -> str:
    """``path`` as the matcher takes it, UTF-8: a name's undecodable bytes (surrogate escapes) become
    U+FFFD, which a '*' matches and no pattern's literal text can."""
    return path if path.isascii() else path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def matches_any(path: str, patterns) -> bool:
    if not patterns:
        return False
    return compile_globs(tuple(patterns)).matches(matchable(path))


def matches(path: str, pattern: str) -> bool:
    return matches_any(path, (pattern,))
