"""The built-in templates are plain Copier templates: they work with ``copier copy`` directly."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, lint_json
from ruamel.yaml import YAML

TYPES = ["adr", "rfc", "runbook", "postmortem", "one-on-one", "review-checklist"]
EXTRA = {"runbook": ["-d", "service=payments"], "one-on-one": ["-d", "participants=Ada, Grace"]}
TODAY = dt.date.today().isoformat()  # a runbook reviewed long ago would also be (rightly) reported as stale
EXPECTED_NAME = {"adr": "0001-use-a-queue.md", "rfc": "0001-use-a-queue.md", "runbook": "use-a-queue.md",
                 "postmortem": f"{TODAY}-use-a-queue.md", "one-on-one": f"{TODAY}-use-a-queue.md",
                 "review-checklist": "use-a-queue.md"}


def copier_exe() -> str:
    exe = Path(sys.executable).parent / "copier"
    if not exe.exists():
        pytest.skip("the copier command is not installed next to this Python")
    return str(exe)


def template(doc_type: str) -> Path:
    return REPO / "templates" / doc_type


def schema(doc_type: str) -> dict:
    return json.loads((REPO / "schemas" / f"{doc_type}.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("doc_type", TYPES)
def test_template_is_a_plain_copier_template(doc_type: str):
    folder = template(doc_type)
    config = YAML(typ="safe").load((folder / "copier.yml").read_text(encoding="utf-8"))
    for key in ("_tasks", "_jinja_extensions", "_migrations", "_answers_file", "_external_data"):
        assert key not in config, f"{doc_type}: {key} is not allowed"
    files = [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()]
    assert sorted(files) == ["copier.yml", "{{file_name}}.jinja"]
    questions = {k: v for k, v in config.items() if not k.startswith("_")}
    for required in ("title", "slug", "date", "author", "file_name"):
        assert required in questions, f"{doc_type}: no {required!r} question"
    assert questions["file_name"].get("when") is False
    for name, spec in questions.items():
        assert isinstance(spec, dict) and spec.get("type"), f"{doc_type}: question {name!r} has no type"
        if name != "file_name":
            assert spec.get("help"), f"{doc_type}: question {name!r} has no help"
    assert ("number" in questions) == (schema(doc_type)["x-artifactkit"]["naming"] == "number")
    assert questions["title"].get("validator") and questions["date"].get("validator")


@pytest.mark.parametrize("doc_type", TYPES)
def test_every_required_section_carries_its_schema_hint(doc_type: str):
    text = (template(doc_type) / "{{file_name}}.jinja").read_text(encoding="utf-8")
    sections = schema(doc_type)["properties"]["sections"]
    for key in sections["required"]:
        meta = sections["properties"][key]
        assert f"\n## {meta['title']}\n" in text, f"{doc_type}: no '## {meta['title']}' heading"
        assert meta.get("x-hint"), f"{doc_type}: section {key!r} has no x-hint"
        assert f"_{meta['x-hint']}_" in text, f"{doc_type}: the hint of {key!r} differs from the schema's x-hint"


@pytest.mark.parametrize("doc_type", TYPES)
def test_copier_copy_renders_a_document_the_linter_reads(tmp_path: Path, doc_type: str):
    out = tmp_path / "out"
    cmd = [copier_exe(), "copy", "--defaults", "--quiet", "-d", "title=Use a queue", "-d", f"date={TODAY}",
           "-d", "author=Ada Lovelace", *EXTRA.get(doc_type, []), str(template(doc_type)), str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == [EXPECTED_NAME[doc_type]]  # one document, no answers file
    text = (out / written[0]).read_text(encoding="utf-8")
    assert text.startswith(f"---\ntype: {doc_type}\n") and "\n# Use a queue\n" in text
    code, problems = lint_json([str(out / written[0])], tmp_path)
    assert code == 1
    assert {p["rule"] for p in problems} == {"section-placeholder"}, problems
    titles = {schema(doc_type)["properties"]["sections"]["properties"][k]["title"] for k in schema(doc_type)["properties"]["sections"]["required"]}
    assert titles <= {p["section"] for p in problems}


def test_copier_copy_validates_answers(tmp_path: Path):
    proc = subprocess.run([copier_exe(), "copy", "--defaults", "--quiet", "-d", "title=X", "-d", "date=06/05/2024",
                           str(template("adr")), str(tmp_path / "out")], capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert "YYYY-MM-DD" in proc.stdout + proc.stderr
