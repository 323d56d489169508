"""GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=…::message`` per problem.

The runner turns these lines into annotations on the pull request's diff. Values are escaped as
GitHub's toolkit does: ``%``, CR and LF in the message; also ``:`` and ``,`` in properties.
A plain summary line follows, for the log.
"""

from __future__ import annotations

import os

from artifactkit.escape import printable
from artifactkit.report.text import summary

COMMANDS = {"error": "error", "warning": "warning"}


def escape_data(text: str) -> str:
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workspace_path(path: str) -> str:
    """The path relative to the repository checkout (``GITHUB_WORKSPACE``, else the working folder), POSIX style."""
    base = os.environ.get("GITHUB_WORKSPACE") or os.getcwd()
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, base)
    except ValueError:  # another drive on Windows
        return absolute.replace(os.sep, "/")
    if rel.startswith(".."):
        rel = os.path.relpath(absolute) if not os.path.isabs(path) else absolute
    return rel.replace(os.sep, "/")


def report(run, stream, color: bool = False) -> None:
    for p in run.problems:
        command = COMMANDS.get(p.level, "notice")
        title = f"artifactkit {p.rule}" + (f" ({p.section})" if p.section else "")
        props = ",".join(
            [
                f"file={escape_property(workspace_path(p.path))}",
                f"line={max(1, p.line)}",
                f"col={max(1, p.column)}",
                f"title={escape_property(title)}",
            ]
        )
        stream.write(f"::{command} {props}::{escape_data(p.message)}\n")
    stream.write(summary(run) + "\n")
