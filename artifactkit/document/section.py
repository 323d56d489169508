"""A section of a document: a heading and what its text holds."""

from __future__ import annotations

from artifactkit.document.words import count_words
from artifactkit.record import dataclass, field


@dataclass
class Section:
    """A heading and what its text holds: words, placeholders, lists, tasks, code, tables, links."""

    heading: str
    level: int
    line: int
    key: str
    words: int = 0
    placeholders: list[str] = field(default_factory=list)
    list_items: int = 0
    tasks_done: int = 0
    tasks_open: int = 0
    tasks_na: int = 0
    code_blocks: int = 0
    tables: int = 0
    links: int = 0
    subsections: dict[str, "Section"] = field(default_factory=dict)
    paragraphs: list[tuple[str, int, int]] = field(default_factory=list)  # (plain text, words, line) for hint matching
    placeholder_line: int | None = None  # where the first leftover stands, so a problem can point at it
    images: int = 0  # pictures in its own text (a timeline's screenshot, a diagram): content too (model.py)

    def _mark_placeholder(self, line: int) -> None:
        if self.placeholder_line is None or line < self.placeholder_line:
            self.placeholder_line = line

    @property
    def filled_itself(self) -> bool:
        """Content in its own text, its subsections aside: words, code, a table or a picture."""
        return self.words > 0 or self.code_blocks > 0 or self.tables > 0 or self.images > 0

    @property
    def filled(self) -> bool:
        return self.filled_itself or any(sub.filled for sub in self.subsections.values())

    def to_instance(self) -> dict:
        subsections = {k: s.to_instance() for k, s in self.subsections.items()} if self.subsections else {}
        return {
            "heading": self.heading,
            "level": self.level,
            "line": self.line,
            "words": self.words,
            # ``filled``, read from the subsections' instances: not a walk of each subtree again
            "filled": self.filled_itself or any(sub["filled"] for sub in subsections.values()),
            "placeholders": list(self.placeholders),
            "list_items": self.list_items,
            "tasks": {"done": self.tasks_done, "open": self.tasks_open, "na": self.tasks_na},
            "code_blocks": self.code_blocks,
            "tables": self.tables,
            "links": self.links,
            "subsections": subsections,
        }

    def apply_hint(self, hint: str) -> None:
        """Count a paragraph identical to the template's hint as a placeholder, not as content."""
        target = _norm_hint(hint)
        may_stand_inside = count_words(target) >= 4  # a short hint could be real text: only a whole paragraph counts
        kept = []
        for text, words, line in self.paragraphs:
            # paragraphs are stored with their whitespace collapsed: compare the cheap length first
            stripped = text.strip(" _*.")
            if (len(stripped) == len(target) or not stripped.isascii()) and stripped.lower() == target:  # lower() may lengthen non-ASCII
                self.placeholders.append(hint)
                self.words -= words
                self._mark_placeholder(line)
            elif may_stand_inside and len(stripped) > len(target) and _holds_hint(text, target):
                # "We will use PostgreSQL. _State the decision…_": new text written beside the hint
                self.placeholders.append(hint)
                self.words -= count_words(hint)
                self._mark_placeholder(line)
                kept.append((text, words, line))
            else:
                kept.append((text, words, line))
        self.paragraphs = kept

    def fold_placeholders(self, path: tuple, described, checked=frozenset()) -> None:
        """A leftover in a subsection the schema does not describe (``### Details`` holding TODO)
        belongs to this section: it must not pass because the schema looks one level up only.
        ``checked``: ids of subsections checked as sections of their own (a required one found deeper)."""
        for key, sub in self.subsections.items():
            if sub.subsections:
                sub.fold_placeholders(path + (key,), described, checked)
            if sub.placeholders and id(sub) not in checked and path + (key,) not in described:
                self.placeholders.extend(sub.placeholders)
                if sub.placeholder_line is not None:
                    self._mark_placeholder(sub.placeholder_line)


def _norm_hint(text: str) -> str:
    return " ".join(text.split()).strip(" _*.").lower()


def _holds_hint(paragraph: str, target: str) -> bool:
    """The hint stands whole in the paragraph."""
    at = paragraph.lower().find(target)
    if at < 0:
        return False
    end = at + len(target)
    return (at == 0 or not paragraph[at - 1].isalnum()) and (end == len(paragraph) or not paragraph[end].isalnum())
