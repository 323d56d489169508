"""Configuration: team types, extending built-ins, rule levels, inline disables, ignores."""

from __future__ import annotations

import json

from conftest import lint_json, run, write_tree
from docfactory import document

DECISION_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://example.com/decision.schema.json",
    "title": "Team decision", "description": "A lightweight decision log entry.",
    "type": "object", "required": ["frontmatter", "sections"],
    "properties": {
        "frontmatter": {"type": "object", "required": ["owner"],
                        "properties": {"owner": {"type": "string", "pattern": "^@", "description": "name the owning team as @team"}}},
        "sections": {"type": "object", "required": ["why", "what"], "properties": {
            "why": {"title": "Why", "description": "say why the team decided", "x-aliases": ["reason"],
                    "properties": {"filled": {"const": True}, "placeholders": {"maxItems": 0}}},
            "what": {"title": "What", "description": "say what was decided", "x-hint": "Write the decision in one sentence.",
                     "properties": {"filled": {"const": True}, "placeholders": {"maxItems": 0}}},
        }},
    },
}

STRICT_ADR = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://example.com/adr-strict.schema.json",
    "properties": {
        "frontmatter": {"required": ["deciders"], "properties": {"deciders": {"minItems": 2, "description": "name at least two deciders"}}},
        "sections": {"required": ["risks"], "properties": {"risks": {"title": "Risks", "description": "list what could go wrong",
                                                                     "properties": {"filled": {"const": True}}}}},
    },
}


def test_team_type_from_config_with_paths_aliases_and_hints(tmp_path):
    write_tree(tmp_path, {
        ".artifactkit.yaml": "types:\n  decision:\n    schema: schemas/decision.schema.json\n    paths: ['docs/decisions/*.md']\n",
        "schemas/decision.schema.json": json.dumps(DECISION_SCHEMA),
        "docs/decisions/ok.md": "---\nowner: '@payments'\n---\n# Cache\n\n## Reason\n\nLatency budget.\n\n## What\n\nWe cache prices.\n",
        "docs/decisions/bad.md": "---\nowner: payments\n---\n# Cache\n\n## Why\n\nLatency budget.\n\n## What\n\n_Write the decision in one sentence._\n",
        "docs/other/notes.md": "# Notes\n",
    })
    code, problems = lint_json([], tmp_path)
    assert code == 1
    assert [(p["path"], p["rule"], p["line"]) for p in problems] == [
        ("docs/decisions/bad.md", "frontmatter-invalid", 2),
        ("docs/decisions/bad.md", "section-placeholder", 12),  # the hint line itself
    ]
    assert "@team" in problems[0]["message"]


def test_extends_tightens_a_builtin(tmp_path):
    adr = document("adr")
    write_tree(tmp_path, {
        ".artifactkit.yaml": "types:\n  adr:\n    extends: adr\n    schema: adr-strict.schema.json\n",
        "adr-strict.schema.json": json.dumps(STRICT_ADR),
        "docs/adr/0001-a.md": adr,
        "docs/adr/0002-b.md": adr.replace("deciders: [Ada Lovelace]", "deciders: [Ada, Grace]") + "\n## Risks\n\nThe pool may still run out.\n",
    })
    code, problems = lint_json([], tmp_path)
    assert code == 1
    assert sorted((p["path"], p["rule"]) for p in problems) == [
        ("docs/adr/0001-a.md", "frontmatter-invalid"), ("docs/adr/0001-a.md", "section-missing"),
    ]
    # the built-in schema still applies
    write_tree(tmp_path, {"docs/adr/0002-b.md": document("adr", {"context": None}).replace("deciders: [Ada Lovelace]", "deciders: [Ada, Grace]") + "\n## Risks\n\nSome.\n"})
    code, problems = lint_json(["docs/adr/0002-b.md"], tmp_path)
    assert [p["section"] for p in problems] == ["Context"]


def test_rule_levels_and_off(tmp_path):
    text = document("adr", {"decision": "TODO\n"}) + "\n## Notes\n\na\n\n## Notes\n\nb\n"
    write_tree(tmp_path, {".artifactkit.yaml": "rules:\n  section-placeholder: warning\n  heading-duplicate: off\n", "a.md": text})
    code, problems = lint_json(["a.md"], tmp_path)
    assert code == 0
    assert [(p["rule"], p["level"]) for p in problems] == [("section-placeholder", "warning")]


def test_unknown_rule_in_config_is_a_config_error(tmp_path):
    write_tree(tmp_path, {".artifactkit.yaml": "rules:\n  no-such-rule: off\n", "a.md": document("adr")})
    proc = run(["lint", "a.md"], cwd=tmp_path)
    assert proc.returncode == 2 and "no-such-rule" in proc.stderr


def test_inline_disable_comments(tmp_path):
    whole = "<!-- artifactkit-disable section-placeholder -->\n" + document("adr", {"decision": "TODO\n", "context": "TODO\n"})
    next_section = document("adr", {"decision": "TODO\n", "context": "TODO\n"}).replace(
        "## Decision", "<!-- artifactkit-disable-next-section section-placeholder -->\n## Decision")
    write_tree(tmp_path, {"whole.md": whole.replace("---\n#", "---\n\n#", 1), "next.md": next_section})
    # the file-wide comment sits in the body; move it below the front matter
    text = document("adr", {"decision": "TODO\n", "context": "TODO\n"}).replace("# A complete adr\n", "# A complete adr\n\n<!-- artifactkit-disable section-placeholder -->\n")
    write_tree(tmp_path, {"whole.md": text})
    code, problems = lint_json(["whole.md", "next.md"], tmp_path)
    assert [(p["path"], p["section"]) for p in problems] == [("next.md", "Context")]


