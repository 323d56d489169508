"""Time and memory of one lint of each pathological document (issue 12, items 6 and 8).

    python bench/hostile.py [--only NAME]

Each case is one document under the 8 MiB limit, linted by the installed command
(``artifactkit lint --no-cache --format json``) in its own folder; the table gives wall and CPU
time, the peak memory (``ru_maxrss``) and the size of the JSON report. Targets: pathological lines
under 1 s each; any single document under the limit in at most 2 s and 300 MB. The duplicate-number
case is 3,000 documents of one type all numbered 1: its report must stay small.
"""

from __future__ import annotations

import argparse
import os
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
}


def measure(cmd: list[str], cwd: Path) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak RSS in MB (the process or its largest worker), stdout bytes."""
    out = cwd / "report.json"
    start = time.perf_counter()
    with open(out, "wb") as fh:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=fh, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.stat().st_size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="", help="run the cases whose name contains this")
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


if __name__ == "__main__":
    main()
