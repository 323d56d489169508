"""Messages and fixes in the document's own format: a Nygard or MADR ADR has no front matter to
speak of, so a field is named as the document writes it ("Status", a "Superseded by [...]" line)."""

from __future__ import annotations

from artifactkit.document.logformats import Ref

LABELS = {"supersedes": "Supersedes", "superseded_by": "Superseded by", "status": "Status", "date": "Date"}


def body_label(name: str) -> str:
    """The word the Nygard and MADR formats use for a field: ``superseded_by`` -> ``Superseded by``."""
    return LABELS.get(name, name.replace("_", " ").capitalize())


def field_label(fmt: str, name: str, in_front_matter: bool) -> str:
    """How a message names a field: ``front matter "status"`` where YAML front matter holds it, else ``"Status"``."""
    if fmt == "frontmatter" or in_front_matter:
        return f'front matter "{name}"'
    return f'"{body_label(name)}"'


def reverse_missing(fmt: str, reverse: str, target: str, ref: Ref, plain: object) -> str:
    """``TARGET does not … — add …``: the other half of a supersede link, as ``fmt`` (the target's format) writes it."""
    if fmt == "nygard":
        line = f"{body_label(reverse)} {ref.markdown('nygard')}"
        return f"{target} has no '{body_label(reverse)}' line for this document — add the line '{line}' to its '## Status' section"
    if fmt == "madr" and reverse == "superseded_by":
        return f"{target} does not say it is superseded by this document — set its status to 'superseded by {ref.markdown('madr')}'"
    if fmt == "madr":
        return (
            f"{target} does not say it supersedes this document — add '{reverse}: {plain}' to its front matter "
            f"(or a '* Supersedes: {ref.markdown('madr')}' line under its title, MADR 2)"
        )
    return f"{target} does not name this document in '{reverse}' — add '{reverse}: {plain}' to {target}"
