"""``artifactkit new`` as a person at a terminal sees it: the installed command driven in a real
pseudo-terminal (keys typed, Ctrl-C sent), Copier's real prompts, files in tmp_path."""

from __future__ import annotations

import os
import pty
import select
import termios
import time
from pathlib import Path

import pytest
from conftest import artifactkit_exe, run

CTRL_C = b"\x03"
CLEAR = b"\x15\x0b"  # Ctrl-U, Ctrl-K: empty the prompt's prefilled default
DOWN = b"\x1b[B"


def raw_mode(fd: int, timeout: float = 30) -> None:
    """Wait until the terminal is out of line mode: the prompt library has taken it and reads keys.
    (The master side reports the terminal's settings.)"""
    deadline = time.monotonic() + timeout
    while termios.tcgetattr(fd)[3] & termios.ICANON:
        assert time.monotonic() < deadline, "the prompt never took the terminal"
        time.sleep(0.01)


def drive(cwd: Path, args: list[str], steps: list[tuple[str, bytes]], timeout: float = 60) -> tuple[int, str]:
    """Run the command in a pty; at each step wait for the text on screen, then type the keys."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: become the command
        os.chdir(cwd)
        os.environ.update({"NO_COLOR": "1", "TERM": "xterm"})
        os.execv(artifactkit_exe(), ["artifactkit", *args])
    out = b""
    deadline = time.monotonic() + timeout

    def read(until: str | None) -> None:
        nonlocal out
        while until is None or until.encode() not in out:
            if time.monotonic() > deadline:
                os.kill(pid, 9)
                raise AssertionError(f"waited for {until!r}; screen: {out.decode(errors='replace')[-2000:]}")
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:  # the child closed the terminal
                    chunk = b""
                if not chunk:
                    if until is None:
                        return
                    raise AssertionError(f"exited before {until!r}; screen: {out.decode(errors='replace')[-2000:]}")
                if b"\x1b[6n" in chunk:  # the prompt library asks where the cursor is: answer as a terminal does
                    os.write(fd, b"\x1b[1;1R")
                out += chunk.replace(b"\x1b[6n", b"")

    try:
        for text, keys in steps:
            read(text)
            out = out.replace(text.encode(), b"<seen>", 1)  # a later step waits for its own prompt
            raw_mode(fd)  # keys typed before the prompt library takes the terminal raw would be flushed
            os.write(fd, keys)
        read(None)
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    return os.waitstatus_to_exitcode(status), out.decode(errors="replace")


@pytest.mark.parametrize("args, steps", [
    (["new", "adr"], [("Title of the decision", CTRL_C)]),  # the title, asked before the template renders
    (["new", "one-on-one", "Weekly"], [("Date of the meeting", b"\r"), ("Your name", b"\r"), ("Both participants", CTRL_C)]),  # text
    (["new", "postmortem", "DB down"], [("Date the incident", b"\r"), ("Authors", b"\r"), ("Severity of the incident", CTRL_C)]),  # a choice
])
def test_ctrl_c_at_any_prompt_cancels_and_writes_nothing(git_repo, args, steps):
    code, screen = drive(git_repo, args, [(text, keys) for text, keys in steps])
    assert code == 130, screen
    assert "cancelled" in screen
    assert "Traceback" not in screen and "Error" not in screen and "internal error" not in screen
    assert not (git_repo / "docs").exists()
    assert sorted(p.name for p in git_repo.iterdir()) == [".git"]


def test_a_pr_number_typed_at_the_prompt_names_the_file(git_repo):
    code, screen = drive(git_repo, ["new", "review-checklist", "Check login"], [
        ("Date of the review", b"\r"), ("Author of the pull request", b"\r"), ("Reviewer", b"\r"),
        ("Pull request number", b"42\r")])
    assert code == 0, screen
    assert "docs/reviews/pr-42.md" in screen
    assert [p.name for p in (git_repo / "docs" / "reviews").iterdir()] == ["pr-42.md"]


def test_a_postmortem_asks_the_incident_date_and_status(git_repo):
    code, screen = drive(git_repo, ["new", "postmortem"], [
        ("Title of the incident", b"Database down\r"),
        ("Date the incident started", CLEAR + b"2026-11-20\r"),
        ("Authors", b"\r"), ("Severity", b"\r"),
        ("Status of the document", DOWN + b"\r")])
    assert code == 0, screen
    doc = git_repo / "docs" / "postmortems" / "2026-11-20-database-down.md"
    text = doc.read_text(encoding="utf-8")
    assert "date: 2026-11-20" in text and "status: \"Review\"" in text, text
    assert "author" in text and "Test Author" in text  # the default offered was git's user.name


def test_one_on_one_without_participants_fails_like_a_runbook_without_service(git_repo):
    for args, name in ((["new", "one-on-one", "Weekly", "--no-input"], "participants"),
                       (["new", "runbook", "Disk full", "--no-input"], "service")):
        proc = run(args, cwd=git_repo)
        assert proc.returncode == 2, proc.stdout + proc.stderr
        assert proc.stderr.strip() == f"artifactkit: error: missing answer for {name!r} — pass --set {name}=VALUE"
    assert not (git_repo / "docs").exists()


def test_one_participant_is_not_enough(git_repo):
    proc = run(["new", "one-on-one", "Weekly", "--no-input", "--set", "participants=Ada"], cwd=git_repo)
    assert proc.returncode == 2 and "both participants" in proc.stderr
    proc = run(["new", "one-on-one", "Weekly", "--no-input", "--set", "participants=Ada, Grace"], cwd=git_repo)
    assert proc.returncode == 0, proc.stderr
    assert run(["lint", proc.stdout.strip()], cwd=git_repo).returncode in (0, 1)
