"""``artifactkit lsp``: the language server, over stdio (see artifactkit.lsp)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("lsp")
    def lsp() -> None:
        """Run the Language Server Protocol server on stdin/stdout, for editors (see the README: In the editor)."""
        try:
            from artifactkit.lsp.server import serve  # pygls is loaded only here
        except ImportError as exc:
            from artifactkit.errors import fail

            fail(f"the language server needs pygls: pip install 'artifactkit[lsp]' ({exc})")
        raise typer.Exit(serve())
