"""Parse and render many documents in forked workers, as ``engine.workers`` lints them.

Workers are forked: they inherit the function and its inputs (nothing is pickled on the way in),
and results come back in input order. Small batches, a platform without fork, or
ARTIFACTKIT_SITE_SERIAL=1 (the tests compare both ways) run serially.
"""

from __future__ import annotations

import os

MIN_PARALLEL = 48  # below this, starting workers costs more than it saves

_JOB: tuple | None = None  # (function, items) for the forked workers


def _chunk(bounds: tuple[int, int]) -> list:
    func, items = _JOB  # type: ignore[misc]  # set before the fork
    return [func(items[i]) for i in range(*bounds)]


def map_forked(func, items: list, jobs: int) -> list:
    global _JOB
    import multiprocessing

    if jobs <= 1 or len(items) < MIN_PARALLEL or os.environ.get("ARTIFACTKIT_SITE_SERIAL") or "fork" not in multiprocessing.get_all_start_methods():
        return [func(item) for item in items]
    from concurrent.futures import ProcessPoolExecutor

    size = max(8, min(100, len(items) // (jobs * 6) or 1))
    chunks = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    _JOB = (func, items)
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            out: list = []
            for part in pool.map(_chunk, chunks):
                out.extend(part)
            return out
    finally:
        _JOB = None
