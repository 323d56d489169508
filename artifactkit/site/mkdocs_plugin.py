"""The MkDocs plugin (``plugins: [artifactkit]`` in mkdocs.yml; Backstage TechDocs builds with MkDocs too).

- ``mkdocs build`` / ``mkdocs serve`` lint the docs folder: every finding goes to MkDocs' log as
  ``file:line:column: level [rule] message``; errors are logged as warnings, so ``--strict``
  (``strict: true``) fails the build on them, and lint warnings as info.
- A document with a status gets a status badge under its title; one that another document
  supersedes gets a notice linking to it.
- ``indexes: true`` adds an index page per type (``<type folder>/index.md``) where the site has none.
- ``mkdocs serve`` also rebuilds when the artifactkit config or a schema of its types changes.

MkDocs imports this module only when a site names the plugin; artifactkit itself never imports mkdocs.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import quote

from mkdocs.config import config_options as c
from mkdocs.config.base import Config as PluginConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from artifactkit.schema.project import Config
from artifactkit.views.catalog import Entry

log = get_plugin_logger("artifactkit")

STATUS_COLOURS = {  # background of the badge, by status word
    "accepted": "#2e7d32",
    "approved": "#2e7d32",
    "implemented": "#2e7d32",
    "proposed": "#1565c0",
    "draft": "#1565c0",
    "superseded": "#6d6d6d",
    "deprecated": "#6d6d6d",
    "rejected": "#c62828",
}


class ArtifactkitPluginConfig(PluginConfig):
    config = c.Optional(c.File(exists=True))  # the artifactkit config; default: found upwards from mkdocs.yml
    lint = c.Type(bool, default=True)
    badges = c.Type(bool, default=True)
    indexes = c.Type(bool, default=False)


class ArtifactkitPlugin(BasePlugin[ArtifactkitPluginConfig]):
    def __init__(self) -> None:
        self.project: Config | None = None
        self.entries: dict[str, Entry] = {}
        self.superseded_by: dict[str, list[Entry]] = {}

    def on_config(self, config):
        from artifactkit.engine.config import load_config
        from artifactkit.errors import UserError

        explicit = Path(self.config.config) if self.config.config else None
        start = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
        try:
            self.project = load_config(start=start, explicit=explicit, keep_going=True)
        except UserError as exc:  # MkDocs reports a PluginError as one line and stops
            raise PluginError(f"artifactkit: {exc}") from None
        return config

    def on_files(self, files: Files, config) -> Files:
        from artifactkit.views import catalog
        from artifactkit.views.relations import SUPERSEDES, edges

        project = self._project()
        docs_dir = config.docs_dir
        if self.config.lint:
            self._lint(docs_dir, project)
        entries = [e for e in catalog.build(project) if _inside(e.abspath, docs_dir)] if self.config.badges or self.config.indexes else []
        self.entries = {e.abspath: e for e in entries}
        self.superseded_by = {}
        for src, dst, kind in edges(entries, project):
            if kind == SUPERSEDES:
                self.superseded_by.setdefault(dst.abspath, []).append(src)
        if self.config.indexes:
            self._add_indexes(files, config, entries, project)
        return files

    def on_page_markdown(self, markdown: str, page, config, files) -> str:  # noqa: ARG002 - MkDocs passes them by name
        if not self.config.badges or page.file.abs_src_path is None:
            return markdown
        entry = self.entries.get(os.path.realpath(page.file.abs_src_path))
        if entry is None:
            return markdown
        lines: list[str] = []
        if entry.status:
            lines.append(status_badge(entry.status))
        newer = self.superseded_by.get(entry.abspath, [])
        if newer:
            here = os.path.dirname(entry.abspath)
            links = ", ".join(f"[{_md_text(n.title)}]({quote(Path(os.path.relpath(n.abspath, here)).as_posix())})" for n in newer)
            lines.append(f"> **Superseded:** this {entry.type} is superseded by {links}.")  # plain Markdown: no extension needed
        if not lines:
            return markdown
        return _after_title(markdown, "\n\n".join(lines))

    def on_serve(self, server, config, builder):  # noqa: ARG002 - MkDocs passes them by name
        """``mkdocs serve`` rebuilds when the artifactkit config or a schema of its types changes, not only the docs."""
        project = self._project()
        paths = [project.source_file] if project.source_file is not None else []
        paths += [path for doctype in project.types.values() if not doctype.builtin for path in doctype.schema_paths]
        for path in dict.fromkeys(paths):
            server.watch(str(path), recursive=False)
        return server

    def _project(self) -> Config:
        if self.project is None:  # on_config always runs first; a clear error all the same
            raise PluginError("artifactkit: the plugin was not configured")
        return self.project

    def _lint(self, docs_dir: str, project: Config) -> None:
        from artifactkit.engine.linter import lint_paths
        from artifactkit.escape import printable

        here = os.getcwd()
        target = os.path.relpath(docs_dir) if _inside(os.path.realpath(docs_dir), here) else docs_dir  # paths as `artifactkit lint` shows them
        run = lint_paths([target], project, use_cache=True)
        for p in run.problems:
            line = printable(f"{p.path}:{p.line}:{p.column}: {p.level} [{p.rule}] {p.message}")
            (log.warning if p.level == "error" else log.info)(line)
        for type_name, message in project.broken.items():
            log.warning(printable(f"{message} ({type_name} documents not checked)"))
        errors = sum(1 for p in run.problems if p.level == "error")
        warnings, docs = len(run.problems) - errors, len(run.linted)
        log.info(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} in {docs} document{'s' * (docs != 1)}")

    def _add_indexes(self, files: Files, config, entries: list[Entry], project: Config) -> None:
        docs_dir = os.path.realpath(config.docs_dir)
        for doctype in project.types.values():
            mine = [e for e in entries if e.type == doctype.name]
            if not mine:
                continue
            folder = os.path.commonpath([os.path.dirname(e.abspath) for e in mine])
            rel = Path(os.path.relpath(folder, docs_dir)).as_posix()
            rel = "" if rel == "." else rel
            if any(files.get_file_from_path(posixpath.join(rel, name)) for name in ("index.md", "README.md")):
                log.info(f"{posixpath.join(rel, 'index.md')}: the site has its own index page; none generated")
                continue
            content = index_markdown(doctype, mine, folder)
            files.append(File.generated(config, posixpath.join(rel, "index.md"), content=content))


def status_badge(status: str) -> str:
    colour = STATUS_COLOURS.get(status.strip().lower(), "#546e7a")
    return (
        f'<span class="artifactkit-status" style="display:inline-block;padding:0.1em 0.6em;border-radius:0.8em;'
        f'color:#fff;background:{colour};font-size:0.8em">{html.escape(status)}</span>'
    )


def index_markdown(doctype, entries: list[Entry], folder: str) -> str:
    """The generated index page of one type: a table of its documents, numbers first."""
    headers = (["#"] if doctype.numbered else []) + ["Title"] + (["Status"] if doctype.status_field else []) + ["Date"]
    rows = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for e in entries:
        link = f"[{_cell(e.title)}]({quote(Path(os.path.relpath(e.abspath, folder)).as_posix())})"
        cells = ([str(e.number) if e.number is not None else ""] if doctype.numbered else []) + [link]
        cells += ([_cell(e.status or "")] if doctype.status_field else []) + [_cell(e.date or "")]
        rows.append("| " + " | ".join(cells) + " |")
    return f"# {doctype.name}\n\n" + "\n".join(rows) + "\n"


def _cell(text: str) -> str:
    return _md_text(" ".join(text.split())).replace("|", "\\|")


def _md_text(text: str) -> str:
    """Text that Markdown and HTML show as it is (a title may hold brackets or tags)."""
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)


def _after_title(markdown: str, block: str) -> str:
    """``block`` under the page's first top-level heading, or at the top when it has none."""
    lines = markdown.split("\n")
    fence = None
    for i, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            fence = None if fence and stripped.startswith(fence) else (fence or stripped[:3])
        elif fence is None and re.match(r"#\s", stripped):
            return "\n".join(lines[: i + 1] + ["", block, ""] + lines[i + 1 :])
    return block + "\n\n" + markdown


def _inside(path: str, folder: str) -> bool:
    folder = os.path.realpath(folder)
    return path == folder or path.startswith(folder + os.sep)
