"""No data loss (issue 7), beyond test_atomic_writes.py (which makes every write fail under a tiny
RLIMIT_FSIZE): here the process is *killed* (SIGKILL, nothing can clean up) at the two edges of a
write, an error is injected into the second write of a two-file change, and documents or folders
are read-only for the user running the command.

The kill is real and deterministic: the command runs under a ``python -c`` wrapper whose audit
hook (``sys.addaudithook``) sends SIGKILL to its own process when the command is about to write
into a temporary file (``open`` of its descriptor) or about to rename/link it into place.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import artifactkit_exe, run, write_tree
from docfactory import document

WRAPPER = r"""
import errno, os, signal, sys

mode, event_name, nth = sys.argv[1], sys.argv[2], int(sys.argv[3])
seen = [0]

def is_temp(arg):
    if isinstance(arg, int):  # os.fdopen / open(fd): look at what the descriptor is
        try:
            arg = os.readlink(f"/proc/self/fd/{arg}")
        except OSError:
            return False
    return isinstance(arg, (str, bytes, os.PathLike)) and os.fsdecode(arg).endswith(".tmp")

def hook(event, args):
    if event != event_name or not args or not is_temp(args[0]):
        return
    seen[0] += 1
    if seen[0] != nth:
        return
    if mode == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # the audited call fails like a full disk

sys.addaudithook(hook)
from artifactkit.cli import main
sys.exit(main(sys.argv[4:]))
"""

START_WRITING = ("open", 1)  # the temporary file exists and is empty, its content not yet written
BEFORE_RENAME = ("os.rename", 1)  # the temporary file is complete, os.replace() not yet done
BEFORE_LINK = ("os.link", 1)  # create_exclusive: the temporary file is complete, not yet linked


def under_fault(mode: str, where: tuple[str, int], args, cwd) -> subprocess.CompletedProcess:
    event, nth = where
    env = {**os.environ, "NO_COLOR": "1", "GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "a@example.com"}
    return subprocess.run([sys.executable, "-c", WRAPPER, mode, event, str(nth), *args], cwd=cwd,
                          capture_output=True, text=True, env=env, timeout=120, check=False)


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.parts and not p.name.endswith(".lock")}


def documents(root: Path) -> dict[str, bytes]:
    """What a user (and the linter) sees: the Markdown files; a killed run's temp files are hidden *.tmp."""
    return {k: v for k, v in snapshot(root).items() if k.endswith(".md")}


def leftovers(root: Path) -> list[str]:
    return sorted(k for k in snapshot(root) if k.endswith(".tmp"))


def assert_killed(proc):
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def adr_repo(git_repo: Path) -> Path:
    write_tree(git_repo, {
        ".artifactkit.yaml": "docs_root: docs\n",
        "docs/adr/0001-old.md": document("adr").replace("status: Accepted", "status: Accepted  # keep this comment"),
        "docs/adr/0002-new.md": document("adr").replace("status: Accepted", "status: Proposed"),
        "docs/adr/README.md": "# Decisions\n\nOur own words.\n\n<!-- artifactkit:index -->\nold\n<!-- artifactkit:index-end -->\n",
    })
    return git_repo


def commands() -> set[str]:
    proc = run(["--help"])
    return {line.split()[0] for line in proc.stdout.split("Commands:", 1)[-1].splitlines() if line.strip()}


def needs(*names):
    missing = [n for n in names if n not in commands()]
    return pytest.mark.skipif(bool(missing), reason=f"command not available yet: {', '.join(missing)}")


EDITS = [
    pytest.param(["status", "adr", "1", "Deprecated"], id="status"),
    pytest.param(["supersede", "1", "2"], id="supersede"),
    pytest.param(["index", "adr"], id="index"),
]


# ------------------------------------------------------------- SIGKILL mid-write


@pytest.mark.parametrize("where", [START_WRITING, BEFORE_RENAME], ids=["start-writing", "before-rename"])
@pytest.mark.parametrize("args", EDITS)
def test_killed_while_replacing_a_file_leaves_the_original_intact(adr_repo, args, where):
    if args[0] not in commands():
        pytest.skip(f"command not available yet: {args[0]}")
    before = documents(adr_repo)
    assert_killed(under_fault("kill", where, args, adr_repo))
    assert documents(adr_repo) == before, "a document changed although the write never completed"
    assert all(Path(k).name.startswith(".") for k in leftovers(adr_repo)), "only a hidden temp file may remain"
    # The leftover is not a document: lint ignores it, and the command works when run again.
    lint = run(["lint", "--format", "json", "docs"], cwd=adr_repo)
    assert ".tmp" not in lint.stdout
    assert run(args, cwd=adr_repo).returncode == 0


