"""Rendered document bodies kept apart from the site cache's index, one file per SHA-256 of the HTML.

A rebuild reads the small index (``site.json``) for every document but a body only for the pages it
writes again; before, a rebuild after one edit read and rewrote every document's HTML in one file.
A body that is missing, unreadable or not what its name says is rendered again: never trusted.
"""

from __future__ import annotations

import hashlib
import os
import re

from artifactkit.errors import RefusedError

FOLDER = "site-bodies"
MAX_BODY = 64 * 1024 * 1024
_SHA = re.compile(r"[0-9a-f]{64}")
_NAME = re.compile(r"[0-9a-f]{64}\.html")


def digest(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8", "surrogateescape")).hexdigest()


class BodyStore:
    def __init__(self, cache_folder: str, root: str, enabled: bool):
        self.folder = os.path.join(cache_folder, FOLDER)
        self.root = root
        self.enabled = enabled
        self.refused = False

    def _path(self, sha: str) -> str:
        return os.path.join(self.folder, f"{sha}.html")

    def get(self, sha: str) -> str | None:
        if not self.enabled or not _SHA.fullmatch(sha):  # the name comes from the index: never a path of its own
            return None
        from artifactkit.io.textio import read_bytes
        from artifactkit.io.writer import check_inside

        try:
            check_inside(self._path(sha), self.root)  # never read through a link out of the repository
            html = read_bytes(self._path(sha), MAX_BODY, "site cache").decode("utf-8", "surrogateescape")
        except (OSError, ValueError, RefusedError):
            return None
        return html if digest(html) == sha else None

    def put(self, sha: str, html: str, replace: bool = False) -> None:
        """Keep ``html`` (whose digest is ``sha``) unless it is already kept (or ``replace``: it was found
        wrong); a body that cannot be written is simply not cached."""
        if not self.enabled or (not replace and os.path.isfile(self._path(sha))):
            return
        from artifactkit.io.writer import atomic_write, make_folders

        try:
            make_folders(self.folder, self.root)
            atomic_write(self._path(sha), html.encode("utf-8", "surrogateescape"), root=self.root, durable=False)
        except RefusedError as exc:  # a link out of the repository: said once, the build goes on uncached
            if not self.refused:
                import sys

                from artifactkit.escape import printable

                sys.stderr.write(f"artifactkit: warning: {printable(str(exc))}; rendered bodies were not cached\n")
            self.refused = True
        except OSError:
            pass  # a read-only checkout still builds; it just isn't cached

    def prune(self, keep: set[str]) -> None:
        """Remove the bodies no document shows any more; only names this module writes, only regular files."""
        if not self.enabled:
            return
        from artifactkit.io.writer import remove_file

        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        for name in names:
            if _NAME.fullmatch(name) and name[:-5] not in keep:
                try:
                    remove_file(os.path.join(self.folder, name), self.root)
                except (OSError, RefusedError):
                    pass
