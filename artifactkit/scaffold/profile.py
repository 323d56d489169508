"""A collection's own convention, read from its documents: sections, heading variants, statuses,
numbering and where metadata lives.

- A section most documents have (``REQUIRED`` of them) is required; one that several have
  (``OPTIONAL``, at least two documents) is optional. Sections are compared by
  ``normalize_key`` (the key lint matches headings by); the most common spelling is the title.
- Aliases: a heading that stands, in documents without a common section, where that section
  stands in the others (after the same section, before the same section), in two documents or more.
- Statuses: the values of a ``status`` field (front matter, ``Status: x`` line, ``* Status: x``
  list, ``| Status | x |`` table) or the first line of a ``Status`` section, cleaned of emphasis,
  links and trailing words (``Superseded by [3](...)`` is ``Superseded``).
- Numbering: what the names start with: a sequence (``0007-``, ``adr015-``; numbers that are far
  apart, such as issue numbers, are ``none``: another system's ids), a date, or nothing (``slug``).
- Metadata: front matter, ``Key: value`` lines or ``* Key: value`` lists before the first section,
  a two-column table there, or a YAML file beside the document.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from artifactkit.document.statusword import status_word

if TYPE_CHECKING:
    from artifactkit.document.model import Document

REQUIRED = 0.8
# Below this many documents "most" is all but one: a section one of them lacks is no convention yet
# (five unrelated proposals in a folder, four of them with a Summary)
SMALL = 10
OPTIONAL = 0.2
SAMPLE = 300  # documents read per collection

KEY_LINE_RE = re.compile(r"^\s*(?P<list>[-*+]\s+)?(?:\*\*|__)?(?P<key>[A-Z][A-Za-z0-9 ._/-]{0,30}?)(?:\*\*|__)?\s*:(?:\*\*|__)?\s+(?P<value>\S.*)$")
TABLE_ROW_RE = re.compile(r"^\s*\|\s*(?:\*\*)?(?P<key>[A-Za-z][A-Za-z0-9 ._/-]{0,30}?)(?:\*\*)?\s*\|\s*(?P<value>[^|]*?)\s*\|\s*$")


@dataclass
class SectionStat:
    key: str
    count: int = 0
    spellings: Counter = field(default_factory=Counter)
    aliases: Counter = field(default_factory=Counter)
    order: float = 0.0  # mean position among a document's sections

    @property
    def present(self) -> int:
        """Documents that have it, under its name or a learned alias."""
        return self.count + sum(self.aliases.values())

    @property
    def title(self) -> str:
        return self.spellings.most_common(1)[0][0]


@dataclass
class Profile:
    documents: int = 0
    sections: list[SectionStat] = field(default_factory=list)  # required and optional, in document order
    statuses: Counter = field(default_factory=Counter)
    status_variants: Counter = field(default_factory=Counter)  # statuses written with more than the word
    numbering: str = "slug"
    numbering_count: int = 0
    metadata: Counter = field(default_factory=Counter)
    sidecar: str | None = None
    sidecar_count: int = 0
    fields: Counter = field(default_factory=Counter)  # metadata keys (lower case) -> documents that set them
    typed: Counter = field(default_factory=Counter)  # front matter 'type:' values
    number_style: Counter = field(default_factory=Counter)

    def required(self) -> list[SectionStat]:
        return [s for s in self.sections if s.present >= REQUIRED * self.documents]

    def optional(self) -> list[SectionStat]:
        return [s for s in self.sections if s.present < REQUIRED * self.documents]

    def convention(self) -> list[SectionStat]:
        """The required sections init writes as required: in a small collection, only those every document has."""
        return [s for s in self.required() if self.documents >= SMALL or s.present >= self.documents]


def derive_profile(paths: list[str]) -> Profile:
    from artifactkit.document import model
    from artifactkit.document.sections import normalize_key

    profile = Profile()
    stats: dict[str, SectionStat] = {}
    outlines: list[list[tuple[str, str]]] = []
    names = []
    opening: list[tuple[str, str] | None] = []  # each document's first H1 when its other H1s are sections
    for path in paths[:SAMPLE]:
        doc, _ = model.load(path)
        if doc is None or doc.too_complex:
            continue
        profile.documents += 1
        names.append(identity_name(path))
        keys = [(normalize_key(s.heading), s.heading) for s in doc.outline.sections.values()]
        outlines.append([(k, h) for k, h in keys if k])
        opening.append(_first_h1_among_sections(doc))
        _read_metadata(doc, path, profile)
    # a title is the document's own; the same first "# Summary" in several documents is a section
    # of theirs (RFCs with no title heading), and lint reads it as one (model.match_sections)
    shared = Counter(first[0] for first in opening if first)
    for keys, first in zip(outlines, opening):
        if first and shared[first[0]] >= 2:
            keys.insert(0, first)
    for keys in outlines:
        for position, (key, heading) in enumerate(dict(keys).items()):
            stat = stats.setdefault(key, SectionStat(key))
            stat.count += 1
            stat.spellings[heading] += 1
            stat.order += position / max(1, len(keys))
    n = profile.documents
    common = [s for s in stats.values() if s.count >= max(2, OPTIONAL * n) or (n < 5 and s.count >= REQUIRED * n)]
    for stat in common:
        stat.order /= stat.count
    profile.sections = sorted(common, key=lambda s: s.order)
    _learn_aliases(profile, outlines)
    profile.numbering, profile.numbering_count = numbering_of(names)
    return profile


def _first_h1_among_sections(doc) -> tuple[str, str] | None:
    """``(key, heading)`` of the document's title heading when other level-1 headings follow it."""
    from artifactkit.document.sections import normalize_key

    title = doc.outline.title_section
    if title is None or not any(level == 1 and line != title.line for line, level, _ in doc.outline.headings):
        return None
    key = normalize_key(title.heading)
    return (key, title.heading) if key else None


