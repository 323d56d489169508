"""How a path is shown to the user: every message, report and listing goes through ``display_path``."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: str | os.PathLike[str]) -> str:
    """Relative to the working folder when the path lies inside it, else absolute; POSIX separators."""
    text = os.fspath(path)
    try:
        rel = os.path.relpath(text)
    except ValueError:  # another drive on Windows
        return Path(text).as_posix()
    if rel == ".." or rel.startswith(".." + os.sep):
        return Path(os.path.abspath(text)).as_posix()
    return Path(rel).as_posix()
