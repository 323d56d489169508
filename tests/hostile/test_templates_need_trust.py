"""Promise: no template code runs, and no template reads this machine, without ``--trust``;
a hostile template ends in one line within seconds, never a traceback or a hang.

Every test renders for real (Copier, cookiecutter) through the ``artifactkit`` command (``main`` in
this process; the rendering itself runs in the forked, bounded child it always runs in).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import run, write_tree
from hostile_helpers import COPIER_YML, FRONT

from artifactkit.scaffold import bounded

SECRET = "s3cr3t-token-value"


def copier_template(root: Path, body: str = "", extra_yml: str = "", files: dict | None = None) -> Path:
    write_tree(root, {"copier.yml": COPIER_YML + extra_yml, "{{file_name}}.jinja": FRONT + body + "\n", **(files or {})})
    return root


def use_template(repo: Path, template: Path, doc_type: str = "adr") -> None:
    write_tree(repo, {".artifactkit.yaml": f"types:\n  {doc_type}:\n    template: {template}\n"})


def new(repo: Path, *args: str, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """The command (in process), bounded in time: a hang fails the test instead of stalling it."""
    return run(["new", *args, "--no-input"], cwd=repo, input="", env=env, timeout=timeout)


def one_line(proc: subprocess.CompletedProcess) -> str:
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


def repo_files(repo: Path) -> list[str]:
    return sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts)


# --- cookiecutter renders without a sandbox: every cookiecutter template is code -----------------

@pytest.mark.parametrize("dry_run", [False, True], ids=["write", "dry-run"])
def test_cookiecutter_template_is_refused_without_trust(git_repo: Path, tmp_path: Path, dry_run: bool):
    pytest.importorskip("cookiecutter")
    marker = tmp_path / "pwned"
    payload = f"{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}"
    template = tmp_path / "cc"
    write_tree(template, {"cookiecutter.json": f'{{"title": "x", "slug": "x", "pwn": "{payload}"}}',
                         "{{cookiecutter.slug}}/{{cookiecutter.slug}}.md": "# {{ cookiecutter.title }}\n{{ cookiecutter.pwn }}\n"})
    use_template(git_repo, template, doc_type="runbook")
    proc = new(git_repo, "runbook", "Hello", *(["--dry-run"] if dry_run else []))
    line = one_line(proc)
    assert proc.returncode == 1
    assert "--trust" in line and str(template) in line and "cookiecutter" in line
    assert not marker.exists()
    assert repo_files(git_repo) == [".artifactkit.yaml"]
    assert proc.stdout == ""


def test_cookiecutter_template_renders_with_trust(git_repo: Path, tmp_path: Path):
    pytest.importorskip("cookiecutter")
    template = tmp_path / "cc"
    write_tree(template, {"cookiecutter.json": '{"title": "x", "slug": "x"}', "{{cookiecutter.slug}}/{{cookiecutter.slug}}.md": "# {{ cookiecutter.title }}\n"})
    use_template(git_repo, template, doc_type="runbook")
    proc = new(git_repo, "runbook", "Hello", "--trust")
    assert proc.returncode == 0, proc.stderr
    text = (git_repo / "docs/runbooks/hello.md").read_text()
    assert re.fullmatch(r"# Hello\n\n<!-- artifactkit-template: cc@sha256:[0-9a-f]{12} -->\n", text), text  # and its template record


# --- Copier: an untrusted template renders with an allow-list of filters and globals -------------

MACHINE_READERS = {
    "expandvars": "{{ '$SECRET_TOKEN' | expandvars }}",
    "expanduser": "{{ '~' | expanduser }}",
    "fileglob": "{{ (HOME ~ '/*') | fileglob }}",
    "realpath": "{{ (HOME ~ '/link') | realpath }}",
    "relpath": "{{ '/' | relpath }}",
}


def _machine_env(tmp_path: Path) -> dict:
    home = tmp_path / "home-of-alice"
    home.mkdir(exist_ok=True)
    (home / f"{SECRET}.txt").write_text("x")
    if not (home / "link").exists():
        (home / "link").symlink_to(home / f"{SECRET}.txt")
    return {"SECRET_TOKEN": SECRET, "HOME": str(home)}


@pytest.mark.parametrize("where", ["document", "question default"])
@pytest.mark.parametrize("name", sorted(MACHINE_READERS))
def test_copier_filters_that_read_the_machine_need_trust(git_repo: Path, tmp_path: Path, name: str, where: str):
    env = _machine_env(tmp_path)
    expression = MACHINE_READERS[name].replace("HOME", repr(env["HOME"]))
    if where == "document":
        template = copier_template(tmp_path / "tpl", body=expression)
    else:
        question = f"leak:\n  type: str\n  default: \"{expression.replace(chr(34), chr(39))}\"\n"
        template = copier_template(tmp_path / "tpl", body="{{ leak }}", extra_yml=question)
    use_template(git_repo, template)
    for extra in ([], ["--dry-run"]):
        proc = new(git_repo, "adr", "Hello", *extra, env=env)
        line = one_line(proc)
        assert proc.returncode == 1, proc.stderr
        assert repr(name) in line and "--trust" in line
        assert SECRET not in proc.stdout + proc.stderr and "home-of-alice" not in proc.stdout + proc.stderr
        assert repo_files(git_repo) == [".artifactkit.yaml"]
    # the same template with --trust: the filter works (so the refusal above was the sandbox, not a typo)
    proc = new(git_repo, "adr", "Hello", "--trust", "--dry-run", env=env)
    assert proc.returncode == 0, proc.stderr
    if name in ("expandvars", "fileglob", "realpath"):
        assert SECRET in proc.stdout
    elif name == "expanduser":
        assert "home-of-alice" in proc.stdout


def test_the_allow_list_refuses_every_other_filter_test_and_global(tmp_path: Path):
    """The mechanism, not a list of bad inputs: whatever Copier's environment offers beyond the
    allow-list (today's machine readers, or a filter added tomorrow) refuses to run."""
    from jinja2.exceptions import SecurityError

    from artifactkit.scaffold.sandbox import ALLOWED, restrict, worker_class

    template = copier_template(tmp_path / "tpl")
    worker = worker_class()(src_path=str(template), dst_path=tmp_path / "out", unsafe=False)
    env = worker.jinja_env
    trusted = worker_class()(src_path=str(template), dst_path=tmp_path / "out2", unsafe=True).jinja_env
    denied = {kind: sorted(set(table) - ALLOWED[kind]) for kind, table in
              (("filter", trusted.filters), ("test", trusted.tests), ("global", trusted.globals))}
    assert {"expandvars", "expanduser", "fileglob", "realpath", "relpath"} <= set(denied["filter"])
    for name in denied["filter"]:
        with pytest.raises(SecurityError, match=name):
            env.from_string(f"{{{{ 'x' | {name} }}}}").render()
    for name in denied["test"]:
        with pytest.raises(SecurityError, match=name):
            env.from_string(f"{{{{ 'x' is {name} }}}}").render()
    for name in denied["global"]:
        with pytest.raises(SecurityError, match=name):
            env.from_string(f"{{{{ {name}() }}}}").render()
    env.filters["read_file"] = open  # a filter someone adds later is refused once restricted
    restrict(env)
    with pytest.raises(SecurityError, match="read_file"):
        env.from_string("{{ '/etc/hostname' | read_file }}").render()
    assert "cycler" in env.globals and env.from_string("{{ 'a b' | title }}").render() == "A B"


def test_untrusted_template_is_not_told_where_python_and_the_template_live(git_repo: Path, tmp_path: Path):
    template = copier_template(tmp_path / "secret-home" / "tpl", body="[{{ _copier_python }}] [{{ _copier_conf.src_path }}]")
    use_template(git_repo, template)
    proc = new(git_repo, "adr", "Hello", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "secret-home" not in proc.stdout and "/bin/python" not in proc.stdout


# --- a hostile Copier template is a one-line error within seconds ------------------------------

def test_sandbox_escape_is_a_one_line_template_error(git_repo: Path, tmp_path: Path):
    marker = tmp_path / "pwned"
    template = copier_template(tmp_path / "tpl", body=f"{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}")
    use_template(git_repo, template)
    for extra in ([], ["--trust"]):  # the sandbox holds with --trust too: it is an error in the template
        proc = new(git_repo, "adr", "Hello", *extra)
        line = one_line(proc)
        assert proc.returncode == 2
        assert "{{file_name}}.jinja:8" in line and "SecurityError" in line and "fix the template" in line
        assert not marker.exists()
        assert repo_files(git_repo) == [".artifactkit.yaml"]


@pytest.mark.parametrize("body, limit", [
    ("{{ 'x' * 10**10 }}", "memory"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "CPU"),
], ids=["memory", "cpu"])
def test_a_template_that_would_exhaust_the_machine_is_stopped(git_repo: Path, tmp_path: Path, body: str, limit: str, monkeypatch):
    monkeypatch.setattr(bounded, "CPU_SECONDS", 2)  # the loops need years; the product's 10 s would only slow the test
    template = copier_template(tmp_path / "tpl", body=body)
    use_template(git_repo, template)
    proc = new(git_repo, "adr", "Hello", timeout=300)
    line = one_line(proc)
    assert proc.returncode == 2 and limit in line and "fix the template" in line
    assert repo_files(git_repo) == [".artifactkit.yaml"]


INCLUDES = {
    "fifo": "!include answers.fifo",
    "absolute": "!include /etc/hostname",
    "outside": "!include ../outside.yml",
    "proc": "!include " + "../" * 30 + "proc/kmsg",
}


@pytest.mark.parametrize("case", sorted(INCLUDES))
def test_include_of_anything_but_a_file_in_the_template_is_a_one_line_error(git_repo: Path, tmp_path: Path, case: str):
    if case == "proc" and not os.path.exists("/proc/kmsg"):
        pytest.skip("no /proc/kmsg here")
    template = copier_template(tmp_path / "tpl")
    if case == "fifo":
        os.mkfifo(template / "answers.fifo")
    (tmp_path / "outside.yml").write_text("stolen: {type: str, default: x}\n")
    (template / "copier.yml").write_text(COPIER_YML + "---\n" + INCLUDES[case] + "\n")
    use_template(git_repo, template)
    proc = new(git_repo, "adr", "Hello", timeout=30)
    line = one_line(proc)
    assert proc.returncode == 2
    if case == "fifo":  # refused as a template file before anything reads it
        assert "answers.fifo" in line and "not a regular file" in line
    else:
        assert "copier.yml" in line and INCLUDES[case] in line
    assert repo_files(git_repo) == [".artifactkit.yaml"]


@pytest.mark.parametrize("envops", ["{loader: 1}", "{finalize: 1}", "{extensions: [jinja2.ext.do]}", "{newline_sequence: x}"])
def test_jinja_settings_a_template_cannot_use_are_a_one_line_error(git_repo: Path, tmp_path: Path, envops: str):
    template = copier_template(tmp_path / "tpl", extra_yml=f"_envops: {envops}\n")
    use_template(git_repo, template)
    proc = new(git_repo, "adr", "Hello")
    line = one_line(proc)
    assert proc.returncode == 2 and "_envops" in line
    assert repo_files(git_repo) == [".artifactkit.yaml"]


def test_oversized_template_file_is_refused_unread(git_repo: Path, tmp_path: Path):
    template = copier_template(tmp_path / "tpl")
    with open(template / "big.bin", "wb") as fh:
        fh.truncate(64 * 1024 * 1024)  # sparse: no disk used, but 64 MiB to whoever reads it
    use_template(git_repo, template)
    proc = new(git_repo, "adr", "Hello")
    assert proc.returncode == 2 and "big.bin" in one_line(proc)


def test_include_of_a_file_in_the_template_still_works(git_repo: Path, tmp_path: Path):
    template = copier_template(tmp_path / "tpl", body="Deciders: {{ deciders }}.",
                               files={"more/questions.yml": "deciders: {type: str, default: the team}\n"})
    (template / "copier.yml").write_text(COPIER_YML + "---\n!include more/*.yml\n")
    use_template(git_repo, template)
    proc = new(git_repo, "adr", "Hello")
    assert proc.returncode == 0, proc.stderr
    assert "Deciders: the team." in (git_repo / "docs/adr/0001-hello.md").read_text()


@pytest.mark.parametrize("kind", ["fifo", "link-out"])
def test_template_files_that_are_not_regular_files_inside_it_are_refused(git_repo: Path, tmp_path: Path, kind: str):
    template = copier_template(tmp_path / "tpl")
    if kind == "fifo":
        os.mkfifo(template / "notes.txt")
        name = "notes.txt"
    else:
        target = "/proc/kmsg" if os.path.exists("/proc/kmsg") else "/etc/hostname"
        (template / "{{file_name}}.jinja").unlink()
        (template / "{{file_name}}.jinja").symlink_to(target)
        name = "{{file_name}}.jinja"
    use_template(git_repo, template)
    proc = new(git_repo, "adr", "Hello", timeout=30)
    line = one_line(proc)
    assert proc.returncode == 2
    assert name in line
    assert repo_files(git_repo) == [".artifactkit.yaml"]


def test_builtin_templates_render_without_trust(git_repo: Path):
    for doc_type, extra in [("adr", []), ("rfc", []), ("runbook", ["--set", "service=api"]), ("postmortem", []),
                            ("one-on-one", ["--set", "participants=[Ada, Grace]"]), ("review-checklist", ["--pr", "7"])]:
        proc = run(["new", doc_type, "Plain", "--no-input", "--dry-run", *extra], cwd=git_repo)
        assert proc.returncode == 0, (doc_type, proc.stderr)
        assert proc.stdout.startswith("would create ")
