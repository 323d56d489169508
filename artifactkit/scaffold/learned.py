"""The config entry ``init`` (and ``schema derive FOLDER``) writes for a collection: the repository's
own convention, commented with the counts it was learned from.

- Documents that name a built-in type in their front matter (``type: adr``) already follow it: the
  entry only points that type at their folder.
- A log shaped like a built-in format (Nygard / adr-tools, MADR) whose documents all but fit it
  (its required sections are among the learned ones, its required fields are set, the statuses in
  use are its statuses) ``extends`` it, keeping its reading of status, date and links, and adds
  what else most documents have.
- Anything else is a type of its own, named after its folder (``design``, ``alert``); a folder
  named like a built-in type gets its parent's name in front (``operations-runbook``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from artifactkit.scaffold.layout import Collection
from artifactkit.scaffold.profile import REQUIRED, Profile, SectionStat, derive_profile

if TYPE_CHECKING:
    from artifactkit.schema.doctypes import DocType

METADATA_SHARE = 0.2  # a metadata place used by at least this share of documents is listed
NAMING = {"sequence": "number", "date": "date-slug", "slug": "slug", "none": "slug"}


@dataclass
class LearnedType:
    name: str
    collection: Collection
    profile: Profile
    extends: str | None = None
    typed: str | None = None  # the built-in type the documents declare in their front matter
    why_extends: str = ""
    also: list[Collection] = field(default_factory=list)  # more folders of a declared type


def q(value) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML flow scalar


def supported(*path: str) -> bool:
    """Does this artifactkit's config schema know the key at ``path`` (below a type)? Keys other
    branches add (optional sections, metadata, sidecar) are written only once it does."""
    from artifactkit.io import resources
    from artifactkit.io.textio import read_settings_text

    schema = json.loads(read_settings_text(resources.data_dir("schemas") / "config.schema.json"))
    node = schema["$defs"]["type"]["properties"]
    if path[0] == "sections":
        items = node["sections"]["items"]["oneOf"]
        return any(path[1] in i.get("properties", {}) for i in items)
    return path[0] in node


def learn(root: Path, collections: list[Collection], builtin: dict) -> list[LearnedType]:
    found = [t for t in (_learn_one(root, c, builtin) for c in collections) if t is not None]
    # names: a declared built-in type once (its folders' globs together), 'adr' for the largest log
    # that extends an ADR format, every other type after its folder
    out: list[LearnedType] = []
    taken = set(builtin)
    for item in found:
        if item.typed:
            first = next((o for o in out if o.typed == item.typed), None)
            if first is not None:
                first.also.append(item.collection)
                continue
            out.append(item)
    typed = {o.name for o in out}
    for item in found:
        if item.typed:
            continue
        if item.extends and "adr" not in typed and "adr" not in {o.name for o in out}:
            item.name = "adr"
        else:
            item.name = _name(item.collection, taken | {o.name for o in out})
        out.append(item)
    return out


def _learn_one(root: Path, collection: Collection, builtin: dict) -> LearnedType | None:
    """The type of one collection, unnamed yet: a built-in type most of it declares, or its own
    (extending an ADR format it fits); None without a readable document."""
    from artifactkit.scaffold.detect import sniff_format

    profile = derive_profile([str(root / p) for p in collection.documents])
    if not profile.documents:
        return None
    declared, count = (profile.typed.most_common(1) or [(None, 0)])[0]
    if declared in builtin and count * 2 >= profile.documents:
        return LearnedType(declared, collection, profile, typed=declared)
    learned = LearnedType("", collection, profile)
    fmt = sniff_format([root / p for p in collection.documents[:30]], default="")
    base = {"nygard": "adr-nygard", "madr": "adr-madr"}.get(fmt)
    if base and base in builtin:
        fits, why = _fits(profile, builtin[base])
        if fits:
            learned.extends, learned.why_extends = base, why
    return learned


def _base_required(doctype: DocType) -> tuple[list[str], list[str]]:
    schema = doctype.schemas[-1]
    sections = schema.get("properties", {}).get("sections", {}).get("required", [])
    fields = schema.get("properties", {}).get("frontmatter", {}).get("required", [])
    return list(sections), list(fields)


def _fits(profile: Profile, base) -> tuple[bool, str]:
    sections, fields = _base_required(base)
    learned = {s.key for s in profile.required()}
    if not set(sections) <= learned:
        return False, ""
    n = profile.documents
    for name in fields:
        have = sum(profile.statuses.values()) if name == base.status_field else profile.fields.get(name, 0)
        if have < REQUIRED * n:
            return False, ""
    status = base.schemas[-1].get("properties", {}).get("frontmatter", {}).get("properties", {}).get(base.status_field or "", {})
    allowed = {str(s).lower() for s in status.get("enum", [])}  # a free-text status (MADR) takes any word
    if allowed and not all(s.lower() in allowed for s in profile.statuses) and not supported("statuses"):
        return False, ""  # the team's own words could not replace the base type's
    return True, f"its required sections ({', '.join(sections)}) and fields are in most documents"


def _name(collection: Collection, taken: set[str]) -> str:
    from artifactkit.scaffold.naming import slugify

    parts = [p for p in collection.folder.split("/") if p not in (".", "")]
    last = (slugify(parts[-1]) if parts else "") or "document"
    last = last[:-1] if last.endswith("s") and not last.endswith("ss") and len(last) > 3 else last
    name = last
    if (name in taken or not re.match(r"^[a-z]", name)) and len(parts) > 1 and slugify(parts[-2]):
        name = f"{slugify(parts[-2])}-{name}"
    name = name if re.match(r"^[a-z]", name) else f"doc-{name}"
    name = f"{name}-log" if name in taken else name
    base, i = name, 2
    while name in taken:
        name, i = f"{base}-{i}", i + 1
    return name


def off_pattern(folders: list[Collection], profile: Profile) -> list[str]:
    """The files of a numbered log whose names carry no number (or no date) when nearly all others
    do: a design note or a list kept in the folder (``proxy_schema.md`` among ``0001-...`` to
    ``0009-...``), not a record of the log. Init excludes them by name, in the open; a record added
    later without its number is still claimed."""
    from artifactkit.document.numbers import DATE_PREFIX_RE, file_number
    from artifactkit.scaffold.profile import identity_name

    n = profile.documents
    if profile.numbering not in ("sequence", "date") or n < 5 or profile.numbering_count < 0.8 * n:
        return []
    out = []
    for folder in folders:
        for path in folder.documents:
            name = identity_name(path)
            numbered = DATE_PREFIX_RE.match(name) if profile.numbering == "date" else file_number(name) is not None
            if not numbered:
                out.append(path)
    return sorted(out) if len(out) <= 0.2 * n else []


def entry_lines(learned: LearnedType) -> list[str]:
    """The lines of one type's entry (indented for ``types:``), with the counts as comments."""
    c, p = learned.collection, learned.profile
    n = p.documents
    lines = [f"  {learned.name}:"]
    where = f"{c.folder}/" if c.folder != "." else "the repository root"
    if learned.typed:
        lines.append(f"    # {n} documents in {where} declare 'type: {learned.typed}' in their front matter")
    else:
        lines.append(f"    # learned from {n} documents in {where} (found by {c.found_by}); N/{n} = documents that have it")
    if learned.extends:
        lines.append(f"    extends: {learned.extends}  # {learned.why_extends}")
    folders = [c, *learned.also]
    lines.append(f"    paths: {q([f.pattern for f in folders])}")
    excludes = [e for f in folders for e in f.excludes]
    off = [] if learned.typed else off_pattern(folders, p)
    if excludes or off:
        why = ["the folder's index, community and template files"] if excludes else []
        if off:
            why.append(f"{len(off)} named unlike the other {p.numbering_count} ({p.numbering} numbers)")
        lines.append(f"    exclude: {q(excludes + off)}  # {'; '.join(why)}: not documents")
    if "*" not in c.folder:
        lines.append(f"    folder: {q(c.folder)}")
    if learned.typed:
        return lines
    lines.append(f"    naming: {NAMING[p.numbering]}")
    lines.append(f"    numbering: {p.numbering}  # {p.numbering_count}/{n} file names")
    lines += _section_lines(learned)
    lines += _status_lines(learned)
    lines += _metadata_lines(p)
    return lines


