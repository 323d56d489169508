"""``artifactkit new``: from the user's options to a new document in its folder.

The steps: read the options into a ``Plan`` (title, slug, date, author, status, number), open the
template, render it in a private folder (prompting, if there is a terminal), then, holding the
folder's lock only for the few milliseconds it takes, pick the number, re-render without prompts
if another ``new`` took the number meanwhile, and create the file without ever overwriting one.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from artifactkit.errors import RefusedError, UserError
from artifactkit.escape import printable
from artifactkit.scaffold import naming
from artifactkit.scaffold.claimcheck import refuse_unchecked
from artifactkit.scaffold.render import Rendered, render
from artifactkit.scaffold.sources import TemplateSource, check_trust, open_template
from artifactkit.schema.doctypes import DocType
from artifactkit.schema.templates import template_spec
from artifactkit.suggest import did_you_mean

if TYPE_CHECKING:
    from artifactkit.schema.project import Config


@dataclass
class NewOptions:
    """What the user asked for on the command line."""

    type_name: str
    title: str | None = None
    set_values: list[str] = field(default_factory=list)
    author: str | None = None
    no_input: bool = False
    dry_run: bool = False
    supersedes: int | None = None
    pr: int | None = None
    trust: bool = False
    config_path: Path | None = None


@dataclass
class Plan:
    """Everything known before the template renders."""

    doctype: DocType
    folder: Path
    title: str
    slug: str
    date: str
    author: str | None
    status: str | None
    pr: int | None
    number: int | None  # an explicit number (--set number=N) for a numbered type
    sets: dict[str, str]  # the remaining --set answers, passed to the template as they are
    interactive: bool
    old_path: Path | None = None  # the document --supersedes replaces
    record: str | None = None  # template@version, written into the document
    asked: set[str] = field(default_factory=set)  # answers not given: at a terminal the template asks them, ours as defaults
    config: Config = None  # type: ignore[assignment]  # make_plan sets it: what lint would check (scaffold.claimcheck)

    def name(self, number: int | None) -> str:
        style = naming.number_style(self.folder) if self.doctype.naming == "number" else naming.DEFAULT_STYLE
        compact = self.doctype.naming == "date-slug" and naming.compact_dates(self.folder)
        return naming.file_name(self.doctype.naming, self.slug, number=number, date=self.date, pr=self.pr, style=style, compact=compact)


def new_document(options: NewOptions, say=print) -> Path | None:
    """Create the document (or, with ``dry_run``, show it); ``say`` prints the lines for the user."""
    from artifactkit.engine.config import load_config

    config = load_config(explicit=options.config_path)
    doctype = config.types.get(options.type_name)
    if doctype is None:
        raise UserError(f"unknown document type {options.type_name!r}{did_you_mean(options.type_name, config.types)} — use one of: {', '.join(config.types)}")
    plan = make_plan(options, config, doctype)
    with tempfile.TemporaryDirectory(prefix="artifactkit-new-") as tmp:
        workdir = Path(tmp)
        try:
            spec, skeleton = template_spec(doctype, config), False
        except UserError:
            if doctype.builtin or not doctype.info.required:
                raise
            from artifactkit.scaffold.skeleton import skeleton_template  # a learned type: its sections, in order

            spec, skeleton = skeleton_template(doctype, workdir), True
        source = open_template(spec, workdir)
        check_questions(source, plan, options.type_name)
        check_trust(source, options.trust)
        plan.record = None if skeleton else template_record(spec, source.path, config.root)
        if not plan.title:
            plan.title, plan.slug = ask_title(source)
        if doctype.numbered:
            return _create_numbered(options, plan, source, workdir, say)
        return _create_unnumbered(options, plan, source, workdir, say)


def make_plan(options: NewOptions, config: Config, doctype: DocType) -> Plan:
    sets = parse_sets(options.set_values)
    if "file_name" in sets:
        raise UserError("--set file_name: the file name is computed from the type's naming; set the title, slug, date or number instead")
    pr = _pr_number(options.pr, sets)
    interactive = not options.no_input and sys.stdin.isatty()
    title, slug = _title_and_slug(options, sets, pr, interactive)
    asked = {"date", "author", "status"} - set(sets) - ({"author"} if options.author is not None else set())
    if doctype.status_field and doctype.status_field in sets:
        asked.discard("status")
    date = _date(sets)
    author = options.author if options.author is not None else sets.get("author")
    sets.pop("author", None)
    if author is None:
        author = git_user_name(config.root)
    status = (sets.pop(doctype.status_field, None) if doctype.status_field else None) or doctype.initial_status
    number = _explicit_number(sets, doctype)
    folder = (config.root / (doctype.folder or f"{config.docs_root}/{doctype.name}")).resolve()
    plan = Plan(doctype, folder, title, slug, date, author, status, pr, number, sets, interactive, asked=asked if interactive else set(), config=config)
    if options.supersedes is not None:
        plan.old_path = _superseded_path(plan, options.type_name, options.supersedes)
    return plan


def parse_sets(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            raise UserError(f"--set {item!r}: expected KEY=VALUE with KEY a template question name")
        out[key] = value
    return out


def _pr_number(pr: int | None, sets: dict[str, str]) -> int | None:
    if pr is None and sets.get("pr", "").strip().lstrip("#").isdigit():
        pr = int(sets["pr"].strip().lstrip("#"))
    if pr is not None and pr < 1:
        raise UserError("--pr must be a positive pull request number")
    return pr


def _title_and_slug(options: NewOptions, sets: dict[str, str], pr: int | None, interactive: bool) -> tuple[str, str]:
    raw = options.title if options.title is not None else sets.get("title")
    sets.pop("title", None)
    if raw is None and pr is not None:
        raw = f"Review of PR #{pr}"
    if raw is None:
        if not interactive:
            raise UserError(f'missing title — run: artifactkit new {options.type_name} "Your title"')
        return "", ""  # asked once the template is open, in its words and style (ask_title)
    if "slug" not in sets:
        return naming.title_and_slug(raw)
    # an explicit slug lets a title without ASCII letters (e.g. all emoji) through
    title, slug = naming.clean_title(raw), naming.check_slug(sets.pop("slug"))
    if not title:
        naming.title_and_slug(title)  # raises the "title is empty" error
    return title, slug


def _date(sets: dict[str, str]) -> str:
    date = sets.pop("date", None) or dt.date.today().isoformat()
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        raise UserError(f"invalid date {date!r} — use YYYY-MM-DD") from None
    return date


def _explicit_number(sets: dict[str, str], doctype: DocType) -> int | None:
    if "number" not in sets:
        return None
    try:
        number = int(sets["number"])
    except ValueError:
        raise UserError("--set number=N needs a whole number") from None
    if number < 1:
        raise UserError("--set number=N needs a number of 1 or more")
    if not doctype.numbered:
        sets["number"] = str(number)  # an unnumbered type's template may still ask for a number
        return None
    del sets["number"]
    return number


def git_user_name(cwd: Path) -> str | None:
    try:
        proc = subprocess.run(["git", "config", "user.name"], check=False, cwd=cwd, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.strip() or None


def ask_title(source: TemplateSource) -> tuple[str, str]:
    """Ask the title as Copier asks every other question (its prompt library, mark and the
    template's own help text), so that a person sees one style of question from start to end."""
    import questionary

    spec = source.questions.get("title") if source.kind == "copier" else None
    message = (spec.get("help") if isinstance(spec, dict) else None) or "Title"

    def valid(text: str) -> bool | str:
        try:
            naming.title_and_slug(text)
        except UserError as exc:
            return str(exc)
        return True

    answer = questionary.text(message, qmark="🎤", validate=valid).unsafe_ask()  # Ctrl-C: KeyboardInterrupt
    return naming.title_and_slug(answer)


def _adopt_answers(plan: Plan, answers: dict) -> None:
    """What the person typed at the template's prompts that the file name depends on: the date,
    and a pull request number (a review checklist is then pr-N.md, as with --pr N)."""
    date = answers.get("date")
    if isinstance(date, str) and date.strip():
        plan.date = _date({"date": date.strip()})
    pr = str(answers.get("pr") or "").strip().lstrip("#")
    if plan.pr is None and pr.isdigit() and int(pr) > 0:
        plan.pr = int(pr)


def check_questions(source: TemplateSource, plan: Plan, type_name: str) -> None:
    unknown = [k for k in plan.sets if k not in source.questions]
    if unknown:
        asked = ", ".join(k for k in source.questions if k != "file_name") or "none"
        raise UserError(f"--set {unknown[0]}: the {type_name} template has no such question (its questions: {asked})")


def display(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _render(plan: Plan, source: TemplateSource, workdir: Path, options: NewOptions, number: int | None, answers: dict | None = None) -> Rendered:
    """Render the document for ``number``; ``answers`` (typed at an earlier render's prompts) means: don't prompt."""
    name = plan.name(number)
    naming.safe_target(plan.folder, name)
    auto: dict = {
        "title": plan.title,
        "slug": plan.slug,
        "date": plan.date,
        "file_name": name,
        "author": plan.author,
        "status": plan.status,
        "number": number,
        "pr": None if plan.pr is None else str(plan.pr),
        "supersedes": options.supersedes,
    }
    data = dict(answers or {})  # what the user typed before; the number and names below are this render's
    data.update({k: v for k, v in auto.items() if v is not None and k in source.questions})
    data.update(plan.sets)
    interactive = plan.interactive and answers is None
    # at a terminal, answers the user did not give are asked, with ours as the defaults
    defaults = {k: data.pop(k) for k in plan.asked if k in data} if interactive and source.kind == "copier" else {}
    rendered = render(source, data, workdir, interactive=interactive, trust=options.trust, expected_name=name, user_defaults=defaults)
    if interactive:
        _adopt_answers(plan, rendered.answers)
        name = plan.name(number)
        naming.safe_target(plan.folder, name)
    if options.supersedes is not None and plan.old_path is not None and plan.doctype.format != "frontmatter":
        # a Nygard ADR gets no front matter
        rendered.text = _in_format(rendered.text, plan.doctype, {"supersedes": _link(plan.old_path, options.supersedes, plan.config)})
    elif options.supersedes is not None:
        from artifactkit.document.frontedit import set_frontmatter_text

        rendered.text = set_frontmatter_text(rendered.text, {"supersedes": options.supersedes}, where="the new document")
    if plan.record is not None:
        rendered.text = add_record(rendered.text, plan.record)
    rendered.name = name
    return rendered


def template_record(spec: str, path: Path, root: Path) -> str:
    """``<template>@<version>``: the git tag or commit of a fetched template, a hash of a local one's files."""
    from artifactkit.schema import templates

    version = templates.git_version(path) if templates.is_url(spec) else None
    return f"{templates.record_name(spec, root)}@{version or templates.folder_version(path)}"


def add_record(text: str, record: str) -> str:
    """The record in the front matter; as a trailing comment in a document that has none."""
    from artifactkit.document.frontedit import set_frontmatter_text
    from artifactkit.schema.templates import FIELD

    if text.startswith(("---\n", "---\r\n")):
        return set_frontmatter_text(text, {FIELD: record}, where="the new document")
    newline = "\r\n" if "\r\n" in text else "\n"
    return text.rstrip("\r\n") + newline + newline + f"<!-- artifactkit-template: {record} -->" + newline


def _note_ignored(rendered: Rendered) -> None:
    for extra in rendered.ignored:
        if not Path(extra).name.startswith(".copier-answers"):  # Copier's answers file is never used
            sys.stderr.write(printable(f"note: the template also rendered {extra}; only the document is kept") + "\n")


def _show(target: Path, text: str, say) -> None:
    say(printable(f"would create {display(target)}"))
    say("")
    say(text.removesuffix("\n"))


def _write(target: Path, text: str) -> None:
    from artifactkit.io.writer import create_exclusive

    try:
        create_exclusive(target, text)
    except FileExistsError:
        raise RefusedError(f"{display(target)} already exists; refusing to overwrite it") from None


def _create_unnumbered(options: NewOptions, plan: Plan, source: TemplateSource, workdir: Path, say) -> Path | None:
    target = naming.safe_target(plan.folder, plan.name(None))
    if os.path.lexists(target) and not plan.asked:  # else the answers may still change the name
        raise RefusedError(f"{display(target)} already exists; refusing to overwrite it")
    rendered = _render(plan, source, workdir, options, None)
    target = naming.safe_target(plan.folder, rendered.name)
    _note_ignored(rendered)
    if options.dry_run:
        _show(target, rendered.text, say)
        return None
    refuse_unchecked(plan.config, plan.doctype.name, target, rendered.text)
    plan.folder.mkdir(parents=True, exist_ok=True)
    _write(target, rendered.text)
    say(printable(display(target)))
    return target


def _create_numbered(options: NewOptions, plan: Plan, source: TemplateSource, workdir: Path, say) -> Path | None:
    from artifactkit.io.locks import folder_lock

    number = plan.number or naming.next_number(plan.folder)
    _refuse_taken(plan, options.type_name, "is already used by")
    rendered = _render(plan, source, workdir, options, number)  # any prompting happens here, without the lock
    _note_ignored(rendered)
    if options.dry_run:
        _show(plan.folder / rendered.name, rendered.text, say)
        if plan.old_path is not None:
            sys.stderr.write(printable(f"would mark {display(plan.old_path)} as Superseded by {number}") + "\n")
        return None
    refuse_unchecked(plan.config, plan.doctype.name, plan.folder / rendered.name, rendered.text)
    plan.folder.mkdir(parents=True, exist_ok=True)
    with folder_lock(plan.folder):
        _refuse_taken(plan, options.type_name, "was just taken by")
        free = plan.number or naming.next_number(plan.folder)
        if free != number:  # another `new` wrote meanwhile: same answers, next number, no prompts
            number = free
            rendered = _render(plan, source, workdir, options, number, answers=rendered.answers)
        target = plan.folder / rendered.name
        _write(target, rendered.text)
        say(printable(display(target)))
        if plan.old_path is not None:
            _mark_superseded(plan.old_path, plan.doctype, number, target, plan.config)
    return target


def _refuse_taken(plan: Plan, type_name: str, verb: str) -> None:
    if plan.number is None:
        return
    taken = naming.existing_numbers(plan.folder).get(plan.number)
    if taken:
        raise RefusedError(f"{type_name} number {plan.number} {verb} {', '.join(sorted(taken))}; refusing to create a duplicate")


def _superseded_path(plan: Plan, type_name: str, number: int) -> Path:
    doctype = plan.doctype
    if not doctype.numbered or "superseded" not in {s.lower() for s in doctype.statuses}:
        raise UserError(f"--supersedes works for numbered types with a 'Superseded' status (like adr), not {type_name!r}")
    old_names = naming.existing_numbers(plan.folder).get(number, [])
    if not old_names:
        raise UserError(f"no {type_name} numbered {number} in {display(plan.folder)}")
    if len(old_names) > 1:
        raise UserError(f"several {type_name} documents are numbered {number} ({', '.join(sorted(old_names))}); renumber them first")
    old_path = plan.folder / old_names[0]
    _check_supersedable(old_path, doctype, plan.config)
    return old_path


def _check_supersedable(old_path: Path, doctype: DocType, config: Config) -> None:
    """Refuse before anything is written: unreadable front matter, already superseded, or a status
    that may not become Superseded (the type's transitions, as ``artifactkit status`` applies them)."""
    from artifactkit.document.frontedit import set_frontmatter_text
    from artifactkit.schema.opening import open_document

    opened = open_document(str(old_path), config)  # its status and links as lint reads them
    if opened.doc is None:
        raise UserError(f"{display(old_path)}: {opened.error[1] if opened.error else 'cannot be read'}")
    field_name = doctype.status_field or "status"
    if doctype.format == "frontmatter":  # the edit `new` will make must be one it can make
        set_frontmatter_text(opened.doc.text, {field_name: "Superseded", "superseded_by": 1}, where=display(old_path))
    front = opened.doc.frontmatter
    if front.get("superseded_by") not in (None, ""):
        raise RefusedError(f"{display(old_path)} is already superseded by {front['superseded_by']!r}; refusing to supersede it again")
    current = front.get(field_name)
    allowed = doctype.transitions.get(current) if isinstance(current, str) else None
    if allowed is not None and "superseded" not in {a.lower() for a in allowed} and str(current).lower() != "superseded":
        options = ", ".join(allowed) or "none"
        raise RefusedError(f"{display(old_path)} is {current}; a {doctype.name} that is {current} cannot become Superseded (allowed: {options})")


def _mark_superseded(old_path: Path, doctype: DocType, new_number: int, new_path: Path, config: Config) -> None:
    from artifactkit.document.frontedit import set_frontmatter_values

    superseded = next((s for s in doctype.statuses if s.lower() == "superseded"), "Superseded")
    if doctype.format == "frontmatter":
        set_frontmatter_values(old_path, {doctype.status_field or "status": superseded, "superseded_by": new_number})
    else:  # where the log keeps it: a Nygard ADR's Status section, a MADR status line
        from artifactkit.io.textio import read_bytes
        from artifactkit.io.writer import atomic_write

        text = read_bytes(old_path).decode("utf-8")
        atomic_write(old_path, _in_format(text, doctype, {"status": superseded, "superseded_by": _link(new_path, new_number, config)}).encode("utf-8"))
    sys.stderr.write(printable(f"marked {display(old_path)} as Superseded by {new_number}") + "\n")


def _link(path: Path, number: int, config: Config):
    """A link to a sibling ADR, as an existing log writes one (``[3. Title](0003-title.md)``)."""
    from artifactkit.document import logformats
    from artifactkit.schema.opening import open_document

    title = open_document(str(path), config).title or path.stem
    return logformats.Ref(number, title, path.name)


def _in_format(text: str, doctype: DocType, values: dict) -> str:
    from artifactkit.document import logformats

    return logformats.edit(text, doctype.format, values, where=doctype.name)
