"""Exceptions that end a command with a one-line message instead of a traceback, and the one
place that maps them to exit codes."""

import functools

from artifactkit.escape import (
    printable,  # a path or value quoted in a message may hold control characters
)


class UserError(Exception):
    """Bad input from the user: printed as one line, exit code ``exit_code``."""

    exit_code = 2


class ConfigError(UserError):
    """The config file or a schema it names is invalid (exit 2)."""


class RefusedError(UserError):
    """An action refused to protect the user's files (exit 1)."""

    exit_code = 1


def expected_failure(exc: BaseException) -> tuple[str | None, int] | None:
    """The one-line message (None: print nothing) and exit code for an error that is not a bug.

    The typer commands and the typer-free lint path both use this, so they fail alike.
    """
    if isinstance(exc, UserError):
        return printable(str(exc)), exc.exit_code
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted", 130
    if isinstance(exc, BrokenPipeError):
        return None, 1
    if isinstance(exc, OSError):  # a full disk or a read-only folder: the writers left the original intact
        where = f"{exc.filename}: " if exc.filename else ""
        reason = " ".join(str(exc.strerror or exc).split())  # always one line
        return printable(f"{where}cannot write: {reason}; nothing was changed"), 1
    return None


def fail(message: str, code: int = 2):
    import typer

    typer.echo(f"artifactkit: error: {message}", err=True)
    raise typer.Exit(code)


def handles_errors(func):
    """Turn the package's expected errors into one line on stderr and an exit code."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (UserError, KeyboardInterrupt, OSError) as exc:
            failure = expected_failure(exc)
            if failure is None:  # not reached: every exception caught here is an expected one
                raise
            message, code = failure
            if message is None:
                import typer

                raise typer.Exit(code) from None
            fail(message, code)

    return wrapper
