"""Time artifactkit against rumdl on real documents, in one run: the corpus of public documents
(``../shared/corpus``, or ARTIFACTKIT_CORPUS) copied up to ``--files`` files, and its collection
of Go design documents copied up to ``--long`` long proposals (the 655-proposal repository of
issue 28). Also checks, on every folder of the corpus, that the JSON report is byte-identical
whether the outlines are read natively (pulldown-cmark) or by markdown-it-py.

    python bench/real.py [--files 10000] [--long 655] [--repeat 3]

Each corpus gets one type (``doc``: every Markdown file, a required ``Summary`` section) and rumdl
the same rule (MD043, a ``## Summary`` heading among any others). Figures are medians of
``--repeat`` runs: wall time, CPU time (user + sys of the command and its workers) and the peak
memory of the command and of its largest worker. Ratios are against rumdl in the same run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run as runbench  # noqa: E402

CONFIG = 'docs_root: docs\ntypes:\n  doc:\n    paths: ["docs/**/*.md"]\n    sections: [Summary]\n'
RUMDL = '[global]\nenable = ["MD043"]\n\n[MD043]\nheadings = ["*", "## Summary", "*"]\n'


def corpus_source() -> Path | None:
    for candidate in (os.environ.get("ARTIFACTKIT_CORPUS"), HERE.parent.parent / "shared" / "corpus"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


def replicate(sources: list[Path], dest: Path, count: int) -> tuple[int, int]:
    """Copy the Markdown files of ``sources`` into ``dest/docs/copyNNN/...`` until ``count`` files; (files, bytes)."""
    files = sorted(p for source in sources for p in source.rglob("*.md"))
    written = size = 0
    copy = 0
    while written < count:
        for path in files:
            if written >= count:
                break
            source = next(s for s in sources if path.is_relative_to(s))
            target = dest / "docs" / f"copy{copy:03d}" / source.name / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            written += 1
            size += target.stat().st_size
        copy += 1
    (dest / ".artifactkit.yaml").write_text(CONFIG)
    (dest / "rumdl.toml").write_text(RUMDL)
    subprocess.run(["git", "init", "-q"], cwd=dest, check=True)
    return written, size


def measure(name: str, folder: Path, repeat: int) -> None:
    ak = [str(runbench.BIN / "artifactkit"), "lint"]
    rumdl = shutil.which("rumdl", path=str(runbench.BIN)) or shutil.which("rumdl")
    cache = folder / ".artifactkit_cache"
    rows = []
    cold = runbench.median(ak + ["--no-cache", "docs"], folder, repeat, label="ak cold")
    _, peak, worker_peak = runbench.timed(ak + ["--no-cache", "docs"], folder)
    shutil.rmtree(cache, ignore_errors=True)
    runbench.timed(ak + ["docs"], folder)  # fill the cache
    warm = runbench.median(ak + ["docs"], folder, repeat, label="ak warm")
    rows += [("artifactkit lint --no-cache", cold, runbench.CPU["ak cold"]), ("artifactkit lint (warm)", warm, runbench.CPU["ak warm"])]
    if rumdl:
        rcmd = [rumdl, "check", "--config", str(folder / "rumdl.toml")]
        rcold = runbench.median(rcmd + ["--no-cache", "docs"], folder, repeat, label="rumdl cold")
        runbench.timed(rcmd + ["docs"], folder)
        rwarm = runbench.median(rcmd + ["docs"], folder, repeat, label="rumdl warm")
        rows += [("rumdl check MD043 --no-cache", rcold, runbench.CPU["rumdl cold"]), ("rumdl check MD043 (warm)", rwarm, runbench.CPU["rumdl warm"])]
    print(f"\n{name}")
    walls = {label: wall for label, wall, _ in rows}
    cpus = {label: cpu for label, _, cpu in rows}
    for label, wall, cpu in rows:
        ratio = ""
        peer = ("rumdl check MD043 (warm)" if "warm" in label else "rumdl check MD043 --no-cache") if label.startswith("artifactkit") else None
        if peer in walls:
            ratio = f"  {wall / walls[peer]:.2f}x rumdl's wall, {cpu / max(cpus[peer], 1e-9):.2f}x its CPU"
        print(f"  {label:<30} wall {runbench.fmt(wall):>9}  CPU {runbench.fmt(cpu):>9}{ratio}")
    print(f"  artifactkit peak memory: {peak / 1024:.0f} MB (process), {worker_peak / 1024:.0f} MB (largest worker)")


def identical_reports(source: Path) -> None:
    """Per folder of the corpus: the JSON report read natively against read by markdown-it-py."""
    ak = [str(runbench.BIN / "artifactkit"), "lint", "--no-cache", "--format", "json", "docs"]
    for folder in sorted(p for p in source.iterdir() if p.is_dir()):
        work = Path(tempfile.mkdtemp(prefix="ak-real-"))
        shutil.copytree(folder, work / "docs" / folder.name)
        (work / ".artifactkit.yaml").write_text(CONFIG)
        subprocess.run(["git", "init", "-q"], cwd=work, check=True)
        native = subprocess.run(ak, cwd=work, capture_output=True).stdout
        reference = subprocess.run(ak, cwd=work, capture_output=True, env={**os.environ, "ARTIFACTKIT_OUTLINE": "reference"}).stdout
        print(f"  {folder.name}: {len(native)} bytes, {'identical' if native == reference else 'DIFFERENT'}")
        shutil.rmtree(work)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=10000)
    ap.add_argument("--long", type=int, default=655)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    source = corpus_source()
    if source is None:
        sys.exit("no corpus: set ARTIFACTKIT_CORPUS or put it at ../shared/corpus")
    print(f"{os.cpu_count()} CPUs; corpus {source}")
    print("JSON report, native reading against markdown-it-py's, per folder:")
    identical_reports(source)
    folders = sorted(p for p in source.iterdir() if p.is_dir())
    for name, sources, count in (("real corpus", folders, args.files), ("long proposals (go-design)", [source / "go-design"], args.long)):
        dest = Path(tempfile.mkdtemp(prefix="ak-real-"))
        written, size = replicate(sources, dest, count)
        measure(f"{name}: {written} files, {size / 1e6:.1f} MB", dest, args.repeat)
        shutil.rmtree(dest)


if __name__ == "__main__":
    main()
