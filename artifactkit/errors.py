"""Exceptions that end a command with a one-line message instead of a traceback."""


class UserError(Exception):
    """Bad input from the user: printed as one line, exit code ``exit_code``."""

    exit_code = 2


class ConfigError(UserError):
    """The config file or a schema it names is invalid (exit 2)."""


class RefusedError(UserError):
    """An action refused to protect the user's files (exit 1)."""

    exit_code = 1
