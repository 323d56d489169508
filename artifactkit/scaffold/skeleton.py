"""A template for a type that names none and extends no built-in one (a type ``init`` learned):
the document's title and its required top-level sections, in order, each holding a TODO that lint
reports until someone writes the section. Written as a small Copier template into ``new``'s private
folder, so that it goes through the same rendering, numbering and checks as any other."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from artifactkit.schema.doctypes import DocType


def skeleton_template(doctype: DocType, workdir: Path) -> str:
    folder = workdir / "skeleton"
    folder.mkdir(parents=True, exist_ok=True)
    questions = {
        "_templates_suffix": ".jinja",
        "title": {"type": "str"},
        "slug": {"type": "str", "default": ""},
        "date": {"type": "str", "default": ""},
        "author": {"type": "str", "default": ""},
        "status": {"type": "str", "default": ""},
        "number": {"type": "int", "default": 0},
        "file_name": {"type": "str", "default": "{{ slug }}.md", "when": False},
    }
    (folder / "copier.yml").write_text(json.dumps(questions, indent=2) + "\n", encoding="utf-8")  # JSON is YAML
    sections = []
    for title in _top_sections(doctype):
        title = title.replace("{% endraw %}", "")
        sections.append(f"## {title}\n\nTODO: write the {title} section.\n")
    body = "# {{ title | trim }}\n\n{% raw %}" + "\n".join(sections) + "{% endraw %}"  # the sections' own words are never Jinja
    (folder / "{{file_name}}.jinja").write_text(body, encoding="utf-8")
    return str(folder)


def _top_sections(doctype: DocType) -> list[str]:
    info = doctype.info
    order: list[str] = next((keys for path, keys in info.required if path == ()), [])
    return [info.sections[(key,)].title if (key,) in info.sections else key for key in order]
