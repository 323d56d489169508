"""What a rule family's ``check(ctx)`` is given: one ``Context`` per document (the per-file pass)
or per run (the repository pass), built by the engine."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cached_property

from artifactkit.errors import UserError
from artifactkit.problem import DOCUMENT, Rule
from artifactkit.record import dataclass, field

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    import datetime as dt
    from typing import Any

TODAY_ENV = "ARTIFACTKIT_TODAY"


def today() -> dt.date:
    """The local date, or ``ARTIFACTKIT_TODAY=YYYY-MM-DD`` when set (for tests and reproducible CI runs)."""
    import datetime as dt  # here: a lint from the cache asks no check for the date (see today_iso)

    value = os.environ.get(TODAY_ENV)
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UserError(f"{TODAY_ENV}={value!r} is not a date; use YYYY-MM-DD") from None


def today_iso() -> str:
    """``today().isoformat()``, without importing ``datetime`` (1 ms of the pre-commit hook, whose
    cache key holds the date) unless ``ARTIFACTKIT_TODAY`` is set and must be checked."""
    if not os.environ.get(TODAY_ENV):
        import time

        return time.strftime("%Y-%m-%d")  # the local date, as date.today() takes it
    return today().isoformat()


@dataclass
class Context:
    """``scope`` DOCUMENT: ``path`` with its parsed ``doc`` (None: unreadable, ``read_error`` says
    why), ``type_name`` as resolved (None: no type) and ``doctype`` (None: not checked against a
    type — no type, an unknown or broken one, a template or stub). REPOSITORY: ``results``, every
    file's result so far, and ``named``, the files the user named that must not be skipped in silence.
    ``rules``: the registry (``checks.rules.all_rules()``), which the engine hands over: a family cannot
    import the registry that imports it."""

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
    rules: Mapping[str, Rule] = field(default_factory=dict)

    @cached_property
    def today(self) -> dt.date:
        """Asked only by the checks that need it: a bad ``ARTIFACTKIT_TODAY`` is reported where it matters."""
        return today()
