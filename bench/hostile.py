"""Time and memory of one lint of each pathological document (issue 12, items 6 and 8), and of
each hostile repository file (issue 22: results cache, rule files, globs, baseline, branches).

    python bench/hostile.py [--only NAME] [--timeout S]

Each case is one document under the 8 MiB limit, linted by the installed command
(``artifactkit lint --no-cache --format json``) in its own folder; the table gives wall and CPU
time, the peak memory (``ru_maxrss``) and the size of the JSON report. Targets: pathological lines
under 1 s each; any single document under the limit in at most 2 s and 300 MB. The duplicate-number
case is 3,000 documents of one type all numbered 1: its report must stay small.

The repository cases (``REPO_CASES``) build a small repository around one hostile file other
than a document and run one command there; a run past ``--timeout`` is killed and shown as
MISSED. Each must end in at most 2 s and 300 MB with exit 0, 1 or 2 (never 3). To compare with
older code, run this script with the Python of an environment where that code is installed.
The ``--fix`` cases (``FIX_CASES``) are timed against ``lint`` of the same repository in the same
run: at most ``FIX_RATIO`` times as long, and never an internal error.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
FRONT = "---\ntype: adr\nstatus: Accepted\ndate: 2024-01-01\ndeciders: [A]\n---\n# Title\n\n## Context\n\n"
MB = 1024 * 1024


def _table(rows: int, cols: int) -> str:
    row = "|" + "x|" * cols + "\n"
    return row + "|" + "-|" * cols + "\n" + row * rows


# name -> (document text, target seconds); "lines" cases are the pathological lines of item 6
CASES = {
    "lines: a line of 1 MB of '|' then 'abc'": lambda: FRONT + "|" * MB + "\nabc\n",
    "lines: ('<'*100+'|')*20000": lambda: FRONT + ("<" * 100 + "|") * 20000 + "\n",
    "lines: 1 MB of spaces then '>'": lambda: FRONT + " " * MB + ">\n",
    "lines: 1 MB of '- |' ": lambda: FRONT + "- " + "|" * MB + "x\n",
    "lines: 1 MB of ']:' then an indented line": lambda: FRONT + "]:" * (MB // 2) + "\n    x\n",
    "lines: 300k unclosed disable comments": lambda: FRONT + "<!-- artifactkit-disable x" * 300000 + "\n",
    "lines: 1 MB of '[' then '](x)'": lambda: FRONT + "[" * MB + "](x)\n",
    "lines: 1 MB of '`' runs": lambda: FRONT + "`a``" * (MB // 4) + "\n",
    "lines: 1 MB of '*a'": lambda: FRONT + "*a" * (MB // 2) + "\n",
    "lines: 1 MB of '<a' and a tab (formerly markdown-it-py's)": lambda: FRONT + "\t\n\n" + "<a" * (MB // 2) + "\n",
    "edge: 49k '<a' and a tab (formerly markdown-it-py's)": lambda: FRONT + "\t\n\n" + "<a " * 49_000 + "\n",
    "edge: 2 MiB of prose and a tab (formerly markdown-it-py's)": lambda: FRONT + "\t\n\n" + ("word " * 15 + "\n") * (2 * MB // 80),
    "big: 2000 x 2030 table": lambda: FRONT + _table(2000, 2030),
    "big: 2M one-column rows": lambda: FRONT + "|a\n|-\n" + "|a\n" * 2_000_000,
    "big: 100k link reference definitions": lambda: FRONT + "".join(f"[l{i}]: #l{i}\n" for i in range(100_000)),
    "edge: 95k link reference definitions": lambda: FRONT + "".join(f"[l{i}]: #l{i}\n" for i in range(95_000)),
    "big: 1.5M CR-only lines": lambda: FRONT + "a\r" * 1_500_000,
    "big: 7.5 MB of prose lines": lambda: FRONT + ("word " * 15 + "\n") * (15 * MB // 152),
    "big: 1M list items": lambda: FRONT + "- a\n" * 1_000_000,
    "big: 1M headings": lambda: FRONT + "".join(f"## h{i}\n" for i in range(700_000)),
    # just under the element limits (pulldown.MAX_ELEMENTS, MAX_HEADINGS): the most a document may hold
    "edge: 650 x 300 table": lambda: FRONT + _table(650, 300),
    "edge: 95k list items": lambda: FRONT + "- a\n" * 95_000,
    "edge: 195k lines of one paragraph": lambda: FRONT + "a b\n" * 195_000,
    "edge: 9,990 headings with text": lambda: FRONT + "".join(f"## h{i}\n\nword\n" for i in range(9_990)),
    # issue 22 item 6: pulldown-cmark's event list held ~100 bytes per '<' (489 MB)
    "big: 8 MB of '< '": lambda: FRONT + "< " * (4 * MB - 60),
    "edge: 1.19M '<3 ' (just under the limit)": lambda: FRONT + "<3 " * 1_190_000 + "\n",
}

ADR = FRONT + "Because.\n\n## Decision\n\nWe do.\n\n## Alternatives\n\nNone.\n\n## Consequences\n\nFine.\n"
RUNBOOKS = 'runbooks:\n  alert_rules: ["monitoring/*.rules.yml"]\n  urls: {"https://x.example/": docs/runbooks}\n'
RULE = '  - alert: A{i}\n    expr: up == 0\n    annotations: {{description: "{text}", runbook_url: "https://x.example/a{i}"}}\n'


def _repo(folder: Path, config: str = "", rules: str | None = None) -> None:
    (folder / "docs" / "adr").mkdir(parents=True)
    (folder / "docs" / "adr" / "0001-x.md").write_text(ADR)
    (folder / ".artifactkit.yaml").write_text(config or "docs_root: docs\n")
    if rules is not None:
        (folder / "monitoring").mkdir()
        (folder / "monitoring" / "a.rules.yml").write_text(rules)


def _git(folder: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@x", "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@x"}
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, env=env)


def cache_nested(folder: Path, exe: str) -> list[str]:
    """The document's entry in the results index replaced by a row nested 100,000 deep (used
    without re-hashing: the document's size and an old mtime, as tests/hostile/test_round3_bounds.py does)."""
    import sqlite3
    from contextlib import closing

    _repo(folder)
    subprocess.run([exe, "lint", "docs"], cwd=folder, capture_output=True)  # writes the index
    (index,) = (folder / ".artifactkit_cache").glob("results-*.sqlite")
    doc = folder / "docs" / "adr" / "0001-x.md"
    os.utime(doc, (1, 1))
    with closing(sqlite3.connect(index)) as conn, conn:
        row = b"[" * 100_000 + b"]" * 100_000
        conn.execute("UPDATE entries SET row = ?, size = ?, mtime_ns = ?", (row, doc.stat().st_size, doc.stat().st_mtime_ns))
    return ["lint", "--format", "json", "docs"]


