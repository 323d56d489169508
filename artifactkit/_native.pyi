"""Types of the native extension built from src/ (see artifactkit/document/pulldown.py)."""

from collections.abc import Callable
from typing import Any

# (facts, links, headings): facts are tuples whose first item says the kind (pulldown.from_facts)
Result = tuple[list[tuple], list[tuple[int, str, bool]], int]

def outline(text: str, first_line: int) -> Result: ...
def outlines(documents: list[tuple[str, int]]) -> list[Result]: ...

# build_outline (src/build.rs): the sections.Outline, and (line, destination, is an e-mail autolink) of each link
def build_outline(text: str, line_offset: int, max_headings: int, hooks: tuple) -> tuple[Any, list[tuple[int, str, bool]]] | None: ...

# render_page (src/render.rs, for artifactkit/site/mdrender.py): what resolve(is_image, destination, is_email) returns
Resolved = list[tuple[str, str]] | str | None

def render_page(
    text: str,
    title: str | None,
    resolve: Callable[[bool, str, bool], Resolved],
    slugify: Callable[[str], str],
) -> tuple[str, list[tuple[int, str, str]], str, list[str], str, bool]: ...
