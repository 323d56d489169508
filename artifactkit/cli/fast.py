"""A typer-free path for the plain ``artifactkit lint ...`` invocations (the pre-commit case).

Importing typer costs ~70 ms and parsing any option through it imports pydantic (~90 ms more);
a pre-commit hook pays that on every commit. ``parse_lint`` understands exactly the lint options
listed below in their ordinary spellings and returns None for anything else (``--help``, a
misspelt or repeated option, ``--``, bundled short flags, a bad ``--jobs`` value...), in which
case the caller hands the command line to typer unchanged, so errors and help come from one place.
tests/test_startup.py checks that this table matches the options of the typer command.
"""

from __future__ import annotations

import sys

# option spelling -> parameter name of ``run_lint``; flags take no value
VALUE_OPTIONS = {
    "--format": "format", "-f": "format",
    "--config": "config",
    "--output": "output", "-o": "output",
    "--changed-since": "changed_since",
    "--jobs": "jobs", "-j": "jobs",
}
FLAG_OPTIONS = {"--verbose": "verbose", "-v": "verbose", "--no-cache": "no_cache"}


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
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in FLAG_OPTIONS and not eq:
            key = FLAG_OPTIONS[name]
            value = True
        elif name in VALUE_OPTIONS:
            key = VALUE_OPTIONS[name]
            if not eq:
                if i >= len(args) or args[i].startswith("-"):
                    return None
                value = args[i]
                i += 1
        else:
            return None
        if key in found:
            return None
        found[key] = value
    if "jobs" in found:
        text = found["jobs"].strip()
        if not text.isdigit() or not text.isascii():
            return None
        found["jobs"] = int(text)
    return found


def run(args: list[str]) -> int | None:
    """Run ``lint`` without typer when the arguments allow it; None means "use typer"."""
    options = parse_lint(args)
    if options is None:
        return None
    from pathlib import Path

    from artifactkit.cli.lint import run_lint
    from artifactkit.errors import UserError, expected_failure

    try:
        return run_lint(
            options["paths"],
            options.get("format"),
            Path(options["config"]) if "config" in options else None,
            bool(options.get("verbose")),
            output=Path(options["output"]) if "output" in options else None,
            changed_since=options.get("changed_since"),
            jobs=options.get("jobs", 0),
            use_cache=not options.get("no_cache"),
        )
    except (UserError, KeyboardInterrupt, OSError) as exc:
        message, code = expected_failure(exc)
        if message is not None:
            sys.stderr.write(f"artifactkit: error: {message}\n")
        return code
