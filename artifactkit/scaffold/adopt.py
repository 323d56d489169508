"""``init`` on a repository that already has documents: find its collections, learn each one's
convention, and write the config for them (and for no other type unless ``--types`` asks)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Adoption:
    text: str  # the .artifactkit.yaml to write
    docs_root: str
    types: dict  # built-in types asked for with --types, whose folders init creates
    found: list[str] = field(default_factory=list)  # one line per learned type, for init's report


def learn_repository(root: Path, builtin: dict, wanted: dict | None) -> Adoption | None:
    """None when the repository holds no collection of documents (a new repository: init sets every type up)."""
    from artifactkit.scaffold.detect import configured_folders, find_log
    from artifactkit.scaffold.layout import find_collections
    from artifactkit.scaffold.learned import config_text, learn
    from artifactkit.scaffold.profile import top_sections

    named = configured_folders(root)
    log = find_log(root)
    if log is not None and all(folder != log.folder for _, folder in named):
        named.append((log.found_by, log.folder))
    collections = find_collections(root, named, top_sections)
    if not collections:
        return None
    learned = learn(root, collections, builtin)
    if not learned:
        return None
    first = learned[0].collection.folder
    docs_root = first.split("/", 1)[0] if first != "." else "."
    wanted = {k: v for k, v in (wanted or {}).items() if k not in {t.name for t in learned}}
    found = []
    for item in learned:
        shape = f"extends {item.extends}" if item.extends else f"declared 'type: {item.typed}'" if item.typed else "its own type"
        found.append(f"{item.collection.folder}/ ({item.profile.documents} documents: type {item.name}, {shape})")
    return Adoption(config_text(learned, docs_root, wanted), docs_root, wanted, found)
