"""Command modules import lazily (issue 27): a run imports only the module of the command it runs,
and that command's help is the same as the full app's."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from artifactkit import cli

SCRIPT = """
import contextlib, io, json, sys
from artifactkit.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    rc = main({argv!r})
print(json.dumps([rc, out.getvalue(), sorted(m for m in sys.modules if m.startswith("artifactkit.cli."))]))
"""


def run_fresh(argv: list[str], cwd) -> tuple[int, str, set[str]]:
    """``main(argv)`` in a new interpreter: its exit code, stdout and the command modules it imported."""
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(argv=argv)], cwd=cwd, capture_output=True, text=True, timeout=120, env={**os.environ, "COLUMNS": "120"}
    )
    rc, out, modules = json.loads(proc.stdout.strip().splitlines()[-1])
    return rc, out, set(modules) & set(cli.COMMAND_MODULES)


def full_help(path: list[str]) -> str:
    """``--help`` of ``path`` from the app with every command registered."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            cli.command().main(args=[*path, "--help"], prog_name="artifactkit")
        except SystemExit:
            pass
    return out.getvalue()


@pytest.mark.parametrize(
    "path, module",
    [
        (["site", "build"], "artifactkit.cli.site"),
        (["graph"], "artifactkit.cli.graph"),
        (["list"], "artifactkit.cli.listing"),
        (["init"], "artifactkit.cli.init"),
    ],
)
def test_a_command_imports_only_its_own_module_and_helps_as_before(tmp_path, monkeypatch, path, module):
    rc, out, modules = run_fresh([*path, "--help"], tmp_path)
    assert rc == 0
    assert modules == {module}
    monkeypatch.setenv("COLUMNS", "120")
    assert out == full_help(path)
    assert out.startswith(f"Usage: artifactkit {' '.join(path)} ")


def test_a_command_runs_with_only_its_module(tmp_path):
    (tmp_path / ".artifactkit.yaml").write_text("docs_root: docs\n", encoding="utf-8")
    (tmp_path / "docs" / "adr").mkdir(parents=True)
    rc, out, modules = run_fresh(["list", "--format", "json"], tmp_path)
    assert (rc, json.loads(out)) == (0, [])
    assert modules == {"artifactkit.cli.listing"}


def test_root_help_an_unknown_command_and_version_see_every_command(tmp_path):
    """The fallback of the lazy import: what names no command loads them all, in ``COMMANDS``' order."""
    rc, out, modules = run_fresh(["--help"], tmp_path)
    assert rc == 0 and modules == set(cli.COMMAND_MODULES)
    listed = [line.split()[0] for line in out.split("Commands:\n", 1)[1].splitlines() if line.startswith("  ") and not line.startswith("   ")]
    assert sorted(listed) == sorted(cli.COMMANDS)
    rc, out, modules = run_fresh(["nope"], tmp_path)
    assert rc == 2 and modules == set(cli.COMMAND_MODULES)
    rc, out, modules = run_fresh(["--version"], tmp_path)
    assert rc == 0 and out.startswith("artifactkit ") and modules == set(cli.COMMAND_MODULES)
