"""Fast start: `lint` of one file never loads typer or the heavy dependencies; `--help` (typer's) no heavy ones."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

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


def test_a_warm_lint_of_one_valid_file_never_imports_jsonschema_rs(one_valid):
    """The gate is artifactkit._native (src/validate.rs): jsonschema_rs (about 23 ms to import) only words the
    errors of an invalid document and checks a config not seen before (io.settled)."""
    modules_after(["lint", "0001-valid.md"], one_valid)  # the config's facts settle
    for argv in (["lint", "0001-valid.md"], ["lint", "--no-cache", "0001-valid.md"]):  # --no-cache: the document is validated
        rc, top, out = modules_after(argv, one_valid)
        assert rc == 0, out
        assert loaded(top, ("jsonschema_rs",)) == [], argv


def test_lint_of_one_file_matches_globs_without_pathspec(one_valid):
    """The file's path is matched against the types' paths and exclude and the ignore globs by
    artifactkit._native (src/globs.rs, the ignore crate): pathspec, which imports its re2 and
    hyperscan backends and typing_extensions (11 ms of a 50 ms hook's run), is never loaded, when
    the config's globs are checked (the first run) or not (settled)."""
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-c", SCRIPT.format(argv=["lint", "0001-valid.md"])], cwd=one_valid, capture_output=True, text=True, timeout=60)
        rc, modules = json.loads(proc.stdout.strip().splitlines()[-1])
        assert rc == 0, proc.stdout + proc.stderr
        assert "artifactkit.io.globs" in modules  # the globs were matched
        assert loaded({m.split(".")[0] for m in modules}, ("pathspec", "re2", "_re2", "hyperscan", "typing_extensions")) == []


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


def test_fast_parser_knows_exactly_the_typer_options():
    """lint's typer command and its argparse front (artifactkit.cli.options.fast_parser, both built
    from LINT_OPTIONS) accept the same options in full: every spelling, whether it takes a value,
    the parameter it sets and its type, and nothing else."""
    from artifactkit.cli.lint import LINT_OPTIONS
    from artifactkit.cli.options import fast_parser
    from artifactkit.cli.placeholders import value_kind

    typer_options = {}
    typer_arguments = []
    for param in typer_command("lint").params:
        if param.param_type_name == "argument":
            typer_arguments.append((param.name, param.nargs))
            continue
        if "--help" in param.opts:
            continue
        for spelling in [*param.opts, *param.secondary_opts]:
            kind = value_kind(param)  # typer 0.29's type descriptor, or the click type typer chose before it
            typer_options[spelling] = (param.name, param.is_flag, int if kind == "int" else str if not param.is_flag else bool)
    fast_options = {}
    fast_arguments = []
    for action in fast_parser(LINT_OPTIONS)._actions:
        if not action.option_strings:
            fast_arguments.append((action.dest, -1 if action.nargs == "*" else action.nargs))
            continue
        is_flag = action.nargs == 0
        for spelling in action.option_strings:
            fast_options[spelling] = (action.dest, is_flag, int if action.type is int else str if not is_flag else bool)
    assert fast_options == typer_options
    assert len(typer_options) == 17
    assert fast_arguments == typer_arguments == [("paths", -1)]


def test_fast_parser_gives_the_values_typer_passes_on():
    from artifactkit.cli.lint import LINT_OPTIONS
    from artifactkit.cli.options import fast_parse

    assert fast_parse(LINT_OPTIONS, ["--jobs", "2", "--format=json", "-v", "x.md"]) == {"paths": ["x.md"], "jobs": 2, "format": "json", "verbose": True}


@pytest.mark.parametrize("args", [
    ["--help"], ["-h"], ["--fromat", "json"], ["--format"], ["--jobs", "two"], ["--verbose=1"], ["--no-cach"], ["--format", "--verbose"],
])
def test_fast_parser_defers_to_typer(args):
    from artifactkit.cli.lint import LINT_OPTIONS
    from artifactkit.cli.options import fast_parse

    assert fast_parse(LINT_OPTIONS, args) is None


def test_fast_parser_reads_the_usual_spellings():
    from artifactkit.cli.lint import LINT_OPTIONS
    from artifactkit.cli.options import fast_parse

    assert fast_parse(LINT_OPTIONS, ["-f", "json", "--config=c.yaml", "-v", "a.md", "--no-cache", "-j", "3", "b"]) == {
        "paths": ["a.md", "b"], "format": "json", "config": "c.yaml", "verbose": True, "no_cache": True, "jobs": 3}


def test_paths_and_flags_are_read_as_argparse_reads_them():
    """``fast_parse`` reads a command line of paths and flags spelt in full without argparse: over
    generated lines of paths, flags, options with values and odd arguments, its answer (when it
    gives one) is argparse's, and it gives one for every line of paths and flags alone."""
    import random

    from artifactkit.cli.lint import LINT_OPTIONS
    from artifactkit.cli.options import Deferred, _paths_and_flags, fast_parser

    flags = [s for o in LINT_OPTIONS if o.is_flag for s in o.spellings]
    valued = [[s, v] for o in LINT_OPTIONS if not o.is_flag for s in o.spellings[:1] for v in (["2"] if o.kind is int else ["x"])]
    paths = ["a.md", "docs", "", "x y.md", "caf\u00e9.md", "docs/adr/0001-a.md", "a-b.md", "--", "-", "-1", "-vq", "--verbose=1", "--no-cach"]
    rng = random.Random(11)
    answered = 0
    for _ in range(3000):
        args: list[str] = []
        plain = rng.random() < 0.5
        for _ in range(rng.randint(0, 6)):
            pick = rng.random()
            if pick < 0.45:
                args.append(rng.choice(paths[:7] if plain else paths))
            elif pick < 0.85 or plain:
                args.append(rng.choice(flags))
            else:
                args.extend(rng.choice(valued))
        mine = _paths_and_flags(LINT_OPTIONS, args)
        if plain:
            assert mine is not None, args
        if mine is None:
            continue
        answered += 1
        try:
            theirs = vars(fast_parser(LINT_OPTIONS).parse_intermixed_args(args))
        except Deferred:
            theirs = None
        assert mine == theirs, args
    assert answered > 1500


@pytest.mark.parametrize("args", [
    ["lint", "--format", "json", "docs"],
    ["lint", "docs/adr/0001-a.md", "-v"],
    ["lint", "missing.md"],
    ["lint", "--format", "nope", "docs"],
    ["lint", "--config", "nowhere.yaml", "docs"],
    ["lint", "-fjson", "docs"],
    ["lint", "--format", "json", "--format", "text", "docs"],
    ["lint", "--jobs", "-1", "docs"],
    ["lint", "--check-branches", "docs"],
    ["lint", "docs", "--check-branches"],
    ["lint", "--", "docs"],
    ["lint", "-1"],
    ["lint", "-vfjson", "docs"],
    ["lint", "--format", "-v", "docs"],
    ["lint", "--statistics", "docs"],
    ["lint", "docs", "--diff", "--skip-unknown"],
    ["lint", "-o", "report.json", "--format=json", "docs", "--no-baseline"],
    ["lint", "docs", "-.5"],
])
def test_fast_path_and_typer_path_agree(tmp_path, monkeypatch, capsys, args):
    from artifactkit import cli
    from artifactkit.cli import lint

    adr = tmp_path / "docs" / "adr"
    adr.mkdir(parents=True)
    (adr / "0001-a.md").write_text(document("adr", {"context": "TODO"}), encoding="utf-8")
    (adr / "0002-b.md").write_text(document("adr"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    outputs = []
    for fast in (True, False):
        if not fast:
            monkeypatch.setattr(lint, "fast", lambda _args: None)
        rc = cli.main(list(args) + ["--no-cache"])
        captured = capsys.readouterr()
        outputs.append((rc, captured.out, captured.err))
    assert outputs[0] == outputs[1]


def test_root_help_is_typers():
    """`artifactkit --help` is typer's own text (no kept copy to go stale): every command is listed."""
    import contextlib
    import io

    from artifactkit import cli

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["--help"]) == 0
    for module in cli.COMMAND_MODULES:
        name = {"listing": "list"}.get(module.rsplit(".", 1)[1], module.rsplit(".", 1)[1])
        assert f"\n  {name} " in out.getvalue(), name


def test_a_site_rebuild_needs_no_typer(tmp_path):
    (tmp_path / "0001-valid.md").write_text(document("adr"), encoding="utf-8")
    (tmp_path / ".artifactkit.yaml").write_text("docs_root: .\n", encoding="utf-8")
    for argv in (["site", "build"], ["site", "build", "--no-cache", "-o", "out", "--base-url=https://e.org/x/"]):
        rc, top, out = modules_after(argv, tmp_path)
        assert rc == 0 and "1 document" in out, out
        assert loaded(top, ("copier", "cookiecutter", "rich", "pydantic", "plumbum", "typer", "click", "ruamel")) == []
    assert (tmp_path / "out/index.html").is_file() and "https://e.org/x/" in (tmp_path / "out/sitemap.xml").read_text()
    rc, top, out = modules_after(["site", "build", "--catalog", "none.json"], tmp_path)  # an option only typer reads
    assert rc == 2 and "typer" in top


def test_site_build_fast_parser_knows_the_typer_options_but_catalog():
    from artifactkit.cli.options import fast_parser
    from artifactkit.cli.site import BUILD_OPTIONS

    typer_options = {
        spelling: (param.name, param.is_flag)
        for param in typer_command("site", "build").params
        if "--help" not in param.opts
        for spelling in [*param.opts, *param.secondary_opts]
    }
    fast_options = {spelling: (a.dest, a.nargs == 0) for a in fast_parser(BUILD_OPTIONS)._actions for spelling in a.option_strings}
    assert fast_options == {k: v for k, v in typer_options.items() if k != "--catalog"} and len(fast_options) == 6


def test_a_valid_document_loads_no_wording_of_errors(one_valid):
    """The near-miss renames and fixes word the errors of an invalid document only."""
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(argv=["lint", "--no-cache", "0001-valid.md"])], cwd=one_valid, capture_output=True, text=True, timeout=60
    )
    rc, modules = json.loads(proc.stdout.strip().splitlines()[-1])
    assert rc == 0, proc.stdout + proc.stderr
    assert {"artifactkit.checks.nearmiss", "artifactkit.checks.fixes", "artifactkit.schema.messages"}.isdisjoint(modules)


