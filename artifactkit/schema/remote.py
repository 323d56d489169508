"""Schemas that user schemas refer to by URL: refused unless the config allows remote references,
then fetched once, while the config is loaded (bounded: 10 s, 5 MiB)."""

from __future__ import annotations

import json
import os

from artifactkit.errors import ConfigError
from artifactkit.schema import schemas

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from artifactkit.schema.doctypes import DocType
    from artifactkit.schema.project import Config


def check_refs(config: Config, doctype: DocType) -> None:
    """Refuse ``$ref``s of ``doctype``'s schemas to unknown schemas; with ``allow_remote_refs``, fetch http(s) ones once, now."""
    for schema, path in zip(doctype.schemas, doctype.schema_paths):
        for ref in schemas.external_refs(schema, set(config.resources())):
            url = ref.split("#", 1)[0]
            if not config.allow_remote_refs:
                raise ConfigError(
                    f"{path}: schema refers to {ref!r}, which is not a known local schema; remote references are not fetched (set allow_remote_refs: true to allow)"
                )
            if not url.startswith(("https://", "http://")):
                raise ConfigError(f"{path}: schema refers to {ref!r}, which is neither a known schema nor an http(s) URL")
            config.remote_schemas[url] = fetch_schema(url, path)


def fetch_schema(url: str, referrer: str | os.PathLike) -> dict:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - http(s) only, checked above
            body = response.read(5 * 1024 * 1024)
        schema = json.loads(body)
    except Exception as exc:  # network errors and bad JSON alike: the user's config names this URL
        raise ConfigError(f"{referrer}: cannot fetch remote schema {url}: {getattr(exc, 'reason', None) or exc}") from None
    if not isinstance(schema, dict):
        raise ConfigError(f"{referrer}: remote schema {url} is not a JSON object")
    return schema
