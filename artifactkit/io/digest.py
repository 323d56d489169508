"""SHA-256 of the short texts that name remembered facts and cache files, without loading OpenSSL.

``hashlib`` loads OpenSSL's libcrypto first (2 ms, more than all the hashing a warm ``lint FILE``
does); CPython's own SHA-256 module loads in a tenth of a millisecond and gives the same digest.
OpenSSL's is five times faster on long input: file contents are hashed with ``hashlib``.
"""

from __future__ import annotations

import importlib
from functools import lru_cache


@lru_cache(maxsize=1)
def _sha256():
    for name in ("_sha2", "_sha256"):  # CPython 3.12 and later, 3.11
        try:
            return importlib.import_module(name).sha256
        except ImportError:
            continue
    import hashlib  # another interpreter, or a build without it

    return hashlib.sha256


def sha256_hex(data: bytes) -> str:
    return _sha256()(data).hexdigest()
