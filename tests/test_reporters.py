"""CI report formats: SARIF 2.1.0 (validated against the official schema), JUnit XML, GitHub annotations; --output."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from conftest import REPO, lint_json, run, run_installed, write_tree
from docfactory import document, line_of
from jsonschema import Draft7Validator, FormatChecker

SARIF_SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
GITHUB_LINE = re.compile(r"^::(error|warning) file=([^,:]+),line=(\d+),col=(\d+),title=([^,:]+)::(.+)$")
STALE = document("runbook").replace("last_reviewed: 2026-11-01", "last_reviewed: 2019-01-01")


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """Errors in one runbook, a warning in another, one clean ADR, and Markdown of no type."""
    write_tree(tmp_path, {
        ".artifactkit.yaml": "docs_root: docs\n",
        "docs/runbooks/db.md": document("runbook", {"symptoms": "TODO\n", "contacts": None}),
        "docs/runbooks/stale.md": STALE,
        "docs/runbooks/links.md": document("runbook", {"impact": "Read [100% down, then: up](missing%20file.md).\n"}),
        "docs/adr/0001-use-postgres.md": document("adr"),
        "docs/notes.md": "# Notes\n\nTODO, not a document of any type.\n",
    })
    return tmp_path


def problems_of(cwd: Path) -> list[dict]:
    code, problems = lint_json([], cwd)
    assert code == 1
    assert {p["level"] for p in problems} == {"error", "warning"}
    return problems


def test_sarif_validates_against_the_sarif_2_1_0_schema(docs):
    proc = run(["lint", "--format", "sarif"], cwd=docs)
    assert proc.returncode == 1, proc.stderr
    log = json.loads(proc.stdout)
    errors = sorted(Draft7Validator(SARIF_SCHEMA, format_checker=FormatChecker()).iter_errors(log), key=str)
    assert not errors, errors[0]
    assert log["version"] == "2.1.0"


def test_sarif_rules_and_results(docs):
    from artifactkit.checks.rules import all_rules

    problems = problems_of(docs)
    log = json.loads(run(["lint", "--format", "sarif"], cwd=docs).stdout)
    (sarif_run,) = log["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "artifactkit"
    rules = driver["rules"]
    assert [r["id"] for r in rules] == list(all_rules())
    for rule in rules:
        assert rule["shortDescription"]["text"] == all_rules()[rule["id"]].summary
        assert rule["help"]["text"] == all_rules()[rule["id"]].help
        assert rule["defaultConfiguration"]["level"] == all_rules()[rule["id"]].level
    results = sarif_run["results"]
    assert len(results) == len(problems)
    seen = set()
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert not uri.startswith(("/", "file:")) and ".." not in uri
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        region = physical["region"]
        seen.add((uri, region["startLine"], region["startColumn"], result["ruleId"], result["level"], result["message"]["text"]))
    assert seen == {(p["path"], p["line"], p["column"], p["rule"], p["level"], p["message"]) for p in problems}
    assert sarif_run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")
    placeholder = next(r for r in results if r["ruleId"] == "section-placeholder")
    assert placeholder["properties"]["section"] == "Symptoms"


def test_sarif_uris_are_percent_encoded_and_relative_to_the_workspace(tmp_path):
    write_tree(tmp_path, {"repo/docs/runbooks/my runbook.md": document("runbook", {"impact": "TODO\n"})})
    repo = tmp_path / "repo"
    proc = run(["lint", "--format", "sarif", "docs"], cwd=repo)
    (result,) = json.loads(proc.stdout)["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/runbooks/my%20runbook.md"
    proc = run(["lint", "--format", "sarif", "repo/docs"], cwd=tmp_path, env={"GITHUB_WORKSPACE": str(repo)})
    (result,) = json.loads(proc.stdout)["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/runbooks/my%20runbook.md"


def test_sarif_of_a_clean_run_is_valid_with_no_results(tmp_path):
    write_tree(tmp_path, {"docs/adr/0001-a.md": document("adr")})
    proc = run(["lint", "--format", "sarif", "docs"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    log = json.loads(proc.stdout)
    assert not list(Draft7Validator(SARIF_SCHEMA).iter_errors(log))
    assert log["runs"][0]["results"] == []


def test_junit_has_one_testcase_per_linted_document_and_a_failure_per_error(docs):
    problems = problems_of(docs)
    proc = run(["lint", "--format", "junit"], cwd=docs)
    assert proc.returncode == 1
    root = ET.fromstring(proc.stdout)
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = {case.get("name"): case for case in suite.findall("testcase")}
    assert set(cases) == {"docs/runbooks/db.md", "docs/runbooks/stale.md", "docs/runbooks/links.md", "docs/adr/0001-use-postgres.md"}
    assert suite.get("tests") == "4" and root.get("tests") == "4"
    for name, case in cases.items():
        expected = [p for p in problems if p["path"] == name]
        failures = case.findall("failure")
        assert len(failures) == len(expected)
        assert sorted(f.get("type") for f in failures) == sorted(p["rule"] for p in expected)
        for failure in failures:
            assert failure.text.startswith(f"{name}:")
    failing = [n for n, c in cases.items() if c.findall("failure")]
    assert suite.get("failures") == str(len(failing)) == "3"
    assert cases["docs/runbooks/db.md"].get("classname") == "artifactkit.runbook"
    assert cases["docs/adr/0001-use-postgres.md"].get("classname") == "artifactkit.adr"
    stale = cases["docs/runbooks/stale.md"]
    [warning] = stale.findall("failure")
    assert warning.get("type") == "review-stale" and warning.get("message").startswith("warning, line ")
    assert "warning [review-stale]" in warning.text
    db = cases["docs/runbooks/db.md"]
    placeholder = next(f for f in db.findall("failure") if f.get("type") == "section-placeholder")
    assert placeholder.get("message").startswith("error, line ") and '"Symptoms"' in placeholder.get("message")


def test_junit_of_no_documents_is_an_empty_suite(tmp_path):
    write_tree(tmp_path, {"docs/readme.md": "# Just notes\n"})
    proc = run(["lint", "--format", "junit", "docs"], cwd=tmp_path)
    assert proc.returncode == 1 and "no document checked" in proc.stderr  # nothing checked is no pass
    root = ET.fromstring(proc.stdout)
    assert root.get("tests") == "0" and root.find("testsuite").findall("testcase") == []


def test_github_annotations_one_line_per_problem(docs):
    problems = problems_of(docs)
    proc = run(["lint", "--format", "github"], cwd=docs)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    annotations = [GITHUB_LINE.match(ln) for ln in lines[:-1]]
    assert all(annotations), lines
    assert len(annotations) == len(problems)
    assert lines[-1].startswith(f"{sum(p['level'] == 'error' for p in problems)} errors, 1 warning in")
    got = {(m[1], m[2], int(m[3]), int(m[4])) for m in annotations}
    assert got == {(p["level"], p["path"], p["line"], p["column"]) for p in problems}
    warning = next(m for m in annotations if m[1] == "warning")
    assert "review-stale" in warning[5]
    placeholder = next(m for m in annotations if "section-placeholder" in m[5])
    assert placeholder[5] == "artifactkit section-placeholder (Symptoms)"


def test_github_escapes_data_and_properties(tmp_path):
    text = document("runbook", {"impact": "Read [it](missing%20file.md).\n"})
    write_tree(tmp_path, {"docs/runbooks/a,b:c.md": text})
    proc = run(["lint", "--format", "github", "docs"], cwd=tmp_path)
    (line,) = [ln for ln in proc.stdout.splitlines() if ln.startswith("::")]
    assert line.startswith(f"::error file=docs/runbooks/a%2Cb%3Ac.md,line={line_of(text, 'Read [it](missing%20file.md).')},col=1,title=artifactkit link-broken::")
    message = line.split("::", 2)[2]
    assert "missing%2520file.md" in message  # '%' itself is escaped as %25
    assert ":" in message and "%3A" not in message  # colons stay as they are in the message


def test_github_escape_functions_follow_the_toolkit():
    from artifactkit.report.github import escape_data, escape_property

    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_github_format_is_the_default_on_github_actions(docs):
    proc = run(["lint"], cwd=docs, env={"GITHUB_ACTIONS": "true"})
    assert proc.returncode == 1
    assert proc.stdout.startswith("::error file=")
    proc = run(["lint", "--format", "text"], cwd=docs, env={"GITHUB_ACTIONS": "true"})
    assert proc.stdout.startswith("docs/")
    proc = run(["lint"], cwd=docs)
    assert proc.stdout.startswith("docs/")


@pytest.mark.parametrize("fmt", ["sarif", "junit", "github", "json", "text"])
def test_output_writes_the_report_to_a_file_and_text_to_stdout(docs, fmt):
    direct = run(["lint", "--format", fmt], cwd=docs)
    proc = run(["lint", "--format", fmt, "--output", "reports/artifactkit.out"], cwd=docs)
    assert proc.returncode == direct.returncode == 1
    written = (docs / "reports" / "artifactkit.out").read_text(encoding="utf-8")
    assert written == direct.stdout
    text = run(["lint", "--format", "text"], cwd=docs).stdout
    assert proc.stdout == text
    assert [p.name for p in (docs / "reports").iterdir()] == ["artifactkit.out"]  # no temporary file left
    assert oct((docs / "reports" / "artifactkit.out").stat().st_mode & 0o777) != "0o600"


def test_output_replaces_an_existing_report(docs):
    target = docs / "report.sarif"
    target.write_text("old, truncated garbage", encoding="utf-8")
    run(["lint", "--format", "sarif", "-o", str(target)], cwd=docs)
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_output_to_a_folder_is_a_one_line_error(docs):
    (docs / "out").mkdir()
    proc = run(["lint", "--format", "sarif", "--output", "out"], cwd=docs)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "out" in proc.stderr


def test_unknown_format_lists_the_new_ones(docs):
    proc = run(["lint", "--format", "xml"], cwd=docs)
    assert proc.returncode == 2
    for name in ("sarif", "junit", "github"):
        assert name in proc.stderr


def test_text_report_has_no_colour_off_a_terminal(docs):
    proc = run_installed(["lint"], cwd=docs, env={"NO_COLOR": ""})  # a real pipe
    assert "\033[" not in proc.stdout


UNSAFE_HEADING = "Con\u202etext \x1b[2J\x01"  # a bidi override, an escape sequence that clears the screen, a control XML forbids


@pytest.mark.parametrize("fmt", ["text", "github", "junit", "sarif"])
def test_control_and_bidi_characters_of_a_document_are_escaped_in_reports(tmp_path, fmt):
    """A heading is quoted in findings: its raw characters would reorder the line on a pull request,
    act on the terminal, or make the JUnit report malformed XML."""
    doc = document("adr") + f"\n## {UNSAFE_HEADING}\n\nOne.\n\n## {UNSAFE_HEADING}\n\nTwo.\n"
    write_tree(tmp_path, {"docs/adr/0001-a\u202eb.md": doc})
    proc = run(["lint", "--format", fmt, "docs"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr  # a warning: heading-duplicate
    out = proc.stdout
    for raw in ("\u202e", "\x1b", "\x01"):
        assert raw not in out
    for escaped in ("\\u202e", "\\u001b", "\\u0001"):
        assert escaped in out.replace("\\\\", "\\")  # SARIF is JSON: its backslashes are doubled
    assert "0001-a\\u202eb.md" in out.replace("\\\\", "\\") or fmt == "sarif"  # SARIF percent-encodes the URI
    if fmt == "junit":
        ET.fromstring(out.split("\n", 1)[1])  # well-formed


def test_one_line_errors_escape_control_characters(tmp_path):
    proc = run(["lint", "--config", "a\x1b[31mb\u202e.yaml", "docs"], cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert "\x1b" not in proc.stderr and "\u202e" not in proc.stderr and "a\\u001b[31mb\\u202e.yaml" in proc.stderr


def test_the_text_report_escapes_each_message_and_path_however_often_it_is_said():
    """The text report makes each path and message printable once and reuses it: a message said by
    several findings, printable or not, reads the same in each of its lines."""
    import io

    from artifactkit.engine.results import FileResult, LintRun
    from artifactkit.problem import Problem
    from artifactkit.report import text

    bad, good = "heading Con\u202etext \x1b[2J", "missing section \u2014 add it"
    paths = ["docs/a.md", "docs/b\u202e.md", "docs/a.md"]
    results = [FileResult(p, "adr", [Problem(p, n + 1, 1, "error", "r", m) for n, m in enumerate([bad, good, bad])]) for p in dict.fromkeys(paths)]
    stream = io.StringIO()
    text.report(LintRun(results), stream)
    lines = stream.getvalue().splitlines()[:-1]
    assert lines == [
        f"{path}:{n + 1}:1: error [r] {message}"
        for path in ("docs/a.md", "docs/b\\u202e.md")
        for n, message in enumerate(["heading Con\\u202etext \\u001b[2J", good, "heading Con\\u202etext \\u001b[2J"])
    ]
