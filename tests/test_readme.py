"""The README documents what exists: every command, every rule id, and the two Quick start commands."""

from __future__ import annotations

import re

from conftest import REPO, run

from artifactkit.checks.rules import all_rules
from artifactkit.cli import COMMAND_MODULES

README = (REPO / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_has_exactly_two_commands_and_ci_runs_the_test_one_verbatim():
    commands = quick_start_commands()
    assert len(commands) == 2, commands
    install_and_lint, install_and_test = commands
    assert "artifactkit lint docs/" in install_and_lint
    assert "pytest" in install_and_test
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert install_and_test in ci.splitlines()
    assert '-eq 5' in ci  # pytest's "no tests collected" fails CI


def test_every_rule_is_documented():
    for rule in all_rules():
        assert f"`{rule}`" in README, rule


def test_every_command_is_in_the_table_and_the_cli():
    table = README.split("## Commands", 1)[1].split("\n## ", 1)[0]
    help_text = run(["--help"]).stdout
    for module in COMMAND_MODULES:
        name = module.rsplit(".", 1)[1]
        name = {"listing": "list"}.get(name, name)
        assert f"`artifactkit {name}" in table, name
        assert re.search(rf"^\s+{name}\s", help_text, re.M), name
