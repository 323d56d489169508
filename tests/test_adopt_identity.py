"""Issue 23 item 6: a document's identity follows the repository's own numbering scheme.

In process (``artifactkit.cli.main``) on real git repositories in tmp_path."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import write_tree

from artifactkit.cli import main


def cli(repo: Path, capsys, *args: str) -> tuple[int, str, str]:
    old = os.getcwd()
    os.chdir(repo)
    try:
        capsys.readouterr()
        code = main(list(args))
    finally:
        os.chdir(old)
    out = capsys.readouterr()
    return code, out.out, out.err


def decision(title: str) -> str:
    return f"---\ntype: adr\nstatus: Accepted\ndate: 2020-09-25\n---\n# {title}\n\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nThen.\n\n## Alternatives\n\nOthers.\n"


def test_date_named_decisions_of_one_day_or_year_are_no_number_duplicates(git_repo: Path, capsys):
    write_tree(git_repo, {
        ".artifactkit.yaml": "docs_root: docs\n",
        "docs/adr/20200925-use-postgres.md": decision("Use Postgres"),
        "docs/adr/20200925-use-redis.md": decision("Use Redis"),
        "docs/adr/2021-03-01-use-kafka.md": decision("Use Kafka"),
        "docs/adr/2021-04-02-use-nats.md": decision("Use NATS"),
    })
    code, out, err = cli(git_repo, capsys, "lint", "--format", "json", "--no-cache")
    problems = json.loads(out)
    assert [p for p in problems if p["rule"] == "number-duplicate"] == [], problems
    assert code == 0, (out, err)


def test_numbering_none_or_slug_in_the_config_never_reports_number_duplicate(git_repo: Path, capsys):
    # file names that start with another system's ids (issue numbers): two documents for one issue are fine
    write_tree(git_repo, {
        ".artifactkit.yaml": "docs_root: docs\ntypes:\n  adr:\n    numbering: none\n",
        "docs/adr/12302-release-proposal.md": decision("Release proposal"),
        "docs/adr/12302-release-proposal-v2.md": decision("Release proposal, second take"),
    })
    code, out, err = cli(git_repo, capsys, "lint", "--format", "json", "--no-cache")
    assert [p for p in json.loads(out) if p["rule"] == "number-duplicate"] == []
    assert code == 0, (out, err)
    # the same files with the sequence scheme are duplicates: the setting is what decides
    (git_repo / ".artifactkit.yaml").write_text("docs_root: docs\ntypes:\n  adr:\n    numbering: sequence\n")
    code, out, err = cli(git_repo, capsys, "lint", "--format", "json", "--no-cache")
    assert {p["rule"] for p in json.loads(out)} == {"number-duplicate"}
    assert code == 1


def test_drafts_not_numbered_yet_share_0000_as_the_template_does(git_repo: Path, capsys):
    # RFC processes that number by pull request: "copy 0000-template.md to 0000-my-feature.md"
    write_tree(git_repo, {
        ".artifactkit.yaml": "docs_root: docs\ntypes:\n  adr:\n    numbering: sequence\n",
        "docs/adr/0000-use-postgres.md": decision("Use Postgres"),
        "docs/adr/0000-use-redis.md": decision("Use Redis"),
        "docs/adr/0001-use-kafka.md": decision("Use Kafka"),
        "docs/adr/1-use-nats.md": decision("Use NATS"),
    })
    code, out, _ = cli(git_repo, capsys, "lint", "--format", "json", "--no-cache")
    duplicates = [p for p in json.loads(out) if p["rule"] == "number-duplicate"]
    assert sorted(p["path"] for p in duplicates) == ["docs/adr/0001-use-kafka.md", "docs/adr/1-use-nats.md"]  # 1 is a number
    assert "0000" not in " ".join(p["message"] for p in duplicates)


def test_prefixed_numbers_are_numbers(git_repo: Path, capsys):
    write_tree(git_repo, {
        ".artifactkit.yaml": "docs_root: docs\n",
        "docs/adr/adr014-use-postgres.md": decision("Use Postgres"),
        "docs/adr/adr014-use-redis.md": decision("Use Redis"),
    })
    code, out, _ = cli(git_repo, capsys, "lint", "--format", "json", "--no-cache")
    assert {p["rule"] for p in json.loads(out)} == {"number-duplicate"}


@pytest.mark.parametrize(
    ("existing", "expected"),
    [
        (["adr014-use-postgres.md", "adr015-use-redis.md"], "adr016-use-kafka.md"),
        (["001-a.md", "002-b.md"], "003-use-kafka.md"),
        (["ADR-0041_a.md"], "ADR-0042_use-kafka.md"),
    ],
)
def test_new_continues_the_repository_numbering_scheme(git_repo: Path, capsys, existing: list[str], expected: str):
    write_tree(git_repo, {".artifactkit.yaml": "docs_root: docs\n", **{f"docs/adr/{name}": decision(name) for name in existing}})
    code, out, err = cli(git_repo, capsys, "new", "adr", "Use Kafka", "--no-input")
    assert code == 0, err
    assert out.strip() == f"docs/adr/{expected}"
    assert (git_repo / "docs" / "adr" / expected).is_file()


def test_new_continues_a_date_named_log_in_its_own_date_spelling(git_repo: Path, capsys):
    import datetime as dt

    write_tree(git_repo, {
        ".artifactkit.yaml": "docs_root: docs\ntypes:\n  adr:\n    naming: date-slug\n    numbering: date\n",
        "docs/adr/20200925-use-postgres.md": decision("Use Postgres"),
        "docs/adr/20210301-use-redis.md": decision("Use Redis"),
    })
    code, out, err = cli(git_repo, capsys, "new", "adr", "Use Kafka", "--no-input")
    assert code == 0, err
    assert out.strip() == f"docs/adr/{dt.date.today().strftime('%Y%m%d')}-use-kafka.md"


def test_new_on_a_learned_log_continues_its_scheme_with_its_own_sections(git_repo: Path, capsys):
    body = "# {t}\n\n## Problem\n\nWhat hurts.\n\n## Solution\n\nWhat we do.\n"
    write_tree(git_repo, {f"decisions/adr01{i}-choice-{i}.md": body.format(t=f"Choice {i}") for i in (3, 4, 5)})
    code, out, err = cli(git_repo, capsys, "init", "--hook", "local")
    assert code == 0, err
    code, out, err = cli(git_repo, capsys, "new", "decision", "Use Kafka", "--no-input")
    assert code == 0, err
    assert out.strip() == "decisions/adr016-use-kafka.md"
    text = (git_repo / "decisions" / "adr016-use-kafka.md").read_text(encoding="utf-8")
    assert text.startswith("# Use Kafka\n\n## Problem\n\n") and "## Solution\n" in text
    code, out, err = cli(git_repo, capsys, "lint", "--format", "json", "--no-cache")
    assert {(p["path"], p["rule"]) for p in json.loads(out)} == {("decisions/adr016-use-kafka.md", "section-placeholder")}
