"""The pre-commit entry ``init`` writes works the day it is written (real pre-commit, no network),
and ``init --hook local|remote`` switches an existing entry as a round trip that keeps the rest."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, git, run, write_tree
from docfactory import document
from ruamel.yaml import YAML
from test_precommit import hook_env, pre_commit_exe, sh

from artifactkit import __version__
from artifactkit.scaffold.hookentry import HOOK_REPO, PUBLISHED, pre_commit_text

MANIFEST = REPO / ".pre-commit-hooks.yaml"
EXAMPLE = REPO / "hooks" / "pre-commit-config.example.yaml"


def load(text: str):
    return YAML(typ="safe").load(text)


def offline_env(tmp_path: Path) -> dict:
    """pre-commit with an empty PRE_COMMIT_HOME, and git unable to clone any https repository."""
    env = hook_env(tmp_path)
    gitconfig = tmp_path / "no-network.gitconfig"
    gitconfig.write_text('[url "file:///nonexistent/"]\n\tinsteadOf = https://\n')
    env["GIT_CONFIG_GLOBAL"] = str(gitconfig)
    return env


def validate(repo: Path, tmp_path: Path) -> None:
    proc = sh(repo, offline_env(tmp_path), pre_commit_exe(), "validate-config", ".pre-commit-config.yaml")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_local_forms_are_the_published_hooks():
    for hook in load(MANIFEST.read_text(encoding="utf-8")):
        published = {k: v for k, v in hook.items() if k not in ("id", "description", "minimum_pre_commit_version")}
        assert published.pop("language") == "python"
        local = dict(PUBLISHED[hook["id"]])
        assert local.pop("language") == "system"
        assert local == published, hook["id"]
    assert set(PUBLISHED) == {h["id"] for h in load(MANIFEST.read_text(encoding="utf-8"))}


def test_init_then_pre_commit_run_all_files_offline_passes_then_blocks_an_incomplete_runbook(git_repo, tmp_path):
    proc = run(["init"], cwd=git_repo)
    assert proc.returncode == 0, proc.stderr
    assert "created  .pre-commit-config.yaml (local hook)" in proc.stdout
    env = offline_env(tmp_path)
    write_tree(git_repo, {"docs/runbooks/cache.md": document("runbook")})
    git(git_repo, "add", "-A")
    passed = sh(git_repo, env, pre_commit_exe(), "run", "--all-files")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
    write_tree(git_repo, {"docs/runbooks/db.md": document("runbook", {"symptoms": "TODO\n", "contacts": None})})
    git(git_repo, "add", "-A")
    blocked = sh(git_repo, env, pre_commit_exe(), "run", "--all-files")
    out = blocked.stdout + blocked.stderr
    assert blocked.returncode == 1, out
    assert "docs/runbooks/db.md:" in out and "[section-placeholder]" in out and 'missing section "Contacts"' in out
    assert "docs/runbooks/cache.md:" not in out


USER_CONFIG = """# Hooks for this repo: keep them fast
default_stages: [pre-commit]
repos:
    # formatting first
    -   repo: https://github.com/psf/black
        rev: 24.1.0  # pinned on purpose
        hooks:
            -   id: black
                args: ["--line-length", "100"]
    -   repo: local
        hooks:
            -   id: no-todo  # no leftovers
                name: no TODO
                entry: "! grep -r TODO"
                language: system
