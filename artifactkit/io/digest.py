"""SHA-256 of the short texts that name remembered facts and cache files, without loading OpenSSL.

``hashlib`` loads OpenSSL's libcrypto first (2 ms, more than all the hashing a warm ``lint FILE``
does); CPython's own SHA-256 module loads in a tenth of a millisecond and gives the same digest.
OpenSSL's is five times faster on long input: file contents go to ``hashlib`` once a process has
hashed more than a few pages of them (``file_sha256``).
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _sha256():
    for name in ("_sha2", "_sha256"):  # CPython 3.12 and later, 3.11
        try:
            return __import__(name).sha256  # a top-level module: what importlib.import_module returns
        except ImportError:
            continue
    import hashlib  # another interpreter, or a build without it

    return hashlib.sha256


def sha256_hex(data: bytes) -> str:
    return _sha256()(data).hexdigest()


SMALL_TOTAL = 256 * 1024  # file bytes a process hashes with CPython's SHA-256 before OpenSSL's pays for its load
_hashed = 0


def file_sha256(data: bytes):
    """A SHA-256 object of a file's contents: CPython's own for the first ``SMALL_TOTAL`` bytes a
    process hashes (the few files a commit changed: 1-2 ms less than loading OpenSSL for them),
    OpenSSL's after that. The digest is the same either way."""
    global _hashed
    _hashed += len(data)
    if _hashed <= SMALL_TOTAL:
        return _sha256()(data)
    import hashlib

    return hashlib.sha256(data)
