"""The ``artifactkit`` command: a typer app whose commands live in ``artifactkit.cli``.

Command modules import their heavy dependencies inside the command function, so that
``artifactkit lint`` never loads copier or cookiecutter.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import TYPE_CHECKING

from artifactkit import __version__

if TYPE_CHECKING:
    import typer

# Each module defines ``register(app)``; order is the order of ``--help``.
COMMAND_MODULES = [
    "artifactkit.cli.lint",
    "artifactkit.cli.baseline",
    "artifactkit.cli.inspect",
    "artifactkit.cli.schema",
    "artifactkit.cli.config",
    "artifactkit.cli.new",
    "artifactkit.cli.init",
    "artifactkit.cli.status",
    "artifactkit.cli.supersede",
    "artifactkit.cli.renumber",
    "artifactkit.cli.outdated",
    "artifactkit.cli.listing",
    "artifactkit.cli.index",
    "artifactkit.cli.graph",
    "artifactkit.cli.site",
    "artifactkit.cli.export",
    "artifactkit.cli.lsp",
]


def _version(value: bool):
    if value:
        import typer

        typer.echo(f"artifactkit {__version__}")
        raise typer.Exit()


def build_app() -> typer.Typer:
    import typer  # imported here: plain `lint` runs never load it (see artifactkit.cli.lint.fast)

    app = typer.Typer(
        name="artifactkit",
        help="Lint and scaffold engineering documents: ADRs, RFCs, runbooks, postmortems, 1:1s, review checklists.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )

    @app.callback()
    def root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit.")):
        """Lint and scaffold engineering documents."""

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)
    return app


def command():
    """The click command typer builds from ``build_app()``, with plain help placeholders."""
    import typer

    from artifactkit.cli.placeholders import plain

    return plain(typer.main.get_command(build_app()))


def _lenient_output() -> None:
    """A file name that is not UTF-8 (lone surrogates to Python) is printed as ``\\udcXX`` rather
    than failing the command after its work is done, as a strict UTF-8 stdout would."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    _lenient_output()
    try:
        if args[:1] == ["lint"]:  # the hot path (pre-commit): a stdlib parser, no typer
            from artifactkit.cli import lint

            args = argv = ["lint", *lint.optional_values(args[1:])]
            code = lint.fast(args[1:])
            if code is not None:
                return code
        command()(args=argv, prog_name="artifactkit")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except Exception as exc:  # a bug: one line for the user, the traceback only on request
        if os.environ.get("ARTIFACTKIT_DEBUG"):
            raise
        from artifactkit.escape import printable  # the message may quote a file name or a value

        sys.stderr.write(printable(f"artifactkit: internal error: {type(exc).__name__}: {exc} (set ARTIFACTKIT_DEBUG=1 for details)") + "\n")
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
