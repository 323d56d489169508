"""Promise: `new` never hands out a number twice, whoever else runs, waits or dies meanwhile.

The numbering lock is one the kernel releases when its process ends (flock on the folder), so
nothing is ever "stale", nothing is taken over by age, and no lock file is left behind. Each test
drives the installed ``artifactkit`` command; the interactive one sits at a real prompt on a pty.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import artifactkit_exe, run, write_tree
from hostile_helpers import waits_for_lock

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="ptys and flock are POSIX")

COPIER_YML = """\
title: {type: str}
slug: {type: str}
number: {type: int}
date: {type: str}
deciders:
  type: str
  help: Who decides
file_name:
  type: str
  default: "{{ '%04d' % number }}-{{ slug }}.md"
  when: false
"""
DOC = "---\ntype: adr\nstatus: Proposed\ndate: {{ date }}\n---\n# {{ title }}\n\nDecision {{ number }} by {{ deciders }}.\n"


@pytest.fixture
def repo(git_repo: Path, tmp_path: Path) -> Path:
    """A repository whose ADR template asks one question (so an interactive `new` waits at a prompt)."""
    write_tree(tmp_path / "tpl", {"copier.yml": COPIER_YML, "{{file_name}}.jinja": DOC})
    write_tree(git_repo, {".artifactkit.yaml": f"types:\n  adr:\n    template: {tmp_path / 'tpl'}\n"})
    return git_repo


class Interactive:
    """``artifactkit new`` on a pseudo-terminal, as a person at a keyboard runs it."""

    def __init__(self, cwd: Path, *args: str):
        self.master, slave = pty.openpty()
        env = {**os.environ, "TERM": "xterm", "NO_COLOR": "1"}
        self.proc = subprocess.Popen([artifactkit_exe(), "new", *args], cwd=cwd, stdin=slave, stdout=slave, stderr=slave,
                                     env=env, close_fds=True, start_new_session=True)
        os.close(slave)
        self.output = b""

    def read_until(self, text: bytes, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output:
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise AssertionError(f"never saw {text!r}; output: {self.output[-500:]!r}")
            if select.select([self.master], [], [], 0.2)[0]:
                self.output += os.read(self.master, 4096)

    def answer(self, text: str) -> int:
        os.write(self.master, text.encode() + b"\r")
        deadline = time.monotonic() + 60
        while self.proc.poll() is None and time.monotonic() < deadline:
            if select.select([self.master], [], [], 0.2)[0]:
                try:
                    self.output += os.read(self.master, 4096)
                except OSError:
                    break
        return self.proc.wait(timeout=10)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        os.close(self.master)


def age_everything(folder: Path, seconds: float = 3600) -> None:
    """Make every file in ``folder`` look ``seconds`` old: what a person at a prompt for that long leaves."""
    if folder.is_dir():
        old = time.time() - seconds
        for path in folder.iterdir():
            os.utime(path, (old, old), follow_symlinks=False)


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_a_new_waiting_at_its_prompt_keeps_the_numbers_apart(repo: Path):
    adr = repo / "docs/adr"
    first = Interactive(repo, "adr", "First", "--set", "date=2026-12-01")  # only the deciders question is left to ask
    try:
        first.read_until(b"Who decides")
        age_everything(adr)  # an hour at the prompt: nothing may expire
        started = time.monotonic()
        second = run(["new", "adr", "Second", "--no-input", "--set", "deciders=Bob"], cwd=repo)
        assert second.returncode == 0, second.stderr
        assert time.monotonic() - started < 30  # the second run was not made to wait for the person at the prompt
        assert first.answer("Alice") == 0, first.output[-500:]
    finally:
        first.close()
    assert names(adr) == ["0001-second.md", "0002-first.md"]
    assert "Decision 1 by Bob." in (adr / "0001-second.md").read_text()
    # the first run re-rendered with the number it got and kept the answer typed at its prompt
    assert "Decision 2 by Alice." in (adr / "0002-first.md").read_text()


def test_kill_9_at_the_prompt_leaves_no_lock_and_blocks_nobody(repo: Path):
    adr = repo / "docs/adr"
    for _ in range(3):
        victim = Interactive(repo, "adr", "Killed", "--set", "date=2026-12-01")
        try:
            victim.read_until(b"Who decides")
            os.killpg(victim.proc.pid, signal.SIGKILL)
            victim.proc.wait(timeout=10)
        finally:
            victim.close()
    assert [n for n in names(adr) if "lock" in n] == []
    started = time.monotonic()
    proc = run(["new", "adr", "After the kills", "--no-input", "--set", "deciders=Bob"], cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "docs/adr/0001-after-the-kills.md"
    assert time.monotonic() - started < 30
    assert names(adr) == ["0001-after-the-kills.md"]


HOLD = """
import sys, time
from pathlib import Path
from artifactkit.io.locks import folder_lock
with folder_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(600)
"""


def test_a_lock_holder_killed_mid_write_releases_the_folder(repo: Path):
    """Whoever holds the numbering lock when it is killed -9, the kernel frees it: the waiting `new` goes on."""
    adr = repo / "docs/adr"
    adr.mkdir(parents=True)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(adr)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        waiting = subprocess.Popen([artifactkit_exe(), "new", "adr", "Waits", "--no-input", "--set", "deciders=Bob"], cwd=repo,
                                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert waits_for_lock(waiting, adr, holder), waiting.communicate()  # rendered, and now waiting for the lock, not writing
        assert waiting.poll() is None, waiting.communicate()
        assert names(adr) == []
        holder.send_signal(signal.SIGKILL)
        out, err = waiting.communicate(timeout=30)
    finally:
        holder.kill()
        holder.wait()
    assert waiting.returncode == 0, err
    assert out.strip() == "docs/adr/0001-waits.md"
    assert names(adr) == ["0001-waits.md"]
