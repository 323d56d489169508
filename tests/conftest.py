"""Shared fixtures: the installed ``artifactkit`` command, real git repos, file trees."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parent.parent

# Hypothesis sizes come from a profile: `pytest --hypothesis-profile=quick` for a fast local run,
# `--hypothesis-profile=fuzz` for a long fuzzing session; CI selects one with HYPOTHESIS_PROFILE
# (default "ci", the sizes the suite is timed with). A test states its size for the "ci" profile
# through `scaled(n)`, which the other profiles multiply. "ci" and "quick" are derandomised: the same
# examples on every run, so a red CI is reproducible and never a roll of the dice; "fuzz" explores.
CI_EXAMPLES = 100
settings.register_profile("ci", max_examples=CI_EXAMPLES, derandomize=True, database=None)
settings.register_profile("quick", max_examples=CI_EXAMPLES // 10, derandomize=True, database=None)
settings.register_profile("fuzz", max_examples=CI_EXAMPLES * 20)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))  # --hypothesis-profile overrides it


def scaled(examples_in_ci: int) -> int:
    """``examples_in_ci`` scaled by the selected profile (read when a test module is collected,
    after --hypothesis-profile has been applied)."""
    return max(1, examples_in_ci * settings.default.max_examples // CI_EXAMPLES)


def installed_exe(name: str) -> str:
    """A console script installed next to this Python (what a user runs), else on PATH."""
    candidate = Path(sys.executable).parent / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if not found:
        pytest.fail(f"the {name} command is not installed; run: pip install -e '.[test]'")
    return found


def artifactkit_exe() -> str:
    return installed_exe("artifactkit")


def run(args, cwd=None, input=None, env=None, check_no_traceback=True) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "NO_COLOR": "1", "GIT_AUTHOR_NAME": "Test Author", "GIT_AUTHOR_EMAIL": "t@example.com",
                "GIT_COMMITTER_NAME": "Test Author", "GIT_COMMITTER_EMAIL": "t@example.com"}
    full_env.pop("GITHUB_ACTIONS", None)
    full_env.update(env or {})
    proc = subprocess.run([artifactkit_exe(), *map(str, args)], cwd=cwd, input=input, env=full_env,
                          capture_output=True, text=True, timeout=120)
    if check_no_traceback:
        assert "Traceback" not in proc.stderr, proc.stderr
        assert "internal error" not in proc.stderr, proc.stderr
    return proc


def lint_json(paths, cwd, *extra) -> tuple[int, list[dict]]:
    proc = run(["lint", "--format", "json", *extra, *paths], cwd=cwd)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8", newline="")


def git(cwd, *args) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Test Author")
    git(repo, "config", "user.email", "t@example.com")
    git(repo, "config", "commit.gpgsign", "false")
    return repo


def repo_markdown() -> list[Path]:
    """Every Markdown file of the repository a parser test should read: READMEs, templates, docs, fixtures."""
    paths = [REPO / "README.md", REPO / "bench" / "README.md", *sorted((REPO / "templates").rglob("*.jinja"))]
    for folder in ("docs", "examples", "tests/data"):
        paths += sorted((REPO / folder).rglob("*.md"))
    return [p for p in paths if p.is_file()]


def bench_corpus(folder: Path, per_type: int, **options) -> list[Path]:
    """Write ``per_type`` documents of each built-in type with bench/gen_corpus.py; return them sorted."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen_corpus", REPO / "bench" / "gen_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(per_type, folder, **options)
    return sorted(folder.rglob("*.md"))

