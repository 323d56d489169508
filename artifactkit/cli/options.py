"""A command's options declared once: the typer command and the typer-free parser
(``artifactkit.cli.fast``) are both built from the same table, so they cannot drift apart."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Optional

if TYPE_CHECKING:
    import inspect


@dataclass(frozen=True)
class Option:
    """One option of a command."""

    name: str  # the keyword the command's function receives
    spellings: tuple[str, ...]
    kind: type  # str, Path or int take a value; bool is a flag
    default: Any
    help: str
    metavar: str | None = None
    bare: str | None = None  # the value of a bare ``--option`` (typer has no optional values: see lint.optional_values)

    @property
    def is_flag(self) -> bool:
        return self.kind is bool


def with_options(func: Callable, options: tuple[Option, ...], leading: list[inspect.Parameter] | None = None) -> Callable:
    """``func(**options)`` given the signature typer reads: ``leading`` parameters, then one typer option per declaration."""
    import inspect

    import typer

    parameters = list(leading or [])
    for option in options:
        annotation = Optional[option.kind] if option.default is None else option.kind
        info = typer.Option(option.default, *option.spellings, help=option.help, metavar=option.metavar)
        parameters.append(inspect.Parameter(option.name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=info))
    func.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]  # what typer reads
    func.__annotations__ = {}  # the signature's real types, not the strings of ``from __future__ import annotations``
    return func


def values(options: tuple[Option, ...], given: dict[str, Any]) -> dict[str, Any]:
    """Every declared option by name: the given value, or its default."""
    return {option.name: given.get(option.name, option.default) for option in options}
