"""Promise (issue 22, items 1-4 and 6): what lint reads besides documents is input, bounded like a
document. A malformed results cache is discarded with one warning; Prometheus rule files are read
with a config's bounds and only inside the repository; globs match in time linear in the path;
a baseline is checked before it hides anything; no hostile document or branch fills the memory.
Time and memory of each case are measured in bench/hostile.py, not here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import git, write_tree
from docfactory import document
from hostile_helpers import GOOD, one_line_config_error, run_bounded

RUNBOOKS = 'docs_root: docs\nrunbooks:\n  alert_rules: ["monitoring/*.rules.yml"]\n  urls: {"https://x.example/": docs/runbooks}\n'
RULE = '  - alert: A{i}\n    expr: up == 0\n    annotations: {{runbook_url: "https://x.example/a{i}"}}\n'
LINT = ["lint", "--no-cache", "--format", "json", "docs"]


def _repo(tmp_path: Path, config: str = "docs_root: docs\n", rules: str | None = None) -> None:
    files = {".artifactkit.yaml": config, "docs/adr/0001-x.md": GOOD}
    if rules is not None:
        files["monitoring/a.rules.yml"] = rules
    write_tree(tmp_path, files)


def _by_file(proc) -> dict[str, list[dict]]:
    assert proc.returncode in (0, 1), proc.stderr
    out: dict[str, list[dict]] = {}
    for problem in json.loads(proc.stdout):
        out.setdefault(problem["path"], []).append(problem)
    return out


# --- item 1: the results cache ------------------------------------------------------------------


def _pack(tmp_path: Path) -> Path:
    run_bounded(["lint", "docs"], tmp_path)
    (pack,) = (tmp_path / ".artifactkit_cache").glob("results-*.sqlite")
    return pack


def _forge_entry(tmp_path: Path, pack: Path, row: bytes) -> None:
    """Replace the one entry's row, with the size and an old mtime of its document, so that it is used without re-hashing."""
    import sqlite3
    from contextlib import closing

    doc = tmp_path / "docs/adr/0001-x.md"
    os.utime(doc, (1, 1))
    with closing(sqlite3.connect(pack)) as conn, conn:
        (count,) = conn.execute("SELECT count(*) FROM entries").fetchone()
        assert count == 1
        conn.execute("UPDATE entries SET row = ?, size = ?, mtime_ns = ?", (row, doc.stat().st_size, doc.stat().st_mtime_ns))


def test_a_results_entry_nested_100000_deep_is_discarded_with_one_warning(tmp_path):
    _repo(tmp_path)
    cold = _by_file(run_bounded(LINT, tmp_path))
    _forge_entry(tmp_path, _pack(tmp_path), b"[" * 100_000 + b"]" * 100_000)
    proc = run_bounded(["lint", "--format", "json", "docs"], tmp_path)
    assert _by_file(proc) == cold
    warnings = [line for line in proc.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "malformed cache" in warnings[0] and "results-" in warnings[0], proc.stderr
    again = run_bounded(["lint", "--format", "json", "docs"], tmp_path)
    assert "malformed" not in again.stderr, "the discarded entry was rewritten"


def test_a_cached_entry_with_front_matter_nested_deeper_than_a_document_allows_is_not_trusted(tmp_path):
    _repo(tmp_path)
    pack = _pack(tmp_path)
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(pack)) as conn:
        (row,) = conn.execute("SELECT row FROM entries").fetchone()
    row = json.loads(row)
    row[4] = {"deep": "X"}
    row[5] = []  # the cached findings say the document is clean
    _forge_entry(tmp_path, pack, json.dumps(row).replace('"X"', "[" * 900 + "]" * 900).encode())
    proc = run_bounded(["lint", "--format", "json", "docs"], tmp_path)
    assert "malformed cache" in proc.stderr and proc.stderr.count("warning") == 1, proc.stderr


# --- item 2: Prometheus rule files ---------------------------------------------------------------


def test_a_24_kb_alias_bomb_in_a_rule_file_is_one_problem(tmp_path):
    n = 2_400
    rule = '&r {alert: A, annotations: {runbook_url: "https://x.example/a"}}'
    bomb = f"x:\n  - &g\n    name: g\n    rules: [{rule}{', *r' * n}]\ngroups: [{', '.join(['*g'] * n)}]\n"
    assert len(bomb) < 25_000
    _repo(tmp_path, RUNBOOKS, bomb)
    got = _by_file(run_bounded(LINT, tmp_path))["monitoring/a.rules.yml"]
    assert [p["rule"] for p in got] == ["file-unreadable"] and "too big" in got[0]["message"], got


