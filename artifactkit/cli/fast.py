"""A typer-free path for the plain ``artifactkit lint ...`` invocations (the pre-commit case).

Importing typer costs ~70 ms and parsing any option through it imports pydantic (~90 ms more);
a pre-commit hook pays that on every commit. ``parse_lint`` understands the options declared in
``artifactkit.cli.lint.LINT_OPTIONS`` (the table the typer command is built from too) in their
ordinary spellings and returns None for anything else (``--help``, a misspelt or repeated option,
``--``, bundled short flags, a bad ``--jobs`` value...), in which case the caller hands the
command line to typer unchanged, so errors and help come from one place.
"""

from __future__ import annotations

import sys

from artifactkit.cli.lint import LINT_OPTIONS, LintOption

# option spelling -> its declaration; flags take no value
VALUE_OPTIONS: dict[str, LintOption] = {s: o for o in LINT_OPTIONS if not o.is_flag for s in o.spellings}
FLAG_OPTIONS: dict[str, LintOption] = {s: o for o in LINT_OPTIONS if o.is_flag for s in o.spellings}


def parse_lint(args: list[str]) -> dict | None:
    """Options of ``lint`` (``args`` without the word ``lint``), or None if typer should parse them."""
    found: dict = {"paths": []}
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if not arg.startswith("-") or arg == "-":
            found["paths"].append(arg)
            continue
        name, eq, text = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        value: object
        if name in FLAG_OPTIONS and not eq:
            option, value = FLAG_OPTIONS[name], True
        elif name in VALUE_OPTIONS:
            option = VALUE_OPTIONS[name]
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


def _convert(option: LintOption, text: str) -> object:
    """The value as typer would give it, or None where typer would refuse it (and word the error)."""
    if option.kind is int:
        text = text.strip()
        return int(text) if text.isdigit() and text.isascii() else None
    return text  # a str or Path option: run_lint_options makes the Path


def run(args: list[str]) -> int | None:
    """Run ``lint`` without typer when the arguments allow it; None means "use typer"."""
    options = parse_lint(args)
    if options is None:
        return None
    from artifactkit.cli.lint import run_lint_options
    from artifactkit.errors import UserError, expected_failure

    try:
        return run_lint_options(options.pop("paths"), options)
    except (UserError, KeyboardInterrupt, OSError) as exc:
        failure = expected_failure(exc)
        if failure is None:  # not one of ours: a bug, for cli.main to report
            raise
        message, code = failure
        if message is not None:
            sys.stderr.write(f"artifactkit: error: {message}\n")
        return code
