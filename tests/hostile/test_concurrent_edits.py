"""Promise: concurrent edits of the same documents never lose one (issue 12, item 12).

``status`` and ``supersede`` hold a kernel flock on the documents' folder (artifactkit/io/locks.py)
and re-read the documents under it, so two runs racing on one document serialize: the loser
sees the winner's edit and refuses with one line. Each race runs real processes of the installed
``artifactkit`` command, started together, many times (the old code lost an edit in 2 of 5 tries).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import artifactkit_exe
from hostile_helpers import waits_for_lock
from ruamel.yaml import YAML

ROUNDS = 6  # the old code lost an edit in 7-8 of 10 rounds of each race here

ADR = """\
---
type: adr
status: {status}
date: 2026-01-{day:02d}
deciders: [Ada Lovelace]
---
# ADR {day}

## Context

The primary database ran out of connections after the pool size was halved.

## Decision

Use a connection pooler in front of it.

## Consequences

One more moving part to run.

## Alternatives

Raise the limit again.
"""

NAMES = {1: "0001-use-postgres.md", 2: "0002-use-cockroach.md", 3: "0003-use-spanner.md"}


def start(args: list[str], cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.Popen([artifactkit_exe(), *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def race(cwd: Path, *commands: list[str]) -> list[tuple[int, str, str]]:
    """Start every command at once and wait for all of them: (exit code, stdout, stderr) each."""
    procs = [start(args, cwd) for args in commands]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert "Traceback" not in err, err
        results.append((proc.returncode, out, err))
    return results


def write_adrs(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number, name in NAMES.items():
        (folder / name).write_text(ADR.format(status="Accepted", day=number), encoding="utf-8")


def front(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8").split("---\n")[1]) or {}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".artifactkit.yaml").write_text("docs_root: docs\n", encoding="utf-8")
    write_adrs(tmp_path / "docs/adr")
    return tmp_path


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_two_supersedes_of_one_document_one_wins_the_other_refuses(repo: Path):
    folder = repo / "docs/adr"
    for _ in range(ROUNDS):
        write_adrs(folder)
        results = race(repo, ["supersede", "1", "2"], ["supersede", "1", "3"])
        codes = sorted(code for code, _, _ in results)
        assert codes == [0, 1], results
        winner = 2 if results[0][0] == 0 else 3
        loser = 5 - winner
        refusal = one_line(results[1 if winner == 2 else 0][2])
        assert "0001-use-postgres.md" in refusal and "already superseded by" in refusal, refusal
        old = front(folder / NAMES[1])
        assert old["status"] == "Superseded" and old["superseded_by"] == winner, (winner, old)
        assert front(folder / NAMES[winner])["supersedes"] == 1
        assert "supersedes" not in front(folder / NAMES[loser]), "the loser claims to supersede 0001 too"


def test_status_racing_supersede_never_loses_the_other_edit(repo: Path):
    """``status`` rewrites the whole file from what it read: without the lock it wiped out the
    ``superseded_by`` that ``supersede`` had just written (or the other way round)."""
    folder = repo / "docs/adr"
    for _ in range(ROUNDS):
        write_adrs(folder)
        results = race(repo, ["supersede", "1", "2"], ["status", "adr", "1", "Deprecated"])
        old, new = front(folder / NAMES[1]), front(folder / NAMES[2])
        # Accepted may become Superseded or Deprecated, and neither may change again: one run wins.
        assert sorted(code for code, _, _ in results) == [0, 1], results
        one_line(next(err for code, _, err in results if code == 1))
        if results[0][0] == 0:
            assert old["status"] == "Superseded" and old["superseded_by"] == 2 and new.get("supersedes") == 1, (old, new)
        else:
            assert old["status"] == "Deprecated" and "superseded_by" not in old and "supersedes" not in new, (old, new)


HOLD = """\
import sys, time
from artifactkit.io.locks import folder_lock
with folder_lock(sys.argv[1]):
    print("held", flush=True)
    time.sleep(600)
"""


def hold_lock(folder: Path) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(folder)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_an_edit_waits_for_the_lock_and_a_killed_holder_releases_it(repo: Path):
    folder = repo / "docs/adr"
    before = sorted(os.listdir(folder))
    holder = hold_lock(folder)
    try:
        status = start(["status", "adr", "1", "Deprecated"], repo)
        assert waits_for_lock(status, folder, holder), "status did not wait for the folder's lock"
        assert status.poll() is None, "status did not wait for the folder's lock"
        assert front(folder / NAMES[1])["status"] == "Accepted"
        holder.send_signal(signal.SIGKILL)  # the kernel drops the lock with the process: no stale lock
        _, err = status.communicate(timeout=60)
        assert status.returncode == 0, err
        assert front(folder / NAMES[1])["status"] == "Deprecated"
    finally:
        holder.kill()
        holder.wait()
    assert sorted(os.listdir(folder)) == before, "a lock file was left in the folder"


def test_a_lock_held_too_long_is_one_line_not_a_hang(repo: Path):
    from artifactkit.errors import RefusedError
    from artifactkit.io.locks import folder_lock

    folder = repo / "docs/adr"
    holder = hold_lock(folder)
    try:
        started = time.monotonic()
        with pytest.raises(RefusedError) as caught, folder_lock(folder, timeout=0.5):
            pytest.fail("took a lock another process holds")
        assert time.monotonic() - started < 5
        message = str(caught.value)
        assert "\n" not in message and str(folder) in message and "another artifactkit command" in message
    finally:
        holder.kill()
        holder.wait()
    with folder_lock(folder, timeout=0.5):  # free again once the holder is gone
        pass
