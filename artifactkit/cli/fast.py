"""A typer-free path for plain ``artifactkit lint ...`` (the pre-commit case) and ``artifactkit site build ...``.

Importing typer costs ~70 ms and parsing any option through it imports pydantic (~90 ms more);
a pre-commit hook pays that on every commit, a site rebuild on every change. ``parse`` understands
the options a command declares (``LINT_OPTIONS``, ``SITE_BUILD_OPTIONS``: the tables the typer
commands are built from too) in their ordinary spellings and returns None for anything else
(``--help``, a misspelt or repeated option, ``--``, bundled short flags, a bad ``--jobs`` value...),
in which case the caller hands the command line to typer unchanged, so errors and help come from
one place.
"""

from __future__ import annotations

import sys
from typing import Callable

from artifactkit.cli.lint import LINT_OPTIONS
from artifactkit.cli.options import Option
from artifactkit.cli.site import SITE_BUILD_OPTIONS


def spellings(options: tuple[Option, ...], flags: bool) -> dict[str, Option]:
    """Option spelling -> its declaration, for the flags or for the options that take a value."""
    return {s: o for o in options if o.is_flag == flags for s in o.spellings}


def parse(options: tuple[Option, ...], args: list[str], positional: bool = True) -> dict | None:
    """The options in ``args`` (and, for a command that takes them, the positional ``paths``), or None
    if typer should parse them."""
    flags, valued = spellings(options, True), spellings(options, False)
    found: dict = {"paths": []} if positional else {}
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if not arg.startswith("-") or arg == "-":
            if not positional:
                return None
            found["paths"].append(arg)
            continue
        name, eq, text = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        value: object
        if name in flags and not eq:
            option, value = flags[name], True
        elif name in valued:
            option = valued[name]
            if not eq:
                if i >= len(args) or args[i].startswith("-"):
                    return None
                text = args[i]
                i += 1
            value = _convert(option, text)
            if value is None:
                return None
        else:
            return None
        if option.name in found:
            return None
        found[option.name] = value
    return found


def parse_lint(args: list[str]) -> dict | None:
    """Options of ``lint`` (``args`` without the word ``lint``), or None if typer should parse them."""
    return parse(LINT_OPTIONS, args)


def _convert(option: Option, text: str) -> object:
    """The value as typer would give it, or None where typer would refuse it (and word the error)."""
    if option.kind is int:
        text = text.strip()
        return int(text) if text.isdigit() and text.isascii() else None
    return text  # a str or Path option: run_lint_options makes the Path


def run(args: list[str]) -> int | None:
    """Run ``lint`` or ``site build`` without typer when the arguments allow it; None means "use typer"."""
    if args[:1] == ["lint"]:
        lint_options = parse_lint(args[1:])
        if lint_options is None:
            return None
        from artifactkit.cli.lint import run_lint_options

        paths = lint_options.pop("paths")
        return _run(lambda: run_lint_options(paths, lint_options))
    if args[:2] == ["site", "build"]:
        site_options = parse(SITE_BUILD_OPTIONS, args[2:], positional=False)
        if site_options is None:
            return None
        from artifactkit.cli.site import run_build_options

        return _run(lambda: run_build_options(site_options))
    return None


def _run(command: Callable[[], int]) -> int:
    from artifactkit.errors import UserError, expected_failure

    try:
        return command()
    except (UserError, KeyboardInterrupt, OSError) as exc:
        failure = expected_failure(exc)
        if failure is None:  # not one of ours: a bug, for cli.main to report
            raise
        message, code = failure
        if message is not None:
            sys.stderr.write(f"artifactkit: error: {message}\n")
        return code
