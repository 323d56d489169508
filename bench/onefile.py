"""Start-up and the cache, in one run: ``lint FILE`` as pre-commit runs it against ``python -c pass``,
a one-file run with a cache of 10,000 entries, and the warm run of the real corpus against rumdl's.

    python bench/onefile.py [--files 10000] [--repeat 11] [--before CHECKOUT]

* ``python -c pass``: the interpreter's own start, the floor of any Python command;
* ``lint FILE``, this repository's ``docs/`` and config copied into a scratch git repository, cache
  warm, the file changed since the cache was written (what a commit hands the hook: hashed, linted,
  stored) and ``--no-cache``; the target is <= 30 ms wall and <= 3x ``python -c pass``;
* the real corpus (``../shared/corpus`` or ARTIFACTKIT_CORPUS) copied up to ``--files`` files: a
  warm ``lint docs`` against rumdl's warm run (target <= 0.2x), and ``lint FILE`` of one of its
  files with the whole corpus's cache present;
* ``--before CHECKOUT``: the same runs with the package of another checkout (put first on
  ``PYTHONPATH``; copy its ``_native`` extension into it), for a before/after in one run.

Figures are medians of ``--repeat`` runs (``--big-repeat`` for whole-corpus runs): wall time and
CPU time (user + sys of the command and its workers). ``uptime``'s load is printed: on a shared
machine compare CPU times and the ratios of one run.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import real  # noqa: E402
import run as runbench  # noqa: E402

REPO = HERE.parent


def ak(before: Path | None) -> tuple[list[str], dict | None]:
    """The command, and its environment: the installed script, or it with ``before``'s package first on the path."""
    script = [sys.executable, str(runbench.BIN / "artifactkit")]
    if before is None:
        return script, None
    return script, {**os.environ, "PYTHONPATH": str(before)}


def measured(label: str, cmd: list[str], cwd: Path, repeat: int, env=None) -> tuple[float, float]:
    wall = runbench.median(cmd, cwd, repeat, env=env, label=label)
    return wall, runbench.CPU[label]