def _section_lines(learned: LearnedType) -> list[str]:
    p = learned.profile
    n = p.documents
    base = set(_base_required_keys(learned))
    required = [s for s in p.convention() if s.key not in base]
    optional = [s for s in p.sections if s.key not in base and s not in required]
    out: list[str] = []
    with_optional = supported("sections", "optional")
    listed = required + (optional if with_optional else [])
    if listed:
        out.append("    sections:")
    for stat in sorted(listed, key=lambda s: s.order):
        out.append(_section_line(stat, stat in optional, n))
    if not listed and not learned.extends:
        out.append("    frontmatter: {}  # no section is common to most documents")
    if optional and not with_optional:
        found = ", ".join(f"{s.title} ({s.present}/{n})" for s in optional)
        out.append(f"    # also found, in some documents (not required): {found}")
    return out


def _section_line(stat: SectionStat, optional: bool, n: int) -> str:
    """One ``sections:`` entry of the config, with how many of the ``n`` documents have it, and how spelt."""
    spec: dict = {"title": stat.title}
    if stat.aliases:  # spellings that differ only in what lint's heading matching ignores need no alias
        spec["aliases"] = list(stat.aliases)
    if optional:
        spec["optional"] = True
    body = ", ".join(f"{k}: {q(v) if not isinstance(v, bool) else 'true'}" for k, v in spec.items())
    note = f"{stat.present}/{n}"
    spelt = [f"{h!r} {c}" for h, c in stat.spellings.items() if h != stat.title]
    if spelt:
        note += "; also spelt " + ", ".join(spelt)
    if stat.aliases:
        note += "; " + ", ".join(f"{h!r} in its place in {k}" for h, k in stat.aliases.items())
    return f"      - {{{body}}}  # {note}"


