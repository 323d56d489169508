"""Runbooks that match their alerts: Prometheus rule files and runbooks built in tmp_path, linted
with the command (``main`` in process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run, write_tree
from docfactory import document

BASE = "https://github.com/acme/ops/blob/main/docs/runbooks/"
CONFIG = f"""docs_root: docs
runbooks:
  alert_rules: ["monitoring/**/*.rules.yml"]
  urls:
    "{BASE}": docs/runbooks
    "https://runbooks.acme.dev/": docs/runbooks
  default_branch: main
"""

RULES = f"""groups:
  - name: database
    rules:
      - record: job:up:sum
        expr: sum(up) by (job)
      - alert: DatabaseDown
        expr: up{{job="db"}} == 0
        annotations:
          summary: The database is down
          runbook_url: {BASE}db.md
      - alert: DiskFull
        expr: disk_free < 0.05
        annotations:
          runbook_url: https://runbooks.acme.dev/disk/
      - alert: QueueStuck
        expr: queue_age > 600
        annotations:
          runbook_url: https://github.com/acme/ops/blob/fix-typo/docs/runbooks/queue.md#steps
      - alert: CacheCold
        expr: cache_hits < 1
        annotations:
          runbook_url: {BASE}cache.md
      - alert: Vendor
        expr: vendor_down == 1
        annotations:
          runbook_url: https://vendor.example.com/runbook
"""

OPERATOR = f"""apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: web
spec:
  groups:
    - name: web
      rules:
        - alert: WebSlow
          expr: latency > 1
          annotations:
            runbook_url: {BASE}web.md
"""


def runbook(service: str, broken: bool = False) -> str:
    text = document("runbook").replace("service: billing-db", f"service: {service}")
    return text.replace(text.split("\n## ")[1].split("\n\n", 1)[1], "TODO\n") if broken else text


@pytest.fixture
def repo(git_repo: Path) -> Path:
    write_tree(git_repo, {
        ".artifactkit.yaml": CONFIG,
        "monitoring/prod/db.rules.yml": RULES,
        "monitoring/k8s/web.rules.yml": OPERATOR,
        "docs/runbooks/db.md": runbook("db"),
        "docs/runbooks/disk/index.md": runbook("disk"),
        "docs/runbooks/queue.md": runbook("queue"),
        "docs/runbooks/web.md": runbook("web", broken=True),
        "docs/runbooks/orphan.md": runbook("orphan"),
    })
    return git_repo


def lint(repo: Path) -> tuple[int, list[dict], str]:
    proc = run(["lint", "--format", "json", "docs"], cwd=repo, env={"ARTIFACTKIT_TODAY": "2026-12-01"})
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout), proc.stderr


def line_in(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_alerts_and_runbooks_are_matched(repo):
    code, problems, _ = lint(repo)
    assert code == 1
    found = sorted((p["path"], p["line"], p["rule"]) for p in problems if p["rule"].startswith(("alert-", "runbook-")))
    assert found == sorted([
        ("docs/runbooks/orphan.md", 1, "runbook-unlinked"),
        ("monitoring/k8s/web.rules.yml", line_in(OPERATOR, "runbook_url"), "alert-runbook-failing"),
        ("monitoring/prod/db.rules.yml", line_in(RULES, "cache.md"), "alert-runbook-missing"),
        ("monitoring/prod/db.rules.yml", line_in(RULES, "fix-typo"), "alert-runbook-branch"),
    ])
    messages = {p["rule"]: p["message"] for p in problems}
    assert "CacheCold" in messages["alert-runbook-missing"] and "cache.md" in messages["alert-runbook-missing"]
    assert "'fix-typo'" in messages["alert-runbook-branch"] and "'main'" in messages["alert-runbook-branch"]
    web_errors = [p for p in problems if p["path"] == "docs/runbooks/web.md" and p["level"] == "error"]
    assert web_errors and f"docs/runbooks/web.md fails lint ({len(web_errors)} errors" in messages["alert-runbook-failing"]
    assert {p["level"] for p in problems if p["rule"] in ("runbook-unlinked", "alert-runbook-branch")} == {"warning"}


def test_a_clean_setup_passes(repo):
    (repo / "monitoring/prod/db.rules.yml").write_text(RULES.replace("cache.md", "db.md").replace("fix-typo", "main")
                                                       + f"      - alert: Orphan\n        expr: x\n        annotations:\n          runbook_url: {BASE}orphan.md\n")
    (repo / "docs/runbooks/web.md").write_text(runbook("web"))
    code, problems, _ = lint(repo)
    assert (code, problems) == (0, [])


def test_an_unreadable_rule_file_is_a_problem_not_a_crash(repo):
    (repo / "monitoring/prod/db.rules.yml").write_text("groups:\n  - name: [unclosed\n")
    code, problems, _ = lint(repo)
    assert code == 1
    [bad] = [p for p in problems if p["path"] == "monitoring/prod/db.rules.yml"]
    assert bad["rule"] == "file-unreadable" and "not valid YAML" in bad["message"]


def test_globs_that_match_nothing_are_a_config_error(repo):
    (repo / ".artifactkit.yaml").write_text(CONFIG.replace("monitoring/**/*.rules.yml", "alerts/*.yml"))
    proc = run(["lint", "docs"], cwd=repo)
    assert proc.returncode == 2
    assert "runbooks.alert_rules matches no file" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_a_url_that_climbs_out_of_the_folder_is_not_followed(repo, tmp_path):
    (tmp_path / "outside.md").write_text(runbook("outside"))
    (repo / "monitoring/prod/db.rules.yml").write_text(RULES.replace("cache.md", "../../../../outside.md"))
    _, problems, _ = lint(repo)
    assert any(p["rule"] == "alert-runbook-missing" and "outside.md" in p["message"] for p in problems)


def test_without_the_section_nothing_is_checked(repo):
    (repo / ".artifactkit.yaml").write_text("docs_root: docs\n")
    _, problems, _ = lint(repo)
    assert [p for p in problems if p["rule"].startswith(("alert-", "runbook-"))] == []
