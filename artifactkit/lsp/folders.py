"""The config that applies to each document, per workspace folder, as the CLI would load it
when run from that folder; a config that fails to load is kept as a value, not raised."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from artifactkit.engine.config import CONFIG_NAMES, load_config
from artifactkit.errors import UserError
from artifactkit.io.textio import read_settings_text
from artifactkit.schema.project import Config

LINE_RE = re.compile(r"\bline (\d+)|:(\d+):\d+: ")  # "... line 3" or "FILE:3:7: ..."


@dataclass(frozen=True)
class ConfigFailure:
    file: Path  # the config file the user has to fix
    line: int  # 1-based, 1 when the message names none
    message: str


class Folders:
    def __init__(self, roots: list[str] | None = None) -> None:
        self.roots: list[Path] = []
        self._loaded: dict[Path, Config | ConfigFailure] = {}
        self.set_roots(roots or [])

    def set_roots(self, roots: list[str]) -> None:
        self.roots = sorted({Path(r).resolve() for r in roots}, key=lambda p: len(p.parts), reverse=True)
        self.reload()

    def reload(self) -> None:
        self._loaded.clear()

    def root_for(self, path: str) -> Path:
        """The innermost workspace folder holding ``path``, else the path's own folder."""
        absolute = Path(path).resolve()  # the roots are resolved too: a symlinked /tmp still matches
        for root in self.roots:  # deepest first
            if absolute == root or root in absolute.parents:
                return root
        return absolute.parent

    def config_for(self, path: str) -> Config | ConfigFailure:
        return self.load(self.root_for(path))

    def load(self, start: Path) -> Config | ConfigFailure:
        if start not in self._loaded:
            try:
                self._loaded[start] = load_config(start=start)
            except UserError as exc:
                self._loaded[start] = failure(start, str(exc))
        return self._loaded[start]

    def failures(self) -> list[ConfigFailure]:
        """The broken configs of the workspace folders (each once)."""
        found = [self.load(root) for root in self.roots]
        return list(dict.fromkeys(f for f in found if isinstance(f, ConfigFailure)))


def failure(start: Path, message: str) -> ConfigFailure:
    match = LINE_RE.search(message)
    return ConfigFailure(config_file(start, message), int(match.group(1) or match.group(2)) if match else 1, message)


def config_file(start: Path, message: str) -> Path:
    """The config file found upwards from ``start`` (as ``config.find_config`` walks), without reading
    it as YAML; else the file the message starts with."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        try:
            if pyproject.is_file() and "[tool.artifactkit" in read_settings_text(pyproject):
                return pyproject
        except (OSError, UnicodeDecodeError):
            continue
    named = Path(message.split(": ", 1)[0])
    return named if named.is_file() else start / CONFIG_NAMES[0]
