"""Time artifactkit against peer linters on one generated corpus, in one run.

    python bench/run.py [--docs 10000] [--corpus DIR] [--repeat 10] [--mdl /tmp/mdl]

Generates (or reuses) a corpus with bench/gen_corpus.py, then measures, each as the median of
``--big-repeat`` runs for the corpus and ``--repeat`` runs for the single-file and ``--help`` cases:

* the floor: ``cat`` of every file (reading the bytes, nothing else);
* artifactkit lint, cold (``--no-cache``) and warm (cache present, nothing changed);
* rumdl check with only MD043 (required headings), cold (``--no-cache``) and warm (its own cache);
* markdownlint-cli2 with only MD043 (cold; it has no cache) if installed under ``--mdl``;
* ``artifactkit lint one.md`` (cold, no cache) and ``artifactkit --help``;
* artifactkit's peak memory on the corpus (``ru_maxrss`` of the process and of its largest worker);
* the documents of a known divergence class of pulldown-cmark and markdown-it-py, and how many of
  them the two really read differently (every document is read by pulldown-cmark, natively);
* whether the JSON report is byte-identical cold, warm, ``--no-cache``, ``--jobs 1`` and with every
  document read by markdown-it-py (``ARTIFACTKIT_OUTLINE=reference``).

Peers that are not installed are reported as "not installed". Exit codes are ignored: the
corpus has problems on purpose.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen_corpus  # noqa: E402

BIN = Path(sys.executable).parent
MD043 = ["*", "## Context", "*"]  # markdownlint syntax: any headings, a "## Context", any headings


CPU: dict[str, float] = {}  # label -> median CPU seconds (user + sys, child and its workers)


def timed(cmd, cwd, env=None) -> tuple[float, int, int]:
    """Wall seconds, peak RSS (KiB) of the child, and of its largest descendant; CPU time in LAST_CPU."""
    global LAST_CPU
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    LAST_CPU = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, usage.ru_maxrss, after.ru_maxrss


LAST_CPU = 0.0


def median(cmd, cwd, n, before=None, env=None, label=None) -> float:
    times, cpu = [], []
    for _ in range(n):
        if before:
            before()
        times.append(timed(cmd, cwd, env)[0])
        cpu.append(LAST_CPU)
    if label:
        CPU[label] = statistics.median(cpu)
    return statistics.median(times)


def fmt(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    return f"{seconds * 1000:.0f} ms" if seconds < 2 else f"{seconds:.2f} s"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10000, help="total documents (split over the six types)")
    ap.add_argument("--corpus", type=Path, default=None, help="corpus folder (default: a temp folder)")
    ap.add_argument("--repeat", type=int, default=11, help="runs for single-file and --help medians")
    ap.add_argument("--big-repeat", type=int, default=3, help="runs for each corpus-wide median")
    ap.add_argument("--mdl", type=Path, default=Path("/tmp/mdl"), help="folder where markdownlint-cli2 is npm-installed")
    ap.add_argument("--jobs", type=int, default=0, help="artifactkit --jobs (0: one per core)")
    args = ap.parse_args()

    # pip compiles a package's modules when it installs it; an editable install under
    # PYTHONDONTWRITEBYTECODE=1 never caches them, and every run would time the compiler too.
    import artifactkit

    compileall.compile_dir(Path(artifactkit.__file__).parent, quiet=1)

    corpus = gen_corpus.ensure(args.docs, args.corpus)
    docs = corpus / "docs"
    files = sorted(str(p.relative_to(corpus)) for p in docs.rglob("*.md"))
    size = sum((corpus / f).stat().st_size for f in files)
    print(f"corpus: {len(files)} documents, {size / 1e6:.1f} MB in {docs}; {os.cpu_count()} CPUs")

    print_outline_paths(corpus, files)
    cfgdir = Path(tempfile.mkdtemp(prefix="ak-bench-cfg-"))
    (cfgdir / "rumdl.toml").write_text(
        "[global]\nenable = [\"MD043\"]\n\n[MD043]\nheadings = [" + ", ".join(f'"{h}"' for h in MD043) + "]\n")
    (corpus / ".markdownlint-cli2.jsonc").write_text(
        '{ "config": { "default": false, "MD043": { "headings": ["' + '", "'.join(MD043) + '"] } } }\n')
    ak = [str(BIN / "artifactkit"), "lint"] + (["--jobs", str(args.jobs)] if args.jobs else [])
    rumdl = shutil.which("rumdl", path=str(BIN)) or shutil.which("rumdl")
    mdl = args.mdl / "node_modules" / ".bin" / "markdownlint-cli2"
    cache = corpus / ".artifactkit_cache"
    rumdl_cache = corpus / ".rumdl_cache"
    rows: list[tuple[str, float | None, str]] = []

    def drop_ak_cache():
        shutil.rmtree(cache, ignore_errors=True)

    # floor: read every byte once
    floor = median(["xargs", "-a", str(cfgdir / "list"), "cat"], corpus, args.big_repeat,
                   before=lambda: (cfgdir / "list").write_text("\n".join(files) + "\n"))
    rows.append(("read floor (cat of all files)", floor, ""))

    drop_ak_cache()
    ak_cold = median(ak + ["--no-cache", "docs"], corpus, args.big_repeat, label="artifactkit lint, cold (--no-cache)")
    ak_serial = median(ak + ["--no-cache", "--jobs", "1", "docs"], corpus, args.big_repeat, label="artifactkit lint, cold, --jobs 1 (no workers)")
    timed(ak + ["docs"], corpus)  # fill the cache
    ak_warm = median(ak + ["docs"], corpus, args.big_repeat, label="artifactkit lint, warm (cache, nothing changed)")
    _, rss, rss_children = timed(ak + ["--no-cache", "docs"], corpus)
    _, rss1, _ = timed(ak + ["--no-cache", "--jobs", "1", "docs"], corpus)

    rumdl_cold = rumdl_warm = mdl_cold = None
    if rumdl:
        base = [rumdl, "check", "--config", str(cfgdir / "rumdl.toml"), "--cache-dir", str(rumdl_cache)]
        rumdl_cold = median(base + ["--no-cache", "docs"], corpus, args.big_repeat, label="rumdl check MD043, cold (--no-cache)")
        timed(base + ["docs"], corpus)
        rumdl_warm = median(base + ["docs"], corpus, args.big_repeat, label="rumdl check MD043, warm (its cache)")
    if mdl.exists():
        mdl_cold = median([str(mdl), "docs/**/*.md"], corpus, max(1, args.big_repeat - 2), label="markdownlint-cli2 MD043 (no cache)")

    def ratio(a, b):
        return f"{a / b:.2f}x" if a and b else "n/a"

    rows.append(("artifactkit lint, cold (--no-cache)", ak_cold, f"{ratio(ak_cold, rumdl_cold)} rumdl, {ratio(ak_cold, mdl_cold)} markdownlint-cli2, {ratio(ak_cold, floor)} floor"))
    rows.append(("artifactkit lint, cold, --jobs 1 (no workers)", ak_serial, f"{ratio(ak_serial, ak_cold)} the forked workers' wall"))
    rows.append(("artifactkit lint, warm (cache, nothing changed)", ak_warm, f"{ratio(ak_warm, rumdl_warm)} rumdl warm, {ratio(ak_warm, floor)} floor"))
    rows.append(("rumdl check MD043, cold (--no-cache)", rumdl_cold, "" if rumdl else "not installed"))
    rows.append(("rumdl check MD043, warm (its cache)", rumdl_warm, "" if rumdl else "not installed"))
    rows.append(("markdownlint-cli2 MD043 (no cache)", mdl_cold, f"artifactkit is {mdl_cold / ak_cold:.1f}x faster" if mdl_cold else "not installed"))

    # the pre-commit case: one file, in a repository with a config (every real one has one)
    one = Path(tempfile.mkdtemp(prefix="ak-one-"))
    first = corpus / files[0]
    shutil.copy(first, one / "one.md")
    (one / ".artifactkit.yaml").write_text("docs_root: .\nignore: ['drafts/**']\nrules:\n  section-empty: warning\n")
    ak_one = median([str(BIN / "artifactkit"), "lint", "--no-cache", "one.md"], one, args.repeat, label="artifactkit lint one.md (no cache)")
    ak_one_warm = median([str(BIN / "artifactkit"), "lint", "one.md"], one, args.repeat)
    ak_help = median([str(BIN / "artifactkit"), "--help"], one, args.repeat, label="artifactkit --help")
    py_bare = median([sys.executable, "-c", "pass"], one, args.repeat, label="bare python -c pass")
    rumdl_one = median([rumdl, "check", "--no-cache", "--config", str(cfgdir / "rumdl.toml"), "one.md"], one, args.repeat) if rumdl else None
    rows.append(("artifactkit lint one.md (no cache)", ak_one, f"with a config; target ≤ 30 ms; {ratio(ak_one, py_bare)} python -c pass; {ratio(ak_one, rumdl_one)} rumdl"))
    rows.append(("artifactkit lint one.md (cache hit)", ak_one_warm, ""))
    rows.append(("artifactkit --help", ak_help, f"typer's help, no target; {ratio(ak_help, py_bare)} python -c pass"))
    rows.append(("bare python -c pass", py_bare, "interpreter start"))
    rows.append(("rumdl check one.md", rumdl_one, ""))

    width = max(len(r[0]) for r in rows)
    print(f"\n{'':<{width}}  {'wall':>9}  {'cpu':>9}  (medians; cpu = user+sys of the process and its workers)")
    for name, value, note in rows:
        cpu = fmt(CPU[name]) if name in CPU else ""
        print(f"{name:<{width}}  {fmt(value):>9}  {cpu:>9}  {note}")
    c = CPU
    def cratio(a, b):
        return f"{c[a] / c[b]:.2f}x" if c.get(a) and c.get(b) else "n/a"
    print(f"cpu ratios: cold {cratio('artifactkit lint, cold (--no-cache)', 'rumdl check MD043, cold (--no-cache)')} rumdl, "
          f"warm {cratio('artifactkit lint, warm (cache, nothing changed)', 'rumdl check MD043, warm (its cache)')} rumdl, "
          f"markdownlint-cli2 / artifactkit cold {cratio('markdownlint-cli2 MD043 (no cache)', 'artifactkit lint, cold (--no-cache)')}")
    print(f"{'artifactkit peak memory, default jobs':<{width}}  {rss / 1024:>6.0f} MB  (largest worker {rss_children / 1024:.0f} MB)")
    print(f"{'artifactkit peak memory, --jobs 1':<{width}}  {rss1 / 1024:>6.0f} MB  target ≤ 100 MB")
    check_reports(ak, corpus)


def print_outline_paths(corpus: Path, files: list[str]) -> None:
    """How many documents fall in a known divergence class of the two parsers (tests/pulldown_walk.py,
    the former deferral rules), and how many of those pulldown-cmark and markdown-it-py really read differently."""
    import dataclasses
    import sys
    from collections import Counter

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    import pulldown_walk

    from artifactkit.document import frontmatter, markdown, model, pulldown

    classes: Counter = Counter()
    differ = 0
    for name in files:
        lines = model.split_lines((corpus / name).read_text(encoding="utf-8"))
        start = frontmatter.parse(lines).body_start
        body = "".join(lines[start:])
        reason = pulldown_walk.deferral(pulldown.normalize(body))
        if reason is not None:
            classes[reason] += 1
            native, reference = pulldown.build_outline(body, start), markdown.build_outline_reference(body, start)
            differ += dataclasses.asdict(native) != dataclasses.asdict(reference)
    total = sum(classes.values())
    print(f"divergence classes: {total} of {len(files)} documents ({total / len(files):.1%}) "
          + ", ".join(f"{path} {count}" for path, count in classes.most_common())
          + f"; {differ} read differently by pulldown-cmark and markdown-it-py (all read by pulldown-cmark)")


def check_reports(ak: list[str], corpus: Path) -> None:
    """The JSON report must be byte-identical cold, warm, --no-cache, --jobs 1 and read by markdown-it-py."""
    cache = corpus / ".artifactkit_cache"

    def report(*extra: str, env: dict | None = None) -> bytes:
        return subprocess.run(ak + ["--format", "json", *extra, "docs"], cwd=corpus, capture_output=True,
                              env={**os.environ, **(env or {})}, check=False).stdout

    shutil.rmtree(cache, ignore_errors=True)
    reports = {"cold (cache filled)": report(), "warm": report(), "--no-cache": report("--no-cache"),
               "--jobs 1 --no-cache": report("--jobs", "1", "--no-cache"),
               "read by markdown-it-py (ARTIFACTKIT_OUTLINE=reference)": report("--no-cache", env={"ARTIFACTKIT_OUTLINE": "reference"})}
    first = reports["cold (cache filled)"]
    for name, blob in reports.items():
        print(f"JSON report {name}: {len(blob)} bytes, {'identical' if blob == first else 'DIFFERENT'}")


if __name__ == "__main__":
    main()