def test_ignore_globs(tmp_path):
    write_tree(tmp_path, {".artifactkit.yaml": "ignore: ['docs/archive/**']\n",
                          "docs/archive/old.md": document("adr", {"context": None}), "docs/new.md": document("adr")})
    assert lint_json([], tmp_path) == (0, [])


def test_pyproject_config_is_found_walking_up(tmp_path):
    write_tree(tmp_path, {"pyproject.toml": "[project]\nname='x'\n\n[tool.artifactkit]\ndocs_root = 'handbook'\n[tool.artifactkit.rules]\nsection-placeholder = 'off'\n",
                          "handbook/a.md": document("adr", {"decision": "TODO\n"}), "sub/dir/.keep": ""})
    code, problems = lint_json([], tmp_path / "sub" / "dir")
    assert (code, problems) == (0, [])
    proc = run(["lint"], cwd=tmp_path / "sub" / "dir")
    assert "1 document checked" in proc.stdout


def test_duplicate_numbers_name_both_paths(tmp_path):
    write_tree(tmp_path, {"docs/adr/0003-a.md": document("adr"), "docs/adr/0003-b.md": document("adr"),
                          "docs/adr/0004-c.md": document("adr")})
    code, problems = lint_json([], tmp_path)
    assert code == 1
    assert sorted((p["path"], p["rule"]) for p in problems) == [
        ("docs/adr/0003-a.md", "number-duplicate"), ("docs/adr/0003-b.md", "number-duplicate")]
    assert "docs/adr/0003-b.md" in problems[0]["message"]


def test_type_from_path_glob_without_frontmatter_type(tmp_path):
    write_tree(tmp_path, {"docs/runbooks/db.md": document("runbook").replace("type: runbook\n", "")})
    assert lint_json([], tmp_path) == (0, [])
    write_tree(tmp_path, {"docs/runbooks/db.md": document("runbook", {"symptoms": "TODO\n"}).replace("type: runbook\n", "")})
    code, problems = lint_json([], tmp_path)
    assert [p["rule"] for p in problems] == ["section-placeholder"]


def test_text_output_format(tmp_path):
    write_tree(tmp_path, {"docs/runbooks/db.md": document("runbook", {"rollback or mitigation steps": "TODO\n"})})
    proc = run(["lint"], cwd=tmp_path)
    assert proc.returncode == 1
    first = proc.stdout.splitlines()[0]
    assert first.startswith('docs/runbooks/db.md:') and '[section-placeholder] "Rollback or mitigation steps"' in first
    assert "\x1b[" not in proc.stdout  # no colour when not a terminal


# --- globs: gitignore's rules (pathspec) -----------------------------------------------------------

def test_glob_matching_follows_gitignore_rules():
    import warnings

    from artifactkit.io.globs import matches

    cases = [
        ("a[/]b.md", "a/b.md", False),  # a class never matches '/' (git's wildmatch)
        ("docs/a**b.md", "docs/axxb.md", True),  # '**' inside a name is '*'
        ("docs/a**b.md", "docs/a/x/b.md", False),
        ("/docs/*.md", "docs/x.md", True),  # a leading '/' anchors to the config folder (never matched before)
        ("/docs/*.md", "sub/docs/x.md", False),
        ("[[]", "[", True),  # '[' inside a class is an ordinary character (warned before)
        ("[[].md", "docs/[.md", True),
        ("[]x].md", "].md", True),  # ']' first in a class is literal
        ("*.md", "a/b/c.md", True),  # no '/': any depth
        ("docs/*.md", "docs/a.md", True),
        ("docs/*.md", "docs/sub/a.md", False),
        ("docs/*.md", "x/docs/a.md", False),  # with a '/': from the config folder only
        ("docs/", "docs/a/b.md", True),
        ("docs/**/*.md", "docs/a.md", True),
        ("docs/**/*.md", "docs/a/b/c.md", True),
        ("drafts/**", "drafts/x.md", True),
        ("./docs/*.md", "docs/a.md", True),
        ("?.md", "a.md", True),
        ("?.md", "ab.md", False),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # '[[]' must not warn
        got = [(pattern, path, matches(path, pattern)) for pattern, path, _ in cases]
    assert got == cases


def test_a_later_negated_glob_takes_a_path_back(tmp_path):
    write_tree(tmp_path, {".artifactkit.yaml": "ignore: ['docs/archive/**', '!docs/archive/keep.md']\n",
                          "docs/archive/old.md": document("adr", {"context": None}),
                          "docs/archive/keep.md": document("adr", {"context": None}), "docs/new.md": document("adr")})
    code, problems = lint_json([], tmp_path)
    assert code == 1 and {p["path"] for p in problems} == {"docs/archive/keep.md"}


def test_anchored_glob_in_type_paths(tmp_path):
    write_tree(tmp_path, {".artifactkit.yaml": "types:\n  runbook:\n    paths: ['/ops/*.md']\n",
                          "ops/db.md": document("runbook", {"symptoms": "TODO\n"}).replace("type: runbook\n", ""),
                          "other/ops/db.md": document("runbook", {"symptoms": "TODO\n"}).replace("type: runbook\n", "")})
    code, problems = lint_json(["ops", "other"], tmp_path)
    assert [(p["path"], p["rule"]) for p in problems] == [("ops/db.md", "section-placeholder")]


def test_an_invalid_glob_is_one_config_line(tmp_path):
    write_tree(tmp_path, {".artifactkit.yaml": "ignore: ['[z-a].md']\n", "docs/a.md": document("adr")})
    proc = run(["lint"], cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "'[z-a].md'" in proc.stderr and ".artifactkit.yaml" in proc.stderr
