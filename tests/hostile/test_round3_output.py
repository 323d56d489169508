"""Issue 22 item 15: what a person reads is what the file holds. ``index`` wrote a title's raw ESC bytes
into README.md (they act on the terminal of whoever cats it); a FIFO given as ``--config`` was
reported as "not found"; a front-matter value of ``1e400`` or ``.inf`` (infinite: JSON has no such
number) was reported as None."""

from __future__ import annotations

import os

import pytest
from conftest import write_tree
from hostile_helpers import GOOD

from artifactkit.cli import main


@pytest.fixture
def repo(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_index_writes_no_control_characters_into_the_readme(repo):
    title = "Use \x1b[31mred\x1b[0m \u202eexe.md and 👩\u200d💻 café"
    write_tree(repo, {"docs/adr/0001-x.md": GOOD.replace("# A complete adr", f"# {title}")})
    assert main(["index", "adr"]) == 0
    readme = (repo / "docs/adr/README.md").read_text()
    assert "\x1b" not in readme and "\u202e" not in readme
    assert "| Use \\\\u001b[31mred\\\\u001b[0m \\\\u202eexe.md and 👩\u200d💻 café |" in readme, readme
    assert main(["index", "--check"]) == 0  # and the next run finds it up to date


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_config_that_is_not_a_file_is_named_for_what_it_is(repo, capsys, kind):
    path = repo / "config.yaml"
    os.mkfifo(path) if kind == "fifo" else path.mkdir()
    for args in (["lint", "--config", str(path)], ["list", "--config", str(path)]):
        assert main(args) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "not found" not in err, err
        assert f"not a regular file (a {'FIFO' if kind == 'fifo' else 'folder'})" in err, err


@pytest.mark.parametrize("written, shown", [("1e400", ".inf"), (".inf", ".inf"), ("-.inf", "-.inf"), (".nan", ".nan")])
def test_an_infinite_number_is_shown_as_written_not_as_none(repo, capsys, written, shown):
    write_tree(repo, {"docs/adr/0001-x.md": GOOD.replace("status: Accepted", f"status: {written}").replace("date: 2026-11-23", f"date: {written}")})
    assert main(["lint", "--no-cache", "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert "None" not in out, out
    assert f'\\"status\\" is {shown} (' in out and f'\\"date\\" must be text, not {shown} (' in out, out


def test_a_schema_that_is_a_fifo_is_named_for_what_it_is(repo, capsys):
    os.mkfifo(repo / "adr.schema.json")
    write_tree(repo, {".artifactkit.yaml": "types:\n  decision:\n    schema: adr.schema.json\n"})
    assert main(["lint"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "schema file adr.schema.json is not a regular file (a FIFO)" in err, err
