"""Existing decision logs (adr-tools / Nygard, MADR) adopted with ``init``, and every file accounted for.

Fixtures imitate the shapes of public logs: adr-tools' own log (doc/adr, ``# N. Title``, ``Date:``,
``## Status``, "Superseded by" links) and MADR's (docs/decisions, optional front matter, ``* Status:``
lines, Consequences under Decision Outcome). Everything runs through the command (``main`` in process).
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import lint_json, run, write_tree


def nygard(number: int, title: str, status: str = "Accepted", date: str = "2016-02-12", extra_status: str = "") -> str:
    return (f"# {number}. {title}\n\nDate: {date}\n\n## Status\n\n{status}\n{extra_status}\n## Context\n\n"
            "Users want to install the tool with their package manager.\n\n## Decision\n\n"
            "We will not ship packaging scripts in this repository.\n\n## Consequences\n\n"
            "The repository stays simpler; packagers publish releases elsewhere.\n")


def madr_front(title: str, front: str = "parent: Decisions\nnav_order: 3\n") -> str:
    return (f"---\n{front}---\n# {title}\n\n## Context and Problem Statement\n\nShould we record decisions? How?\n\n"
            "## Decision Drivers\n\n* Easy to read\n\n## Considered Options\n\n* Use YAML front matter\n* Use plain Markdown\n\n"
            "## Decision Outcome\n\nChosen option: \"Use YAML front matter\", because it comes out best.\n\n"
            "### Consequences\n\n* Good, because tools can read it\n* Bad, because it is one more syntax\n")


def madr_lines(title: str, status: str = "accepted", date: str = "2018-03-01") -> str:
    return (f"# {title}\n\n* Status: {status}\n* Deciders: Ada, Grace\n* Date: {date}\n\nTechnical Story: <https://example.org/issues/2>\n\n"
            "## Context and Problem Statement\n\nADRs have a status. Should it be tracked?\n\n## Considered Options\n\n"
            "* Use a list line\n* Use a badge\n\n## Decision Outcome\n\nChosen option: \"Use a list line\", because it is plain text.\n\n"
            "### Positive Consequences\n\n* Readable in any viewer\n")


def adr_tools_repo(root: Path) -> None:
    write_tree(root, {
        ".adr-dir": "doc/architecture/decisions\n",
        "doc/architecture/decisions/0001-record-architecture-decisions.md": nygard(1, "Record architecture decisions"),
        "doc/architecture/decisions/0002-implement-as-shell-scripts.md": nygard(2, "Implement as shell scripts"),
        "doc/architecture/decisions/0003-single-command.md": nygard(3, "Single command with subcommands", status="Proposed"),
        "doc/architecture/decisions/0004-help-comments.md": nygard(4, "Help comments", extra_status="\nAmends [3. Single command with subcommands](0003-single-command.md)\n"),
        "doc/architecture/decisions/README.md": "# Decisions\n\nThe log.\n",
    })


def madr_repo(root: Path) -> None:
    write_tree(root, {
        "docs/decisions/0000-use-madr.md": madr_front("Use Markdown Architectural Decision Records", "parent: Decisions\nnav_order: 0\n"),
        "docs/decisions/0001-dual-license.md": madr_front("Dual License the Work", "parent: Decisions\nstatus: accepted\ndate: 2017-12-01\n"),
        "docs/decisions/0002-add-status-field.md": madr_lines("Add Status Field"),
        "docs/decisions/0003-own-tooling.md": madr_front("Write Own Tooling", "parent: Decisions\nstatus: on hold\n"),
        "docs/decisions/index.md": "---\nhas_children: true\n---\n# Decisions\n\nBelow, all decision records.\n",
        "docs/decisions/adr-template.md": "---\ntitle: ADR Template\n---\n# {short title}\n\n## Context and Problem Statement\n\n{Describe the context}\n",
    })


def init(root: Path, *extra) -> str:
    proc = run(["init", *extra], cwd=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return (root / ".artifactkit.yaml").read_text(encoding="utf-8")


# --- init detects a log, then lint reports nothing wrong -----------------------------------------


def test_init_detects_an_adr_tools_log_from_adr_dir_and_lint_is_clean(git_repo: Path):
    adr_tools_repo(git_repo)
    config = init(git_repo)
    assert "extends: adr-nygard" in config and 'paths: ["doc/architecture/decisions/**/*.md"]' in config
    assert "docs_root: doc\n" in config
    code, problems = lint_json([], git_repo)
    assert (code, problems) == (0, [])
    proc = run(["lint"], cwd=git_repo)
    assert "4 documents checked, no problems; 1 Markdown file skipped" in proc.stdout, proc.stdout


def test_init_detects_a_madr_log_in_docs_decisions_and_lint_is_clean(git_repo: Path):
    madr_repo(git_repo)
    config = init(git_repo)
    assert "extends: adr-madr" in config and 'paths: ["docs/decisions/**/*.md"]' in config
    code, problems = lint_json([], git_repo)
    assert (code, problems) == (0, []), problems


def test_init_reads_log4brains_adr_folder(git_repo: Path):
    write_tree(git_repo, {
        ".log4brains.yml": "project:\n  name: shop\n  tz: Europe/Paris\n  adrFolder: ./knowledge/adr\n",
        "knowledge/adr/20200101-use-log4brains.md": madr_lines("Use Log4brains"),
    })
    config = init(git_repo)
    assert 'paths: ["knowledge/adr/**/*.md"]' in config and "extends: adr-madr" in config
    assert "docs_root: knowledge\n" in config


def test_an_adr_dir_leading_out_of_the_repository_is_ignored(git_repo: Path, tmp_path: Path):
    write_tree(tmp_path, {"outside/0001-x.md": nygard(1, "X")})
    madr_repo(git_repo)
    write_tree(git_repo, {".adr-dir": "../outside\n"})
    config = init(git_repo)
    assert "outside" not in config and "extends: adr-madr" in config and 'paths: ["docs/decisions/**/*.md"]' in config


def test_init_types_creates_only_those_folders(git_repo: Path):
    config = init(git_repo, "--types", "adr,runbook")
    assert (git_repo / "docs/adr").is_dir() and (git_repo / "docs/runbooks").is_dir()
    assert not (git_repo / "docs/rfc").exists() and not (git_repo / "docs/postmortems").exists()
    assert "  adr:\n" in config and "  runbook:\n" in config and "rfc" not in config
    proc = run(["init", "--types", "adr,nope"], cwd=git_repo.parent)
    assert proc.returncode == 2 and "unknown type 'nope'" in proc.stderr


# --- status, date, number and links read and written in the log's format -------------------------


def test_nygard_status_and_supersede_edit_the_status_section_never_front_matter(git_repo: Path):
    adr_tools_repo(git_repo)
    init(git_repo)
    folder = git_repo / "doc/architecture/decisions"
    proc = run(["status", "adr", "3", "accepted"], cwd=git_repo)
    assert proc.returncode == 0, proc.stderr
    text = (folder / "0003-single-command.md").read_text(encoding="utf-8")
    assert not text.startswith("---") and "## Status\n\nAccepted\n\n## Context" in text
    proc = run(["supersede", "2", "3"], cwd=git_repo)
    assert proc.returncode == 0, proc.stderr
    old = (folder / "0002-implement-as-shell-scripts.md").read_text(encoding="utf-8")
    new = (folder / "0003-single-command.md").read_text(encoding="utf-8")
    assert "## Status\n\nSuperseded by [3. Single command with subcommands](0003-single-command.md)\n\n## Context" in old
    assert "Accepted\n\nSupersedes [2. Implement as shell scripts](0002-implement-as-shell-scripts.md)\n\n## Context" in new
    assert not old.startswith("---") and not new.startswith("---")
    listing = json.loads(run(["list", "adr", "--format", "json"], cwd=git_repo).stdout)
    assert [(e["number"], e["title"], e["status"], e["date"]) for e in listing][:3] == [
        (1, "Record architecture decisions", "Accepted", "2016-02-12"),
        (2, "Implement as shell scripts", "Superseded", "2016-02-12"),
        (3, "Single command with subcommands", "Accepted", "2016-02-12")]
    graph = run(["graph", "adr"], cwd=git_repo).stdout
    assert "adr_3 ==>|supersedes| adr_2" in graph, graph
    assert lint_json([], git_repo) == (0, [])  # both sides agree: no supersede-mismatch
    again = run(["supersede", "2", "3"], cwd=git_repo)
    assert again.returncode == 0 and "nothing to change" in again.stdout
    assert run(["index", "adr"], cwd=git_repo).returncode == 0
    index = (folder / "README.md").read_text(encoding="utf-8")
    assert "| 2 | Implement as shell scripts | Superseded | 2016-02-12 |" in index, index


def test_nygard_lint_reads_status_and_date_from_the_body(git_repo: Path):
    adr_tools_repo(git_repo)
    init(git_repo)
    folder = git_repo / "doc/architecture/decisions"
    (folder / "0005-bad.md").write_text(nygard(5, "Bad", status="Maybe", date="2016-13-45"), encoding="utf-8")
    code, problems = lint_json([], git_repo)
    found = {(p["rule"], p["line"]) for p in problems if p["path"].endswith("0005-bad.md")}
    assert code == 1 and found == {("frontmatter-invalid", 3), ("frontmatter-invalid", 7)}, problems
    assert not any("front-matter block" in p["message"] for p in problems)


def test_madr_status_is_case_insensitive_and_written_where_it_is(git_repo: Path):
    madr_repo(git_repo)
    init(git_repo)
    folder = git_repo / "docs/decisions"
    listing = {e["number"]: e for e in json.loads(run(["list", "--format", "json"], cwd=git_repo).stdout)}
    assert (listing[1]["status"], listing[1]["date"]) == ("accepted", "2017-12-01")
    assert (listing[2]["status"], listing[2]["date"]) == ("accepted", "2018-03-01")
    assert listing[3]["status"] == "on hold"
    superseded = json.loads(run(["list", "--status", "Accepted", "--format", "json"], cwd=git_repo).stdout)
    assert {e["number"] for e in superseded} == {1, 2}
    proc = run(["supersede", "2", "1", "--force"], cwd=git_repo)
    assert proc.returncode == 0, proc.stderr
    lines = (folder / "0002-add-status-field.md").read_text(encoding="utf-8")
    assert "* Status: superseded by [ADR-0001](0001-dual-license.md)\n* Deciders: Ada, Grace\n" in lines
    assert not lines.startswith("---")
    front = (folder / "0001-dual-license.md").read_text(encoding="utf-8")
    assert front.startswith("---\nparent: Decisions\nstatus: accepted\ndate: 2017-12-01\nsupersedes: 2\n---\n")
    by_number = {e["number"]: e for e in json.loads(run(["list", "--format", "json"], cwd=git_repo).stdout)}
    assert by_number[2]["status"] == "superseded"
    assert lint_json([], git_repo) == (0, [])
    proc = run(["status", "adr", "0", "Proposed"], cwd=git_repo)
    assert proc.returncode == 0 and (folder / "0000-use-madr.md").read_text(encoding="utf-8").startswith(
        "---\nparent: Decisions\nnav_order: 0\nstatus: proposed\n---\n")


def test_madr_consequences_nested_under_decision_outcome_is_no_error(git_repo: Path):
    madr_repo(git_repo)
    init(git_repo)
    (git_repo / "docs/decisions/0004-missing.md").write_text("# Missing\n\n## Context and Problem Statement\n\nWhy?\n", encoding="utf-8")
    code, problems = lint_json([], git_repo)
    assert code == 1
    assert {(Path(p["path"]).name, p["section"]) for p in problems} == {("0004-missing.md", "Considered Options"), ("0004-missing.md", "Decision Outcome")}


# --- every file accounted for --------------------------------------------------------------------


def adr(title: str) -> str:
    return (f"---\ntype: adr\nstatus: Accepted\ndate: 2024-01-02\n---\n# {title}\n\n## Context\n\nThe load grows.\n\n"
            "## Decision\n\nWe use a queue.\n\n## Consequences\n\nMore moving parts.\n\n## Alternatives\n\nNone.\n")


def untyped(title: str) -> str:
    return adr(title).replace("type: adr\n", "")


def test_builtin_globs_match_at_any_depth_below_docs_root_only(git_repo: Path):
    write_tree(git_repo, {
        "docs/adr/2018/0001-deep.md": untyped("Deep").replace("## Alternatives\n\nNone.\n", ""),
        "vendor/lib/docs/adr/0001-theirs.md": "# Theirs\n",
    })
    code, problems = lint_json(["docs", "vendor"], git_repo)
    assert code == 1
    assert [(p["path"], p["rule"]) for p in problems] == [("docs/adr/2018/0001-deep.md", "section-missing")]


def test_a_named_file_is_linted_or_reported_as_type_unknown(git_repo: Path):
    write_tree(git_repo, {"docs/adr/2018/0001-deep.md": untyped("Deep"), "notes/adr/0002-x.md": untyped("X"), "docs/notes.md": "# Notes\n"})
    assert lint_json(["docs/adr/2018/0001-deep.md"], git_repo) == (0, [])
    code, problems = lint_json(["notes/adr/0002-x.md", "docs/notes.md"], git_repo)
    assert code == 1 and [p["rule"] for p in problems] == ["type-unknown", "type-unknown"]
    outside = next(p for p in problems if p["path"] == "notes/adr/0002-x.md")["message"]
    assert "adr (**/adr/**/*.md" in outside and "docs_root (docs/)" in outside
    notes = next(p for p in problems if p["path"] == "docs/notes.md")["message"]
    assert "runbook: **/runbooks/**/*.md" in notes
    skipped = run(["lint", "--skip-unknown", "docs/notes.md"], cwd=git_repo)
    assert skipped.returncode == 0 and "1 Markdown file skipped" in skipped.stdout


def test_a_folder_run_that_checks_nothing_fails_and_says_why(git_repo: Path):
    write_tree(git_repo, {"docs/content/a.md": "# A\n", "docs/content/b.md": "# B\n"})
    proc = run(["lint"], cwd=git_repo)
    assert proc.returncode == 1
    assert "no document checked, but 2 Markdown files no type claims" in proc.stderr
    assert "docs/content/a.md: no type's paths match it" in proc.stderr
    assert "artifactkit init" in proc.stderr and "'paths'" in proc.stderr
    assert "0 documents checked, no problems; 2 Markdown files skipped (no known type)" in proc.stdout


def test_a_declared_type_wins_and_its_excludes_are_final(git_repo: Path):
    write_tree(git_repo, {
        ".artifactkit.yaml": ("types:\n  note:\n    extends: adr\n    paths: [\"docs/adr/notes/**/*.md\"]\n"
                              "    exclude: [\"docs/adr/notes/draft-*.md\"]\n"),
        "docs/adr/notes/0001-note.md": untyped("Note"),
        "docs/adr/notes/draft-1.md": "# Draft\n",
        "docs/adr/0002-real.md": untyped("Real"),
    })
    proc = run(["lint", "--format", "json", "--verbose"], cwd=git_repo)
    assert proc.returncode == 0 and json.loads(proc.stdout) == [], proc.stdout
    assert "skipped docs/adr/notes/draft-1.md" in proc.stderr
    listing = json.loads(run(["list", "--format", "json"], cwd=git_repo).stdout)
    assert [(e["type"], e["path"]) for e in listing] == [("adr", "docs/adr/0002-real.md"), ("note", "docs/adr/notes/0001-note.md")]


# --- small things -------------------------------------------------------------------------------


def test_missing_section_hint_has_no_space_before_its_colon(git_repo: Path):
    write_tree(git_repo, {"docs/runbooks/db.md": "---\ntype: runbook\nservice: db\nowner: '@dba'\nlast_reviewed: 2026-11-01\n---\n"})
    _, problems = lint_json(["docs/runbooks/db.md"], git_repo, "--no-cache")
    missing = [p["message"] for p in problems if p["rule"] == "section-missing"]
    assert missing and not any(" :" in m for m in missing), missing
    assert any('add a "## Symptoms" section: describe' in m for m in missing), missing


def test_an_invalid_date_is_reported_at_its_own_line(git_repo: Path):
    write_tree(git_repo, {"docs/adr/0001-a.md": adr("A").replace("date: 2024-01-02\n", "deciders: [Ada]\ndate: 2024-13-45\n")})
    _, problems = lint_json(["docs/adr/0001-a.md"], git_repo)
    assert [(p["rule"], p["line"]) for p in problems] == [("frontmatter-invalid", 5)], problems
    assert "'2024-13-45'" in problems[0]["message"]


def test_list_orders_types_by_name(git_repo: Path):
    write_tree(git_repo, {
        ".artifactkit.yaml": "types:\n  adr:\n    extends: adr\n  rfc:\n    extends: rfc\n  runbook:\n    extends: runbook\n",
        "docs/adr/0001-a.md": adr("A"),
        "docs/rfcs/0001-r.md": "---\ntype: rfc\n---\n# R\n",
        "docs/runbooks/db.md": "---\ntype: runbook\n---\n# DB\n",
    })
    listing = json.loads(run(["list", "--format", "json"], cwd=git_repo).stdout)
    assert [e["type"] for e in listing] == ["adr", "rfc", "runbook"]


def test_new_supersedes_in_a_nygard_log_links_both_in_their_status_sections(git_repo: Path):
    adr_tools_repo(git_repo)
    init(git_repo)
    proc = run(["new", "adr", "Use Python", "--supersedes", "2", "--no-input"], cwd=git_repo)
    assert proc.returncode == 0, proc.stderr
    folder = git_repo / "doc/architecture/decisions"
    new = (folder / "0005-use-python.md").read_text(encoding="utf-8")
    old = (folder / "0002-implement-as-shell-scripts.md").read_text(encoding="utf-8")
    assert new.startswith("# 5. Use Python\n\nDate: ") and "---" not in new
    assert "## Status\n\nProposed\n\nSupersedes [2. Implement as shell scripts](0002-implement-as-shell-scripts.md)\n\n## Context" in new
    assert "## Status\n\nSuperseded by [5. Use Python](0005-use-python.md)\n\n## Context" in old and "---" not in old
    _, problems = lint_json([], git_repo)
    assert {p["rule"] for p in problems} == {"section-placeholder"}, problems  # only the new ADR's template hints


def test_a_supersede_line_naming_the_document_by_its_forge_address_is_read_as_its_path(git_repo: Path):
    """"Superseded by [ADR 2](https://github.com/o/r/blob/main/doc/.../0002-x.md)": the path after
    the ref is the repository's file; an address that names no file here says so in its own words."""
    adr_tools_repo(git_repo)
    init(git_repo)
    folder = git_repo / "doc/architecture/decisions"
    url = "https://github.com/o/r/blob/main/doc/architecture/decisions/"
    (folder / "0001-record-architecture-decisions.md").write_text(
        nygard(1, "Record architecture decisions", status="Superseded", extra_status=f"\nSuperseded by [ADR 2]({url}0002-implement-as-shell-scripts.md)\n"), encoding="utf-8")
    (folder / "0002-implement-as-shell-scripts.md").write_text(
        nygard(2, "Implement as shell scripts", extra_status="\nSupersedes [1. Record architecture decisions](0001-record-architecture-decisions.md)\n"), encoding="utf-8")
    assert lint_json([], git_repo) == (0, [])
    (folder / "0001-record-architecture-decisions.md").write_text(
        nygard(1, "Record architecture decisions", status="Superseded", extra_status=f"\nSuperseded by [ADR 2]({url}0002-renamed.md)\n"), encoding="utf-8")
    code, problems = lint_json([], git_repo)
    [broken] = [p for p in problems if p["path"].endswith("0001-record-architecture-decisions.md")]
    assert code == 1 and "names no existing document: doc/architecture/decisions/0002-renamed.md does not exist" in broken["message"], problems


