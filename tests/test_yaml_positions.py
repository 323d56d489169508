"""Every YAML syntax error in a config or a front matter is reported at FILE:LINE:COLUMN of the
construct to fix: an unclosed bracket or quote where it opens, not at the next line where the
parser noticed it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import lint_json, run, write_tree

from artifactkit.lsp.folders import failure

FRONT = "---\ntype: adr\nstatus: Accepted\ndate: 2026-01-02\n{}---\n# A decision\n\n## Context\n\nSome context.\n"


@pytest.mark.parametrize(
    "bad, line, column",
    [
        ("tags: [db, cache\n", 5, 7),  # unclosed flow sequence: where "[" stands
        ("owner: {team: db\n", 5, 8),  # unclosed flow mapping
        ('title: "Use Postgres\n', 5, 8),  # unclosed quote
        ("deciders Ada\n", 5, 1),  # a key without its colon
        ("\tstatus: Draft\n", 5, 1),  # a tab as indentation: the problem's own line
        ("  indented: x\n", 5, 11),  # a mapping value where none is allowed
    ],
)
def test_front_matter_yaml_error_is_at_its_line_and_column(tmp_path: Path, bad: str, line: int, column: int):
    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\n", "docs/adr/0001-a.md": FRONT.format(bad)})
    _, problems = lint_json([], tmp_path)
    (syntax,) = [p for p in problems if p["rule"] == "frontmatter-syntax"]
    assert (syntax["line"], syntax["column"]) == (line, column), syntax


def test_config_yaml_syntax_error_names_file_line_and_column(tmp_path: Path):
    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\nignore: [drafts/\nrules: {}\n"})
    proc = run(["lint"], cwd=tmp_path)
    assert proc.returncode == 2
    (line,) = proc.stderr.splitlines()
    assert line.startswith("artifactkit: error: ") and line.endswith(".artifactkit.yaml:2:9: cannot read config: did not find expected ',' or ']'"), line


def test_the_language_server_puts_the_config_diagnostic_on_that_line(tmp_path: Path):
    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\n\nignore: [drafts/\nrules: {}\n"})
    from artifactkit.engine.config import load_config
    from artifactkit.errors import UserError

    with pytest.raises(UserError) as caught:
        load_config(start=tmp_path)
    assert failure(tmp_path, str(caught.value)).line == 3


@pytest.mark.parametrize(
    "files, expected",
    [
        ({"my.yaml": "type: object\nproperties: {a: [1\n"}, "my.yaml:2:17: schema is not valid YAML: did not find expected ',' or ']'"),
        ({"my.json": '{"type": "object",\n "x": }\n'}, "my.json:2:7: schema is not valid JSON: Expecting value"),
    ],
)
def test_a_schema_file_error_names_file_line_and_column(tmp_path: Path, files: dict, expected: str):
    (name,) = files
    write_tree(tmp_path, {".artifactkit.yaml": f"docs_root: docs\ntypes:\n  adr:\n    extends: adr\n    schema: {name}\n", **files})
    proc = run(["lint"], cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.strip().endswith(expected), proc.stderr


def test_a_pyproject_error_names_file_line_and_column(tmp_path: Path):
    write_tree(tmp_path, {"pyproject.toml": '[tool.artifactkit]\ndocs_root = "docs\n'})
    proc = run(["lint"], cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.strip().endswith("pyproject.toml:2:18: cannot read pyproject.toml: Illegal character '\\n'"), proc.stderr
