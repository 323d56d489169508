"""Exceptions that end a command with a one-line message instead of a traceback."""

from artifactkit.textio import printable  # a path or value quoted in a message may hold control characters


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
