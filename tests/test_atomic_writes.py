"""No data loss (issue 7): every command that writes goes through a temporary file and an atomic
rename. Here a write really fails half-way (the process runs under a tiny RLIMIT_FSIZE, so the
kernel refuses the bytes): the command says so in one line, exits 1, and every file it was about
to change is byte-for-byte intact, with no temporary files left behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run, write_tree
from docfactory import document

LIMITED_MAIN = (
    "import resource, signal, sys\n"
    "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write raises OSError instead of killing us\n"
    "resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))\n"
    "from artifactkit.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def run_with_failing_writes(args, cwd) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-c", LIMITED_MAIN, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file() and ".git" not in p.parts}


def assert_failed_cleanly(proc, before: dict, root: Path, names: str):
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and "cannot write" in proc.stderr and names in proc.stderr
    assert snapshot(root) == before, "a file changed, appeared or was left behind"


@pytest.fixture
def adr_repo(git_repo: Path) -> Path:
    accepted = "---\ntype: adr\n# who decided, and when\nstatus: Accepted  # keep this comment\ndate: 2026-11-01\n---\n"
    write_tree(git_repo, {
        "docs/adr/0001-old.md": document("adr").replace("---\ntype: adr\nstatus: Accepted\ndate: 2026-11-23\n", accepted),
        "docs/adr/0002-new.md": document("adr").replace("status: Accepted", "status: Proposed"),
    })
    return git_repo


def test_status_keeps_the_document_when_the_write_fails(adr_repo):
    before = snapshot(adr_repo)
    proc = run_with_failing_writes(["status", "adr", "1", "Deprecated"], adr_repo)
    assert_failed_cleanly(proc, before, adr_repo, "0001-old.md")
    assert run(["status", "adr", "1", "Deprecated"], cwd=adr_repo).returncode == 0  # and works without the limit


def test_supersede_keeps_both_documents_when_the_write_fails(adr_repo):
    before = snapshot(adr_repo)
    proc = run_with_failing_writes(["supersede", "1", "2"], adr_repo)
    assert_failed_cleanly(proc, before, adr_repo, "docs/adr/")


def test_index_keeps_the_readme_when_the_write_fails(adr_repo):
    write_tree(adr_repo, {"docs/adr/README.md": "# Decisions\n\nOur own words.\n\n<!-- artifactkit:index -->\nold\n<!-- artifactkit:index-end -->\n"})
    before = snapshot(adr_repo)
    proc = run_with_failing_writes(["index", "adr"], adr_repo)
    assert_failed_cleanly(proc, before, adr_repo, "README.md")


def test_new_leaves_no_partial_document_when_the_write_fails(adr_repo):
    before = snapshot(adr_repo)
    proc = run_with_failing_writes(["new", "adr", "Use Redis", "--no-input", "--author", "Ada"], adr_repo)
    assert_failed_cleanly(proc, before, adr_repo, "")  # the render itself may be what fails first


def test_init_keeps_an_existing_pre_commit_config_when_the_write_fails(git_repo):
    write_tree(git_repo, {".pre-commit-config.yaml": "# our hooks\nrepos:\n  - repo: local\n    hooks:\n      - id: x\n        name: x\n        entry: 'true'\n        language: system\n",
                          ".artifactkit.yaml": "docs_root: docs\n"})
    for folder in ("adr", "rfc", "runbooks", "postmortems", "one-on-ones", "reviews"):
        (git_repo / "docs" / folder).mkdir(parents=True)
        (git_repo / "docs" / folder / ".gitkeep").write_text("")
    (git_repo / ".github" / "workflows").mkdir(parents=True)
    (git_repo / ".github" / "workflows" / "artifactkit.yml").write_text("# ours\n")
    before = snapshot(git_repo)
    proc = run_with_failing_writes(["init"], git_repo)
    assert_failed_cleanly(proc, before, git_repo, ".pre-commit-config.yaml")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to switch to an unprivileged user")
def test_read_only_folder_is_a_clear_error(adr_repo, tmp_path):
    for p in [tmp_path, *tmp_path.parents]:
        if p != p.parent:
            os.chmod(p, os.stat(p).st_mode | 0o005)
    subprocess.run(["chmod", "-R", "a+rX", str(adr_repo)], check=True)
    os.chmod(adr_repo / "docs" / "adr", 0o555)
    before = snapshot(adr_repo)
    exe = Path(sys.executable).parent / "artifactkit"
    proc = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", str(exe), "status", "adr", "1", "Deprecated"],
                          cwd=adr_repo, capture_output=True, text=True, env={**os.environ, "HOME": str(tmp_path)})
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
    assert "0001-old.md" in proc.stderr and "Permission denied" in proc.stderr
    assert snapshot(adr_repo) == before


def test_exclusive_create_removes_its_partial_file(tmp_path):
    code = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))\n"
        "from artifactkit.io.writer import create_exclusive\n"
        "try:\n"
        "    create_exclusive(sys.argv[1], 'x' * 1000)\n"
        "except OSError as exc:\n"
        "    print('refused', exc.errno)\n"
    )
    target = tmp_path / "0001-new.md"
    proc = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True, text=True)
    assert proc.stdout.startswith("refused"), proc.stdout + proc.stderr
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_a_hard_linked_document_is_refused_not_split(adr_repo):
    """The rename would give one name the new text and leave the old text under the other."""
    doc = adr_repo / "docs" / "adr" / "0001-old.md"
    os.link(doc, adr_repo / "shared-copy.md")
    before = snapshot(adr_repo)
    for args in (["status", "adr", "1", "Deprecated"], ["supersede", "docs/adr/0001-old.md", "docs/adr/0002-new.md"]):
        proc = run(args, cwd=adr_repo)
        assert proc.returncode == 1 and proc.stderr.count("\n") == 1, proc.stderr
        assert "0001-old.md" in proc.stderr and "2 hard links" in proc.stderr and "nothing was changed" in proc.stderr
        assert snapshot(adr_repo) == before
    assert os.stat(doc).st_nlink == 2


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to edit another user's file")
def test_root_editing_a_users_document_keeps_its_owner_and_mode(adr_repo):
    doc = adr_repo / "docs" / "adr" / "0001-old.md"
    os.chown(doc, 65534, 65534)
    os.chmod(doc, 0o640)
    assert run(["status", "adr", "1", "Deprecated"], cwd=adr_repo).returncode == 0
    st = os.stat(doc)
    assert (st.st_uid, st.st_gid, st.st_mode & 0o7777) == (65534, 65534, 0o640)
    assert "status: Deprecated" in doc.read_text(encoding="utf-8")
