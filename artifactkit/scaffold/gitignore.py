"""``init`` adds the site's output folder to ``.gitignore``: a built site is not a source to commit.

The file's other lines are kept as they are (order, comments, line endings); a line that already
ignores the folder (``_site``, ``_site/``, ``/_site``, ``/_site/``) leaves the file untouched.
"""

from __future__ import annotations

import os
from pathlib import Path

GITIGNORE = ".gitignore"
SITE_OUT = "_site"  # where `artifactkit site build` writes by default (cli.site takes it from here)


def _ignores(line: str, folder: str) -> bool:
    return line.strip() in (folder, f"{folder}/", f"/{folder}", f"/{folder}/")


def add_ignored_folder(root: Path, folder: str) -> str:
    """Make ``root/.gitignore`` ignore ``folder`` (at the root); returns what was done: created, updated or kept."""
    from artifactkit.io.textio import read_settings_text
    from artifactkit.io.writer import atomic_write, create_exclusive

    target = root / GITIGNORE
    if not os.path.lexists(target):
        create_exclusive(target, f"# artifactkit site build output\n/{folder}/\n", root=root)
        return "created"
    text = read_settings_text(target)
    if any(_ignores(line, folder) for line in text.splitlines()):
        return "kept"
    newline = "\r\n" if "\r\n" in text else "\n"
    sep = "" if not text or text.endswith(("\n", "\r")) else newline
    atomic_write(target, f"{text}{sep}# artifactkit site build output{newline}/{folder}/{newline}", root=root)
    return "updated"
