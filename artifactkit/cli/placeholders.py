"""Help placeholders a reader expects (``--config PATH``, ``[DIR]``, ``PATHS...``), not the type
names typer shows by default (``<path>``, ``<list[str]>``, ``<str>``), set on the command tree
typer builds (typer 0.17+ carries its own copy of click, so its classes are the ones to match)."""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperOption


def _no_type(*_args: Any, **_kwargs: Any) -> None:
    return None


def value_kind(param: Any) -> str:
    """``"path"``, ``"int"`` or ``""``: what an option takes, read from typer 0.29's type descriptor or,
    before it, from the click type typer chose (the same annotation either way)."""
    desc = getattr(param, "type_descriptor", None)
    if desc is not None:
        return "path" if getattr(desc, "is_path", False) else "int" if getattr(desc, "annotation", None) is int else ""
    name = getattr(getattr(param, "type", None), "name", "")
    return {"path": "path", "int": "int", "integer": "int"}.get(name, "")


def _option_metavar(param: TyperOption) -> str:
    kind = value_kind(param)
    if kind == "path":
        return "PATH"
    if kind == "int":
        return "N"
    return (param.name or "value").upper()


def _usage_ellipsis(param: Any) -> None:
    """``[PATHS]...`` in the usage line, as typer 0.29 writes it: before 0.29 a set placeholder loses the dots."""
    placeholder = param.make_metavar

    def make_metavar(ctx: Any, *, usage: bool = False) -> str:
        return placeholder(ctx, usage=usage) + ("..." if usage else "")

    vars(param)["make_metavar"] = make_metavar


def plain(command: Any) -> Any:
    """``command`` and its subcommands with their placeholders set (in place); returned for chaining."""
    for param in command.params:
        if isinstance(param, TyperArgument):
            if param.metavar is None:
                param.metavar = (param.name or "value").upper()
            if hasattr(param, "display_type_rich"):  # typer 0.29 writes "<type>" after an argument's name; 0.28 has no such method
                vars(param)["display_type_rich"] = _no_type
            if param.nargs != 1 and not hasattr(param, "type_descriptor"):
                _usage_ellipsis(param)
        elif isinstance(param, TyperOption) and not param.is_flag and not getattr(param, "count", False) and param.metavar is None:
            param.metavar = _option_metavar(param)
    for sub in getattr(command, "commands", {}).values():
        plain(sub)
    return command
