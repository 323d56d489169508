"""Regular expressions compiled on first use: ``lint FILE`` (the pre-commit hook) imports the modules
that hold them but, from the cache, matches few of them, and compiling ten patterns at import took
0.7 ms of its run. Once compiled, a pattern's methods are the compiled pattern's own, so a hot
loop pays nothing for the laziness."""

from __future__ import annotations

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    import re

_METHODS = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split", "pattern", "flags", "groups", "groupindex")


class _Later:
    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str):  # only for a name not yet set on the instance: the first use
        if name.startswith("__") or name == "_source":  # copy and pickle probe an instance without __init__'s
            raise AttributeError(name)
        import re

        compiled = re.compile(*self._source)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"compiled_later({self._source[0]!r})"


def compiled_later(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done when the pattern is first used."""
    return _Later(pattern, flags)  # type: ignore[return-value]  # it answers as the compiled pattern does