def test_a_warm_lint_of_one_valid_file_runs_only_the_repository_pass(one_valid):
    """From the cache, ``lint FILE`` runs the repository pass alone: the per-file rule families (the
    registry imports a family when a pass runs it), the section counting (document.outline holds what
    the cache rebuilds, without sections) and OpenSSL's hashlib (2 ms to load; io.digest names facts and caches) stay unloaded."""
    an_hour_ago = time.time() - 3600  # not just written: the cache trusts its entry without hashing the file again
    os.utime(one_valid / "0001-valid.md", (an_hour_ago, an_hour_ago))
    modules_after(["lint", "0001-valid.md"], one_valid)  # the cache and the config's facts
    proc = subprocess.run([sys.executable, "-c", SCRIPT.format(argv=["lint", "0001-valid.md"])], cwd=one_valid, capture_output=True, text=True, timeout=60)
    rc, modules = json.loads(proc.stdout.strip().splitlines()[-1])
    assert rc == 0, proc.stdout + proc.stderr
    per_file = [f"artifactkit.checks.{name}" for name in ("actions", "validation", "statuscase", "disables", "staleness")]
    counting = ("artifactkit.document.sections", "artifactkit.document.section", "artifactkit.document.words")
    # the cache's rows bound front matter as document.frontmatter does, but a row without any needs neither that
    # module nor its dataclass; the bisection of disable comments waits for a document that has some
    rows = ("artifactkit.document.frontmatter", "bisect")
    assert sorted(set(modules) & {*per_file, *counting, *rows, "hashlib", "_hashlib"}) == []
    assert "artifactkit.checks.crossrefs" in modules  # the repository pass did run


