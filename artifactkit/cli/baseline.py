"""``artifactkit baseline``: accept today's findings, so that ``lint`` fails only on new ones."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

if TYPE_CHECKING:
    import typer


def register(app: typer.Typer) -> None:
    import typer

    from artifactkit.cli.lint import PATHS_HELP
    from artifactkit.errors import handles_errors

    @app.command("baseline")
    @handles_errors
    def baseline(
        paths: Optional[List[str]] = typer.Argument(None, help=PATHS_HELP),
        config: Optional[Path] = typer.Option(None, "--config", help="Config file (default: .artifactkit.yaml found upwards)."),
    ) -> None:
        """Write the current findings to .artifactkit-baseline.json; lint then fails only on new ones."""
        run_baseline(paths or [], config)


def run_baseline(paths: list[str], config_path: Path | None) -> None:
    import sys

    from artifactkit.engine import baseline
    from artifactkit.engine.config import load_config
    from artifactkit.engine.linter import default_paths, lint_paths
    from artifactkit.errors import UserError

    config = load_config(explicit=config_path)
    targets = paths or default_paths(config)
    for target in targets:
        if not Path(target).exists():
            raise UserError(f"{target}: no such file or folder")
    run = lint_paths(targets, config, use_cache=True)
    try:
        path, count = baseline.write(run, config)
    except OSError as exc:
        raise UserError(f"cannot write the baseline: {exc.strerror or exc}") from None
    sys.stdout.write(
        f"wrote {count} finding{'s' if count != 1 else ''} of {len(run.linted)} documents to {os.path.basename(path)}; lint now fails only on new ones\n"
    )
