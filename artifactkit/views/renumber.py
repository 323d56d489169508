"""``artifactkit renumber``: give a document another number, and every reference to it with it.

The plan is made in memory first — the file's new name, its title and ``number:``, the
``supersedes`` / ``superseded_by`` / ``relates_to`` of the documents that name it, and every
relative Markdown link to it under the docs root — so that a refusal changes nothing. A number is
free only if no document of the type uses it in this tree or on any other branch.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from urllib.parse import quote, unquote

from artifactkit.checks import references
from artifactkit.document.numbers import FILE_NUMBER_RE as NUMBER_RE
from artifactkit.errors import RefusedError, UserError
from artifactkit.schema.project import Config
from artifactkit.views import catalog

REFERENCE_FIELDS = ("supersedes", "superseded_by", "relates_to")


@dataclass
class Plan:
    entry: catalog.Entry
    new_number: int
    new_path: str  # absolute
    edits: dict[str, tuple[str, str]] = field(default_factory=dict)  # absolute path -> (old text, new text)
    changes: list[str] = field(default_factory=list)  # one line each, for the person

    def edit(self, path: str, old: str, new: str, what: str) -> None:
        if new == old:
            return
        first = self.edits.get(path, (old, old))[0]
        self.edits[path] = (first, new)
        self.changes.append(f"{catalog.display_path(path)}: {what}")

    def text_of(self, path: str) -> str:
        if path in self.edits:
            return self.edits[path][1]
        return _read(path)


def _read(path: str) -> str:
    from artifactkit.io.textio import read_document

    read = read_document(path)
    if read.text is None:
        raise UserError(f"{catalog.display_path(path)}: {read.error}")
    return read.text


def free_numbers(config: Config, type_name: str, entries: list[catalog.Entry]) -> tuple[set[int], dict[int, str]]:
    """Numbers of ``type_name`` used here or on another branch, and where each is used."""
    from artifactkit.engine import branches

    where: dict[int, str] = {}
    for e in entries:
        if e.type == type_name and e.number is not None:
            where.setdefault(e.number, e.path)
    try:
        elsewhere = branches.numbers_elsewhere(config)
    except UserError:  # not a git repository: this tree is all there is
        elsewhere = []
    for doc in elsewhere:
        if doc.type == type_name:
            where.setdefault(doc.number, f"{doc.relpath} on {doc.ref}")
    return set(where), where


def plan(config: Config, type_name: str, old_ref: str, new_number: int | None) -> Plan:
    """``new_number`` None: the next number free on every branch."""
    doctype = catalog.get_type(config, type_name)
    if not doctype.numbered:
        raise UserError(f"{type_name} documents are not numbered (naming: {doctype.naming}); nothing to renumber")
    entries = catalog.build(config, strict=True)  # a number in a folder that cannot be read may be taken
    target = catalog.find(config, old_ref, type_name, entries)
    if target.number is None:
        raise UserError(f"{target.path} has no number")
    used, where = free_numbers(config, type_name, entries)
    if new_number is None:
        new_number = max(used | {target.number}) + 1
    elif new_number < 0:
        raise UserError(f"{new_number}: give a number of 0 or more")
    elif new_number == target.number:
        raise UserError(f"{target.path} is already {type_name} {new_number}")
    elif new_number in used:
        raise RefusedError(f"{type_name} {new_number} is taken by {where[new_number]}; choose another number or use --next")
    new_path = os.path.join(os.path.dirname(target.abspath), _new_name(os.path.basename(target.abspath), new_number))
    if new_path != target.abspath and os.path.lexists(new_path):
        raise RefusedError(f"{catalog.display_path(new_path)} exists already; nothing was changed")
    result = Plan(target, new_number, new_path)
    _renumber_itself(result, target.number)
    _rewrite_references(result, config, entries)
    _rewrite_links(result, config)
    return result


def _new_name(name: str, number: int) -> str:
    match = NUMBER_RE.match(name)
    if not match:
        return name
    digits = match.group(1)
    return f"{number:0{len(digits)}d}{name[len(digits) :]}"


def _renumber_itself(p: Plan, old: int) -> None:
    from artifactkit.document.frontedit import set_frontmatter_text

    path = p.entry.abspath
    text = p.text_of(path)
    if p.entry.frontmatter.get("number") == old:
        text = set_frontmatter_text(text, {"number": p.new_number}, p.entry.path)
    text = _renumber_title(text, old, p.new_number)
    p.edit(path, p.text_of(path), text, f"{p.entry.type} {old} -> {p.new_number}")


def _rewrite_references(p: Plan, config: Config, entries: list[catalog.Entry]) -> None:
    from artifactkit.document.frontedit import set_frontmatter_text

    for e in entries:
        if e.abspath == p.entry.abspath:
            continue
        values = {}
        for key in REFERENCE_FIELDS:
            value = e.frontmatter.get(key)
            if isinstance(value, list):
                new_list = [_new_reference(e, key, v, p, entries, config) for v in value]
                if new_list != value:
                    values[key] = new_list
            elif value is not None:
                new_value = _new_reference(e, key, value, p, entries, config)
                if new_value != value:
                    values[key] = new_value
        if values:
            text = p.text_of(e.abspath)
            changed = set_frontmatter_text(text, values, e.path)
            p.edit(e.abspath, text, changed, ", ".join(f"{k}: {values[k]}" for k in values))


def _new_reference(entry: catalog.Entry, key: str, value, p: Plan, entries, config: Config):
    found = catalog.resolve(entry, value, entries, config, same_type=key != "relates_to")
    if found is None or found.abspath != p.entry.abspath:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return p.new_number
    text = str(value).strip()
    if references.parse_number(text, config.types) is not None:  # 7, "0007", "#7", "adr-7": spelling and width kept
        digits = text[len(text.rstrip("0123456789")) :]
        return text[: len(text) - len(digits)] + f"{p.new_number:0{len(digits)}d}"
    return _renamed_href(text, p)


def _renamed_href(href: str, p: Plan) -> str:
    """``href`` with the old file name replaced by the new one (fragment and query kept)."""
    old_name, new_name = os.path.basename(p.entry.abspath), os.path.basename(p.new_path)
    path, sep, rest = href.partition("#") if "#" in href else (href, "", "")
    head, _, last = path.rpartition("/")
    if unquote(last) != old_name:
        return href
    encoded = quote(new_name, safe="-_.~") if last != old_name else new_name
    return (f"{head}/" if head or path.startswith("/") else "") + encoded + sep + rest


def _body_start(text: str) -> int:
    """Character offset where the Markdown body begins (after the front matter, as the parser sees it)."""
    from artifactkit.document import frontmatter, model

    lines = model.split_lines(text)
    front = frontmatter.parse(lines)
    if front.error_rule == "frontmatter-unterminated":
        return 0
    return len("".join(lines[: front.body_start]))


def _renumber_title(text: str, old: int, new: int) -> str:
    """The number in the title heading only ("# 15. Use PostgreSQL", "# ADR 0015: ...", "# ADR-15 ..."),
    width kept; never a YAML comment or a code block that starts with "# 15"."""
    from artifactkit.document.linkspans import title_span

    base = _body_start(text)
    span = title_span(text[base:])
    if span is None:
        return text
    start, end = base + span[0], base + span[1]
    match = re.compile(rf"(#*[ \t]*(?:[A-Za-z]+[- ]?)?)(0*{old})\b").match(text, start, end)
    if not match or int(match.group(2)) != old:
        return text
    width = len(match.group(2))
    return text[: match.start(2)] + f"{new:0{width}d}" + text[match.end(2) :]


def _rewrite_links(p: Plan, config: Config) -> None:
    from artifactkit.document.linkspans import definition_destinations, link_destinations
    from artifactkit.engine.linter import default_paths
    from artifactkit.io.discovery import discover, symlink_escape

    for path in discover(default_paths(config)):
        absolute = catalog.norm_path(path)
        if symlink_escape(path, config.root):
            continue
        text = p.text_of(absolute)
        if "](" not in text:
            continue
        base = _body_start(text)
        pieces, last = [], 0
        body = text[base:]  # real links only: the parser's spans, not a regex over lines
        for span in sorted(link_destinations(body) + definition_destinations(body), key=lambda s: s.start):
            target = unquote(span.url.split("#", 1)[0].split("?", 1)[0])
            if not target or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target):
                continue
            folder = str(config.root) if target.startswith("/") else os.path.dirname(absolute)
            if catalog.norm_path(os.path.join(folder, target.lstrip("/"))) != p.entry.abspath:
                continue
            start, end = base + span.start, base + span.end
            pieces += [text[last:start], _renamed_href(text[start:end], p)]
            last = end
        new = "".join(pieces) + text[last:]
        if pieces and new != text:
            p.edit(absolute, text, new, f"links to {os.path.basename(p.entry.abspath)} -> {os.path.basename(p.new_path)}")


def moved_entries(p: Plan, entries: list[catalog.Entry], config: Config) -> list[catalog.Entry]:
    from artifactkit.schema.opening import open_document

    title = open_document(p.new_path, config, text=p.text_of(p.entry.abspath)).title  # its number may have changed
    out = []
    for e in entries:
        if e.abspath == p.entry.abspath:
            e = replace(e, number=p.new_number, abspath=p.new_path, path=catalog.display_path(p.new_path), title=(title or e.title).strip())
        out.append(e)
    return out


def apply(p: Plan) -> None:
    """Write every edit, then move the file (never over another); undo what was done if a step fails."""
    from artifactkit.io.writer import atomic_write, check_inside

    for name in (p.entry.abspath, p.new_path):  # the move, like every write, stays inside the repository
        check_inside(name, follow=False)
    written: list[tuple[str, str]] = []
    linked = unlinked = False
    try:
        for path, (old, new) in p.edits.items():
            atomic_write(path, new.encode("utf-8"))
            written.append((path, old))
        if p.new_path != p.entry.abspath:
            os.link(p.entry.abspath, p.new_path)  # fails if the name was taken meanwhile: nothing is overwritten
            linked = True
            os.unlink(p.entry.abspath)
            unlinked = True
    except BaseException:
        if unlinked:
            os.link(p.new_path, p.entry.abspath)
        if linked:
            os.unlink(p.new_path)
        for path, old in written:
            atomic_write(path, old.encode("utf-8"))
        raise
