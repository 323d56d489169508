"""``artifactkit new TYPE [TITLE]``: scaffold a document from its type's template.

The work is done in ``artifactkit.scaffold.create``; Copier (and cookiecutter, for team
templates) are imported only when this command runs.
"""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    from artifactkit.errors import handles_errors

    @app.command("new")
    @handles_errors
    def new(
        type_name: str = typer.Argument(
            ..., metavar="TYPE", help="Document type: adr, rfc, runbook, postmortem, one-on-one, review-checklist, or a type from the config."
        ),
        title: str | None = typer.Argument(None, help="The document's title (also gives the file name)."),
        set_values: list[str] | None = typer.Option(None, "--set", "-s", metavar="KEY=VALUE", help="Answer a template question (repeatable)."),
        author: str | None = typer.Option(None, "--author", help="Author (default: git config user.name)."),
        no_input: bool = typer.Option(False, "--no-input", help="Never prompt; use defaults and fail on a missing answer."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Show the path and content; write nothing."),
        supersedes: int | None = typer.Option(None, "--supersedes", metavar="N", help="ADR number this one replaces (marks it Superseded)."),
        pr: int | None = typer.Option(None, "--pr", metavar="N", help="Pull request number (review checklists: names the file pr-N.md)."),
        trust: bool = typer.Option(
            False,
            "--trust",
            help="Allow templates that run code or read this machine (Copier tasks, extensions and machine-reading filters; every cookiecutter template).",
        ),
        config: Path | None = typer.Option(None, "--config", help="Config file (default: .artifactkit.yaml found upwards)."),
    ):
        """Create a new document from its type's template and print its path."""
        from artifactkit.scaffold.create import NewOptions, new_document

        options = NewOptions(
            type_name, title, set_values or [], author=author, no_input=no_input, dry_run=dry_run, supersedes=supersedes, pr=pr, trust=trust, config_path=config
        )
        try:
            new_document(options, say=typer.echo)
        except KeyboardInterrupt:  # Ctrl-C at a prompt: the user changed their mind, nothing was written
            typer.echo("\ncancelled", err=True)
            raise typer.Exit(130) from None
