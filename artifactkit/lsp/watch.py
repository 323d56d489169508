"""The server's own watch on the files that change findings, for clients that cannot watch for it.

A client that offers dynamic registration of ``workspace/didChangeWatchedFiles`` is asked to watch
(and tells the server); Neovim on Linux and others do not, so the server polls: every interval it
stats the config files each workspace folder could load (found or not yet there), the schema files
of its types and the files of their local templates, and reloads when any of them changed. A stat
loop needs no inotify and no extra dependency, and costs microseconds per file.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Callable

from artifactkit.engine.config import CONFIG_NAMES
from artifactkit.schema.project import Config

DEFAULT_INTERVAL_MS = 1000
TEMPLATE_FILES_MAX = 2000  # a template folder is small; never walk a whole disk because a config points at /

Stamp = dict[str, tuple[int, int] | None]


def watched_files(roots: list[Path], load: Callable[[Path], object], last_good: dict[Path, list[Path]] | None = None) -> list[Path]:
    """The files whose change would change a workspace folder's config or its types. ``last_good``
    remembers each folder's files while its config loads: a config broken by one of its schemas (a
    save caught half-written) keeps that schema watched, so that fixing it is seen."""
    files: list[Path] = []
    for root in roots:
        for folder in (root, *root.parents):
            files.extend(folder / name for name in (*CONFIG_NAMES, "pyproject.toml"))
        config = load(root)
        if isinstance(config, Config):
            own = _named_files(config)
            if last_good is not None:
                last_good[root] = own
        else:
            own = (last_good or {}).get(root, [])
        files.extend(own)
    return list(dict.fromkeys(files))


def _named_files(config: Config) -> list[Path]:
    files: list[Path] = [config.source] if config.source is not None else []
    for doctype in config.types.values():
        if doctype.builtin:
            continue
        files.extend(Path(p) for p in doctype.schema_paths)
        if doctype.template and os.path.isdir(doctype.template):
            files.extend(_template_files(Path(doctype.template)))
    return files


def _template_files(folder: Path) -> list[Path]:
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        found.extend(Path(dirpath) / name for name in filenames)
        if len(found) >= TEMPLATE_FILES_MAX:
            break
    return found[:TEMPLATE_FILES_MAX]


def stamp(files: list[Path]) -> Stamp:
    out: Stamp = {}
    for path in files:
        try:
            st = os.stat(path)
        except OSError:
            out[str(path)] = None  # absent: its creation is a change too
        else:
            out[str(path)] = (st.st_mtime_ns, st.st_size)
    return out


async def poll(files: Callable[[], list[Path]], changed: Callable[[], None], interval: float) -> None:
    """Call ``changed`` whenever a stat of ``files()`` differs from the one before; runs until cancelled."""
    before = stamp(files())
    while True:
        await asyncio.sleep(interval)
        now = stamp(files())
        if now != before:
            changed()
            # the reloaded config may name other schemas or templates: those are stamped now; the rest keep
            # what was seen before the reload, so a write that lands during it (an editor's save truncates
            # first, then writes) is a change at the next poll, not lost behind a reload of half a file
            now = {path: now.get(path, seen) for path, seen in stamp(files()).items()}
        before = now
