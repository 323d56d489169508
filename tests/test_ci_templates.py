"""The CI ``init`` writes and the CI artifactkit ships: the workflow installs artifactkit the way the
repository declares it and uploads SARIF; the composite action's lint step annotates, writes SARIF
and passes the status on; the GitLab Code Quality report holds GitLab's documented fields."""

from __future__ import annotations

import json
import re
import os
import shlex
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import REPO, artifactkit_exe, run, write_tree
from docfactory import document
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from artifactkit import __version__
from artifactkit.problem import Problem
from artifactkit.report import gitlab

ACTION = REPO / "action.yml"
CODEQUALITY_SCHEMA = json.loads((REPO / "tests" / "data" / "gitlab-codequality.schema.json").read_text(encoding="utf-8"))


def load(text: str):
    return YAML(typ="safe").load(text)


def init_workflow(repo: Path) -> dict:
    proc = run(["init"], cwd=repo)
    assert proc.returncode == 0, proc.stderr
    return load((repo / ".github/workflows/artifactkit.yml").read_text(encoding="utf-8"))


def steps_by_name(workflow: dict) -> dict:
    return {s.get("name") or s.get("uses"): s for s in workflow["jobs"]["lint"]["steps"]}


def test_workflow_uploads_the_sarif_it_writes_with_the_permission_it_needs(tmp_path):
    workflow = init_workflow(tmp_path)
    assert workflow["permissions"] == {"contents": "read", "security-events": "write"}
    steps = steps_by_name(workflow)
    lint, upload = steps["Lint documents"], steps["Upload SARIF to code scanning"]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@v")
    assert "!cancelled()" in upload["if"]
    args = shlex.split(lint["run"])
    assert upload["with"]["sarif_file"] == args[args.index("--output") + 1]
    order = list(steps)
    assert order.index("Install artifactkit") < order.index("Lint documents") < order.index("Upload SARIF to code scanning")
    # the lint command, as the job runs it (GITHUB_ACTIONS=true): annotations in the log, SARIF in the file
    write_tree(tmp_path, {"docs/runbooks/db.md": document("runbook", {"symptoms": "TODO\n"})})
    proc = run(args[1:], cwd=tmp_path, env={"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(tmp_path)})
    assert proc.returncode == 1
    assert "::error file=docs/runbooks/db.md,line=" in proc.stdout
    sarif = json.loads((tmp_path / upload["with"]["sarif_file"]).read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/runbooks/db.md"


def test_workflow_without_a_declaration_installs_the_tag_that_wrote_it_and_says_where_to_change_it(tmp_path):
    init_workflow(tmp_path)
    text = (tmp_path / ".github/workflows/artifactkit.yml").read_text(encoding="utf-8")
    install = steps_by_name(load(text))["Install artifactkit"]["run"]
    assert install == f'python -m pip install "artifactkit @ git+https://github.com/artifactkit/artifactkit@v{__version__}"'
    assert "==" not in install  # no package index serves artifactkit yet
    assert "not on PyPI yet" in text and "change the tag here" in text


@pytest.mark.parametrize(
    "files, install, runner",
    [
        ({"requirements-dev.txt": "pytest>=8\nArtifactKit[lsp] == 0.1.0  # docs\n"}, "python -m pip install -r requirements-dev.txt", "artifactkit"),
        ({"pyproject.toml": '[project]\nname = "x"\n[dependency-groups]\ndocs = ["artifactkit>=0.1"]\n'}, "--group docs", "artifactkit"),
        ({"pyproject.toml": '[project]\nname = "x"\n[project.optional-dependencies]\ndev = ["artifactkit @ git+https://example.org/a@v1"]\n'}, 'python -m pip install ".[dev]"', "artifactkit"),
        ({"uv.lock": 'version = 1\n[[package]]\nname = "artifactkit"\nversion = "0.1.0"\n'}, "uv sync --locked", "uv run artifactkit"),
        ({"poetry.lock": '[[package]]\nname = "artifactkit"\nversion = "0.1.0"\n'}, "poetry install", "poetry run artifactkit"),
    ],
)
def test_workflow_installs_artifactkit_as_the_repository_declares_it(tmp_path, files, install, runner):
    write_tree(tmp_path, files)
    text_steps = steps_by_name(init_workflow(tmp_path))
    assert install in text_steps["Install artifactkit"]["run"]
    assert text_steps["Lint documents"]["run"].startswith(f"{runner} lint --format sarif")
    if runner.startswith("uv "):
        assert "astral-sh/setup-uv@v6" in text_steps


def test_a_requirements_file_that_only_mentions_a_lookalike_is_not_a_declaration(tmp_path):
    write_tree(tmp_path, {"requirements-dev.txt": "artifactkit-extras==1\n# artifactkit\n"})
    assert "git+https://" in steps_by_name(init_workflow(tmp_path))["Install artifactkit"]["run"]


@pytest.mark.skipif(shutil.which("actionlint") is None, reason="actionlint (a Go binary) is not installed; no registry reachable here ships it")
def test_actionlint_accepts_the_workflow_and_the_action(tmp_path):
    init_workflow(tmp_path)
    (tmp_path / ".github/workflows/uses-action.yml").write_text(
        "on: push\npermissions: {contents: read, security-events: write}\njobs:\n  lint:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - uses: actions/checkout@v4\n      - uses: ./\n        with: {paths: docs}\n"
    )
    shutil.copy(ACTION, tmp_path / "action.yml")
    shutil.copy(REPO / "hooks" / "github-workflow.yml", tmp_path / ".github/workflows/docs.yml")
    proc = subprocess.run(["actionlint"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_action_is_a_composite_that_installs_lints_uploads_and_then_fails(tmp_path):
    action = load(ACTION.read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert uses[0].startswith("actions/setup-python@") and any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    (lint,) = [s for s in steps if s.get("id") == "lint"]
    upload = steps[uses.index(next(u for u in uses if u.startswith("github/codeql-action/upload-sarif@")))]
    assert steps.index(lint) < steps.index(upload) < len(steps) - 1
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    for step in steps:  # inputs reach scripts through env, never spliced into the shell text
        assert "${{" not in step.get("run", "")
    # the lint step's script, run by bash as the runner would, on a repository with an incomplete runbook
    write_tree(tmp_path, {"docs/runbooks/db.md": document("runbook", {"symptoms": "TODO\n"}), "docs/adr/0001-a.md": document("adr")})
    output = tmp_path / "github_output"
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(tmp_path), "GITHUB_OUTPUT": str(output), "NO_COLOR": "1",
           "PATHS": "docs/runbooks", "ARGS": "--no-cache", "SARIF": "out/findings.sarif",
           "PATH": os.pathsep.join([str(Path(artifactkit_exe()).parent), os.environ["PATH"]])}
    proc = subprocess.run(["bash", "-e", "-c", lint["run"]], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr  # the status waits for the upload
    assert "::error file=docs/runbooks/db.md,line=" in proc.stdout and "0001-a.md" not in proc.stdout
    assert output.read_text() == "exit-code=1\n"
    assert json.loads((tmp_path / "out/findings.sarif").read_text())["runs"][0]["results"]
    (fail,) = [s for s in steps if s.get("name") == "Fail on errors"]
    assert subprocess.run(["bash", "-e", "-c", fail["run"]], env={**env, "STATUS": "1"}).returncode == 1
    assert subprocess.run(["bash", "-e", "-c", fail["run"]], env={**env, "STATUS": "0"}).returncode == 0


def lint_run(problems: list[Problem]) -> SimpleNamespace:
    return SimpleNamespace(problems=problems)  # what a reporter reads of a LintRun


def test_gitlab_report_has_gitlabs_fields_and_stable_unique_fingerprints(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    same = Problem("docs/adr/0001-a.md", 7, 1, "error", "section-placeholder", 'still holds "TODO"', "Context")
    issues = gitlab.build(lint_run([same, Problem(same.path, 9, 1, "error", same.rule, same.message, same.section),
                                    Problem("./docs/b.md", 0, 0, "warning", "link-broken", "no such file", None)]))
    assert list(Draft202012Validator(CODEQUALITY_SCHEMA).iter_errors(issues)) == []
    assert [i["severity"] for i in issues] == ["major", "major", "minor"]
    assert [i["location"] for i in issues] == [{"path": "docs/adr/0001-a.md", "lines": {"begin": 7}}, {"path": "docs/adr/0001-a.md", "lines": {"begin": 9}},
                                               {"path": "docs/b.md", "lines": {"begin": 1}}]
    assert issues[0]["check_name"] == "artifactkit/section-placeholder"
    assert len({i["fingerprint"] for i in issues}) == 3  # a repeated finding is still its own issue
    moved = gitlab.build(lint_run([Problem(same.path, 12, 1, "error", same.rule, same.message, same.section)]))
    assert moved[0]["fingerprint"] == issues[0]["fingerprint"]  # a finding that only moved is the same finding


SHELLCHECK = shutil.which("shellcheck")


def run_scripts(workflow_or_action: dict) -> list[str]:
    steps = [s for job in (workflow_or_action.get("jobs") or {}).values() for s in job.get("steps", [])]
    steps += (workflow_or_action.get("runs") or {}).get("steps", [])
    return [s["run"] for s in steps if "run" in s]


@pytest.mark.skipif(SHELLCHECK is None, reason="shellcheck not installed (apt-get install -y shellcheck)")
def test_every_run_script_passes_shellcheck_as_actionlint_runs_it(tmp_path):
    """actionlint itself (a Go binary) is on no registry reachable here; its shell rule is shellcheck on
    each `run:` with `${{ }}` expressions replaced, which this runs the same way."""
    sources = {"action.yml": load(ACTION.read_text(encoding="utf-8"))}
    for name in ("github-workflow.yml", "github-pages.yml"):
        sources[name] = load((REPO / "hooks" / name).read_text(encoding="utf-8"))
    for files in ({}, {"uv.lock": 'name = "artifactkit"\n'}, {"pyproject.toml": '[dependency-groups]\ndocs = ["artifactkit"]\n'}):
        repo = tmp_path / str(len(sources))
        repo.mkdir()
        write_tree(repo, files)
        sources[f"init {sorted(files)}"] = init_workflow(repo)
    checked = 0
    for name, data in sources.items():
        for script in run_scripts(data):
            text = re.sub(r"\$\{\{.*?\}\}", "_expr_", script)
            proc = subprocess.run([SHELLCHECK, "--shell=bash", "--exclude=SC1091,SC2194,SC2050,SC2154,SC2157", "-"], input=text, capture_output=True, text=True)
            assert proc.returncode == 0, f"{name}: {script}\n{proc.stdout}"
            checked += 1
    assert checked >= 10


def test_action_steps_are_valid_composite_steps():
    action = load(ACTION.read_text(encoding="utf-8"))
    for step in action["runs"]["steps"]:
        assert ("run" in step) != ("uses" in step)
        if "run" in step:
            assert step["shell"] == "bash"  # a composite action's run step must name its shell
        else:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@v\d+", step["uses"])
    assert set(action["inputs"]) >= {"paths", "args", "install", "python-version", "upload-sarif", "sarif-file"}
    expressions = re.findall(r"\$\{\{(.*?)\}\}", ACTION.read_text(encoding="utf-8"))
    for expression in expressions:
        for name in re.findall(r"inputs\.([\w-]+)", expression):
            assert name in action["inputs"], name


def _export_steps(steps: list[dict]) -> tuple[dict, dict]:
    (export,) = [s for s in steps if " export " in f" {s.get('run', '')} "]
    (upload,) = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    return export, upload


@pytest.mark.parametrize("where", ["init's workflow", "hooks/github-workflow.yml", "action.yml"])
def test_ci_exports_the_catalogue_and_keeps_it_as_an_artifact(tmp_path, where):
    """Every CI form writes the repository's catalogue (artifactkit export) after linting and uploads
    the file it wrote, even when lint found errors; the action only when asked."""
    if where == "action.yml":
        steps = load(ACTION.read_text(encoding="utf-8"))["runs"]["steps"]
    elif where == "init's workflow":
        steps = init_workflow(tmp_path)["jobs"]["lint"]["steps"]
    else:
        steps = load((REPO / "hooks/github-workflow.yml").read_text(encoding="utf-8"))["jobs"]["artifactkit"]["steps"]
    export, upload = _export_steps(steps)
    args = shlex.split(export["run"])
    assert upload["with"]["path"] == args[args.index("--output") + 1]
    assert steps.index(export) < steps.index(upload) and "!cancelled()" in export["if"] and "!cancelled()" in upload["if"]
    assert "${{" not in export["run"]  # the repository name reaches the script through env
    lint = next(s for s in steps if " lint " in f" {s.get('run', '')} ")
    assert steps.index(lint) < steps.index(export)
