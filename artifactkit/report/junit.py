"""JUnit XML: one ``<testcase>`` per linted document, one ``<failure>`` per problem in it.

A warning is a failure too, so that it shows in the CI's test report; its ``message`` starts with
the level, and the lint's exit code still decides whether the job fails. GitLab, Jenkins and most
CI systems read this format as a test report.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from artifactkit.escape import printable


def _line(p) -> str:
    return f"{printable(p.path)}:{p.line}:{p.column}: {p.level} [{p.rule}] {printable(p.message)}"


def build(run) -> ET.Element:
    linted = run.linted
    by_path: dict[str, list] = {}
    for p in run.problems:
        by_path.setdefault(p.path, []).append(p)
    cases = []
    failures = 0
    for result in linted:
        problems = by_path.get(result.path, [])
        case = ET.Element(
            "testcase",
            {
                "classname": printable(f"artifactkit.{result.type or 'untyped'}"),
                "name": printable(result.path),
                "file": printable(result.path),
                "time": "0",
            },
        )
        for p in problems:
            failure = ET.SubElement(case, "failure", {"type": p.rule, "message": f"{p.level}, line {p.line}: {printable(p.message)}"})
            failure.text = _line(p)
        failures += 1 if problems else 0
        cases.append(case)
    attrs = {"name": "artifactkit", "tests": str(len(cases)), "failures": str(failures), "errors": "0", "skipped": "0", "time": "0"}
    suites = ET.Element("testsuites", dict(attrs))
    suite = ET.SubElement(suites, "testsuite", dict(attrs))
    suite.extend(cases)
    return suites


def report(run, stream, color: bool = False) -> None:
    tree = build(run)
    ET.indent(tree)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(tree, encoding="unicode"))
    stream.write("\n")
