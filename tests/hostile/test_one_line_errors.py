"""Promise: bad input gives one clear line naming the file and what to fix (a problem at file:line, or
``artifactkit: error:`` and exit 2 for configuration), never a traceback; the other documents are still linted.
"""

from __future__ import annotations

import json

import pytest
from conftest import lint_json, run, run_installed, write_tree
from hostile_helpers import GOOD, lint_catalogue, one_line_config_error, only


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

def test_invalid_yaml_is_reported_at_its_line(tmp_path):
    bad = "---\ntype: adr\nstatus: [Accepted\ndate: 2026-11-23\n---\n# T\n"
    got = lint_catalogue(tmp_path, {"docs/bad.md": bad})["docs/bad.md"]
    assert [p["rule"] for p in got] == ["frontmatter-syntax"]
    assert got[0]["line"] in (3, 4) and "YAML" in got[0]["message"]

def test_unterminated_frontmatter(tmp_path):
    got = lint_catalogue(tmp_path, {"docs/bad.md": "---\ntype: adr\n# T\n\n## Context\n\ntext\n"})["docs/bad.md"]
    assert [(p["rule"], p["line"]) for p in got] == [("frontmatter-unterminated", 1)]

def test_unknown_type_in_frontmatter(tmp_path):
    got = lint_catalogue(tmp_path, {"docs/odd.md": "---\ntype: novel\n---\n# T\n"})["docs/odd.md"]
    assert [(p["rule"], p["line"]) for p in got] == [("type-unknown", 2)]

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

def test_unreachable_remote_ref_is_a_clear_config_error(tmp_path):
    schema = {"properties": {"frontmatter": {"$ref": "http://127.0.0.1:9/nothing.json"}}}
    write_tree(tmp_path, {"mine.schema.json": json.dumps(schema), "docs/x.md": "---\ntype: mine\n---\n# X\n",
                          ".artifactkit.yaml": "allow_remote_refs: true\ntypes:\n  mine:\n    schema: mine.schema.json\n"})
    proc = run(["lint"], cwd=tmp_path)
    assert proc.returncode == 2
    assert "cannot fetch remote schema http://127.0.0.1:9/nothing.json" in proc.stderr
    assert proc.stderr.count("\n") == 1

def test_missing_path_and_bad_format_are_usage_errors(tmp_path):
    # through the installed command: exit 2 from lint's fast front and from typer, out of a real process
    assert run_installed(["lint", "nothere"], cwd=tmp_path).returncode == 2
    assert run_installed(["lint", "--format", "xml", "."], cwd=tmp_path).returncode == 2


@pytest.mark.parametrize("field", ["number", "status"])
def test_an_integer_too_long_to_print_is_a_problem_not_a_crash(tmp_path, field):
    """``number: 0x`` + 5000 ``f``s passed lint, then list, index --check and graph crashed (Python
    refuses to turn such an integer into text); as a status it crashed lint itself."""
    huge = "0x" + "f" * 5000
    doc = GOOD.replace("type: adr\n", f"type: adr\nnumber: {huge}\n") if field == "number" else GOOD.replace("status: Accepted", f"status: {huge}")
    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\n", "docs/adr/0001-huge.md": doc, "docs/adr/0002-good.md": GOOD})
    code, problems = lint_json([], tmp_path)
    assert code == 1 and [(p["path"], p["rule"], p["line"]) for p in problems] == [("docs/adr/0001-huge.md", "frontmatter-syntax", 3)]
    assert "integer of more than" in problems[0]["message"] and len(problems[0]["message"]) < 300, problems[0]["message"]
    for args in (["list"], ["list", "--format", "json"], ["graph"], ["index", "--check"], ["inspect", "docs/adr/0001-huge.md"]):
        proc = run(args, cwd=tmp_path)
        assert proc.returncode in (0, 1), (args, proc.stderr)
    listed = json.loads(run(["list", "--format", "json"], cwd=tmp_path).stdout)
    assert [e["number"] for e in listed] == [1, 2]  # the file name's number: the field is not a number


def test_a_number_no_one_would_give_a_document_is_not_its_number(tmp_path):
    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\n",
                          "docs/adr/0007-big.md": GOOD.replace("type: adr\n", "type: adr\nnumber: 0x" + "f" * 40 + "\n")})
    listed = json.loads(run(["list", "--format", "json"], cwd=tmp_path).stdout)
    assert [e["number"] for e in listed] == [7]