def _base_required_keys(learned: LearnedType) -> list[str]:
    if not learned.extends:
        return []
    from artifactkit.engine.config import builtin_types

    return _base_required(builtin_types()[learned.extends])[0]


STATUS_SHARE = 0.5  # a status vocabulary is a convention when at least this share of documents has a status


def _status_lines(learned: LearnedType) -> list[str]:
    statuses = _vocabulary(learned.profile.statuses)
    if sum(statuses.values()) < STATUS_SHARE * learned.profile.documents:
        return [f"    # a status in only {sum(statuses.values())}/{learned.profile.documents} documents: no status vocabulary"] if statuses else []
    counts = ", ".join(f"{s} {c}" for s, c in statuses.most_common())
    variants = learned.profile.status_variants
    if learned.extends and not variants:
        from artifactkit.engine.config import builtin_types

        base = list(builtin_types()[learned.extends].statuses)
        extra = [s for s, _ in statuses.most_common() if s.lower() not in {b.lower() for b in base}]
        if not extra or not supported("statuses"):
            return [f"    # statuses in use: {counts}"]  # the base type's own words
        # the log's own words beside the format's, which status and supersede write
        return [f"    statuses: {q(base + extra)}  # in use: {counts}"]
    elif learned.extends or variants:  # a status written with more than its word would fail the list: a note only
        more = f" (and written with more words in {sum(variants.values())}, e.g. {variants.most_common(1)[0][0]!r})" if variants else ""
        return [f"    # statuses in use: {counts}{more}"]
    words = [s for s, _ in statuses.most_common()]
    usual = _rest_of_lifecycle(words)
    more = f"; {', '.join(usual)}: the rest of the usual lifecycle, for records to come" if usual else ""
    return [f"    {'' if supported('statuses') else '# '}statuses: {q(words + usual)}  # {counts}{more}"]


LIFECYCLE = ("Proposed", "Accepted", "Rejected", "Deprecated", "Superseded")


