"""What a site page shows of a document beyond the catalogue: its title as a reader expects it and
its first date, from wherever the document keeps them."""

from __future__ import annotations

import datetime as dt
import os
import re

from artifactkit.checks.staleness import as_date
from artifactkit.views.catalog import DATE_FIELDS, Entry, shown_title

# a template's stand-in left in place: "[Insert Date]", "{date}", "YYYY-MM-DD", "TBD"
_TEMPLATE_VALUE = re.compile(r"^\[.*\]$|^\{.*\}$|^<.*>$|\bY{2,4}\b|\b(?:insert|tbd|todo|xxx)\b", re.I)
_HUMAN_DATES = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%B %d %Y", "%b. %d, %Y")


def page_title(outline, heading: str | None, entry: Entry, path: str) -> str:
    """The page's title: front matter, else the first heading (an H1 or not), else the file name.
    ``heading``: the title heading as written (``Opened.title``)."""
    given = entry.frontmatter.get("title")
    if isinstance(given, str) and given.strip() and not _placeholder(given) and shown_title(given, heading) == given:
        return given.strip()  # a slug (a KEP's identifier) yields to the heading, as in the catalogue
    if outline is not None and not heading and outline.headings and outline.headings[0][1] != 1:
        first = outline.headings[0][2].strip()  # no H1: the first heading of any level (an H1 here is a section's)
        if first:
            return first
    if heading:
        return entry.title  # the H1 as the catalogue reads it (a log's "# 7. Use X" is "Use X")
    stem = os.path.splitext(os.path.basename(path))[0]
    if stem.lower() in ("index", "readme", "_index"):  # a folder per document (KEPs): the folder names it
        return os.path.basename(os.path.dirname(os.path.abspath(path))) or stem
    return stem


def page_date(entry: Entry) -> str | None:
    """The first date among the document's metadata (front matter or fields lifted from the text or a
    sidecar), as YYYY-MM-DD where it reads as one; a placeholder such as ``[Insert Date]`` is no date."""
    candidates = [entry.date] + [entry.frontmatter.get(k) for k in DATE_FIELDS]
    for value in candidates:
        if value is None or isinstance(value, (dict, list, bool)):
            continue
        parsed = as_date(value) or _human_date(str(value))
        if parsed is not None:
            return parsed.isoformat()
        text = str(value).strip()
        if text and not _placeholder(text):
            return text
    return None


def _human_date(text: str) -> dt.date | None:
    """ "September 2, 2015", "2 Sep 2015", "2015/09/02": dates as people write them in a document's text."""
    text = " ".join(text.split()).strip(" .")
    if not 6 <= len(text) <= 40:
        return None
    for fmt in _HUMAN_DATES:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _placeholder(text: str) -> bool:
    from artifactkit.document.sections import find_placeholders, is_angle_placeholder

    text = text.strip()
    return bool(find_placeholders(text)[0] or is_angle_placeholder(text) or _TEMPLATE_VALUE.search(text))
