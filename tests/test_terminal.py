"""On a terminal and off it: the progress count of a long lint run (on a real pseudo-terminal),
never on a pipe or with a machine format; NO_COLOR and FORCE_COLOR."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest
from conftest import run, write_tree
from docfactory import document

from artifactkit import cli, terminal


@pytest.fixture
def docs(tmp_path: Path, monkeypatch) -> Path:
    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\n", **{f"docs/runbooks/r{i}.md": document("runbook") for i in range(3)},
                          "docs/adr/0001-a.md": document("adr", {"decision": ""})})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(terminal, "DELAY", 0.0)  # show the count from the first document: this run is short
    monkeypatch.setattr(terminal, "REDRAW", 0.0)
    return tmp_path


def lint_on_a_terminal(monkeypatch, *args: str) -> str:
    """``artifactkit lint ARGS`` in this process with stderr on a pseudo-terminal; what the terminal got."""
    leader, follower = os.openpty()
    stderr = os.fdopen(follower, "w", encoding="utf-8")
    monkeypatch.setattr(sys, "stderr", stderr)
    try:
        assert cli.main(["lint", "--no-cache", "--jobs", "1", *args]) == 1
        stderr.flush()
        os.set_blocking(leader, False)
        shown = b""
        while True:  # a pseudo-terminal hands its bytes over in as many reads as there were writes
            try:
                chunk = os.read(leader, 1 << 16)
            except BlockingIOError:
                return shown.decode()
            if not chunk:
                return shown.decode()
            shown += chunk
    finally:
        stderr.close()
        os.close(leader)


def test_a_terminal_gets_a_count_that_is_erased_at_the_end(docs, monkeypatch, capsys):
    shown = lint_on_a_terminal(monkeypatch)
    assert "\rlinting 1 of 4 documents" in shown and "\rlinting 4 of 4 documents" in shown
    assert shown.endswith("\r" + " " * len("linting 4 of 4 documents") + "\r")  # nothing left on the line
    assert "\r" not in capsys.readouterr().out  # the report itself is untouched


@pytest.mark.parametrize("args", [["--format", "json"], ["--format", "sarif"], ["--format", "github"]])
def test_machine_formats_get_no_count_even_on_a_terminal(docs, monkeypatch, args):
    assert "linting" not in lint_on_a_terminal(monkeypatch, *args)


def test_a_pipe_gets_no_count(docs, monkeypatch):
    captured = io.StringIO()
    monkeypatch.setattr(sys, "stderr", captured)
    assert cli.main(["lint", "--no-cache", "--jobs", "1"]) == 1
    assert "linting" not in captured.getvalue() and "\r" not in captured.getvalue()


def test_no_color_and_force_color(docs):
    red = "\033[31merror\033[0m"
    assert red not in run(["lint"], cwd=docs, env={"NO_COLOR": ""}).stdout  # a pipe: plain
    assert red in run(["lint"], cwd=docs, env={"NO_COLOR": "", "FORCE_COLOR": "1"}).stdout
    assert red not in run(["lint"], cwd=docs, env={"NO_COLOR": "1", "FORCE_COLOR": "1"}).stdout  # NO_COLOR wins


def test_a_terminal_is_coloured_unless_no_color_or_dumb(monkeypatch):
    leader, follower = os.openpty()
    with os.fdopen(follower, "w") as tty:
        monkeypatch.delenv("NO_COLOR", raising=False)
        monkeypatch.delenv("FORCE_COLOR", raising=False)
        monkeypatch.setenv("TERM", "xterm")
        assert terminal.color_wanted(tty)
        monkeypatch.setenv("NO_COLOR", "1")
        assert not terminal.color_wanted(tty)
        monkeypatch.delenv("NO_COLOR")
        monkeypatch.setenv("TERM", "dumb")
        assert not terminal.color_wanted(tty)
    os.close(leader)