@needs("new")
@pytest.mark.parametrize("where", [START_WRITING, BEFORE_LINK], ids=["start-writing", "before-link"])
def test_killed_new_leaves_no_half_written_document(adr_repo, where):
    before = documents(adr_repo)
    assert_killed(under_fault("kill", where, ["new", "adr", "Use Redis", "--no-input", "--author", "Ada"], adr_repo))
    assert documents(adr_repo) == before, "a partial document appeared"
    proc = run(["new", "adr", "Use Redis", "--no-input", "--author", "Ada"], cwd=adr_repo)
    assert proc.returncode == 0, proc.stderr
    created = Path(adr_repo / proc.stdout.strip().splitlines()[-1])
    assert created.read_text(encoding="utf-8").startswith("---\n") and "Use Redis" in created.read_text(encoding="utf-8")


@needs("init")
@pytest.mark.parametrize("where", [START_WRITING, BEFORE_RENAME], ids=["start-writing", "before-rename"])
def test_killed_init_keeps_the_pre_commit_config(git_repo, where):
    ours = "# our hooks\nrepos:\n  - repo: local\n    hooks:\n      - id: x\n        name: x\n        entry: 'true'\n        language: system\n"
    write_tree(git_repo, {".pre-commit-config.yaml": ours, ".artifactkit.yaml": "docs_root: docs\n"})
    proc = under_fault("kill", where, ["init"], git_repo)
    assert_killed(proc)
    assert (git_repo / ".pre-commit-config.yaml").read_text(encoding="utf-8") == ours
    assert (git_repo / ".artifactkit.yaml").read_text(encoding="utf-8") == "docs_root: docs\n"


# ------------------------------------------------------------- an error in the second of two writes


@needs("supersede")
def test_supersede_puts_the_first_document_back_when_the_second_write_fails(adr_repo):
    """Used to leave 0001 'Superseded by 2' while 0002 did not say so, and claim nothing was changed."""
    before = snapshot(adr_repo)
    proc = under_fault("fail", ("os.rename", 2), ["supersede", "1", "2"], adr_repo)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
    assert "0002-new.md" in proc.stderr and "nothing was changed" in proc.stderr
    assert snapshot(adr_repo) == before


@needs("supersede")
def test_supersede_killed_between_its_two_renames_is_found_by_lint_and_finished_by_a_rerun(adr_repo):
    """Nothing can undo the first rename once the process is killed before the second: the pair is
    half changed. lint names the missing half and how to add it, and running supersede again
    completes it, so the half-changed pair cannot go unnoticed into a commit or stay stuck."""
    assert_killed(under_fault("kill", ("os.rename", 2), ["supersede", "1", "2"], adr_repo))
    old, new = (adr_repo / "docs" / "adr" / name for name in ("0001-old.md", "0002-new.md"))
    assert "superseded_by: 2" in old.read_text(encoding="utf-8") and "supersedes" not in new.read_text(encoding="utf-8")
    mismatch = [p for p in json_problems(adr_repo) if p["rule"] == "supersede-mismatch"]
    assert len(mismatch) == 1 and "add 'supersedes: 1' to docs/adr/0002-new.md" in mismatch[0]["message"], mismatch
    assert run(["supersede", "1", "2"], cwd=adr_repo).returncode == 0
    assert "supersedes: 1" in new.read_text(encoding="utf-8")
    assert not [p for p in json_problems(adr_repo) if p["rule"] == "supersede-mismatch"]


def json_problems(cwd: Path) -> list[dict]:
    return json.loads(run(["lint", "--format", "json", "docs"], cwd=cwd).stdout)


@pytest.mark.parametrize("args", EDITS)
def test_a_failed_rename_changes_nothing(adr_repo, args):
    if args[0] not in commands():
        pytest.skip(f"command not available yet: {args[0]}")
    before = snapshot(adr_repo)
    proc = under_fault("fail", BEFORE_RENAME, args, adr_repo)
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1 and "cannot write" in proc.stderr, proc.stderr
    assert snapshot(adr_repo) == before, "a file changed, appeared or was left behind"


# ------------------------------------------------------------- read-only files and folders


