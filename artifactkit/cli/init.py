"""``artifactkit init [DIR]``: set a repository up for artifactkit.

Creates ``.artifactkit.yaml``, the document folders, a pre-commit hook entry and a CI
workflow. Safe to run again: an existing file is reported as "kept" and never overwritten;
the one exception is ``.pre-commit-config.yaml``, to which the artifactkit entry is added, or
switched by ``--hook``, comments and other hooks preserved (``artifactkit.scaffold.hookentry``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

from artifactkit.io.paths import display_path

CONFIG_NAME = ".artifactkit.yaml"
PRE_COMMIT = ".pre-commit-config.yaml"
WORKFLOW = ".github/workflows/artifactkit.yml"


def register(app: typer.Typer) -> None:
    from artifactkit.errors import handles_errors

    @app.command("init")
    @handles_errors
    def init(
        directory: Optional[Path] = typer.Argument(None, metavar="DIR", help="Repository to set up (default: the current folder)."),
        types: Optional[str] = typer.Option(
            None, "--types", metavar="TYPE,...", help="Only these document types (comma-separated, e.g. adr,runbook): their config entries and folders."
        ),
        hook: Optional[str] = typer.Option(
            None,
            "--hook",
            metavar="local|remote",
            help="pre-commit entry: 'local' (the default: runs the artifactkit already installed, no network) or 'remote' "
            "(pre-commit installs artifactkit from a release tag of its repository); switches an existing entry.",
        ),
    ):
        """Set a repository up: config, docs folders, pre-commit hook and CI workflow. Never overwrites.

        An existing decision log (.adr-dir, .log4brains.yml, docs/adr, docs/decisions, doc/adr...) is
        detected with its format (Nygard / adr-tools, MADR), and the config points the adr type at it."""
        from artifactkit.errors import UserError

        if hook not in (None, "remote", "local"):
            raise UserError(f"--hook {hook!r}: use local or remote")
        raise typer.Exit(run_init(directory or Path("."), types, hook=hook))


def config_text(types: dict, docs_root: str = "docs", log=None) -> str:
    """The config ``init`` writes; with ``log`` (a detected decision log) the adr type reads that folder, in its format."""
    lines = [
        "# artifactkit configuration: https://github.com/artifactkit/artifactkit",
        '# Each type\'s documents live in its folder; `artifactkit new TYPE "Title"` writes there',
        "# and `artifactkit lint` checks them. A type may also name its own `template`",
        "# (a Copier or cookiecutter template: local path or git URL) or `extends` a built-in type.",
        f"docs_root: {docs_root}",
        "types:",
    ]
    for name, doctype in types.items():
        lines.append(f"  {name}:")
        if log is not None and name == "adr":
            lines.append(f"    # the existing {log.describe()}")
            if log.type_name != "adr":
                lines.append(f"    extends: {log.type_name}")
            lines.append(f'    paths: ["{log.folder}/**/*.md"]')
        lines.append(f"    folder: {doctype.folder}")
    return "\n".join(lines) + "\n"


def chosen_types(all_types: dict, wanted: str | None) -> dict:
    """The types ``init`` sets up: those named by ``--types``, else every built-in type except the
    decision-log variants (adr-nygard, adr-madr), which an existing log selects for ``adr``."""
    from artifactkit.errors import UserError

    if wanted is None:
        return {k: v for k, v in all_types.items() if v.format == "frontmatter"}
    names = [n.strip() for n in wanted.split(",") if n.strip()]
    unknown = [n for n in names if n not in all_types]
    if unknown or not names:
        raise UserError(f"--types {wanted!r}: unknown type {(unknown or [''])[0]!r}; known: {', '.join(all_types)}")
    return {n: all_types[n] for n in names}


def adopt_log(root: Path, types: dict):
    """(types with their folders, docs_root, log) for a repository that already keeps a decision log."""
    import copy

    from artifactkit.scaffold.detect import find_log

    log = find_log(root)
    if log is None or "adr" not in types:
        return types, "docs", None
    docs_root = log.folder.split("/", 1)[0] if "/" in log.folder else log.folder
    out = {}
    for name, doctype in types.items():
        doctype = copy.copy(doctype)
        if name == "adr":
            doctype.folder = log.folder
        elif doctype.folder and docs_root != "docs" and doctype.folder.startswith("docs/"):
            doctype.folder = f"{docs_root}/{doctype.folder[len('docs/') :]}"  # beside the log, below docs_root
        out[name] = doctype
    return out, docs_root, log


def run_init(directory: Path, wanted_types: str | None = None, hook: str | None = None) -> int:
    from artifactkit import __version__
    from artifactkit.engine.config import CONFIG_NAMES, builtin_types
    from artifactkit.errors import UserError
    from artifactkit.escape import printable
    from artifactkit.io.textio import read_settings_text
    from artifactkit.io.writer import (
        atomic_write,
        check_inside,
        create_exclusive,
        make_folders,
    )
    from artifactkit.scaffold.hookentry import pre_commit_text
    from artifactkit.scaffold.workflow import workflow_text

    root = directory
    if root.exists() and not root.is_dir():
        raise UserError(f"{root}: not a folder")
    root.mkdir(parents=True, exist_ok=True)
    # Everything init may write, checked before anything is: a link out of the repository refuses the run.
    for rel in [*CONFIG_NAMES, PRE_COMMIT, WORKFLOW, ".gitignore"]:
        check_inside(root / rel, root)
    report: list[tuple[str, str]] = []
    problems: list[str] = []
    existing_config = next((root / name for name in CONFIG_NAMES if os.path.lexists(root / name)), None)
    types = chosen_types(builtin_types(), wanted_types)
    docs_root, log, adopted = "docs", None, None
    if existing_config is None:
        from artifactkit.scaffold.adopt import learn_repository  # the documents already here decide the config

        adopted = learn_repository(root, builtin_types(), types if wanted_types else None)
        if adopted is not None:
            types, docs_root = adopted.types, adopted.docs_root
        else:
            types, docs_root, log = adopt_log(root, types)
    if existing_config is not None:  # an existing config decides where the folders are
        from artifactkit.engine.config import load_config
        from artifactkit.errors import ConfigError

        try:
            loaded = load_config(explicit=existing_config).types
            types = chosen_types(loaded, wanted_types) if wanted_types else {k: v for k, v in loaded.items() if v.format == "frontmatter" or not v.builtin}
        except ConfigError as exc:
            problems.append(f"{exc}; created the built-in folders instead")
    for doctype in types.values():
        if doctype.folder:
            check_inside(root / doctype.folder / ".gitkeep", root)

    def create(rel: str, text: str) -> None:
        target = root / rel
        if os.path.lexists(target):
            report.append(("kept", display_path(target)))
            return
        make_folders(target.parent, root)
        try:
            create_exclusive(target, text, root=root)
        except FileExistsError:
            report.append(("kept", display_path(target)))
            return
        report.append(("created", display_path(target)))

    if existing_config is not None:
        report.append(("kept", display_path(existing_config)))
    else:
        if log is not None:
            report.append(("found", log.describe()))
        report.extend(("found", line) for line in (adopted.found if adopted else []))
        create(CONFIG_NAME, adopted.text if adopted else config_text(types, docs_root, log))

    for doctype in types.values():
        if not doctype.folder:
            continue
        folder = root / doctype.folder
        if folder.is_dir() and any(folder.iterdir()):
            report.append(("kept", display_path(folder) + "/"))
            continue
        make_folders(folder, root)
        create(f"{doctype.folder}/.gitkeep", "")

    pre_commit = root / PRE_COMMIT
    try:
        existing = read_settings_text(pre_commit) if os.path.lexists(pre_commit) else None
        new_text, what, note = pre_commit_text(existing, __version__, kind=hook)
    except (UserError, OSError, UnicodeDecodeError) as exc:
        problems.append(str(exc))
        report.append(("skipped", display_path(pre_commit)))
    else:
        if new_text is None:
            report.append((what, display_path(pre_commit)))
        elif existing is None:
            create(PRE_COMMIT, new_text)
        else:
            atomic_write(pre_commit, new_text, root=root)
            report.append((what, display_path(pre_commit)))
        report[-1] = (report[-1][0], f"{report[-1][1]} ({note})")

    create(WORKFLOW, workflow_text(root, __version__))
    try:  # the site's output folder is built, not committed
        from artifactkit.cli.site import DEFAULT_OUT
        from artifactkit.scaffold.gitignore import GITIGNORE, add_ignored_folder

        report.append((add_ignored_folder(root, DEFAULT_OUT), display_path(root / GITIGNORE)))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{display_path(root / '.gitignore')}: {exc}; add /{DEFAULT_OUT}/ to it by hand")

    for what, path in report:
        typer.echo(printable(f"{what:<7}  {path}"))
    for problem in problems:
        sys.stderr.write(f"artifactkit: warning: {printable(problem)}\n")
    if not problems:
        typer.echo("next: artifactkit lint" if log is not None or adopted is not None else 'next: artifactkit new adr "Your first decision"')
    return 1 if problems else 0
