"""The pre-commit hooks, run by the real ``pre-commit`` binary from a real ``git commit`` / ``git push``.

The hooks under test are the ones published in ``.pre-commit-hooks.yaml``, turned into ``repo: local``
hooks with ``language: system`` and the installed ``artifactkit`` command as entry, so that the test
needs no network (a ``language: python`` hook would pip-install artifactkit and its dependencies).
``test_try_repo_with_language_python`` runs the manifest as published, and needs PyPI: it only runs
when ARTIFACTKIT_TEST_NETWORK=1.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, artifactkit_exe, git, installed_exe, write_tree
from docfactory import document, line_of
from ruamel.yaml import YAML

MANIFEST = REPO / ".pre-commit-hooks.yaml"
EXAMPLE = REPO / "hooks" / "pre-commit-config.example.yaml"


def pre_commit_exe() -> str:
    return installed_exe("pre-commit")


def load_yaml(path: Path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def hook_env(tmp_path: Path) -> dict:
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1", "PRE_COMMIT_COLOR": "never",
           "GIT_AUTHOR_NAME": "Test Author", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "Test Author", "GIT_COMMITTER_EMAIL": "t@example.com"}
    env.pop("GITHUB_ACTIONS", None)
    # the hook runs `artifactkit` and git hooks run `pre-commit`: both from this venv
    env["PATH"] = os.pathsep.join([str(Path(artifactkit_exe()).parent), str(Path(pre_commit_exe()).parent), env.get("PATH", "")])
    return env


def sh(cwd: Path, env: dict, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


LINT_HOOKS = ("artifactkit-lint", "artifactkit-lint-all", "artifactkit-check-branches")


def local_config() -> str:
    """The example config's lint hooks, as published in the manifest, as local hooks that run the installed command."""
    example = load_yaml(EXAMPLE)
    stages = {h["id"]: h.get("stages") for repo in example["repos"] for h in repo["hooks"]}
    hooks = []
    for hook in load_yaml(MANIFEST):
        if hook["id"] not in LINT_HOOKS:
            continue
        local = dict(hook)
        local.pop("minimum_pre_commit_version", None)
        local["language"] = "system"
        assert hook["entry"].split()[0] == "artifactkit"
        local["entry"] = " ".join([shlex.quote(artifactkit_exe()), *hook["entry"].split()[1:]])
        if stages.get(hook["id"]):
            local["stages"] = stages[hook["id"]]
        hooks.append(local)
    config = {"default_install_hook_types": example["default_install_hook_types"], "repos": [{"repo": "local", "hooks": hooks}]}
    import io

    out = io.StringIO()
    YAML().dump(config, out)
    return out.getvalue()


@pytest.fixture
def hooked_repo(git_repo: Path, tmp_path: Path):
    """A git repo with the hooks installed and a docs folder holding one complete runbook."""
    env = hook_env(tmp_path)
    write_tree(git_repo, {
        ".pre-commit-config.yaml": local_config(),
        "docs/runbooks/cache.md": document("runbook"),
    })
    proc = sh(git_repo, env, pre_commit_exe(), "install")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (git_repo / ".git" / "hooks" / "pre-commit").exists()
    assert (git_repo / ".git" / "hooks" / "pre-push").exists()
    git(git_repo, "add", "-A")
    proc = sh(git_repo, env, "git", "commit", "-m", "set up")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return git_repo, env


def incomplete_runbook() -> str:
    return document("runbook", {"symptoms": "TODO\n", "contacts": None})


def commit_count(repo: Path) -> int:
    return int(git(repo, "rev-list", "--count", "HEAD").strip())


