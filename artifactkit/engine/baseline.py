"""The baseline: findings a team has accepted for now, so that ``lint`` fails only on new ones.

``artifactkit baseline`` writes ``.artifactkit-baseline.json`` next to the config. Each entry is
a fingerprint that survives lines moving: the file (relative to the config), the rule, the
section and the message without its advice (line numbers blanked), with a count for repeats. ``lint`` drops
the findings the baseline holds and reports the entries it no longer finds, so the file shrinks.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from artifactkit.engine.config import Config
from artifactkit.engine.results import LintRun
from artifactkit.errors import ConfigError
from artifactkit.problem import Problem

FILE_NAME = ".artifactkit-baseline.json"
LINE_RE = re.compile(r"\b(lines?) \d+(?:-\d+)?")

Fingerprint = tuple[str, str, str, str]  # path, rule, section, message


def baseline_path(config: Config) -> Path:
    return config.root / FILE_NAME


def fingerprint(problem: Problem, config: Config) -> Fingerprint:
    """The message up to its advice (" — add it after ..."), which changes when neighbours do."""
    message = LINE_RE.sub(r"\1 N", problem.message.split(" — ", 1)[0])
    return (config.relpath(problem.path), problem.rule, problem.section or "", message)


def load(config: Config) -> Counter | None:
    """The baseline's entries, or None when there is no baseline file."""
    path = baseline_path(config)
    if not path.is_file():
        return None
    from artifactkit.io.textio import read_settings_text

    try:
        data = json.loads(read_settings_text(path))
        entries = data["findings"]
        return Counter({(e["path"], e["rule"], e.get("section") or "", e["message"]): int(e.get("count", 1)) for e in entries})
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(f"{path}: not a baseline file ({type(exc).__name__}: {exc}); delete it or run: artifactkit baseline") from None


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
    gone = [key for key, count in sorted(left.items()) for _ in range(count) if key[0] in linted or not (config.root / key[0]).exists()]
    return dropped, gone


def write(run: LintRun, config: Config) -> tuple[Path, int]:
    """Write the run's findings as the baseline; entries of files this run did not lint are kept."""
    from artifactkit.io.writer import atomic_write

    found = Counter(fingerprint(p, config) for p in run.problems)
    linted = {config.relpath(r.path) for r in run.results}
    old = load(config) or Counter()
    for key, count in old.items():
        if key[0] not in linted and (config.root / key[0]).exists():
            found[key] += count
    entries = [
        {"path": path, "rule": rule, "section": section or None, "message": message, "count": count}
        for (path, rule, section, message), count in sorted(found.items())
    ]
    path = baseline_path(config)
    atomic_write(path, json.dumps({"version": 1, "findings": entries}, indent=2, ensure_ascii=False) + "\n")
    return path, sum(found.values())
