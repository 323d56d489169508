"""Config checks this user's runs already passed, remembered so that ``lint FILE`` (a pre-commit hook,
once per commit) need not import a YAML parser or a JSON Schema engine to repeat them.

Three facts, each under the SHA-256 of everything its outcome depends on (this version of the
package's code and data, and the input itself), in this user's own cache folder
(``artifactkit.io.usercache``), never in the repository:

* a config file's text parses to these settings (the settings themselves, as JSON; kept only when
  JSON holds them exactly);
* these settings are a valid config;
* these user schemas compile, against these other schemas.

A fact is only ever a shortcut to the answer the check would give: anything missing, unreadable or
not shaped as expected means the check runs again.
"""

from __future__ import annotations

import hashlib
import json
import os

from artifactkit import __version__


def _identity() -> str:
    """This package's code and its config schema: a new version or an edit is a new identity."""
    from artifactkit.engine.fingerprint import source_fingerprint
    from artifactkit.io import resources

    try:
        st = os.stat(resources.data_dir("schemas") / "config.schema.json")
        data = f"{st.st_size}:{st.st_mtime_ns}"
    except OSError:
        data = ""
    return f"{__version__}|{source_fingerprint()}|{data}"


def _name(kind: str, *parts: str) -> str:
    digest = hashlib.sha256("\0".join((kind, _identity(), *parts)).encode("utf-8", "surrogatepass"))
    return f"{kind}-{digest.hexdigest()}"


def _canonical(value) -> str | None:
    """The JSON text of ``value``, or None when JSON cannot hold it exactly (keys that are not
    strings, values JSON has no type for)."""
    try:
        text = json.dumps(value, sort_keys=True, ensure_ascii=True, allow_nan=True)
        return text if json.loads(text) == value else None
    except (TypeError, ValueError, RecursionError):
        return None


def _yaml_identity() -> str:
    """The installed YAML reader (an upgrade may read the same text differently)."""
    from importlib.util import find_spec

    try:
        spec = find_spec("yaml")
        st = os.stat(spec.origin) if spec and spec.origin else None
    except (ImportError, ValueError, OSError):
        st = None
    return f"{st.st_size}:{st.st_mtime_ns}" if st else ""


def parsed(path, text: str) -> dict | None:
    """The settings ``text`` (the config at ``path``) was read as before, or None."""
    from artifactkit.io.usercache import recall

    data = recall(_name("parsed", os.path.abspath(path), _yaml_identity(), text))
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
        remember(_name("parsed", os.path.abspath(path), _yaml_identity(), text), canonical.encode("ascii"))


def _settings_name(kind: str, settings) -> str | None:
    canonical = _canonical(settings)
    return None if canonical is None else _name(kind, canonical)


def valid(settings: dict) -> bool:
    """Whether these exact settings passed the config's validation before."""
    from artifactkit.io.usercache import recall

    name = _settings_name("valid", settings)
    return name is not None and recall(name) == b"valid"


def remember_valid(settings: dict) -> None:
    from artifactkit.io.usercache import remember

    name = _settings_name("valid", settings)
    if name is not None:
        remember(name, b"valid")


def compiled(schemas: list) -> bool:
    """Whether these user schemas (with the schemas they may refer to) all compiled before."""
    from artifactkit.io.usercache import recall

    name = _settings_name("compiled", schemas)
    return name is not None and recall(name) == b"compiled"


def remember_compiled(schemas: list) -> None:
    from artifactkit.io.usercache import remember

    name = _settings_name("compiled", schemas)
    if name is not None:
        remember(name, b"compiled")
