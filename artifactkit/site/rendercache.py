"""The site's render cache, ``.artifactkit_cache/site.json``: each document's catalogue entry, rendered
page and open action items, kept by the SHA-256 of its bytes and signed with the user's own key
(a cache anyone else wrote is discarded, never trusted)."""

from __future__ import annotations

import hashlib
import json
import os

from artifactkit.errors import RefusedError, UserError
from artifactkit.schema.project import Config
from artifactkit.site import mdrender, signing
from artifactkit.site.bodystore import BodyStore
from artifactkit.views import catalog
from artifactkit.views.catalog import Entry

CACHE_FILE = "site.json"
CACHE_DIR_NAME = ".artifactkit_cache"


def entry_to_json(e: Entry) -> list:
    return [e.type, e.number, e.title, e.status, e.date, e.frontmatter, e.links]


def entry_from_json(row: list, path: str, abspath: str) -> Entry:
    type_, number, title, status, date, front, links = row
    if not isinstance(type_, str) or not isinstance(title, str) or not isinstance(front, dict):
        raise TypeError("malformed")
    shown = path.replace(os.sep, "/") if not os.path.isabs(path) else catalog.display_path(path)  # discovered paths are already relative
    return Entry(type_, number if isinstance(number, int) else None, title, status, date, shown, abspath, front, list(links))


class RenderCache:
    """``abspath -> [sha256, entry row, rendered row]``, valid for one config and one set of documents."""

    def __init__(self, config: Config, enabled: bool):
        from artifactkit.engine.cache import CACHE_DIR, config_key

        self.root = str(config.root)
        self.path = os.path.join(self.root, CACHE_DIR, CACHE_FILE)
        self.enabled = enabled
        self.key = hashlib.sha256(f"{config_key(config)}|{mdrender.RENDERER_VERSION}".encode()).hexdigest()
        self.files: dict[str, list] = {}
        self.context = ""
        self.stats: dict[str, list] = {}  # abspath -> [size, mtime_ns] when the cache was written
        self.fresh_stats: dict[str, list] = {}
        self.written = 0  # time.time_ns() when it was written
        if enabled:
            self._load()
        self.fresh: dict[str, list] = {}
        self.bodies = BodyStore(os.path.dirname(self.path), self.root, enabled)

    def _load(self) -> None:
        """The cache as this user signed it, or nothing: a cache anyone else wrote (or a malformed one) is
        discarded with one warning, never trusted and never a crash."""
        from artifactkit.io.textio import read_bytes
        from artifactkit.io.writer import check_inside

        try:
            check_inside(self.path, self.root)  # never read through a link out of the repository
            # bounded, never blocks on a FIFO in its place
            blob = read_bytes(self.path, 512 * 1024 * 1024, "site cache")
        except (OSError, UserError, RefusedError):
            return  # none yet, or not one to read: the build starts afresh
        data = signing.verify(blob)
        try:
            parsed = json.loads(data.decode("utf-8", "surrogateescape")) if data is not None else None
        except (ValueError, RecursionError):
            parsed = None
        if not isinstance(parsed, dict) or not isinstance(parsed.get("files"), dict):
            if signing.persistent():
                _warn(f"{CACHE_DIR_NAME}/{CACHE_FILE}: not a render cache this build wrote (malformed or signed by another key); rendering afresh")
            return
        if parsed.get("key") == self.key:
            self.files, self.context = parsed["files"], str(parsed.get("context", ""))
            stats, written = parsed.get("stats"), parsed.get("written")
            if isinstance(stats, dict) and isinstance(written, int):
                self.stats, self.written = stats, written

    def unchanged(self, abspath: str, st: os.stat_result) -> bool:
        """The file has the size and time it had when it was cached, and was last changed well before that
        (a change within the same tick of the clock would not show in its time): its bytes need no reading."""
        self.fresh_stats[abspath] = [st.st_size, st.st_mtime_ns]
        return self.stats.get(abspath) == self.fresh_stats[abspath] and st.st_mtime_ns < self.written - 2_000_000_000

    def save(self, context: str) -> None:
        if not self.enabled or (context == self.context and self.fresh == self.files and self.fresh_stats == self.stats):
            return  # nothing new: a rebuild of an unchanged site writes nothing here either
        self.bodies.prune({row[2][0] for row in self.fresh.values() if row[2]})
        import sys
        import time

        from artifactkit.escape import printable
        from artifactkit.io.writer import atomic_write, make_folders

        # json.dumps, not json.dump: the C encoder, several times faster on megabytes
        stats = {k: v for k, v in self.fresh_stats.items() if k in self.fresh}
        data = json.dumps(
            {"key": self.key, "context": context, "files": self.fresh, "stats": stats, "written": time.time_ns()}, ensure_ascii=False, separators=(",", ":")
        )
        try:
            make_folders(os.path.dirname(self.path), self.root)
            atomic_write(self.path, signing.sign(data.encode("utf-8", "surrogateescape")), root=self.root, durable=False)
        except RefusedError as exc:  # .artifactkit_cache is a link out of the repository: say so, build uncached
            sys.stderr.write(f"artifactkit: warning: {printable(str(exc))}; the render cache was not written\n")


def _warn(message: str) -> None:
    import sys

    from artifactkit.escape import printable

    sys.stderr.write(f"artifactkit: warning: {printable(message)}\n")
