"""Where the bundled schemas and templates live: inside the wheel, or at the top of a source checkout."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # artifactkit/, not artifactkit/io/


@lru_cache(maxsize=None)
def data_dir(name: str) -> Path:
    # A source checkout (an editable install) reads the repository's own folders first: the copies
    # an editable build leaves inside the package (maturin's includes) go stale as the sources change.
    checkout = (_PACKAGE.parent / name,) if (_PACKAGE.parent / "Cargo.toml").is_file() else ()
    for candidate in (*checkout, _PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"artifactkit is installed without its {name}/ folder")


def builtin_schema_paths() -> dict[str, Path]:
    """Built-in type name -> schema file (``<type>.schema.json``); config and catalog are not types."""
    out = {}
    for path in sorted(data_dir("schemas").glob("*.schema.json")):
        name = path.name[: -len(".schema.json")]
        if name not in ("config", "catalog"):
            out[name] = path
    return out


def template_dir(type_name: str) -> Path:
    return data_dir("templates") / type_name
