"""Promise: bad input ends within seconds, in bounded memory. Every file artifactkit reads goes through
one bounded, non-blocking reader (artifactkit.io.textio.read_bytes): FIFOs, devices, the kernel's /proc and
/sys files, huge files, deep nesting, alias bombs and quadratic scans end in a problem or a one-line error.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import lint_json, run, write_tree
from docfactory import document
from hostile_helpers import (
    GOOD,
    SECONDS,
    lint_catalogue,
    one_line_config_error,
    only,
    run_bounded,
    timed,
)


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

def test_front_matter_over_256_kib_is_refused_unread(tmp_path):
    """The YAML parser needs seconds per MiB: a huge block is refused before it is parsed."""
    text = "---\ntype: adr\nnotes: |\n" + "  a line of notes that goes on\n" * 10_000 + "---\n# T\n"
    by_file = timed(lambda: lint_catalogue(tmp_path, {"docs/x.md": text}))
    only(by_file, "docs/x.md", "frontmatter-syntax", "over 256 KiB")
    assert by_file["docs/x.md"][0]["line"] == 2

def test_recursive_schema_and_deeply_nested_front_matter(tmp_path):
    """A team schema that refers to itself, and a document nesting lists hundreds deep."""
    schema = {"properties": {"frontmatter": {"properties": {"x": {"$ref": "#/$defs/n"}}}},
              "$defs": {"n": {"type": ["array", "string"], "items": {"$ref": "#/$defs/n"}}}}
    files = {".artifactkit.yaml": "types:\n  mine:\n    schema: mine.schema.json\n", "mine.schema.json": json.dumps(schema)}
    for depth in (50, 200, 250, 300, 2_000):
        files[f"docs/d{depth}.md"] = "---\ntype: mine\nx: " + "[" * depth + "]" * depth + "\n---\n# D\n"
    write_tree(tmp_path, files)
    _, problems = lint_json(["docs"], tmp_path)
    assert {p["rule"] for p in problems} <= {"frontmatter-syntax"}
    assert "docs/d50.md" not in {p["path"] for p in problems}
    assert "docs/d2000.md" in {p["path"] for p in problems}

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

def test_yaml_alias_bomb(tmp_path):
    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    bomb = "---\ntype: adr\n" + "\n".join(levels) + "\n---\n# Bomb\n"
    got = lint_catalogue(tmp_path, {"docs/bomb.md": bomb})["docs/bomb.md"]
    assert [p["rule"] for p in got] == ["frontmatter-syntax"] and "refusing" in got[0]["message"]

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

def test_deeply_nested_yaml(tmp_path):
    nested = "---\ntype: adr\nx: " + "[" * 10_000 + "]" * 10_000 + "\n---\n# T\n"
    only(lint_catalogue(tmp_path, {"docs/deep.md": nested}), "docs/deep.md", "frontmatter-syntax", "front matter")

def test_fifty_megabyte_file(tmp_path):
    def make(docs):
        with open(docs / "huge.md", "wb") as fh:
            fh.write(GOOD.encode())
            fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
    only(lint_catalogue(tmp_path, make=make), "docs/huge.md", "file-unreadable", "MiB limit")

def test_twenty_megabyte_document(tmp_path):
    big = GOOD + ("lorem ipsum dolor sit amet " * 40 + "\n") * 19500
    assert len(big) > 20_000_000
    got = lint_catalogue(tmp_path, {"docs/huge.md": big})["docs/huge.md"]
    assert [p["rule"] for p in got] == ["file-unreadable"] and "limit" in got[0]["message"]

@pytest.mark.parametrize("expected", [0, 10, 100, 99_999, 100_000, 100_001, 10**7])
def test_the_reader_stops_at_its_limit_whatever_size_it_expected(tmp_path, expected):
    """A file may grow or shrink between its stat and its read: the reader still returns it whole
    up to the limit, and one byte past the limit at most (the caller's sign that it is too big)."""
    from artifactkit.io.textio import read_at_most

    path = tmp_path / "f.md"
    path.write_bytes(bytes(range(256)) * 400)  # 102,400 bytes
    for limit, want in ((10**6, 102_400), (102_401, 102_400), (102_400, 102_400), (50_001, 50_001), (1, 1)):
        fd = os.open(path, os.O_RDONLY)
        try:
            assert read_at_most(fd, expected, limit) == path.read_bytes()[:want], (expected, limit)
        finally:
            os.close(fd)


def test_one_million_character_line(tmp_path):
    text = document("adr", {"context": "word " * 200_000 + "\n"})
    assert max(len(line) for line in text.splitlines()) == 1_000_000
    assert "docs/long.md" not in lint_catalogue(tmp_path, {"docs/long.md": text})

def test_ten_thousand_headings(tmp_path):
    extra = "".join(f"\n### Note {i}\n\ntext {i}\n" for i in range(10_000))
    text = document("adr", {"alternatives": "We looked at the others.\n" + extra})
    assert "docs/many.md" not in lint_catalogue(tmp_path, {"docs/many.md": text})
    dupes = document("adr") + "".join("\n## Same\n\nx\n" for _ in range(10_000))
    by_file = lint_catalogue(tmp_path, {"docs/many.md": dupes})
    assert {p["rule"] for p in by_file["docs/many.md"]} == {"heading-duplicate"}
    assert len(by_file["docs/many.md"]) == 9_999

def test_fifo_named_on_the_command_line_does_not_hang(tmp_path):
    write_tree(tmp_path, {"docs/good.md": GOOD})
    os.mkfifo(tmp_path / "docs" / "pipe.md")
    code, problems = lint_json(["docs/pipe.md", "docs/good.md"], tmp_path)
    assert code == 1
    assert [(p["path"], p["rule"]) for p in problems] == [("docs/pipe.md", "file-unreadable")]
    assert "not a regular file" in problems[0]["message"]

def test_fifo_does_not_hang(tmp_path):
    by_file = lint_catalogue(tmp_path, make=lambda docs: os.mkfifo(docs / "pipe.md"))
    only(by_file, "docs/pipe.md", "file-unreadable", "not a regular file")

def test_fifo_as_config_file_is_not_read(tmp_path):
    write_tree(tmp_path, {"docs/good.md": GOOD})
    os.mkfifo(tmp_path / ".artifactkit.yaml")
    proc = run(["lint", "docs"], cwd=tmp_path)  # skipped like a missing config: nothing blocks on the pipe
    assert proc.returncode == 0 and "1 document checked" in proc.stdout
    os.mkfifo(tmp_path / "given.yaml")
    one_line_config_error(run(["lint", "--config", "given.yaml", "docs"], cwd=tmp_path), "given.yaml", "not a regular file")

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

def test_device_inside_the_repository_is_not_read(tmp_path):
    (tmp_path / "docs").mkdir()
    proc = run(["lint", "--format", "json", "/dev/null"], cwd=tmp_path)
    assert proc.returncode == 1
    assert [p["rule"] for p in json.loads(proc.stdout)] == ["file-unreadable"]

def test_symlink_loop(tmp_path):
    def make(docs):
        os.symlink(docs / "b.md", docs / "a.md")
        os.symlink(docs / "a.md", docs / "b.md")
        os.symlink(docs, docs / "dirloop")  # a folder loop: folders behind links are not walked
    by_file = lint_catalogue(tmp_path, make=make)
    only(by_file, "docs/a.md", "file-unreadable", "symbolic links")
    only(by_file, "docs/b.md", "file-unreadable", "symbolic links")
    assert not any(path.startswith("docs/dirloop") for path in by_file)

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
    proc = subprocess.run([sys.executable, "-c", code, *paths], capture_output=True, text=True, timeout=SECONDS, check=False)
    errors = json.loads(proc.stdout)
    assert all(errors[p] for p in paths), errors
    assert "not a regular file" in errors[str(tmp_path / "fifo.md")] and "not found" in errors[str(tmp_path / "none.md")]


# ------------------------------------------------------------- the files artifactkit edits or keeps for itself


def test_init_on_a_fifo_pre_commit_config(tmp_path):
    """Used to wait forever for a writer."""
    os.mkfifo(tmp_path / ".pre-commit-config.yaml")
    proc = run_bounded(["init"], cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "skipped  .pre-commit-config.yaml" in proc.stdout
    (warning,) = proc.stderr.splitlines()
    assert warning.startswith("artifactkit: warning: ") and "not a regular file" in warning, proc.stderr
    assert (tmp_path / ".artifactkit.yaml").is_file(), "the rest of init went on"
    assert not (tmp_path / ".pre-commit-config.yaml").is_file(), "the FIFO was left as it was"


def test_init_on_a_pre_commit_config_linked_to_dev_zero(tmp_path):
    """Used to read until memory ran out. It is a link out of the repository: refused before anything is read or written."""
    os.symlink("/dev/zero", tmp_path / ".pre-commit-config.yaml")
    proc = run_bounded(["init"], cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stderr.count("\n") == 1 and "/dev/zero" in proc.stderr and "nothing was written" in proc.stderr
    assert sorted(os.listdir(tmp_path)) == [".pre-commit-config.yaml"]


@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
def test_lint_with_a_special_file_in_place_of_its_cache_pack(tmp_path, special):
    """A FIFO at .artifactkit_cache/results-<key>.json (now .sqlite) used to hang every lint run."""
    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\n", "docs/adr/0001-good.md": GOOD})
    assert run_bounded(["lint"], cwd=tmp_path).returncode == 0
    (pack,) = (tmp_path / ".artifactkit_cache").glob("results-*.sqlite")
    pack.unlink()
    if special == "fifo":
        os.mkfifo(pack)
    else:
        os.symlink(special, pack)
    proc = run_bounded(["lint"], cwd=tmp_path)
    assert proc.returncode == 0 and "1 document checked, no problems" in proc.stdout, proc.stdout + proc.stderr
    proc = run_bounded(["lint", "docs/adr/0001-good.md", "--format", "json"], cwd=tmp_path)
    assert proc.returncode == 0 and json.loads(proc.stdout) == []


def test_one_reader_for_everything():
    """The promise is kept by construction: no module of the package opens a file for reading but
    artifactkit.io.textio (files opened to write or to lock, the package's own data and the
    kernel's /proc/self files aside)."""
    import re
    from pathlib import Path

    import artifactkit

    package = Path(artifactkit.__file__).parent
    readers = re.compile(r"\bopen\(|\.read_text\(|\.read_bytes\(|os\.open\(")
    found = []
    for module in sorted(package.rglob("*.py")):
        if module.relative_to(package).as_posix() in ("io/textio.py", "io/writer.py"):
            continue  # the reader itself; the writer opens only its own new temporary files
        for number, line in enumerate(module.read_text(encoding="utf-8").splitlines(), 1):
            writes = re.search(r"O_WRONLY|O_RDWR|O_CREAT|O_DIRECTORY", line) or re.search(r"""open\([^)]*["']w""", line)
            own_data = re.search(r"urlopen|opener\.open\(|resources\.files\(|/proc/self/", line)  # the network (bounded there), the package, the kernel
            if readers.search(line) and not writes and not own_data:
                found.append(f"{module.relative_to(package)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)
