"""``artifactkit init``: config, folders, pre-commit hook and CI workflow; idempotent, never clobbers."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import lint_json, run, write_tree
from ruamel.yaml import YAML


FOLDERS = ["docs/adr", "docs/rfc", "docs/runbooks", "docs/postmortems", "docs/one-on-ones", "docs/reviews"]


def statuses(proc) -> dict[str, str]:
    """``init`` prints one "STATUS  PATH" line per file: path -> status."""
    out = {}
    for line in proc.stdout.splitlines():
        what, _, path = line.partition(" ")
        if what in ("created", "updated", "changed", "kept", "skipped"):
            out[path.strip().split(" (")[0]] = what  # the pre-commit line says which hook: "(local hook)"
    return out


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.parts}


def test_init_sets_up_a_fresh_repository(git_repo: Path):
    proc = run(["init"], cwd=git_repo)
    assert proc.returncode == 0, proc.stderr
    config = YAML(typ="safe").load((git_repo / ".artifactkit.yaml").read_text())
    assert {name: spec["folder"] for name, spec in config["types"].items()} == {
        "adr": "docs/adr", "rfc": "docs/rfc", "runbook": "docs/runbooks", "postmortem": "docs/postmortems",
        "one-on-one": "docs/one-on-ones", "review-checklist": "docs/reviews"}
    for folder in FOLDERS:
        assert (git_repo / folder / ".gitkeep").is_file()
    pre_commit = YAML(typ="safe").load((git_repo / ".pre-commit-config.yaml").read_text())
    assert [(r["repo"], [h["id"] for h in r["hooks"]]) for r in pre_commit["repos"]] == [("local", ["artifactkit-lint"])]
    workflow = YAML(typ="safe").load((git_repo / ".github/workflows/artifactkit.yml").read_text())
    steps = workflow["jobs"]["lint"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert any("pip install" in r and "artifactkit" in r for r in runs)
    assert "artifactkit lint --format sarif --output artifactkit.sarif" in runs
    assert statuses(proc) == {**{f"{f}/.gitkeep": "created" for f in FOLDERS}, ".artifactkit.yaml": "created",
                              ".pre-commit-config.yaml": "created", ".github/workflows/artifactkit.yml": "created",
                              ".gitignore": "created"}
    # the new config is valid and an empty docs tree lints clean
    proc = run(["lint"], cwd=git_repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_init_is_idempotent_and_reports_kept(git_repo: Path):
    assert run(["init"], cwd=git_repo).returncode == 0
    before = snapshot(git_repo)
    proc = run(["init"], cwd=git_repo)
    assert proc.returncode == 0, proc.stderr
    assert snapshot(git_repo) == before
    assert set(statuses(proc).values()) == {"kept"}
    for rel in [".artifactkit.yaml", ".pre-commit-config.yaml", ".github/workflows/artifactkit.yml", *(f + "/" for f in FOLDERS)]:
        assert statuses(proc)[rel] == "kept"


def test_init_never_clobbers_existing_files(git_repo: Path):
    write_tree(git_repo, {
        ".artifactkit.yaml": "# mine\ntypes:\n  adr:\n    folder: documentation/decisions\n",
        ".github/workflows/artifactkit.yml": "name: my own\n",
        "documentation/decisions/0001-existing.md": "keep me",
    })
    before = snapshot(git_repo)
    proc = run(["init"], cwd=git_repo)
    assert proc.returncode == 0, proc.stderr
    after = snapshot(git_repo)
    for rel, data in before.items():
        assert after[rel] == data
    assert not (git_repo / "docs/adr").exists()  # the existing config's folders are used
    assert not (git_repo / "documentation/decisions/.gitkeep").exists()  # a folder with documents needs no placeholder
    assert (git_repo / "docs/rfc/.gitkeep").is_file()
    report = statuses(proc)
    assert report[".artifactkit.yaml"] == "kept" and report[".github/workflows/artifactkit.yml"] == "kept"
    assert report["documentation/decisions/"] == "kept" and report[".pre-commit-config.yaml"] == "created"


def test_init_ignores_the_sites_output_folder_keeping_the_other_lines(git_repo: Path):
    (git_repo / ".gitignore").write_bytes(b"# mine\r\n*.pyc\r\n!keep.pyc\r\nbuild/")  # CRLF, no final newline
    proc = run(["init"], cwd=git_repo)
    assert proc.returncode == 0, proc.stderr
    assert statuses(proc)[".gitignore"] == "updated"
    assert (git_repo / ".gitignore").read_bytes() == b"# mine\r\n*.pyc\r\n!keep.pyc\r\nbuild/\r\n# artifactkit site build output\r\n/_site/\r\n"
    (git_repo / "_site").mkdir()
    (git_repo / "_site/index.html").write_text("built")
    ignored = subprocess.run(["git", "check-ignore", "-q", "_site/index.html"], cwd=git_repo, check=False)
    assert ignored.returncode == 0
    before = (git_repo / ".gitignore").read_bytes()
    assert statuses(run(["init"], cwd=git_repo))[".gitignore"] == "kept"
    assert (git_repo / ".gitignore").read_bytes() == before


PRE_COMMIT = """# Hooks for this repo: keep them fast
default_stages: [pre-commit]
repos:
  # formatting first
  - repo: https://github.com/psf/black
    rev: 24.1.0  # pinned on purpose
    hooks:
      - id: black
        args: ["--line-length", "100"]
  - repo: local
    hooks:
      - id: no-todo
        name: no TODO
        entry: "! grep -r TODO"
        language: system
