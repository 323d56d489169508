"""Output formats, found by name. Each module registers a ``report(run, stream, color)`` function."""

from __future__ import annotations

import sys

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
    __import__(FORMATS[name])  # importlib.import_module's answer, without importing importlib (0.4 ms a start)
    return sys.modules[FORMATS[name]].report
