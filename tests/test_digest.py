"""io.digest.file_sha256: CPython's SHA-256 for a process's first few hundred KiB of file bytes,
OpenSSL's after, and the same digest on both sides of the switch."""

from __future__ import annotations

import hashlib
import random

from artifactkit.io import digest


def test_file_sha256_is_hashlibs_on_both_sides_of_the_switch(monkeypatch):
    monkeypatch.setattr(digest, "_hashed", 0)
    rng = random.Random(3)
    sizes = [0, 1, 63, 64, 65, 1000, digest.SMALL_TOTAL // 2, digest.SMALL_TOTAL, 5000, 1 << 20]
    kinds = []
    for size in sizes:
        data = rng.randbytes(size)
        made = digest.file_sha256(data)
        kinds.append(type(made).__module__ == "_hashlib" or "openssl" in type(made).__name__)
        assert made.hexdigest() == hashlib.sha256(data).hexdigest() and made.digest() == hashlib.sha256(data).digest()
    # the first bytes by CPython's own module, once over SMALL_TOTAL by OpenSSL's, and OpenSSL's ever after
    assert kinds[:6] == [False] * 6 and kinds[-2:] == [True, True]
