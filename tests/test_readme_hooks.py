"""README, hooks/ and .pre-commit-hooks.yaml stay in step; the CI snippets run as written."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from xml.etree import ElementTree as ET

from conftest import REPO, run, write_tree
from docfactory import document
from ruamel.yaml import YAML

README = REPO / "README.md"
MANIFEST = REPO / ".pre-commit-hooks.yaml"
EXAMPLE = REPO / "hooks" / "pre-commit-config.example.yaml"
GITHUB = REPO / "hooks" / "github-workflow.yml"
GITLAB = REPO / "hooks" / "gitlab-ci.yml"


def yaml_load(text: str):
    return YAML(typ="safe").load(text)


def readme_section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def yaml_blocks(section: str) -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```", section, re.S | re.M)


def hook_ids(config: dict) -> list[str]:
    return [hook["id"] for repo in config.get("repos", []) for hook in repo.get("hooks", [])]


def manifest_ids() -> list[str]:
    return [hook["id"] for hook in yaml_load(MANIFEST.read_text(encoding="utf-8"))]


def test_readme_snippet_and_manifest_name_the_same_hooks():
    blocks = yaml_blocks(readme_section("pre-commit"))
    assert blocks, "the pre-commit section shows no yaml config"
    snippet = yaml_load(blocks[0])
    assert sorted(hook_ids(snippet)) == sorted(manifest_ids())
    for block in blocks[1:]:  # other variants (repo: local) may only use published ids
        assert set(hook_ids(yaml_load(block))) <= set(manifest_ids())


def test_readme_snippet_is_the_example_file():
    (first, *_) = yaml_blocks(readme_section("pre-commit"))
    assert first == EXAMPLE.read_text(encoding="utf-8")
    assert sorted(hook_ids(yaml_load(first))) == sorted(manifest_ids())


def test_readme_table_lists_every_published_hook():
    section = readme_section("pre-commit")
    for hook_id in manifest_ids():
        assert f"`{hook_id}`" in section


def test_example_points_at_this_repository_and_version():
    from artifactkit import __version__

    example = yaml_load(EXAMPLE.read_text(encoding="utf-8"))
    (repo,) = example["repos"]
    assert repo["rev"] == f"v{__version__}"
    assert repo["repo"].startswith("https://")


def test_hook_entries_run_the_installed_console_script():
    import tomllib

    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    for hook in yaml_load(MANIFEST.read_text(encoding="utf-8")):
        assert hook["entry"].split()[0] in scripts


def _lint_command(script_line: str) -> list[str]:
    args = shlex.split(script_line)
    assert args[:2] == ["artifactkit", "lint"], script_line
    return args[1:]


def _sample_repo(root: Path) -> Path:
    write_tree(root, {
        ".artifactkit.yaml": "docs_root: docs\n",
        "docs/runbooks/db.md": document("runbook", {"symptoms": "TODO\n"}),
        "docs/adr/0001-a.md": document("adr"),
    })
    return root


def test_github_workflow_lints_and_uploads_the_sarif_it_wrote(tmp_path):
    workflow = yaml_load(GITHUB.read_text(encoding="utf-8"))
    assert workflow["permissions"]["security-events"] == "write"
    (job,) = workflow["jobs"].values()
    steps = job["steps"]
    lint = [s for s in steps if "artifactkit lint" in s.get("run", "")]
    upload = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert len(lint) == 1 and len(upload) == 1
    assert steps.index(lint[0]) < steps.index(upload[0])
    assert "always()" in upload[0]["if"] or "!cancelled()" in upload[0]["if"]
    args = _lint_command(lint[0]["run"])
    assert args[args.index("--format") + 1] == "sarif"
    report = args[args.index("--output") + 1]
    assert upload[0]["with"]["sarif_file"] == report
    repo = _sample_repo(tmp_path)
    proc = run(args, cwd=repo)
    assert proc.returncode == 1 and "docs/runbooks/db.md:" in proc.stdout
    log = json.loads((repo / report).read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0" and log["runs"][0]["results"]


def test_gitlab_job_writes_the_code_quality_report_it_declares(tmp_path):
    from jsonschema import Draft202012Validator

    (job,) = yaml_load(GITLAB.read_text(encoding="utf-8")).values()
    (line,) = [s for s in job["script"] if s.startswith("artifactkit lint")]
    args = _lint_command(line)
    assert args[args.index("--format") + 1] == "gitlab"
    report = args[args.index("--output") + 1]
    assert job["artifacts"]["reports"]["codequality"] == report
    assert job["artifacts"]["when"] == "always"
    repo = _sample_repo(tmp_path)
    proc = run(args, cwd=repo)
    assert proc.returncode == 1
    issues = json.loads((repo / report).read_text(encoding="utf-8"))
    schema = json.loads((REPO / "tests" / "data" / "gitlab-codequality.schema.json").read_text(encoding="utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(issues)) == []
    assert {i["location"]["path"] for i in issues} == {"docs/runbooks/db.md"}
    assert issues and len({i["fingerprint"] for i in issues}) == len(issues)


def test_readme_documents_the_ci_options():
    section = readme_section("CI reports")
    for word in ("sarif", "junit", "github", "gitlab", "Code Quality", "action.yml", "--output", "--changed-since", "GITHUB_ACTIONS", "hooks/github-workflow.yml", "hooks/gitlab-ci.yml"):
        assert word in section