def test_a_rule_file_nested_100000_deep_is_one_problem(tmp_path):
    _repo(tmp_path, RUNBOOKS, "groups: " + "[" * 100_000 + "]" * 100_000 + "\n")
    got = _by_file(run_bounded(LINT, tmp_path))["monitoring/a.rules.yml"]
    assert [p["rule"] for p in got] == ["file-unreadable"], got


def test_a_rule_file_of_more_values_than_a_config_may_hold_is_refused(tmp_path):
    """7.5 MB of short rules: 60,000 alerts were each reported, after 22 s and 479 MB."""
    text = "groups:\n- name: g\n  rules:\n" + "".join(RULE.format(i=i) for i in range(60_000))
    _repo(tmp_path, RUNBOOKS, text)
    got = _by_file(run_bounded(LINT, tmp_path))["monitoring/a.rules.yml"]
    assert [p["rule"] for p in got] == ["file-unreadable"] and "100000 values" in got[0]["message"], got[:3]
    text = (
        "groups:\n- name: g\n  rules:\n"
        + "".join(RULE.format(i=i) for i in range(3))
        + "---\nspec:\n  groups:\n  - rules:\n"
        + textwrap.indent(RULE.format(i=9), "  ")
    )
    (tmp_path / "monitoring" / "a.rules.yml").write_text(text)  # under the limits: still read, at its lines
    got = _by_file(run_bounded(LINT, tmp_path))["monitoring/a.rules.yml"]
    assert [(p["rule"], p["line"]) for p in got] == [("alert-runbook-missing", line) for line in (6, 9, 12, 19)], got


def test_alert_rules_outside_the_repository_is_a_one_line_config_error(tmp_path):
    for pattern in ("/etc/*", "../*.yml", "monitoring/../../*"):
        _repo(tmp_path, RUNBOOKS.replace("monitoring/*.rules.yml", pattern), "groups: []\n")
        proc = run_bounded(LINT, tmp_path)
        one_line_config_error(proc, "alert_rules", "outside the repository")


def test_a_rule_file_linked_from_outside_is_not_read(tmp_path):
    outside = tmp_path / "outside"
    write_tree(outside, {"x.rules.yml": "groups:\n- rules:\n" + RULE.format(i=1)})
    repo = tmp_path / "repo"
    _repo(repo, RUNBOOKS.replace("monitoring/*.rules.yml", "monitoring/**/*.rules.yml"), "groups: []\n")
    os.symlink(outside / "x.rules.yml", repo / "monitoring" / "b.rules.yml")
    os.symlink(outside, repo / "monitoring" / "elsewhere")
    got = _by_file(run_bounded(LINT, repo))
    assert [p["rule"] for p in got["monitoring/b.rules.yml"]] == ["file-unreadable"]
    assert "outside the repository" in got["monitoring/b.rules.yml"][0]["message"]
    assert not any("elsewhere" in path for path in got), "a folder link out of the repository is not walked"


def test_rule_file_globs_never_follow_folder_links(tmp_path):
    """Two links to '.': glob.glob's '**' followed them 2^40 ways."""
    _repo(tmp_path, RUNBOOKS.replace("monitoring/*.rules.yml", "monitoring/**/*.rules.yml"), "groups:\n- rules:\n" + RULE.format(i=1))
    os.symlink(".", tmp_path / "monitoring" / "a")
    os.symlink(".", tmp_path / "monitoring" / "b")
    got = _by_file(run_bounded(LINT, tmp_path))
    assert [p for p in got if p.endswith(".rules.yml")] == ["monitoring/a.rules.yml"]


