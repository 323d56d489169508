"""Lint a set of paths: find the files, lint each one (in workers, through the cache), then run
the cross-document checks."""

from __future__ import annotations

import os

from artifactkit.checks import crossrefs
from artifactkit.checks.numbers import duplicate_numbers
from artifactkit.engine import suppress
from artifactkit.engine.config import Config
from artifactkit.engine.results import FileResult, LintRun
from artifactkit.io.discovery import discover, named_files
from artifactkit.problem import ERROR, Problem


def lint_paths(paths: list[str], config: Config, jobs: int | None = None, use_cache: bool = False, skip_unknown: bool = False) -> LintRun:
    """``jobs``: worker processes (None: one per core, serial for small inputs); ``use_cache``:
    reuse per-file results from ``.artifactkit_cache/`` (see artifactkit.engine.cache).
    A file named in ``paths`` that no type claims is a ``type-unknown`` problem, unless
    ``skip_unknown`` (the pre-commit hook, which is handed every staged Markdown file)."""
    from artifactkit.engine.workers import lint_many

    files = discover(paths)
    if config.ignore:
        files = [p for p in files if not config.is_ignored(config.relpath(p))]
    named = named_files(paths)
    # a file a user names beats a type's built-in exclude: lint it here, as that type (not the files a
    # tool hands over with skip_unknown: pre-commit's staged files, the site's docs folder)
    rescued = (
        set()
        if skip_unknown
        else {p for p in named if config.type_for(config.relpath(p)) is None and config.type_for(config.relpath(p), named=True) is not None}
    )
    results = lint_many([p for p in files if p not in rescued], config, jobs=jobs, use_cache=use_cache)
    if rescued:
        from artifactkit.engine.lintfile import lint_file

        by_path = {r.path: r for r in results}
        by_path.update((p, lint_file(p, config, named=True)) for p in rescued)
        results = [by_path[p] for p in files if p in by_path]
    if not skip_unknown:
        _claim_named(results, named, config)
    _cross_document(results, config)
    return LintRun(results)


def _claim_named(results: list[FileResult], named: set[str], config: Config) -> None:
    """A file the user named is linted or reported: never skipped in silence."""
    level = config.level_for("type-unknown", ERROR)
    for result in results:
        if result.skipped is None or result.type is not None or result.path not in named or level == "off":
            continue
        result.skipped = None
        result.problems.append(Problem(result.path, 1, 1, level, "type-unknown", unclaimed_message(config.relpath(result.path), config)))


def unclaimed_message(relpath: str, config: Config) -> str:
    why = config.unclaimed_reason(relpath, named=True)
    if why == "no type's paths match it":
        why += "; types and their paths: " + "; ".join(f"{t.name}: {', '.join(t.paths)}" for t in config.types.values() if t.paths)
    return (
        f"no document type claims this file ({why}) — add 'type: NAME' to its front matter or give a type 'paths' "
        "that include it in .artifactkit.yaml ('artifactkit config show' lists the types, their paths and excludes)"
    )


def lint_buffer(path: str, text: str, config: Config) -> FileResult | None:
    """The document at ``path`` as ``lint_paths([path])`` lints it, but from ``text`` (an editor's
    unsaved buffer); the cross-document checks read the other documents on disk. None: the
    config ignores the path."""
    from artifactkit.engine.lintfile import lint_file

    if config.is_ignored(config.relpath(path)):
        return None
    result = lint_file(path, config, text=text)
    _cross_document([result], config, alert_checks=_is_runbook(result, config))
    return result


def _is_runbook(result: FileResult, config: Config) -> bool:
    """Only a runbook's own findings can come of the alert check in an editor (runbook-unlinked):
    for any other buffer it is not run at all, keystroke after keystroke."""
    if not config.runbooks or result.type is None:
        return False
    from artifactkit.checks import alerts

    return result.type in alerts.runbook_types(config)


def default_paths(config: Config) -> list[str]:
    """docs_root and every type's own folders (``docs_root`` is a default, not a fence); docs_root
    alone when none of them exists (and lint says so)."""
    out = []
    for rel in config.lint_roots() or [config.docs_root]:
        root = config.root / rel
        try:
            out.append(os.path.relpath(root))
        except ValueError:
            out.append(str(root))
    return out


def _cross_document(results: list[FileResult], config: Config, alert_checks: bool = True) -> None:
    """Number duplicates, links and supersede references, filtered like the per-file problems."""
    for result, problem in duplicate_numbers(results, lambda path: _log_of(path, config)):
        result.problems.extend(suppress.apply([problem], result.outline, config))
    for result, problems in crossrefs.check(results, config):
        result.problems.extend(suppress.apply(problems, result.outline, config))
    if config.runbooks and alert_checks:
        _alert_checks(results, config)


def _log_of(path: str, config: Config) -> str | None:
    """The paths pattern that claims ``path``: each pattern of a type is one numbered log."""
    claim = config.claim(config.relpath(path))
    return claim.pattern if claim is not None else None


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
