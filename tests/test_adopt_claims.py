"""Issue 23 item 1: never a silent zero; paths beyond docs_root; no hidden excludes; the most
specific pattern claims a file; ``new`` never writes what lint would skip.

In process (``artifactkit.cli.main``) on real git repositories in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import write_tree
from test_adopt_identity import cli

RUNBOOK = (
    "---\ntype: {type}\nservice: db\nowner: sre\nlast_reviewed: 2099-01-01\n---\n# {title}\n\n## Symptoms\n\nSlow.\n\n## Impact\n\nUsers wait.\n\n"
    "## Rollback or mitigation steps\n\nFail over.\n\n## Investigation steps\n\nRead the logs.\n\n## Contacts\n\nSRE.\n\n"
    "## Related PRs and deploys\n\nNone.\n\n## Postmortem link\n\nNone.\n"
)
NOTE = "# {title}\n\n## Summary\n\nWhat happened.\n\n## Details\n\nMore.\n"
NOTES = "docs_root: docs\ntypes:\n  note:\n    paths: [{paths}]\n    sections: [Summary, Details]\n"


def lint(repo: Path, capsys, *args: str) -> tuple[int, list[dict], str]:
    code, out, err = cli(repo, capsys, "lint", "--format", "json", "--no-cache", *args)
    return code, json.loads(out), err


def test_a_run_that_checks_nothing_while_the_repository_holds_markdown_fails_and_names_the_files(git_repo: Path, capsys):
    write_tree(git_repo, {
        ".artifactkit.yaml": "docs_root: docs\n",
        "docs/.gitkeep": "",
        "design/12302-release-proposal.md": NOTE.format(title="Release"),
        "design/draft-iofs.md": NOTE.format(title="File systems"),
    })
    code, problems, err = lint(git_repo, capsys)
    assert code == 1 and problems == []
    assert "no document checked" in err
    assert "design/12302-release-proposal.md: no type's paths match it" in err
    assert "design/draft-iofs.md" in err
    # no config at all and no docs/ folder: the same, not "docs: no such file or folder"
    (git_repo / ".artifactkit.yaml").unlink()
    (git_repo / "docs" / ".gitkeep").unlink()
    (git_repo / "docs").rmdir()
    code, problems, err = lint(git_repo, capsys)
    assert code == 1 and "design/draft-iofs.md: no type's paths match it" in err


def test_a_types_paths_outside_docs_root_are_linted_by_a_plain_run(git_repo: Path, capsys):
    write_tree(git_repo, {
        ".artifactkit.yaml": NOTES.format(paths='"design/*.md"'),
        "docs/readme.md": "# Docs\n",
        "design/one.md": NOTE.format(title="One"),
        "design/two.md": "# Two\n\n## Summary\n\nOnly this.\n",
    })
    code, problems, err = lint(git_repo, capsys)
    assert [(p["path"], p["rule"]) for p in problems] == [("design/two.md", "section-missing")], problems
    assert code == 1


def test_built_in_excludes_are_shown_and_explicit_paths_or_a_named_file_beat_them(git_repo: Path, capsys):
    # one folder per document, each an index.md: the built-in '**/index.md' exclude must not hide them
    write_tree(git_repo, {
        ".artifactkit.yaml": "docs_root: docs\ntypes:\n  rfc:\n    paths: [\"content/**/index.md\"]\n",
        "content/rfcs/0001-first/index.md": "# First\n\nNo sections.\n",
        "content/rfcs/0002-second/index.md": "# Second\n\nNo sections.\n",
        "docs/adr/README.md": "# Decision log\n\nThe list.\n",
    })
    code, out, err = cli(git_repo, capsys, "config", "show")
    assert code == 0, err
    assert '"**/README.md", "**/index.md"' in out and "built-in default" in out
    code, problems, err = lint(git_repo, capsys)
    assert {p["path"] for p in problems} == {"content/rfcs/0001-first/index.md", "content/rfcs/0002-second/index.md"}, (problems, err)
    # the README of a log folder stays out of a plain run, but naming it checks it as the type its globs say
    assert not any(p["path"] == "docs/adr/README.md" for p in problems)
    code, problems, err = lint(git_repo, capsys, "docs/adr/README.md")
    assert {p["rule"] for p in problems} >= {"section-missing"} and "type-unknown" not in {p["rule"] for p in problems}, problems


def test_the_most_specific_pattern_claims_a_file_not_the_first_type_and_verbose_says_why(git_repo: Path, capsys):
    write_tree(git_repo, {
        # init's built-in runbook entry first, then the team's own type for its on-call runbooks
        ".artifactkit.yaml": (
            "docs_root: docs\ntypes:\n  runbook:\n    folder: docs/runbooks\n"
            "  oncall-runbook:\n    paths: [\"docs/runbooks/oncall/*.md\"]\n    sections: [Summary, Details]\n"
        ),
        "docs/runbooks/oncall/pager.md": NOTE.format(title="Pager"),
        "docs/runbooks/db.md": RUNBOOK.format(type="runbook", title="DB").replace("type: runbook\n", ""),
    })
    code, problems, err = lint(git_repo, capsys, "--verbose")
    assert problems == [], problems
    assert code == 0, err
    assert "checked docs/runbooks/oncall/pager.md as oncall-runbook: its paths pattern 'docs/runbooks/oncall/*.md' matches" in err
    assert "more specific than runbook (**/runbooks/**/*.md)" in err
    assert "checked docs/runbooks/db.md as runbook" in err


def test_new_refuses_to_write_a_file_its_type_would_not_check(git_repo: Path, capsys):
    write_tree(git_repo, {".artifactkit.yaml": "docs_root: docs\nignore: [\"docs/adr/**\"]\n"})
    code, out, err = cli(git_repo, capsys, "new", "adr", "Use Kafka", "--no-input")
    assert code == 2
    assert "refusing to write docs/adr/0001-use-kafka.md" in err and "'ignore' matches it" in err
    assert not (git_repo / "docs" / "adr").exists() or not any((git_repo / "docs" / "adr").iterdir())


def test_a_config_whose_types_are_replaced_claims_files_by_the_new_types(tmp_path: Path):
    # Config keeps the ranking of its types for every file of a run; a config given other types (as
    # loading does) ranks those, even as many as before
    from artifactkit.engine.config import load_config

    for name in ("one", "two"):
        write_tree(tmp_path / name, {".artifactkit.yaml": NOTES.replace("note:", f"{name}-note:").format(paths='"docs/notes/*.md"')})
    config = load_config(str(tmp_path / "one"))
    assert config.type_for("docs/notes/a.md").name == "one-note"
    config.types = load_config(str(tmp_path / "two")).types
    assert config.type_for("docs/notes/b.md").name == "two-note"
