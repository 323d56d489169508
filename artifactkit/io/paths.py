"""How a path is shown to the user: every message, report and listing goes through ``display_path``."""

from __future__ import annotations

import os

# The folder paths are shown relative to: None is the working folder (the command line); the
# language server passes its workspace root instead of changing the process's working folder.
_display_root: str | None = None


def show_relative_to(root: str | None) -> None:
    """Show paths relative to ``root`` (an absolute folder) from now on; None: the working folder."""
    global _display_root
    _display_root = root


def display_path(path: str | os.PathLike[str]) -> str:
    """Relative to the display root (the working folder unless ``show_relative_to`` named another)
    when the path lies inside it, else absolute; POSIX separators."""
    text = os.fspath(path)
    try:
        rel = os.path.relpath(text, _display_root) if _display_root else os.path.relpath(text)
    except ValueError:  # another drive on Windows
        return _posix(text)
    if rel == ".." or rel.startswith(".." + os.sep):
        return _posix(os.path.abspath(text))
    if os.sep == "/":  # relpath's answer is already normal: a Path would only copy it (thousands of broken links)
        return rel
    return _posix(rel)


def _posix(path: str) -> str:
    from pathlib import Path  # here: lint FILE imports no pathlib (2.5 ms of the hook)

    return Path(path).as_posix()


def real_path(path: str) -> str:
    """``os.path.realpath(path)``; for an existing file the C library's realpath answers it, once per
    document of a lint (Python's walks every part of the path in turn)."""
    from artifactkit import _native

    real = _native.realpath(path) if os.name == "posix" else None  # Windows: its own rules for links and drives
    return real if real is not None else os.path.realpath(path)
