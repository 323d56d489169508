"""``artifactkit export``: this repository's catalogue (JSON), for a merged site of many repositories."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    from artifactkit.errors import handles_errors

    @app.command("export")
    @handles_errors
    def export(
        output: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (default: standard output)."),
        name: Optional[str] = typer.Option(None, "--name", help="Repository name other repositories use ('NAME#adr-3'); default: the git folder's name."),
        no_cache: bool = typer.Option(False, "--no-cache", help="Parse, lint and render every document again."),
        config: Optional[Path] = typer.Option(None, "--config", help="Config file (default: .artifactkit.yaml found upwards)."),
    ):
        """Write the repository's catalogue: documents, findings, relations, action items, alerts and search text (JSON, schemas/catalog.schema.json)."""
        raise typer.Exit(run_export(output, name, no_cache, config))


def run_export(output, name: str | None, no_cache: bool, config_path) -> int:
    from artifactkit.engine.config import load_config
    from artifactkit.site import export

    config = load_config(explicit=config_path)
    data = export.dumps(export.catalogue(config, name=name, use_cache=not no_cache))
    if output is None or str(output) == "-":
        sys.stdout.write(data)
        return 0
    from artifactkit.io.writer import atomic_write

    atomic_write(output, data.encode("utf-8", "surrogateescape"))
    sys.stderr.write(f"catalogue: {len(data.encode('utf-8', 'surrogateescape'))} bytes -> {output}\n")
    return 0