def test_the_editor_reads_a_rule_file_once_per_change_and_only_for_a_runbook(tmp_path, monkeypatch):
    """The language server lints on every keystroke: the alert check runs only for a runbook's
    buffer, and parses a rule file again only when the file changes."""
    from artifactkit.checks import alerts
    from artifactkit.engine.config import load_config
    from artifactkit.engine.linter import lint_buffer

    runbook = document("runbook")
    rules = "groups:\n- rules:\n" + RULE.format(i=1) + RULE.format(i=2)
    write_tree(tmp_path, {".artifactkit.yaml": RUNBOOKS, "monitoring/a.rules.yml": rules, "docs/runbooks/a1.md": runbook, "docs/adr/0001-x.md": GOOD})
    monkeypatch.chdir(tmp_path)
    config = load_config(explicit=tmp_path / ".artifactkit.yaml")
    alerts._READ.clear()
    lint_buffer(str(tmp_path / "docs/adr/0001-x.md"), GOOD + "\nmore\n", config)
    assert not alerts._READ, "an ADR's keystroke read the rule files"

    path = str(tmp_path / "docs/runbooks/a1.md")
    for typed in ("", "x", "xy"):
        result = lint_buffer(path, runbook + typed, config)
        assert result is not None and "runbook-unlinked" not in {p.rule for p in result.problems}
    ((key, (_, answer)),) = alerts._READ.items()
    assert [a.name for a in answer[0]] == ["A1", "A2"]
    lint_buffer(path, runbook + "xyz", config)
    assert alerts._READ[key][1] is answer, "parsed again without a change"
    (tmp_path / "monitoring/a.rules.yml").write_text("groups:\n- rules:\n" + RULE.format(i=2))
    result = lint_buffer(path, runbook, config)
    assert result is not None and "runbook-unlinked" in {p.rule for p in result.problems}, "the change was seen"
    assert alerts._READ[key][1] is not answer


# --- item 3: globs ---------------------------------------------------------------------------------

BACKTRACKING = "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b"


def test_a_backtracking_glob_in_ignore_paths_or_exclude_ends(tmp_path):
    configs = {
        "ignore": f'docs_root: docs\nignore: ["{BACKTRACKING}"]\n',
        "paths": f'docs_root: docs\ntypes:\n  mine:\n    extends: adr\n    paths: ["{BACKTRACKING}"]\n',
        "exclude": f'docs_root: docs\ntypes:\n  mine:\n    extends: adr\n    paths: ["docs/mine/*"]\n    exclude: ["{BACKTRACKING}"]\n',
    }
    for key, config in configs.items():
        folder = tmp_path / key
        write_tree(folder, {".artifactkit.yaml": config, "docs/mine/" + "a" * 60 + ".md": GOOD})
        proc = run_bounded(["lint", "--no-cache", "--format", "json", "docs"], folder, seconds=30)
        assert proc.returncode in (0, 1), (key, proc.stderr)


