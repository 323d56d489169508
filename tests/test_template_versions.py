"""Documents made from an older template: `new` records template and version, `outdated` lists the
documents behind, lint says which template version added a missing section, `lint --fix` brings
them forward. Real Copier rendering, real git for the URL template, the command (``main`` in process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO, git, run, write_tree
from docfactory import copier_questions

COPIER_YML = copier_questions()
BODY = """---
type: decision
status: {{ status }}
---
# {{ title }}

## Context

_Describe the forces at play._

## Decision

_State the decision._
"""
CONFIRMATION = "\n## Confirmation\n\n_Say how the decision will be checked._\n"


def schema(*sections: str) -> str:
    return json.dumps({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": {"filled": {"type": "object", "properties": {"filled": {"const": True}}}},
        "type": "object",
        "properties": {"sections": {"type": "object", "required": list(sections), "properties": {
            s: {"$ref": "#/$defs/filled", "title": s.capitalize(), "x-hint": f"{ {'context': 'Describe the forces at play.', 'decision': 'State the decision.', 'confirmation': 'Say how the decision will be checked.'}[s]}"} for s in sections}}},
        "x-artifactkit": {"folder": "docs/decisions", "naming": "number", "paths": ["docs/decisions/*.md"]},
    })


def filled(path: Path) -> None:
    text = path.read_text()
    for hint in ("_Describe the forces at play._", "_State the decision._", "_Say how the decision will be checked._"):
        text = text.replace(hint, "Real words that a person wrote about this decision.")
    path.write_text(text)


@pytest.fixture
def repo(git_repo: Path) -> Path:
    write_tree(git_repo, {
        ".artifactkit.yaml": "docs_root: docs\ntypes:\n  decision:\n    schema: schemas/decision.json\n    template: templates/decision\n",
        "schemas/decision.json": schema("context", "decision"),
        "templates/decision/copier.yml": COPIER_YML,
        "templates/decision/{{file_name}}.jinja": BODY,
    })
    return git_repo


def new(repo: Path, title: str) -> Path:
    proc = run(["new", "decision", title, "--no-input"], cwd=repo)
    assert proc.returncode == 0, proc.stderr
    path = repo / proc.stdout.strip().splitlines()[-1]
    filled(path)
    return path


def record(path: Path) -> str:
    return next(line.split(": ", 1)[1] for line in path.read_text().splitlines() if line.startswith("template: "))


def test_new_records_the_template_and_its_version(repo):
    doc = new(repo, "Use queues")
    name, version = record(doc).rsplit("@", 1)
    assert name == "templates/decision" and version.startswith("sha256:") and len(version) == len("sha256:") + 12
    assert new(repo, "Use caches").read_text().count(f"template: {name}@{version}") == 1  # same template, same version
    proc = run(["new", "adr", "Built in", "--no-input", "--dry-run"], cwd=repo)
    from artifactkit.schema.templates import folder_version

    assert f"template: adr@{folder_version(REPO / 'templates' / 'adr')}" in proc.stdout


def test_a_template_change_is_found_explained_and_fixed(repo):
    doc = new(repo, "Use queues")
    old = record(doc).rsplit("@", 1)[1]
    assert run(["outdated", "--check"], cwd=repo).returncode == 0
    # the team adds a required section to template and schema, as MADR 4 added "Confirmation"
    (repo / "templates/decision/{{file_name}}.jinja").write_text(BODY + CONFIRMATION)
    (repo / "schemas/decision.json").write_text(schema("context", "decision", "confirmation"))
    proc = run(["outdated", "--format", "json"], cwd=repo)
    assert proc.returncode == 0, proc.stderr
    [behind] = json.loads(proc.stdout)
    assert behind["path"] == "docs/decisions/0001-use-queues.md" and behind["recorded"] == old
    assert behind["current"] != old and behind["adds"] == ["Confirmation"]
    text = run(["outdated"], cwd=repo)
    assert f"docs/decisions/0001-use-queues.md: templates/decision {old} -> {behind['current']}; adds: Confirmation" in text.stdout
    assert run(["outdated", "--check"], cwd=repo).returncode == 1
    lint = run(["lint", "--format", "json", "--no-cache", "docs"], cwd=repo)
    [missing] = [p for p in json.loads(lint.stdout) if p["rule"] == "section-missing"]
    assert f"(added in template version {behind['current']}; this document was made from {old})" in missing["message"]
    # inserting the section would only trade "missing" for "write it": --fix leaves the file and says why
    before = doc.read_text()
    fix = run(["lint", "--fix", "docs"], cwd=repo)
    assert fix.returncode == 1 and "Confirmation" in fix.stderr, fix.stderr
    assert doc.read_text() == before
    # written by hand, the section is there: --fix moves the record forward, nothing else
    doc.write_text(before + "\n## Confirmation\n\nThe queue depth alert fires in staging when a consumer stops.\n")
    fix = run(["lint", "--fix", "docs"], cwd=repo)
    assert fix.returncode == 0, fix.stderr
    assert "## Confirmation" in doc.read_text() and record(doc) == f"templates/decision@{behind['current']}"
    assert json.loads(run(["outdated", "--format", "json"], cwd=repo).stdout) == []


def test_a_url_template_records_its_tag(repo, tmp_path):
    source = tmp_path / "tmpl"
    write_tree(source, {"copier.yml": COPIER_YML, "{{file_name}}.jinja": BODY})
    git(tmp_path, "init", "-q", "-b", "main", str(source))
    for args in (("add", "-A"), ("-c", "user.name=T", "-c", "user.email=t@e", "commit", "-qm", "v1"), ("tag", "v1.0")):
        git(source, *args)
    url = f"file://{source}"
    (repo / ".artifactkit.yaml").write_text(f"docs_root: docs\ntypes:\n  decision:\n    schema: schemas/decision.json\n    template: {url}\n")
    doc = new(repo, "Use queues")
    assert record(doc) == f"{url}@v1.0"
    (source / "{{file_name}}.jinja").write_text(BODY + CONFIRMATION)
    for args in (("add", "-A"), ("-c", "user.name=T", "-c", "user.email=t@e", "commit", "-qm", "v1.1"), ("tag", "v1.10"), ("tag", "v1.9")):
        git(source, *args)
    [behind] = json.loads(run(["outdated", "--format", "json"], cwd=repo).stdout)
    assert (behind["recorded"], behind["current"]) == ("v1.0", "v1.10")  # version order, not text order


def test_a_format_without_front_matter_records_a_trailing_comment(repo):
    (repo / "templates/decision/{{file_name}}.jinja").write_text(BODY.split("---\n", 2)[2])
    (repo / ".artifactkit.yaml").write_text("docs_root: docs\ntypes:\n  decision:\n    schema: schemas/decision.json\n    template: templates/decision\n")
    doc = new(repo, "Use queues")
    text = doc.read_text()
    assert not text.startswith("---") and text.rstrip().endswith("-->")
    assert "<!-- artifactkit-template: templates/decision@sha256:" in text.splitlines()[-1]
    assert run(["outdated", "--check"], cwd=repo).returncode == 0
    (repo / "templates/decision/{{file_name}}.jinja").write_text(BODY.split("---\n", 2)[2] + CONFIRMATION)
    assert run(["outdated", "--check"], cwd=repo).returncode == 1
    assert run(["lint", "docs"], cwd=repo).returncode == 0  # the schema does not require it yet: only outdated says so


def test_a_template_edit_reaches_cached_lint_results(repo):
    """The note on a missing section names the template's version: a cached result made before the
    template changed must not be reported after it (the document itself did not change)."""
    (repo / "schemas/decision.json").write_text(schema("context", "decision", "confirmation"))
    new(repo, "Use queues")

    def missing_message() -> str:
        lint = run(["lint", "--format", "json", "docs"], cwd=repo)  # with the cache
        [missing] = [p for p in json.loads(lint.stdout) if p["rule"] == "section-missing"]
        return missing["message"]

    assert "added in template version" not in missing_message()  # same template: nothing to explain
    (repo / "templates/decision/{{file_name}}.jinja").write_text(BODY + CONFIRMATION)
    assert "added in template version" in missing_message()


def test_each_type_and_config_is_asked_for_its_own_template(tmp_path):
    """lint remembers a type's template (and its version) per type and config: a type of the same
    name without a template, or under another config, is asked afresh, never given another's."""
    from types import SimpleNamespace

    from artifactkit.checks.template_version import _template
    from artifactkit.schema import templates
    from artifactkit.schema.doctypes import DocType

    write_tree(tmp_path, {"tpl/copier.yml": COPIER_YML, "tpl/doc.md.jinja": BODY})
    spec = str(tmp_path / "tpl")
    with_template = DocType("decision", [], ["decision.schema.json"], template=spec)
    without = DocType("decision", [], ["decision.schema.json"])
    one, other = SimpleNamespace(source=None, root=str(tmp_path)), SimpleNamespace(source=None, root=str(tmp_path))
    for _ in range(2):
        assert _template(with_template, one) == (spec, templates.current_version(spec))
        assert _template(without, one) is None
        assert _template(with_template, other) == (spec, templates.current_version(spec))
        assert _template(without, other) is None
