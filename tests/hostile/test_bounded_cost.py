"""Hostile input cannot make lint slow or huge (issue 12, items 6 and 8).

Growth is measured, never a duration: each scan over document text is run at two sizes, n and 8n,
and its CPU time may grow at most 24-fold (linear code grows about 8-fold, a quadratic scan
64-fold). Whole documents under the 8 MiB limit are linted by the installed command in a child
process held to 800 MB of address space, and its peak memory (``ru_maxrss``) must stay under
300 MB; the report's size is compared at two sizes of input. Timings of whole runs are in
bench/hostile.py, not here.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from artifactkit.document import model, pulldown, sections

EXE = str(Path(sys.executable).parent / "artifactkit")
FRONT = "---\ntype: adr\nstatus: Accepted\ndate: 2024-01-01\ndeciders: [A]\n---\n# Title\n\n## Context\n\n"


def cpu_per_call(func, arg) -> float:
    """Best CPU seconds of one call, repeated until a sample takes a few milliseconds."""
    reps, best = 1, float("inf")
    while True:
        start = time.process_time()
        for _ in range(reps):
            func(arg)
        spent = time.process_time() - start
        if spent > 0.005 or reps >= 1024:
            break
        reps *= 4
    for _ in range(3):
        start = time.process_time()
        for _ in range(reps):
            func(arg)
        best = min(best, (time.process_time() - start) / reps)
    return best


def growth(func, make, n: int) -> float:
    small, large = make(n), make(8 * n)
    func(small)  # warm up: imports, compiled patterns
    return cpu_per_call(func, large) / max(cpu_per_call(func, small), 1e-7)


def outline_scans(body: str):
    """What artifactkit does to read an outline: the native pass over pulldown-cmark's events and
    the native builder (not ``check_budget``, whose estimate steps up at its thresholds)."""
    from artifactkit import _native

    return _native.build_outline(pulldown.normalize(body), 0, pulldown.MAX_HEADINGS, pulldown.HOOKS)


# The pathological lines of issue 12 item 6 and their siblings, one per pattern or loop over the text.
LINES = {
    "pipes then abc": lambda n: "|" * n + "\nabc\n",
    "angles and a pipe": lambda n: ("<" * 100 + "|") * (n // 101) + "\n",
    "spaces then >": lambda n: " " * n + ">\n",
    "> and spaces": lambda n: "> " * (n // 2) + "x\n",
    "list marker then pipes": lambda n: "- " + "|" * n + "x\n",
    "pipes over a dash line": lambda n: "#" + "|" * n + "\nx-\n",
    "pipes over a long delimiter": lambda n: "x|\n" + " " * n + "x\n",
    "delimiter rows": lambda n: "a\nb|\n" + "-|" * (n // 2) + "x\n" + "|-\n" * (n // 3),
    "definitions": lambda n: "]:" * (n // 2) + "\n    x\n",
    "definition destinations": lambda n: "[a]:" + " " * n + "x\n",
    "unclosed disable comments": lambda n: "## A\n\n<!-- artifactkit-disable x" * (n // 30) + "\n",
    "brackets": lambda n: "## A\n\n" + "[" * n + "](x)\n",
    "code spans": lambda n: "## A\n\n" + "`a``" * (n // 4) + "\n",
    "emphasis": lambda n: "## A\n\n" + "*a" * (n // 2) + "\n",
    "lines of a paragraph": lambda n: "## A\n\n" + "a b\n" * (n // 4),
    "table cells": lambda n: "## A\n\n|" + "x|" * 50 + "\n|" + "-|" * 50 + "\n" + ("|" + "x|" * 50 + "\n") * (n // 101),
}


@pytest.mark.parametrize("name", LINES)
def test_outline_scans_grow_linearly(name):
    assert growth(outline_scans, LINES[name], 8_000) < 24


@pytest.mark.parametrize(("func", "make"), [
    (model.split_lines, lambda n: "a\r" * (n // 2)),
    (sections.find_placeholders, lambda n: "{" * n + "}"),
    (sections.find_placeholders, lambda n: "<" * n),
    (lambda text: sections.NA_RE.match(text), lambda n: "N/A" + " " * n + "\u2028x"),
    (lambda text: sections.OutlineBuilder().html_block(text), lambda n: "<!-- artifactkit-disable x" * (n // 30)),
])
def test_text_helpers_grow_linearly(func, make):
    assert growth(func, make, 8_000) < 24


def test_one_reading_one_limit():
    """No document goes to markdown-it-py any more: a tab no longer sends one to a slower parser
    with smaller limits; the element limit holds for every document."""
    with pytest.raises(pulldown.TooComplex):
        pulldown.build_outline("|" * 300_000, 0)
    assert pulldown.build_outline("\t\n\n## A\n\n" + "<a " * 60_000, 0).sections["a"] is not None


def lint_child(folder: Path, *paths: str) -> tuple[subprocess.CompletedProcess, float]:
    """Run ``artifactkit lint --format json`` held to 800 MB of address space (and 60 s of CPU,
    against a hang); return it and its peak memory in MB."""
    def limits():
        resource.setrlimit(resource.RLIMIT_AS, (800 * 1024 * 1024,) * 2)
        resource.setrlimit(resource.RLIMIT_CPU, (60, 60))

    out, err = folder / "out.json", folder / "err.txt"
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        proc = subprocess.Popen([EXE, "lint", "--no-cache", "--format", "json", *paths], cwd=folder,
                                stdout=stdout, stderr=stderr, preexec_fn=limits,  # noqa: PLW1509 (no threads here)
                                env={**os.environ, "NO_COLOR": "1"})
        _, status, usage = os.wait4(proc.pid, 0)
    done = subprocess.CompletedProcess(proc.args, os.waitstatus_to_exitcode(status), out.read_text(), err.read_text())
    return done, usage.ru_maxrss / 1024


BIG = {  # issue 12 item 8 (each under the 8 MiB limit), and the shapes of the same family
    "2000 x 2030 table": lambda: FRONT + "|" + "x|" * 2030 + "\n|" + "-|" * 2030 + "\n" + ("|" + "x|" * 2030 + "\n") * 2000,
    "2M one-column rows": lambda: FRONT + "|a\n|-\n" + "|a\n" * 2_000_000,
    "1.5M CR-only lines": lambda: FRONT + "a\r" * 1_500_000,
    "700k headings": lambda: FRONT + "".join(f"## h{i}\n" for i in range(700_000)),
    "1M list items": lambda: FRONT + "- a\n" * 1_000_000,
}


@pytest.mark.parametrize("name", BIG)
def test_a_huge_document_is_refused_in_bounded_memory(tmp_path, name):
    (tmp_path / "doc.md").write_text(BIG[name](), encoding="utf-8", newline="")
    proc, peak = lint_child(tmp_path, "doc.md")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    (problem,) = json.loads(proc.stdout)
    assert problem["rule"] == "file-unreadable"
    assert problem["message"].startswith("document too complex to lint") and problem["message"].endswith("split it")
    assert peak < 300


def test_many_link_definitions_still_lint(tmp_path):
    """95k link reference definitions (100k were 14 s on markdown-it-py; now just over the element
    limit, refused) take the fast path and lint."""
    body = "".join(f"[l{i}]: #l{i}\n" for i in range(95_000))
    (tmp_path / "doc.md").write_text(FRONT + "See [l1].\n\n" + body, encoding="utf-8")
    proc, peak = lint_child(tmp_path, "doc.md")
    assert proc.returncode == 1, proc.stderr
    assert {p["rule"] for p in json.loads(proc.stdout)} == {"section-missing"}  # read, checked, not refused
    assert peak < 300


def duplicate_report(folder: Path, count: int) -> str:
    docs = folder / "docs" / "adr"
    docs.mkdir(parents=True)
    for i in range(count):
        (docs / f"0001-decision-{i}.md").write_text(FRONT.replace("# Title", f"# Decision {i}") + "Because.\n")
    proc, _ = lint_child(folder, "docs")
    assert proc.returncode == 1, proc.stderr
    return proc.stdout


def test_number_duplicate_messages_name_a_few_paths_and_the_count(tmp_path):
    small = duplicate_report(tmp_path / "a", 100)
    large = duplicate_report(tmp_path / "b", 400)
    assert len(large) < 6 * len(small)  # linear in the documents (each message naming all: 16-fold)
    messages = [p["message"] for p in json.loads(large) if p["rule"] == "number-duplicate"]
    assert len(messages) == 400
    for message in messages:
        assert message.count("docs/adr/") <= 3
        assert "and 396 others (400 in all)" in message
