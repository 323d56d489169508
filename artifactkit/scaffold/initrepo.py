"""Set a repository up for artifactkit (the work of ``artifactkit init``; the command prints the result).

Creates ``.artifactkit.yaml``, the document folders, a pre-commit hook entry and a CI workflow.
Safe to run again: an existing file is reported as "kept" and never overwritten; the one exception
is ``.pre-commit-config.yaml``, to which the artifactkit entry is added, or switched by ``hook``,
comments and other hooks preserved (``artifactkit.scaffold.hookentry``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from artifactkit.io.paths import display_path

CONFIG_NAME = ".artifactkit.yaml"
PRE_COMMIT = ".pre-commit-config.yaml"
WORKFLOW = ".github/workflows/artifactkit.yml"


@dataclass
class InitResult:
    """What ``init`` did: (what, path) lines in order, and the problems it worked around (exit 1)."""

    report: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    learned: bool = False  # the documents already there (or their log) decided the config: lint them next


@dataclass
class _Plan:
    """The types to set up, where, and what decided it."""

    types: dict
    docs_root: str = "docs"
    log: Any = None  # a detected decision log (artifactkit.scaffold.detect)
    adopted: Any = None  # the config learned from the documents (artifactkit.scaffold.adopt)
    existing_config: Path | None = None


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


def init_repository(root: Path, wanted_types: str | None = None, hook: str | None = None) -> InitResult:
    """Set ``root`` up; never overwrites a file (but the pre-commit entry, see the module)."""
    from artifactkit import __version__
    from artifactkit.scaffold.workflow import workflow_text

    _prepare(root)
    result = InitResult()
    plan = _plan(root, wanted_types, result.problems)
    _write_config(root, plan, result)
    _make_folders(root, plan.types, result)
    _write_pre_commit(root, hook, __version__, result)
    _create(root, WORKFLOW, workflow_text(root, __version__), result)
    _ignore_site(root, result)
    result.learned = plan.log is not None or plan.adopted is not None
    return result


def _prepare(root: Path) -> None:
    """The folder exists; everything init may write is checked before anything is: a link out of the repository refuses the run."""
    from artifactkit.engine.config import CONFIG_NAMES
    from artifactkit.errors import UserError
    from artifactkit.io.writer import check_inside

    if root.exists() and not root.is_dir():
        raise UserError(f"{root}: not a folder")
    root.mkdir(parents=True, exist_ok=True)
    for rel in [*CONFIG_NAMES, PRE_COMMIT, WORKFLOW, ".gitignore"]:
        check_inside(root / rel, root)


def _ignore_site(root: Path, result: InitResult) -> None:
    """The site's output folder is built, not committed."""
    from artifactkit.scaffold.gitignore import GITIGNORE, SITE_OUT, add_ignored_folder

    try:
        result.report.append((add_ignored_folder(root, SITE_OUT), display_path(root / GITIGNORE)))
    except (OSError, UnicodeDecodeError) as exc:
        result.problems.append(f"{display_path(root / GITIGNORE)}: {exc}; add /{SITE_OUT}/ to it by hand")


def _plan(root: Path, wanted_types: str | None, problems: list[str]) -> _Plan:
    """An existing config decides the folders; else the documents already here, or a decision log."""
    from artifactkit.engine.config import CONFIG_NAMES, builtin_types
    from artifactkit.io.writer import check_inside

    existing_config = next((root / name for name in CONFIG_NAMES if os.path.lexists(root / name)), None)
    types = chosen_types(builtin_types(), wanted_types)
    if existing_config is not None:
        plan = _Plan(_configured_types(existing_config, wanted_types, problems, types), existing_config=existing_config)
    else:
        from artifactkit.scaffold.adopt import learn_repository  # the documents already here decide the config

        adopted = learn_repository(root, builtin_types(), types if wanted_types else None)
        if adopted is not None:
            plan = _Plan(adopted.types, adopted.docs_root, adopted=adopted)
        else:
            plan = _Plan(*adopt_log(root, types))
    for doctype in plan.types.values():
        if doctype.folder:
            check_inside(root / doctype.folder / ".gitkeep", root)
    return plan


def _configured_types(existing_config: Path, wanted_types: str | None, problems: list[str], builtin: dict) -> dict:
    from artifactkit.engine.config import load_config
    from artifactkit.errors import ConfigError

    try:
        loaded = load_config(explicit=existing_config).types
    except ConfigError as exc:
        problems.append(f"{exc}; created the built-in folders instead")
        return builtin
    return chosen_types(loaded, wanted_types) if wanted_types else {k: v for k, v in loaded.items() if v.format == "frontmatter" or not v.builtin}


def _create(root: Path, rel: str, text: str, result: InitResult) -> None:
    """Write ``rel`` unless something is there already (then it is "kept")."""
    from artifactkit.io.writer import create_exclusive, make_folders

    target = root / rel
    if os.path.lexists(target):
        result.report.append(("kept", display_path(target)))
        return
    make_folders(target.parent, root)
    try:
        create_exclusive(target, text, root=root)
    except FileExistsError:
        result.report.append(("kept", display_path(target)))
        return
    result.report.append(("created", display_path(target)))


def _write_config(root: Path, plan: _Plan, result: InitResult) -> None:
    if plan.existing_config is not None:
        result.report.append(("kept", display_path(plan.existing_config)))
        return
    if plan.log is not None:
        result.report.append(("found", plan.log.describe()))
    result.report.extend(("found", line) for line in (plan.adopted.found if plan.adopted else []))
    _create(root, CONFIG_NAME, plan.adopted.text if plan.adopted else config_text(plan.types, plan.docs_root, plan.log), result)


def _make_folders(root: Path, types: dict, result: InitResult) -> None:
    from artifactkit.io.writer import make_folders

    for doctype in types.values():
        if not doctype.folder:
            continue
        folder = root / doctype.folder
        if folder.is_dir() and any(folder.iterdir()):
            result.report.append(("kept", display_path(folder) + "/"))
            continue
        make_folders(folder, root)
        _create(root, f"{doctype.folder}/.gitkeep", "", result)


def _write_pre_commit(root: Path, hook: str | None, version: str, result: InitResult) -> None:
    """Add the artifactkit entry to ``.pre-commit-config.yaml`` (or switch it); a file it cannot edit is a problem, left as it is."""
    from artifactkit.errors import UserError
    from artifactkit.io.textio import read_settings_text
    from artifactkit.io.writer import atomic_write
    from artifactkit.scaffold.hookentry import pre_commit_text

    pre_commit = root / PRE_COMMIT
    try:
        existing = read_settings_text(pre_commit) if os.path.lexists(pre_commit) else None
        new_text, what, note = pre_commit_text(existing, version, kind=hook)
    except (UserError, OSError, UnicodeDecodeError) as exc:
        result.problems.append(str(exc))
        result.report.append(("skipped", display_path(pre_commit)))
        return
    if new_text is None:
        result.report.append((what, display_path(pre_commit)))
    elif existing is None:
        _create(root, PRE_COMMIT, new_text, result)
    else:
        atomic_write(pre_commit, new_text, root=root)
        result.report.append((what, display_path(pre_commit)))
    result.report[-1] = (result.report[-1][0], f"{result.report[-1][1]} ({note})")
