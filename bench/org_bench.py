"""Benchmark the merged site of a generated organisation (issue 26's targets).

    python bench/org_bench.py [--repos 500] [--docs 100] [--real 5] [--root /tmp/org-bench]

* ``--real`` git repositories of ``--docs`` documents each are generated with bench/gen_corpus.py
  (different seeds) and exported with ``artifactkit export``; the other repositories' catalogues are
  derived from those by rewriting them: the repository's name and revision, each title and the
  search text get the repository's name and a word of its own, numbers are kept, and every tenth
  repository's ADR 1 is superseded by the ADR 2 of the repository before it (a relation across
  repositories). Generating and exporting 500 git repositories would take most of the run and
  measure ``export``, not the merged site; ``export``'s own time per repository is reported.
* The merged site is built cold (empty output folder) in a fresh process, from a config's
  ``catalogs:`` list, then again with nothing changed.
* Peers, in the same run: ``artifactkit list --catalog`` over the same catalogues (reading and
  checking them against the schema: the floor of any build from them), and one repository's own
  ``site build --no-cache`` (per document).
* Sizes: the first page (index.html with the CSS and script it loads), the search page before a
  query, the largest search shard and all shards together.

Targets: merged build <= 30 s on two cores, first page <= 2 MB, memory <= 1 GB.
Wall time and CPU time (user + sys of the process and its children); peak RSS of the build process.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENV = {"ARTIFACTKIT_TODAY": "2026-12-01"}

# runs a command and prints its wall time, CPU time and peak RSS (of that command alone)
MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
wall = time.perf_counter() - start
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": proc.returncode, "err": proc.stderr[-2000:], "wall": wall, "cpu": r.ru_utime + r.ru_stime, "rss_mb": r.ru_maxrss / 1024}))
"""


