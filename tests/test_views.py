"""``artifactkit list``, ``index`` and ``graph``, run as the command (``main`` in process) in real repos."""

from __future__ import annotations

import io
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, artifactkit_exe, git, run, write_tree
from docfactory import document
from ruamel.yaml import YAML

START, END = "<!-- artifactkit:index -->", "<!-- artifactkit:index-end -->"


def adr(status: str, date: str, extra: str = "", title: str | None = None, body: str = "") -> str:
    text = document("adr").replace("status: Accepted\n", f"status: {status}\n").replace("date: 2026-11-23\n", f"date: {date}\n{extra}")
    if title:
        text = text.replace("# A complete adr\n", f"# {title}\n")
    return text + body


@pytest.fixture
def repo(git_repo: Path) -> Path:
    write_tree(git_repo, {
        ".artifactkit.yaml": "docs_root: docs\n",
        "docs/adr/0001-use-postgres.md": adr("Superseded", "2026-01-10", "superseded_by: 3\n", "Use PostgreSQL"),
        "docs/adr/0002-use-kafka.md": adr("Proposed", "2026-02-10", "relates_to: [1]\n", "Use Kafka | for events"),
        "docs/adr/0003-use-cockroach.md": adr("Accepted", "2026-03-01", "supersedes: 1\n", "Use CockroachDB",
                                             "\nSee the [RFC](../rfc/0001-storage.md#goals) and [the web](https://example.com).\n"),
        "docs/rfc/0001-storage.md": document("rfc").replace("# A complete rfc", "# Storage"),
        "docs/runbooks/db.md": document("runbook"),
        "docs/notes/random.md": "# Not a document of any type\n",
    })
    return git_repo


# --- list --------------------------------------------------------------------------------------


def test_list_json_round_trips(repo):
    proc = run(["list", "--format", "json"], cwd=repo)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [(d["type"], d["number"], d["status"]) for d in data] == [
        ("adr", 1, "Superseded"), ("adr", 2, "Proposed"), ("adr", 3, "Accepted"), ("rfc", 1, "Review"), ("runbook", None, None)]
    assert all(set(d) == {"type", "number", "title", "status", "date", "path"} for d in data)
    first = data[0]
    assert first == {"type": "adr", "number": 1, "title": "Use PostgreSQL", "status": "Superseded", "date": "2026-01-10",
                     "path": "docs/adr/0001-use-postgres.md"}
    assert data[1]["title"] == "Use Kafka | for events"
    assert data[4]["path"] == "docs/runbooks/db.md" and data[4]["date"] == "2026-11-01"  # a runbook's review date


def test_list_table_one_type_with_status_filter(repo):
    proc = run(["list", "adr", "--status", "accepted"], cwd=repo)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["NUMBER", "TITLE", "STATUS", "DATE", "PATH"]
    assert len(lines) == 2
    assert lines[1].split()[0] == "3" and "Use CockroachDB" in lines[1] and lines[1].endswith("docs/adr/0003-use-cockroach.md")


def test_list_all_types_shows_the_type_column(repo):
    proc = run(["list"], cwd=repo)
    lines = proc.stdout.splitlines()
    assert lines[0].split()[0] == "TYPE"
    assert [ln.split()[0] for ln in lines[1:]] == ["adr", "adr", "adr", "rfc", "runbook"]
    assert "random.md" not in proc.stdout


def test_list_paths_are_relative_to_the_current_folder(repo):
    data = json.loads(run(["list", "adr", "--format", "json"], cwd=repo / "docs" / "adr").stdout)
    assert data[0]["path"] == "0001-use-postgres.md"


def test_list_nothing_found(repo):
    proc = run(["list", "postmortem"], cwd=repo)
    assert proc.returncode == 0 and proc.stdout == ""
    assert "no postmortem documents" in proc.stderr
    assert json.loads(run(["list", "postmortem", "--format", "json"], cwd=repo).stdout) == []


