"""``artifactkit site``: build the docs' static site, or preview it locally while editing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from artifactkit.cli.options import Option, values, with_options

if TYPE_CHECKING:
    import typer

DEFAULT_OUT = "_site"
CONFIG_HELP = "Config file (default: .artifactkit.yaml found upwards)."
SITE_BUILD_OPTIONS = (
    Option(
        "out",
        ("--out", "-o"),
        Path,
        None,
        f"Output folder (default: {DEFAULT_OUT} at the repository root); with --single-file, the HTML file (default: site.html).",
    ),
    Option("base_url", ("--base-url",), str, None, "Address the site is published at (e.g. https://org.github.io/repo/): canonical links and sitemap.xml."),
    Option("single_file", ("--single-file",), bool, False, "Write one self-contained HTML file instead of a folder."),
    Option("no_cache", ("--no-cache",), bool, False, "Parse, lint and render every document again."),
    Option("config", ("--config",), Path, None, CONFIG_HELP),
    Option(
        "catalog",
        ("--catalog",),
        list[str],
        None,
        "One site of many repositories from their catalogues ('artifactkit export'): a file or http(s) address; repeat it.",
    ),
)
SITE_SERVE_OPTIONS = (
    Option("port", ("--port", "-p"), int, 8000, "Port on 127.0.0.1 (0: any free port)."),
    Option("config", ("--config",), Path, None, CONFIG_HELP),
)


def register(app: typer.Typer) -> None:
    import typer  # here, not at the top: artifactkit.cli.fast runs `site build` without loading typer

    from artifactkit.errors import handles_errors

    site = typer.Typer(help="A static site of the docs: dashboard, timelines, documents, relations and search.", no_args_is_help=True, add_completion=False)
    app.add_typer(site, name="site")

    def build(**options: Any) -> None:
        """Build the static site (relative links: works from file://, a web server or a sub-path)."""
        raise typer.Exit(run_build_options(options))

    site.command("build")(handles_errors(with_options(build, SITE_BUILD_OPTIONS)))

    def serve(**options: Any) -> None:
        """Preview the site on 127.0.0.1 only; it rebuilds when a document changes and open pages reload."""
        from artifactkit.site.serve import serve as run_serve

        given = values(SITE_SERVE_OPTIONS, options)
        raise typer.Exit(run_serve(given["config"], given["port"]))

    site.command("serve")(handles_errors(with_options(serve, SITE_SERVE_OPTIONS)))


def run_build_options(options: dict[str, Any]) -> int:
    """``run_build`` with the options by their declared names (missing ones at their defaults)."""
    given = values(SITE_BUILD_OPTIONS, options)
    from artifactkit.cli import sitemerged

    merged = sitemerged.run(given, DEFAULT_OUT)
    if merged is not None:
        return merged
    config = Path(given["config"]) if given["config"] is not None else None
    return run_build(given["out"], given["base_url"], bool(given["single_file"]), bool(given["no_cache"]), config)


def run_build(out, base_url, single_file: bool, no_cache: bool, config_path) -> int:
    from artifactkit.engine.config import load_config
    from artifactkit.site.build import build_site

    config = load_config(explicit=config_path)
    target = str(out) if out is not None else str(config.root / ("site.html" if single_file else DEFAULT_OUT))
    import gc

    from artifactkit.site import progress

    progress.start()  # a line on a terminal for a build over a second; nothing on a pipe
    # one batch of objects that die by reference count (the render cache, token lists, pages): the
    # collector's passes over them cost a tenth of a rebuild, and the forked workers inherit this
    gc.disable()
    try:
        result = build_site(config, target, base_url=base_url, single_file=single_file, use_cache=not no_cache)
    finally:
        gc.enable()
        progress.stop()
    sys.stdout.write(
        f"site: {_count(result.documents, 'document')}, {_count(result.problems, 'problem')}; "
        f"{_count(len(result.written), 'file')} written{f', {len(result.removed)} removed' if result.removed else ''} "
        f"in {result.seconds:.2f} s -> {result.out}\n"
    )
    for rel in result.kept:
        sys.stderr.write(f"kept {rel}: edited since the last build, so no longer removed\n")
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
