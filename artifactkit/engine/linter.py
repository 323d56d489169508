"""Lint a set of paths: find the files, lint each one (in workers, through the cache), then run
the cross-document checks."""

from __future__ import annotations

import os

from artifactkit.checks.context import Context
from artifactkit.checks.rules import families
from artifactkit.engine import suppress
from artifactkit.engine.results import FileResult, LintRun
from artifactkit.io.discovery import discover, named_files
from artifactkit.problem import REPOSITORY
from artifactkit.schema.project import Config


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
    # a file named on the command line is reported when no type claims it, unless skip_unknown
    _cross_document(results, Context(config, scope=REPOSITORY, results=results, named=set() if skip_unknown else named))
    return LintRun(results)


def lint_buffer(path: str, text: str, config: Config) -> FileResult | None:
    """The document at ``path`` as ``lint_paths([path])`` lints it, but from ``text`` (an editor's
    unsaved buffer); the cross-document checks read the other documents on disk. None: the
    config ignores the path."""
    from artifactkit.engine.lintfile import lint_file

    if config.is_ignored(config.relpath(path)):
        return None
    result = lint_file(path, config, text=text)
    _cross_document([result], Context(config, scope=REPOSITORY, results=[result], buffer=True))
    return result


def lint_buffers(texts: dict[str, str], config: Config) -> list[FileResult]:
    """Several documents as ``lint_buffer`` lints one, each from its text: the cross-document checks
    see them together (a supersede and its answer), and read the other documents on disk."""
    from artifactkit.engine.lintfile import lint_file

    results = [lint_file(path, config, text=text) for path, text in texts.items() if not config.is_ignored(config.relpath(path))]
    _cross_document(results, Context(config, scope=REPOSITORY, results=results, buffer=True))
    return results


def default_paths(config: Config) -> list[str]:
    """docs_root and every type's own folders (``docs_root`` is a default, not a fence); docs_root
    alone when none of them exists (and lint says so)."""
    out = []
    for rel in config.lint_roots() or [config.docs_root]:
        root = os.path.normpath(os.path.join(config.root_dir, rel))
        try:
            out.append(os.path.relpath(root))
        except ValueError:
            out.append(str(root))
    return out


def _cross_document(results: list[FileResult], ctx: Context) -> None:
    """Every family of the repository pass, in registry order (each sees the findings of those
    before it), its problems filtered like the per-file ones. A problem on a file no result holds
    (an alert rule file) is a result of its own; a skipped file a problem is reported on is no
    longer skipped (a named file no type claims)."""
    by_path = {r.path: r for r in results}
    for family in families(REPOSITORY):
        found: dict[str, list] = {}
        for problem in family.check(ctx):
            found.setdefault(problem.path, []).append(problem)
        for path, problems in found.items():
            result = by_path.get(path)
            if result is None:
                result = by_path[path] = FileResult(path, "alert-rules")
                results.append(result)
            kept = suppress.apply(problems, result.outline, ctx.config)  # a rule file has no outline
            if kept and result.skipped is not None and result.type is None:
                result.skipped = None
            result.problems.extend(kept)


def add_branch_conflicts(run: LintRun, config: Config, remote: str | None) -> None:
    """``number-branch-conflict`` on each linted document whose number another branch gives another document."""
    from artifactkit.engine import branches

    for result, problem in branches.conflicts(run.linted, config, remote):
        result.problems.extend(suppress.apply([problem], result.outline, config))
