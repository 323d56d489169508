"""Helpers shared by the hostile-input tests (tests/hostile/). tests/conftest.py (fixtures, ``run``)
and tests/docfactory.py are imported as usual: pytest puts tests/ on sys.path when it loads
tests/conftest.py, and this folder (no __init__.py) when it loads a test module from it."""

from __future__ import annotations

import os
import resource
import subprocess
import time
from pathlib import Path

from conftest import artifactkit_exe
from docfactory import document
from docfactory import lint_beside_good_and_broken as lint_catalogue  # noqa: F401 - re-exported for the tests

GOOD = document("adr")
# a Copier template of an ADR: its questions and the front matter its document starts with
COPIER_YML = """\
title: {type: str}
slug: {type: str}
number: {type: int}
date: {type: str}
file_name:
  type: str
  default: "{{ '%04d' % number }}-{{ slug }}.md"
  when: false
"""
FRONT = "---\ntype: adr\nstatus: Proposed\ndate: {{ date }}\n---\n# {{ title }}\n\n"
SECONDS = 30  # generous: every case here finishes in a few seconds; the old code took minutes to hours


def only(by_file, path, rule, words):
    got = by_file[path]
    assert [p["rule"] for p in got] == [rule], got
    assert words in got[0]["message"], got[0]["message"]


def timed(func):
    start = time.monotonic()
    result = func()
    elapsed = time.monotonic() - start
    assert elapsed < SECONDS, f"took {elapsed:.0f} s"
    return result


def one_line_config_error(proc, *words):
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("artifactkit: error: "), proc.stderr
    for word in words:
        assert word in proc.stderr, proc.stderr


def _limits() -> None:  # in the child: a runaway read fails with MemoryError instead of filling the machine
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))


def run_bounded(args, cwd, seconds: float = 20, as_nobody: bool = False, env=None) -> subprocess.CompletedProcess:
    """The installed command under a short time limit and 2 GiB of address space; a hang or a
    runaway read is a test failure, not a stuck test run. ``as_nobody``: run as user nobody (the
    tests run as root, who may read and write anything)."""
    cmd = [artifactkit_exe(), *map(str, args)]
    if as_nobody and os.geteuid() == 0:
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
    full_env = {**os.environ, "NO_COLOR": "1", "GIT_CONFIG_GLOBAL": os.devnull, **(env or {})}
    full_env.pop("GITHUB_ACTIONS", None)
    try:
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=seconds, env=full_env,
                              preexec_fn=_limits, check=False)
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"{' '.join(map(str, args))} did not finish in {seconds} s") from exc
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    return proc


def open_to_nobody(tmp_path: Path) -> None:
    """Let user nobody reach and read tmp_path (its parents are root's and closed by default)."""
    for p in [tmp_path, *tmp_path.parents]:
        if p != p.parent:
            os.chmod(p, os.stat(p).st_mode | 0o005)
    subprocess.run(["chmod", "-R", "a+rX", str(tmp_path)], check=True)


def tree(root: Path) -> dict[str, bytes | str]:
    """Everything under ``root``: file bytes, link targets, folders (to prove nothing changed)."""
    out: dict[str, bytes | str] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            rel = str(path.relative_to(root))
            if path.is_symlink():
                out[rel] = "-> " + os.readlink(path)
            elif path.is_dir():
                out[rel] = "dir"
            elif path.is_file():
                out[rel] = path.read_bytes()
            else:
                out[rel] = "special"
    return out


def _flock_holders(path: Path) -> set[int]:
    """The processes holding a flock on ``path``, as the kernel lists them in /proc/locks."""
    try:
        inode = os.stat(path).st_ino
    except OSError:
        return set()
    holders = set()
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if len(fields) >= 6 and fields[1] == "FLOCK" and fields[4].isdigit() and fields[5].endswith(f":{inode}"):
            holders.add(int(fields[4]))
    return holders


def waits_for_lock(proc: subprocess.Popen, folder: Path, holder: subprocess.Popen, seconds: float = 60) -> bool:
    """Whether ``proc`` comes to wait for ``folder``'s lock while ``holder`` holds it: it has the folder
    open as ``folder_lock`` opens it (O_DIRECTORY without the O_NONBLOCK of a listing's opendir) and the
    kernel lists ``holder``, not ``proc``, as the lock's owner. False as soon as ``proc`` exits instead,
    or after ``seconds``."""
    paths = [folder, folder / ".artifactkit.lock"]
    targets = {os.path.realpath(p) for p in paths}
    deadline = time.monotonic() + seconds
    while proc.poll() is None and time.monotonic() < deadline:
        for fd in os.listdir(f"/proc/{proc.pid}/fd") if os.path.isdir(f"/proc/{proc.pid}/fd") else []:
            try:
                target = os.readlink(f"/proc/{proc.pid}/fd/{fd}")
                flags = int(Path(f"/proc/{proc.pid}/fdinfo/{fd}").read_text().split("flags:")[1].split()[0], 8)
            except (OSError, IndexError, ValueError):  # closed meanwhile
                continue
            if target in targets and not flags & os.O_NONBLOCK:
                owners = _flock_holders(Path(target))
                return holder.pid in owners and proc.pid not in owners
        time.sleep(0.01)  # polling for the event, not a guessed duration
    return False
