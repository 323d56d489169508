"""``artifactkit site build --catalog ...`` (or ``catalogs:`` in the config): the merged site of many
repositories (artifactkit.site.merged), dispatched from ``artifactkit.cli.site``."""

from __future__ import annotations

from pathlib import Path


def run(given: dict, default_out: str, config=None) -> int | None:
    """Build the merged site when catalogues are named or configured; None: build this repository's own site.
    ``config``: the one already loaded (else it is loaded here)."""
    if config is None:
        from artifactkit.engine.config import load_config

        config = load_config(explicit=Path(given["config"]) if given["config"] is not None else None)
    named = given.get("catalog")
    named = [named] if isinstance(named, str) else list(named or [])  # the typer-free parser gives one value as a string
    if not named and not config.catalogs:
        return None
    from artifactkit.errors import UserError
    from artifactkit.site.merged import build_merged
    from artifactkit.views import imported

    if given["single_file"]:
        raise UserError("--single-file makes one repository's site; a site of several catalogues is a folder")
    if given["base_url"]:
        raise UserError("--base-url goes with one repository's site, not with --catalog")
    sources, base = imported.sources(named, config)
    out = str(given["out"]) if given["out"] is not None else str(config.root / default_out)
    result = build_merged(sources, base, out, str(config.root))
    from artifactkit.cli.sitereport import print_result

    print_result(result, "from catalogues")
    return 0
