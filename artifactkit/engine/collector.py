"""The cyclic garbage collector held off while a run builds thousands of objects that die by
reference count: decoded cache rows, results, problems, the report's sort keys.

What a warm run of 10,000 documents builds forms no reference cycles, so the collector's passes
over it free nothing; they cost a fifth of the run's CPU (the report's sort alone went from 40 ms
to 7 ms without them). Linting a document afresh runs with the collector as usual (``resumed``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager


@contextmanager
def _collecting(enabled: bool) -> Iterator[None]:
    """The collector on or off inside the block; as it was found after it."""
    was_enabled = gc.isenabled()
    _switch(enabled)
    try:
        yield
    finally:
        _switch(was_enabled)


def _switch(enabled: bool) -> None:
    if enabled:
        gc.enable()
    else:
        gc.disable()


def paused() -> AbstractContextManager[None]:
    """No collection inside the block."""
    return _collecting(False)


def resumed() -> AbstractContextManager[None]:
    """The collector at work inside the block (documents linted afresh), whatever it was outside."""
    return _collecting(True)


@contextmanager
def paused_until_exit() -> Iterator[None]:
    """``paused``, for a command whose process ends after the block: what the block built is then
    frozen, so that neither the collector coming back nor the interpreter's exit walks it (as
    ``site build`` does; ``cli.main`` gives it back to the collector for a caller that goes on)."""
    with paused():
        try:
            yield
        finally:
            gc.freeze()  # before the collector comes back