def test_fix_writes_the_missing_half_of_a_one_way_supersede(git_repo: Path):
    """"Superseded by 2" in 0001 while 0002 says nothing: lint --fix adds 0002's "Supersedes" line
    (as 'artifactkit supersede' would) and the finding is gone; --diff shows it and writes nothing."""
    adr_tools_repo(git_repo)
    init(git_repo)
    folder = git_repo / "doc/architecture/decisions"
    (folder / "0001-record-architecture-decisions.md").write_text(
        nygard(1, "Record architecture decisions", status="Superseded", extra_status="\nSuperseded by [2. Implement as shell scripts](0002-implement-as-shell-scripts.md)\n"), encoding="utf-8")
    before = (folder / "0002-implement-as-shell-scripts.md").read_text(encoding="utf-8")
    code, problems = lint_json([], git_repo)
    assert code == 1 and [p["rule"] for p in problems] == ["supersede-mismatch"], problems
    diff = run(["lint", "--fix", "--diff", "--no-cache"], cwd=git_repo)
    assert "+Supersedes [1. Record architecture decisions](0001-record-architecture-decisions.md)" in diff.stdout, diff.stdout + diff.stderr
    assert (folder / "0002-implement-as-shell-scripts.md").read_text(encoding="utf-8") == before
    fixed = run(["lint", "--fix", "--no-cache"], cwd=git_repo)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    after = (folder / "0002-implement-as-shell-scripts.md").read_text(encoding="utf-8")
    assert after == before.replace("Accepted\n", "Accepted\n\nSupersedes [1. Record architecture decisions](0001-record-architecture-decisions.md)\n", 1), after
    assert lint_json([], git_repo) == (0, [])
