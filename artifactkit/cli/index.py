"""``artifactkit index``: a Markdown table of a type's documents in its folder's README.md.

The table goes between ``<!-- artifactkit:index -->`` and ``<!-- artifactkit:index-end -->``;
everything outside the markers is left alone. ``--check`` only compares (for pre-commit and CI).
"""

from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path
from typing import Optional
from urllib.parse import quote

import typer

START = "<!-- artifactkit:index -->"
END = "<!-- artifactkit:index-end -->"


def register(app: typer.Typer) -> None:
    from artifactkit.errors import handles_errors

    @app.command("index")
    @handles_errors
    def index(
        type: Optional[str] = typer.Argument(None, help="Only this type (default: every type with documents under the docs root)."),
        check: bool = typer.Option(False, "--check", help="Write nothing; exit 1 and show a diff if an index is out of date."),
        config: Optional[Path] = typer.Option(None, "--config", help="Config file (default: .artifactkit.yaml found upwards)."),
    ):
        """Write each type's index table into <folder>/README.md (between artifactkit:index markers)."""
        raise typer.Exit(run_index(type, check, config))


def _cell(text: str) -> str:
    """One table cell: on one line, pipes escaped, and no HTML comment opener, so a title can never
    hold (or forge) the index markers that delimit the table; control characters written as
    ``\\u001b`` (an escape sequence in a README would act on the terminal of whoever cats it)."""
    return _visible(" ".join(text.split())).replace("\\", "\\\\").replace("|", "\\|").replace("<!--", "&lt;!--")


_BIDI = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C))


def _visible(text: str) -> str:
    """Control characters, bidirectional overrides and lone surrogates as ``\\uXXXX``; the rest of
    Unicode (accents, emoji joined with U+200D) as it is: a README is read in an editor as well."""
    import unicodedata

    return "".join(f"\\u{ord(c):04x}" if c in _BIDI or unicodedata.category(c) in ("Cc", "Cs") else c for c in text)


def table(doctype, entries, folder: Path, newline: str = "\n") -> str:
    headers = (["Number"] if doctype.numbered else []) + ["Title"] + (["Status"] if doctype.status_field else []) + ["Date", "Link"]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for e in entries:
        rel = Path(os.path.relpath(e.abspath, folder)).as_posix()
        name = rel.rsplit("/", 1)[-1].encode("utf-8", "replace").decode("utf-8")  # a name that is not UTF-8 shows "?"s
        link = f"[{_cell(name).replace('[', '&#91;').replace(']', '&#93;')}]({quote(rel, safe='/-_.~', errors='surrogateescape')})"
        cells = ([str(e.number) if e.number is not None else ""] if doctype.numbered else []) + [_cell(e.title)]
        cells += ([_cell(e.status or "")] if doctype.status_field else []) + [_cell(e.date or ""), link]
        lines.append("| " + " | ".join(cells) + " |")
    if not entries:
        lines = [f"_No {doctype.name} documents yet._"]
    return newline.join(lines)


def render(existing: str | None, doctype, entries, folder: Path, where: str) -> str:
    """The README's new text: ``existing`` with the block between the markers replaced (or added)."""
    from artifactkit.errors import UserError

    newline = "\r\n" if existing and "\r\n" in existing else "\n"
    block = newline.join([START, "", table(doctype, entries, folder, newline), "", END])
    if existing is None:
        title = (doctype.schemas[-1].get("title") if doctype.schemas else None) or doctype.name
        return _checked(newline.join([f"# {_cell(str(title))} index", "", block, ""]), where)
    starts, ends = existing.count(START), existing.count(END)
    if starts == 0 and ends == 0:
        body = existing.rstrip("\r\n")
        return _checked((body + newline + newline if body else "") + block + newline, where)
    first, last = existing.find(START), existing.find(END)
    if starts != 1 or ends != 1 or last < first:
        raise UserError(f"{where}: expected one '{START}' line followed by one '{END}' line; fix the markers so the index can be updated")
    return _checked(existing[:first] + block + existing[last + len(END) :], where)


def _checked(text: str, where: str) -> str:
    """Whatever went into the table, the README keeps exactly one pair of markers: the next
    ``index`` must be able to find its block again."""
    from artifactkit.errors import UserError

    if text.count(START) != 1 or text.count(END) != 1 or text.find(END) < text.find(START):
        raise UserError(f"{where}: the new index would not have exactly one pair of index markers; nothing was written")
    return text


def targets(config, type_name: str | None, entries) -> list:
    from artifactkit.io.textio import read_document
    from artifactkit.views import catalog

    if type_name is not None:
        return [catalog.get_type(config, type_name)]
    out = []
    for doctype in config.types.values():
        if any(e.type == doctype.name for e in entries):
            out.append(doctype)
        else:
            readme = catalog.index_folder(config, doctype, entries) / "README.md"
            read = read_document(str(readme)) if readme.is_file() else None
            if read is not None and read.text is not None and START in read.text:
                out.append(doctype)  # its last document went away: the index must say so
    return out


def run_index(type_name: str | None, check: bool, config_path) -> int:
    from artifactkit.engine.config import load_config
    from artifactkit.errors import UserError
    from artifactkit.escape import printable
    from artifactkit.io.textio import read_document
    from artifactkit.io.writer import atomic_write, check_inside, make_folders
    from artifactkit.views import catalog

    config = load_config(explicit=config_path)
    all_entries = catalog.build(config, strict=True)  # an index with a silent gap is a wrong index
    stale = 0
    for doctype in targets(config, type_name, all_entries):
        folder = catalog.index_folder(config, doctype, all_entries)
        readme = folder / "README.md"
        shown = printable(catalog.display_path(str(readme)))
        entries = [e for e in all_entries if e.type == doctype.name and e.abspath != catalog.norm_path(readme)]
        existing = None
        check_inside(readme, config.root)  # a README linked out of the repository is neither shown nor replaced
        if readme.exists() or readme.is_symlink():
            read = read_document(str(readme))
            if read.text is None:
                raise UserError(f"{shown}: {read.error}")
            existing = (read.data or b"").decode("utf-8")  # with its BOM, if any: kept as it was
        new = render(existing, doctype, entries, folder, shown)
        if new == existing:
            if not check:
                typer.echo(f"{shown}: up to date")
            continue
        if check:
            stale += 1
            diff = difflib.unified_diff(
                (existing or "").splitlines(keepends=True),
                new.splitlines(keepends=True),
                fromfile=f"a/{shown}" if existing is not None else "/dev/null",
                tofile=f"b/{shown}",
            )
            for line in diff:  # the README's own lines, escaped like every line printed for a person or a CI log
                body = line.removesuffix("\n")
                sys.stdout.write(printable(body.removesuffix("\r")) + ("\n" if line.endswith("\n") else "\n\\ No newline at end of file\n"))
            sys.stderr.write(f"{shown}: the {doctype.name} index is out of date — run 'artifactkit index {doctype.name}'\n")
            continue
        make_folders(folder, config.root)
        atomic_write(readme, new.encode("utf-8"), root=config.root)
        typer.echo(f"{shown}: {'updated' if existing is not None else 'created'} ({len(entries)} {doctype.name} document{'s' if len(entries) != 1 else ''})")
    return 1 if stale else 0
