"""Lint documents: find files, resolve each one's type, validate it, then run cross-document checks."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from artifactkit import crossrefs
from artifactkit.config import Config
from artifactkit.problem import ERROR, Problem
from artifactkit.rules import RULES

NUMBER_RE = re.compile(r"^(\d+)[-_. ]")


@dataclass
class FileResult:
    path: str
    type: str | None
    problems: list[Problem] = field(default_factory=list)
    number: int | None = None
    skipped: str | None = None  # why the file was not linted
    frontmatter: dict = field(default_factory=dict)
    title: str | None = None
    outline: object | None = field(default=None, repr=False)  # sections.Outline, for cross-document checks
    locations: dict = field(default_factory=dict, repr=False)  # instance path -> (line, column)


@dataclass
class LintRun:
    results: list[FileResult]

    @property
    def problems(self) -> list[Problem]:
        return sorted(p for r in self.results for p in r.problems)

    @property
    def linted(self) -> list[FileResult]:
        return [r for r in self.results if r.skipped is None]

    @property
    def error_count(self) -> int:
        return sum(1 for p in self.problems if p.level == ERROR)


def discover(paths: list[str]) -> list[str]:
    """Expand folders to their ``*.md`` files (sorted, symlinked folders not followed); keep files as given."""
    out: list[str] = []
    for given in paths:
        if os.path.isdir(given):
            for folder, dirs, files in os.walk(given):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
                out.extend(os.path.join(folder, name) for name in sorted(files) if name.lower().endswith(".md"))
                # A directory named x.md is walked like any folder, never read as a file.
        else:
            out.append(given)
    return list(dict.fromkeys(os.path.normpath(p) if not p.startswith("./") else p[2:] for p in out))


def lint_file(path: str, config: Config, explicit: bool = False) -> FileResult:
    # here, not at the top: a warm run (every result from the cache) never parses a document
    from artifactkit import model, quickcheck, staleness
    from artifactkit.messages import problems_from_errors

    rel = config.relpath(path)
    glob_type = config.type_for(rel)
    escape = symlink_escape(path, config)
    if escape:
        return FileResult(path, glob_type.name if glob_type else None, [Problem(path, 1, 1, ERROR, "file-unreadable", escape)])
    doc, read = model.load(path)
    if doc is None:
        problem = Problem(path, read.line, 1, ERROR, "file-unreadable", read.error)
        return FileResult(path, glob_type.name if glob_type else None, [problem])
    front_problems = _frontmatter_problems(doc)
    name = doc.type or (glob_type.name if glob_type else None)
    result = FileResult(path, name, front_problems, frontmatter=doc.frontmatter, title=doc.outline.title)
    if name is None:
        result.skipped = None if front_problems else "no document type (no 'type:' in front matter, no matching paths)"
        return _finish(result, doc, config)
    doctype = config.types.get(name)
    if doctype is None:
        known = ", ".join(config.types)
        line, col = doc.locations.get(("frontmatter", "type"), (1, 1))
        result.problems.append(Problem(path, line, col, ERROR, "type-unknown", f"unknown document type {name!r} — use one of: {known}, or define it under 'types' in .artifactkit.yaml"))
        return _finish(result, doc, config)
    doc.type = name
    doc.apply_aliases(doctype.info.aliases())
    doc.apply_hints(doctype.info.hints())
    instance = doc.instance()
    if quickcheck.certainly_valid(doctype.effective_schema(), instance):
        problems = []  # valid: no need to load jsonschema (see artifactkit.quickcheck)
    else:
        problems = problems_from_errors(doc, doctype, config.validator(doctype).iter_errors(instance))
    if doc.front.error:  # fields of unreadable front matter are not "missing": the syntax error says it all
        problems = [p for p in problems if not p.rule.startswith("frontmatter-")]
    result.problems.extend(problems)
    result.problems.extend(staleness.check(doc, doctype))
    result.problems.extend(_duplicate_headings(doc))
    result.number = _number(path, doc) if doctype.numbered else None
    return _finish(result, doc, config)


def symlink_escape(path: str, config: Config) -> str | None:
    """A symlinked document may not lead outside the repository: a pull request could point one
    at a secret and have CI print parts of it in findings."""
    if not os.path.islink(path):
        return None
    root = os.path.realpath(config.root)
    target = os.path.realpath(path)
    if target == root or target.startswith(root + os.sep):
        return None
    return "symbolic link to a file outside the repository; not followed"


def _frontmatter_problems(doc) -> list[Problem]:
    if doc.front.error is None:
        return []
    return [Problem(doc.path, doc.front.error_line, 1, ERROR, doc.front.error_rule, doc.front.error)]


def _duplicate_headings(doc) -> list[Problem]:
    return [
        Problem(doc.path, s.line, 1, RULES["heading-duplicate"].level, "heading-duplicate", f'duplicate heading "{s.heading}" — only the first one is checked; merge the two or rename one', s.heading)
        for s in doc.outline.duplicates
    ]


def _number(path: str, doc) -> int | None:
    value = doc.frontmatter.get("number")
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    match = NUMBER_RE.match(os.path.basename(path))
    return int(match.group(1)) if match else None


def _finish(result: FileResult, doc, config: Config) -> FileResult:
    """Apply inline disable comments and the config's per-rule levels."""
    outline = doc.outline
    result.outline, result.locations = outline, getattr(doc, "locations", {})
    disabled = _disabled_index(_disabled_ranges(outline))
    kept = []
    for problem in result.problems:
        if "*" in outline.file_disables or problem.rule in outline.file_disables:
            continue
        if _is_disabled(disabled, problem.rule, problem.line):
            continue
        level = config.level_for(problem.rule, problem.level)
        if level == "off":
            continue
        kept.append(problem.with_level(level) if level != problem.level else problem)
    result.problems = kept
    return result


