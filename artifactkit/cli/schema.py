"""``artifactkit schema derive``: a starting schema for a new type, from a filled example or a template."""

from __future__ import annotations

import sys
from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    from artifactkit.errors import handles_errors

    group = typer.Typer(help="Write schemas for your own document types.", no_args_is_help=True)
    app.add_typer(group, name="schema")

    @group.command("derive")
    @handles_errors
    def derive(
        file: str = typer.Argument(..., help="A filled example document, a template (Jinja in its front matter is fine), or a folder of documents."),
        name: Optional[str] = typer.Option(None, "--name", help="Type name for --short (default: the file's stem)."),
        short: bool = typer.Option(False, "--short", help="Print the config's short form (sections: / frontmatter:) instead of a JSON Schema."),
    ):
        """Print a starting JSON Schema: the file's headings as required sections (an emphasized
        paragraph as the section's hint), its front-matter fields as required fields. For a FOLDER,
        print the config entry its documents' own convention gives (what init learns), with counts."""
        from pathlib import Path

        if Path(file).is_dir():
            from artifactkit.scaffold.learned import derive_folder

            sys.stdout.write(derive_folder(Path(file), name))
            return

        from artifactkit.document import model
        from artifactkit.errors import UserError
        from artifactkit.schema.compile import derive_schema, short_form

        doc, read = model.load(file)
        if doc is None:
            raise UserError(f"{file}: {read.error}")
        import re

        type_name = name or re.sub(r"[^a-z0-9]+", "-", Path(file).name.split(".")[0].lower()).strip("-") or "my-type"
        if not type_name[0].isalpha():
            type_name = "my-type"
        schema = derive_schema(doc, type_name)
        if not schema["properties"]["sections"]["required"]:
            raise UserError(f"{file}: no section headings found (## Heading) to derive a schema from")
        if short:
            from ruamel.yaml import YAML

            yaml = YAML()
            yaml.default_flow_style = False
            yaml.width = 4096
            folder = Path(file).parent.as_posix()
            yaml.dump({"types": {type_name: short_form(schema, f"{folder}/**/*.md" if folder != "." else "**/*.md")}}, sys.stdout)
            return
        from artifactkit.report.jsonfmt import dumps

        sys.stdout.write(dumps(schema) + "\n")
