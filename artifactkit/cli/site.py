"""``artifactkit site``: build the docs' static site, or preview it locally while editing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, List, Optional

if TYPE_CHECKING:
    import typer

    from artifactkit.schema.project import Config

from artifactkit.cli.options import PATH, Option, values, with_options
from artifactkit.scaffold.gitignore import SITE_OUT as DEFAULT_OUT  # init ignores the same folder

CONFIG_HELP = "Config file (default: .artifactkit.yaml found upwards)."


BUILD_OPTIONS = (
    Option(
        "out",
        ("--out", "-o"),
        PATH,
        None,
        f"Output folder (default: {DEFAULT_OUT} at the repository root); with --single-file, the HTML file (default: site.html).",
    ),
    Option("base_url", ("--base-url",), str, None, "Address the site is published at (e.g. https://org.github.io/repo/): canonical links and sitemap.xml."),
    Option("single_file", ("--single-file",), bool, False, "Write one self-contained HTML file instead of a folder."),
    Option("no_cache", ("--no-cache",), bool, False, "Parse, lint and render every document again."),
    Option("config", ("--config",), PATH, None, CONFIG_HELP),
)


def register(app: typer.Typer) -> None:
    import inspect

    import typer

    from artifactkit.errors import handles_errors

    site = typer.Typer(help="A static site of the docs: dashboard, timelines, documents, relations and search.", no_args_is_help=True, add_completion=False)
    app.add_typer(site, name="site")

    def build(**given: Any) -> None:
        """Build the static site (relative links: works from file://, a web server or a sub-path)."""
        raise typer.Exit(run_build_options(given))

    catalog = inspect.Parameter(
        "catalog",
        inspect.Parameter.KEYWORD_ONLY,
        annotation=Optional[List[str]],
        default=typer.Option(
            None, "--catalog", help="One site of many repositories from their catalogues ('artifactkit export'): a file or http(s) address; repeat it."
        ),
    )
    with_options(build, BUILD_OPTIONS, trailing=[catalog])
    site.command("build")(handles_errors(build))

    @site.command("serve")
    @handles_errors
    def serve(
        port: int = typer.Option(8000, "--port", "-p", help="Port on 127.0.0.1 (0: any free port)."),
        config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
    ) -> None:
        """Preview the site on 127.0.0.1 only; it rebuilds when a document changes and open pages reload."""
        from artifactkit.site.serve import serve as run_serve

        raise typer.Exit(run_serve(config, port))


def fast(args: list[str]) -> int | None:
    """``site build ARGS`` without typer (a rebuild after an edit starts 30-50 ms sooner); None when
    typer should parse them (``--help``, ``--catalog``, a typo, a path...)."""
    from artifactkit.cli.options import run_fast

    def run(given: dict) -> int | None:
        return None if given.pop("paths") else run_build_options(values(BUILD_OPTIONS, {**given, "catalog": None}))

    return run_fast(BUILD_OPTIONS, args, run)  # type: ignore[arg-type]  # None: typer says what is wrong


def run_build_options(given: dict[str, Any]) -> int:
    """The merged site of ``--catalog`` (or the config's catalogues), else this repository's own site."""
    from artifactkit.cli.sitemerged import run as run_merged
    from artifactkit.engine.config import load_config

    config = load_config(explicit=Path(given["config"]) if given["config"] is not None else None)  # once, for either site
    merged = run_merged(given, DEFAULT_OUT, config)
    if merged is not None:
        return merged
    return run_build(given["out"], given["base_url"], bool(given["single_file"]), bool(given["no_cache"]), config)


def run_build(out, base_url, single_file: bool, no_cache: bool, config: Config) -> int:
    from artifactkit.site.build import build_site

    target = str(out) if out is not None else str(config.root / ("site.html" if single_file else DEFAULT_OUT))
    from artifactkit.engine import collector
    from artifactkit.site import progress

    progress.start()  # a line on a terminal for a build over a second; nothing on a pipe
    # one batch of objects that die by reference count (the render cache, token lists, pages): the
    # collector's passes over them cost a tenth of a rebuild, and the forked workers inherit this.
    # Its documents link to each other (previous, next, supersedes): collecting them as the collector
    # comes back on would walk every object of the build to free memory the command is about to give
    # back anyway; frozen, they are never walked
    try:
        with collector.paused_until_exit():
            result = build_site(config, target, base_url=base_url, single_file=single_file, use_cache=not no_cache)
    finally:
        progress.stop()
    from artifactkit.cli.sitereport import print_result

    print_result(result)
    return 0