def _disabled_ranges(outline) -> list[tuple[int, int, set[str]]]:
    """(start, end, rules) per disabled section; one pass over the headings, so thousands of
    disable comments in a hostile file stay linear (a section ends at the next heading of its level or above)."""
    if not outline.section_disables:
        return []
    ends: dict[int, int] = {}
    open_headings: list[tuple[int, int]] = []  # (line, level), levels strictly increasing
    for ln, lv, _ in outline.headings:
        while open_headings and open_headings[-1][1] >= lv:
            ends[open_headings.pop()[0]] = ln
        open_headings.append((ln, lv))
    return [(start, ends.get(start, 10**12), rules) for start, rules in outline.section_disables.items()]


def _disabled_index(ranges) -> dict[str, tuple[list[int], list[int]]]:
    """rule -> (sorted starts, running maximum of ends): a line is disabled for the rule if some
    range starting at or before it ends after it, found by bisection instead of a scan of every range."""
    by_rule: dict[str, list[tuple[int, int]]] = {}
    for start, end, rules in ranges:
        for rule in rules:
            by_rule.setdefault(rule, []).append((start, end))
    index = {}
    for rule, spans in by_rule.items():
        spans.sort()
        reach, best = [], 0
        for _, end in spans:
            best = max(best, end)
            reach.append(best)
        index[rule] = ([start for start, _ in spans], reach)
    return index


def _is_disabled(index, rule: str, line: int) -> bool:
    from bisect import bisect_right

    for key in (rule, "*"):
        if key in index:
            starts, reach = index[key]
            i = bisect_right(starts, line) - 1
            if i >= 0 and reach[i] > line:
                return True
    return False


def cross_document(results: list[FileResult], config: Config) -> None:
    """Two documents of one numbered type with the same number are both reported."""
    seen: dict[tuple[str, int], list[FileResult]] = {}
    for result in results:
        if result.number is not None and result.type:
            seen.setdefault((result.type, result.number), []).append(result)
    for (type_name, number), group in seen.items():
        if len(group) < 2:
            continue
        for result in group:
            others = ", ".join(r.path for r in group if r is not result)
            level = config.level_for("number-duplicate", RULES["number-duplicate"].level)
            if level != "off":
                result.problems.append(Problem(result.path, 1, 1, level, "number-duplicate", f"{type_name} number {number} is also used by {others} — renumber one of them"))


def lint_paths(paths: list[str], config: Config, jobs: int | None = None, use_cache: bool = False) -> LintRun:
    """``jobs``: worker processes (None: one per core, serial for small inputs); ``use_cache``:
    reuse per-file results from ``.artifactkit_cache/`` (see artifactkit.cache)."""
    from artifactkit.workers import lint_many

    files = discover(paths)
    if config.ignore:
        files = [p for p in files if not config.is_ignored(config.relpath(p))]
    results = lint_many(files, config, jobs=jobs, use_cache=use_cache)
    cross_document(results, config)
    crossrefs.check(results, config)
    return LintRun(results)


def default_paths(config: Config) -> list[str]:
    root = config.root / config.docs_root
    try:
        return [os.path.relpath(root)]
    except ValueError:
        return [str(root)]
