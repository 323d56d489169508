"""Write typer's current root help into artifactkit/cli/helptext.py (tests/test_startup.py says when).

    python tests/renew_helptext.py
"""

from __future__ import annotations

import artifactkit.cli.helptext as helptext
from artifactkit.cli import typer_help
from artifactkit.io.textio import read_settings_text
from artifactkit.io.writer import atomic_write

MARK = 'TEXT = """\\\n'

if __name__ == "__main__":
    source = read_settings_text(helptext.__file__)
    start = source.index(MARK) + len(MARK)
    end = source.index('"""', start)
    atomic_write(helptext.__file__, source[:start] + typer_help() + source[end:])
