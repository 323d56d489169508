"""The cyclic garbage collector held off while a run builds thousands of objects that die by
reference count: decoded cache rows, results, problems, the report's sort keys.

What a warm run of 10,000 documents builds forms no reference cycles, so the collector's passes
over it free nothing; they cost a fifth of the run's CPU (the report's sort alone went from 40 ms
to 7 ms without them). Linting a document afresh runs with the collector as usual (``resumed``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No collection inside the block; the collector is left as it was found."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def resumed() -> Iterator[None]:
    """The collector at work inside the block (documents linted afresh), whatever it was outside."""
    was_enabled = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not was_enabled:
            gc.disable()


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