"""


def test_init_adds_the_hook_to_an_existing_pre_commit_config(git_repo: Path):
    write_tree(git_repo, {".pre-commit-config.yaml": PRE_COMMIT})
    proc = run(["init"], cwd=git_repo)
    assert proc.returncode == 0, proc.stderr
    assert statuses(proc)[".pre-commit-config.yaml"] == "updated"
    text = (git_repo / ".pre-commit-config.yaml").read_text()
    assert text.startswith(PRE_COMMIT)  # comments, quotes, order and other hooks untouched
    assert text[len(PRE_COMMIT):] == (
        "  - repo: local\n"
        "    hooks:\n"
        "      - id: artifactkit-lint\n"
        "        name: artifactkit lint (changed documents)\n"
        "        entry: artifactkit lint --skip-unknown\n"
        "        language: system\n"
        "        types: [markdown]\n"
        "        require_serial: true\n"
    )
    # running again does not add a second entry
    proc = run(["init"], cwd=git_repo)
    assert (git_repo / ".pre-commit-config.yaml").read_text() == text
    assert statuses(proc)[".pre-commit-config.yaml"] == "kept"


@pytest.mark.skipif(shutil.which("pre-commit") is None and not (Path(sys.executable).parent / "pre-commit").exists(), reason="pre-commit not installed")
def test_pre_commit_accepts_the_written_config(git_repo: Path):
    write_tree(git_repo, {".pre-commit-config.yaml": PRE_COMMIT})
    assert run(["init"], cwd=git_repo).returncode == 0
    exe = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    proc = subprocess.run([exe, "validate-config", ".pre-commit-config.yaml"], cwd=git_repo, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_init_reports_an_unreadable_pre_commit_config_and_leaves_it(git_repo: Path):
    write_tree(git_repo, {".pre-commit-config.yaml": "repos: [unclosed\n"})
    proc = run(["init"], cwd=git_repo)
    assert proc.returncode == 1
    assert (git_repo / ".pre-commit-config.yaml").read_text() == "repos: [unclosed\n"
    assert "not valid YAML" in proc.stderr
    assert (git_repo / ".artifactkit.yaml").is_file()  # everything else was still set up


def test_init_into_a_named_folder_then_new_for_every_type(tmp_path: Path):
    target = tmp_path / "fresh" / "repo"
    proc = run(["init", target], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (target / ".artifactkit.yaml").is_file()
    for doc_type, extra in [("adr", []), ("rfc", []), ("runbook", ["--set", "service=api"]), ("postmortem", []),
                            ("one-on-one", ["--set", "participants=A, B"]), ("review-checklist", [])]:
        proc = run(["new", doc_type, "First one", "--no-input", "--author", "Ada", *extra], cwd=target, input="")
        assert proc.returncode == 0, proc.stderr
    code, problems = lint_json([], target)
    assert code == 1
    assert {p["rule"] for p in problems} == {"section-placeholder"}
    assert len({p["path"] for p in problems}) == 6
