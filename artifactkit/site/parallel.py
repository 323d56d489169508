"""Parse and render many documents in forked workers (artifactkit.forked), as lint does its files.

Small batches and ARTIFACTKIT_SITE_SERIAL=1 (the tests compare both ways) run serially.
"""

from __future__ import annotations

import os

from artifactkit.forked import map_forked as _map_forked

MIN_PARALLEL = 48  # below this, starting workers costs more than it saves


def map_forked(func, items: list, jobs: int) -> list:
    if len(items) < MIN_PARALLEL or os.environ.get("ARTIFACTKIT_SITE_SERIAL"):
        return [func(item) for item in items]
    return _map_forked(func, items, jobs)
