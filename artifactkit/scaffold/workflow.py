"""The GitHub Actions workflow ``init`` writes: artifactkit installed the way the repository declares
it, the findings as annotations on the pull request and as SARIF in code scanning.

artifactkit is not on a package index yet, so ``pip install artifactkit==X`` would fail; without a
declaration in the repository the workflow installs the release tag that wrote it from its git
repository, and says where to change that.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from artifactkit.io.textio import read_settings_text
from artifactkit.scaffold.hookentry import HOOK_REPO

SARIF = "artifactkit.sarif"
REQUIREMENTS = ("requirements-dev.txt", "dev-requirements.txt", "requirements/dev.txt", "requirements-docs.txt", "requirements/docs.txt", "requirements.txt")
LOCK_MAX_BYTES = 64 << 20  # a lock file of a large project runs to megabytes
_REQUIREMENT = re.compile(r"artifactkit\s*(\[[^\]]*\])?\s*($|[<>=!~;@ #])", re.I)


@dataclass
class Install:
    """How the job gets artifactkit: extra setup steps (YAML lines), the install command, what runs it."""

    why: str  # the comment above the install step
    command: str
    run: str = "artifactkit"  # the command prefix that runs the installed artifactkit
    setup: tuple[str, ...] = ()


def _names_artifactkit(requirement: object) -> bool:
    return isinstance(requirement, str) and _REQUIREMENT.match(requirement.strip().replace("_", "-")) is not None


def _lock_names_artifactkit(path: Path) -> bool:
    try:
        return re.search(r'^name = "artifactkit"$', read_settings_text(path, LOCK_MAX_BYTES), re.M) is not None
    except (OSError, UnicodeDecodeError):
        return False


def declared_install(root: Path) -> Install | None:
    """The way ``root`` already declares artifactkit (a lock file, a requirements file, pyproject's
    optional dependencies or dependency groups), or None."""
    if _lock_names_artifactkit(root / "uv.lock"):
        return Install(
            "artifactkit as uv.lock pins it (change the version there)",
            "uv sync --locked",
            "uv run artifactkit",
            ("      - uses: astral-sh/setup-uv@v6",),
        )
    if _lock_names_artifactkit(root / "poetry.lock"):
        return Install(
            "artifactkit as poetry.lock pins it (change the version there)", "pipx install poetry && poetry install --no-root", "poetry run artifactkit"
        )
    for name in REQUIREMENTS:
        try:
            lines = read_settings_text(root / name).splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        if any(_names_artifactkit(line) for line in lines):
            return Install(f"artifactkit as {name} declares it (change the version there)", f"python -m pip install -r {name}")
    try:
        project = tomllib.loads(read_settings_text(root / "pyproject.toml"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    for group, requirements in (project.get("dependency-groups") or {}).items():
        if isinstance(requirements, list) and any(_names_artifactkit(r) for r in requirements):
            return Install(
                f"artifactkit as pyproject.toml's dependency group {group!r} declares it (change the version there); pip reads groups from 25.1 on",
                f'python -m pip install --upgrade "pip>=25.1" && python -m pip install --group {group}',
            )
    for extra, requirements in ((project.get("project") or {}).get("optional-dependencies") or {}).items():
        if isinstance(requirements, list) and any(_names_artifactkit(r) for r in requirements):
            return Install(
                f"artifactkit as pyproject.toml's optional dependencies {extra!r} declare it (change the version there)", f'python -m pip install ".[{extra}]"'
            )
    return None


def default_install(version: str) -> Install:
    return Install(
        f"artifactkit {version} wrote this workflow. artifactkit is not on PyPI yet, so this installs that release\n"
        "        # tag from its repository: change the tag here, or pin artifactkit in requirements-dev.txt and install that",
        f'python -m pip install "artifactkit @ git+{HOOK_REPO}@v{version}"',
    )


def workflow_text(root: Path, version: str) -> str:
    install = declared_install(root) or default_install(version)
    setup = "".join(line + "\n" for line in install.setup)
    return f"""# Lint engineering documents (ADRs, RFCs, runbooks, postmortems...) with artifactkit: annotations on
# the pull request's diff, and the findings in code scanning (Security tab) through SARIF.
name: artifactkit

on:
  push:
    branches: [main]
  pull_request:

permissions:
  contents: read
  security-events: write  # upload-sarif; code scanning needs GitHub Advanced Security on private repositories

jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
{setup}      - name: Install artifactkit
        # {install.why}
        run: {install.command}
      - name: Lint documents
        # SARIF to the file; annotations (GITHUB_ACTIONS) in the log. The job fails when a document has errors.
        run: {install.run} lint --format sarif --output {SARIF}
      - name: Upload SARIF to code scanning
        # not from a fork's pull request: its token may not write security events (the annotations still show)
        if: ${{{{ !cancelled() && hashFiles('{SARIF}') != '' && (github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository) }}}}
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: {SARIF}
          category: artifactkit
      - name: Export the catalogue
        # this repository's documents, findings and relations for a site of many repositories
        # (artifactkit site build --catalog ...): kept as a build artifact on pushes
        if: ${{{{ !cancelled() && github.event_name == 'push' }}}}
        env:
          NAME: ${{{{ github.event.repository.name }}}}
        run: {install.run} export --name "$NAME" --output artifactkit-catalog.json
      - name: Upload the catalogue
        if: ${{{{ !cancelled() && github.event_name == 'push' && hashFiles('artifactkit-catalog.json') != '' }}}}
        uses: actions/upload-artifact@v4
        with:
          name: artifactkit-catalog
          path: artifactkit-catalog.json
          if-no-files-found: error
          retention-days: 90
"""