def measure(args: list[str], cwd: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", MEASURE, *args], cwd=cwd, env={**os.environ, **ENV}, capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    if result["code"] != 0:
        raise SystemExit(f"{' '.join(args[:3])}... failed: {result['err'].strip()}")
    return result


def real_repo(root: Path, seed: int, docs: int) -> Path:
    sys.path.insert(0, str(REPO / "bench"))
    from gen_corpus import generate

    repo = root / f"real-{seed}"
    if (repo / ".git").is_dir():
        return repo
    repo.mkdir(parents=True)
    files = generate(-(-docs // 6), repo / "docs", seed=seed)
    for extra in sorted(files)[docs:]:  # gen_corpus writes the same number of each type
        extra.unlink()
    (repo / ".artifactkit.yaml").write_text("docs_root: docs\n")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["-c", "user.name=Bench", "-c", "user.email=b@example.com", "commit", "-q", "-m", "docs"]):
        subprocess.run(["git", *args], cwd=repo, check=True)
    return repo


def derive(base: dict, index: int) -> dict:
    """Another repository's catalogue from a real one: new name, revision, titles and a word of its own."""
    name = f"svc-{index:03d}"
    data = json.loads(json.dumps(base))
    data["repository"] = {"name": name, "revision": f"{index:040x}"}
    word = f"word{index:03d}"
    for doc in data["documents"]:
        doc["title"] = f"{doc['title']} ({name})"
        doc["search_text"] = f"{doc['search_text']} {word}"
        doc["relations"] = [r for r in doc["relations"] if "#" not in r["target"]]
        if index % 10 == 0 and index > 0 and doc["id"] == "adr-1":
            doc["relations"].append({"kind": "superseded_by", "target": f"svc-{index - 1:03d}#adr-2"})
            doc["status"] = "Superseded"
    return data


def search_seconds(site: Path, repo: str, word: str) -> dict[str, float] | None:
    """Seconds from opening search.html?q=... until the results show, in headless Chromium: with the
    repository facet set (that repository's records in MiniSearch), across all repositories (the
    index split by term), and a second query across all repositories."""
    if not os.path.exists("/usr/bin/chromium") or not shutil.which("chromedriver"):
        return None
    import tempfile

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    profile = tempfile.mkdtemp()
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_page_load_timeout(600)

    def shown(d) -> bool:  # every shard the search needs is in and its results are shown
        return d.execute_script("return document.body.getAttribute('data-searches')") is not None

    out = {}
    try:
        for label, query in (("one repository", f"q={word}&repo={repo}"), ("all repositories", f"q={word}")):
            start = time.perf_counter()
            driver.get((site / "search.html").as_uri() + "?" + query)
            WebDriverWait(driver, 600, poll_frequency=0.05).until(shown)
            out[label] = time.perf_counter() - start
        done = driver.execute_script("return document.body.getAttribute('data-searches')")
        start = time.perf_counter()
        driver.execute_script("const i = document.getElementById('search-input'); i.value = 'rollback'; i.dispatchEvent(new Event('input'));")
        WebDriverWait(driver, 600, poll_frequency=0.05).until(lambda d: d.execute_script("return document.body.getAttribute('data-searches')") != done)
        out["a second query (all repositories)"] = time.perf_counter() - start
        return out
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def size(folder: Path, *names: str) -> int:
    return sum((folder / n).stat().st_size for n in names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=500)
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--real", type=int, default=5)
    parser.add_argument("--root", type=Path, default=Path("/tmp/org-bench"))
    parser.add_argument("--no-browser", action="store_true", help="skip the search timings in Chromium")
    args = parser.parse_args()
    root = args.root
    root.mkdir(parents=True, exist_ok=True)
    exe = str(BIN / "artifactkit")

    exports = []
    bases = []
    for seed in range(1, args.real + 1):
        repo = real_repo(root, seed, args.docs)
        target = root / f"real-{seed}.json"
        shutil.rmtree(repo / ".artifactkit_cache", ignore_errors=True)
        exports.append(measure([exe, "export", "--output", str(target)], repo))
        bases.append(json.loads(target.read_text()))
    catalogs = root / "catalogs"
    shutil.rmtree(catalogs, ignore_errors=True)
    catalogs.mkdir()
    paths = []
    for i in range(args.repos):
        path = catalogs / f"svc-{i:03d}.json"
        path.write_text(json.dumps(derive(bases[i % len(bases)], i), ensure_ascii=False, sort_keys=True, indent=1) + "\n")
        paths.append(path.relative_to(root).as_posix())
    (root / ".artifactkit.yaml").write_text("catalogs:\n" + "".join(f"  - {p}\n" for p in paths))
    total_docs = sum(len(bases[i % len(bases)]["documents"]) for i in range(args.repos))
    catalog_bytes = sum((root / p).stat().st_size for p in paths)

    out = root / "_site"
    shutil.rmtree(out, ignore_errors=True)
    cold = measure([exe, "site", "build", "--out", str(out)], root)
    again = measure([exe, "site", "build", "--out", str(out)], root)
    listed = measure([exe, "list", "--format", "json", *(f"--catalog={p}" for p in paths)], root)
    single_repo = root / "real-1"
    shutil.rmtree(single_repo / "_site", ignore_errors=True)
    single = measure([exe, "site", "build", "--no-cache"], single_repo)

    first = size(out, "index.html", "assets/site.css", "assets/merged.js")
    search = size(out, "search.html", "assets/site.css", "assets/merged.js", "assets/minisearch.js")
    shards = sorted((out / "assets/search").glob("*.js"), key=lambda p: p.stat().st_size)
    pages = sum(1 for _ in out.rglob("*.html"))
    mb = 1024 * 1024

    print(f"organisation: {args.repos} repositories, {total_docs} documents ({args.real} real repositories exported, the rest derived); catalogues {catalog_bytes / mb:.1f} MB")
    print(f"export, per real repository of {args.docs} documents: " + ", ".join(f"{e['wall']:.2f} s ({e['cpu']:.2f} s CPU)" for e in exports))
    for label, r in (("merged site, cold", cold), ("merged site, nothing changed", again), ("peer: list --catalog (read + check)", listed), (f"peer: one repository's site build --no-cache ({args.docs} docs)", single)):
        print(f"{label}: {r['wall']:.2f} s wall, {r['cpu']:.2f} s CPU, peak RSS {r['rss_mb']:.0f} MB")
    print(f"ratios: cold build / reading the catalogues = {cold['cpu'] / listed['cpu']:.2f} (CPU); per document, merged / one repository's own site = {cold['cpu'] / total_docs / (single['cpu'] / args.docs):.3f} (CPU)")
    print(f"pages: {pages} HTML files; first page (index.html + CSS + script) {first / 1024:.0f} KB; search page before a query {search / 1024:.0f} KB")
    print(f"search shards, one per repository (for a search narrowed to it): {len(shards)}, largest {shards[-1].stat().st_size / 1024:.0f} KB, all {sum(p.stat().st_size for p in shards) / mb:.1f} MB")
    terms = sorted((out / "assets/terms").glob("*.js"), key=lambda p: p.stat().st_size)
    chunks = list((out / "assets/docs").glob("*.js"))
    print(
        f"index of all repositories: {len(terms)} term files, largest {terms[-1].stat().st_size / 1024:.0f} KB, all {sum(p.stat().st_size for p in terms) / mb:.1f} MB; "
        f"{len(chunks)} title files, all {sum(p.stat().st_size for p in chunks) / mb:.1f} MB (a query loads the files of its words and of its first 100 hits)"
    )
    browser = None if args.no_browser else search_seconds(out, f"svc-{args.repos // 2:03d}", f"word{args.repos // 2:03d}")
    if browser:
        print("search in Chromium (page opened to results shown): " + ", ".join(f"{k} {v:.2f} s" for k, v in browser.items()))
    load = os.getloadavg()[0]
    print(f"targets: build <= 30 s: wall {'met' if cold['wall'] <= 30 else 'MISSED'}, CPU {'met' if cold['cpu'] <= 30 else 'MISSED'} (one process; load average now {load:.1f}); first page <= 2 MB: {'met' if first <= 2 * mb else 'MISSED'}; memory <= 1 GB: {'met' if cold['rss_mb'] <= 1024 else 'MISSED'}")


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"(bench ran {time.perf_counter() - start:.0f} s)")
