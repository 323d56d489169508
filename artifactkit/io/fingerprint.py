"""Fingerprints of folders of files (path, size, mtime): the package's own code, a template folder.
What is cached or remembered under a fingerprint is looked at again once the files change."""

from __future__ import annotations

import os
from functools import lru_cache


def tree_fingerprint(top: str, suffix: str | tuple[str, ...] = "", limit: int = 2000) -> str:
    """Path, size and mtime of the files under ``top`` (``suffix``: only those ending so), in a stable order."""
    parts: list[str] = []
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", ".git"))
        for name in sorted(files):
            if name.endswith(suffix):
                try:
                    st = os.stat(os.path.join(folder, name))
                except OSError:
                    continue
                parts.append(f"{os.path.relpath(os.path.join(folder, name), top)}:{st.st_size}:{st.st_mtime_ns}")
                if len(parts) > limit:  # not a template: templates.folder_version refuses it anyway
                    return "|".join(parts)
    return "|".join(parts)


@lru_cache(maxsize=1)
def source_fingerprint() -> str:
    """The package's modules and its native extension (it reads YAML, Markdown and schemas): editing
    artifactkit itself or rebuilding the extension invalidates the cache (and what io.settled remembers)."""
    return tree_fingerprint(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), (".py", ".so", ".pyd"))  # the whole package
