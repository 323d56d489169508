"""Forked workers or threads for a cold lint, measured in one run (issue 28).

    python bench/threads.py [--docs 10000] [--corpus DIR]

The native pass (``artifactkit._native``) releases the GIL: ``outlines`` parses a batch of
documents on rayon's threads. Everything else of a document's lint (front matter, the outline
builder, validation, checks) holds the GIL. This script times, in this process and on the same
documents:

* the native pass one document after the other (``outline``) and as one parallel batch (``outlines``);
* ``lint_many`` without workers (``jobs=1``) and with the forked workers (``jobs=0``: one per core).

A lint on threads could at best take the serial lint's time less what the parallel batch saves
over the serial native pass; the figures say whether that beats the forked workers.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen_corpus  # noqa: E402


def clock(func) -> tuple[float, float]:
    """Wall and CPU seconds (this process and its waited-for children) of ``func()``."""
    def cpu() -> float:
        own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    wall, before = time.perf_counter(), cpu()
    func()
    return time.perf_counter() - wall, cpu() - before


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    corpus = gen_corpus.ensure(args.docs, args.corpus)
    os.chdir(corpus)

    from artifactkit import _native
    from artifactkit.document import frontmatter, model, pulldown
    from artifactkit.engine.config import load_config
    from artifactkit.engine.workers import lint_many

    config = load_config()
    files = sorted(str(p.relative_to(corpus)) for p in (corpus / "docs").rglob("*.md"))
    bodies = []
    for name in files:
        lines = model.split_lines((corpus / name).read_text(encoding="utf-8"))
        start = frontmatter.parse(lines).body_start
        bodies.append((pulldown.normalize("".join(lines[start:])), start + 1))

    def best(func) -> tuple[float, float]:
        runs = [clock(func) for _ in range(args.repeat)]
        return min(r[0] for r in runs), min(r[1] for r in runs)

    rows = {
        "native pass, one document after the other": best(lambda: [_native.outline(text, line) for text, line in bodies]),
        "native pass, one batch on rayon's threads": best(lambda: _native.outlines(bodies)),
        "lint_many, jobs=1 (no workers)": best(lambda: lint_many(files, config, jobs=1, use_cache=False)),
        "lint_many, forked workers (one per core)": best(lambda: lint_many(files, config, jobs=0, use_cache=False)),
    }
    print(f"{len(files)} documents, {os.cpu_count()} CPUs, best of {args.repeat}")
    for name, (wall, cpu) in rows.items():
        print(f"  {name:<45} wall {wall:7.2f} s  CPU {cpu:7.2f} s")
    serial, batch = rows["native pass, one document after the other"][0], rows["native pass, one batch on rayon's threads"][0]
    threads = rows["lint_many, jobs=1 (no workers)"][0] - (serial - batch)
    forked = rows["lint_many, forked workers (one per core)"][0]
    print(f"  a lint on threads, at best: {threads:.2f} s wall, {threads / forked:.2f}x the forked workers'")


if __name__ == "__main__":
    main()
