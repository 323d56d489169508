"""Parallel workers give exactly the serial results, in the same order."""

from __future__ import annotations

import json
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


def test_small_inputs_stay_in_process(monkeypatch, tmp_path):
    called = []
    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", lambda *a, **k: called.append(1))
    assert workers.lint_parallel([], None, jobs=8) == []
    assert called == []


def test_bad_jobs_value_is_a_usage_error(corpus):
    proc = run(["lint", "--jobs", "-1", "docs"], cwd=corpus)
    assert proc.returncode == 2
