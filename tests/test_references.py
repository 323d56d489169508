"""One reading of a reference for every command: ``lint`` (and ``--changed-since``), ``graph`` and
``supersede`` agree on which document ``supersedes: VALUE`` names, type prefix included."""

from __future__ import annotations

import re

import pytest
from conftest import git, lint_json, run, write_tree
from docfactory import document


def with_front(type_name: str, **front) -> str:
    extra = "".join(f"{k}: {v}\n" for k, v in front.items())
    return document(type_name).replace(f"type: {type_name}\n", f"type: {type_name}\n" + extra, 1)


def supersede_edges(cwd) -> set[tuple[str, str]]:
    proc = run(["graph", "--format", "mermaid"], cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    return set(re.findall(r"^\s+(\w+) ==>\|supersedes\| (\w+)$", proc.stdout, re.M))


def test_an_adr_superseding_rfc_3_is_a_broken_reference_for_lint_and_no_edge_for_graph(tmp_path):
    write_tree(tmp_path, {
        "docs/adr/0003-old.md": with_front("adr", superseded_by=5),
        "docs/adr/0005-new.md": with_front("adr", supersedes="rfc-3"),
        "docs/rfc/0003-proposal.md": document("rfc"),
    })
    code, problems = lint_json(["docs"], tmp_path)
    found = {(p["path"], p["rule"]) for p in problems}
    assert ("docs/adr/0005-new.md", "link-broken") in found
    broken = next(p for p in problems if p["path"] == "docs/adr/0005-new.md")
    assert "supersedes: rfc-3 names a rfc" in broken["message"]
    assert ("docs/adr/0003-old.md", "supersede-mismatch") in found  # ADR 5 does not name ADR 3 back
    assert code == 1
    edges = supersede_edges(tmp_path)
    assert ("adr_5", "rfc_3") not in edges and ("adr_5", "adr_3") in edges  # only ADR 3's superseded_by: 5


@pytest.mark.parametrize("value, target", [
    ("3", "adr_3"), ('"0003"', "adr_3"), ('"#3"', "adr_3"), ("adr-3", "adr_3"), ("ADR 3", "adr_3"),
    ("0003-old.md", "adr_3"), ("/docs/adr/0003-old.md", "adr_3"), ("docs/adr/0003-old.md", "adr_3"),
    ("rfc-3", None), ("../rfc/0003-proposal.md", None), ("4", None), ("adr-0004", None), ("nope-3", None),
])
def test_lint_and_graph_read_each_spelling_alike(tmp_path, value, target):
    write_tree(tmp_path, {
        "docs/adr/0003-old.md": document("adr"),
        "docs/adr/0005-new.md": with_front("adr", supersedes=value),
        "docs/rfc/0003-proposal.md": document("rfc"),
    })
    _, problems = lint_json(["docs/adr/0005-new.md"], tmp_path)
    (problem,) = problems
    edges = {dst for src, dst in supersede_edges(tmp_path) if src == "adr_5"}
    if target is None:
        assert problem["rule"] == "link-broken" and edges == set()
    else:  # resolved: one-way, since ADR 3 does not name ADR 5 back
        assert problem["rule"] == "supersede-mismatch" and "docs/adr/0003-old.md" in problem["message"]
        assert edges == {target}


def test_supersede_refuses_what_lint_calls_broken(tmp_path):
    write_tree(tmp_path, {
        "docs/adr/0003-old.md": document("adr"),
        "docs/adr/0005-new.md": with_front("adr", supersedes="rfc-3"),
        "docs/rfc/0003-proposal.md": document("rfc"),
    })
    proc = run(["supersede", "docs/adr/0003-old.md", "docs/adr/0005-new.md"], cwd=tmp_path)
    assert proc.returncode != 0 and "already supersedes 'rfc-3'" in proc.stderr


def test_changed_since_follows_a_typed_reference_to_a_changed_document(git_repo):
    write_tree(git_repo, {
        "docs/adr/0003-old.md": with_front("adr", superseded_by=5),
        "docs/adr/0005-new.md": with_front("adr", supersedes="adr-3"),
        "docs/adr/0007-other.md": document("adr"),
    })
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-qm", "docs")
    (git_repo / "docs/adr/0003-old.md").write_text(with_front("adr", superseded_by=5) + "\nMore.\n", encoding="utf-8")
    proc = run(["lint", "--changed-since", "HEAD", "--verbose", "--format", "json"], cwd=git_repo)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    checked = run(["lint", "--changed-since", "HEAD", "--format", "junit"], cwd=git_repo).stdout
    assert "0005-new.md" in checked and "0003-old.md" in checked and "0007-other.md" not in checked
