"""Glob patterns for repository-relative POSIX paths, with gitignore's rules (pathspec, as yamllint uses).

As in ``.gitignore``: a pattern without a slash (other than a trailing one) matches a name at any
depth; one with a slash matches from the config's folder (a leading ``/`` says so explicitly);
``**`` spans folders; a trailing ``/`` matches everything below a folder; ``[...]`` never matches
``/``; a later ``!pattern`` takes a path back out of the list. A pattern pathspec cannot compile
(``[z-a]``) is a GlobError, which the config turns into one line naming the pattern.

Matching runs on pathspec's "re2" backend (google-re2, a linear-time automaton): Python's ``re``
backtracks, and ``*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b`` against a 60-character ``aaa…`` name took
minutes. With re2 the time grows with the path's length, whatever the pattern.
"""

from __future__ import annotations

from functools import lru_cache


class GlobError(ValueError):
    pass


def _clean(pattern: str) -> str:
    return pattern.removeprefix("./")


@lru_cache(maxsize=256)
def compile_globs(patterns: tuple[str, ...]):
    import re
    import warnings

    import pathspec
    import pathspec.util

    # "gitignore" in pathspec >= 1.0 (where "gitwildmatch" is deprecated), "gitwildmatch" before: the same rules
    factory = "gitignore" if "gitignore" in getattr(pathspec.util, "_registered_patterns", {}) else "gitwildmatch"
    compiled = []
    for pattern in patterns:
        try:
            with warnings.catch_warnings():  # re's FutureWarning on '[[]' ("possible nested set"): a valid class
                warnings.simplefilter("ignore", FutureWarning)
                compiled.append(pathspec.PathSpec.from_lines(factory, [_clean(pattern)], backend="simple").patterns[0])
        except (re.error, ValueError, TypeError, IndexError) as exc:
            raise GlobError(f"glob {pattern!r} is not a valid pattern ({exc}); in [...] write ranges low-high, e.g. [a-z]") from None
        try:
            pathspec.PathSpec(compiled[-1:], backend="re2")
        except Exception as exc:  # re2 refuses a few classes re reads loosely ('[[:alpha:]]'); google-re2 has its own error types
            raise GlobError(
                f"glob {pattern!r} is not a valid pattern ({type(exc).__name__} from re2); in [...] list characters or ranges, e.g. [a-z]"
            ) from None
    return pathspec.PathSpec(compiled, backend="re2")


def check(patterns) -> None:
    """Raise GlobError for the first pattern that cannot be compiled."""
    compile_globs(tuple(patterns))


def matches_any(path: str, patterns) -> bool:
    if not patterns:
        return False
    if not path.isascii():
        # re2 takes UTF-8: a name's undecodable bytes (surrogate escapes) become U+FFFD, which a
        # wildcard matches and no pattern's literal text can
        path = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return compile_globs(tuple(patterns)).match_file(path)


def matches(path: str, pattern: str) -> bool:
    return matches_any(path, (pattern,))
