"""Glob patterns with ``**`` for repository-relative POSIX paths (pathlib's full_match is 3.13+)."""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=512)
def compile_glob(pattern: str) -> re.Pattern:
    out = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(c))
                i += 1
            else:
                body = pattern[i + 1:end].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end + 1
        else:
            out.append(re.escape(c))
            i += 1
    return re.compile("".join(out) + r"\Z")


def matches(path: str, pattern: str) -> bool:
    """Match a POSIX relative path; a pattern without '/' matches the file name at any depth."""
    pattern = pattern[2:] if pattern.startswith("./") else pattern
    if "/" not in pattern.rstrip("/"):
        return bool(compile_glob(pattern).match(path.rsplit("/", 1)[-1]))
    if pattern.endswith("/"):
        pattern += "**"
    return bool(compile_glob(pattern).match(path))


def matches_any(path: str, patterns) -> bool:
    return any(matches(path, p) for p in patterns)
