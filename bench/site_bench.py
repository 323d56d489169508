"""Benchmark ``artifactkit site build`` on a generated corpus (issue 17's targets).

    python bench/site_bench.py [--docs 1000] [--corpus /tmp/site-bench] [--repeat 3]

Measures, on N documents in a git repository:

* cold build: a fresh process, no lint cache, no render cache, empty output folder;
* rebuild after one document changes (caches present; only that page is rendered and written);
* rebuild with nothing changed;
* the peer, in the same run: markdown-it-py's own command (``markdown-it FILE...``) converting
  the same files to HTML on stdout, the floor for any site built with the reference parser;
* the search index's size (``assets/search-index.js``) and, where Debian's chromium and
  chromedriver are installed, the time a query takes in the browser (MiniSearch, as the page runs it).

With ``--real``, the corpus is the longest folder of ``--shared`` (/work/shared/corpus: go-design, long
design documents) replicated to --docs documents, with a config of one type.

Targets (issue 24): cold <= 5 s on two cores for 1,000 long documents, one-change rebuild <= 0.5 s,
unchanged rebuild <= 0.3 s with 0 files written, index <= 2 MB, query <= 50 ms.
Wall time of medians of --repeat runs; CPU time (user + sys of the process and its children) too;
the load average (1 / 5 / 15 minutes) at the start and the end, since other jobs inflate wall times.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def timed(args: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(args, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {proc.stderr.strip()}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def corpus(root: Path, docs: int) -> list[Path]:
    if not (root / ".git").is_dir():
        sys.path.insert(0, str(REPO / "bench"))
        from gen_corpus import generate

        root.mkdir(parents=True, exist_ok=True)
        generate(max(1, docs // 6), root / "docs")
        (root / ".artifactkit.yaml").write_text("docs_root: docs\n")
        for args in (["init", "-q", "-b", "main"], ["add", "-A"],
                     ["-c", "user.name=Bench", "-c", "user.email=b@example.com", "commit", "-q", "-m", "corpus"]):
            subprocess.run(["git", *args], cwd=root, check=True)
    return sorted((root / "docs").rglob("*.md"))


def real_corpus(root: Path, docs: int, shared: Path) -> list[Path]:
    """The longest folder of ``shared`` (by bytes of Markdown), its documents copied until there are ``docs``."""
    if not (root / ".git").is_dir():
        folders = [f for f in shared.iterdir() if f.is_dir()]
        longest = max(folders, key=lambda f: sum(p.stat().st_size for p in f.rglob("*.md")))
        target = root / "docs" / "design"
        shutil.copytree(longest, target)
        originals = sorted(target.glob("*.md"))
        n = 0
        while len(originals) * (n + 1) < docs:
            n += 1
            for md in originals[: docs - len(originals) * n]:
                (target / f"{md.stem}-copy{n}.md").write_text(md.read_text(encoding="utf-8"), encoding="utf-8")
        (root / ".artifactkit.yaml").write_text(
            "docs_root: docs\ntypes:\n  proposal:\n    paths: [\"docs/design/*.md\"]\n    sections: [Abstract, Background, Proposal]\n"
        )
        for args in (["init", "-q", "-b", "main"], ["add", "-A"],
                     ["-c", "user.name=Bench", "-c", "user.email=b@example.com", "commit", "-q", "-m", "corpus"]):
            subprocess.run(["git", *args], cwd=root, check=True)
    return sorted((root / "docs" / "design").glob("*.md"))


def _load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def query_ms(site: Path, queries: list[str]) -> dict[str, float] | None:
    if not os.path.exists("/usr/bin/chromium") or not shutil.which("chromedriver"):
        return None
    import tempfile

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    profile = tempfile.mkdtemp()
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        driver.get((site / "search.html").as_uri())
        out = {}
        for q in queries:
            times = []
            for _ in range(5):
                times.append(float(driver.execute_script(
                    "const i = document.getElementById('search-input'); i.value = arguments[0];"
                    "i.dispatchEvent(new Event('input')); return document.body.getAttribute('data-search-ms');", q)))
            out[q] = statistics.median(times)
        return out
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/artifactkit-site-bench"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--real", action="store_true", help="the longest folder of --shared, replicated to --docs documents")
    parser.add_argument("--shared", type=Path, default=next((p for p in (REPO.parent / "shared/corpus", REPO.parent.parent / "shared/corpus") if p.is_dir()), REPO.parent / "shared/corpus"))
    args = parser.parse_args()
    if args.real and args.corpus == Path("/tmp/artifactkit-site-bench"):
        args.corpus = Path("/tmp/artifactkit-site-bench-real")
    root = args.corpus.resolve()
    # the package's bytecode, as `pip install .` writes it: with PYTHONDONTWRITEBYTECODE=1 (set on some
    # machines) an editable install never caches it, and every run would time the compiler too
    import compileall

    import artifactkit

    compileall.compile_dir(Path(artifactkit.__file__).parent, quiet=1)
    files = real_corpus(root, args.docs, args.shared.resolve()) if args.real else corpus(root, args.docs)
    out = root / "_site"
    exe = str(BIN / "artifactkit")
    print(f"{len(files)} documents, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB, {os.cpu_count()} cores, load {_load()} at the start")

    cold = []
    for _ in range(args.repeat):
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(root / ".artifactkit_cache", ignore_errors=True)
        cold.append(timed([exe, "site", "build"], root))
    one = []
    target = files[len(files) // 2]
    original = target.read_text(encoding="utf-8")
    for i in range(args.repeat):
        target.write_text(original + f"\nEdited for the benchmark, round {i}.\n", encoding="utf-8")
        one.append(timed([exe, "site", "build"], root))
    target.write_text(original, encoding="utf-8")
    timed([exe, "site", "build"], root)
    same = [timed([exe, "site", "build"], root) for _ in range(args.repeat)]
    written = subprocess.run([exe, "site", "build"], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
    peer = [timed([str(BIN / "markdown-it"), *map(str, files)], root) for _ in range(args.repeat)]

    index = (out / "assets" / "search-index.js").stat().st_size
    rows = [("site build, cold (no caches)", median(cold)), ("site build, one document changed", median(one)),
            ("site build, nothing changed", median(same)), ("peer: markdown-it FILE... (HTML to stdout)", median(peer))]
    for name, (wall, cpu) in rows:
        print(f"{name:44s} wall {wall:6.2f} s   cpu {cpu:6.2f} s")
    print(f"unchanged rebuild says: {written}")
    print(f"load average at the end: {_load()} (other jobs on the machine inflate wall times; CPU times less so)")
    print(f"cold build / markdown-it peer: {median(cold)[0] / median(peer)[0]:.2f}x wall, {median(cold)[1] / median(peer)[1]:.2f}x cpu")
    print(f"search index: {index / 1e6:.2f} MB (assets/search-index.js), site {sum(p.stat().st_size for p in out.rglob('*') if p.is_file()) / 1e6:.1f} MB")
    timings = query_ms(out, ["database", "rollback latency", "replica", "partiton", "zzzz"])
    if timings is None:
        print("query time: not measured (no chromium/chromedriver: apt-get install -y chromium chromium-driver)")
    else:
        print("query time in chromium (median of 5, ms): " + ", ".join(f"{q!r} {ms:.1f}" for q, ms in timings.items()))


if __name__ == "__main__":
    main()