def interleaved(cases: list[tuple], repeat: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU of each case, the cases taking turns (one run of each per round), so
    that a change of the machine's load falls on all of them alike. A case's optional fifth item
    is called (untimed) before each of its runs."""
    walls: dict[str, list[float]] = {label: [] for label, *_ in cases}
    cpus: dict[str, list[float]] = {label: [] for label, *_ in cases}
    for _ in range(repeat):
        for label, cmd, cwd, env, *prepare in cases:
            for step in prepare:
                step()
            walls[label].append(runbench.timed(cmd, cwd, env)[0])
            cpus[label].append(runbench.LAST_CPU)
    return {label: (statistics.median(walls[label]), statistics.median(cpus[label])) for label in walls}


def hook_repo() -> tuple[Path, str]:
    """This repository's documents and config in a scratch git repository, and the file pre-commit would hand over."""
    work = Path(tempfile.mkdtemp(prefix="ak-hook-"))
    shutil.copytree(REPO / "docs", work / "docs")
    shutil.copy(REPO / ".artifactkit.yaml", work / ".artifactkit.yaml")
    subprocess.run(["git", "init", "-q"], cwd=work, check=True)
    first = sorted((work / "docs" / "adr").glob("0*.md"))[0]
    return work, str(first.relative_to(work))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=10000)
    ap.add_argument("--repeat", type=int, default=11)
    ap.add_argument("--big-repeat", type=int, default=3)
    ap.add_argument("--before", type=Path, default=None, help="another checkout's package, measured in the same run")
    ap.add_argument("--hook-only", action="store_true", help="leave out the corpus runs")
    args = ap.parse_args()
    import artifactkit  # compiled first: PYTHONDONTWRITEBYTECODE=1 never caches bytecode, and every run would time the compiler

    for package in [Path(artifactkit.__file__).parent] + ([args.before / "artifactkit"] if args.before else []):
        compileall.compile_dir(package, quiet=1)
    print(f"{os.cpu_count()} CPUs; load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    variants = [("now", None)] + ([("before", args.before)] if args.before else [])
    rows: list[tuple[str, float, float, str]] = []
    hook, file = hook_repo()
    edited = sorted((hook / "docs" / "adr").glob("0*.md"))[1]  # the file a commit changed: edited before each run
    original = edited.read_text(encoding="utf-8")
    edits = iter(range(10**9))

    def edit() -> None:
        # bytes no earlier run of any variant has seen: each run hashes, lints and stores the file
        edited.write_text(f"{original}\n<!-- edit {next(edits)} -->\n", encoding="utf-8")

    cases: list[tuple] = [("python -c pass", [sys.executable, "-c", "pass"], hook, None)]
    for name, before in variants:
        cmd, env = ak(before)
        cases.append((f"[{name}] lint FILE (hook, cache warm)", cmd + ["lint", "--skip-unknown", file], hook, env))
        cases.append((f"[{name}] lint FILE (hook, the file changed)", cmd + ["lint", "--skip-unknown", str(edited.relative_to(hook))], hook, env, edit))
        cases.append((f"[{name}] lint --no-cache FILE", cmd + ["lint", "--skip-unknown", "--no-cache", file], hook, env))
    for _, before in variants:  # the cache and the remembered config checks, as the hook leaves them
        cmd, env = ak(before)
        runbench.timed(cmd + ["lint", file], hook, env)
        runbench.timed(cmd + ["lint", "docs"], hook, env)
    found = interleaved(cases, args.repeat)
    bare = found["python -c pass"]

    def vs_bare(wall_cpu) -> str:
        return f"{wall_cpu[0] / bare[0]:.1f}x python -c pass wall, {wall_cpu[1] / max(bare[1], 1e-9):.1f}x its CPU"

    rows.append(("python -c pass", *bare, ""))
    for label, *_ in cases[1:]:
        rows.append((label, *found[label], vs_bare(found[label]) + ("; target <= 30 ms, <= 3x" if "warm" in label else "")))
    shutil.rmtree(hook)

    source = None if args.hook_only else real.corpus_source()
    if source is None:
        print("no corpus (ARTIFACTKIT_CORPUS or ../shared/corpus): the corpus runs are left out")
    else:
        corpus = Path(tempfile.mkdtemp(prefix="ak-onefile-"))
        written, size = real.replicate(sorted(p for p in source.iterdir() if p.is_dir()), corpus, args.files)
        files = sorted((corpus / "docs").rglob("*.md"))
        one = str(files[len(files) // 2].relative_to(corpus))
        print(f"real corpus: {written} files, {size / 1e6:.1f} MB; one file: {one}")
        rumdl = shutil.which("rumdl", path=str(runbench.BIN)) or shutil.which("rumdl")
        cases = []
        if rumdl:
            rcmd = [rumdl, "check", "--config", str(corpus / "rumdl.toml"), "docs"]
            runbench.timed(rcmd, corpus)
            cases.append(("rumdl check MD043 docs (warm)", rcmd, corpus, None))
        for name, before in variants:
            cmd, env = ak(before)
            for _ in range(2):  # fill the cache; the second run re-hashes what the first wrote in its racy window
                runbench.timed(cmd + ["lint", "docs"], corpus, env)
            cases.append((f"[{name}] lint docs (warm, {written} files)", cmd + ["lint", "docs"], corpus, env))
        found = interleaved(cases, args.big_repeat)
        cases = []
        for name, before in variants:
            cmd, env = ak(before)
            cases.append((f"[{name}] lint --skip-unknown FILE, cache of {written} entries", cmd + ["lint", "--skip-unknown", one], corpus, env))
        found.update(interleaved(cases, args.repeat))
        rwarm = found.get("rumdl check MD043 docs (warm)")
        cache = {p.name: p.stat().st_size for p in (corpus / ".artifactkit_cache").iterdir() if p.is_file()}
        print("cache files: " + ", ".join(f"{name} {size / 1e6:.1f} MB" for name, size in sorted(cache.items())))
        for label, (wall, cpu) in found.items():
            note = ""
            if "lint docs" in label and rwarm:
                note = f"{wall / rwarm[0]:.2f}x rumdl warm wall, {cpu / max(rwarm[1], 1e-9):.2f}x its CPU (target <= 0.2x)"
            elif "FILE" in label:
                note = vs_bare((wall, cpu))
            rows.append((label, wall, cpu, note))
        shutil.rmtree(corpus)

    print()
    for label, wall, cpu, note in rows:
        print(f"  {label:<52} wall {runbench.fmt(wall):>8}  CPU {runbench.fmt(cpu):>8}  {note}")
    print(f"load at the end: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
