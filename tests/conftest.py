"""Shared fixtures: the ``artifactkit`` command (in this process, or installed), real git repos, file trees."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
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


def command_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment a command runs in: this one, no colour, a fixed git identity, not GitHub Actions."""
    full_env = {**os.environ, "NO_COLOR": "1", "GIT_AUTHOR_NAME": "Test Author", "GIT_AUTHOR_EMAIL": "t@example.com",
                "GIT_COMMITTER_NAME": "Test Author", "GIT_COMMITTER_EMAIL": "t@example.com"}
    full_env.pop("GITHUB_ACTIONS", None)
    full_env.update(env or {})
    return full_env


def _no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "internal error" not in proc.stderr, proc.stderr


def run_installed(args, cwd=None, input=None, env=None, check_no_traceback=True) -> subprocess.CompletedProcess:
    """``artifactkit ARGS`` through the installed console script, in a child process: for the tests
    where that path is what is tested (the entry point, exit codes through a process, signals,
    several processes at once, interpreter start-up settings)."""
    proc = subprocess.run([artifactkit_exe(), *map(str, args)], cwd=cwd, input=input, env=command_env(env),
                          capture_output=True, text=True, timeout=120)
    if check_no_traceback:
        _no_traceback(proc)
    return proc


# Read when the interpreter starts: a child process would see them, ``main()`` in this one cannot.
# PYTHONIOENCODING=utf-8 asks for what the in-process streams are: UTF-8, strict on stdout. (HOME is
# read when used, except by cookiecutter, which takes its folders from it on import: a cookiecutter
# run with a HOME of its own goes through run_installed.)
STARTUP_ENV = {"TZ", "LANG", "LC_ALL", "LC_CTYPE", "PYTHONIOENCODING", "PYTHONUTF8", "PYTHONHASHSEED"}


def _as_new_process() -> None:
    """Forget what artifactkit keeps for the life of a process, so that each in-process run starts
    as a new command would: the site-cache key depends on HOME, a template folder's version on its
    commits, the display root on the last language-server session, the temporary folder on TMPDIR."""
    import tempfile

    from artifactkit.io import paths
    from artifactkit.schema import templates
    from artifactkit.site import signing

    signing._KEY, signing._PERSISTENT = None, False
    templates.current_version.cache_clear()
    paths.show_relative_to(None)
    tempfile.tempdir = None


class CommandHung(BaseException):
    """Raised into a command that ran past its time (a BaseException: ``main`` does not catch it)."""


def _children() -> set[int]:
    """The processes this one started and that still run (Linux: read from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == os.getpid():
            found.add(int(stat.parent.name))
    return found


def _kill(pid: int) -> None:
    """A child and, when it leads its own process group (a ``start_new_session`` child), the group."""
    with contextlib.suppress(OSError):
        if os.getpgid(pid) == pid:
            os.killpg(pid, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)


@contextlib.contextmanager
def time_limit(seconds: float):
    """Fail a call that hangs, as ``subprocess.run(timeout=)`` does for a child: the processes the call
    started are killed (a hung ``git`` would keep it waiting), then CommandHung is raised into it.
    SIGALRM needs the main thread; elsewhere there is no limit."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = _children()

    def expired(signum, frame):  # noqa: ARG001 - a signal handler's signature
        for pid in _children() - before:
            _kill(pid)
        raise CommandHung(f"the command ran for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run(args, cwd=None, input=None, env=None, check_no_traceback=True, timeout: float = 120) -> subprocess.CompletedProcess:
    """``artifactkit ARGS`` in this process (``artifactkit.cli.main``), from ``cwd``, in ``env``, with
    ``input`` on a piped stdin (empty when None); stdout and stderr are captured as a child's would be
    (UTF-8 bytes, strict on stdout, read back with universal newlines), and a run past ``timeout``
    fails. What the installed command adds (the console script, a new interpreter) is tested
    through ``run_installed``."""
    from artifactkit.cli import main

    overrides = command_env(env)
    changed = {k for k in env or {} if overrides.get(k) != os.environ.get(k)} - ({"PYTHONIOENCODING"} if overrides.get("PYTHONIOENCODING") == "utf-8" else set())
    assert not STARTUP_ENV & changed, f"{STARTUP_ENV & changed} take effect in a new interpreter only: use run_installed"
    saved_env, saved_cwd, saved_streams = dict(os.environ), os.getcwd(), (sys.stdin, sys.stdout, sys.stderr)
    out, err = io.BytesIO(), io.BytesIO()
    sys.stdin = io.TextIOWrapper(io.BytesIO((input or "").encode("utf-8")), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(out, encoding="utf-8", errors="strict", newline="\n")
    sys.stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", newline="\n")
    try:
        os.environ.clear()
        os.environ.update(overrides)
        if cwd is not None:
            os.chdir(cwd)
        _as_new_process()
        try:
            with time_limit(timeout):
                code = main([*map(str, args)])
        except CommandHung as exc:
            pytest.fail(f"artifactkit {' '.join(map(str, args))}: {exc}")
        sys.stdout.flush()
        sys.stderr.flush()
        stdout, stderr = out.getvalue(), err.getvalue()
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        _as_new_process()
    # as subprocess.run(text=True) reads a child's output
    text = [data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n") for data in (stdout, stderr)]
    proc = subprocess.CompletedProcess(["artifactkit", *map(str, args)], code, *text)
    if check_no_traceback:
        _no_traceback(proc)
    return proc


def lint_json(paths, cwd, *extra, installed: bool = False) -> tuple[int, list[dict]]:
    proc = (run_installed if installed else run)(["lint", "--format", "json", *extra, *paths], cwd=cwd)
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


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory) -> Path:
    """The wheel ``python -m build`` makes of this repository, built once per test session: under
    xdist the first worker to ask builds it into the session's shared folder, the others wait for it."""
    import fcntl

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # pytest-N/popen-gwK: pytest-N is this session's
    dist = shared / "wheel-dist"
    with open(shared / "wheel-dist.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not any(dist.glob("artifactkit-*.whl")):
            subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO)],
                           check=True, capture_output=True, text=True)
    return next(dist.glob("artifactkit-*.whl"))


@pytest.fixture(scope="module")
def pristine_organisation(tmp_path_factory) -> Path:
    """tests/orgrepos.py's organisation, made once for a test module (on its TODAY); a test takes
    its own copy with ``orgrepos.copy_of_organisation``."""
    from orgrepos import TODAY, organisation

    root = tmp_path_factory.mktemp("org")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("ARTIFACTKIT_TODAY", TODAY)
        organisation(root)
    return root


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


def lint_file_calls(monkeypatch) -> list[str]:
    """The files ``lintfile.lint_file`` really lints from now on (not those answered from the cache)."""
    from artifactkit.engine import lintfile

    calls: list[str] = []
    real = lintfile.lint_file

    def spy(path, config, *a, **k):
        calls.append(path)
        return real(path, config, *a, **k)

    monkeypatch.setattr(lintfile, "lint_file", spy)
    return calls
