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
        from artifactkit.document import model
        from artifactkit.engine.config import load_config
        from artifactkit.errors import UserError
        from artifactkit.io.discovery import symlink_escape

        cfg = load_config(explicit=config)
        escape = symlink_escape(file, cfg.root)  # as lint does: never read through a link out of the repository
        if escape:
            raise UserError(f"{file}: {escape}")
        doc, read = model.load(file)
        if doc is None:
            raise UserError(f"{file}: {read.error}")
        name = type or doc.type or getattr(cfg.type_for(cfg.relpath(file)), "name", None)
        doctype = cfg.types.get(name) if name else None
        if name and doctype is None:
            raise UserError(f"unknown document type {name!r}{did_you_mean(name, cfg.types)}; known: {', '.join(cfg.types)}")
        if doctype is not None:
            doc.type = name
            doc.apply_aliases(doctype.info.aliases(), doctype.info.required)
            doc.apply_hints(doctype.info.hints(), described=doctype.info.sections)
        from artifactkit.report.jsonfmt import dumps

        sys.stdout.write(dumps(doc.instance()) + "\n")
