"""The cyclic garbage collector held off while a run builds thousands of objects that die by
reference count: decoded cache rows, results, problems, the report's sort keys.

What a warm run of 10,000 documents builds forms no reference cycles, so the collector's passes
over it free nothing; they cost a fifth of the run's CPU (the report's sort alone went from 40 ms
to 7 ms without them). Linting a document afresh runs with the collector as usual (``resumed``).
"""

from __future__ import annotations

import gc


class _Collecting:
    """The collector on or off inside the block; as it was found after it. A class, not
    ``contextlib.contextmanager``: importing contextlib costs the pre-commit hook 0.4 ms."""

    def __init__(self, enabled: bool, freeze: bool = False) -> None:
        self.enabled = enabled
        self.freeze = freeze
        self.was_enabled = True

    def __enter__(self) -> None:
        self.was_enabled = gc.isenabled()
        _switch(self.enabled)

    def __exit__(self, *exc: object) -> None:
        if self.freeze:
            gc.freeze()  # before the collector comes back
        _switch(self.was_enabled)


def _switch(enabled: bool) -> None:
    if enabled:
        gc.enable()
    else:
        gc.disable()


def paused() -> _Collecting:
    """No collection inside the block."""
    return _Collecting(False)


def resumed() -> _Collecting:
    """The collector at work inside the block (documents linted afresh), whatever it was outside."""
    return _Collecting(True)


def paused_until_exit() -> _Collecting:
    """``paused``, for a command whose process ends after the block: what the block built is then
    frozen, so that neither the collector coming back nor the interpreter's exit walks it (as
    ``site build`` does; ``cli.main`` gives it back to the collector for a caller that goes on)."""
    return _Collecting(False, freeze=True)
