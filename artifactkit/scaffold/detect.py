"""Find a decision log a repository already keeps, and the format its ADRs are written in.

Where: adr-tools' ``.adr-dir`` (one line, the folder), log4brains' ``.log4brains.yml``
(``project.adrFolder``), else the first of the common folders that holds Markdown files.
A folder that would lie outside the repository is ignored: these files come with the repository.

Which format: each numbered ADR votes — a ``# 7. Title`` heading with a ``## Status`` section is
Nygard (adr-tools); ``Context and Problem Statement`` / ``Considered Options`` / ``Decision Outcome``
is MADR; front matter with a ``status`` and plain sections is artifactkit's own ``adr``.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

COMMON_FOLDERS = ("docs/adr", "docs/adrs", "docs/decisions", "docs/architecture/decisions", "doc/adr", "doc/architecture/decisions")
ADR_TOOLS_DEFAULT = "doc/adr"  # what adr-tools uses when there is no .adr-dir
FORMAT_TYPES = {"nygard": "adr-nygard", "madr": "adr-madr", "frontmatter": "adr"}
FORMAT_NAMES = {"nygard": "Nygard / adr-tools", "madr": "MADR", "frontmatter": "artifactkit front matter"}
SAMPLE = 30  # ADRs read to decide the format

NUMBERED_RE = re.compile(r"^\d+[-_]")
NYGARD_TITLE_RE = re.compile(r"^#\s+\d+\.\s+\S", re.MULTILINE)
STATUS_HEADING_RE = re.compile(r"^##\s+Status\s*$", re.MULTILINE | re.IGNORECASE)
MADR_HEADING_RE = re.compile(r"^##\s+(Context and Problem Statement|Considered Options|Decision Outcome)\s*$", re.MULTILINE | re.IGNORECASE)
MADR_LINE_RE = re.compile(r"^\s*[-*]\s+Status\s*:", re.MULTILINE | re.IGNORECASE)
FRONT_STATUS_RE = re.compile(r"\A---\r?\n(?:.*\r?\n)*?status\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class DecisionLog:
    folder: str  # POSIX, relative to the repository root
    format: str  # a key of FORMAT_TYPES
    found_by: str  # ".adr-dir", ".log4brains.yml" or "folder"

    @property
    def type_name(self) -> str:
        return FORMAT_TYPES[self.format]

    def describe(self) -> str:
        return f"{self.folder}/ ({FORMAT_NAMES[self.format]} decision log, found by {self.found_by})"


def find_log(root: Path) -> DecisionLog | None:
    for found_by, folder in (*_configured(root), *(("folder", f) for f in COMMON_FOLDERS)):
        safe = _inside(root, folder)
        if safe is None or not (root / safe).is_dir():
            continue
        files = _adr_files(root / safe)
        if not files and found_by == "folder":
            continue
        default = "madr" if found_by == ".log4brains.yml" else "nygard" if found_by == ".adr-dir" else "frontmatter"
        return DecisionLog(safe, sniff_format(files, default), found_by)
    return None


def configured_folders(root: Path) -> list[tuple[str, str]]:
    """(found_by, folder) for each decision folder another tool's config names, inside the repository:
    adr-tools' ``.adr-dir``, log4brains' ``adrFolder`` and each of its packages' ``adrFolder``."""
    out = []
    for found_by, folder in _configured(root):
        safe = _inside(root, folder)
        if safe is not None and (root / safe).is_dir():
            out.append((found_by, safe))
    return out


def _configured(root: Path) -> list[tuple[str, str]]:
    out = []
    adr_dir = root / ".adr-dir"
    if adr_dir.is_file():
        text = _read(adr_dir)
        line = text.strip().splitlines()[0].strip() if text and text.strip() else ADR_TOOLS_DEFAULT
        out.append((".adr-dir", line))
    for name in (".log4brains.yml", ".log4brains.yaml"):
        if (root / name).is_file():
            out.extend((".log4brains.yml", folder) for folder in _log4brains_folders(root / name))
    return out


def _log4brains_folders(path: Path) -> list[str]:
    """``project.adrFolder`` and each ``project.packages[].adrFolder`` (a monorepo's packages keep their own logs)."""
    from ruamel.yaml import YAML

    text = _read(path)
    if not text:
        return []
    try:
        data = YAML(typ="safe").load(text)
    except Exception:  # another tool's file: unreadable means "not found here", never a failure of init
        return []
    project = data.get("project") if isinstance(data, dict) else None
    if not isinstance(project, dict):
        return []
    folders = [project.get("adrFolder")]
    packages = project.get("packages")
    if isinstance(packages, list):
        folders += [p.get("adrFolder") for p in packages if isinstance(p, dict)]
    return [f for f in folders if isinstance(f, str) and f.strip()]


def _read(path: Path) -> str | None:
    from artifactkit.io.textio import read_bytes  # bounded: a FIFO named .adr-dir must not hang init

    try:
        return read_bytes(path, 1024 * 1024, "settings file")[: 64 * 1024].decode("utf-8", "replace")
    except OSError:
        return None


def _inside(root: Path, folder: str) -> str | None:
    """``folder`` as a clean relative POSIX path, or None when it is absolute or leads out of ``root``."""
    folder = folder.strip().replace("\\", "/")
    if not folder or os.path.isabs(folder):
        return None
    norm = os.path.normpath(folder).replace(os.sep, "/")
    if norm == "." or norm.startswith("../") or norm == "..":
        return None
    real_root = os.path.realpath(root)
    real = os.path.realpath(root / norm)
    if not (real == real_root or real.startswith(real_root + os.sep)):
        return None
    return norm


def _adr_files(folder: Path) -> list[Path]:
    found: list[Path] = []
    for dirpath, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(dirpath) / f for f in sorted(files) if f.lower().endswith(".md") and NUMBERED_RE.match(f))
        if len(found) >= SAMPLE:
            break
    return found[:SAMPLE]


def sniff_format(files: list[Path], default: str = "frontmatter") -> str:
    votes: Counter = Counter()
    for path in files:
        text = _read(path)
        if text:
            votes[_vote(text)] += 1
    votes.pop(None, None)
    if not votes:
        return default
    return votes.most_common(1)[0][0]


def _vote(text: str) -> str | None:
    if NYGARD_TITLE_RE.search(text) and STATUS_HEADING_RE.search(text):
        return "nygard"
    if MADR_HEADING_RE.search(text) or MADR_LINE_RE.search(text):
        return "madr"
    if FRONT_STATUS_RE.search(text):
        return "frontmatter"
    if STATUS_HEADING_RE.search(text):
        return "nygard"
    return None
