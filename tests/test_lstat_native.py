"""The extension's ``lstat_many`` (a warm run's stat of every file, on threads) against ``os.lstat``:
the same mode, size and nanosecond mtime, in order, None where ``os.lstat`` raises; and a warm run of
enough files to take that path reports what a cold one does."""

from __future__ import annotations

import json
import os
import random

import pytest
from conftest import run
from docfactory import document

from artifactkit.engine import cache

pytestmark = pytest.mark.skipif(os.name != "posix", reason="lstat_many is POSIX-only")


def expected(path: str):
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return (st.st_mode, st.st_size, st.st_mtime_ns)


def test_lstat_many_is_os_lstat_for_every_kind_of_entry(tmp_path):
    from artifactkit import _native

    (tmp_path / "plain.md").write_text("x" * 123)
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "pipe")
    os.symlink("plain.md", tmp_path / "link")
    os.symlink("missing", tmp_path / "dangling")
    os.symlink("/dev/null", tmp_path / "device")
    odd = os.fsdecode(b"caf\xe9-\xff.md")  # a name that is not UTF-8: surrogate escapes
    with open(os.path.join(tmp_path, odd), "w") as handle:
        handle.write("y")
    old = tmp_path / "old.md"
    old.write_text("z")
    os.utime(old, ns=(1, -1_234_567_891))  # before 1970, nanoseconds kept
    names = ["plain.md", "folder", "pipe", "link", "dangling", "device", odd, "old.md", "missing.md", "plain.md/below", ""]
    paths = [os.path.join(tmp_path, n) for n in names] + ["relative-missing.md"]
    assert _native.lstat_many(paths) == [expected(p) for p in paths]


def test_lstat_many_keeps_the_order_across_threads(tmp_path):
    from artifactkit import _native

    rng = random.Random(7)
    paths = []
    for i in range(1500):  # several threads' worth, sizes telling the files apart
        path = tmp_path / f"f{i}.md"
        if rng.random() < 0.9:
            path.write_text("x" * rng.randint(0, 5000))
        paths.append(str(path))
    rng.shuffle(paths)
    assert _native.lstat_many(paths) == [expected(p) for p in paths]
    assert cache.lstat_all(paths) == [expected(p) for p in paths]
    assert cache.lstat_all(paths[:3]) == [expected(p) for p in paths[:3]]  # few files: os.lstat itself


def test_a_warm_run_of_many_files_takes_each_result_by_its_own_stat(tmp_path):
    """Enough files for ``lstat_all`` to ask the extension; one file's bytes change but not its size
    or mtime, the bet git's index makes too: the warm run answers from the cache for it alone."""
    folder = tmp_path / "docs" / "adr"
    folder.mkdir(parents=True)
    (tmp_path / ".artifactkit.yaml").write_text("docs_root: docs\n")
    for i in range(1, 301):
        # sizes that tell the files apart: another file's stat is never taken for this one's
        (folder / f"{i:04d}-x.md").write_text(document("adr", {"decision": None} if i % 7 == 0 else {}) + "\n" * i)
    long_ago = 1_600_000_000
    for path in folder.iterdir():
        os.utime(path, (long_ago, long_ago))  # well before the cache is written: a hit by stat alone
    cold = json.loads(run(["lint", "--format", "json"], cwd=tmp_path).stdout)  # writes the cache
    target = folder / "0150-x.md"
    valid = target.read_bytes()
    broken = document("adr", {"decision": None}).encode()
    assert len(broken) < len(valid)
    target.write_bytes(broken + b"\n" * (len(valid) - len(broken)))  # same size, other bytes
    os.utime(target, (long_ago, long_ago))
    warm = json.loads(run(["lint", "--format", "json"], cwd=tmp_path).stdout)
    fresh = json.loads(run(["lint", "--no-cache", "--format", "json"], cwd=tmp_path).stdout)
    assert warm == cold != fresh
    assert {p["path"] for p in fresh} - {p["path"] for p in cold} == {"docs/adr/0150-x.md"}
