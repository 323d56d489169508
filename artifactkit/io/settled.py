"""Config and schema checks this user's runs already passed, remembered so that ``lint FILE`` (a pre-commit hook,
once per commit) need not import a YAML parser or a JSON Schema engine to repeat them.

Facts, each under the SHA-256 of everything its outcome depends on (this version of the
package's code and data, and the input itself), in this user's own cache folder
(``artifactkit.io.usercache``), never in the repository:

* a config file's text parses to these settings (the settings themselves, as JSON; kept only when
  JSON holds them exactly);
* these settings are a valid config; these globs compile;
* this schema is a JSON Schema; these user schemas compile, against these other schemas.

A fact is only ever a shortcut to the answer the check would give: anything missing, unreadable or
not shaped as expected means the check runs again.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache

from artifactkit import __version__
from artifactkit.io.digest import sha256_hex


@lru_cache(maxsize=1)
def _identity() -> str:
    """This package's code and its config schema: a new version or an edit is a new identity."""
    from artifactkit.io import resources
    from artifactkit.io.fingerprint import source_fingerprint

    try:
        st = os.stat(os.path.join(resources.data_folder("schemas"), "config.schema.json"))
        data = f"{st.st_size}:{st.st_mtime_ns}"
    except OSError:
        data = ""
    return f"{__version__}|{source_fingerprint()}|{data}"


def _name(kind: str, *parts: str) -> str:
    digest = sha256_hex("\0".join((kind, _identity(), _library(kind), *parts)).encode("utf-8", "surrogatepass"))
    return f"{kind}-{digest}"


def _canonical(value) -> str | None:
    """The JSON text of ``value``, or None when JSON cannot hold it exactly (keys that are not
    strings, values JSON has no type for)."""
    try:
        text = json.dumps(value, sort_keys=True, ensure_ascii=True, allow_nan=True)
        return text if json.loads(text) == value else None
    except (TypeError, ValueError, RecursionError):
        return None


_LIBRARIES = {"parsed": "artifactkit._native", "valid": "jsonschema_rs", "schema": "jsonschema_rs", "compiled": "jsonschema_rs", "globs": "artifactkit._native"}


@lru_cache(maxsize=8)
def _library(kind: str) -> str:
    """The installed library a check of ``kind`` runs on (an upgrade may answer differently), found without importing it."""
    try:
        origin = module_origin(_LIBRARIES[kind])
        st = os.stat(origin) if origin else None
    except (ImportError, ValueError, OSError):
        st = None
    return f"{st.st_size}:{st.st_mtime_ns}" if st else ""


def module_origin(name: str) -> str | None:
    """The file ``importlib.util.find_spec(name)`` names, without importing ``importlib.util`` (it
    and the ``contextlib`` it imports cost the hook 0.6 ms): the import system's own finders, asked
    as find_spec asks them. The parent package of a dotted name is imported, as by find_spec."""
    import sys

    module = sys.modules.get(name)
    if module is not None:
        spec = getattr(module, "__spec__", None)
        return spec.origin if spec is not None else None
    parent = name.rpartition(".")[0]
    path = None
    if parent:
        __import__(parent)
        path = getattr(sys.modules[parent], "__path__", None)
        if path is None:
            raise ImportError(f"{parent!r} is not a package")  # ModuleNotFoundError in find_spec
    for finder in sys.meta_path:
        find = getattr(finder, "find_spec", None)
        spec = find(name, path) if find is not None else None
        if spec is not None:
            return spec.origin
    return None


def parsed(path, text: str) -> dict | None:
    """The settings ``text`` (the config at ``path``) was read as before, or None."""
    from artifactkit.io.usercache import recall

    data = recall(_name("parsed", os.path.abspath(path), text))
    if data is None:
        return None
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def remember_parsed(path, text: str, settings: dict) -> None:
    from artifactkit.io.usercache import remember

    canonical = _canonical(settings)
    if canonical is not None:
        remember(_name("parsed", os.path.abspath(path), text), canonical.encode("ascii"))


def passed(kind: str, value) -> bool:
    """Whether a check of this ``kind`` passed on exactly ``value`` before (``valid`` settings, a
    ``schema`` that is a JSON Schema, user schemas that ``compiled``, ``globs`` that compile)."""
    from artifactkit.io.usercache import recall

    canonical = _canonical(value)
    return canonical is not None and recall(_name(kind, canonical)) == kind.encode("ascii")


def remember_passed(kind: str, value) -> None:
    from artifactkit.io.usercache import remember

    canonical = _canonical(value)
    if canonical is not None:
        remember(_name(kind, canonical), kind.encode("ascii"))
