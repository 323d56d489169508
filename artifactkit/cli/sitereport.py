"""The summary a site build prints: one line for one repository's site and for a merged one."""

from __future__ import annotations

import sys


def print_result(result, source: str = "") -> None:
    """The one summary line of a build (one repository's site, or a merged one ``from catalogues``) and what it kept."""
    documents = _count(result.documents, "document") + (f" {source}" if source else "")
    sys.stdout.write(
        f"site: {documents}, {_count(result.problems, 'problem')}; "
        f"{_count(len(result.written), 'file')} written{f', {len(result.removed)} removed' if result.removed else ''} "
        f"in {result.seconds:.2f} s -> {result.out}\n"
    )
    for rel in result.kept:
        sys.stderr.write(f"kept {rel}: edited since the last build, so no longer removed\n")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