def identity_name(path: str) -> str:
    """The name a document is known by: its file name, or its folder's for ``x/index.md``."""
    base = os.path.basename(path)
    if base.lower() in ("index.md", "readme.md", "_index.md"):
        return os.path.basename(os.path.dirname(path)) + "/"
    return base


def numbering_of(names: list[str]) -> tuple[str, int]:
    from artifactkit.document.numbers import DATE_PREFIX_RE, file_number

    dated = sum(1 for n in names if DATE_PREFIX_RE.match(n))
    numbers = [x for n in names if (x := file_number(n)) is not None]
    total = max(1, len(names))
    if dated >= 0.6 * total:
        return "date", dated
    if len(numbers) >= 0.6 * total:
        # a sequence is dense: 1..N with a few gaps; issue or pull-request numbers are not
        if max(numbers) <= 2 * len(numbers) + 10:
            return "sequence", len(numbers)
        return "none", len(numbers)
    return "slug", total - len(numbers) - dated


def _learn_aliases(profile: Profile, outlines: list[list[tuple[str, str]]]) -> None:
    """A heading that stands where a common section stands in the others (after the same section,
    before the same one), in two documents or more, and never beside it, is that section's alias;
    its own entry goes (its documents count for the section)."""
    n = profile.documents
    order = [s.key for s in profile.sections]
    by_key = {s.key: s for s in profile.sections}
    own = {s.key for s in profile.sections if s.count >= REQUIRED * n}  # clearly sections of their own
    votes: dict[str, Counter] = {k: Counter() for k in order}
    keys_of: dict[str, str] = {}
    for keys in outlines:
        _vote(keys, order, own, votes, keys_of)
    together = _together(outlines)
    absorbed: set[str] = set()
    for key in sorted(order, key=lambda k: -by_key[k].count):
        if key in absorbed:
            continue
        for heading, count in votes[key].most_common():
            alias_key = keys_of[heading]
            if count < 2 or alias_key in absorbed or alias_key == key or together[(key, alias_key)]:
                continue
            by_key[key].aliases[heading] = count
            absorbed.add(alias_key)
    profile.sections = [s for s in profile.sections if s.key not in absorbed]
    for stat in profile.sections:
        _majority_name(stat)


def _majority_name(stat: SectionStat) -> None:
    """The name most documents write is the section's title, the others its aliases ("Context" in
    ten records, "Background" in three: Context, alias Background)."""
    from artifactkit.document.sections import normalize_key

    if not stat.aliases:
        return
    alias, used = stat.aliases.most_common(1)[0]
    if used <= stat.count:
        return
    stat.aliases[stat.title] = stat.count
    del stat.aliases[alias]
    stat.key, stat.count, stat.spellings = normalize_key(alias), used, Counter({alias: used})


def _together(outlines: list[list[tuple[str, str]]]) -> Counter:
    """How many documents hold each pair of section keys both."""
    together: Counter = Counter()
    for keys in outlines:
        found = {k for k, _ in keys}
        together.update((a, b) for a in found for b in found if a != b)
    return together


