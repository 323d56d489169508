"""A document's outline: its title, sections, disable comments, headings and links.

Its own module, apart from the counting of ``document.sections`` (patterns that take 3 ms to
compile) and from ``document.section``: a warm ``lint FILE`` rebuilds outlines from the cache
(without their sections) and counts nothing.
"""

from __future__ import annotations

from artifactkit.record import dataclass, field

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from artifactkit.document.section import Section


@dataclass
class Outline:
    """A document's title, sections, disable comments, headings and links."""

    title: str | None = None
    title_line: int | None = None
    sections: dict[str, Section] = field(default_factory=dict)
    duplicates: list[Section] = field(default_factory=list)
    file_disables: set[str] = field(default_factory=set)
    section_disables: dict[int, set[str]] = field(default_factory=dict)  # heading line -> rules
    headings: list[tuple[int, int, str]] = field(default_factory=list)  # (line, level, text)
    link_targets: list[tuple[int, str]] = field(default_factory=list)  # (line, href) of every Markdown link
    title_section: Section | None = None  # the title's own text, a section only if the type asks for it
    unclosed_fences: list[int] = field(default_factory=list)  # lines of code fences never closed (they swallow the rest)