@pytest.mark.parametrize("args, message", [
    (["memo"], "unknown document type 'memo'"),
    (["--format", "xml"], "unknown format 'xml'"),
    (["adr", "--status", "Approved"], "unknown adr status 'Approved'"),
])
def test_list_usage_errors_exit_2(repo, args, message):
    proc = run(["list", *args], cwd=repo)
    assert proc.returncode == 2
    assert message in proc.stderr


# --- index -------------------------------------------------------------------------------------


def test_index_creates_readme_then_check_detects_a_new_adr(repo):
    readme = repo / "docs/adr/README.md"
    assert run(["index", "adr", "--check"], cwd=repo).returncode == 1  # no index yet
    proc = run(["index", "adr"], cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert "docs/adr/README.md: created (3 adr documents)" in proc.stdout
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# Architecture decision record index\n")
    block = text[text.index(START):text.index(END)]
    assert "| Number | Title | Status | Date | Link |" in block
    assert "| 1 | Use PostgreSQL | Superseded | 2026-01-10 | [0001-use-postgres.md](0001-use-postgres.md) |" in block
    assert "| 2 | Use Kafka \\| for events | Proposed |" in block  # a pipe in a title does not break the table
    assert run(["index", "adr", "--check"], cwd=repo).returncode == 0

    write_tree(repo, {"docs/adr/0004-use-redis.md": adr("Proposed", "2026-04-01", title="Use Redis")})
    before = readme.read_bytes()
    proc = run(["index", "--check"], cwd=repo)
    assert proc.returncode == 1
    assert "--- a/docs/adr/README.md" in proc.stdout and "+++ b/docs/adr/README.md" in proc.stdout
    assert "+| 4 | Use Redis | Proposed | 2026-04-01 | [0004-use-redis.md](0004-use-redis.md) |" in proc.stdout
    assert "docs/adr/README.md: the adr index is out of date" in proc.stderr
    assert readme.read_bytes() == before  # --check writes nothing

    assert run(["index"], cwd=repo).returncode == 0
    proc = run(["index", "--check"], cwd=repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""
    # the README itself is never listed in its own index, and a second run changes nothing
    assert "README" not in readme.read_text(encoding="utf-8").split(START)[1]
    proc = run(["index", "adr"], cwd=repo)
    assert "up to date" in proc.stdout


def test_index_replaces_only_the_block_between_the_markers(repo):
    readme = repo / "docs/adr/README.md"
    head = "# Decisions\r\n\r\nHow we decide. Keep this prose.\r\n\r\n"
    tail = "\r\n\r\n## Footer\r\n\r\nAlso kept, CRLF and all."
    readme.write_bytes((head + START + "\r\nstale rows\r\n" + END + tail).encode())
    assert run(["index", "adr"], cwd=repo).returncode == 0
    data = readme.read_bytes().decode()
    assert data.startswith(head + START + "\r\n") and data.endswith(END + tail)
    assert "stale rows" not in data and "| 3 | Use CockroachDB |" in data
    assert "\n" not in data.replace("\r\n", "")  # the table uses the file's line endings
    assert run(["index", "adr", "--check"], cwd=repo).returncode == 0


def test_index_appends_markers_to_a_readme_without_them(repo):
    readme = repo / "docs/adr/README.md"
    readme.write_text("# Our decisions\n\nWritten by hand.\n", encoding="utf-8")
    assert run(["index", "adr"], cwd=repo).returncode == 0
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# Our decisions\n\nWritten by hand.\n\n" + START + "\n")
    assert text.endswith(END + "\n")


def test_index_with_broken_markers_exits_2_and_writes_nothing(repo):
    readme = repo / "docs/adr/README.md"
    readme.write_text(f"# X\n\n{END}\n{START}\n", encoding="utf-8")
    before = readme.read_bytes()
    proc = run(["index", "adr"], cwd=repo)
    assert proc.returncode == 2
    assert "fix the markers" in proc.stderr
    assert readme.read_bytes() == before


def test_index_of_all_types_and_unnumbered_types(repo):
    assert run(["index"], cwd=repo).returncode == 0
    assert (repo / "docs/rfc/README.md").is_file()
    runbooks = (repo / "docs/runbooks/README.md").read_text(encoding="utf-8")
    assert "| Title | Date | Link |" in runbooks  # no number and no status column for runbooks
    assert "[db.md](db.md)" in runbooks
    assert not (repo / "docs/postmortems").exists()  # no documents, no index


def test_index_after_the_last_document_is_removed(repo):
    run(["index", "rfc"], cwd=repo)
    (repo / "docs/rfc/0001-storage.md").unlink()
    proc = run(["index", "--check"], cwd=repo)
    assert proc.returncode == 1 and "-| 1 | Storage |" in proc.stdout
    run(["index"], cwd=repo)
    assert "_No rfc documents yet._" in (repo / "docs/rfc/README.md").read_text(encoding="utf-8")


def test_index_hook_in_a_real_commit(repo, tmp_path):
    """The published artifactkit-index hook (as a local hook running the installed command) blocks a stale index."""
    pre_commit = Path(sys.executable).parent / "pre-commit"
    pre_commit = str(pre_commit) if pre_commit.exists() else shutil.which("pre-commit")
    if not pre_commit:
        pytest.skip("pre-commit is not installed")
    hook = next(h for h in YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")) if h["id"] == "artifactkit-index")
    assert (hook["entry"], hook["language"], hook["pass_filenames"], hook["files"]) == ("artifactkit index --check", "python", False, r"\.md$")
    local = {k: v for k, v in hook.items() if k != "minimum_pre_commit_version"}
    local["language"] = "system"
    local["entry"] = " ".join([shlex.quote(artifactkit_exe()), *hook["entry"].split()[1:]])
    out = io.StringIO()
    YAML().dump({"repos": [{"repo": "local", "hooks": [local]}]}, out)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1", "PRE_COMMIT_COLOR": "never",
           "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.com"}
    write_tree(repo, {".pre-commit-config.yaml": out.getvalue()})
    assert run(["index"], cwd=repo).returncode == 0
    assert subprocess.run([pre_commit, "install"], cwd=repo, env=env, capture_output=True).returncode == 0
    git(repo, "add", "-A")
    first = subprocess.run(["git", "commit", "-m", "docs"], cwd=repo, env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stdout + first.stderr
    write_tree(repo, {"docs/adr/0004-use-redis.md": adr("Proposed", "2026-04-01", title="Use Redis")})
    git(repo, "add", "-A")
    blocked = subprocess.run(["git", "commit", "-m", "adr 4"], cwd=repo, env=env, capture_output=True, text=True)
    assert blocked.returncode != 0
    output = blocked.stdout + blocked.stderr
    assert "artifactkit index check" in output and "Failed" in output and "+| 4 | Use Redis |" in output
    assert run(["index"], cwd=repo).returncode == 0
    git(repo, "add", "-A")
    fixed = subprocess.run(["git", "commit", "-m", "adr 4"], cwd=repo, env=env, capture_output=True, text=True)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr


# --- graph -------------------------------------------------------------------------------------


def test_graph_mermaid(repo):
    proc = run(["graph"], cwd=repo)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "graph LR"
    assert '  adr_1["ADR 1: Use PostgreSQL (Superseded)"]' in lines
    assert "  adr_3 ==>|supersedes| adr_1" in lines
    assert sum("|supersedes|" in ln for ln in lines) == 1  # supersedes + superseded_by is one edge
    assert "  adr_2 ---|relates to| adr_1" in lines
    assert "  adr_3 -.->|links to| rfc_1" in lines
    assert any(ln.startswith("  runbook_db[") for ln in lines)


def test_graph_dot_for_one_type(repo):
    proc = run(["graph", "rfc", "--format", "dot"], cwd=repo)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.startswith("digraph artifactkit {") and out.rstrip().endswith("}")
    assert 'adr_3 -> rfc_1 [label="links to", style=dotted];' in out
    assert "rfc_1 [label=" in out and "adr_3 [label=" in out  # the rfc and what it connects to
    assert "adr_1" not in out and "runbook" not in out


def test_graph_bad_format_exits_2(repo):
    proc = run(["graph", "--format", "svg"], cwd=repo)
    assert proc.returncode == 2 and "unknown format 'svg'" in proc.stderr
