"""Where the site is written, safely: a manifest of what was written, and only that is ever replaced or deleted.

* The output folder may not lead out of the repository through a symbolic link (a folder inside the
  repository that is a link to ``/etc`` would make a build write there).
* A file the site wants to write that exists but is not in the manifest belongs to someone else:
  the build refuses rather than overwrite it.
* A file written by an earlier build and no longer produced is deleted only if it still holds the
  bytes that build wrote; a file someone edited since is kept.
* Every file is written to a temporary name and renamed into place, so an interrupted build never
  leaves half a page, and a rename replaces a symbolic link rather than writing through it.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile

from artifactkit.errors import RefusedError, UserError

MANIFEST = ".artifactkit-site.json"
SITE_FILE_MAX = 512 * 1024 * 1024  # read through artifactkit.io.textio: bounded, never a FIFO or a device


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def check_output_folder(out: str, root: str, sources: list[str]) -> str:
    """The real path of ``out`` after refusing a folder that escapes the repository or would overwrite sources."""
    real_root = os.path.realpath(root)
    given = os.path.abspath(out)
    real = os.path.realpath(given)
    if _inside(given, os.path.abspath(root)) and not _inside(real, real_root):
        raise RefusedError(f"{out}: the output folder is a symbolic link that leads outside the repository; not written")
    if _inside(real_root, real):
        raise RefusedError(f"{out}: the output folder may not be the repository or a folder above it")
    for source in sources:
        if _inside(os.path.realpath(source), real):
            raise RefusedError(f"{out}: the output folder holds the documents themselves ({source}); choose another folder")
    if os.path.exists(real) and not os.path.isdir(real):
        raise UserError(f"{out}: exists and is not a folder")
    return real


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Output:
    """Collects the files of one build, then writes what changed and removes what is gone."""

    def __init__(self, folder: str):
        self.folder = folder
        self.files: dict[str, bytes] = {}  # relative posix path -> bytes
        self.previous, self.previous_keys = self._read_manifest()
        self.keys: dict[str, str] = {}  # relative path -> key of what the page was made from
        self.reused: dict[str, str] = {}  # relative path -> hash, for pages kept as they are
        self.written: list[str] = []
        self.removed: list[str] = []
        self.kept: list[str] = []

    def _read_manifest(self) -> tuple[dict[str, str], dict[str, str]]:
        # bounded, and never blocks on a FIFO in its place
        from artifactkit.io.textio import read_bytes

        try:
            data = json.loads(read_bytes(os.path.join(self.folder, MANIFEST), 64 * 1024 * 1024, "site manifest").decode("utf-8"))
        except (OSError, ValueError, RecursionError):  # RecursionError: nested thousands deep
            return {}, {}
        if not isinstance(data, dict):
            return {}, {}
        files, keys = data.get("files"), data.get("keys")
        files = {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(files, dict) else {}
        keys = {k: v for k, v in keys.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(keys, dict) else {}
        return files, keys

    def reuse(self, rel: str, key: str) -> bool:
        """True (and the page is kept as it is) when the last build made ``rel`` from the same ``key``."""
        self.keys[rel] = key
        if self.previous_keys.get(rel) != key or rel not in self.previous:
            return False
        target = self._target(rel)
        if not _plain_file(target):
            return False
        self.reused[rel] = self.previous[rel]
        return True

    def add(self, rel: str, data: str | bytes) -> None:
        # errors="replace": a file name that is not UTF-8 shows as "?" in the text (its links are %-escaped)
        self.files[rel] = data.encode("utf-8", "replace") if isinstance(data, str) else data

    def _target(self, rel: str) -> str:
        parts = rel.split("/")
        if rel.startswith("/") or any(p in ("", ".", "..") for p in parts) or rel == MANIFEST:
            raise UserError(f"refusing to write {rel!r}: not a plain path inside the output folder")
        return os.path.join(self.folder, *parts)

    def _safe_parent(self, target: str) -> None:
        parent = os.path.dirname(target)
        os.makedirs(parent, exist_ok=True)
        if not _inside(os.path.realpath(parent), self.folder):
            raise RefusedError(f"{parent}: a symbolic link in the output folder leads elsewhere; not written")

    def commit(self) -> None:
        os.makedirs(self.folder, exist_ok=True)
        hashes = {rel: digest(data) for rel, data in self.files.items()}
        hashes.update(self.reused)
        self._refuse_foreign()
        changed = [rel for rel in self.files if not self._unchanged(rel, hashes[rel])]
        if changed:  # an unchanged tree writes nothing at all, not even the manifest
            # Claim the new files before writing them: a build interrupted halfway leaves files that the
            # next build recognises as its own (it would otherwise refuse to overwrite them). "pending"
            # matches no content, so such a file is rewritten next time and never deleted unseen.
            self._write_manifest({**self.previous, **{rel: "pending" for rel in self.files if rel not in self.previous}}, {})
        checked: set[str] = set()  # each folder once: a first build writes a thousand pages into one
        for rel in changed:
            target = self._target(rel)
            if os.path.dirname(target) not in checked:
                self._safe_parent(target)
                checked.add(os.path.dirname(target))
            _replace(target, self.files[rel])
            self.written.append(rel)
        for rel, old_hash in self.previous.items():
            if rel not in hashes:
                self._remove_gone(rel, old_hash)
        keys = {k: v for k, v in self.keys.items() if k in hashes}
        if changed or self.removed or self.kept or hashes != self.previous or keys != self.previous_keys:
            self._write_manifest(hashes, keys)

    def _refuse_foreign(self) -> None:
        """Refuse before writing anything: a file the site would write that no build of it wrote."""
        for rel in self.files:
            target = self._target(rel)
            if rel not in self.previous and os.path.lexists(target):
                raise RefusedError(f"{target}: exists and was not written by artifactkit site; move it away or choose another --out")

    def _remove_gone(self, rel: str, old_hash: str) -> None:
        """Delete a file an earlier build wrote and this one no longer makes, if it still holds those bytes."""
        try:
            target = self._target(rel)
        except UserError:
            return
        if os.path.islink(target) or not os.path.isfile(target):
            return
        from artifactkit.io.textio import read_bytes

        try:
            ours = digest(read_bytes(target, SITE_FILE_MAX)) == old_hash
        except OSError:
            ours = False
        if not ours:
            self.kept.append(rel)  # edited since we wrote it (or unreadable): no longer ours to delete
            return
        os.unlink(target)
        self.removed.append(rel)
        _remove_empty_parents(os.path.dirname(target), self.folder)

    def _unchanged(self, rel: str, sha: str) -> bool:
        target = self._target(rel)
        return self.previous.get(rel) == sha and _plain_file(target)

    def _write_manifest(self, files: dict[str, str], keys: dict[str, str]) -> None:
        manifest = json.dumps({"generator": "artifactkit site", "files": dict(sorted(files.items())), "keys": dict(sorted(keys.items()))}, indent=0)
        _replace(os.path.join(self.folder, MANIFEST), manifest.encode("utf-8"))


def _plain_file(path: str) -> bool:
    """A regular file and not a symbolic link (one lstat: the same as isfile and not islink)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except (OSError, ValueError):
        return False


def _replace(target: str, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".ak-", suffix=".tmp", dir=os.path.dirname(target))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _remove_empty_parents(folder: str, top: str) -> None:
    while _inside(folder, top) and folder != top:
        try:
            os.rmdir(folder)
        except OSError:
            return
        folder = os.path.dirname(folder)