def rules_alias_bomb(folder: Path, _exe: str) -> list[str]:
    """24 KB: 2,400 groups, each an alias of one group of 2,400 aliases of one alert (5.8M alerts)."""
    n = 2_400
    rule = '&r {alert: A, annotations: {runbook_url: "https://x.example/a"}}'
    text = f"x:\n  - &g\n    name: g\n    rules: [{rule}{', *r' * n}]\ngroups: [{', '.join(['*g'] * n)}]\n"
    _repo(folder, RUNBOOKS, text)
    return ["lint", "--no-cache", "--format", "json", "docs"]


def rules_nested(folder: Path, _exe: str) -> list[str]:
    _repo(folder, RUNBOOKS, "groups: " + "[" * 100_000 + "]" * 100_000 + "\n")
    return ["lint", "--no-cache", "--format", "json", "docs"]


def rules_big(text_len: int):
    def setup(folder: Path, _exe: str) -> list[str]:
        parts, size, i = ["groups:\n- name: g\n  rules:\n"], 0, 0
        while size < 7.5 * MB:
            parts.append(RULE.format(i=i, text="w" * text_len))
            size += len(parts[-1])
            i += 1
        _repo(folder, RUNBOOKS, "".join(parts))
        return ["lint", "--no-cache", "--format", "json", "docs"]

    return setup


def rules_outside(folder: Path, _exe: str) -> list[str]:
    _repo(folder, RUNBOOKS.replace("monitoring/*.rules.yml", "/etc/*"), "")
    return ["lint", "--no-cache", "--format", "json", "docs"]


def rules_link_loop(folder: Path, _exe: str) -> list[str]:
    """Two folder links to '.': glob.glob's '**' follows them 2^40 ways."""
    _repo(folder, RUNBOOKS.replace("monitoring/*.rules.yml", "monitoring/**/*.rules.yml"), "groups: []\n")
    os.symlink(".", folder / "monitoring" / "a")
    os.symlink(".", folder / "monitoring" / "b")
    return ["lint", "--no-cache", "--format", "json", "docs"]


GLOB = "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b"


def glob_ignore(key: str):
    def setup(folder: Path, _exe: str) -> list[str]:
        config = {
            "ignore": f'docs_root: docs\nignore: ["{GLOB}"]\n',
            "paths": f'docs_root: docs\ntypes:\n  mine:\n    paths: ["{GLOB}"]\n    sections: [A]\n',
        }[key]
        _repo(folder, config)
        (folder / "docs" / "adr" / ("a" * 60 + ".md")).write_text(ADR)
        return ["lint", "--no-cache", "--format", "json", "docs"]

    return setup


