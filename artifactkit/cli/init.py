"""``artifactkit init [DIR]``: set a repository up for artifactkit.

Creates ``.artifactkit.yaml``, the document folders, a pre-commit hook entry and a CI
workflow. Safe to run again: an existing file is reported as "kept" and never overwritten;
the one exception is ``.pre-commit-config.yaml``, to which the artifactkit entry is added
(comments and other hooks preserved) when it is not there yet.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import Optional

import typer

from artifactkit.io.paths import display_path

HOOK_REPO = "https://github.com/artifactkit/artifactkit"
HOOK_ID = "artifactkit-lint"
CONFIG_NAME = ".artifactkit.yaml"
PRE_COMMIT = ".pre-commit-config.yaml"
WORKFLOW = ".github/workflows/artifactkit.yml"


def register(app: typer.Typer) -> None:
    from artifactkit.errors import handles_errors

    @app.command("init")
    @handles_errors
    def init(
        directory: Optional[Path] = typer.Argument(None, metavar="[DIR]", help="Repository to set up (default: the current folder)."),
        types: Optional[str] = typer.Option(
            None, "--types", metavar="TYPE,...", help="Only these document types (comma-separated, e.g. adr,runbook): their config entries and folders."
        ),
        hook: str = typer.Option(
            "remote",
            "--hook",
            metavar="remote|local",
            help="pre-commit entry: 'remote' (pre-commit installs artifactkit from its repository) or 'local' (runs the artifactkit already installed, no network).",
        ),
    ):
        """Set a repository up: config, docs folders, pre-commit hook and CI workflow. Never overwrites.

        An existing decision log (.adr-dir, .log4brains.yml, docs/adr, docs/decisions, doc/adr...) is
        detected with its format (Nygard / adr-tools, MADR), and the config points the adr type at it."""
        from artifactkit.errors import UserError

        if hook not in ("remote", "local"):
            raise UserError(f"--hook {hook!r}: use remote or local")
        raise typer.Exit(run_init(directory or Path("."), types, local_hook=hook == "local"))


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


def workflow_text(version: str) -> str:
    return f"""# Lint engineering documents (ADRs, RFCs, runbooks, postmortems...) with artifactkit.
name: artifactkit

on:
  push:
    branches: [main]
  pull_request:

permissions:
  contents: read

jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install artifactkit
        run: python -m pip install "artifactkit=={version}"
      - name: Lint documents
        run: artifactkit lint
"""


def hook_entry(version: str):
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    hook = CommentedMap()
    hook["id"] = HOOK_ID
    hooks = CommentedSeq([hook])
    entry = CommentedMap()
    entry["repo"] = HOOK_REPO
    entry["rev"] = f"v{version}"
    entry["hooks"] = hooks
    return entry


def local_hook_entry():
    """The ``repo: local`` variant (as in the README): the artifactkit on PATH, nothing to fetch."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    hook = CommentedMap()
    hook["id"] = HOOK_ID
    hook["name"] = "artifactkit lint"
    hook["entry"] = "artifactkit lint --skip-unknown"  # Markdown of no known type is not an error in a commit
    hook["language"] = "system"
    hook["types"] = CommentedSeq(["markdown"])
    hook["types"].fa.set_flow_style()
    hook["require_serial"] = True
    entry = CommentedMap()
    entry["repo"] = "local"
    entry["hooks"] = CommentedSeq([hook])
    return entry


def _has_our_hook(repo) -> bool:
    if not isinstance(repo, dict):
        return False
    if str(repo.get("repo", "")).rstrip("/").removesuffix(".git") == HOOK_REPO:
        return True
    return repo.get("repo") == "local" and any(isinstance(h, dict) and h.get("id") == HOOK_ID for h in repo.get("hooks") or [])


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    return yaml


