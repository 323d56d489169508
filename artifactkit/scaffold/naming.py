"""File names for new documents: clean titles, slugs, next numbers."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from artifactkit.document.numbers import file_number
from artifactkit.errors import UserError

SLUG_MAX = 60
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def clean_title(title: str) -> str:
    """The user's words without control characters: tabs and newlines become spaces, runs collapse."""
    out = []
    for ch in title:
        if ch in "\t\n\r\v\f\x85\u2028\u2029":
            out.append(" ")
        elif unicodedata.category(ch) == "Cc" or ch in _BIDI:
            continue
        else:
            out.append(ch)
    return " ".join("".join(out).split())


def slugify(text: str, max_length: int = SLUG_MAX) -> str:
    """ASCII lowercase ``[a-z0-9-]``, dashes collapsed, at most ``max_length`` characters cut at a dash.

    Accents are folded (``Café`` -> ``cafe``); anything else that is not a letter or digit
    (slashes, dots, emoji) separates words. May return ``""`` when nothing usable is left.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:max_length]
        slug = slug.strip("-")
    if slug in _WINDOWS_RESERVED:
        slug += "-doc"
    return slug


def title_and_slug(raw_title: str) -> tuple[str, str]:
    """Validate a title given on the command line; return (clean title, slug) or raise a one-line error."""
    title = clean_title(raw_title)
    if not title:
        raise UserError('the title is empty — give the document a title, e.g. artifactkit new TYPE "Use PostgreSQL"')
    slug = slugify(title)
    if not slug:
        raise UserError(
            f"the title {title!r} has no letters or digits to build a file name from — use a title with some ASCII letters or digits, or pass --set slug=..."
        )
    return title, slug


def check_slug(slug: str) -> str:
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug or "") or len(slug) > 200:
        raise UserError(f"invalid slug {slug!r} — use lowercase ASCII letters, digits and single dashes")
    return slug


def number_of(name: str) -> int | None:
    return file_number(name)


def existing_numbers(folder: Path) -> dict[int, list[str]]:
    """Numbers used by the Markdown files in ``folder`` and its subfolders, as ``lint`` counts them
    (``0007-`` prefixes; hidden folders and ``node_modules`` left out, as discovery does), each with
    its path relative to ``folder``. A folder that cannot be read is a ``RefusedError``: a number
    used in it would be given again."""
    from artifactkit.errors import RefusedError

    out: dict[int, list[str]] = {}
    if not os.path.lexists(folder):
        return out

    def unreadable(exc: OSError) -> None:
        from artifactkit.io.paths import display_path

        where = display_path(os.fsdecode(exc.filename) if exc.filename else str(folder))
        raise RefusedError(f"{where}: cannot read it ({exc.strerror or exc}); a number used there could be given again — make it readable")

    for base, dirs, names in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
        for name in names:
            if not name.lower().endswith(".md"):
                continue
            number = number_of(name)
            if number is not None:
                out.setdefault(number, []).append(os.path.relpath(os.path.join(base, name), folder))
    return out


def next_number(folder: Path) -> int:
    """Highest number used in ``folder`` plus one (gaps are not reused); 1 for an empty folder."""
    numbers = existing_numbers(folder)
    return max(numbers, default=0) + 1


NUMBER_STYLE_RE = re.compile(r"^([A-Za-z]{0,10}[-_]?)(\d+)([-_. ])")
DEFAULT_STYLE = ("", 4, "-")


def number_style(folder: Path) -> tuple[str, int, str]:
    """How the numbered files in ``folder`` spell their number: (prefix, digits, separator), the
    most common one (``adr015-x.md`` -> ("adr", 3, "-")); ``0007-`` when the folder has none."""
    from collections import Counter

    try:
        names = os.listdir(folder)
    except OSError:
        return DEFAULT_STYLE
    styles: Counter = Counter()
    for name in names:
        if not name.lower().endswith(".md") or number_of(name) is None:
            continue
        match = NUMBER_STYLE_RE.match(name)
        if match:
            styles[(match.group(1), len(match.group(2)), match.group(3))] += 1
    return styles.most_common(1)[0][0] if styles else DEFAULT_STYLE


def compact_dates(folder: Path) -> bool:
    """Do the dated files in ``folder`` mostly write their date without dashes (``20200925-x.md``)?"""
    from artifactkit.document.numbers import DATE_PREFIX_RE

    try:
        names = os.listdir(folder)
    except OSError:
        return False
    dated = [m for n in names if n.lower().endswith(".md") and (m := DATE_PREFIX_RE.match(n))]
    return sum(1 for m in dated if not m.group(1)) * 2 > len(dated)


def file_name(
    naming: str,
    slug: str,
    number: int | None = None,
    date: str | None = None,
    pr: int | None = None,
    style: tuple[str, int, str] = DEFAULT_STYLE,
    compact: bool = False,
) -> str:
    """``style``: the folder's number spelling (``number_style``); ``compact``: its dates without dashes."""
    if naming == "number":
        prefix, digits, sep = style
        return f"{prefix}{number:0{digits}d}{sep}{slug}.md"
    if naming == "date-slug":
        return f"{date.replace('-', '') if date and compact else date}-{slug}.md"
    if naming == "pr" and pr is not None:
        return f"pr-{pr}.md"
    return f"{slug}.md"


def safe_target(folder: Path, name: str) -> Path:
    """``folder/name``, refusing anything that would not be a plain file directly inside ``folder``."""
    if not name or "/" in name or "\\" in name or name in (".", "..") or "\x00" in name or name.startswith("."):
        raise UserError(f"refusing unsafe file name {name!r}")
    return folder / name
