"""``artifactkit outdated``: documents made from an older version of their template."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    import typer

FORMATS = ("table", "json")


def register(app: typer.Typer) -> None:
    import typer

    from artifactkit.errors import handles_errors

    @app.command("outdated")
    @handles_errors
    def outdated(
        type: Optional[str] = typer.Argument(None, help="Only documents of this type."),
        check: bool = typer.Option(False, "--check", help="Exit 1 when a document is behind its template (for CI)."),
        format: str = typer.Option("table", "--format", "-f", help="Output format: table or json."),
        config: Optional[Path] = typer.Option(None, "--config", help="Config file (default: .artifactkit.yaml found upwards)."),
    ):
        """List documents made from an older template version, and the sections the current one adds."""
        raise typer.Exit(run_outdated(type, check, format, config))


def run_outdated(type_name: str | None, check: bool, format: str, config_path) -> int:
    from artifactkit.engine.config import load_config
    from artifactkit.errors import UserError
    from artifactkit.escape import printable
    from artifactkit.views import outdated

    if format not in FORMATS:
        raise UserError(f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}")
    config = load_config(explicit=config_path)
    behind, unrecorded = outdated.collect(config, type_name)
    if format == "json":
        from artifactkit.report.jsonfmt import dumps

        sys.stdout.write(dumps([o.to_dict() for o in behind]) + "\n")
    else:
        for o in behind:
            change = (
                f"made from {o.template}, the type now uses another template"
                if o.other_template
                else f"{o.template} {o.recorded} -> {o.current or 'unreachable'}"
            )
            adds = f"; adds: {', '.join(o.adds)}" if o.adds else ""
            sys.stdout.write(printable(f"{o.entry.path}: {change}{adds}") + "\n")
        note = f"; {len(unrecorded)} record no template (made before versions were recorded, or by hand)" if unrecorded else ""
        sys.stderr.write(f"{len(behind)} document{'s' if len(behind) != 1 else ''} behind {'its' if len(behind) == 1 else 'their'} template{note}\n")
    return 1 if check and behind else 0
