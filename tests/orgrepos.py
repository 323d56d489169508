"""Three small repositories of one organisation, exported as catalogues: what the tests of
``artifactkit export``, ``list --catalog`` and the merged site read.

payments' ADR 1 is superseded by platform's ADR 2 (``superseded_by: platform#adr-2`` on one side,
``supersedes: payments#adr-1`` on the other); each repository has one word no other has.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from pathlib import Path

from conftest import git, write_tree
from docfactory import document

TODAY = "2026-12-01"
WORDS = {"payments": "zanzibar", "platform": "quokka", "search": "narwhal"}


def adr(number: int, title: str, status: str, date: str, extra: str = "", body: str = "") -> tuple[str, str]:
    text = document("adr").replace("status: Accepted\n", f"status: {status}\n").replace("date: 2026-11-23\n", f"date: {date}\n{extra}")
    slug = title.lower().replace(" ", "-")
    return f"docs/adr/{number:04d}-{slug}.md", text.replace("# A complete adr\n", f"# {title}\n") + body


def files(name: str) -> dict[str, str]:
    word = WORDS[name]
    out = dict([adr(1, f"{name.capitalize()} starts", "Accepted", "2026-01-05", body=f"\nWe looked at {word} first.\n")])
    out[".artifactkit.yaml"] = "docs_root: docs\n"
    if name == "payments":
        out.update([adr(2, "Use Kafka for payment events", "Superseded", "2026-02-10", "superseded_by: platform#adr-2\ntags: [kafka]\n")])
        pm = document("postmortem", {"action items": "- [ ] Add a pool alert (@ada, OPS-1, due 2026-01-31)\n- [ ] Later (@bob, OPS-2, due 2099-01-01)\n"})
        out["docs/postmortems/2026-11-20-pool.md"] = pm.replace("# A complete postmortem", "# Pool outage")
        out["docs/runbooks/db.md"] = document("runbook").replace("last_reviewed: 2026-11-01", "last_reviewed: 2025-01-15")
    if name == "platform":
        out.update([adr(2, "One Kafka cluster for every team", "Accepted", "2026-03-01", "supersedes: payments#adr-2\ntags: [kafka]\n")])
        out[".artifactkit.yaml"] = "docs_root: docs\nrunbooks:\n  alert_rules: [rules.yml]\n  urls: {'https://runbooks.example.com/': docs/runbooks}\n"
        out["rules.yml"] = (
            "groups:\n  - name: api\n    rules:\n"
            "      - alert: ApiDown\n        expr: up == 0\n        annotations:\n          runbook_url: https://runbooks.example.com/api.md\n"
            "      - alert: DiskFull\n        expr: disk > 0.9\n        annotations:\n          runbook_url: https://runbooks.example.com/disk.md\n"
        )
        out["docs/runbooks/api.md"] = document("runbook").replace("# A complete runbook", "# API down")
    if name == "search":
        out["docs/rfc/0001-index.md"] = document("rfc").replace("# A complete rfc", "# Index layout")
    return out


def make(root: Path, name: str) -> Path:
    repo = root / name
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Test Author")
    git(repo, "config", "user.email", "t@example.com")
    git(repo, "config", "commit.gpgsign", "false")
    write_tree(repo, files(name))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "docs")
    return repo


def cli(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """``artifactkit ARGS`` in this process, from ``cwd``: (exit code, stdout, stderr)."""
    from artifactkit.cli import main

    out, err = io.StringIO(), io.StringIO()
    before = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    finally:
        os.chdir(before)
    return code, out.getvalue(), err.getvalue()


def export(repo: Path, target: Path) -> Path:
    code, _, err = cli(["export", "--output", str(target)], repo)
    assert code == 0, err
    return target


def organisation(root: Path) -> list[Path]:
    """The three repositories' catalogues, in root/catalogs/."""
    (root / "catalogs").mkdir(parents=True)
    return [export(make(root, name), root / "catalogs" / f"{name}.json") for name in WORDS]


def copy_of_organisation(pristine: Path, root: Path) -> list[Path]:
    """What ``organisation(root)`` makes, copied from one made once in ``pristine`` (repositories,
    their git history and the catalogues: none names the folder it is in); a test may write to its copy."""
    shutil.copytree(pristine, root, symlinks=True, dirs_exist_ok=True)
    return [root / "catalogs" / f"{name}.json" for name in WORDS]
