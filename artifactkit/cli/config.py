"""``artifactkit config show``: the configuration in effect, built-in defaults included, so that
nothing that decides which files are checked is hidden."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    from artifactkit.errors import handles_errors

    group = typer.Typer(help="Show the configuration in effect.", no_args_is_help=True)
    app.add_typer(group, name="config")

    @group.command("show")
    @handles_errors
    def show(config: Optional[Path] = typer.Option(None, "--config", help="Config file (default: .artifactkit.yaml found upwards).")):
        """Print the configuration in effect as YAML: docs_root, ignore, what a plain lint reads, and every
        type (declared or built-in) with its paths, excludes (built-in defaults marked) and naming."""
        from artifactkit.engine.config import load_config

        sys.stdout.write(config_summary(load_config(explicit=config, keep_going=True)))


def config_summary(config) -> str:
    import json

    def q(value) -> str:
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string

    lines = [
        f"# config: {config.source or '(none: built-in defaults)'}",
        f"docs_root: {q(config.docs_root)}",
        f"ignore: {q(config.ignore)}",
        f"lint_reads: {q(config.lint_roots())}  # what a plain 'artifactkit lint' reads",
        "types:",
    ]
    for doctype in config.types.values():
        origin = "built-in, not in the config" if doctype.builtin else "declared in the config"
        lines.append(f"  {doctype.name}:  # {origin}")
        scope = f"  # built-in: only below docs_root ({config.docs_root}/)" if doctype.scoped else ""
        lines.append(f"    paths: {q(doctype.paths)}{scope}")
        if doctype.exclude:
            why = "  # built-in default: drops a file only when it names it more exactly than paths, never a named file" if doctype.default_exclude else ""
            lines.append(f"    exclude: {q(doctype.exclude)}{why}")
        lines.append(f"    folder: {q(doctype.folder)}")
        lines.append(f"    naming: {q(doctype.naming)}")
        if doctype.numbering:
            lines.append(f"    numbering: {q(doctype.numbering)}")
        if doctype.format != "frontmatter":
            lines.append(f"    format: {q(doctype.format)}")
        if doctype.statuses:
            lines.append(f"    statuses: {q(doctype.statuses)}")
        if doctype.name in config.broken:
            lines.append(f"    # broken: {config.broken[doctype.name]}")
    return "\n".join(lines) + "\n"
