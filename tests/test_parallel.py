"""Parallel workers give exactly the serial results, in the same order."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import bench_corpus, run

from artifactkit.engine import workers


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    bench_corpus(root / "docs", 12)  # 72 documents, some with problems, duplicate numbers
    return root


def test_parallel_results_equal_serial(corpus, monkeypatch):
    from artifactkit.engine.config import load_config
    from artifactkit.engine.linter import lint_paths

    monkeypatch.chdir(corpus)
    monkeypatch.setattr(workers, "MIN_PARALLEL", 4)
    config = load_config()
    serial = lint_paths(["docs"], config, jobs=1)
    parallel = lint_paths(["docs"], config, jobs=3)
    assert [r.path for r in parallel.results] == [r.path for r in serial.results]
    assert parallel.problems == serial.problems
    for a, b in zip(serial.results, parallel.results):
        assert (a.type, a.number, a.skipped, a.frontmatter, a.title, a.problems) == (b.type, b.number, b.skipped, b.frontmatter, b.title, b.problems)
    assert len({p.rule for p in serial.problems}) >= 3


def test_cli_jobs_give_identical_reports(corpus):
    outs = [run(["lint", "--no-cache", "--format", "json", "--jobs", str(j), "docs"], cwd=corpus) for j in (1, 2)]
    assert outs[0].returncode == outs[1].returncode == 1
    assert outs[0].stdout == outs[1].stdout
    assert json.loads(outs[0].stdout)


FORKS: list[int] = []
os.register_at_fork(before=lambda: FORKS.append(os.getpid()))  # runs in this process before every fork


def test_workers_fork_for_many_files_and_not_for_few(corpus, monkeypatch):
    """Below MIN_PARALLEL files the run stays in this process; from it on, workers really fork,
    and their results (read, hashed and linted in the workers) equal the in-process ones."""
    from artifactkit.engine.config import load_config

    monkeypatch.chdir(corpus)
    config = load_config()
    files = sorted(str(p.relative_to(corpus)) for p in (corpus / "docs").rglob("*.md"))
    few = files[: workers.MIN_PARALLEL - 1]
    before = len(FORKS)
    serial = workers.lint_parallel(few, config, jobs=2)
    assert len(FORKS) == before  # no worker for a small folder
    many = (files * (workers.MIN_PARALLEL // len(files) + 2))[: workers.MIN_PARALLEL + 8]
    parallel = workers.lint_parallel(many, config, jobs=2)
    assert len(FORKS) >= before + 2  # two workers forked
    assert len(parallel) == len(many)
    by_path = {r.path: r.problems for r, _, _ in parallel}
    assert [r.problems for r, _, _ in serial] == [by_path[p] for p in few]


def test_cache_hashing_in_workers_gives_the_same_report(corpus):
    """Files whose mtime changed but bytes did not are hashed in the workers and reused (72 files: parallel)."""
    cold = run(["lint", "--format", "json", "--jobs", "2", "docs"], cwd=corpus)
    for path in (corpus / "docs").rglob("*.md"):
        os.utime(path)  # new mtime, same bytes: a warm run must hash them
    warm = run(["lint", "--format", "json", "--jobs", "2", "docs"], cwd=corpus)
    assert warm.stdout == cold.stdout and warm.returncode == cold.returncode == 1


def test_report_is_identical_cold_warm_serial_and_on_the_slow_path(tmp_path):
    """The same JSON report, byte for byte: cold, warm, --no-cache, --jobs 1 and with every outline
    read by markdown-it-py (ARTIFACTKIT_OUTLINE=reference), on a corpus with the long-form shapes."""
    files = bench_corpus(tmp_path / "docs", 10)
    assert sum("[rfc]: " in p.read_text(encoding="utf-8") for p in files) >= 10  # long-form documents are there
    args = ["lint", "--format", "json", "docs"]
    cold = run(args, cwd=tmp_path)
    assert cold.returncode == 1 and json.loads(cold.stdout)
    for extra, env in (([], None), (["--no-cache"], None), (["--jobs", "1", "--no-cache"], None),
                       (["--no-cache"], {"ARTIFACTKIT_OUTLINE": "reference"})):
        again = run([*args[:-1], *extra, "docs"], cwd=tmp_path, env=env)
        assert (again.returncode, again.stdout) == (cold.returncode, cold.stdout), (extra, env)


def test_bad_jobs_value_is_a_usage_error(corpus):
    proc = run(["lint", "--jobs", "-1", "docs"], cwd=corpus)
    assert proc.returncode == 2
