"""What a terminal gets and a pipe does not: colour (``NO_COLOR``, ``FORCE_COLOR``) and a progress count.

The progress count is one line on stderr, redrawn in place (``linting 1,200 of 5,000 documents``),
shown only once a run has taken a second, only when the command turned it on (a terminal on
stderr, a human format on stdout), and erased when the run ends: a log, a pipe or a machine
format never sees it.
"""

from __future__ import annotations

import os
import time

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from typing import TextIO

DELAY = 1.0  # seconds of quiet before the count appears: short runs never flicker
REDRAW = 0.1  # seconds between redraws


def color_wanted(stream: TextIO) -> bool:
    """Colour for ``stream``: never with ``NO_COLOR`` set (no-color.org; it wins), always with
    ``FORCE_COLOR`` set (force-color.org), else only on a terminal that is not ``TERM=dumb``."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return _is_terminal(stream) and os.environ.get("TERM") != "dumb"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no such method, or closed
        return False


class Progress:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.what = ""
        self.total = 0
        self.done = 0
        self.started = 0.0
        self.drawn_at = 0.0
        self.width = 0  # of the line on screen, to erase it

    def begin(self, total: int, what: str) -> None:
        self.what, self.total, self.done = what, total, 0
        self.started = time.monotonic()
        self.drawn_at = 0.0

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if now - self.started >= DELAY and now - self.drawn_at >= REDRAW:
            self.drawn_at = now
            line = f"{self.what} {self.done:,} of {self.total:,} documents"
            self._write("\r" + line.ljust(self.width))
            self.width = len(line)

    def end(self) -> None:
        if self.width:
            self._write("\r" + " " * self.width + "\r")
            self.width = 0

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed terminal must not fail the run
            pass


_active: Progress | None = None


def enable_progress(stream: TextIO) -> bool:
    """Turn the count on for this process when ``stream`` is a terminal; says whether it did."""
    global _active
    _active = Progress(stream) if _is_terminal(stream) else None
    return _active is not None


def disable_progress() -> None:
    global _active
    if _active is not None:
        _active.end()
    _active = None


def begin(total: int, what: str = "linting") -> None:
    if _active is not None:
        _active.begin(total, what)


def advance(count: int = 1) -> None:
    if _active is not None:
        _active.advance(count)


def end() -> None:
    if _active is not None:
        _active.end()
