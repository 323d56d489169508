"""``artifactkit inspect``: print the JSON instance a document's schema validates."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from artifactkit.suggest import did_you_mean


def register(app: typer.Typer) -> None:
    from artifactkit.errors import handles_errors

    @app.command("inspect")
    @handles_errors
    def inspect(
        file: str = typer.Argument(..., help="A Markdown document."),
        type: Optional[str] = typer.Option(None, "--type", "-t", help="Treat the document as this type (default: from front matter or config)."),
        config: Optional[Path] = typer.Option(None, "--config", help="Config file."),
    ):
        """Print the document as the JSON instance its schema validates (to help write schemas)."""
        from artifactkit.engine.config import load_config
        from artifactkit.errors import UserError
        from artifactkit.schema.opening import open_document

        cfg = load_config(explicit=config)
        opened = open_document(file, cfg, as_type=type)  # the instance lint validates
        if opened.stub:  # a blank template: shown as its type would read it, to help write the schema
            opened = open_document(file, cfg, as_type=opened.type_name)
        if opened.doc is None:
            raise UserError(f"{file}: {opened.error[1] if opened.error else 'cannot be read'}")
        name = opened.type_name
        if name and name not in cfg.types:
            raise UserError(f"unknown document type {name!r}{did_you_mean(name, cfg.types)}; known: {', '.join(cfg.types)}")
        from artifactkit.report.jsonfmt import dumps

        sys.stdout.write(dumps(opened.doc.instance()) + "\n")