def test_manifest_is_valid_for_pre_commit():
    proc = subprocess.run([pre_commit_exe(), "validate-manifest", str(MANIFEST)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    hooks = {h["id"]: h for h in load_yaml(MANIFEST)}
    lint = hooks["artifactkit-lint"]
    assert (lint["entry"], lint["language"], lint["types"]) == ("artifactkit lint --skip-unknown", "python", ["markdown"])
    assert lint.get("pass_filenames", True) is True
    lint_all = hooks["artifactkit-lint-all"]
    assert (lint_all["entry"], lint_all["language"]) == ("artifactkit lint", "python")
    assert lint_all["pass_filenames"] is False and lint_all["always_run"] is True


def test_example_config_is_valid_for_pre_commit():
    proc = subprocess.run([pre_commit_exe(), "validate-config", str(EXAMPLE)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_commit_of_incomplete_runbook_is_blocked_with_file_line_and_section(hooked_repo):
    repo, env = hooked_repo
    before = commit_count(repo)
    text = incomplete_runbook()
    write_tree(repo, {"docs/runbooks/db.md": text})
    git(repo, "add", "docs/runbooks/db.md")
    proc = sh(repo, env, "git", "commit", "-m", "add db runbook")
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert commit_count(repo) == before
    assert "artifactkit-lint" in out and "Failed" in out
    todo_line = line_of(text, "## Symptoms") + 2  # a placeholder is reported where it stands
    assert line_of(text, "TODO") == todo_line
    assert f"docs/runbooks/db.md:{todo_line}:1: error [section-placeholder]" in out
    assert '"Symptoms"' in out
    assert 'missing section "Contacts"' in out
    assert "docs/runbooks/cache.md" not in out  # only the staged document is linted
    assert "\033[" not in out  # no colour when not on a terminal
    problem_lines = [ln for ln in out.splitlines() if ln.startswith("docs/runbooks/db.md:")]
    assert len(problem_lines) == 2 and all(len(ln) < 300 for ln in problem_lines)


def test_commit_of_complete_runbook_succeeds(hooked_repo):
    repo, env = hooked_repo
    before = commit_count(repo)
    write_tree(repo, {"docs/runbooks/db.md": document("runbook")})
    git(repo, "add", "docs/runbooks/db.md")
    proc = sh(repo, env, "git", "commit", "-m", "add db runbook")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert commit_count(repo) == before + 1
    assert "artifactkit lint" in out and "Passed" in out


def test_fixing_the_runbook_unblocks_the_commit(hooked_repo):
    repo, env = hooked_repo
    write_tree(repo, {"docs/runbooks/db.md": incomplete_runbook()})
    git(repo, "add", "docs/runbooks/db.md")
    assert sh(repo, env, "git", "commit", "-m", "wip").returncode != 0
    write_tree(repo, {"docs/runbooks/db.md": document("runbook")})
    git(repo, "add", "docs/runbooks/db.md")
    proc = sh(repo, env, "git", "commit", "-m", "done")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_markdown_of_no_known_type_is_ignored(hooked_repo):
    repo, env = hooked_repo
    before = commit_count(repo)
    write_tree(repo, {
        "README.md": "# Notes\n\nTODO: everything. A [broken link](nowhere.md).\n",
        "notes/ideas.md": "Some ideas, no front matter, {placeholder}.\n",
    })
    git(repo, "add", "README.md", "notes/ideas.md")
    proc = sh(repo, env, "git", "commit", "-m", "notes")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert commit_count(repo) == before + 1
    assert "Passed" in out and "error" not in out


def test_commit_without_markdown_skips_the_hook(hooked_repo):
    repo, env = hooked_repo
    write_tree(repo, {"src/app.py": "print('hi')\n"})
    git(repo, "add", "src/app.py")
    proc = sh(repo, env, "git", "commit", "-m", "code")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "Skipped" in out


def test_commit_of_runbook_with_broken_link_is_blocked(hooked_repo):
    repo, env = hooked_repo
    text = document("runbook", {"postmortem link": "See [the postmortem](../postmortems/2026-11-01-db.md).\n"})
    write_tree(repo, {"docs/runbooks/db.md": text})
    git(repo, "add", "docs/runbooks/db.md")
    proc = sh(repo, env, "git", "commit", "-m", "db")
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    line = line_of(text, "See [the postmortem](../postmortems/2026-11-01-db.md).")
    assert f"docs/runbooks/db.md:{line}:1: error [link-broken]" in out


def test_push_is_blocked_by_check_branches_while_the_docs_folder_has_errors(hooked_repo, tmp_path):
    repo, env = hooked_repo
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    write_tree(repo, {"docs/runbooks/db.md": incomplete_runbook()})
    git(repo, "add", "-A")
    assert sh(repo, env, "git", "commit", "--no-verify", "-m", "skip the commit hook").returncode == 0
    proc = sh(repo, env, "git", "push", "origin", "HEAD:main")
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "artifactkit-check-branches" in out and "docs/runbooks/db.md:" in out
    write_tree(repo, {"docs/runbooks/db.md": document("runbook")})
    git(repo, "add", "-A")
    assert sh(repo, env, "git", "commit", "-m", "fix").returncode == 0
    proc = sh(repo, env, "git", "push", "origin", "HEAD:main")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _snapshot_repo(dest: Path) -> Path:
    """A committed copy of this checkout's package files (try-repo needs a git repository)."""
    dest.mkdir()
    for name in ["artifactkit", "schemas", "templates"]:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ["pyproject.toml", "README.md", ".pre-commit-hooks.yaml"]:
        shutil.copy2(REPO / name, dest / name)
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "snapshot")
    return dest


@pytest.mark.skipif(os.environ.get("ARTIFACTKIT_TEST_NETWORK") != "1", reason="installs artifactkit from PyPI; set ARTIFACTKIT_TEST_NETWORK=1")
def test_try_repo_with_language_python(git_repo, tmp_path):
    env = hook_env(tmp_path)
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if p != str(Path(artifactkit_exe()).parent))
    hook_repo = _snapshot_repo(tmp_path / "artifactkit-snapshot")
    write_tree(git_repo, {"docs/runbooks/db.md": incomplete_runbook(), "docs/runbooks/ok.md": document("runbook")})
    git(git_repo, "add", "-A")
    proc = sh(git_repo, env, pre_commit_exe(), "try-repo", str(hook_repo), "artifactkit-lint", "--files", "docs/runbooks/db.md", timeout=900)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "docs/runbooks/db.md:" in out and "[section-placeholder]" in out
    proc = sh(git_repo, env, pre_commit_exe(), "try-repo", str(hook_repo), "artifactkit-lint", "--files", "docs/runbooks/ok.md", timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
