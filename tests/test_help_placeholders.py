"""Every command's ``--help`` shows placeholders a reader expects (``--config PATH``, ``[DIR]``),
never typer's type names (``<str>``, ``<list[str]>``, ``<path>``) or doubled brackets (``[[DIR]]``)."""

from __future__ import annotations

import re

import pytest

from artifactkit import cli

TYPE_NAME = re.compile(r"<(str|int|float|path|bool|list\[[a-z]+\]|[a-z]+\|[a-z|]+)>(\.\.\.)?")


def command_paths(command, prefix=()) -> list[tuple[str, ...]]:
    out = [prefix]
    for name, sub in getattr(command, "commands", {}).items():
        out.extend(command_paths(sub, (*prefix, name)))
    return out


PATHS = command_paths(cli.command())


def test_every_command_is_covered():
    assert ("lint",) in PATHS and ("init",) in PATHS and len(PATHS) > 15


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "root")
def test_help_has_plain_placeholders(path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    assert cli.main([*path, "--help"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Usage: artifactkit")
    assert TYPE_NAME.findall(text) == [] and "[[" not in text, text


def test_lint_and_init_usage(capsys):
    cli.main(["init", "--help"])
    init = capsys.readouterr().out
    assert "Usage: artifactkit init [OPTIONS] [DIR]\n" in init and "--hook local|remote" in init
    cli.main(["lint", "--help"])
    lint = capsys.readouterr().out
    assert "[PATHS]..." in lint and "--config PATH" in lint and "--jobs N" in lint and "--format FORMAT" in lint
