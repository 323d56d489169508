"""More hostile input (issue 7), beyond test_bad_input.py and test_hostile_input.py: input that used
to hang the linter (quadratic scans), crash it (RecursionError, a non-table ``tool`` in
pyproject.toml) or print a broken multi-line finding. Each case has one expected, clear outcome:
a problem for that file (the rest of the run goes on) or a one-line error with exit 2; never a
traceback (conftest.run checks) and never a hang (every run has a time limit).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from conftest import lint_json, run, write_tree
from docfactory import document
from docfactory import lint_beside_good_and_broken as lint_catalogue

GOOD = document("adr")
SECONDS = 30  # generous: every case here finishes in a few seconds; the old code took minutes to hours


def only(by_file, path, rule, words):
    got = by_file[path]
    assert [p["rule"] for p in got] == [rule], got
    assert words in got[0]["message"], got[0]["message"]


def timed(func):
    start = time.monotonic()
    result = func()
    elapsed = time.monotonic() - start
    assert elapsed < SECONDS, f"took {elapsed:.0f} s"
    return result


def one_line_config_error(proc, *words):
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("artifactkit: error: "), proc.stderr
    for word in words:
        assert word in proc.stderr, proc.stderr


# ------------------------------------------------------------- input that used to be quadratic


def test_two_megabytes_of_unclosed_disable_comments(tmp_path):
    """Each '<!-- artifactkit-disable' used to be scanned to the end of the file (one minute for 500 KB)."""
    text = GOOD + "\n" + "<!-- artifactkit-disable " * 80_000
    assert len(text) > 2_000_000
    assert "docs/x.md" not in timed(lambda: lint_catalogue(tmp_path, {"docs/x.md": text}))


def test_two_million_unclosed_angle_brackets_in_an_html_block(tmp_path):
    text = GOOD + "\n<div>\n" + "<" * 2_000_000 + "\n"
    assert "docs/x.md" not in timed(lambda: lint_catalogue(tmp_path, {"docs/x.md": text}))


def test_thousands_of_disable_comments_between_duplicate_headings(tmp_path):
    """5,000 disabled sections and 10,000 duplicates: each finding used to be compared with every range."""
    block = "<!-- artifactkit-disable-next-section heading-duplicate -->\n## Again\n\nx\n\n## Twice\n\nx\n\n"
    text = GOOD + "\n" + block * 5_000
    by_file = timed(lambda: lint_catalogue(tmp_path, {"docs/x.md": text}))
    got = by_file["docs/x.md"]
    assert {p["rule"] for p in got} == {"heading-duplicate"}
    assert len(got) == 4_999, "the 'Again' duplicates are disabled, the 'Twice' ones are not"
    lines = text.splitlines()
    assert all(lines[p["line"] - 1] == "## Twice" for p in got)


# ------------------------------------------------------------- front matter


def test_front_matter_over_256_kib_is_refused_unread(tmp_path):
    """The YAML parser needs seconds per MiB: a huge block is refused before it is parsed."""
    text = "---\ntype: adr\nnotes: |\n" + "  a line of notes that goes on\n" * 10_000 + "---\n# T\n"
    by_file = timed(lambda: lint_catalogue(tmp_path, {"docs/x.md": text}))
    only(by_file, "docs/x.md", "frontmatter-syntax", "over 256 KiB")
    assert by_file["docs/x.md"][0]["line"] == 2


def test_yaml_error_quoting_a_multi_line_value_stays_one_line(tmp_path):
    """ruamel's duplicate-key error quotes the value, newline and all; the finding used to span lines."""
    text = "---\ntype: adr\ntype: |\n  0\n  1\n---\n# T\n"
    by_file = lint_catalogue(tmp_path, {"docs/dup.md": text})
    only(by_file, "docs/dup.md", "frontmatter-syntax", "duplicate key")
    assert "\n" not in by_file["docs/dup.md"][0]["message"]
    proc = run(["lint", "docs/dup.md"], cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[0].startswith("docs/dup.md:3:1: error [frontmatter-syntax]")
    assert len(proc.stdout.splitlines()) == 2  # the finding and the summary


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/apply:subprocess.check_call [['touch', '{marker}']]",
    "!!python/object/new:os.system ['touch {marker}']",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/object:builtins.exec {{source: 'open(\"{marker}\", \"w\")'}}",
])
def test_python_tags_in_a_document_are_never_constructed(tmp_path, tag):
    marker = tmp_path / "pwned"
    evil = f"---\ntype: adr\nstatus: {tag.format(marker=marker)}\ndate: 2026-11-23\n---\n# T\n"
    lint_catalogue(tmp_path, {"docs/evil.md": evil})
    assert not marker.exists()


