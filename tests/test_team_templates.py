"""Team templates named in the config: Copier (local folder, local git repo, git URL) and cookiecutter.

Templates that run code are refused without ``--trust``; rendered names never escape.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import git, lint_json, run, run_installed, write_tree
from docfactory import copier_questions

ADR_BODY = """
# {{ title }}

## Context

_Describe the forces at play and the problem that needs a decision._

## Decision

_State the decision in active voice, for example: We will use a message queue for order events._

## Consequences

_Describe what becomes easier or harder because of this decision, good and bad._

## Alternatives

_List the other options you considered and why you did not choose them._

## Security review

{{ release_note }}
"""

COPIER_YML = copier_questions('release_note:\n  type: str\n  default: "Reviewed by the security team (release RELEASE)."\n')


def copier_template(root: Path, extra_yml: str = "", body_suffix: str = "", name: str = "{{file_name}}.jinja") -> Path:
    doc = "---\ntype: adr\nstatus: {{ status }}\ndate: {{ date }}\n---\n" + ADR_BODY + body_suffix
    write_tree(root, {"copier.yml": COPIER_YML + extra_yml, name: doc})
    return root


def commit_all(repo: Path, message: str, tag: str | None = None) -> None:
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=T", "-c", "user.email=t@e", "-c", "commit.gpgsign=false", "commit", "-q", "-m", message)
    if tag:
        git(repo, "-c", "user.name=T", "-c", "user.email=t@e", "tag", "-a", tag, "-m", tag)


def use_template(repo: Path, spec: str, doc_type: str = "adr", extra: str = "") -> None:
    write_tree(repo, {".artifactkit.yaml": f"types:\n  {doc_type}:\n    template: {spec}\n{extra}"})


def new(repo: Path, *args, env=None):
    # a run with its own HOME needs a new interpreter: cookiecutter takes its folders from HOME on import
    return (run_installed if env else run)(["new", *args, "--no-input"], cwd=repo, input="", env=env)


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and ".git" not in p.parts)


def test_copier_template_from_a_local_git_repo_uses_the_latest_tag(git_repo: Path, tmp_path: Path):
    tpl = copier_template(tmp_path / "team-adr")
    git(tpl, "init", "-q", "-b", "main")
    commit_all(tpl, "first", tag="v1.0.0")
    (tpl / "copier.yml").write_text((tpl / "copier.yml").read_text().replace("RELEASE", "UNRELEASED-DRAFT"))
    commit_all(tpl, "work in progress (not tagged)")
    use_template(git_repo, "../team-adr")
    proc = new(git_repo, "adr", "Adopt Kafka")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "docs/adr/0001-adopt-kafka.md"
    text = (git_repo / "docs/adr/0001-adopt-kafka.md").read_text()
    assert "(release RELEASE)" in text and "UNRELEASED" not in text  # rendered from the tag v1.0.0
    assert "# Adopt Kafka" in text and "## Security review" in text
    assert files_under(git_repo) == [".artifactkit.yaml", "docs/adr/0001-adopt-kafka.md"]  # no answers file
    code, problems = lint_json(["docs/adr"], git_repo)
    assert {p["section"] for p in problems if p["rule"] == "section-placeholder"} == {"Context", "Decision", "Consequences", "Alternatives"}
    # numbering and never-overwrite apply to team templates too
    proc = new(git_repo, "adr", "Adopt Kafka")
    assert proc.stdout.strip() == "docs/adr/0002-adopt-kafka.md"


def test_copier_template_from_a_git_url(git_repo: Path, tmp_path: Path):
    tpl = copier_template(tmp_path / "remote-adr")
    git(tpl, "init", "-q", "-b", "main")
    commit_all(tpl, "first", tag="v2.0.0")
    use_template(git_repo, (tpl.as_uri()))
    proc = new(git_repo, "adr", "From a URL")
    assert proc.returncode == 0, proc.stderr
    assert (git_repo / "docs/adr/0001-from-a-url.md").is_file()


def test_custom_type_extending_a_builtin_with_a_team_template(git_repo: Path, tmp_path: Path):
    copier_template(tmp_path / "tpl")
    use_template(git_repo, "../tpl", doc_type="decision", extra="    extends: adr\n    folder: decisions\n")
    proc = new(git_repo, "decision", "Custom type")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "decisions/0001-custom-type.md"


COOKIECUTTER_JSON = """{
  "title": "Untitled",
  "slug": "untitled",
  "date": "2000-01-01",
  "author": "",
  "service": "payments"
}
"""
RUNBOOK = """---
type: runbook
service: {{ cookiecutter.service }}
owner: {{ cookiecutter.author }}
last_reviewed: {{ cookiecutter.date }}
---

# {{ cookiecutter.title }}

## Symptoms

