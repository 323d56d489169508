"""Other repositories' catalogues (``artifactkit export``), read from files or fetched from URLs.

A catalogue is input, never truth: it is read bounded (size, time), parsed, and checked against
``schemas/catalog.schema.json`` before any of it is used; one that fails is reported in one line
and skipped. Nothing in it is ever used as a path to read or write, and everything in it is shown
escaped. A URL is fetched only when the user names it (``--catalog``, ``catalogs:`` in the config).
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from artifactkit.schema.project import Config

MAX_BYTES = 256 * 1024 * 1024  # a catalogue of 100,000 documents is ~200 MB at most
TIMEOUT = 20.0  # seconds for a whole download, connecting included
_CHUNK = 1 << 16


class CatalogueError(Exception):
    """Why a catalogue is not used: one line."""


@dataclass(frozen=True)
class Catalogue:
    source: str  # as the user gave it
    data: dict  # valid against the schema

    @property
    def name(self) -> str:
        return self.data["repository"]["name"]

    @property
    def documents(self) -> list[dict]:
        return self.data["documents"]


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def fetch(url: str, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT) -> bytes:
    """The body at ``url``: at most ``max_bytes``, within ``timeout`` seconds in all (a server that
    sends nothing, or one byte a second, is given up on); redirects only to http(s)."""
    import urllib.error
    import urllib.request

    class _Redirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req, fp, code, msg, headers, newurl):
            if not is_url(newurl):
                raise CatalogueError(f"redirected to {newurl[:200]!r}, not an http(s) address")
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    deadline = time.monotonic() + timeout
    opener = urllib.request.build_opener(_Redirects())
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "artifactkit"})
    try:
        with opener.open(request, timeout=max(0.1, min(timeout, 10.0))) as response:
            length = response.headers.get("Content-Length")
            if length and length.strip().isdigit() and int(length) > max_bytes:
                raise CatalogueError(f"is {int(length)} bytes, more than the {max_bytes} a catalogue may have")
            chunks, size = [], 0
            while True:
                if time.monotonic() > deadline:
                    raise CatalogueError(f"took more than {timeout:g} s to download")
                chunk = response.read1(_CHUNK) if hasattr(response, "read1") else response.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise CatalogueError(f"is more than the {max_bytes} bytes a catalogue may have")
                chunks.append(chunk)
            return b"".join(chunks)
    except CatalogueError:
        raise
    except urllib.error.HTTPError as exc:
        raise CatalogueError(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise CatalogueError(f"cannot be fetched: {exc.reason}") from None
    except TimeoutError:
        raise CatalogueError(f"sent nothing for {min(timeout, 10.0):g} s") from None
    except (OSError, ValueError) as exc:
        raise CatalogueError(f"cannot be fetched: {exc}") from None


@lru_cache(maxsize=1)
def _validator():
    import jsonschema_rs

    from artifactkit.io.resources import data_dir
    from artifactkit.io.textio import read_settings_text

    schema = json.loads(read_settings_text(data_dir("schemas") / "catalog.schema.json"))
    return jsonschema_rs.validator_for(schema)


def parse(raw: bytes) -> dict:
    """The catalogue in ``raw``, checked against its schema, or CatalogueError."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise CatalogueError("is nested too deeply to read") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise CatalogueError(f"is not JSON: {str(exc)[:200]}") from None
    if not isinstance(data, dict):
        raise CatalogueError("is not a catalogue: not a JSON object")
    if data.get("version") != 1:
        raise CatalogueError(f"has version {str(data.get('version'))[:40]!r}; this artifactkit reads version 1 (export it again)")
    try:
        error = next(iter(_validator().iter_errors(data)), None)
    except Exception as exc:  # noqa: BLE001 - untrusted input: whatever the validator makes of it, the catalogue is not used
        raise CatalogueError(f"cannot be checked: {type(exc).__name__}") from None
    if error is not None:
        where = "/".join(str(p) for p in error.instance_path) or "(top)"
        raise CatalogueError(f"does not match the catalogue schema at {where[:200]}: {error.message[:200]}")
    return data


def read(source: str, base: str | None = None, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT) -> Catalogue:
    """One catalogue; ``base``: the folder a relative path in the config is read from."""
    if is_url(source):
        raw = fetch(source, max_bytes, timeout)
    elif "://" in source:
        raise CatalogueError("only files and http(s) addresses are read")
    else:
        from artifactkit.io.textio import read_bytes

        path = os.path.join(base, source) if base and not os.path.isabs(source) else source
        try:
            raw = read_bytes(path, max_bytes, "catalogue")
        except OSError as exc:
            raise CatalogueError(f"cannot be read: {getattr(exc, 'strerror', None) or exc}") from None
    return Catalogue(source, parse(raw))


def load_all(sources: list[str], base: str | None = None, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT, err=None, each=None) -> list[Catalogue]:
    """Every readable, valid catalogue, in the order given; each other one is one warning line.
    A repository named twice keeps its first catalogue. ``each``: called with each catalogue as it
    is accepted (which may then slim its data down), before the next one is read."""
    from artifactkit.escape import printable

    err = err or sys.stderr
    out: list[Catalogue] = []
    names: set[str] = set()
    for source in sources:
        try:
            found = read(source, base, max_bytes, timeout)
        except CatalogueError as exc:
            err.write(printable(f"artifactkit: warning: catalogue {source}: {exc}; skipped") + "\n")
            continue
        if found.name in names:
            err.write(printable(f"artifactkit: warning: catalogue {source}: repository {found.name} is already read from another catalogue; skipped") + "\n")
            continue
        names.add(found.name)
        if each is not None:
            each(found)
        out.append(found)
    return out


def sources(given: list[str] | None, config: Config) -> tuple[list[str], str | None]:
    """The catalogues named on the command line, else the config's ``catalogs:`` (relative to the config file)."""
    if given:
        return list(given), None
    return list(config.catalogs), str(config.root)
