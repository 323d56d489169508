"""Map a function over many items in forked worker processes, results in input order.

Workers are forked: they inherit the function and its inputs (nothing is pickled on the way in,
so a closure over the loaded config is fine), and only results come back. Lint (engine.workers)
and the site build (site.collect) both use it.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from typing import Callable, TypeVar

    T = TypeVar("T")
    R = TypeVar("R")


_JOB: tuple | None = None  # (function, items) for the forked workers


def _chunk(bounds: tuple[int, int]) -> list:
    func, items = _JOB  # type: ignore[misc]  # set before the fork
    return [func(items[i]) for i in range(*bounds)]


def map_forked(func: Callable[[T], R], items: list[T], jobs: int, max_chunk: int = 100, on_done: Callable[[int], None] | None = None) -> list[R]:
    """``[func(item) for item in items]``, in ``jobs`` forked workers (serially where fork is missing or jobs is 1);
    ``on_done(n)`` is told as each batch of n results comes back (a progress count)."""
    global _JOB
    import multiprocessing

    if jobs <= 1 or len(items) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        serial: list[R] = []
        for item in items:
            serial.append(func(item))
            if on_done is not None:
                on_done(1)
        return serial
    from concurrent.futures import ProcessPoolExecutor

    # about 24 chunks a worker: the last one to finish keeps the other cores idle for one small chunk at most
    # (a site's 1,000 documents rendered in chunks of 83, 0.4-0.6 s each, left one core idle for up to that long)
    size = max(8, min(max_chunk, len(items) // (jobs * 24) or 1))
    chunks = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    _JOB = (func, items)
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            out: list = []
            for part in pool.map(_chunk, chunks):
                out.extend(part)
                if on_done is not None:
                    on_done(len(part))
            return out
    finally:
        _JOB = None
