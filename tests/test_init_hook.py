"""``init --hook local``: the README's ``repo: local`` pre-commit entry, which works with the real
pre-commit binary on a machine that cannot reach the hook repository (PRE_COMMIT_HOME is empty)."""

from __future__ import annotations

import re

from conftest import REPO, git, run, write_tree
from docfactory import document
from ruamel.yaml import YAML
from test_precommit import hook_env, pre_commit_exe, sh

README = (REPO / "README.md").read_text(encoding="utf-8")


def readme_local_entry() -> dict:
    section = README.split("\n## pre-commit", 1)[1].split("\n## ", 1)[0]
    blocks = [YAML(typ="safe").load(b) for b in re.findall(r"```yaml\n(.*?)```", section, re.S)]
    (local,) = [r for b in blocks for r in b["repos"] if r["repo"] == "local"]
    return local


def test_init_hook_local_writes_the_readme_variant_and_pre_commit_runs_it(git_repo, tmp_path):
    proc = run(["init", "--hook", "local"], cwd=git_repo)
    assert proc.returncode == 0, proc.stderr
    config = YAML(typ="safe").load((git_repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert config["repos"] == [readme_local_entry()]
    env = hook_env(tmp_path)
    env["GIT_CONFIG_GLOBAL"] = str(tmp_path / "no-network.gitconfig")  # any clone of the hook repository would fail
    (tmp_path / "no-network.gitconfig").write_text('[url "file:///nonexistent/"]\n\tinsteadOf = https://\n')
    assert sh(git_repo, env, pre_commit_exe(), "install").returncode == 0
    write_tree(git_repo, {"docs/runbooks/cache.md": document("runbook", {"symptoms": "TODO\n"})})
    git(git_repo, "add", "-A")
    blocked = sh(git_repo, env, "git", "commit", "-m", "incomplete runbook")
    assert blocked.returncode != 0, blocked.stdout + blocked.stderr
    assert "section-placeholder" in blocked.stdout + blocked.stderr
    write_tree(git_repo, {"docs/runbooks/cache.md": document("runbook")})
    git(git_repo, "add", "-A")
    done = sh(git_repo, env, "git", "commit", "-m", "runbook")
    assert done.returncode == 0, done.stdout + done.stderr


def test_init_again_keeps_a_local_entry_and_default_is_the_local_one(git_repo, tmp_path):
    assert run(["init", "--hook", "local"], cwd=git_repo).returncode == 0
    before = (git_repo / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    again = run(["init"], cwd=git_repo)
    assert (git_repo / ".pre-commit-config.yaml").read_text(encoding="utf-8") == before
    assert "kept     .pre-commit-config.yaml" in again.stdout
    other = tmp_path / "other"
    other.mkdir()
    assert run(["init"], cwd=other).returncode == 0
    assert (other / ".pre-commit-config.yaml").read_text(encoding="utf-8") == before


def test_unknown_hook_kind_is_one_line(git_repo):
    proc = run(["init", "--hook", "global"], cwd=git_repo)
    assert proc.returncode == 2 and proc.stderr.strip() == "artifactkit: error: --hook 'global': use local or remote"
    assert not (git_repo / ".artifactkit.yaml").exists()