def _vote(keys: list[tuple[str, str]], order: list[str], own: set[str], votes: dict[str, Counter], keys_of: dict[str, str]) -> None:
    """One document's votes: for each common section it lacks, the one heading standing in its slot."""
    present = [k for k, _ in keys]
    for i, key in enumerate(order):
        if key in present:
            continue
        # the slot: between the sections most documents have that stand before and after it
        before = next((order[j] for j in range(i - 1, -1, -1) if order[j] in present and order[j] in own), None)
        after = next((order[j] for j in range(i + 1, len(order)) if order[j] in present and order[j] in own), None)
        lo = present.index(before) + 1 if before else 0
        hi = present.index(after) if after else len(present)
        between = [(k, h) for k, h in keys[lo:hi] if k not in own and k != key]
        if len(between) == 1:
            votes[key][between[0][1]] += 1
            keys_of[between[0][1]] = between[0][0]


def _preamble(doc: Document) -> list[str]:
    """The lines before the first section: below the front matter, around the title."""
    start = doc.front.body_start if doc.front.present else 0
    title_line = doc.outline.title_line
    end = len(doc.lines)
    for line, _level, _text in doc.outline.headings:
        if line - 1 >= start and line != title_line:
            end = line - 1
            break
    return [ln.rstrip("\r\n") for ln in doc.lines[start:end]]


def _read_metadata(doc: Document, path: str, profile: Profile) -> None:
    sources: set[str] = set()
    status: str | None = None
    data = doc.front.data if doc.front.present and not doc.front.error and isinstance(doc.front.data, dict) else {}
    if data:
        sources.add("frontmatter")
        profile.fields.update(str(k).lower() for k in data)
        if isinstance(data.get("type"), str):
            profile.typed[data["type"]] += 1
        if isinstance(data.get("status"), str):
            status = data["status"]
    from_front = status is not None
    written = _read_preamble(doc, profile, sources)
    status = status if status is not None else written
    if status is None:
        section = next((s for k, s in doc.outline.sections.items() if k == "status"), None)
        if section is not None:
            status = _first_line(doc, section.line)
    value = status_word(status) if isinstance(status, str) else None
    if value and status is not None:
        profile.statuses[value] += 1
        if from_front and value != status.strip():  # front matter is validated as written: a list of words would not fit it
            profile.status_variants[status.strip()] += 1
    sidecar = _sidecar(path)
    if sidecar:
        sources.add("sidecar")
        profile.metadata[f"sidecar:{sidecar}"] += 1
    profile.metadata.update(sources)


def _read_preamble(doc: Document, profile: Profile, sources: set[str]) -> str | None:
    """Count the ``Key: value`` lines and table rows before the first section; the first status written there."""
    status: str | None = None
    in_fence = False
    for line in _preamble(doc):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence or line.lstrip().startswith("#"):
            continue
        match = KEY_LINE_RE.match(line)
        if match and not match.group("value").startswith("//"):
            sources.add("list" if match.group("list") else "lines")
        else:
            match = TABLE_ROW_RE.match(line)
            if not match or set(match.group("value")) <= set("-: "):
                continue
            sources.add("table")
        key = match.group("key").strip().lower()
        profile.fields[key] += 1
        if key == "status" and status is None:
            status = match.group("value")
    return status


def _first_line(doc: Document, heading_line: int) -> str | None:
    for line in doc.lines[heading_line:]:
        text = line.strip()
        if text.startswith("#"):
            return None
        if text:
            return text.lstrip("-*+ ").strip()
    return None


def _sidecar(path: str) -> str | None:
    """A YAML file beside the document: ``{stem}.yaml``, or the only one in a per-document folder."""
    folder, base = os.path.split(path)
    stem = base.rsplit(".", 1)[0]
    for ext in (".yaml", ".yml"):
        if os.path.isfile(os.path.join(folder, stem + ext)):
            return "{stem}" + ext
    if base.lower() in ("index.md", "readme.md"):
        try:
            yamls = [n for n in os.listdir(folder) if n.endswith((".yaml", ".yml"))]
        except OSError:
            return None
        if len(yamls) == 1:
            return yamls[0]
    return None


def top_sections(paths: list[str]) -> set[str]:
    """The section keys most (``REQUIRED``) of these documents have: a collection's fingerprint."""
    profile = derive_profile(paths[:50])
    return {s.key for s in profile.required()}
