"""Output formats, found by name. Each module registers a ``report(run, stream, color)`` function."""

from __future__ import annotations

import importlib

# name -> module; modules import nothing heavy so `lint` stays fast
FORMATS = {
    "text": "artifactkit.reporters.text",
    "json": "artifactkit.reporters.jsonfmt",
    "sarif": "artifactkit.reporters.sarif",
    "junit": "artifactkit.reporters.junit",
    "github": "artifactkit.reporters.github",
}


def get(name: str):
    return importlib.import_module(FORMATS[name]).report
