"""Run ``lintfile.lint_file`` over many files: cached results first, the rest in worker processes.

Results come back in the order of ``files`` whatever the number of workers, so the report of a
parallel run is identical to a serial one. Workers are forked (they inherit the loaded config and
modules, nothing is pickled on the way in); where fork is unavailable the run is serial.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from typing import Any, Callable

# Below this many files to lint, forking workers costs more than it saves. Measured on 2 cores
# (realistic documents, bench/gen_corpus.py): two workers add 85-130 ms of CPU (fork, copy-on-write
# pages, results sent back) and a document costs about 4 ms, so the parallel run is no slower from
# about 2 x 110 / 4 = 55 documents on; below that the run stays in this process.
MIN_PARALLEL = 64


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _lint_one(path: str, config, store, sig) -> tuple:
    """``(result, found, hit)``: the result of the file's cache entry if it holds the same bytes
    (``hit``), else a fresh lint; ``found`` = ``(sha256, sig)`` to cache it under, or None. Runs
    in a worker: reading and hashing the files is spread over the workers too."""
    from artifactkit.engine.lintfile import lint_file

    found = None
    if store is not None and sig is not None:
        hit, found = store.lookup_bytes(path, sig)
        if hit is not None:
            return hit, None, True
    # each file of a batch is read once, so no parsed copy is kept, unless ON_LINTED opens it again
    result = lint_file(path, config, keep=ON_LINTED is not None)
    if ON_LINTED is not None:  # before slim(): the caller reads what the whole result says
        result.extra = ON_LINTED(result)
    return slim(result), found, False


# Set by a caller that needs more of each freshly linted file than slim() keeps (the site's catalogue
# entry, so it does not parse the document a second time); runs in the worker, returns picklable data.
ON_LINTED: Callable[[Any], Any] | None = None

KEPT_FRONTMATTER = ("number", "supersedes", "superseded_by")  # what the cross-document checks read


def slim(result):
    """Keep only what the cross-document checks read: for thousands of documents the section tree,
    the full front matter and every position would fill memory and the cache."""
    from artifactkit.checks.references import is_checked_href
    from artifactkit.document.sections import Outline

    outline = result.outline
    if outline is not None:
        result.outline = Outline(
            title=outline.title,
            title_line=outline.title_line,
            file_disables=outline.file_disables,
            section_disables=outline.section_disables,
            headings=outline.headings if outline.section_disables else [],  # only disable ranges need them
            link_targets=[t for t in outline.link_targets if is_checked_href(t[1])],  # only relative links are checked
        )
    if isinstance(result.frontmatter, dict):
        result.frontmatter = {k: v for k, v in result.frontmatter.items() if k in KEPT_FRONTMATTER}
    result.locations = {k: v for k, v in result.locations.items() if len(k) >= 2 and k[0] == "frontmatter" and k[1] in KEPT_FRONTMATTER}
    return result


def _preload() -> None:
    """Import what linting a file needs before forking, so that the workers share it instead of
    each importing it again."""
    from artifactkit.checks import nearmiss, staleness, statuscase  # noqa: F401
    from artifactkit.document import model, pulldown  # noqa: F401
    from artifactkit.engine import lintfile  # noqa: F401
    from artifactkit.schema import messages  # noqa: F401


def lint_parallel(files: list[str], config, jobs: int, store=None, sigs: list | None = None) -> list:
    """``_lint_one`` for each file (``sigs``: the stat signature of each file to hash against
    ``store``, or None), in order, in ``jobs`` forked workers when there are enough files."""
    from artifactkit import terminal
    from artifactkit.forked import map_forked

    sigs = sigs if sigs is not None else [None] * len(files)
    if jobs <= 1 or len(files) < MIN_PARALLEL:
        out = []
        for path, sig in zip(files, sigs):
            out.append(_lint_one(path, config, store, sig))
            terminal.advance()
        return out
    _preload()
    jobs = min(jobs, max(1, len(files) // max(1, MIN_PARALLEL // 2)))
    return map_forked(lambda i: _lint_one(files[i], config, store, sigs[i]), list(range(len(files))), jobs, max_chunk=200, on_done=terminal.advance)


def lint_many(files: list[str], config, jobs: int | None = None, use_cache: bool = True) -> list:
    """``lint_file`` for each of ``files``, in order; ``jobs=None`` means one worker per core."""
    jobs = default_jobs() if jobs is None or jobs <= 0 else jobs
    if use_cache:
        from artifactkit.engine import cache

        store = cache.ResultCache(config)
    else:
        store = None
    from artifactkit import terminal
    from artifactkit.engine import collector

    terminal.begin(len(files))  # a count on a terminal, if the command asked for one
    results: list = [None] * len(files)
    todo: list[int] = []
    sigs: list = []
    with collector.paused():
        if store is not None:
            store.load(files)  # only these files' entries (all of them for a large run), before any fork
            looked = store.lookup_all(files, cache.lstat_all(files))  # only a stat: files that may have changed are hashed in the workers
        for i in range(len(files)):
            sig = None
            if store is not None:
                hit, sig = looked[i]
                if hit is not None:
                    results[i] = hit
                    terminal.advance()
                    continue
            todo.append(i)
            sigs.append(sig)
    fresh: list = []
    try:
        if todo:
            with collector.resumed():  # parsing documents makes no such batch: the collector as usual
                fresh = lint_parallel([files[i] for i in todo], config, jobs, store, sigs)
    finally:
        terminal.end()
    for i, sig, (result, found, hit) in zip(todo, sigs, fresh):
        results[i] = result
        if store is None:
            continue
        if hit:
            store.refresh(files[i], sig)
        elif found is not None and store.unchanged(files[i], found[1]):  # unchanged while it was linted
            store.put(files[i], found, result)
    if store is not None:
        store.save()
    return results
