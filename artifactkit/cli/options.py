"""The options of ``lint`` and ``site build`` declared once, for their two fronts: the typer command
(``with_options``) and the stdlib ``argparse`` parser of the hot paths (``fast_parser``: pre-commit's
``lint``, a rebuild of the site), which starts without typer's 40-55 ms. tests/test_startup.py
checks that the two accept the same options."""

from __future__ import annotations

from artifactkit.record import NamedTuple

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    import argparse
    import inspect
    from typing import Any, Callable, NoReturn


PATH = "Path"  # the kind of an option whose value is a path: typer is given pathlib.Path, which lint's hot path never imports (2.5 ms)


class Option(NamedTuple):
    """One option of a command (a NamedTuple: cheaper to define than a dataclass, at every start)."""

    name: str  # the keyword the command's function receives
    spellings: tuple[str, ...]
    kind: type | str  # str, PATH or int take a value; bool is a flag
    default: Any
    help: str
    metavar: str | None = None
    bare: str | None = None  # the value of a bare ``--option`` (typer has no optional values: see lint.optional_values)

    @property
    def is_flag(self) -> bool:
        return self.kind is bool


def with_options(
    func: Callable, options: tuple[Option, ...], leading: list[inspect.Parameter] | None = None, trailing: list[inspect.Parameter] | None = None
) -> Callable:
    """``func(**options)`` given the signature typer reads: ``leading`` parameters, one typer option per
    declaration, then ``trailing`` ones (options only typer parses)."""
    import inspect
    from typing import Optional

    import typer

    parameters = list(leading or [])
    for option in options:
        kind = option.kind
        if kind == PATH:
            from pathlib import Path

            kind = Path
        annotation = Optional[kind] if option.default is None else kind
        info = typer.Option(option.default, *option.spellings, help=option.help, metavar=option.metavar)
        parameters.append(inspect.Parameter(option.name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=info))
    parameters += trailing or []
    func.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]  # what typer reads
    func.__annotations__ = {}  # the signature's real types, not the strings of ``from __future__ import annotations``
    return func


class Deferred(Exception):
    """The ``argparse`` front does not take this command line: typer parses it (and words any error)."""


def fast_parser(options: tuple[Option, ...]) -> argparse.ArgumentParser:
    """A stdlib parser of ``options`` plus positional ``paths``, which raises ``Deferred`` instead of
    printing an error or help, so that help and errors come from typer alone."""
    import argparse

    class Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            raise Deferred(message)

    # click takes no abbreviations either. Never shown, a usage and a width spare ~1 ms of formatting
    # a usage in parse_intermixed_args and add_argument's import of shutil (~5 ms: bz2, lzma).
    parser = Parser(usage="artifactkit lint", add_help=False, allow_abbrev=False, formatter_class=lambda prog: argparse.HelpFormatter(prog, width=80))
    parser.add_argument("paths", nargs="*")
    for option in options:
        if option.is_flag:
            parser.add_argument(*option.spellings, dest=option.name, action="store_true", default=argparse.SUPPRESS)
        else:
            kind = int if option.kind is int else str  # a str or Path option: the command makes the Path
            parser.add_argument(*option.spellings, dest=option.name, type=kind, default=argparse.SUPPRESS)
    return parser


def fast_parse(options: tuple[Option, ...], args: list[str]) -> dict | None:
    """The options given in ``args`` (and the positional ``paths``), or None if typer should parse them."""
    plain = _paths_and_flags(options, args)
    if plain is not None:
        return plain
    if "--" in args:  # argparse and click read what follows it differently
        return None
    if any(len(arg) > 1 and arg[0] == "-" and arg[1] in "0123456789." for arg in args):
        return None  # argparse takes "-1" for a path, click for an unknown option (or, after --jobs, a value: typer gives it too)
    try:
        return vars(fast_parser(options).parse_intermixed_args(args))
    except Deferred:
        return None


def _paths_and_flags(options: tuple[Option, ...], args: list[str]) -> dict | None:
    """What ``parse_intermixed_args`` makes of a command line of paths and flags spelt in full (as
    pre-commit writes ``lint --skip-unknown FILE...``), without importing and building argparse (2 ms
    of the hook's run); None for any other argument starting with ``-``, which argparse reads."""
    flags = {spelling: option.name for option in options if option.is_flag for spelling in option.spellings}
    given: dict = {"paths": []}
    for arg in args:
        if arg[:1] != "-":
            given["paths"].append(arg)
        elif arg in flags:
            given[flags[arg]] = True
        else:
            return None
    return given


def run_fast(options: tuple[Option, ...], args: list[str], run: Callable[[dict], int]) -> int | None:
    """``run(given)`` for the options ``args`` give, parsed without typer, its expected failures said in
    one line as typer's commands say them (``errors.handles_errors``); None when typer should parse
    ``args`` (``--help``, a typo, a bad value, an option only typer reads...)."""
    import sys

    given = fast_parse(options, args)
    if given is None:
        return None
    from artifactkit.errors import UserError, expected_failure

    try:
        return run(given)
    except (UserError, KeyboardInterrupt, OSError) as exc:
        failure = expected_failure(exc)
        if failure is None:  # not one of ours: a bug, for cli.main to report
            raise
        message, code = failure
        if message is not None:
            sys.stderr.write(f"artifactkit: error: {message}\n")
        return code


def values(options: tuple[Option, ...], given: dict[str, Any]) -> dict[str, Any]:
    """Every declared option by name: the given value, or its default."""
    return {option.name: given.get(option.name, option.default) for option in options}
