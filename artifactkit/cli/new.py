"""``artifactkit new TYPE [TITLE]``: scaffold a document from its type's template.

Copier (and cookiecutter, for team templates) are imported only when this command runs.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import List, Optional

import typer

from artifactkit.io.paths import display_path

MAX_ATTEMPTS = 200
STALE_LOCK_SECONDS = 120


def register(app: typer.Typer) -> None:
    from artifactkit.errors import handles_errors

    @app.command("new")
    @handles_errors
    def new(
        type_name: str = typer.Argument(..., metavar="TYPE", help="Document type: adr, rfc, runbook, postmortem, one-on-one, review-checklist, or a type from the config."),
        title: Optional[str] = typer.Argument(None, help="The document's title (also gives the file name)."),
        set_values: Optional[List[str]] = typer.Option(None, "--set", "-s", metavar="KEY=VALUE", help="Answer a template question (repeatable)."),
        author: Optional[str] = typer.Option(None, "--author", help="Author (default: git config user.name)."),
        no_input: bool = typer.Option(False, "--no-input", help="Never prompt; use defaults and fail on a missing answer."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Show the path and content; write nothing."),
        supersedes: Optional[int] = typer.Option(None, "--supersedes", metavar="N", help="ADR number this one replaces (marks it Superseded)."),
        pr: Optional[int] = typer.Option(None, "--pr", metavar="N", help="Pull request number (review checklists: names the file pr-N.md)."),
        trust: bool = typer.Option(False, "--trust", help="Allow templates that run code (Copier tasks, cookiecutter hooks)."),
        config: Optional[Path] = typer.Option(None, "--config", help="Config file (default: .artifactkit.yaml found upwards)."),
    ):
        """Create a new document from its type's template and print its path."""
        run_new(
            type_name, title, set_values or [], author=author, no_input=no_input, dry_run=dry_run,
            supersedes=supersedes, pr=pr, trust=trust, config_path=config,
        )


def parse_sets(items: list[str]) -> dict[str, str]:
    import re

    from artifactkit.errors import UserError

    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            raise UserError(f"--set {item!r}: expected KEY=VALUE with KEY a template question name")
        out[key] = value
    return out