def pre_commit_text(existing: str | None, version: str, local: bool = False) -> tuple[str | None, str]:
    """New content for ``.pre-commit-config.yaml`` (None when unchanged) and what happened;
    ``local``: the ``repo: local`` entry instead of the hook repository's.

    The user's file keeps what a YAML round trip would drop: its line endings, a byte order mark,
    whatever stands before a ``---`` start marker and from a ``...`` end marker on; the result is
    checked to hold the old data plus the one new entry, or the file is left unchanged."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from artifactkit.errors import UserError

    yaml = _yaml()
    if existing is None or not existing.strip():
        data = CommentedMap()
        data["repos"] = CommentedSeq([local_hook_entry() if local else hook_entry(version)])
        stream = io.StringIO()
        yaml.dump(data, stream)
        return (existing or "") + stream.getvalue(), "created" if existing is None else "updated"
    try:
        data = yaml.load(existing)
    except Exception as exc:  # the user's file: report it, don't touch it
        raise UserError(
            f"{PRE_COMMIT}: not valid YAML ({getattr(exc, 'problem', None) or type(exc).__name__}); left unchanged — add the artifactkit hook by hand"
        ) from None
    if not isinstance(data, dict):
        raise UserError(f"{PRE_COMMIT}: expected a mapping with 'repos'; left unchanged")
    repos = data.get("repos")
    if repos is not None and not isinstance(repos, list):
        raise UserError(f"{PRE_COMMIT}: 'repos' is not a list; left unchanged")
    if any(_has_our_hook(repo) for repo in repos or []):
        return None, "kept"
    bom = "\ufeff" if existing.startswith("\ufeff") else ""
    newline = "\r\n" if "\r\n" in existing else "\n"
    head, body, tail = _split_markers(existing[len(bom) :].replace("\r\n", "\n"))
    yaml = _yaml()  # a fresh one: the first load may have set a version, which the dump would repeat
    data = yaml.load(body)
    if not isinstance(data, dict):
        raise UserError(f"{PRE_COMMIT}: expected a mapping with 'repos'; left unchanged")
    repos = data.get("repos")
    if repos is None:
        repos = data["repos"] = CommentedSeq()
    # Find the indentation the file already uses for the list so the new entry matches it.
    from ruamel.yaml.util import load_yaml_guess_indent

    _, indent, block_seq_indent = load_yaml_guess_indent(body)
    indent = indent or 2
    block_seq_indent = block_seq_indent or 0
    yaml.indent(mapping=indent, sequence=max(indent, block_seq_indent + 2), offset=block_seq_indent)
    repos.append(local_hook_entry() if local else hook_entry(version))
    stream = io.StringIO()
    yaml.dump(data, stream)
    text = head + stream.getvalue() + tail
    text = bom + (text.replace("\n", newline) if newline != "\n" else text)
    if not _only_added(existing, text):
        raise UserError(f"{PRE_COMMIT}: could not add the hook without changing the rest of the file; left unchanged — add the artifactkit hook by hand")
    return text, "updated"


def _split_markers(text: str) -> tuple[str, str, str]:
    """``text`` (LF newlines) as what precedes its YAML (comments, directives, the ``---`` line), the
    YAML, and what follows it from a ``...`` line on: a round trip through the YAML library would
    drop the markers and the comments around them."""
    lines = text.splitlines(keepends=True)
    start = 0
    for i, line in enumerate(lines):
        bare = line.strip()
        if bare == "---" or bare.startswith("--- #"):
            start = i + 1
            break
        if bare and not bare.startswith(("#", "%")):
            break
    end = len(lines)
    for i in range(start, len(lines)):
        bare = lines[i].rstrip()
        if bare == "..." or bare.startswith("... #"):
            end = i
            break
    return "".join(lines[:start]), "".join(lines[start:end]), "".join(lines[end:])


def _only_added(old: str, new: str) -> bool:
    """Does ``new`` hold exactly ``old``'s data with one entry added at the end of ``repos``?"""
    from ruamel.yaml import YAML

    safe = YAML(typ="safe")
    try:
        before, after = safe.load(old), safe.load(new)
    except Exception:  # noqa: BLE001 - anything unreadable is a failed check
        return False
    if not isinstance(before, dict) or not isinstance(after, dict) or not isinstance(after.get("repos"), list):
        return False
    old_repos = before.get("repos") or []
    return after["repos"][:-1] == old_repos and {**after, "repos": old_repos} == {**before, "repos": old_repos}


def run_init(directory: Path, wanted_types: str | None = None, local_hook: bool = False) -> int:
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

    root = directory
    if root.exists() and not root.is_dir():
        raise UserError(f"{root}: not a folder")
    root.mkdir(parents=True, exist_ok=True)
    # Everything init may write, checked before anything is: a link out of the repository refuses the run.
    for rel in [*CONFIG_NAMES, PRE_COMMIT, WORKFLOW]:
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
        new_text, what = pre_commit_text(existing, __version__, local=local_hook)
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

    create(WORKFLOW, workflow_text(__version__))

    for what, path in report:
        typer.echo(printable(f"{what:<7}  {path}"))
    for problem in problems:
        sys.stderr.write(f"artifactkit: warning: {printable(problem)}\n")
    if not problems:
        typer.echo("next: artifactkit lint" if log is not None or adopted is not None else 'next: artifactkit new adr "Your first decision"')
    return 1 if problems else 0
