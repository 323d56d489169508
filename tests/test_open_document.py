"""One way to open a typed document (``artifactkit.schema.opening``): every command reads a document
as lint reads it, and a document read twice in one process is parsed once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import write_tree
from docfactory import document

from artifactkit.document import model
from artifactkit.engine.config import load_config
from artifactkit.engine.linter import lint_paths
from artifactkit.engine.lintfile import lint_file
from artifactkit.schema import opening
from artifactkit.schema.opening import open_document

PACKAGE = Path(__file__).resolve().parent.parent / "artifactkit"
SERVICE = "schema/opening.py"

# Who may still read or parse a file outside the service, and why: none of these opens a typed document.
ALLOWED = {
    ("document/model.py", "read_document"): "model.load, for files that have no type yet",
    ("document/model.py", "parse_text"): "model.load",
    ("document/frontedit.py", "read_document"): "the raw bytes of a front-matter edit",
    ("document/logformats.py", "parse_text"): "reads the text of an edit it is making",
    ("schema/compile.py", "parse_text"): "a template's own file, for its hints: not a document",
    ("engine/changed.py", "read_document"): "a byte search before opening: most files name no touched one",
    ("engine/autofix.py", "read_document"): "the raw bytes a fix edits",
    ("engine/autofix.py", "parse_text"): "the text a planned fix would write",
    ("engine/autofix.py", "apply_aliases"): "the text a planned fix would write",
    ("views/lifecycle.py", "read_document"): "the raw bytes a status change edits",
    ("views/renumber.py", "read_document"): "the raw text a renumbering edits",
    ("cli/index.py", "read_document"): "the index README the command writes: not a document",
    ("scaffold/profile.py", "load"): "samples that have no type yet (init learns one from them)",
    ("cli/schema.py", "load"): "a sample a schema is derived from: it has no type yet",
    ("site/collect.py", "read_document"): "the bytes the render cache is keyed by; opened through the service",
}

# the steps of opening a document: reading it, parsing it, and reading it as its type
STEPS = {"read_document", "parse_text", "apply_aliases", "apply_hints", "lift", "load", "is_template_name", "is_pointer"}


def _model_names(tree: ast.AST) -> set[str]:
    """Names this module binds to ``artifactkit.document.model`` or to its ``load``."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "artifactkit.document":
            names.update(a.asname or a.name for a in node.names if a.name == "model")
        if isinstance(node, ast.ImportFrom) and node.module == "artifactkit.document.model":
            names.update(f"load:{a.asname or a.name}" for a in node.names if a.name == "load")
    return names


def step_calls(path: Path) -> set[str]:
    """The steps of opening a document that ``path`` calls itself."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    model_names = _model_names(tree)
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in STEPS:
            owner = func.value.id if isinstance(func.value, ast.Name) else None
            if func.attr == "load" and owner not in model_names:
                continue  # json.load, yaml's load: not a document
            if func.attr == "lift" and owner not in ("logformats", "preamble"):
                continue
            found.add(func.attr)
        elif isinstance(func, ast.Name) and func.id in STEPS:
            if func.id == "load" and f"load:{func.id}" not in model_names:
                continue
            found.add(func.id)
    return found


def test_only_the_service_opens_a_document(tmp_path):
    # the check itself sees each way of calling a step, and not json's or YAML's load
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import json\nfrom artifactkit.document import model\nfrom artifactkit.document.model import load\n"
        "from artifactkit.io.textio import read_document\n"
        "def f(p):\n    json.load(p)\n    model.load(p)\n    load(p)\n    read_document(p)\n    preamble.lift(p)\n    doc.apply_aliases({})\n",
        encoding="utf-8",
    )
    assert step_calls(sample) == {"load", "read_document", "lift", "apply_aliases"}
    assert [f"{rel}: {step}" for rel, step in ALLOWED if step not in step_calls(PACKAGE / rel)] == []  # no stale exemption

    bypass = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel == SERVICE:
            continue
        for step in sorted(step_calls(path)):
            if (rel, step) not in ALLOWED:
                bypass.append(f"{rel} calls {step}(): open the document with schema.opening.open_document")
    assert bypass == []


# --- every command reads a document as lint does -----------------------------------------------

HUGO_ADR = """---
type: docs
---
# Use a queue for billing events

Status: Accepted
Date: 2026-11-02

## Context

Billing events were lost when the worker restarted during a deploy of the service.

## Decision

We put every billing event on a durable queue before the worker reads it.

## Consequences

