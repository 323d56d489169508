"""The project's own .pre-commit-config.yaml, run by the real pre-commit: its config is valid, it
runs ruff and mypy on the package, and its docs hook blocks an incomplete design doc."""

from __future__ import annotations

import shutil
import subprocess

from conftest import REPO, git, write_tree
from docfactory import document
from ruamel.yaml import YAML
from test_precommit import hook_env, pre_commit_exe

CONFIG = REPO / ".pre-commit-config.yaml"


def test_config_is_valid_and_runs_ruff_mypy_and_artifactkit(tmp_path):
    proc = subprocess.run([pre_commit_exe(), "validate-config", str(CONFIG)], capture_output=True, text=True, env=hook_env(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    hooks = {h["id"]: h for repo in YAML(typ="safe").load(CONFIG.read_text())["repos"] for h in repo["hooks"]}
    assert hooks["ruff"]["entry"].startswith("ruff check") and hooks["ruff-format"]["entry"].startswith("ruff format")
    assert hooks["mypy"]["entry"] == "mypy artifactkit"
    assert hooks["artifactkit-docs"]["entry"] == "artifactkit lint --skip-unknown" and hooks["artifactkit-docs"]["files"].startswith("^docs/")


def test_docs_hook_blocks_an_incomplete_document_and_passes_a_complete_one(git_repo, tmp_path):
    shutil.copy(CONFIG, git_repo / ".pre-commit-config.yaml")
    write_tree(git_repo, {"docs/rfc/0001-x.md": document("rfc", {"problem": "TODO\n"}), "notes.md": "# not a doc\n"})
    git(git_repo, "add", "-A")
    env = hook_env(tmp_path)
    run = [pre_commit_exe(), "run", "artifactkit-docs", "--all-files"]
    proc = subprocess.run(run, cwd=git_repo, capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "docs/rfc/0001-x.md" in proc.stdout and "section-placeholder" in proc.stdout
    write_tree(git_repo, {"docs/rfc/0001-x.md": document("rfc")})
    git(git_repo, "add", "-A")
    proc = subprocess.run(run, cwd=git_repo, capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
