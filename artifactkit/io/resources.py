"""Where the bundled schemas and templates live: inside the wheel, or at the top of a source checkout.

Found with ``os.path``: ``lint FILE`` reads the built-in schemas at every start, and importing
``pathlib`` cost that pre-commit hook 2.5 ms (``data_dir`` makes the Path for everything else)."""

from __future__ import annotations

import os
from functools import lru_cache

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from pathlib import Path

_PACKAGE = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # artifactkit/, not artifactkit/io/


@lru_cache(maxsize=None)
def data_folder(name: str) -> str:
    # A source checkout (an editable install) reads the repository's own folders first: the copies
    # an editable build leaves inside the package (maturin's includes) go stale as the sources change.
    top = os.path.dirname(_PACKAGE)
    checkout = (os.path.join(top, name),) if os.path.isfile(os.path.join(top, "Cargo.toml")) else ()
    for candidate in (*checkout, os.path.join(_PACKAGE, name), os.path.join(top, name)):
        if os.path.isdir(candidate):
            return candidate
    raise FileNotFoundError(f"artifactkit is installed without its {name}/ folder")


def data_dir(name: str) -> Path:
    from pathlib import Path

    return Path(data_folder(name))


def builtin_schema_paths() -> dict[str, str]:
    """Built-in type name -> schema file (``<type>.schema.json``); config and catalog are not types."""
    folder = data_folder("schemas")
    out = {}
    for file_name in sorted(os.listdir(folder)):
        name = file_name[: -len(".schema.json")]
        if file_name.endswith(".schema.json") and name not in ("config", "catalog") and os.path.isfile(os.path.join(folder, file_name)):
            out[name] = os.path.join(folder, file_name)
    return out


def template_dir(type_name: str) -> Path:
    return data_dir("templates") / type_name
