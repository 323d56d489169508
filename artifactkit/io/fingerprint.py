"""Fingerprints of folders of files (path, size, mtime): the package's own code, a template folder.
What is cached or remembered under a fingerprint is looked at again once the files change."""

from __future__ import annotations

import os
from functools import lru_cache


def tree_fingerprint(top: str, suffix: str | tuple[str, ...] = "", limit: int = 2000) -> str:
    """Path, size and mtime of the files under ``top`` (``suffix``: only those ending so), in a stable
    order: each folder's files by name, then its subfolders by name (as ``os.walk`` goes, not into
    links to folders), without ``__pycache__`` and ``.git``."""
    parts: list[str] = []
    _add_folder(top, "", suffix, limit, parts)
    return "|".join(parts)


def _add_folder(folder: str, prefix: str, suffix: str | tuple[str, ...], limit: int, parts: list[str]) -> bool:
    """Add the files under ``folder`` (their paths relative to the top start with ``prefix``); False
    once past ``limit`` (not a template: templates.folder_version refuses it anyway). The relative
    paths are built from the names, not with os.path.relpath: the package's own fingerprint is taken
    at every start, and relpath was half of it."""
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError:
        return True
    files, subfolders = [], []
    for entry in entries:
        if _is_dir(entry):
            if entry.name not in ("__pycache__", ".git") and not entry.is_symlink():
                subfolders.append(entry.name)
        elif entry.name.endswith(suffix):
            files.append(entry.name)
    for name in sorted(files):
        try:
            st = os.stat(os.path.join(folder, name))
        except OSError:
            continue
        parts.append(f"{prefix}{name}:{st.st_size}:{st.st_mtime_ns}")
        if len(parts) > limit:
            return False
    return all(_add_folder(os.path.join(folder, name), f"{prefix}{name}{os.sep}", suffix, limit, parts) for name in sorted(subfolders))


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


@lru_cache(maxsize=1)
def source_fingerprint() -> str:
    """The package's modules and its native extension (it reads YAML, Markdown and schemas): editing
    artifactkit itself or rebuilding the extension invalidates the cache (and what io.settled remembers)."""
    return tree_fingerprint(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), (".py", ".so", ".pyd"))  # the whole package