_Describe the alerts, error messages and behaviour that show this problem._
"""


def cookiecutter_template(root: Path, files: dict | None = None) -> Path:
    write_tree(root, {"cookiecutter.json": COOKIECUTTER_JSON,
                      "{{cookiecutter.slug}}/{{cookiecutter.slug}}.md": RUNBOOK, **(files or {})})
    return root


def assert_home_holds_only_our_cache(home: Path) -> None:
    """Nothing of cookiecutter's in ``home``; artifactkit's own cache folder (config checks it remembers) may be there."""
    written = [p.relative_to(home).as_posix() for p in home.rglob("*") if not p.is_dir()]
    assert all(name.startswith(".cache/artifactkit/") for name in written), written


def test_cookiecutter_template_writes_nothing_into_home(git_repo: Path, tmp_path: Path):
    pytest.importorskip("cookiecutter")
    cookiecutter_template(tmp_path / "cc-runbook")
    use_template(git_repo, "../cc-runbook", doc_type="runbook")
    home = tmp_path / "home"
    home.mkdir()
    proc = new(git_repo, "runbook", "Queue backlog", "--trust", env={"HOME": str(home)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "docs/runbooks/queue-backlog.md"
    text = (git_repo / "docs/runbooks/queue-backlog.md").read_text()
    assert "# Queue backlog" in text and "owner: Test Author" in text and "service: payments" in text
    assert_home_holds_only_our_cache(home)  # no ~/.cookiecutter_replay, no ~/.cookiecutters
    assert files_under(git_repo) == [".artifactkit.yaml", "docs/runbooks/queue-backlog.md"]
    assert new(git_repo, "runbook", "Queue backlog", "--trust", env={"HOME": str(home)}).returncode == 1  # never overwrites


def test_cookiecutter_name_escaping_the_output_is_refused(git_repo: Path, tmp_path: Path):
    pytest.importorskip("cookiecutter")
    write_tree(tmp_path / "evil", {"cookiecutter.json": '{"title": "x", "slug": "x"}',
                                   "{{cookiecutter.title}}/doc.md": "# {{ cookiecutter.title }}\n"})
    use_template(git_repo, "../evil", doc_type="runbook")
    proc = new(git_repo, "runbook", "../../../../escaped", "--trust")
    assert proc.returncode == 1
    assert "leave the output folder" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert not any(tmp_path.rglob("escaped*"))
    assert files_under(git_repo) == [".artifactkit.yaml"]


def test_copier_name_escaping_the_output_is_refused(git_repo: Path, tmp_path: Path):
    copier_template(tmp_path / "evil", name="{{ title }}.md.jinja")
    use_template(git_repo, "../evil")
    proc = new(git_repo, "adr", "../../../../escaped")
    assert proc.returncode == 1, proc.stderr
    assert "outside" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert not any(tmp_path.rglob("escaped*"))
    assert files_under(git_repo) == [".artifactkit.yaml"]


TASK = '_tasks:\n  - "echo Task ran here. >> {{ file_name }}"\n'


def test_copier_tasks_need_trust(git_repo: Path, tmp_path: Path):
    tpl = copier_template(tmp_path / "tasks", extra_yml=TASK)
    git(tpl, "init", "-q", "-b", "main")
    commit_all(tpl, "with a task", tag="v1.0.0")
    use_template(git_repo, "../tasks")
    proc = new(git_repo, "adr", "Needs trust")
    assert proc.returncode == 1
    assert "--trust" in proc.stderr and "_tasks" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert files_under(git_repo) == [".artifactkit.yaml"]
    proc = new(git_repo, "adr", "Needs trust", "--trust")
    assert proc.returncode == 0, proc.stderr
    assert "Task ran here." in (git_repo / "docs/adr/0001-needs-trust.md").read_text()


@pytest.mark.parametrize("extra_yml, feature", [
    ("_jinja_extensions:\n  - jinja2.ext.do\n", "_jinja_extensions"),
    ("_migrations:\n  - version: v2\n    command: echo hi\n", "_migrations"),
])
def test_other_copier_code_features_need_trust(git_repo: Path, tmp_path: Path, extra_yml: str, feature: str):
    copier_template(tmp_path / "tpl", extra_yml=extra_yml)
    use_template(git_repo, "../tpl")
    proc = new(git_repo, "adr", "X")
    assert proc.returncode == 1 and feature in proc.stderr and "--trust" in proc.stderr
    assert new(git_repo, "adr", "X", "--trust").returncode == 0


def test_cookiecutter_hooks_need_trust(git_repo: Path, tmp_path: Path):
    pytest.importorskip("cookiecutter")
    hook = "import pathlib\np = pathlib.Path('{{ cookiecutter.slug }}.md')\np.write_text(p.read_text() + 'Hook ran here.\\n')\n"
    cookiecutter_template(tmp_path / "cc", {"hooks/post_gen_project.py": hook})
    use_template(git_repo, "../cc", doc_type="runbook")
    home = tmp_path / "home"
    home.mkdir()
    proc = new(git_repo, "runbook", "Hooked", env={"HOME": str(home)})
    assert proc.returncode == 1 and "hooks/" in proc.stderr and "--trust" in proc.stderr
    assert files_under(git_repo) == [".artifactkit.yaml"]
    proc = new(git_repo, "runbook", "Hooked", "--trust", env={"HOME": str(home)})
    assert proc.returncode == 0, proc.stderr
    assert "Hook ran here." in (git_repo / "docs/runbooks/hooked.md").read_text()
    assert_home_holds_only_our_cache(home)


def test_bad_template_specs_are_one_line_errors(git_repo: Path, tmp_path: Path):
    use_template(git_repo, "../missing")
    proc = new(git_repo, "adr", "X")
    assert proc.returncode == 2 and "no such folder" in proc.stderr
    (tmp_path / "empty").mkdir()
    use_template(git_repo, "../empty")
    proc = new(git_repo, "adr", "X")
    assert proc.returncode == 2 and "not a Copier template" in proc.stderr
    write_tree(tmp_path / "two", {"copier.yml": "title: {type: str}\n", "a.md.jinja": "# {{ title }}\n", "b.md.jinja": "# b\n"})
    use_template(git_repo, "../two")
    proc = new(git_repo, "adr", "X")
    assert proc.returncode == 2 and "exactly one" in proc.stderr
    use_template(git_repo, "'ext::sh -c touch% /tmp/pwned'")
    proc = new(git_repo, "adr", "X")
    assert proc.returncode == 2
    assert not os.path.exists("/tmp/pwned")