def baseline(count: str):
    def setup(folder: Path, _exe: str) -> list[str]:
        _repo(folder)
        entry = f'{{"path": "docs/adr/0009-gone.md", "rule": "r", "section": null, "message": "m", "count": {count}}}'
        (folder / ".artifactkit-baseline.json").write_text(f'{{"version": 1, "findings": [{entry}]}}')
        return ["lint", "--no-cache", "--format", "json", "docs"]

    return setup


def branch_blob(folder: Path, _exe: str) -> list[str]:
    """A numbered document no glob claims, 300 MB, on another branch: typed from its front matter."""
    _repo(folder)
    _git(folder, "init", "-q", "-b", "main")
    _git(folder, "add", ".")
    _git(folder, "commit", "-q", "-m", "one")
    _git(folder, "checkout", "-q", "-b", "other")
    big = folder / "docs" / "notes" / "0002-big.md"
    big.parent.mkdir()
    with open(big, "w") as fh:
        fh.write("---\ntype: adr\n---\n# Big\n\n")
        line = "word " * 20 + "\n"
        for _ in range(300 * MB // len(line)):
            fh.write(line)
    _git(folder, "add", ".")
    _git(folder, "commit", "-q", "-m", "big")
    _git(folder, "checkout", "-q", "main")
    return ["lint", "--no-cache", "--check-branches", "--format", "json", "docs"]


def fix_links(count: int, href: str):
    """A repository whose one document holds ``count`` broken links: ``lint --fix`` re-checks a
    repair by linting the document again, so the repairs of a rule are checked together (and at
    most 20 one at a time), and ``--fix`` costs a few lints of the document, never one per link."""

    def setup(folder: Path) -> None:
        _repo(folder)
        links = "".join(f"See [item {i}]({href.format(i=i)}).\n" for i in range(count))
        (folder / "docs" / "adr" / "0002-links.md").write_text(FRONT.replace("# Title", "# Links") + links + ADR[len(FRONT) :])

    return setup


# name -> setup(folder): `lint --fix` against `lint` of the same repository, measured in the same run
FIX_CASES = {
    "fix: 20,000 links without https:// (all repaired)": fix_links(20_000, "example.org/issue/{i}"),
    "fix: 20,000 links to a missing 0009-x-{i}.md (none)": fix_links(20_000, "0009-x-{i}.md"),
}
FIX_RATIO = 5.0  # lint, the document's lint before and after the repairs, its parse for them


def fix_cases(exe: str, only: str, timeout: float) -> None:
    for name, setup in FIX_CASES.items():
        if only not in name:
            continue
        walls = []
        for args in (["lint", "--no-cache", "docs"], ["lint", "--fix", "--no-cache", "docs"]):
            folder = Path(tempfile.mkdtemp(prefix="ak-hostile-"))
            setup(folder)
            wall, cpu, peak, size, status = measure_exit([exe, *args], folder, timeout)
            walls.append(wall)
            subprocess.run(["rm", "-rf", str(folder)], check=False)
        ratio = walls[1] / walls[0]
        flag = "" if status in (0, 1) and ratio <= FIX_RATIO and peak <= 300 else "  MISSED"
        print(f"{name:<52} {'':>5} {wall:6.2f}s {cpu:6.2f}s {peak:6.0f}MB {ratio:7.1f}x lint{flag}")


# name -> setup(folder, exe) returning the command's arguments
REPO_CASES = {
    "cache: results index entry nested 100,000 deep": cache_nested,
    "rules: 24 KB alias bomb (5.8M alerts)": rules_alias_bomb,
    "rules: nested 100,000 deep": rules_nested,
    "rules: 7.5 MB, 60k short rules": rules_big(10),
    "rules: 7.5 MB, 3,700 rules of 2 KB": rules_big(2000),
    "rules: alert_rules ['/etc/*']": rules_outside,
    "rules: '**' through two links to '.'": rules_link_loop,
    "globs: ignore *a*a..*b, 60-char name": glob_ignore("ignore"),
    "globs: paths *a*a..*b, 60-char name": glob_ignore("paths"),
    "baseline: count 30,000,000": baseline("30000000"),
    "baseline: count Infinity": baseline("Infinity"),
    "branches: 300 MB blob on another branch": branch_blob,
}


def measure(cmd: list[str], cwd: Path, timeout: float = 0) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak RSS in MB (the process or its largest worker), stdout bytes."""
    wall, cpu, peak, size, _ = measure_exit(cmd, cwd, timeout)
    return wall, cpu, peak, size


def measure_exit(cmd: list[str], cwd: Path, timeout: float = 0) -> tuple[float, float, float, int, int | None]:
    """``measure`` and the exit status (None: killed after ``timeout`` seconds)."""
    out = cwd / "report.json"
    start = time.perf_counter()
    with open(out, "wb") as fh:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=fh, stderr=subprocess.DEVNULL, start_new_session=True)
        status = None
        while True:
            pid, raw, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                status = os.waitstatus_to_exitcode(raw)
                break
            if timeout and time.perf_counter() - start > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                _, raw, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.stat().st_size, status


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="", help="run the cases whose name contains this")
    ap.add_argument("--timeout", type=float, default=30.0, help="kill a repository case after this many seconds")
    args = ap.parse_args()
    exe = str(BIN / "artifactkit")
    print(f"{'case':<52} {'MB':>5} {'wall':>7} {'cpu':>7} {'peak':>8} {'report':>9}")
    for name, make in CASES.items():
        if args.only not in name:
            continue
        folder = Path(tempfile.mkdtemp(prefix="ak-hostile-"))
        text = make()
        (folder / "doc.md").write_text(text, encoding="utf-8", newline="")
        wall, cpu, peak, size = measure([exe, "lint", "--no-cache", "--format", "json", "doc.md"], folder)
        target = 1.0 if name.startswith("lines") else 2.0
        flag = "" if wall <= target and peak <= 300 else "  MISSED"
        print(f"{name:<52} {len(text.encode()) / MB:5.1f} {wall:6.2f}s {cpu:6.2f}s {peak:6.0f}MB {size:8d}B{flag}")
    if not args.only or args.only in "3000 ADRs numbered 1":
        folder = Path(tempfile.mkdtemp(prefix="ak-hostile-"))
        docs = folder / "docs" / "adr"
        docs.mkdir(parents=True)
        for i in range(3000):
            (docs / f"0001-decision-{i}.md").write_text(FRONT.replace("# Title", f"# Decision {i}") + "Because.\n")
        wall, cpu, peak, size = measure([exe, "lint", "--no-cache", "--format", "json", "docs"], folder)
        print(f"{'3000 ADRs numbered 1 (whole folder)':<52} {'':>5} {wall:6.2f}s {cpu:6.2f}s {peak:6.0f}MB {size:8d}B")
    repo_cases(exe, args.only, args.timeout)
    fix_cases(exe, args.only, args.timeout)


def repo_cases(exe: str, only: str, timeout: float) -> None:
    for name, setup in REPO_CASES.items():
        if only not in name:
            continue
        folder = Path(tempfile.mkdtemp(prefix="ak-hostile-"))
        args = setup(folder, exe)
        wall, cpu, peak, size, status = measure_exit([exe, *args], folder, timeout)
        shown = "killed" if status is None else f"exit {status}"
        flag = "" if status in (0, 1, 2) and wall <= 2.0 and peak <= 300 else "  MISSED"
        print(f"{name:<52} {'':>5} {wall:6.2f}s {cpu:6.2f}s {peak:6.0f}MB {size:8d}B {shown}{flag}")
        subprocess.run(["rm", "-rf", str(folder)], check=False)


# --- site build (issue 22 item 5): what took the anchor and task-list plugins minutes --------------------
SITE_CASES = {
    "site: 20,000 '## a' headings": lambda: FRONT + "## a\n" * 20_000,
    "site: 20,000 task items": lambda: FRONT + "- [ ] a\n" * 20_000,
    "site: 1 MB table": lambda: FRONT + _table(MB // 60, 30),
    "site: 9,990 headings with text": lambda: FRONT + "".join(f"## h{i}\n\nword\n" for i in range(9_990)),
}


def site_cases(only: str) -> None:
    """``artifactkit site build --no-cache`` on one pathological document each; target 2 s and 300 MB."""
    exe = str(BIN / "artifactkit")
    for name, make in SITE_CASES.items():
        if only not in name:
            continue
        folder = Path(tempfile.mkdtemp(prefix="ak-hostile-site-"))
        (folder / "docs" / "adr").mkdir(parents=True)
        (folder / ".artifactkit.yaml").write_text("docs_root: docs\n")
        text = make()
        (folder / "docs" / "adr" / "0001-doc.md").write_text(text, encoding="utf-8", newline="")
        wall, cpu, peak, size = measure([exe, "site", "build", "--no-cache"], folder)
        flag = "" if wall <= 2.0 and peak <= 300 else "  MISSED"
        print(f"{name:<52} {len(text.encode()) / MB:5.1f} {wall:6.2f}s {cpu:6.2f}s {peak:6.0f}MB {size:8d}B{flag}")


if __name__ == "__main__":
    main()
    site_cases(sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else "")
