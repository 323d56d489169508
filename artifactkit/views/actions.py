"""The open action items of every document whose type has an action-item section (postmortems),
for ``artifactkit list actions``."""

from __future__ import annotations

from dataclasses import dataclass

from artifactkit.checks import actions
from artifactkit.schema.project import Config
from artifactkit.views import catalog


@dataclass(frozen=True)
class Row:
    entry: catalog.Entry
    item: actions.ActionItem
    overdue: bool

    def to_dict(self) -> dict:
        data = self.item.to_dict()
        data.update(path=self.entry.path, type=self.entry.type, document=self.entry.title, overdue=self.overdue)
        return data


def collect(config: Config, today, open_only: bool = False, owner: str | None = None) -> list[Row]:
    """Action items under the docs root, by due date (undated last), then document and line."""
    from artifactkit.engine.linter import default_paths
    from artifactkit.io.discovery import discover
    from artifactkit.schema.opening import open_document

    keys = {name: t.action_items for name, t in config.types.items() if t.action_items}
    if not keys or not (config.root / config.docs_root).is_dir():
        return []
    wanted = owner.strip().lstrip("@").lower() if owner else None
    rows = []
    for path in discover(default_paths(config)):
        if config.is_ignored(config.relpath(path)):
            continue
        opened = open_document(path, config)
        # as lint reads it: a blank template's or a stub's items are no one's actions
        if opened.doc is None or opened.doctype is None or opened.doctype.name not in keys:
            continue
        entry = catalog.entry_for(path, config, opened)
        if entry is None:
            continue
        for item in actions.items(opened.doc, keys[entry.type]):
            if _shown(item, open_only, wanted):
                rows.append(Row(entry, item, not item.done and item.due is not None and item.due < today))
    return sorted(rows, key=lambda r: (r.item.due is None, r.item.due or today, r.entry.path, r.item.line))


def _shown(item: actions.ActionItem, open_only: bool, owner: str | None) -> bool:
    """Whether the filters keep ``item``: open ones only, and those of ``owner`` (lower case, no @)."""
    if open_only and item.done:
        return False
    return owner is None or (item.owner or "").lstrip("@").lower() == owner