def test_python_tag_in_the_config_or_a_yaml_schema_is_a_config_error(tmp_path):
    marker = tmp_path / "pwned"
    tag = f"!!python/object/apply:os.system ['touch {marker}']"
    write_tree(tmp_path, {".artifactkit.yaml": f"docs_root: {tag}\n", "docs/good.md": GOOD})
    one_line_config_error(run(["lint"], cwd=tmp_path), ".artifactkit.yaml", "cannot read config")
    write_tree(tmp_path, {".artifactkit.yaml": "types:\n  mine:\n    schema: mine.schema.yaml\n",
                          "mine.schema.yaml": f"type: object\ndescription: {tag}\n"})
    one_line_config_error(run(["lint"], cwd=tmp_path), "mine.schema.yaml", "not valid YAML")
    assert not marker.exists()


def test_recursive_schema_and_deeply_nested_front_matter(tmp_path):
    """A team schema that refers to itself, and a document nesting lists hundreds deep."""
    schema = {"properties": {"frontmatter": {"properties": {"x": {"$ref": "#/$defs/n"}}}},
              "$defs": {"n": {"type": ["array", "string"], "items": {"$ref": "#/$defs/n"}}}}
    files = {".artifactkit.yaml": "types:\n  mine:\n    schema: mine.schema.json\n", "mine.schema.json": json.dumps(schema)}
    for depth in (50, 200, 250, 300, 2_000):
        files[f"docs/d{depth}.md"] = "---\ntype: mine\nx: " + "[" * depth + "]" * depth + "\n---\n# D\n"
    write_tree(tmp_path, files)
    code, problems = lint_json(["docs"], tmp_path)
    assert {p["rule"] for p in problems} <= {"frontmatter-syntax"}
    assert "docs/d50.md" not in {p["path"] for p in problems}
    assert "docs/d2000.md" in {p["path"] for p in problems}


# ------------------------------------------------------------- config and schema files


def _alias_bomb(indent: str = "") -> str:
    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i, name in enumerate("bcdefghi"):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{'abcdefghi'[i]}"] * 9) + "]")
    return "".join(indent + line + "\n" for line in levels)


def test_alias_bomb_in_the_config(tmp_path):
    write_tree(tmp_path, {".artifactkit.yaml": "x-bomb:\n" + _alias_bomb("  ") + "docs_root: docs\n", "docs/good.md": GOOD})
    one_line_config_error(timed(lambda: run(["lint"], cwd=tmp_path)), ".artifactkit.yaml", "refusing to read it")


@pytest.mark.parametrize("where", ["x-notes", "$defs"])
def test_alias_bomb_in_a_yaml_schema(tmp_path, where):
    """Used to hang (x-notes: every walk of the schema expands the aliases) or print a multi-megabyte line ($defs)."""
    write_tree(tmp_path, {".artifactkit.yaml": "types:\n  mine:\n    schema: mine.schema.yaml\n",
                          "mine.schema.yaml": f"type: object\n{where}:\n" + _alias_bomb("  "), "docs/good.md": GOOD})
    proc = timed(lambda: run(["lint"], cwd=tmp_path))
    one_line_config_error(proc, "mine.schema.yaml", "more than 200000 values")
    assert len(proc.stderr) < 500


