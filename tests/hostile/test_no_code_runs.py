"""Promise: no code runs from what artifactkit reads: YAML tags that construct Python objects are never
constructed, in documents, configs or schemas. (Templates: test_templates_need_trust.py.)
"""

from __future__ import annotations

import re

import pytest
from conftest import run, write_tree
from hostile_helpers import GOOD, lint_catalogue, one_line_config_error


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

def test_python_object_tag_is_not_constructed(tmp_path):
    marker = tmp_path / "pwned"
    evil = f"---\ntype: adr\nstatus: !!python/object/apply:os.system ['touch {marker}']\ndate: 2026-11-23\n---\n# T\n"
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


def test_site_build_keeps_no_code_in_the_repository(tmp_path):
    """The site's compiled templates (Python bytecode, which jinja loads and runs) were cached under
    .artifactkit_cache/, where a pull request can commit files: a planted one would run in CI.
    The repository's cache holds plain JSON (the results index: JSON rows in an SQLite file) and rendered bodies (HTML, each named by its hash and
    checked against it) only."""
    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\n", "docs/adr/0001-good.md": GOOD})
    for _ in range(2):  # cold, then warm
        proc = run(["site", "build"], cwd=tmp_path)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    cache = tmp_path / ".artifactkit_cache"
    kept = sorted(str(p.relative_to(cache)) for p in cache.rglob("*"))
    data = re.compile(r"[^/]+\.json|results-[0-9a-f]{32}\.sqlite|\.gitignore|site-bodies|site-bodies/[0-9a-f]{64}\.html")
    assert kept and all(data.fullmatch(name) for name in kept), kept
