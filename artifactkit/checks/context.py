"""What a rule family's ``check(ctx)`` is given: one ``Context`` per document (the per-file pass)
or per run (the repository pass), built by the engine."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from artifactkit.problem import DOCUMENT


@dataclass
class Context:
    """``scope`` DOCUMENT: ``path`` with its parsed ``doc`` (None: unreadable, ``read_error`` says
    why), ``type_name`` as resolved (None: no type) and ``doctype`` (None: not checked against a
    type — no type, an unknown or broken one, a template or stub). REPOSITORY: ``results``, every
    file's result so far, and ``named``, the files the user named that must not be skipped in silence."""

    config: Any
    scope: str = DOCUMENT
    path: str = ""
    doc: Any = None
    type_name: str | None = None
    doctype: Any = None
    read_error: tuple[int, str] | None = None  # (line, why) the file could not be read
    results: list = field(default_factory=list)
    named: set[str] = field(default_factory=set)
    buffer: bool = False  # one document linted from an editor's unsaved buffer

    @cached_property
    def today(self) -> dt.date:
        """Asked only by the checks that need it: a bad ``ARTIFACTKIT_TODAY`` is reported where it matters."""
        from artifactkit.checks.staleness import today

        return today()
