"""What a long site build is doing, on one rewritten line of a terminal; nothing anywhere else.

Nothing is shown for the first second (most builds are done by then), nor when stderr is not a
terminal (CI logs, pipes, tests). ``step`` is cheap enough to call per stage from the build.
"""

from __future__ import annotations

import sys
import threading
import time

DELAY = 1.0


class Progress:
    def __init__(self, stream=None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.started = time.monotonic()
        self.text = ""
        self.shown = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if self.enabled:
            self._thread = threading.Thread(target=self._tick, daemon=True)
            self._thread.start()

    def step(self, text: str) -> None:
        with self._lock:
            self.text = text

    def _tick(self) -> None:
        while not self._stop.wait(0.25):
            if time.monotonic() - self.started >= DELAY:
                self._show()

    def _show(self) -> None:
        with self._lock:
            line = f"site: {self.text} ({time.monotonic() - self.started:.0f} s)"
            self.stream.write("\r\x1b[2K" + line)
            self.stream.flush()
            self.shown = True

    def done(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self.shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


_CURRENT: Progress | None = None


def step(text: str) -> None:
    if _CURRENT is not None:
        _CURRENT.step(text)


def start(stream=None, enabled: bool | None = None) -> Progress:
    global _CURRENT
    _CURRENT = Progress(stream, enabled)
    return _CURRENT


def stop() -> None:
    global _CURRENT
    if _CURRENT is not None:
        _CURRENT.done()
    _CURRENT = None