"""


def test_switching_hook_kinds_round_trips_and_keeps_comments(git_repo, tmp_path):
    write_tree(git_repo, {".pre-commit-config.yaml": USER_CONFIG})
    assert run(["init"], cwd=git_repo).returncode == 0
    local = (git_repo / ".pre-commit-config.yaml").read_text()
    assert local.startswith(USER_CONFIG)
    validate(git_repo, tmp_path)

    proc = run(["init", "--hook", "remote"], cwd=git_repo)
    assert proc.returncode == 0, proc.stderr
    assert "changed  .pre-commit-config.yaml (local hook → remote hook)" in proc.stdout
    remote = (git_repo / ".pre-commit-config.yaml").read_text()
    assert remote.startswith(USER_CONFIG)  # comments, indentation, quotes and other hooks untouched
    assert load(remote)["repos"][2] == {"repo": HOOK_REPO, "rev": f"v{__version__}", "hooks": [{"id": "artifactkit-lint"}]}
    validate(git_repo, tmp_path)

    again = run(["init"], cwd=git_repo)
    assert "kept     .pre-commit-config.yaml (remote hook; `artifactkit init --hook local` switches it)" in again.stdout
    assert (git_repo / ".pre-commit-config.yaml").read_text() == remote

    proc = run(["init", "--hook", "local"], cwd=git_repo)
    assert "changed  .pre-commit-config.yaml (remote hook → local hook)" in proc.stdout
    assert (git_repo / ".pre-commit-config.yaml").read_text() == local


def test_the_readme_example_switched_to_local_keeps_its_hooks_stages_and_comments(git_repo, tmp_path):
    example = EXAMPLE.read_text(encoding="utf-8")
    write_tree(git_repo, {".pre-commit-config.yaml": example})
    proc = run(["init", "--hook", "local"], cwd=git_repo)
    assert proc.returncode == 0, proc.stderr
    text = (git_repo / ".pre-commit-config.yaml").read_text()
    for comment in [line.split("#", 1)[1] for line in example.splitlines() if "#" in line]:
        assert comment in text
    (repo,) = load(text)["repos"]
    assert repo["repo"] == "local" and "rev" not in repo
    hooks = {h["id"]: h for h in repo["hooks"]}
    assert hooks["artifactkit-lint-all"]["stages"] == ["manual"] and hooks["artifactkit-index"]["stages"] == ["manual"]
    assert hooks["artifactkit-check-branches"]["stages"] == ["pre-push"]
    assert {h["language"] for h in hooks.values()} == {"system"}
    validate(git_repo, tmp_path)
    write_tree(git_repo, {"docs/runbooks/db.md": document("runbook", {"symptoms": "TODO\n"})})
    git(git_repo, "add", "-A")
    blocked = sh(git_repo, offline_env(tmp_path), pre_commit_exe(), "run", "--all-files")
    assert blocked.returncode == 1 and "[section-placeholder]" in blocked.stdout, blocked.stdout + blocked.stderr
    # and back: the example as it was
    assert run(["init", "--hook", "remote"], cwd=git_repo).returncode == 0
    assert (git_repo / ".pre-commit-config.yaml").read_text() == example


def test_local_hooks_beside_other_local_hooks_move_to_their_own_remote_entry():
    text = "repos:\n- repo: local\n  hooks:\n  - id: no-todo  # ours\n    name: no TODO\n    entry: grep\n    language: system\n"
    with_ours, what, _ = pre_commit_text(text, "1.2.3", "local")
    assert what == "updated"
    # our hook in a local repo of its own is what init writes; put it inside the user's local repo instead
    data = load(with_ours)
    data["repos"][0]["hooks"].append(data["repos"].pop()["hooks"][0])
    import io

    out = io.StringIO()
    YAML().dump(data, out)
    switched, what, note = pre_commit_text(out.getvalue(), "1.2.3", "remote")
    assert (what, note) == ("changed", "local hook → remote hook")
    assert load(switched)["repos"] == [
        {"repo": "local", "hooks": [{"id": "no-todo", "name": "no TODO", "entry": "grep", "language": "system"}]},
        {"repo": HOOK_REPO, "rev": "v1.2.3", "hooks": [{"id": "artifactkit-lint"}]},
    ]


@pytest.mark.parametrize("kind", ["local", "remote"])
def test_a_new_file_gets_the_kind_asked_for(kind):
    text, what, note = pre_commit_text(None, "1.2.3", kind)
    (repo,) = load(text)["repos"]
    assert what == "created" and note == f"{kind} hook"
    assert (repo["repo"] == "local") == (kind == "local")


def test_a_hook_id_this_version_does_not_know_is_not_switched_half_way():
    text = f"repos:\n- repo: {HOOK_REPO}\n  rev: v9.0.0\n  hooks:\n  - id: artifactkit-lint\n  - id: artifactkit-future\n"
    from artifactkit.errors import UserError

    with pytest.raises(UserError, match="'artifactkit-future' is not one this artifactkit knows; left unchanged"):
        pre_commit_text(text, "1.2.3", "local")
