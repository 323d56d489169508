"""The README's "Adopt in an existing repository" commands, run in order on a repository with an
existing, imperfect decision log, as the section describes them."""

from __future__ import annotations

import re
import shlex

from conftest import REPO, git, run, write_tree
from docfactory import document

README = (REPO / "README.md").read_text(encoding="utf-8")


def adopt_commands() -> list[str]:
    section = README.split("## Adopt in an existing repository", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_the_section_follows_the_quick_start():
    headings = re.findall(r"^## (.+)$", README, re.M)
    assert headings[headings.index("Quick start") + 1] == "Adopt in an existing repository"
    assert adopt_commands() == ["artifactkit init", "artifactkit lint --statistics", "artifactkit baseline", "artifactkit lint --fix --diff"]


def test_the_commands_run_in_order_on_an_existing_log(git_repo):
    old = {
        "docs/adr/0001-use-postgres.md": document("adr", {"alternatives": None}).replace("status: Accepted", "status: accepted"),
        "docs/adr/0002-use-a-queue.md": document("adr").replace("## Consequences\n", "## Consequence\n"),
        "docs/adr/0003-drop-the-cache.md": document("adr"),
    }
    write_tree(git_repo, old)
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-qm", "an existing decision log")
    outputs = []
    for command in adopt_commands():
        argv = shlex.split(command)
        assert argv[0] == "artifactkit"
        outputs.append(run(argv[1:], cwd=git_repo))
    init, stats, baseline, diff = outputs
    assert init.returncode == 0, init.stderr
    assert (git_repo / ".artifactkit.yaml").is_file()
    assert stats.returncode == 1
    assert "by rule:\n  2  section-missing (error)\n  1  status-case (warning)\nby type:\n  3  adr\n" in stats.stdout
    assert baseline.returncode == 0 and (git_repo / ".artifactkit-baseline.json").is_file()
    assert run(["lint"], cwd=git_repo).returncode == 0  # accepted for now
    # the preview covers the baselined findings too, and writes nothing
    assert diff.returncode == 0, diff.stderr
    assert "-status: accepted\n+status: Accepted\n" in diff.stdout and "-## Consequence\n+## Consequences\n" in diff.stdout
    # inserting the baselined missing section would bring a finding the baseline lacks: CI would go red
    assert "+## Alternatives\n" not in diff.stdout and "the baseline does not hold" in diff.stderr
    assert "2 files would be fixed" in diff.stderr
    for rel, text in old.items():
        assert (git_repo / rel).read_text(encoding="utf-8") == text
