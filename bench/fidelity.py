"""Adopt each folder of a corpus of real documents as a team would, lint it, and run ``--fix``.

    python bench/fidelity.py [--corpus /work/shared/corpus] [--work /tmp/fidelity] [--dump DIR]

Each folder is copied into a scratch git repository at the path it has upstream, then adopted
as README.md's "Adopt in an existing repository" says: a decision log with plain
``artifactkit init``; an RFC, design or runbook folder with the config a team writes from its own
template (the ``CONFIGS`` below; each lists its template's headings, nothing else). Prints, per
folder: the Markdown files present, the documents checked, the findings (per rule), and the
findings after ``lint --fix`` on a copy. ``--dump`` writes every finding (file, line, rule,
message) to ``DIR/<folder>.txt`` for reading by hand (see bench/fidelity.md), and what ``--fix``
changed (a diff) and left out (its notes) to ``DIR/<folder>.fix.diff``.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# folder -> (path upstream, config a team would write, or None for plain `artifactkit init`)
LAYOUT = {
    "madr-decisions": ("docs/decisions", None),
    "nygard-adr-tools": ("doc/adr", None),
    "cisagov-decisions": ("docs/architecture/decisions", None),
    "fac-decisions": ("docs/architecture/decisions", None),
    "react-rfcs": ("text", None),
    "go-design": ("design", None),
    "openshift-runbooks": ("alerts", None),
    "cisagov-runbooks": ("docs/operations/runbooks", None),
}

# Written from each team's template (react's 0000-template.md, Go's design/TEMPLATE.md,
# openshift's runbook template; optional sections such as Go's 'Open issues (if applicable)' left
# out); cisagov's runbooks have none: a title is all they share.
CONFIGS = {
    "react-rfc": """types:
  react-rfc:
    paths: ["text/*.md"]
    sections: [Summary, Basic example, Motivation, Detailed design, Drawbacks, Alternatives,
               Adoption strategy, How we teach this, Unresolved questions]
""",
    "design": """types:
  design:
    paths: ["design/*.md"]
    sections: [Abstract, Background, Proposal, Rationale, Compatibility, Implementation]
""",
    "alert-runbook": """types:
  alert-runbook:
    paths: ["alerts/*.md", "alerts/*/*.md"]
    exclude: ["**/README.md"]
    sections: [Meaning, Impact, Diagnosis, Mitigation]
""",
    "howto": """types:
  howto:
    paths: ["docs/operations/runbooks/*.md"]
    frontmatter: {}
""",
}


# Files the upstream repository holds outside the copied folder that its documents link to
# (each checked in that repository's tree): created empty, so a link that resolves upstream
# resolves here too and only links broken upstream are counted.
UPSTREAM_FILES = {
    "cisagov-runbooks": [  # cisagov/manage.get.gov
        "ops/scripts/create_dev_sandbox.sh",
        "ops/scripts/rotate_cloud_secrets.sh",
        "src/Pipfile",
        "src/Pipfile.lock",
        "src/requirements.txt",
        "src/Dockerfile",
        ".github/actions/django-security-check/Dockerfile",
    ],
}


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "artifactkit", *args], cwd=cwd, capture_output=True, text=True)


def adopt(src: Path, dest: Path) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    upstream, kind = LAYOUT[src.name]
    shutil.copytree(src, dest / upstream)
    for path in UPSTREAM_FILES.get(src.name, ()):
        (dest / path).parent.mkdir(parents=True, exist_ok=True)
        (dest / path).touch()
    subprocess.run(["git", "init", "-q"], cwd=dest, check=True)
    if kind is None:
        run(["init"], dest)
    else:
        (dest / ".artifactkit.yaml").write_text(f"docs_root: {upstream}\n" + CONFIGS[kind])
    subprocess.run(["git", "add", "-A"], cwd=dest, check=True)
    subprocess.run(["git", "-c", "user.name=b", "-c", "user.email=b@b", "commit", "-qm", "adopt"], cwd=dest, check=True)


def findings(repo: Path) -> tuple[list[dict], str]:
    """The findings as JSON, and the text report's summary line (documents checked, files skipped)."""
    proc = run(["lint", "--format", "json", "--no-cache", "--no-baseline"], repo)
    try:
        problems = json.loads(proc.stdout)
    except json.JSONDecodeError:
        print(proc.stdout[-2000:], proc.stderr[-2000:], file=sys.stderr)
        raise
    text = run(["lint", "--no-cache", "--no-baseline"], repo)
    lines = (text.stdout + text.stderr).strip().splitlines()
    return problems, lines[-1] if lines else ""


def coverage(repo: Path) -> tuple[int, int, int, list[str]]:
    """Markdown files in git, checked, skipped or unclaimed with a reason, and those neither (as bench/adopt_coverage.py)."""
    lint = run(["lint", "--verbose", "--no-cache", "--no-baseline"], repo)
    existing = [p for p in subprocess.run(["git", "ls-files", "*.md"], cwd=repo, capture_output=True, text=True).stdout.splitlines() if p]
    checked = set(re.findall(r"^checked (.+?) as ", lint.stderr, re.M))
    skipped = set(re.findall(r"^skipped (.+?): ", lint.stderr, re.M)) | set(re.findall(r"^  (\S+\.md): ", lint.stderr, re.M))
    return len(existing), len(checked), len(skipped - checked), [p for p in existing if p not in checked | skipped]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default="/work/shared/corpus")
    parser.add_argument("--work", default="/tmp/fidelity")
    parser.add_argument("--dump")
    parser.add_argument("folders", nargs="*")
    opts = parser.parse_args()
    corpus, work = Path(opts.corpus), Path(opts.work)
    for name in opts.folders or sorted(LAYOUT):
        repo = work / name
        adopt(corpus / name, repo)
        existing, checked, skipped, neither = coverage(repo)
        problems, summary = findings(repo)
        by_rule = collections.Counter(p["rule"] for p in problems)
        fixed = work / (name + ".fixed")
        if fixed.exists():
            shutil.rmtree(fixed)
        shutil.copytree(repo, fixed)
        fix = run(["lint", "--fix", "--no-cache", "--no-baseline"], fixed)
        after, _ = findings(fixed)
        changed = subprocess.run(["git", "diff", "--stat", "--", "*.md"], cwd=fixed, capture_output=True, text=True).stdout.strip().splitlines()
        print(
            f"{name}: {existing} Markdown files, {checked} checked, {skipped} skipped/unclaimed with a reason, {len(neither)} neither; {summary}; {len(problems)} findings -> {len(after)} after --fix ({len(changed) - 1 if changed else 0} files changed)"
        )
        print("   ", dict(by_rule.most_common()))
        for path in neither[:5]:
            print("    neither checked nor reported:", path)
        if fix.returncode == 3:
            print("    --fix crashed:", fix.stderr.strip()[-300:])
        if opts.dump:
            os.makedirs(opts.dump, exist_ok=True)
            with open(os.path.join(opts.dump, name + ".txt"), "w") as out:
                for p in sorted(problems, key=lambda p: (p["path"], p["line"])):
                    out.write(f"{p['path']}:{p['line']}: {p['rule']}: {p['message']}\n")
            # what --fix changed, to read every change by hand, and what it left out and why
            with open(os.path.join(opts.dump, name + ".fix.diff"), "w") as out:
                out.write(subprocess.run(["git", "diff", "--", "*.md"], cwd=fixed, capture_output=True, text=True).stdout)
                out.write("".join(f"# {line}\n" for line in fix.stderr.splitlines() if line.startswith(("fixed ", "not fixed"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
