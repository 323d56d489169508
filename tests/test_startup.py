"""Fast start: `lint` of one file and `--help` never load the heavy dependencies."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from docfactory import document

HEAVY_ALWAYS = ("copier", "cookiecutter", "rich", "pydantic", "jinja2", "plumbum")
SCRIPT = "import json, sys\nfrom artifactkit.cli import main\nrc = main({argv!r})\nprint(json.dumps([rc, sorted(sys.modules)]))\n"


def modules_after(argv, cwd) -> tuple[int, set[str], str]:
    proc = subprocess.run([sys.executable, "-c", SCRIPT.format(argv=argv)], cwd=cwd, capture_output=True, text=True, timeout=60)
    last = proc.stdout.strip().splitlines()[-1]
    rc, modules = json.loads(last)
    return rc, {m.split(".")[0] for m in modules}, proc.stdout


def loaded(top: set[str], names) -> list[str]:
    return sorted(n for n in names if n in top)


# every real repository has one: reading and checking it must not pull in ruamel.yaml or python-jsonschema
CONFIGS = {
    "none": {},
    "yaml": {".artifactkit.yaml": "docs_root: .\nignore: ['drafts/**']\nrules:\n  section-empty: warning\n"},
    "team type": {
        ".artifactkit.yaml": "types:\n  decision:\n    schema: decision.schema.json\n    paths: ['decisions/*.md']\n",
        "decision.schema.json": '{"properties": {"frontmatter": {"properties": {"owner": {"type": "string", "pattern": "^@"}}}}}',
    },
    "yaml schema": {
        ".artifactkit.yaml": "types:\n  decision:\n    schema: decision.schema.yaml\n",
        "decision.schema.yaml": "properties:\n  frontmatter:\n    properties:\n      owner: {type: string}\n",
    },
    "pyproject": {"pyproject.toml": "[project]\nname = 'x'\n\n[tool.artifactkit]\ndocs_root = '.'\n"},
}


@pytest.fixture(params=sorted(CONFIGS))
def one_valid(tmp_path, request):
    (tmp_path / "0001-valid.md").write_text(document("adr"), encoding="utf-8")
    for name, text in CONFIGS[request.param].items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_lint_one_valid_file_loads_nothing_heavy(one_valid):
    rc, top, out = modules_after(["lint", "0001-valid.md"], one_valid)
    assert rc == 0, out
    assert loaded(top, HEAVY_ALWAYS) == []
    # a valid document and a valid config never need python-jsonschema or ruamel.yaml (the gate is jsonschema-rs,
    # YAML is read by libyaml), and `lint` needs no typer
    assert loaded(top, ("jsonschema", "referencing", "ruamel", "typer", "click")) == []


def test_lint_with_options_stays_on_the_fast_path(one_valid):
    rc, top, out = modules_after(["lint", "--format", "json", "-v", "--no-cache", "--jobs=1", "0001-valid.md"], one_valid)
    assert rc == 0, out
    assert loaded(top, HEAVY_ALWAYS + ("typer", "jsonschema", "ruamel")) == []


def test_lint_of_a_broken_file_still_avoids_copier_and_rich(tmp_path):
    (tmp_path / "0001-broken.md").write_text(document("adr", {"decision": None}), encoding="utf-8")
    (tmp_path / ".artifactkit.yaml").write_text("docs_root: .\n", encoding="utf-8")
    rc, top, out = modules_after(["lint", "0001-broken.md"], tmp_path)
    assert rc == 1, out
    assert loaded(top, HEAVY_ALWAYS) == []
    assert loaded(top, ("jsonschema", "referencing", "ruamel")) == []  # problems are worded from jsonschema-rs's errors


def test_help_loads_nothing_heavy(tmp_path):
    rc, top, out = modules_after(["--help"], tmp_path)
    assert rc == 0
    assert "lint" in out
    assert loaded(top, HEAVY_ALWAYS + ("jsonschema", "markdown_it", "ruamel")) == []


def test_lint_help_goes_through_typer(tmp_path):
    rc, top, out = modules_after(["lint", "--help"], tmp_path)
    assert rc == 0
    assert "--no-cache" in out and "--jobs" in out
    assert loaded(top, ("copier", "cookiecutter", "rich", "jsonschema")) == []  # typer itself may load pydantic here


def typer_command(*names):
    import typer.main

    from artifactkit.cli import build_app

    command = typer.main.get_command(build_app())
    for name in names:
        command = command.commands[name]
    return command


@pytest.mark.parametrize("names, table, count, arguments", [
    (("lint",), "artifactkit.cli.lint:LINT_OPTIONS", 17, [("paths", -1, False)]),
    (("site", "build"), "artifactkit.cli.site:SITE_BUILD_OPTIONS", 7, []),
])
def test_fast_parser_knows_exactly_the_typer_options(names, table, count, arguments):
    """A typer command and artifactkit.cli.fast accept the same options in full: every spelling,
    whether it takes a value, the parameter it sets and its default, and nothing else."""
    import importlib

    from artifactkit.cli import fast as fastcli

    module, _, name = table.partition(":")
    options = getattr(importlib.import_module(module), name)
    typer_options = {}
    found_arguments = []
    for param in typer_command(*names).params:
        if param.param_type_name == "argument":
            found_arguments.append((param.name, param.nargs, param.required))
            continue
        if "--help" in param.opts:
            continue
        for spelling in [*param.opts, *param.secondary_opts]:
            typer_options[spelling] = (param.name, param.is_flag, param.default, param.type_descriptor.annotation)
    fast_options = {}
    for spelling, option in {**fastcli.spellings(options, False), **fastcli.spellings(options, True)}.items():
        fast_options[spelling] = (option.name, option.is_flag, option.default, option.kind)
    assert fast_options == typer_options
    assert len(typer_options) == sum(len(o.spellings) for o in options) == count
    assert found_arguments == arguments


def test_fast_parser_gives_the_values_typer_passes_on():
    from artifactkit.cli import fast as fastcli
    from artifactkit.cli.site import SITE_BUILD_OPTIONS

    assert fastcli.parse_lint(["--jobs", "2", "--format=json", "-v", "x.md"]) == {"paths": ["x.md"], "jobs": 2, "format": "json", "verbose": True}
    assert fastcli.parse(SITE_BUILD_OPTIONS, ["-o", "out", "--single-file", "--base-url=https://x/"], positional=False) == {
        "out": "out", "single_file": True, "base_url": "https://x/"}
    assert fastcli.parse(SITE_BUILD_OPTIONS, ["out"], positional=False) is None  # `site build` takes no argument: typer says so


@pytest.mark.parametrize("args", [
    ["--help"], ["-h"], ["--fromat", "json"], ["--format"], ["-fjson"], ["--", "x.md"], ["--jobs", "two"],
    ["--format", "json", "--format", "text"], ["--verbose=1"],
])
def test_fast_parser_defers_to_typer(args):
    from artifactkit.cli.fast import parse_lint

    assert parse_lint(args) is None


def test_fast_parser_reads_the_usual_spellings():
    from artifactkit.cli.fast import parse_lint

    assert parse_lint(["-f", "json", "--config=c.yaml", "-v", "a.md", "--no-cache", "-j", "3", "b"]) == {
        "paths": ["a.md", "b"], "format": "json", "config": "c.yaml", "verbose": True, "no_cache": True, "jobs": 3}


@pytest.mark.parametrize("args", [
    ["lint", "--format", "json", "docs"],
    ["lint", "docs/adr/0001-a.md", "-v"],
    ["lint", "missing.md"],
    ["lint", "--format", "nope", "docs"],
    ["lint", "--config", "nowhere.yaml", "docs"],
])
def test_fast_path_and_typer_path_agree(tmp_path, monkeypatch, capsys, args):
    from artifactkit import cli
    from artifactkit.cli import fast as fastcli

    adr = tmp_path / "docs" / "adr"
    adr.mkdir(parents=True)
    (adr / "0001-a.md").write_text(document("adr", {"context": "TODO"}), encoding="utf-8")
    (adr / "0002-b.md").write_text(document("adr"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    outputs = []
    for fast in (True, False):
        if not fast:
            monkeypatch.setattr(fastcli, "run", lambda _args: None)
        rc = cli.main(list(args) + ["--no-cache"])
        captured = capsys.readouterr()
        outputs.append((rc, captured.out, captured.err))
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("extra", [[], ["--single-file"], ["--config", "nowhere.yaml"], ["--base-url", "javascript:alert(1)"], ["-o"]])
def test_site_build_fast_path_and_typer_path_agree(tmp_path, monkeypatch, capsys, extra):
    import re

    from artifactkit import cli
    from artifactkit.cli import fast as fastcli

    adr = tmp_path / "docs" / "adr"
    adr.mkdir(parents=True)
    (adr / "0001-a.md").write_text(document("adr", {"context": "TODO"}), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    outputs = []
    for fast in (True, False):
        if not fast:
            monkeypatch.setattr(fastcli, "run", lambda _args: None)
        out = f"site-{fast}" + (".html" if "--single-file" in extra else "")
        args = ["site", "build", "--no-cache", *extra] if extra == ["-o"] else ["site", "build", "--no-cache", "--out", out, *extra]
        rc = cli.main(args)
        captured = capsys.readouterr()
        said = re.sub(r"in \d+\.\d\d s", "in N s", captured.out).replace(out, "OUT")
        outputs.append((rc, said, captured.err))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == (0 if extra in ([], ["--single-file"]) else 2), outputs[0]


def test_site_build_loads_no_typer(tmp_path):
    (tmp_path / "docs" / "adr").mkdir(parents=True)
    (tmp_path / "docs" / "adr" / "0001-a.md").write_text(document("adr"), encoding="utf-8")
    rc, top, out = modules_after(["site", "build", "--out", "_site"], tmp_path)
    assert rc == 0, out
    assert loaded(top, ("typer", "click", "pydantic", "copier", "rich")) == []


def test_root_help_without_typer_is_typers_own_text():
    """`artifactkit --help` prints a kept copy of typer's text (typer costs ~70 ms to import): it must
    be the text typer prints now, for every command registered (`python tests/renew_helptext.py` renews it)."""
    from artifactkit.cli import helptext, typer_help

    assert typer_help() == helptext.TEXT, "run: python tests/renew_helptext.py"


@pytest.mark.parametrize("columns, typer_loaded", [("80", False), ("200", False), ("60", True)])
def test_root_help_loads_no_typer_on_a_wide_terminal(tmp_path, columns, typer_loaded):
    import os

    env = {**os.environ, "COLUMNS": columns}
    proc = subprocess.run([sys.executable, "-c", SCRIPT.format(argv=["--help"])], cwd=tmp_path, capture_output=True, text=True, timeout=60, env=env)
    rc, modules = json.loads(proc.stdout.strip().splitlines()[-1])
    assert rc == 0 and "Usage: artifactkit [OPTIONS] COMMAND [ARGS]..." in proc.stdout
    assert ("typer" in {m.split(".")[0] for m in modules}) is typer_loaded