def as_nobody(args, cwd: Path, home: Path) -> subprocess.CompletedProcess:
    cmd = [artifactkit_exe(), *args]
    if os.geteuid() == 0:  # root writes anything: run as nobody so that the permission is real
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "HOME": str(home), "NO_COLOR": "1", "GIT_CONFIG_GLOBAL": os.devnull}, check=False)
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture
def shared_repo(adr_repo: Path, tmp_path: Path) -> Path:
    """The repository readable by everyone, its docs folder and documents writable by everyone (so
    only the permission under test stops a write)."""
    for p in [tmp_path, *tmp_path.parents]:
        if p != p.parent:
            os.chmod(p, os.stat(p).st_mode | 0o005)
    subprocess.run(["chmod", "-R", "a+rX", str(adr_repo)], check=True)
    os.chmod(adr_repo / "docs" / "adr", 0o777)
    for doc in (adr_repo / "docs" / "adr").iterdir():
        doc.chmod(0o666)
    return adr_repo


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
@pytest.mark.parametrize("args, name", [
    (["status", "adr", "1", "Deprecated"], "0001-old.md"),
    (["supersede", "1", "2"], "0002-new.md"),
    (["index", "adr"], "README.md"),
])
def test_read_only_file_in_a_writable_folder_is_not_replaced(shared_repo, tmp_path, args, name):
    """A rename would silently replace a read-only file (the folder allows it): refuse instead."""
    if args[0] not in commands():
        pytest.skip(f"command not available yet: {args[0]}")
    (shared_repo / "docs" / "adr" / name).chmod(0o444)
    before = snapshot(shared_repo)
    proc = as_nobody(args, shared_repo, tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stderr.count("\n") == 1 and name in proc.stderr and "Permission denied" in proc.stderr
    assert snapshot(shared_repo) == before


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
@needs("new")
def test_new_in_a_read_only_folder_is_a_clear_error(shared_repo, tmp_path):
    os.chmod(shared_repo / "docs" / "adr", 0o555)
    before = snapshot(shared_repo)
    proc = as_nobody(["new", "adr", "Use Redis", "--no-input", "--author", "Ada"], shared_repo, tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stderr.count("\n") == 1 and "docs/adr" in proc.stderr and "Permission denied" in proc.stderr
    assert snapshot(shared_repo) == before


# ------------------------------------------------------------- the writers themselves


def test_create_exclusive_never_replaces_and_keeps_the_mode(tmp_path):
    from artifactkit.io.writer import create_exclusive

    target = tmp_path / "0001-x.md"
    create_exclusive(target, "first\n")
    with pytest.raises(FileExistsError) as caught:
        create_exclusive(target, "second\n")
    assert caught.value.filename == str(target)
    assert target.read_text() == "first\n"
    umask = os.umask(0)
    os.umask(umask)
    assert (target.stat().st_mode & 0o777) == 0o666 & ~umask
    os.symlink(tmp_path / "elsewhere.md", tmp_path / "dangling.md")
    with pytest.raises(FileExistsError):
        create_exclusive(tmp_path / "dangling.md", "x")  # never written through a dangling link
    assert not (tmp_path / "elsewhere.md").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0001-x.md", "dangling.md"]


# ------------------------------------------------------------- edits keep the file's own form


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_init_keeps_line_endings_document_markers_and_comments(tmp_path, newline):
    """init rewrote a CRLF .pre-commit-config.yaml in LF and dropped its '...' end marker (and what
    stood around the markers)."""
    ours = newline.join([
        "# our hooks", "%YAML 1.2", "---", "repos:", "  - repo: local  # ours", "    hooks:", "      - id: x",
        "        name: x", "        entry: 'true'", "        language: system", "...", "# the end", "",
    ])
    (tmp_path / ".pre-commit-config.yaml").write_bytes(ours.encode())
    proc = run(["init"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "updated  .pre-commit-config.yaml" in proc.stdout
    text = (tmp_path / ".pre-commit-config.yaml").read_bytes().decode()
    lines = text.split(newline)
    assert "\n" not in "".join(lines) or newline == "\n", "every line ends as the file's lines did"
    assert lines[:4] == ["# our hooks", "%YAML 1.2", "---", "repos:"], text
    assert lines[-3:] == ["...", "# the end", ""], text
    assert "  - repo: local  # ours" in lines and "  - repo: local" in lines and "      - id: artifactkit-lint" in lines  # init's default: the local hook
    again = run(["init"], cwd=tmp_path)  # and the hook is found there the next time
    assert again.returncode == 0 and "kept     .pre-commit-config.yaml" in again.stdout
