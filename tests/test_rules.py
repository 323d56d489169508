"""The rule registry is the one list of rules: the README's table, the SARIF rule list, the config's
``rules:`` and disable comments all agree with it, and every problem lint reports names a rule in it."""

from __future__ import annotations

import ast
import inspect
import json
import re

import pytest
from conftest import REPO, lint_json, run, write_tree
from docfactory import document

from artifactkit.checks import rules as registry
from artifactkit.checks.rules import all_families, all_rules
from artifactkit.problem import DOCUMENT, LEVELS, REPOSITORY, SCOPES

README = (REPO / "README.md").read_text(encoding="utf-8")


def readme_rule_rows() -> list[tuple[str, str, str, str]]:
    rows = re.findall(r"^\| `([a-z-]+)` \| (\w+) \| (.+?) \| (.+?) \|$", README, re.M)
    return [row for row in rows if not row[0].startswith("artifactkit")]


def test_readme_rule_table_is_the_registry_in_order():
    expected = [(r.id, r.level, r.summary, r.help) for r in all_rules().values()]
    assert readme_rule_rows() == expected
    assert registry.readme_table() in README, "the README's rule table is generated: run python -m artifactkit.checks.rules README.md"


def test_the_readme_table_is_written_from_the_registry(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# x\n\nRules:\n\n" + registry.TABLE_HEAD + "| `old-rule` | error | Old. | Old. |\n\nAfter.\n", encoding="utf-8")
    assert registry.write_readme(str(readme)) is True
    assert readme.read_text(encoding="utf-8") == "# x\n\nRules:\n\n" + registry.readme_table() + "\nAfter.\n"
    assert registry.write_readme(str(readme)) is False


def test_each_family_declares_its_rules_once_with_a_known_level_and_scope():
    declared = [rule.id for family in all_families() for rule in family.RULES]
    assert declared == list(all_rules()) and len(set(declared)) == len(declared)
    assert {rule.level for rule in all_rules().values()} <= set(LEVELS)
    assert {rule.scope for rule in all_rules().values()} <= set(SCOPES)
    assert all(rule.summary.endswith(".") and rule.help.endswith(".") for rule in all_rules().values())


def test_a_family_said_to_run_in_the_wrong_pass_stops_the_registry(monkeypatch):
    """Each pass imports only its own families, so the passes are said beside each family's name:
    the registry refuses an entry its rules contradict, rather than a pass missing a family."""
    all_rules.cache_clear()
    monkeypatch.setitem(registry.FAMILY_PASSES, "numbers", (DOCUMENT,))  # its rules are found across files
    try:
        with pytest.raises(RuntimeError, match="'numbers' has rules in the passes"):
            all_rules()
    finally:
        all_rules.cache_clear()


def test_every_family_has_one_entry_point_with_one_signature():
    for family in all_families():
        assert list(inspect.signature(family.check).parameters) == ["ctx"], family.__name__
    # a pass runs the families with a rule of its scope: a per-file check never runs across files, nor the reverse
    assert registry.families(REPOSITORY) == tuple(f for f in all_families() if f.__name__.rsplit(".", 1)[1] in ("document", "numbers", "crossrefs", "alerts"))
    assert [f.__name__.rsplit(".", 1)[1] for f in registry.families(DOCUMENT)] == [
        "document", "validation", "statuscase", "staleness", "actions", "disables"]


def rule_id_constants(path) -> set[str]:
    return {
        node.value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in all_rules()
    }


def test_the_engine_names_no_rule_id():
    """The families emit their rules and the registry sets levels; lint's engine only dispatches.
    (autofix still chooses its repairs by rule id: the fixes are not in the registry yet.)"""
    named = {path.name: rule_id_constants(path) for path in (REPO / "artifactkit" / "engine").glob("*.py") if path.name != "autofix.py"}
    assert {name: ids for name, ids in named.items() if ids} == {}
    assert rule_id_constants(REPO / "artifactkit" / "engine" / "autofix.py")  # the scan sees a named id


def test_no_check_chooses_a_level():
    """A family's finding is its rule's (``Rule.problem``, at the registry's default level); the config's
    level is applied by the engine, in one place."""
    calls = [
        f"{path.name}:{node.lineno}"
        for path in (REPO / "artifactkit" / "checks").glob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Problem"
    ]
    assert calls == []


def rule_ids_in_source() -> set[str]:
    """String constants passed as a Problem's rule, or named as a front-matter error rule, in the package:
    the schema and document layers, below the checks, name the rules they word by id."""
    found = set()
    for path in (REPO / "artifactkit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in ("Problem", "_problem"):
                args = [a for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                found.update(a.value for a in args if re.fullmatch(r"[a-z]+(-[a-z]+)+", a.value))
            if isinstance(node, ast.keyword) and node.arg == "error_rule" and isinstance(node.value, ast.Constant):
                found.add(node.value.value)
    return found


def test_every_rule_the_code_emits_is_registered():
    emitted = rule_ids_in_source()
    assert len(emitted) >= 10  # the scan finds the emitters, so the comparison below can fail
    assert emitted - set(all_rules()) == set()


def test_sarif_lists_the_registry(tmp_path):
    write_tree(tmp_path, {"docs/adr/0001-a.md": document("adr")})
    log = json.loads(run(["lint", "--format", "sarif", "docs"], cwd=tmp_path).stdout)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [(r["id"], r["defaultConfiguration"]["level"]) for r in rules] == [(r.id, r.level) for r in all_rules().values()]


def test_config_accepts_every_registered_rule_and_names_them_when_one_is_unknown(tmp_path):
    settings = "".join(f"  {rule}: warning\n" for rule in all_rules())
    write_tree(tmp_path, {".artifactkit.yaml": f"rules:\n{settings}", "docs/adr/0001-a.md": document("adr")})
    assert run(["lint", "docs"], cwd=tmp_path).returncode == 0
    write_tree(tmp_path, {".artifactkit.yaml": "rules:\n  section-emtpy: off\n"})
    proc = run(["lint", "docs"], cwd=tmp_path)
    assert proc.returncode == 2
    assert "unknown rule 'section-emtpy'" in proc.stderr and all(rule in proc.stderr for rule in all_rules())


def test_a_disable_comment_naming_no_rule_is_reported_and_a_known_one_works(tmp_path):
    text = document("adr", {"context": ""})
    text = text.replace("# ", "<!-- artifactkit-disable section-emtpy -->\n\n# ", 1)
    write_tree(tmp_path, {"docs/adr/0001-a.md": text})
    code, problems = lint_json(["docs"], tmp_path)
    rules = sorted(p["rule"] for p in problems)
    assert rules == ["disable-unknown", "section-empty"]
    unknown = next(p for p in problems if p["rule"] == "disable-unknown")
    assert "section-emtpy" in unknown["message"] and unknown["level"] == "warning"
    write_tree(tmp_path, {"docs/adr/0001-a.md": text.replace("section-emtpy", "section-empty")})
    assert lint_json(["docs"], tmp_path) == (0, [])


def test_config_levels_reach_cross_document_and_unreadable_problems(tmp_path):
    write_tree(tmp_path, {
        ".artifactkit.yaml": "rules:\n  number-duplicate: warning\n  file-unreadable: warning\n",
        "docs/adr/0001-a.md": document("adr"), "docs/adr/0001-b.md": document("adr"),
        "docs/adr/0002-c.md": b"---\ntype: adr\n---\n\xff\xfe\n",
    })
    code, problems = lint_json(["docs"], tmp_path)
    assert code == 0
    assert sorted((p["rule"], p["level"]) for p in problems) == [
        ("file-unreadable", "warning"), ("number-duplicate", "warning"), ("number-duplicate", "warning")]


def test_disable_comments_reach_cross_document_problems_of_their_own_file_only(tmp_path):
    quiet = document("adr").replace("# ", "<!-- artifactkit-disable number-duplicate -->\n\n# ", 1)
    write_tree(tmp_path, {"docs/adr/0001-a.md": quiet, "docs/adr/0001-b.md": document("adr")})
    code, problems = lint_json(["docs"], tmp_path)
    assert code == 1
    assert [(p["path"], p["rule"]) for p in problems] == [("docs/adr/0001-b.md", "number-duplicate")]
