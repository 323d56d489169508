"""``artifactkit site``: build the docs' static site, or preview it locally while editing."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DEFAULT_OUT = "_site"


def register(app: typer.Typer) -> None:
    from artifactkit.errors import handles_errors

    site = typer.Typer(help="A static site of the docs: dashboard, timelines, documents, relations and search.", no_args_is_help=True, add_completion=False)
    app.add_typer(site, name="site")

    @site.command("build")
    @handles_errors
    def build(
        out: Annotated[
            Path | None,
            typer.Option(
                "--out", "-o", help=f"Output folder (default: {DEFAULT_OUT} at the repository root); with --single-file, the HTML file (default: site.html)."
            ),
        ] = None,
        base_url: Annotated[
            str | None, typer.Option("--base-url", help="Address the site is published at (e.g. https://org.github.io/repo/): canonical links and sitemap.xml.")
        ] = None,
        single_file: Annotated[bool, typer.Option("--single-file", help="Write one self-contained HTML file instead of a folder.")] = False,
        no_cache: Annotated[bool, typer.Option("--no-cache", help="Parse, lint and render every document again.")] = False,
        config: Annotated[Path | None, typer.Option("--config", help="Config file (default: .artifactkit.yaml found upwards).")] = None,
    ):
        """Build the static site (relative links: works from file://, a web server or a sub-path)."""
        raise typer.Exit(run_build(out, base_url, single_file, no_cache, config))

    @site.command("serve")
    @handles_errors
    def serve(
        port: Annotated[int, typer.Option("--port", "-p", help="Port on 127.0.0.1 (0: any free port).")] = 8000,
        config: Annotated[Path | None, typer.Option("--config", help="Config file (default: .artifactkit.yaml found upwards).")] = None,
    ):
        """Preview the site on 127.0.0.1 only; it rebuilds when a document changes and open pages reload."""
        from artifactkit.site.serve import serve as run_serve

        raise typer.Exit(run_serve(config, port))


def run_build(out, base_url, single_file: bool, no_cache: bool, config_path) -> int:
    from artifactkit.engine.config import load_config
    from artifactkit.site.build import build_site

    config = load_config(explicit=config_path)
    target = str(out) if out is not None else str(config.root / ("site.html" if single_file else DEFAULT_OUT))
    result = build_site(config, target, base_url=base_url, single_file=single_file, use_cache=not no_cache)
    where = result.out
    typer.echo(
        f"site: {_count(result.documents, 'document')}, {_count(result.problems, 'problem')}; "
        f"{_count(len(result.written), 'file')} written{f', {len(result.removed)} removed' if result.removed else ''} "
        f"in {result.seconds:.2f} s -> {where}"
    )
    for rel in result.kept:
        typer.echo(f"kept {rel}: edited since the last build, so no longer removed", err=True)
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
