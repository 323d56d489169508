"""Lint a set of paths: find the files, lint each one (in workers, through the cache), then run
the cross-document checks."""

from __future__ import annotations

import os

from artifactkit.checks import crossrefs
from artifactkit.checks.numbers import duplicate_numbers
from artifactkit.engine import suppress
from artifactkit.engine.config import Config
from artifactkit.engine.results import FileResult, LintRun
from artifactkit.io.discovery import discover


def lint_paths(paths: list[str], config: Config, jobs: int | None = None, use_cache: bool = False) -> LintRun:
    """``jobs``: worker processes (None: one per core, serial for small inputs); ``use_cache``:
    reuse per-file results from ``.artifactkit_cache/`` (see artifactkit.engine.cache)."""
    from artifactkit.engine.workers import lint_many

    files = discover(paths)
    if config.ignore:
        files = [p for p in files if not config.is_ignored(config.relpath(p))]
    results = lint_many(files, config, jobs=jobs, use_cache=use_cache)
    _cross_document(results, config)
    return LintRun(results)


def lint_buffer(path: str, text: str, config: Config) -> FileResult | None:
    """The document at ``path`` as ``lint_paths([path])`` lints it, but from ``text`` (an editor's
    unsaved buffer); the cross-document checks read the other documents on disk. None: the
    config ignores the path."""
    from artifactkit.engine.lintfile import lint_file

    if config.is_ignored(config.relpath(path)):
        return None
    result = lint_file(path, config, text=text)
    _cross_document([result], config)
    return result


def default_paths(config: Config) -> list[str]:
    root = config.root / config.docs_root
    try:
        return [os.path.relpath(root)]
    except ValueError:
        return [str(root)]


def _cross_document(results: list[FileResult], config: Config) -> None:
    """Number duplicates, links and supersede references, filtered like the per-file problems."""
    for result, problem in duplicate_numbers(results):
        result.problems.extend(suppress.apply([problem], result.outline, config))
    for result, problems in crossrefs.check(results, config):
        result.problems.extend(suppress.apply(problems, result.outline, config))
    if config.runbooks:
        _alert_checks(results, config)


def add_branch_conflicts(run: LintRun, config: Config, remote: str | None) -> None:
    """``number-branch-conflict`` on each linted document whose number another branch gives another document."""
    from artifactkit.engine import branches

    for result, problem in branches.conflicts(run.linted, config, remote):
        result.problems.extend(suppress.apply([problem], result.outline, config))


def _alert_checks(results: list[FileResult], config: Config) -> None:
    """Alerts without a runbook (reported on the rule file, a result of its own) and runbooks without an alert."""
    from artifactkit.checks import alerts

    by_path = {r.path: r for r in results}
    for path, problems in alerts.check(results, config):
        result = by_path.get(path)
        if result is None:
            result = by_path[path] = FileResult(path, "alert-rules")
            results.append(result)
        result.problems.extend(suppress.apply(problems, result.outline, config))  # a rule file has no outline
