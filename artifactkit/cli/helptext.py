"""``artifactkit --help`` without loading typer (~70 ms): the text typer prints, kept here.

Typer (click) wraps help at the terminal's width, at most 80 columns: from 80 columns on, the text
is always this one; a narrower terminal gets typer's own. tests/test_startup.py renders it with
typer and fails when the two differ; ``python -m artifactkit.cli.helptext`` writes it again.
"""

from __future__ import annotations

import shutil

TEXT = """\
Usage: artifactkit [OPTIONS] COMMAND [ARGS]...

  Lint and scaffold engineering documents: ADRs, RFCs, runbooks, postmortems,
  1:1s, review checklists.

Options:
  --version  Show the version and exit.
  --help     Show this message and exit.

Commands:
  lint       Check documents: required sections filled in, front matter...
  baseline   Write the current findings to .artifactkit-baseline.json;...
  inspect    Print the document as the JSON instance its schema validates...
  new        Create a new document from its type's template and print its...
  init       Set a repository up: config, docs folders, pre-commit hook...
  status     Change a document's status (artifactkit status adr 7...
  supersede  Mark OLD as superseded by NEW: 'superseded_by: NEW' and...
  renumber   Give a document another number: its file name, title and...
  outdated   List documents made from an older template version, and the...
  list       List documents: number, title, status, date and path...
  index      Write each type's index table into <folder>/README.md...
  graph      Print the relation graph (supersedes, superseded_by,...
  lsp        Run the Language Server Protocol server on stdin/stdout, for...
  schema     Write schemas for your own document types.
  site       A static site of the docs: dashboard, timelines, documents,...
"""


def fits() -> bool:
    """Whether typer would print exactly ``TEXT`` here."""
    return shutil.get_terminal_size().columns >= 80


def render() -> str:
    """The root help as typer prints it on a terminal of 80 columns or more."""
    import contextlib
    import io
    import os

    from artifactkit.cli import build_app

    out, columns = io.StringIO(), os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"
    try:
        with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
            build_app()(args=["--help"], prog_name="artifactkit")
    finally:
        if columns is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = columns
    return out.getvalue()


if __name__ == "__main__":  # python -m artifactkit.cli.helptext: keep the text typer prints now
    from artifactkit.io.textio import read_settings_text
    from artifactkit.io.writer import atomic_write

    source = read_settings_text(__file__)
    start = source.index('TEXT = """\\\n') + len('TEXT = """\\\n')
    end = source.index('"""', start)
    atomic_write(__file__, source[:start] + render() + source[end:])
