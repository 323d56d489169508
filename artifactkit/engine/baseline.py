"""The baseline: findings a team has accepted for now, so that ``lint`` fails only on new ones.

``artifactkit baseline`` writes ``.artifactkit-baseline.json`` next to the config. Each entry is
a fingerprint that survives lines moving: the file (relative to the config), the rule, the
section and the message without its advice (line numbers blanked), with a count for repeats. ``lint`` drops
the findings the baseline holds and reports the entries it no longer finds, so the file shrinks.
"""

from __future__ import annotations

import json
import os
import posixpath
from collections import Counter

from artifactkit.engine.results import LintRun
from artifactkit.errors import ConfigError
from artifactkit.lazyre import compiled_later
from artifactkit.problem import Problem
from artifactkit.schema.project import Config

FILE_NAME = ".artifactkit-baseline.json"
LINE_RE = compiled_later(r"\b(lines?) \d+(?:-\d+)?")

Fingerprint = tuple[str, str, str, str]  # path, rule, section, message


def baseline_path(config: Config) -> str:
    return os.path.join(config.root_dir, FILE_NAME)


def fingerprint(problem: Problem, config: Config) -> Fingerprint:
    """The message up to its advice (" — add it after ..."), which changes when neighbours do."""
    message = LINE_RE.sub(r"\1 N", problem.message.split(" — ", 1)[0])
    return (config.relpath(problem.path), problem.rule, problem.section or "", message)


MAX_COUNT = 100_000  # repeats of one finding in one file; a document under the size limit holds fewer
MAX_TOTAL = 1_000_000  # findings in the whole baseline: what apply() and the report of stale entries walk
_FIELDS = {"path", "rule", "section", "message", "count"}


class BadBaseline(ValueError):
    pass


def load(config: Config) -> Counter | None:
    """The baseline's entries, or None when there is no baseline file. A file that is not what
    ``write`` makes (wrong types, counts over the limits, a path outside the repository) is a
    one-line ConfigError: the baseline is input, and it hides findings."""
    path = baseline_path(config)
    if not os.path.isfile(path):
        return None
    from artifactkit.io.textio import read_settings_text

    try:
        data = json.loads(read_settings_text(path))
        return _entries(data)
    except BadBaseline as exc:
        raise ConfigError(f"{path}: not a baseline file ({exc}); delete it, then run: artifactkit baseline") from None
    except RecursionError:  # json recurses once per nesting level
        raise ConfigError(f"{path}: not a baseline file (nested too deep); delete it, then run: artifactkit baseline") from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(f"{path}: not a baseline file ({type(exc).__name__}: {exc}); delete it, then run: artifactkit baseline") from None


def _entries(data) -> Counter:
    """Strict checks of what ``write`` makes: ``{"version": 1, "findings": [{path, rule, section, message, count}]}``."""
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list) or data.get("version", 1) != 1:
        raise BadBaseline('expected {"version": 1, "findings": [...]}')
    out: Counter = Counter()
    total = 0
    for index, entry in enumerate(data["findings"]):
        where = f"findings[{index}]"
        if not isinstance(entry, dict) or not _FIELDS.issuperset(entry):
            raise BadBaseline(f"{where} is not an object of {', '.join(sorted(_FIELDS))}")
        for field in ("path", "rule", "message"):
            if not isinstance(entry.get(field), str):
                raise BadBaseline(f"{where}.{field} is not text")
        section = entry.get("section")
        if section is not None and not isinstance(section, str):
            raise BadBaseline(f"{where}.section is not text or null")
        count = entry.get("count", 1)
        if type(count) is not int or not 1 <= count <= MAX_COUNT:  # bool, 1e9, Infinity and NaN are not counts
            raise BadBaseline(f"{where}.count is {_short(count)}, not a whole number from 1 to {MAX_COUNT}")
        total += count
        if total > MAX_TOTAL:
            raise BadBaseline(f"more than {MAX_TOTAL} findings in all")
        if not _inside(entry["path"]):
            raise BadBaseline(f"{where}.path {_short(entry['path'])} is not a path inside the repository (relative, without '..')")
        out[(entry["path"], entry["rule"], section or "", entry["message"])] += count
    return out


def _inside(path: str) -> bool:
    """A relative POSIX path that stays inside the repository: what ``Config.relpath`` writes for a file in it."""
    parts = path.split("/")
    return bool(path) and not path.startswith("/") and "\x00" not in path and ".." not in parts and posixpath.normpath(path) == path


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def apply(run: LintRun, config: Config, baseline: Counter) -> tuple[int, list[Fingerprint]]:
    """Drop the findings ``baseline`` holds from ``run``; return how many were dropped and the
    entries that no longer match (of files this run linted, or files that are gone)."""
    left = Counter(baseline)
    dropped = 0
    for result in run.results:
        kept = []
        for problem in result.problems:
            key = fingerprint(problem, config)
            if left[key] > 0:
                left[key] -= 1
                dropped += 1
            else:
                kept.append(problem)
        result.problems = kept
    linted = {config.relpath(r.path) for r in run.results}
    gone = [key for key, count in sorted(left.items()) if count > 0 and (key[0] in linted or not _present(config, key[0])) for _ in range(count)]
    return dropped, gone


def _present(config: Config, relpath: str) -> bool:
    """Whether the entry's file is still there; a link counts as itself, never as where it leads."""
    return os.path.lexists(os.path.join(config.root_dir, relpath))


def write(run: LintRun, config: Config) -> tuple[str, int]:
    """Write the run's findings as the baseline; entries of files this run did not lint are kept."""
    from artifactkit.io.writer import atomic_write

    found = Counter(key for key in (fingerprint(p, config) for p in run.problems) if _inside(key[0]))  # a file outside the repository has no entry
    linted = {config.relpath(r.path) for r in run.results}
    old = load(config) or Counter()
    for key, count in old.items():
        if key[0] not in linted and _present(config, key[0]):
            found[key] += count
    entries = [
        {"path": path, "rule": rule, "section": section or None, "message": message, "count": count}
        for (path, rule, section, message), count in sorted(found.items())
    ]
    path = baseline_path(config)
    atomic_write(path, json.dumps({"version": 1, "findings": entries}, indent=2, ensure_ascii=False) + "\n")
    return path, sum(found.values())
