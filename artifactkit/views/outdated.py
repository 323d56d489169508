"""Documents made from an older version of their type's template, and what the current one adds."""

from __future__ import annotations

from dataclasses import dataclass, field

from artifactkit.errors import UserError
from artifactkit.schema import templates
from artifactkit.schema.project import Config
from artifactkit.views import catalog


@dataclass
class Outdated:
    entry: catalog.Entry
    template: str  # the template the document records
    recorded: str  # the version it was made from
    current: str | None  # the version new would record now (None: the template cannot be reached)
    other_template: bool = False  # the type now uses another template
    adds: list[str] = field(default_factory=list)  # headings of the current template the document lacks

    def to_dict(self) -> dict:
        return {
            **self.entry.to_dict(),
            "template": self.template,
            "recorded": self.recorded,
            "current": self.current,
            "other_template": self.other_template,
            "adds": self.adds,
        }


def collect(config: Config, type_name: str | None = None) -> tuple[list[Outdated], list[catalog.Entry]]:
    """(documents behind their template, documents that record no template)."""
    from artifactkit.schema.opening import open_document

    behind, unrecorded = [], []
    for entry in catalog.build(config, type_name):
        doc = open_document(entry.abspath, config).doc  # its sections under their canonical names
        record = templates.record_of(doc) if doc is not None else None
        if doc is None or record is None:
            unrecorded.append(entry)
            continue
        doctype = config.types[entry.type]
        try:
            spec = templates.template_spec(doctype, config)
        except UserError:
            continue  # the type has no template any more: nothing to compare with
        name, recorded = record
        current_name = templates.record_name(spec, config.root)
        current = templates.current_version(spec, remote=True)
        if name == current_name and recorded == current:
            continue
        have = set(_keys(doc.outline.sections))
        titles = {k[-1]: meta.title for k, meta in doctype.info.sections.items()}
        adds = [titles.get(key, key) for key in sorted(templates.headings(spec) - have, key=lambda k: list(titles).index(k) if k in titles else len(titles))]
        behind.append(Outdated(entry, name, recorded, current, name != current_name, adds))
    return behind, unrecorded


def _keys(sections: dict):
    for key, section in sections.items():
        yield key
        yield from _keys(section.subsections)
