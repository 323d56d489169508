"""Output formats, found by name. Each module registers a ``report(run, stream, color)`` function."""

from __future__ import annotations

import importlib

# name -> module; modules import nothing heavy so `lint` stays fast
FORMATS = {
    "text": "artifactkit.report.text",
    "json": "artifactkit.report.jsonfmt",
    "sarif": "artifactkit.report.sarif",
    "junit": "artifactkit.report.junit",
    "github": "artifactkit.report.github",
    "gitlab": "artifactkit.report.gitlab",
}


def get(name: str):
    return importlib.import_module(FORMATS[name]).report
