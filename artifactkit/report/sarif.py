"""SARIF 2.1.0 (OASIS): one run, the rule catalogue from ``artifactkit.checks.rules.all_rules()``, one result per problem.

Artifact URIs are relative (to ``GITHUB_WORKSPACE`` when set, else the working folder) and tied to
the ``%SRCROOT%`` base, so GitHub code scanning places each result on its file and line.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

from artifactkit import __version__
from artifactkit.checks.rules import all_rules
from artifactkit.escape import printable
from artifactkit.report.github import workspace_path
from artifactkit.report.jsonfmt import dumps

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning"}
INFORMATION_URI = "https://github.com/artifactkit/artifactkit"


def _rule_name(rule_id: str) -> str:
    return "".join(part.capitalize() for part in rule_id.split("-"))


def rule_descriptors() -> list[dict]:
    return [
        {
            "id": rule.id,
            "name": _rule_name(rule.id),
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": f"{rule.summary} {rule.help}"},
            "help": {"text": rule.help, "markdown": f"**{rule.id}**: {rule.summary}\n\n{rule.help}"},
            "defaultConfiguration": {"level": LEVELS.get(rule.level, "warning")},
            "properties": {"tags": ["documentation"]},
        }
        for rule in all_rules().values()
    ]


def artifact_uri(path: str) -> str:
    rel = workspace_path(path)
    if os.path.isabs(rel):
        return Path(rel).as_uri()
    return quote(rel, safe="/-._~", errors="surrogateescape")  # a name that is not UTF-8: its own bytes


def build(run) -> dict:
    ids = list(all_rules())
    index = {rule_id: i for i, rule_id in enumerate(ids)}
    results = []
    for p in run.problems:
        result = {
            "ruleId": p.rule,
            "level": LEVELS.get(p.level, "warning"),
            "message": {"text": printable(p.message)},  # shown on the pull request, where an override would reorder it
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": artifact_uri(p.path), "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": max(1, p.line), "startColumn": max(1, p.column)},
                    }
                }
            ],
        }
        if p.rule in index:
            result["ruleIndex"] = index[p.rule]
        if p.section:
            result["properties"] = {"section": printable(p.section)}
        results.append(result)
    base = os.environ.get("GITHUB_WORKSPACE") or os.getcwd()
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "artifactkit",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rule_descriptors(),
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path(base).resolve().as_uri() + "/"}},
                "invocations": [{"executionSuccessful": True}],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def report(run, stream, color: bool = False) -> None:
    stream.write(dumps(build(run)))
    stream.write("\n")