@pytest.mark.parametrize("name, text, words", [
    ("mine.schema.json", '{"not": ' * 900 + "{}" + "}" * 900, "nested more than 64 levels"),  # was: internal error
    ("mine.schema.json", '{"not": ' * 10_000 + "{}" + "}" * 10_000, "not valid JSON"),
    ("mine.schema.yaml", "type: object\nx: " + "[" * 10_000 + "\n", "not valid YAML"),
    ("mine.schema.json", '{"properties": ' * 100 + "{}" + "}" * 100, "nested more than 64 levels"),  # was: internal error
])
def test_deeply_nested_schema(tmp_path, name, text, words):
    write_tree(tmp_path, {".artifactkit.yaml": f"types:\n  mine:\n    schema: {name}\n", name: text, "docs/good.md": GOOD})
    one_line_config_error(timed(lambda: run(["lint"], cwd=tmp_path)), name, words)


def test_deeply_nested_config(tmp_path):
    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\nx: " + "[" * 10_000 + "\n", "docs/good.md": GOOD})
    one_line_config_error(run(["lint"], cwd=tmp_path), ".artifactkit.yaml", "cannot read config")


def test_deeply_nested_pyproject(tmp_path):
    """tomllib recurses per level: any deep array in pyproject.toml used to crash every lint run."""
    write_tree(tmp_path, {"pyproject.toml": "[project]\nname = 'x'\nx = " + "[" * 5_000 + "]" * 5_000 + "\n", "docs/good.md": GOOD})
    one_line_config_error(run(["lint"], cwd=tmp_path), "pyproject.toml", "nested too deeply")


@pytest.mark.parametrize("toml", ["tool = 1\n", "tool = 'x'\n", "[tool]\nartifactkit = 5\n"])
def test_pyproject_with_an_odd_tool_entry(tmp_path, toml):
    """``tool = 1`` is valid TOML; it used to crash with AttributeError. No config there: lint as usual."""
    write_tree(tmp_path, {"pyproject.toml": toml, "docs/good.md": GOOD})
    proc = run(["lint", "docs"], cwd=tmp_path)
    if "artifactkit" in toml:
        one_line_config_error(proc, "pyproject.toml", "not of type 'object'")
    else:
        assert proc.returncode == 0, proc.stderr
        assert "1 document checked, no problems" in proc.stdout


# ------------------------------------------------------------- special files


def test_fifo_named_on_the_command_line_does_not_hang(tmp_path):
    write_tree(tmp_path, {"docs/good.md": GOOD})
    os.mkfifo(tmp_path / "docs" / "pipe.md")
    code, problems = lint_json(["docs/pipe.md", "docs/good.md"], tmp_path)
    assert code == 1
    assert [(p["path"], p["rule"]) for p in problems] == [("docs/pipe.md", "file-unreadable")]
    assert "not a regular file" in problems[0]["message"]


def test_fifo_as_config_file_is_not_read(tmp_path):
    write_tree(tmp_path, {"docs/good.md": GOOD})
    os.mkfifo(tmp_path / ".artifactkit.yaml")
    proc = run(["lint", "docs"], cwd=tmp_path)  # skipped like a missing config: nothing blocks on the pipe
    assert proc.returncode == 0 and "1 document checked" in proc.stdout
    os.mkfifo(tmp_path / "given.yaml")
    one_line_config_error(run(["lint", "--config", "given.yaml", "docs"], cwd=tmp_path), "given.yaml", "not found")


@pytest.mark.skipif(not os.path.exists("/proc/kmsg"), reason="needs Linux /proc")
def test_symlinks_into_proc_are_not_followed(tmp_path):
    """/proc files look regular: reading /proc/kmsg (as root) blocks forever, /proc/self/environ leaks secrets."""
    def make(docs):
        os.symlink("/proc/kmsg", docs / "kmsg.md")
        os.symlink("/proc/self/environ", docs / "environ.md")
    by_file = timed(lambda: lint_catalogue(tmp_path, make=make))
    only(by_file, "docs/kmsg.md", "file-unreadable", "outside the repository")
    only(by_file, "docs/environ.md", "file-unreadable", "outside the repository")


@pytest.mark.skipif(not os.path.exists("/proc/kmsg"), reason="needs Linux /proc")
@pytest.mark.parametrize("link, config, args", [
    (".artifactkit.yaml", None, ["lint", "docs"]),
    ("pyproject.toml", None, ["lint", "docs"]),
    ("given.yaml", None, ["lint", "--config", "given.yaml", "docs"]),
    ("memo.schema.json", "types:\n  memo:\n    schema: memo.schema.json\n    paths: ['docs/*.md']\n", ["lint", "docs"]),
])
def test_config_or_schema_linked_into_proc_is_refused(tmp_path, link, config, args):
    """A config may link to a shared file outside the repository, but /proc files claim to be
    regular and /proc/kmsg blocks forever: such a link used to hang lint until CI's timeout."""
    write_tree(tmp_path, {"docs/good.md": GOOD, **({".artifactkit.yaml": config} if config else {})})
    os.symlink("/proc/kmsg", tmp_path / link)
    proc = timed(lambda: run(args, cwd=tmp_path))
    one_line_config_error(proc, "cannot read", "/proc/kmsg", "not a regular file")


@pytest.mark.skipif(not os.path.exists("/proc/kmsg"), reason="needs Linux /proc")
@pytest.mark.parametrize("args, code", [
    (["list"], 0), (["graph"], 0), (["index", "--check"], 1), (["lint", "--format", "json"], 1),
    (["status", "docs/adr/kmsg.md", "Accepted"], 2), (["inspect", "docs/adr/kmsg.md"], 2),
    (["supersede", "docs/adr/kmsg.md", "docs/adr/0001-real.md"], 2),
])
def test_other_commands_do_not_read_through_a_link_into_proc(tmp_path, args, code):
    """The catalogue behind list/graph/index/status and the lint cache used to read the link (and block)."""
    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\n", "docs/adr/0001-real.md": GOOD})
    os.symlink("/proc/kmsg", tmp_path / "docs" / "adr" / "kmsg.md")
    proc = timed(lambda: run(args, cwd=tmp_path))
    assert proc.returncode == code, proc.stdout + proc.stderr
    if code == 2:
        assert "outside the repository" in proc.stderr and proc.stderr.count("\n") == 1


def test_document_that_is_a_symlink_to_the_config(tmp_path):
    """Inside the repository, so it is read: a YAML file is simply a document without a type."""
    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\n"})
    by_file = lint_catalogue(tmp_path, make=lambda docs: os.symlink(tmp_path / ".artifactkit.yaml", docs / "cfg.md"))
    assert "docs/cfg.md" not in by_file


def test_library_entry_points_on_special_files(tmp_path):
    """In-process: read_document never blocks on a FIFO or a device and never raises."""
    code = (
        "import json, os, sys\n"
        "from artifactkit.io.textio import read_document\n"
        "out = {p: read_document(p).error for p in sys.argv[1:]}\n"
        "print(json.dumps(out))\n"
    )
    os.mkfifo(tmp_path / "fifo.md")
    paths = [str(tmp_path / "fifo.md"), "/dev/zero", "/dev/urandom", "/dev/null", str(tmp_path), str(tmp_path / "none.md")]
    proc = subprocess.run([sys.executable, "-c", code, *paths], capture_output=True, text=True, timeout=SECONDS)
    errors = json.loads(proc.stdout)
    assert all(errors[p] for p in paths), errors
    assert "not a regular file" in errors[str(tmp_path / "fifo.md")] and "not found" in errors[str(tmp_path / "none.md")]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_file_name_that_is_not_utf8(tmp_path, fmt):
    """Such a name reaches Python as lone surrogates, which no UTF-8 stream or file can hold: the
    cache, every report and the index each used to stop with an internal error."""
    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\n", "docs/adr/0001-good.md": GOOD})
    bad = os.path.join(os.fsencode(tmp_path), b"docs", b"adr", b"0002-caf\xe9.md")  # Latin-1, not UTF-8
    with open(bad, "wb") as fh:
        fh.write(GOOD.replace("2026", "2O26").encode())  # one problem: an invalid date
    strict = {"PYTHONIOENCODING": "utf-8"}  # as in a UTF-8 locale: a surrogate written to stdout raises
    for _ in ("cold", "warm"):  # the second run reads the cache the first one wrote
        proc = run(["lint", "--format", fmt, "docs"], cwd=tmp_path, env=strict)
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert ("0002-caf%E9.md" if fmt == "sarif" else "0002-caf\\udce9.md") in proc.stdout.replace("\\\\", "\\")
    if fmt == "json":
        (problem,) = json.loads(proc.stdout)
        assert os.fsencode(problem["path"]) == b"docs/adr/0002-caf\xe9.md"  # the exact name comes back
    proc = run(["index", "adr"], cwd=tmp_path, env=strict)
    assert proc.returncode == 0, proc.stderr
    listing = run(["list", "--format", "json" if fmt == "json" else "table"], cwd=tmp_path, env=strict)
    assert listing.returncode == 0 and "0002-caf\\udce9.md" in listing.stdout.replace("\\\\", "\\"), listing.stderr
    assert "[0002-caf?.md](0002-caf%E9.md)" in (tmp_path / "docs" / "adr" / "README.md").read_text(encoding="utf-8")


def test_views_escape_a_title_with_an_escape_sequence_in_a_folder_that_is_not_utf8(tmp_path):
    """A title is printed by list and graph: its escape sequence must not reach the terminal. The
    repository's own folder name, not UTF-8 either, goes into the cache key and inspect's JSON."""
    root = os.path.join(os.fsencode(tmp_path), b"repo-\xff")
    os.makedirs(os.path.join(root, b"docs", b"adr"))
    title = "Use \x1b[2JPostgres\u202e"
    with open(os.path.join(root, b"docs", b"adr", b"0001-pg.md"), "w", encoding="utf-8") as fh:
        fh.write(GOOD.replace("\n# ", f"\n# {title}\n\nOld title: ", 1))
    with open(os.path.join(root, b".artifactkit.yaml"), "w") as fh:
        fh.write("docs_root: docs\n")
    cwd = os.fsdecode(root)
    strict = {"PYTHONIOENCODING": "utf-8"}
    assert run(["lint", "docs"], cwd=cwd, env=strict).returncode == 0
    for args in (["list"], ["list", "--format", "json"], ["graph"], ["graph", "--format", "dot"], ["inspect", "docs/adr/0001-pg.md"]):
        proc = run(args, cwd=cwd, env=strict)
        assert proc.returncode == 0, proc.stderr
        assert "\x1b" not in proc.stdout and "\\u001b[2JPostgres" in proc.stdout, args
        is_json = "json" in args or "inspect" in args  # data: the exact title, which JSON's own escapes keep harmless
        assert ("\u202e" in proc.stdout) == is_json, args


def test_supersede_prints_a_file_name_that_is_not_utf8(tmp_path):
    """Both files were written, then printing the second name failed with an internal error."""
    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\n", "docs/adr/0001-old.md": GOOD})
    with open(os.path.join(os.fsencode(tmp_path), b"docs", b"adr", b"0002-caf\xe9.md"), "w", encoding="utf-8") as fh:
        fh.write(GOOD)
    proc = run(["supersede", "docs/adr/0001-old.md", os.fsdecode(b"docs/adr/0002-caf\xe9.md")], cwd=tmp_path, env={"PYTHONIOENCODING": "utf-8"})
    assert proc.returncode == 0, proc.stderr
    assert "0002-caf\\udce9.md: supersedes:" in proc.stdout
