"""A signature on the site's render cache, with a key that lives outside the repository.

The render cache (``.artifactkit_cache/site.json``) says which HTML each document renders to and
which images it shows. Anyone who can write that folder (a shared checkout, a restored CI cache, a
committed copy) could otherwise make the site publish any file or paste any script: a key stored in
the cache itself proves nothing. So the cache is signed (HMAC-SHA256) with a random key kept in this
user's own cache folder (mode 0600 in a 0700 folder, owner checked, never through a link); a cache
whose signature does not match is not used. The rendered bodies need no signature of their own: the
signed index names each by the SHA-256 of its HTML, and a body is used only when it hashes to that.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat

KEY_BYTES = 32
HEADER = b"artifactkit-site-cache "


def _key_path() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "artifactkit", "site-cache.key")


def _read_key(path: str) -> bytes | None:
    from artifactkit.io.textio import read_private

    data = read_private(path, KEY_BYTES + 1)
    return data if data is not None and len(data) == KEY_BYTES else None


def _folder_is_private(folder: str) -> bool:
    try:
        st = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.geteuid() and not st.st_mode & 0o022


_KEY: bytes | None = None


def key() -> bytes:
    """This user's key; made on first use. Where none can be kept (a read-only home), a key for this
    process only: the cache is then never trusted on the next run, which is slow but safe."""
    global _KEY
    if _KEY is not None:
        return _KEY
    path = _key_path()
    found = _read_key(path)
    if found is None:
        folder = os.path.dirname(path)
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
            if _folder_is_private(folder):
                fresh = secrets.token_bytes(KEY_BYTES)
                tmp = f"{path}.{os.getpid()}.tmp"
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(fresh)
                os.replace(tmp, path)
                found = _read_key(path)
        except OSError:
            found = None
    global _PERSISTENT
    _PERSISTENT = found is not None
    _KEY = found if found is not None else secrets.token_bytes(KEY_BYTES)
    return _KEY


_PERSISTENT = False


def persistent() -> bool:
    """Whether the key outlives this process: without one, no cache can be verified, and saying so on
    every build would be noise."""
    key()
    return _PERSISTENT


def sign(data: bytes) -> bytes:
    mac = hmac.new(key(), data, hashlib.sha256).hexdigest().encode("ascii")
    return HEADER + mac + b"\n" + data


def verify(blob: bytes) -> bytes | None:
    """The signed data, or None when ``blob`` is not what this user's key signed."""
    head, sep, data = blob.partition(b"\n")
    if not sep or not head.startswith(HEADER):
        return None
    expected = hmac.new(key(), data, hashlib.sha256).hexdigest().encode("ascii")
    return data if hmac.compare_digest(head[len(HEADER) :], expected) else None