The worker can restart at any time; the queue keeps the events until they are handled.
"""


@pytest.fixture
def repo(tmp_path, monkeypatch):
    write_tree(
        tmp_path,
        {
            ".artifactkit.yaml": "docs_root: docs\n",
            "docs/adr/0001-use-a-queue.md": HUGO_ADR,
            "docs/postmortems/2026-11-20-pool.md": document("postmortem", {"action items": "- [ ] Add a pool alarm (owner: @ada, due: 2026-12-01)\n"}),
        },
    )
    monkeypatch.chdir(tmp_path)
    opening.clear_cache()
    return tmp_path


def test_list_reads_a_document_as_lint_does(repo):
    from artifactkit.views import catalog

    config = load_config(repo)
    result = lint_file("docs/adr/0001-use-a-queue.md", config)
    entries = {e.path: e for e in catalog.build(config)}
    entry = entries["docs/adr/0001-use-a-queue.md"]  # Hugo's "type: docs" is no type: the paths claim it
    assert (entry.type, entry.title, entry.status, entry.date) == (result.type, result.title, "Accepted", result.frontmatter["date"])
    assert result.type == "adr" and result.frontmatter["date"] == "2026-11-02"


def test_the_language_server_reads_a_buffer_as_lint_does(repo):
    from artifactkit.lsp.assist import open_buffer

    config = load_config(repo)
    path = str(repo / "docs/adr/0001-use-a-queue.md")
    buf = open_buffer(path, HUGO_ADR, config)
    assert buf is not None and buf.doctype is not None
    assert buf.doctype.name == lint_file(path, config, text=HUGO_ADR).type == "adr"
    assert buf.doc.frontmatter["status"] == "Accepted"  # lifted from the Status: line, as lint checks it


def test_the_site_and_lint_agree_on_type_and_title_with_a_warm_lint_cache(repo):
    from artifactkit.site import collect

    config = load_config(repo)
    paths = ["docs/adr/0001-use-a-queue.md", "docs/postmortems/2026-11-20-pool.md"]
    linted = {r.path: r for r in lint_paths(paths, config, jobs=1, use_cache=True).results}  # what `artifactkit lint` leaves cached
    opening.clear_cache()
    site = collect.gather(load_config(repo), use_cache=True, jobs=1)
    shown = {d.entry.path: (d.entry.type, d.entry.title) for d in site.docs}
    assert shown == {p: (linted[p].type, linted[p].title) for p in paths}
    assert [d.actions[0]["text"] for d in site.docs if d.entry.type == "postmortem"] == ["Add a pool alarm (owner: @ada, due: 2026-12-01)"]


def test_the_site_opens_each_document_once_with_lint(repo, monkeypatch):
    from artifactkit.site import collect

    monkeypatch.setenv("ARTIFACTKIT_SITE_SERIAL", "1")
    parsed: list[str] = []
    parse_text = model.parse_text

    def counting(path, text):
        parsed.append(path)
        return parse_text(path, text)

    monkeypatch.setattr(model, "parse_text", counting)
    site = collect.gather(load_config(repo), use_cache=False, jobs=1)
    assert len(site.docs) == 2
    assert sorted(parsed) == ["docs/adr/0001-use-a-queue.md", "docs/postmortems/2026-11-20-pool.md"]


# --- the parse cache ---------------------------------------------------------------------------


def test_a_document_is_parsed_again_only_when_its_bytes_change(repo):
    config = load_config(repo)
    path = "docs/adr/0001-use-a-queue.md"
    first = open_document(path, config)
    assert open_document(path, config) is first
    (repo / path).write_text(HUGO_ADR.replace("Accepted", "Rejected"), encoding="utf-8")
    again = open_document(path, config)
    assert again is not first and again.doc is not None and again.doc.frontmatter["status"] == "Rejected"


def test_a_buffer_and_another_project_are_opened_afresh(repo):
    config = load_config(repo)
    path = "docs/adr/0001-use-a-queue.md"
    saved = open_document(path, config)
    edited = open_document(path, config, text=HUGO_ADR.replace("Accepted", "Proposed"))
    assert edited.doc is not None and edited.doc.frontmatter["status"] == "Proposed"
    assert open_document(path, load_config(repo)) is not saved  # a reloaded config may type it otherwise


def test_a_changed_sidecar_is_read_again(tmp_path, monkeypatch):
    write_tree(
        tmp_path,
        {
            ".artifactkit.yaml": "docs_root: docs\ntypes:\n  kep:\n    extends: rfc\n    paths: ['docs/keps/*/README.md']\n    sidecar: kep.yaml\n",
            "docs/keps/1-queue/README.md": "# Queue\n\n## Summary\n\nA queue.\n",
            "docs/keps/1-queue/kep.yaml": "status: implementable\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    config = load_config(tmp_path)
    path = "docs/keps/1-queue/README.md"
    assert open_document(path, config).doc.frontmatter["status"] == "implementable"
    (tmp_path / "docs/keps/1-queue/kep.yaml").write_text("status: implemented\n", encoding="utf-8")
    assert open_document(path, config).doc.frontmatter["status"] == "implemented"


def test_an_unreadable_document_says_why_and_is_not_kept(repo):
    config = load_config(repo)
    (repo / "docs/adr/0002-binary.md").write_bytes(b"\x00\x01binary")
    opened = open_document("docs/adr/0002-binary.md", config)
    assert opened.doc is None and opened.type_name == "adr"
    assert opened.error is not None and "binary" in opened.error[1]


@pytest.mark.usefixtures("repo")
def test_inspect_prints_the_instance_lint_validates(capsys):
    import json

    from artifactkit.cli import main

    assert main(["inspect", "docs/adr/0001-use-a-queue.md"]) == 0
    instance = json.loads(capsys.readouterr().out)
    assert instance["type"] == "adr"  # Hugo's "type: docs" is no type: the paths claim it
    assert (instance["frontmatter"]["status"], instance["frontmatter"]["date"]) == ("Accepted", "2026-11-02")  # lifted, as lint validates them
