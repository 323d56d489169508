"""The ``artifactkit`` command: a typer app whose commands live in ``artifactkit.cli``.

Command modules import their heavy dependencies inside the command function, so that
``artifactkit lint`` never loads copier or cookiecutter.
"""

from __future__ import annotations

import os
import sys

from artifactkit import __version__

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    import typer

# Each module defines ``register(app)`` for the command (or group) of that name; order is the order of ``--help``.
COMMANDS = {
    "lint": "artifactkit.cli.lint",
    "baseline": "artifactkit.cli.baseline",
    "inspect": "artifactkit.cli.inspect",
    "schema": "artifactkit.cli.schema",
    "config": "artifactkit.cli.config",
    "new": "artifactkit.cli.new",
    "init": "artifactkit.cli.init",
    "status": "artifactkit.cli.status",
    "supersede": "artifactkit.cli.supersede",
    "renumber": "artifactkit.cli.renumber",
    "outdated": "artifactkit.cli.outdated",
    "list": "artifactkit.cli.listing",
    "index": "artifactkit.cli.index",
    "graph": "artifactkit.cli.graph",
    "site": "artifactkit.cli.site",
    "export": "artifactkit.cli.export",
    "lsp": "artifactkit.cli.lsp",
}
COMMAND_MODULES = list(COMMANDS.values())


def command_modules(argv: list[str] | None = None) -> list[str]:
    """The modules a run needs: only the named command's (``site build`` never imports ``init``'s),
    every one for the root's help, ``--version`` or a command typer must call unknown."""
    module = COMMANDS.get(argv[0]) if argv else None
    return [module] if module is not None else COMMAND_MODULES


def _version(value: bool):
    if value:
        import typer

        typer.echo(f"artifactkit {__version__}")
        raise typer.Exit()


def build_app(argv: list[str] | None = None) -> typer.Typer:
    """The app with the commands ``argv`` needs (``command_modules``); all of them without ``argv``."""
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

    for name in command_modules(argv):
        __import__(name)  # not importlib.import_module: importing importlib costs every start 0.4 ms
        sys.modules[name].register(app)
    return app


def command(argv: list[str] | None = None):
    """The click command typer builds from ``build_app(argv)``, with plain help placeholders."""
    import typer

    from artifactkit.cli.placeholders import plain

    return plain(typer.main.get_command(build_app(argv)))


def _lenient_output() -> None:
    """A file name that is not UTF-8 (lone surrogates to Python) is printed as ``\\udcXX`` rather
    than failing the command after its work is done, as a strict UTF-8 stdout would."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    goes_on = argv is not None  # called in a process that outlives the command (tests, embedding)
    _lenient_output()
    try:
        if args[:1] == ["lint"]:  # the hot path (pre-commit): a stdlib parser, no typer
            from artifactkit.engine import collector

            # from the first import on, not only from the run's: modules, classes and functions live to the
            # end, so the 20-odd passes importing them set off (2-3 ms of a warm `lint FILE`) free nothing
            with collector.paused():
                from artifactkit.cli import lint

                args = argv = ["lint", *lint.optional_values(args[1:])]
                code = lint.fast(args[1:])
            if code is not None:
                return code
        elif args[:2] == ["site", "build"]:  # a rebuild after each edit: no typer either
            from artifactkit.cli import site

            code = site.fast(args[2:])
            if code is not None:
                return code
        command(args)(args=argv, prog_name="artifactkit")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except Exception as exc:  # a bug: one line for the user, the traceback only on request
        if os.environ.get("ARTIFACTKIT_DEBUG"):
            raise
        from artifactkit.escape import printable  # the message may quote a file name or a value

        sys.stderr.write(printable(f"artifactkit: internal error: {type(exc).__name__}: {exc} (set ARTIFACTKIT_DEBUG=1 for details)") + "\n")
        return 3
    finally:
        if goes_on:  # `site build` freezes what it built for a process about to end: give it back to the collector
            import gc

            gc.unfreeze()
    return 0


if __name__ == "__main__":
    sys.exit(main())
