"""Bad input: each case gives a clear problem or a one-line error, never a traceback,
and the other files in the run are still linted."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from conftest import artifactkit_exe, run, write_tree
from docfactory import document
from docfactory import lint_beside_good_and_broken as lint_with_good_neighbour

GOOD = document("adr")


def test_invalid_yaml_is_reported_at_its_line(tmp_path):
    bad = "---\ntype: adr\nstatus: [Accepted\ndate: 2026-11-23\n---\n# T\n"
    got = lint_with_good_neighbour(tmp_path, {"docs/bad.md": bad})["docs/bad.md"]
    assert [p["rule"] for p in got] == ["frontmatter-syntax"]
    assert got[0]["line"] in (3, 4) and "YAML" in got[0]["message"]


def test_unterminated_frontmatter(tmp_path):
    got = lint_with_good_neighbour(tmp_path, {"docs/bad.md": "---\ntype: adr\n# T\n\n## Context\n\ntext\n"})["docs/bad.md"]
    assert [(p["rule"], p["line"]) for p in got] == [("frontmatter-unterminated", 1)]


def test_non_utf8_bytes(tmp_path):
    data = b"---\ntype: adr\n---\n# Caf\xe9\n"
    got = lint_with_good_neighbour(tmp_path, {"docs/latin1.md": data})["docs/latin1.md"]
    assert [(p["rule"], p["line"]) for p in got] == [("file-unreadable", 4)]
    assert "UTF-8" in got[0]["message"]


def test_binary_file_named_md(tmp_path):
    got = lint_with_good_neighbour(tmp_path, {"docs/image.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"})["docs/image.md"]
    assert [p["rule"] for p in got] == ["file-unreadable"] and "binary" in got[0]["message"]


def test_broken_symlink(tmp_path):
    (tmp_path / "docs").mkdir()
    os.symlink(tmp_path / "nowhere.md", tmp_path / "docs" / "link.md")
    got = lint_with_good_neighbour(tmp_path, {})["docs/link.md"]
    assert [p["rule"] for p in got] == ["file-unreadable"] and "broken symbolic link" in got[0]["message"]


def test_directory_named_md_is_walked_not_read(tmp_path):
    by_file = lint_with_good_neighbour(tmp_path, {"docs/x.md/inner.md": document("adr", {"context": None})})
    assert [p["rule"] for p in by_file["docs/x.md/inner.md"]] == ["section-missing"]
    assert "docs/x.md" not in by_file


def test_twenty_megabyte_document(tmp_path):
    big = GOOD + ("lorem ipsum dolor sit amet " * 40 + "\n") * 19500
    assert len(big) > 20_000_000
    got = lint_with_good_neighbour(tmp_path, {"docs/huge.md": big})["docs/huge.md"]
    assert [p["rule"] for p in got] == ["file-unreadable"] and "limit" in got[0]["message"]


def test_yaml_alias_bomb(tmp_path):
    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    bomb = "---\ntype: adr\n" + "\n".join(levels) + "\n---\n# Bomb\n"
    got = lint_with_good_neighbour(tmp_path, {"docs/bomb.md": bomb})["docs/bomb.md"]
    assert [p["rule"] for p in got] == ["frontmatter-syntax"] and "refusing" in got[0]["message"]


def test_python_object_tag_is_not_constructed(tmp_path):
    marker = tmp_path / "pwned"
    evil = f"---\ntype: adr\nstatus: !!python/object/apply:os.system ['touch {marker}']\ndate: 2026-11-23\n---\n# T\n"
    lint_with_good_neighbour(tmp_path, {"docs/evil.md": evil})
    assert not marker.exists()


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_unreadable_file(tmp_path):
    write_tree(tmp_path, {"docs/good.md": GOOD, "docs/secret.md": GOOD})
    (tmp_path / "docs" / "secret.md").chmod(0)
    cmd = [artifactkit_exe(), "lint", "--format", "json", "docs"]
    if os.geteuid() == 0:  # root reads anything: run as nobody to make the permission real
        for p in [tmp_path, *tmp_path.parents]:
            if p != p.parent:
                os.chmod(p, os.stat(p).st_mode | 0o005)
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
    proc = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "HOME": str(tmp_path)})
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 1, proc.stderr
    problems = json.loads(proc.stdout)
    assert [(p["path"], p["rule"]) for p in problems] == [("docs/secret.md", "file-unreadable")]
    assert "Permission denied" in problems[0]["message"]


def test_unknown_type_in_frontmatter(tmp_path):
    got = lint_with_good_neighbour(tmp_path, {"docs/odd.md": "---\ntype: novel\n---\n# T\n"})["docs/odd.md"]
    assert [(p["rule"], p["line"]) for p in got] == [("type-unknown", 2)]


def test_files_of_no_known_type_are_skipped_and_listed_with_verbose(tmp_path):
    write_tree(tmp_path, {"docs/notes.md": "# Notes\n\nanything\n", "docs/good.md": GOOD})
    proc = run(["lint", "--verbose", "docs"], cwd=tmp_path)
    assert proc.returncode == 0
    assert "skipped docs/notes.md" in proc.stderr
    assert "1 document checked, no problems" in proc.stdout


def test_invalid_config_exits_2_naming_file_and_reason(tmp_path):
    write_tree(tmp_path, {".artifactkit.yaml": "types:\n  mine:\n    paths: notalist\n", "docs/good.md": GOOD})
    proc = run(["lint"], cwd=tmp_path)
    assert proc.returncode == 2
    assert ".artifactkit.yaml" in proc.stderr and "types.mine.paths" in proc.stderr
    assert proc.stderr.count("\n") == 1


def test_config_yaml_syntax_error(tmp_path):
    write_tree(tmp_path, {".artifactkit.yaml": "types: [\n", "docs/good.md": GOOD})
    proc = run(["lint"], cwd=tmp_path)
    assert proc.returncode == 2 and ".artifactkit.yaml" in proc.stderr and proc.stderr.count("\n") == 1


@pytest.mark.parametrize("schema_text, reason", [
    ("{not json", "not valid JSON"),
    ('{"type": "objekt"}', "invalid JSON Schema"),
    ('{"$ref": "https://example.com/remote.json"}', "remote references are not fetched"),
])
def test_invalid_user_schema_exits_2(tmp_path, schema_text, reason):
    write_tree(tmp_path, {
        ".artifactkit.yaml": "types:\n  mine:\n    schema: mine.schema.json\n    paths: ['docs/*.md']\n",
        "mine.schema.json": schema_text, "docs/good.md": GOOD,
    })
    proc = run(["lint"], cwd=tmp_path)
    assert proc.returncode == 2
    assert "mine.schema.json" in proc.stderr and reason in proc.stderr
    assert proc.stderr.count("\n") == 1


def test_config_pointing_at_missing_schema(tmp_path):
    write_tree(tmp_path, {".artifactkit.yaml": "types:\n  mine:\n    schema: nope.json\n", "docs/good.md": GOOD})
    proc = run(["lint"], cwd=tmp_path)
    assert proc.returncode == 2 and "nope.json" in proc.stderr and "not found" in proc.stderr


def test_missing_path_and_bad_format_are_usage_errors(tmp_path):
    assert run(["lint", "nothere"], cwd=tmp_path).returncode == 2
    assert run(["lint", "--format", "xml", "."], cwd=tmp_path).returncode == 2
