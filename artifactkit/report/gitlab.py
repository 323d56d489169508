"""GitLab Code Quality (``artifacts:reports:codequality``): a JSON list of issues with ``description``,
``check_name``, ``fingerprint``, ``severity`` and ``location.path`` / ``location.lines.begin``, the
fields GitLab documents; merge requests then show the findings.

The fingerprint is what GitLab compares between the source and target branches' reports, so it
leaves the line out (a finding that only moved is the same finding) and counts repeats instead.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from artifactkit.escape import printable
from artifactkit.report.github import workspace_path
from artifactkit.report.jsonfmt import dumps

SEVERITIES = {"error": "major", "warning": "minor"}  # GitLab's scale: info, minor, major, critical, blocker


def build(run) -> list[dict]:
    seen: Counter[str] = Counter()
    issues = []
    for p in run.problems:
        path = workspace_path(p.path).removeprefix("./")
        key = "\0".join([path, p.rule, p.section or "", p.message])
        seen[key] += 1
        issues.append(
            {
                "description": printable(p.message),
                "check_name": f"artifactkit/{p.rule}",
                "fingerprint": hashlib.sha256(f"{key}\0{seen[key]}".encode("utf-8", "surrogateescape")).hexdigest()[:32],
                "severity": SEVERITIES.get(p.level, "info"),
                "location": {"path": path, "lines": {"begin": max(1, p.line)}},
            }
        )
    return issues


def report(run, stream, color: bool = False) -> None:
    stream.write(dumps(build(run)) + "\n")