def test_glob_matching_grows_linearly_with_the_path():
    """Time for a 64,000-character path over a 4,000-character one: about 16 when linear; Python's
    re took minutes for 60 characters. Run in a child so that a backtracking matcher fails the
    test instead of hanging it."""
    script = (
        "import time\nfrom artifactkit.io.globs import matches_any\n"
        f"pats = ({BACKTRACKING!r}, '**/' + {BACKTRACKING!r}, 'x*/**/*a*a*a*a*a*a*a*a*[!a]')\n"
        "def t(n):\n    best = 9e9\n    for _ in range(5):\n        s = time.perf_counter(); [matches_any('a' * n, (p,)) for p in pats]; best = min(best, time.perf_counter() - s)\n    return best\n"
        "matches_any('a', pats)\nprint(t(64_000) / t(4_000))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert float(proc.stdout) < 64, "quadratic or worse"


def test_a_glob_the_linear_matcher_cannot_read_is_a_one_line_config_error(tmp_path):
    write_tree(tmp_path, {".artifactkit.yaml": 'docs_root: docs\nignore: ["[[:alpha:]]"]\n', "docs/adr/0001-x.md": GOOD})
    one_line_config_error(run_bounded(LINT, tmp_path), "ignore", "[[:alpha:]]")


# --- item 4: the baseline -----------------------------------------------------------------------


def _baseline(tmp_path: Path, *entries: dict) -> None:
    findings = [{"rule": "r", "section": None, "message": "m", "count": 1, **e} for e in entries]
    (tmp_path / ".artifactkit-baseline.json").write_text(json.dumps({"version": 1, "findings": findings}))


def test_a_baseline_count_of_thirty_million_or_infinity_is_a_one_line_error(tmp_path):
    _repo(tmp_path)
    for count in (30_000_000, float("inf"), float("nan"), 1.5, True, 0, "3"):
        _baseline(tmp_path, {"path": "docs/adr/0009-gone.md", "count": count})
        one_line_config_error(run_bounded(LINT, tmp_path), ".artifactkit-baseline.json", "count")


def test_a_baseline_of_the_wrong_shape_or_nested_deep_is_a_one_line_error(tmp_path):
    _repo(tmp_path)
    for text in ('{"findings": ' + "[" * 100_000 + "]" * 100_000 + "}", '{"findings": [{"path": 1, "rule": "r", "message": "m"}]}', "[]"):
        (tmp_path / ".artifactkit-baseline.json").write_text(text)
        one_line_config_error(run_bounded(LINT, tmp_path), ".artifactkit-baseline.json")


def test_baseline_paths_outside_the_repository_are_refused(tmp_path):
    _repo(tmp_path)
    for path in ("../../etc/passwd", "/etc/passwd", "docs/../../x.md", "./docs/x.md"):
        _baseline(tmp_path, {"path": path})
        one_line_config_error(run_bounded(LINT, tmp_path), "inside the repository")


def test_a_baseline_entry_never_tells_whether_a_linked_file_outside_exists(tmp_path):
    """A link in the repository counts as itself: whether its target exists is not shown."""
    repo = tmp_path / "repo"
    _repo(repo)
    (tmp_path / "secret").write_text("x")
    os.symlink(tmp_path / "secret", repo / "there")
    os.symlink(tmp_path / "missing", repo / "absent")
    _baseline(repo, {"path": "there"}, {"path": "absent"})
    proc = run_bounded(LINT, repo)
    assert proc.returncode == 0 and "no longer found" not in proc.stderr, proc.stderr


def test_a_repeated_stale_baseline_entry_prints_once(tmp_path):
    _repo(tmp_path)
    _baseline(tmp_path, {"path": "docs/adr/0009-gone.md", "count": 100_000})
    proc = run_bounded(LINT, tmp_path)
    assert "100000 baseline entries no longer found" in proc.stderr and "(100000 times)" in proc.stderr
    assert len(proc.stderr.splitlines()) == 2, proc.stderr[:500]


# --- item 6: memory -------------------------------------------------------------------------------


def test_eight_megabytes_of_lone_angle_brackets_are_too_complex_not_parsed(tmp_path):
    """pulldown-cmark's event list held ~100 bytes per '<' in a paragraph: 8 MB of '< ' peaked at 489 MB."""
    text = GOOD + "\n" + "< " * (4 * 1024 * 1024 - len(GOOD))
    write_tree(tmp_path, {".artifactkit.yaml": "docs_root: docs\n", "docs/adr/0001-x.md": text})
    got = _by_file(run_bounded(LINT, tmp_path))["docs/adr/0001-x.md"]
    assert [p["rule"] for p in got] == ["file-unreadable"] and "too complex" in got[0]["message"], got


def test_a_blob_over_the_document_limit_on_another_branch_is_not_read(git_repo):
    """--check-branches read every numbered blob whole (a 300 MB blob: 622 MB). One over the 8 MiB
    limit is not read at all, so its front matter gives it no type; one under it still does."""
    adr = document("adr")
    write_tree(git_repo, {".artifactkit.yaml": "docs_root: docs\n", "docs/adr/0001-a.md": adr, "docs/adr/0002-b.md": adr})
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "one")
    git(git_repo, "checkout", "-q", "-b", "other")
    filler = ("word " * 20 + "\n") * (9 * 1024 * 1024 // 101)
    write_tree(
        git_repo,
        {
            "docs/notes/0001-big.md": "---\ntype: adr\n---\n# Big\n\n" + filler,
            "docs/notes/0002-small.md": "---\ntype: adr\n---\n# Small\n\n" + filler[:200_000],
        },
    )
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "two")
    git(git_repo, "checkout", "-q", "main")
    got = _by_file(run_bounded(["lint", "--no-cache", "--check-branches", "--format", "json", "docs"], git_repo))
    conflicts = {path: [p["message"] for p in problems if p["rule"] == "number-branch-conflict"] for path, problems in got.items()}
    assert conflicts.get("docs/adr/0001-a.md", []) == [], "the 9 MiB blob was read"
    assert "docs/notes/0002-small.md on other" in " ".join(conflicts.get("docs/adr/0002-b.md", [])), conflicts


# --- siblings: other YAML and JSON a repository or template supplies -----------------------------


def test_a_template_config_nested_deep_or_an_alias_bomb_is_a_one_line_error(git_repo, tmp_path):
    bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 9):
        bomb += f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n"
    cases = {
        "copier.yml": ("title: " + "[" * 5_000 + "]" * 5_000 + "\n", "nested too deep"),
        "cookiecutter.json": ('{"title": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deep"),
        "copier.yaml": (bomb + "title: {type: str, default: *a8}\n", "values"),
    }
    for name, (text, words) in cases.items():
        template = tmp_path / f"template-{name.replace('.', '-')}"
        write_tree(template, {name: text, "{{title}}.md.jinja": "# {{ title }}\n"})
        write_tree(git_repo, {".artifactkit.yaml": f"types:\n  adr:\n    template: {template}\n"})
        proc = run_bounded(["new", "adr", "T", "--no-input", "--trust"], git_repo)
        one_line_config_error(proc, name, words)
