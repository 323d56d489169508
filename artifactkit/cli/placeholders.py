"""Help placeholders a reader expects (``--config PATH``, ``[DIR]``, ``PATHS...``), not the type
names typer shows by default (``<path>``, ``<list[str]>``, ``<str>``), set on the command tree
typer builds (typer 0.17+ carries its own copy of click, so its classes are the ones to match)."""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperOption


def _no_type(*_args: Any, **_kwargs: Any) -> None:
    return None


def _option_metavar(param: TyperOption) -> str:
    desc = getattr(param, "type_descriptor", None)
    if desc is not None and getattr(desc, "is_path", False):
        return "PATH"
    if desc is not None and getattr(desc, "annotation", None) is int:
        return "N"
    return (param.name or "value").upper()


def plain(command: Any) -> Any:
    """``command`` and its subcommands with their placeholders set (in place); returned for chaining."""
    for param in command.params:
        if isinstance(param, TyperArgument):
            if param.metavar is None:
                param.metavar = (param.name or "value").upper()
            param.display_type_rich = _no_type  # type: ignore[method-assign]  # typer writes "<type>" after an argument's name
        elif isinstance(param, TyperOption) and not param.is_flag and not getattr(param, "count", False) and param.metavar is None:
            param.metavar = _option_metavar(param)
    for sub in getattr(command, "commands", {}).values():
        plain(sub)
    return command
