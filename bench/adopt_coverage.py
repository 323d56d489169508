"""Adopt each folder of a corpus of real documents as a new user would: copy it into a scratch git
repository, run plain ``artifactkit init`` then ``artifactkit lint --verbose``, and count, per folder,
the Markdown files that exist, that lint checked, and that it skipped with a reason. Every file must
be one or the other: none may go unmentioned.

    python bench/adopt_coverage.py /work/shared/corpus [--flat] [--keep DIR]

Without ``--flat`` a folder goes where its repository keeps it (from the corpus README's "from"
column when it names a path, else ``docs/<folder>``); with it, at the scratch repository's root.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def where(corpus: Path) -> dict[str, str]:
    """folder -> path in its own repository, from the README table (``| `x/` | owner/repo, path | ...``)."""
    out = {}
    readme = corpus / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.is_file() else ""
    for name, source in re.findall(r"^\|\s*`([^`/]+)/`\s*\|\s*([^|]+)\|", text, re.M):
        path = source.split(",", 1)[1].strip() if "," in source else ""
        out[name] = path if re.fullmatch(r"[\w./-]+", path) else f"docs/{name}"
    return out


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)


def adopt(source: Path, repo: Path, sub: str) -> dict:
    target = repo / sub if sub else repo
    shutil.copytree(source, target, dirs_exist_ok=True)
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qm", "corpus"]):
        run(cmd, repo)
    init = run(["artifactkit", "init", "--hook", "local"], repo)
    lint = run(["artifactkit", "lint", "--verbose", "--no-cache"], repo)
    existing = [p for p in run(["git", "ls-files", "*.md"], repo).stdout.splitlines() if p]
    checked = set(re.findall(r"^checked (.+?) as ", lint.stderr, re.M))
    skipped = set(re.findall(r"^skipped (.+?): ", lint.stderr, re.M))
    unclaimed = set(re.findall(r"^  (\S+\.md): ", lint.stderr, re.M))
    silent = [p for p in existing if p not in checked | skipped | unclaimed]
    return {
        "existing": len(existing),
        "checked": len(checked),
        "skipped": len(skipped | unclaimed),
        "silent": silent,
        "init": init.returncode,
        "lint": lint.returncode,
        "summary": lint.stdout.strip().splitlines()[-1] if lint.stdout.strip() else "",
        "types": re.findall(r"^  ([a-z][a-z0-9-]*):", (repo / ".artifactkit.yaml").read_text(encoding="utf-8"), re.M),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--flat", action="store_true", help="each folder at the scratch repository's root")
    parser.add_argument("--keep", type=Path, help="make the scratch repositories here and keep them")
    args = parser.parse_args()
    places = where(args.corpus)
    scratch = Path(tempfile.mkdtemp(prefix="adopt-")) if args.keep is None else args.keep
    print(f"{'folder':<20} {'existing':>8} {'checked':>8} {'skipped':>8} {'silent':>6}  types; lint summary")
    bad = 0
    for source in sorted(p for p in args.corpus.iterdir() if p.is_dir()):
        repo = scratch / source.name
        shutil.rmtree(repo, ignore_errors=True)
        repo.mkdir(parents=True)
        row = adopt(source, repo, "" if args.flat else places.get(source.name, f"docs/{source.name}"))
        bad += len(row["silent"]) + (row["init"] != 0)
        print(
            f"{source.name:<20} {row['existing']:>8} {row['checked']:>8} {row['skipped']:>8} {len(row['silent']):>6}  {','.join(row['types'])}; {row['summary']}"
        )
        for path in row["silent"][:5]:
            print(f"    neither checked nor reported: {path}")
    if args.keep is None:
        shutil.rmtree(scratch, ignore_errors=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