def test_a_warm_lint_of_one_file_never_runs_the_cyclic_collector(one_valid):
    """``lint`` holds the collector off from its first import on: the modules, classes and functions
    it imports live to the end, so each of the twenty-odd passes the imports set off (2-3 ms of the
    hook's run) would walk them to free nothing."""
    an_hour_ago = time.time() - 3600
    os.utime(one_valid / "0001-valid.md", (an_hour_ago, an_hour_ago))
    modules_after(["lint", "0001-valid.md"], one_valid)
    script = (
        "import gc, json\nfrom artifactkit.cli import main\npasses = []\n"
        "gc.callbacks.append(lambda phase, info: passes.append(info['generation']) if phase == 'start' else None)\n"
        "rc = main(['lint', '0001-valid.md'])\nprint(json.dumps([rc, passes, gc.isenabled()]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=one_valid, capture_output=True, text=True, timeout=60)
    rc, passes, enabled = json.loads(proc.stdout.strip().splitlines()[-1])
    assert rc == 0, proc.stdout + proc.stderr
    assert passes == [] and enabled  # and on again for a caller that goes on


def test_lint_of_one_file_loads_neither_dataclasses_nor_typing(one_valid, request):
    """``dataclasses`` imports ``inspect`` (with ``ast``, ``dis`` and ``tokenize``): 8 ms of a hook's
    run of about 45 ms, and ``typing`` 2 ms more. The classes one file needs are ``artifactkit.record``'s,
    and typing is imported for type checkers only. (``tomllib`` imports typing: a pyproject config pays it.)"""
    (one_valid / "0002-broken.md").write_text(document("adr", {"decision": None}), encoding="utf-8")
    avoided = ("dataclasses", "inspect") if "pyproject" in request.node.callspec.id else ("dataclasses", "inspect", "typing")
    modules_after(["lint", "0001-valid.md"], one_valid)  # the config's facts settle (a team's schema is checked once, by jsonschema_rs)
    # cached, --no-cache (each section counted and validated), an invalid document worded
    for argv in (["lint", "0001-valid.md"], ["lint", "--no-cache", "0001-valid.md"], ["lint", "0002-broken.md"]):
        rc, top, out = modules_after(argv, one_valid)
        assert rc == (1 if "0002-broken.md" in argv else 0), out
        assert loaded(top, avoided) == [], argv
    rc, top, out = modules_after(["lint", "--skip-unknown", "0001-valid.md", "0002-broken.md"], one_valid)  # as pre-commit runs it
    assert rc == 1 and loaded(top, avoided + ("argparse",)) == [], out


def test_lint_of_a_changed_file_hashes_it_without_loading_openssl(one_valid):
    """The pre-commit case: the file changed since the cache was written, so its bytes are hashed
    (io.digest.file_sha256): CPython's own SHA-256 for a few files, not OpenSSL's 2 ms load."""
    modules_after(["lint", "0001-valid.md"], one_valid)
    with open(one_valid / "0001-valid.md", "a", encoding="utf-8") as handle:
        handle.write("\nOne more line.\n")
    rc, top, out = modules_after(["lint", "0001-valid.md"], one_valid)
    assert rc == 0, out
    assert loaded(top, ("_hashlib", "hashlib")) == []


def test_a_warm_lint_of_one_file_loads_no_pathlib_urllib_or_datetime(one_valid, request):
    """Paths on the hook's way are strings (``Config.root_dir``): pathlib with urllib.parse and
    ipaddress cost it 2.5 ms; importlib, contextlib, sqlite3's dbapi2 (whose date adapters import
    datetime) and the compiling of patterns no run from the cache matches, 2.5 ms more."""
    an_hour_ago = time.time() - 3600
    os.utime(one_valid / "0001-valid.md", (an_hour_ago, an_hour_ago))
    modules_after(["lint", "0001-valid.md"], one_valid)
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(argv=["lint", "--skip-unknown", "0001-valid.md"])], cwd=one_valid, capture_output=True, text=True, timeout=60
    )
    rc, modules = json.loads(proc.stdout.strip().splitlines()[-1])
    assert rc == 0, proc.stdout + proc.stderr
    avoided = {"pathlib", "urllib.parse", "ipaddress", "fnmatch", "importlib", "importlib.util", "sqlite3.dbapi2", "contextlib", "datetime"}
    if "pyproject" in request.node.callspec.id:
        avoided -= {"contextlib", "datetime"}  # tomllib imports them
    assert sorted(avoided & set(modules)) == []
    assert "_sqlite3" in modules  # the cache was read
