"""Types without writing JSON Schema: ``sections:``/``frontmatter:`` in the config, ``schema derive``,
and the README's walkthrough run as written."""

from __future__ import annotations

import json
import re

from conftest import REPO, lint_json, run, write_tree

README = (REPO / "README.md").read_text(encoding="utf-8")


def walkthrough() -> str:
    return README.split("### Your own types without JSON Schema", 1)[1].split("\n## pre-commit", 1)[0]  # its example has ## headings


def blocks(section: str) -> list[tuple[str, str]]:
    return re.findall(r"^```(\w+)\n(.*?)^```$", section, re.M | re.S)


def test_readme_walkthrough_runs_as_written(tmp_path):
    found = blocks(walkthrough())
    for lang, body in found:  # files: a block whose first line names it
        first, _, rest = body.partition("\n")
        name = re.fullmatch(r"(?:# |<!-- )(\S+?)(?: -->)?", first)
        if lang in ("yaml", "markdown") and name:
            write_tree(tmp_path, {name.group(1): rest if lang == "markdown" else body})
    commands = [(body.strip(), found[i + 1][1]) for i, (lang, body) in enumerate(found) if lang == "sh"]
    assert len(commands) == 2
    for command, expected in commands:
        assert found[[b for _, b in found].index(expected)][0] == "text"
        proc = run(command.split()[1:], cwd=tmp_path)
        assert proc.stdout == expected, (command, proc.stdout, proc.stderr)


CONFIG = """\
types:
  oncall-runbook:
    paths: ["content/runbooks/**/*.md"]
    sections: [Meaning, Impact, Diagnosis, Mitigation]
    frontmatter: {required: [owner]}
"""

FILLED = """\
---
owner: team-storage
---

# Disk full

## Meaning

The volume is full.

## Impact

Writes fail.

## Diagnosis

Run df -h on the primary.

## Mitigation

Grow the volume.
"""


def test_listed_sections_and_fields_are_required_at_any_depth(tmp_path):
    write_tree(tmp_path, {
        ".artifactkit.yaml": CONFIG,
        "content/runbooks/pg/deep/ok.md": FILLED,
        "content/runbooks/pg/bad.md": FILLED.replace("owner: team-storage\n", "owner:\n").replace("## Impact\n\nWrites fail.\n\n", ""),
    })
    code, found = lint_json(["content"], tmp_path)
    assert code == 1
    flat = {(p["path"], p["rule"]) for p in found}
    assert ("content/runbooks/pg/bad.md", "section-missing") in flat
    assert ("content/runbooks/pg/bad.md", "frontmatter-invalid") in flat or ("content/runbooks/pg/bad.md", "frontmatter-missing") in flat
    assert not any(p[0].endswith("ok.md") for p in flat)


def test_a_hint_given_in_the_config_counts_as_a_placeholder(tmp_path):
    config = CONFIG.replace("[Meaning, Impact, Diagnosis, Mitigation]", "[Meaning, Impact, Diagnosis, {title: Mitigation, hint: List the steps that restore service.}]")
    write_tree(tmp_path, {".artifactkit.yaml": config,
                          "content/runbooks/a.md": FILLED.replace("Grow the volume.", "_List the steps that restore service._")})
    proc = run(["lint", "content"], cwd=tmp_path)
    assert proc.returncode == 1
    assert "\"Mitigation\" still holds the template's hint" in proc.stdout


def test_bad_short_form_is_a_config_error(tmp_path):
    write_tree(tmp_path, {".artifactkit.yaml": CONFIG.replace("[Meaning, Impact, Diagnosis, Mitigation]", "[Meaning, meaning]"),
                          "content/runbooks/a.md": FILLED})
    proc = run(["lint", "content"], cwd=tmp_path)
    assert proc.returncode == 2
    assert "listed twice" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_derive_from_a_template_reads_hints_and_jinja_front_matter(tmp_path):
    proc = run(["schema", "derive", REPO / "templates" / "adr" / "{{file_name}}.jinja", "--name", "decision"])
    assert proc.returncode == 0, proc.stderr
    schema = json.loads(proc.stdout)
    sections = schema["properties"]["sections"]
    assert sections["required"] == ["context", "decision", "consequences", "alternatives"]
    assert sections["properties"]["decision"]["x-hint"].startswith("State the decision in active voice")
    assert schema["properties"]["frontmatter"]["required"] == ["status", "date", "deciders"]
    # the derived schema is usable as is: a copy of the template fails it, a filled document passes
    write_tree(tmp_path, {"decision.schema.json": proc.stdout,
                          ".artifactkit.yaml": "types:\n  decision:\n    schema: decision.schema.json\n    paths: ['decisions/*.md']\n",
                          "decisions/one.md": "---\nstatus: Proposed\ndate: 2026-01-02\ndeciders: [Ada]\n---\n\n# Queue\n\n## Context\n\nOrders are lost.\n\n"
                                              "## Decision\n\n_State the decision in active voice, for example: We will use a message queue for order events._\n\n"
                                              "## Consequences\n\nMore moving parts.\n\n## Alternatives\n\nNone.\n"})
    lint = run(["lint", "decisions"], cwd=tmp_path)
    assert lint.returncode == 1 and "\"Decision\" still holds the template's hint" in lint.stdout, lint.stdout + lint.stderr


def test_derive_without_headings_fails_in_one_line(tmp_path):
    write_tree(tmp_path, {"x.md": "just text\n"})
    proc = run(["schema", "derive", "x.md"], cwd=tmp_path)
    assert proc.returncode == 2 and "no section headings" in proc.stderr