def _rest_of_lifecycle(words: list[str]) -> list[str]:
    """A log whose records are all accepted so far still gets proposed, rejected or superseded ones
    (its own template often says "Status: Proposed"): the usual lifecycle's other words, spelt as
    the log spells its own, when the log uses one of them."""
    have = {w.lower() for w in words}
    if not have & {w.lower() for w in LIFECYCLE}:
        return []  # its own vocabulary (Decided, Pending): nothing to guess
    lower = all(w == w.lower() for w in words)
    return [w.lower() if lower else w for w in LIFECYCLE if w.lower() not in have]


def _vocabulary(found: Counter) -> Counter:
    """Statuses by their most common spelling (``accepted`` and ``Accepted`` are one)."""
    spelling: dict[str, Counter] = {}
    for value, count in found.items():
        spelling.setdefault(value.lower(), Counter())[value] += count
    return Counter({c.most_common(1)[0][0]: sum(c.values()) for c in spelling.values()})


def _metadata_lines(p: Profile) -> list[str]:
    n = p.documents
    places = [k for k in ("frontmatter", "lines", "list", "table") if p.metadata.get(k, 0) >= max(1, METADATA_SHARE * n)]
    sidecars = Counter({k.split(":", 1)[1]: v for k, v in p.metadata.items() if k.startswith("sidecar:")})
    sidecar = sidecars.most_common(1)[0] if sidecars else None
    counts = ", ".join(f"{k} {p.metadata[k]}/{n}" for k in places)
    out = []
    if places:
        out.append(f"    {'' if supported('metadata') else '# '}metadata: {q(places)}  # {counts}")
    if sidecar and sidecar[1] >= 0.5 * n:
        out.append(f"    {'' if supported('sidecar') else '# '}sidecar: {q(sidecar[0])}  # beside {sidecar[1]}/{n} documents")
    return out


def config_text(learned: list[LearnedType], docs_root: str, extra: dict | None = None) -> str:
    """The whole ``.artifactkit.yaml`` for a repository whose documents were learned; ``extra``:
    built-in types asked for with ``--types`` (name -> DocType), with their folders."""
    lines = [
        "# artifactkit configuration: https://github.com/artifactkit/artifactkit",
        "# Learned by 'artifactkit init' from the documents already here: each type below says how many",
        "# documents have each section, status and metadata place. Edit freely; 'artifactkit config show'",
        "# prints what is in effect, 'artifactkit schema derive FOLDER' learns a folder again.",
        f"docs_root: {docs_root if re.fullmatch(r'[A-Za-z0-9_./-]+', docs_root) else q(docs_root)}",
        "types:",
    ]
    for item in learned:
        lines += entry_lines(item)
    for name, doctype in (extra or {}).items():
        if name not in {t.name for t in learned}:
            lines += [f"  {name}:", f"    folder: {doctype.folder}"]
    return "\n".join(lines) + "\n"


def derive_folder(folder: Path, name: str | None = None) -> str:
    """``schema derive FOLDER``: the ``types:`` entry learned from every document below ``folder``
    (paths relative to the current folder, or to ``folder`` itself when it lies elsewhere)."""
    import os

    from artifactkit.engine.config import builtin_types
    from artifactkit.errors import UserError
    from artifactkit.scaffold.layout import find_collections

    rel = os.path.relpath(folder)
    root = Path.cwd() if not rel.startswith("..") else folder.resolve()
    rel = Path(rel).as_posix() if not rel.startswith("..") else "."
    named = [("schema derive", rel)] if rel != "." else []
    collections = [c for c in find_collections(root, named) if c.folder == rel] if named else find_collections(root)[:1]
    learned = learn(root, collections, builtin_types()) if collections else []
    if not learned:
        raise UserError(f"{folder}: no Markdown documents to learn from")
    if name:
        if not re.fullmatch(r"[a-z][a-z0-9-]*", name):
            raise UserError(f"--name {name!r}: use lowercase letters, digits and dashes, starting with a letter")
        if name in builtin_types() and learned[0].extends is None and learned[0].typed != name:
            raise UserError(f"--name {name}: a built-in type; its sections would be required on top of the learned ones — choose another name")
        learned[0].name = name
    return "types:\n" + "\n".join(entry_lines(learned[0])) + "\n"