def git_user_name(cwd: Path) -> str | None:
    try:
        proc = subprocess.run(["git", "config", "user.name"], cwd=cwd, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    name = proc.stdout.strip()
    return name or None


def template_spec(doctype, config) -> str:
    """The template for a type: its own ``template``, else the built-in one of the type it extends."""
    from artifactkit.errors import UserError
    from artifactkit.io import resources

    if doctype.template:
        return str(doctype.template)
    builtin_paths = {p.resolve(): name for name, p in resources.builtin_schema_paths().items()}
    base = doctype.name if doctype.builtin else next((builtin_paths.get(Path(p).resolve()) for p in doctype.schema_paths[:1]), None)
    if base is None:
        raise UserError(f"type {doctype.name!r} has no template — set 'template' for it in {config.source or '.artifactkit.yaml'}")
    return str(resources.template_dir(base))


@contextmanager
def reserve_number(folder: Path, number: int):
    """Hold ``folder/.artifactkit-NNNN.lock`` (created with O_EXCL) while a number is being used.

    Yields True when this process holds the number, False when another ``new`` run does.
    A lock left behind by a crashed run expires after ``STALE_LOCK_SECONDS``.
    """
    lock = folder / f".artifactkit-{number:04d}.lock"
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            try:
                if time.time() - lock.stat().st_mtime > STALE_LOCK_SECONDS:
                    lock.unlink()
                    continue
            except FileNotFoundError:
                continue
            yield False
            return
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        try:
            yield True
        finally:
            try:
                lock.unlink()
            except FileNotFoundError:
                pass
        return
    yield False


def run_new(type_name: str, title: str | None, set_values: list[str], *, author=None, no_input=False, dry_run=False,
            supersedes=None, pr=None, trust=False, config_path=None) -> Path | None:
    from artifactkit.document.frontedit import set_frontmatter_text
    from artifactkit.engine.config import load_config
    from artifactkit.errors import RefusedError, UserError
    from artifactkit.io.writer import create_exclusive
    from artifactkit.scaffold import naming
    from artifactkit.scaffold.render import open_template, render

    config = load_config(explicit=config_path)
    doctype = config.types.get(type_name)
    if doctype is None:
        raise UserError(f"unknown document type {type_name!r} — use one of: {', '.join(config.types)}")
    sets = parse_sets(set_values)
    if "file_name" in sets:
        raise UserError("--set file_name: the file name is computed from the type's naming; set the title, slug, date or number instead")
    if pr is None and sets.get("pr", "").strip().lstrip("#").isdigit():
        pr = int(sets["pr"].strip().lstrip("#"))
    interactive = not no_input and sys.stdin.isatty()

    raw_title = title if title is not None else sets.pop("title", None)
    if title is not None:
        sets.pop("title", None)
    if raw_title is None and pr is not None:
        raw_title = f"Review of PR #{pr}"
    if raw_title is None:
        if not interactive:
            raise UserError(f"missing title — run: artifactkit new {type_name} \"Your title\"")
        raw_title = typer.prompt("Title")
    if "slug" in sets:  # an explicit slug lets a title without ASCII letters (e.g. all emoji) through
        doc_title, slug = naming.clean_title(raw_title), naming.check_slug(sets.pop("slug"))
        if not doc_title:
            naming.title_and_slug(doc_title)  # raises the "title is empty" error
    else:
        doc_title, slug = naming.title_and_slug(raw_title)
    date = sets.pop("date", None) or dt.date.today().isoformat()
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        raise UserError(f"invalid date {date!r} — use YYYY-MM-DD") from None
    who = author if author is not None else sets.pop("author", None)
    sets.pop("author", None)
    if who is None:
        who = git_user_name(config.root)
    status = sets.pop(doctype.status_field, None) if doctype.status_field else None
    status = status or doctype.initial_status
    if pr is not None and pr < 1:
        raise UserError("--pr must be a positive pull request number")
    explicit_number = None
    if "number" in sets:
        try:
            explicit_number = int(sets.pop("number"))
        except ValueError:
            raise UserError("--set number=N needs a whole number") from None
        if explicit_number < 1:
            raise UserError("--set number=N needs a number of 1 or more")
        if not doctype.numbered:
            sets["number"] = str(explicit_number)
            explicit_number = None

    folder = (config.root / (doctype.folder or f"{config.docs_root}/{doctype.name}")).resolve()
    old_path = None
    if supersedes is not None:
        if not doctype.numbered or "Superseded" not in doctype.statuses:
            raise UserError(f"--supersedes works for numbered types with a 'Superseded' status (like adr), not {type_name!r}")
        old_names = naming.existing_numbers(folder).get(supersedes, [])
        if not old_names:
            raise UserError(f"no {type_name} numbered {supersedes} in {display_path(folder)}")
        if len(old_names) > 1:
            raise UserError(f"several {type_name} documents are numbered {supersedes} ({', '.join(sorted(old_names))}); renumber them first")
        old_path = folder / old_names[0]
        _check_supersedable(old_path, doctype)

    with tempfile.TemporaryDirectory(prefix="artifactkit-new-") as tmp:
        workdir = Path(tmp)
        source = open_template(template_spec(doctype, config), workdir)
        unknown = [k for k in sets if k not in source.questions]
        if unknown:
            asked = ", ".join(k for k in source.questions if k != "file_name") or "none"
            raise UserError(f"--set {unknown[0]}: the {type_name} template has no such question (its questions: {asked})")
        from artifactkit.scaffold.render import check_trust

        check_trust(source, trust)

        def build(number: int | None) -> tuple[str, str]:
            name = naming.file_name(doctype.naming, slug, number=number, date=date, pr=pr)
            naming.safe_target(folder, name)
            auto: dict[str, object] = {"title": doc_title, "slug": slug, "date": date, "file_name": name}
            if who is not None:
                auto["author"] = who
            if status is not None:
                auto["status"] = status
            if number is not None:
                auto["number"] = number
            if pr is not None:
                auto["pr"] = str(pr)
            if supersedes is not None:
                auto["supersedes"] = supersedes
            data = {k: v for k, v in auto.items() if k in source.questions}
            data.update(sets)
            rendered = render(source, data, workdir, interactive=interactive, trust=trust, expected_name=name)
            text = rendered.text
            if supersedes is not None:
                text = set_frontmatter_text(text, {"supersedes": supersedes}, where="the new document")
            for extra in rendered.ignored:
                if Path(extra).name.startswith(".copier-answers"):
                    continue  # Copier's answers file is never used
                sys.stderr.write(f"note: the template also rendered {extra}; only the document is kept\n")
            return name, text

        if not doctype.numbered:
            name = naming.file_name(doctype.naming, slug, date=date, pr=pr)
            target = naming.safe_target(folder, name)
            if os.path.lexists(target):
                raise RefusedError(f"{display_path(target)} already exists; refusing to overwrite it")
            name, text = build(None)
            if dry_run:
                _show(target, text)
                return None
            folder.mkdir(parents=True, exist_ok=True)
            try:
                create_exclusive(target, text)
            except FileExistsError:
                raise RefusedError(f"{display_path(target)} already exists; refusing to overwrite it") from None
            typer.echo(display_path(target))
            return target

        number = explicit_number or naming.next_number(folder)
        if explicit_number is not None and naming.existing_numbers(folder).get(explicit_number):
            taken = ", ".join(sorted(naming.existing_numbers(folder)[explicit_number]))
            raise RefusedError(f"{type_name} number {explicit_number} is already used by {taken}; refusing to create a duplicate")
        if dry_run:
            name, text = build(number)
            if old_path is not None:
                sys.stderr.write(f"would mark {display_path(old_path)} as Superseded by {number}\n")
            _show(folder / name, text)
            return None
        folder.mkdir(parents=True, exist_ok=True)
        for _ in range(MAX_ATTEMPTS):
            with reserve_number(folder, number) as held:
                if held and not naming.existing_numbers(folder).get(number):
                    name, text = build(number)
                    target = folder / name
                    try:
                        create_exclusive(target, text)
                    except FileExistsError:
                        pass
                    else:
                        typer.echo(display_path(target))
                        if old_path is not None:
                            _mark_superseded(old_path, doctype, number)
                        return target
            if explicit_number is not None:
                raise RefusedError(f"{type_name} number {explicit_number} was just taken by another document; refusing to create a duplicate")
            number = max(number + 1, naming.next_number(folder))
        raise UserError(f"could not find a free {type_name} number after {MAX_ATTEMPTS} attempts")


def _check_supersedable(old_path: Path, doctype) -> None:
    """Refuse before anything is written: unreadable front matter, already superseded, or a status
    that may not become Superseded (the type's transitions, as ``artifactkit status`` applies them)."""
    from artifactkit.document.frontedit import set_frontmatter_text
    from artifactkit.document.model import parse_text
    from artifactkit.errors import RefusedError, UserError
    from artifactkit.io.textio import read_document

    read = read_document(str(old_path))
    if read.text is None:
        raise UserError(f"{display_path(old_path)}: {read.error}")
    field = doctype.status_field or "status"
    set_frontmatter_text(read.data.decode("utf-8"), {field: "Superseded", "superseded_by": 1}, where=display_path(old_path))
    front = parse_text(str(old_path), read.text).frontmatter
    if front.get("superseded_by") not in (None, ""):
        raise RefusedError(f"{display_path(old_path)} is already superseded by {front['superseded_by']!r}; refusing to supersede it again")
    current = front.get(field)
    allowed = doctype.transitions.get(current) if isinstance(current, str) else None
    if allowed is not None and "Superseded" not in allowed and current != "Superseded":
        options = ", ".join(allowed) or "none"
        raise RefusedError(f"{display_path(old_path)} is {current}; a {doctype.name} that is {current} cannot become Superseded (allowed: {options})")


def _mark_superseded(old_path: Path, doctype, new_number: int) -> None:
    from artifactkit.document.frontedit import set_frontmatter_values

    set_frontmatter_values(old_path, {doctype.status_field or "status": "Superseded", "superseded_by": new_number})
    sys.stderr.write(f"marked {display_path(old_path)} as Superseded by {new_number}\n")


def _show(target: Path, text: str) -> None:
    typer.echo(f"would create {display_path(target)}")
    typer.echo("")
    typer.echo(text, nl=not text.endswith("\n"))
    return None
