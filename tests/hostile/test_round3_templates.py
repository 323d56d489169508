"""Issue 22 items 11 and 12: a Copier template's runtime error is the template's error (one line,
exit 2, naming the template file and line), never an internal error; an untrusted template is not
told where it or its render folder lives; a ``supersedes:`` that leads outside the repository is not
looked up there (the answer would tell whether a file exists)."""

from __future__ import annotations

import os

import pytest
from conftest import run, write_tree
from hostile_helpers import COPIER_YML, FRONT, GOOD


def run_bounded(args, cwd, seconds: float = 20, env=None):
    """The command in process, failed past ``seconds``; an untrusted template renders in the bounded
    child it always renders in, under the product's own CPU and memory limits."""
    return run(args, cwd=cwd, timeout=seconds, env={"GIT_CONFIG_GLOBAL": os.devnull, **(env or {})})



def _repo(tmp_path, body: str, extra_yml: str = ""):
    template = tmp_path / "private-home" / "tpl"
    write_tree(template, {"copier.yml": COPIER_YML + extra_yml, "{{file_name}}.jinja": FRONT + body + "\n"})
    repo = tmp_path / "repo"
    write_tree(repo, {".artifactkit.yaml": f"types:\n  adr:\n    template: {template}\n"})
    (repo / ".git").mkdir()
    return repo


@pytest.mark.parametrize("body, error", [
    ("{{ 1/0 }}", "ZeroDivisionError"),
    ("{{ 'a' + 1 }}", "TypeError"),
    ("{{ range(10**8) | list | length }}", "OverflowError"),
    ("{{ '%d' % 'a' }}", "TypeError"),
    ("{{ (10**400) | float }}", "OverflowError"),
], ids=["division", "concatenation", "range", "format", "float"])
@pytest.mark.parametrize("trust", [False, True], ids=["sandboxed", "trusted"])
def test_a_runtime_error_in_a_template_is_a_one_line_template_error(tmp_path, body, error, trust):
    repo = _repo(tmp_path, "Line 8 of the file: " + body)
    proc = run_bounded(["new", "adr", "Hello", "--no-input", *(["--trust"] if trust else [])], cwd=repo, seconds=60)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("artifactkit: error: template "), proc.stderr
    assert "{{file_name}}.jinja:8 failed to render (" + error in proc.stderr and "fix the template" in proc.stderr
    assert sorted(p.name for p in repo.rglob("*") if p.is_file()) == [".artifactkit.yaml"]


def test_a_runtime_error_in_copier_yml_is_a_template_error(tmp_path):
    repo = _repo(tmp_path, "", extra_yml='extra:\n  type: str\n  default: "{{ 1/0 }}"\n')
    proc = run_bounded(["new", "adr", "Hello", "--no-input"], cwd=repo, seconds=60)
    assert proc.returncode == 2 and "copier.yml" in proc.stderr and "ZeroDivisionError" in proc.stderr, proc.stderr


def test_an_untrusted_template_is_not_told_where_it_or_its_render_folder_lives(tmp_path):
    repo = _repo(tmp_path, "[{{ _copier_answers._src_path }}] [{{ _copier_conf.dst_path }}] [{{ _copier_answers }}]")
    (tmp_path / "tmp-secret").mkdir()
    proc = run_bounded(["new", "adr", "Hello", "--no-input", "--dry-run"], cwd=repo, seconds=60, env={"TMPDIR": str(tmp_path / "tmp-secret")})
    assert proc.returncode == 0, proc.stderr
    assert "private-home" not in proc.stdout and "tmp-secret" not in proc.stdout and str(tmp_path) not in proc.stdout, proc.stdout
    assert "[tpl] [.] [" in proc.stdout, proc.stdout


@pytest.mark.parametrize("field", ["supersedes", "superseded_by"])
def test_a_reference_out_of_the_repository_does_not_tell_what_exists_there(tmp_path, field):
    write_tree(tmp_path, {"outside/exists.md": GOOD, "repo/.artifactkit.yaml": "docs_root: docs\n"})
    (tmp_path / "repo" / ".git").mkdir()
    messages = []
    for name in ("exists.md", "missing.md"):
        write_tree(tmp_path / "repo", {"docs/adr/0001-x.md": GOOD.replace("deciders:", f"{field}: ../../../outside/{name}\ndeciders:")})
        proc = run_bounded(["lint", "--no-cache", "--format", "json"], cwd=tmp_path / "repo")
        assert proc.returncode == 1, proc.stdout + proc.stderr
        messages.append(proc.stdout.replace(name, "NAME"))
        assert "leads outside the repository" in proc.stdout, proc.stdout
    assert messages[0] == messages[1]


def test_a_body_link_out_of_the_repository_does_not_tell_what_exists_there(tmp_path):
    write_tree(tmp_path, {"outside/exists.md": GOOD, "repo/.artifactkit.yaml": "docs_root: docs\n"})
    (tmp_path / "repo" / ".git").mkdir()
    outputs = []
    for name in ("exists.md", "missing.md"):
        write_tree(tmp_path / "repo", {"docs/adr/0001-x.md": GOOD + f"\nSee [there](../../../outside/{name}).\n"})
        proc = run_bounded(["lint", "--no-cache"], cwd=tmp_path / "repo")
        outputs.append((proc.returncode, proc.stdout.replace(name, "NAME")))
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("where", ["file", "cookiecutter.json"])
def test_a_runtime_error_in_a_trusted_cookiecutter_template_is_a_template_error(tmp_path, where):
    """The sibling of the Copier case: cookiecutter renders only with --trust, and its errors ended
    as internal errors too."""
    pytest.importorskip("cookiecutter")
    template = tmp_path / "cc"
    zero = "{{ 1/0 }}"
    write_tree(template, {"cookiecutter.json": '{"title": "x", "slug": "x"' + (f', "z": "{zero}"' if where != "file" else "") + "}",
                          "{{cookiecutter.slug}}/{{cookiecutter.slug}}.md": "# {{ cookiecutter.title }}\n" + (zero if where == "file" else "") + "\n"})
    repo = tmp_path / "repo"
    write_tree(repo, {".artifactkit.yaml": f"types:\n  runbook:\n    template: {template}\n"})
    (repo / ".git").mkdir()
    proc = run_bounded(["new", "runbook", "Hello", "--no-input", "--trust"], cwd=repo, seconds=60)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    expected = "{{cookiecutter.slug}}.md:2" if where == "file" else "cookiecutter.json"
    assert expected in proc.stderr and "ZeroDivisionError" in proc.stderr and "fix the template" in proc.stderr, proc.stderr
