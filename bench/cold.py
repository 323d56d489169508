"""Cold lint of a folder against rumdl (and another checkout's package), taking turns, in one run.

    python bench/cold.py FOLDER [--before CHECKOUT] [--rounds 3]

FOLDER holds ``docs/`` and a ``rumdl.toml`` (``bench/real.py`` and ``bench/run.py`` write both).
Each round runs ``artifactkit lint --no-cache docs``, the same with ``--before``'s package first on
``PYTHONPATH`` (copy its built ``_native`` extension into it), and ``rumdl check --no-cache`` with
MD043, one after the other, so that a change of the machine's load falls on all of them alike.
Prints the median wall and CPU time (user + sys of the command and its workers) and the ratios to
rumdl of the same run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def measure(cmd: list[str], folder: Path, env: dict) -> tuple[float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, _, usage = os.wait4(proc.pid, 0)  # the command and the workers it waited for
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--before", type=Path, help="another checkout whose package is measured in the same run")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    lint = [sys.executable, "-m", "artifactkit", "lint", "--no-cache", "docs"]
    cases = {"now": (lint, dict(os.environ))}
    if args.before:
        cases["before"] = (lint, {**os.environ, "PYTHONPATH": str(args.before.resolve())})
    rumdl = shutil.which("rumdl", path=str(Path(sys.executable).parent)) or shutil.which("rumdl")
    if rumdl:
        cases["rumdl"] = ([rumdl, "check", "--no-cache", "--config", "rumdl.toml", "docs"], dict(os.environ))
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
    for _ in range(args.rounds):
        for name, (cmd, env) in cases.items():
            runs[name].append(measure(cmd, args.folder, env))
    print(f"{os.cpu_count()} CPUs; load: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {args.folder}, {args.rounds} rounds")
    medians = {name: (statistics.median(w for w, _ in got), statistics.median(c for _, c in got)) for name, got in runs.items()}
    for name, (wall, cpu) in medians.items():
        line = f"  {name:7s} wall {wall:6.2f} s  CPU {cpu:6.2f} s"
        if name != "rumdl" and "rumdl" in medians:
            line += f"  {wall / medians['rumdl'][0]:.2f}x rumdl's wall, {cpu / medians['rumdl'][1]:.2f}x its CPU"
        print(line)


if __name__ == "__main__":
    main()
