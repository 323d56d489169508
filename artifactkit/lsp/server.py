"""The pygls server: protocol in, ``diagnose`` / ``fixes`` / ``assist`` out.

Diagnostics run on open and save at once, and on change at most once per ``debounce`` per
document: the first change after a quiet spell is linted straight away, later ones in the same
spell are coalesced into one run on the latest text. Documents are synchronised in full (one
text per change): no patch arithmetic to disagree with the editor about.

Nothing a document or a config holds may stop the server: a config that fails to load becomes
one diagnostic on the config file; an error while linting a buffer becomes one diagnostic on it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from typing import TYPE_CHECKING, Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import from_fs_path, to_fs_path

from artifactkit import __version__
from artifactkit.document.model import split_lines
from artifactkit.errors import UserError
from artifactkit.io import paths
from artifactkit.lsp import assist, diagnose, watch
from artifactkit.lsp.folders import ConfigFailure, Folders
from artifactkit.problem import ERROR, Problem

if TYPE_CHECKING:
    from artifactkit.schema.project import Config

log = logging.getLogger("artifactkit.lsp")

DEFAULT_DEBOUNCE_MS = 100
SOURCE = "artifactkit"
# Files whose change can change findings: configs, schemas (JSON or YAML), templates, other documents.
WATCHED = ("**/.artifactkit.yaml", "**/.artifactkit.yml", "**/pyproject.toml", "**/*.json", "**/*.yaml", "**/*.yml", "**/*.jinja", "**/*.md")
SEVERITY = {ERROR: lsp.DiagnosticSeverity.Error}


class Protocol(LanguageServerProtocol):
    """pygls 2.1.1 files the future of every handler it runs as a generator (its own didOpen,
    didChange and didSave wrappers) under a fresh id in ``_request_futures`` and removes it only
    when answering a request: each change notification kept ~2 KB for good (bench/lsp_bench.py).
    A finished future is of no use there (only a running request can be cancelled): drop it."""

    def _execute_handler(self, msg_id, handler, callback, args=None, kwargs=None):
        super()._execute_handler(msg_id, handler, callback, args, kwargs)
        future = self._request_futures.get(msg_id)
        if future is not None:
            futures = self._request_futures
            future.add_done_callback(lambda _done: futures.pop(msg_id, None))


class ArtifactServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("artifactkit", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Full, protocol_cls=Protocol)
        self.folders = Folders()
        self.debounce = DEFAULT_DEBOUNCE_MS / 1000
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.last_run: dict[str, float] = {}
        self.config_uris: set[str] = set()  # config files that carry a diagnostic now
        self.catalogs: dict[tuple, list] = {}
        self.watch_interval = watch.DEFAULT_INTERVAL_MS / 1000
        self.poller: asyncio.Task | None = None

    # --- diagnostics ----------------------------------------------------------------------------

    def lint_now(self, uri: str) -> None:
        self.pending.pop(uri, None)
        document = self.workspace.text_documents.get(uri)
        path = to_fs_path(uri)
        if document is None or path is None:
            return
        text = document.source
        lines = split_lines(text)
        try:
            diagnostics = [self.diagnostic(p, lines) for p in self.problems(path, text)]
        except UserError as exc:  # e.g. a bad ARTIFACTKIT_TODAY: what lint would print, on line 1
            diagnostics = [self.failure("lint-failed", str(exc))]
        except Exception as exc:  # a bug must not end the editing session: say so on the document
            log.exception("linting %s failed", path)
            diagnostics = [self.failure("internal-error", f"artifactkit: internal error: {type(exc).__name__}: {exc}")]
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, version=document.version, diagnostics=diagnostics))
        self.last_run[uri] = time.monotonic()

    def problems(self, path: str, text: str) -> list[Problem]:
        config = self.folders.config_for(path)
        if isinstance(config, ConfigFailure):
            return []  # the config file carries the one diagnostic
        return diagnose.lint_text(path, text, config)

    @staticmethod
    def failure(code: str, message: str) -> lsp.Diagnostic:
        """Not a finding of a lint rule: the linter could not run on this text (no rule to configure or disable)."""
        start = lsp.Position(line=0, character=0)
        return lsp.Diagnostic(range=lsp.Range(start=start, end=start), message=message, severity=lsp.DiagnosticSeverity.Error, code=code, source=SOURCE)

    def diagnostic(self, problem: Problem, lines: list[str]) -> lsp.Diagnostic:
        span = diagnose.span(problem, lines)
        return lsp.Diagnostic(
            range=self.to_range(lines, span.start_line, span.start_col, span.end_line, span.end_col),
            message=problem.message,
            severity=SEVERITY.get(problem.level, lsp.DiagnosticSeverity.Warning),
            code=problem.rule,
            source=SOURCE,
            data={"rule": problem.rule, "section": problem.section, "line": problem.line},
        )

    def schedule(self, uri: str) -> None:
        if uri in self.pending:
            return  # the run already scheduled reads the latest text
        wait = max(0.0, self.last_run.get(uri, 0.0) + self.debounce - time.monotonic())
        self.pending[uri] = asyncio.get_running_loop().call_later(wait, self.lint_now, uri)

    def lint_open(self) -> None:
        for uri in list(self.workspace.text_documents):
            self.lint_now(uri)

    def publish_config_failures(self) -> None:
        failing = {}
        for failure in self.folders.failures():
            failing[from_fs_path(str(failure.file)) or str(failure.file)] = failure
        for uri in self.config_uris - set(failing):
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        for uri, failure in failing.items():
            line = failure.line - 1
            diagnostic = lsp.Diagnostic(
                range=lsp.Range(lsp.Position(line, 0), lsp.Position(line + 1, 0)),
                message=failure.message,
                severity=lsp.DiagnosticSeverity.Error,
                code="config-invalid",
                source=SOURCE,
            )
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[diagnostic]))
        self.config_uris = set(failing)

    def log(self, message: str) -> None:
        """A line in the editor's log of this server (window/logMessage)."""
        self.window_log_message(lsp.LogMessageParams(type=lsp.MessageType.Info, message=f"artifactkit: {message}"))

    def start_polling(self) -> None:
        """The client offers no dynamic file watching: stat the config, schemas and templates ourselves."""
        self.log(
            f"the client offers no dynamic file watching: polling the config, schemas and templates every {self.watch_interval:g} s "
            "(a change to another document is seen when it is saved or opened)"
        )
        last_good: dict = {}
        files = lambda: watch.watched_files(self.folders.roots, self.folders.load, last_good)  # noqa: E731 - read anew at each poll
        self.poller = asyncio.get_running_loop().create_task(watch.poll(files, self.reload, self.watch_interval))

    def reload(self) -> None:
        self.folders.reload()
        self.catalogs.clear()
        self.publish_config_failures()
        self.lint_open()

    # --- positions ------------------------------------------------------------------------------

    def to_range(self, lines: list[str], l0: int, c0: int, l1: int, c1: int) -> lsp.Range:
        codec = self.workspace.position_codec
        return lsp.Range(codec.position_to_client_units(lines, lsp.Position(l0, c0)), codec.position_to_client_units(lines, lsp.Position(l1, c1)))

    def from_position(self, lines: list[str], position: lsp.Position) -> tuple[int, int]:
        if position.line >= len(lines):
            return position.line, 0
        server = self.workspace.position_codec.position_from_client_units(lines, lsp.Position(position.line, position.character))
        return server.line, server.character

    def buffer(self, uri: str) -> tuple[assist.Buffer | None, Any]:
        document = self.workspace.text_documents.get(uri)
        path = to_fs_path(uri)
        if document is None or path is None:
            return None, None
        config = self.folders.config_for(path)
        if isinstance(config, ConfigFailure):
            return None, None
        return assist.open_buffer(path, document.source, config), config

    def entries(self, config: Config, type_name: str):
        """The catalogue of one type (for ``supersedes``), read once until files change."""
        key = (str(config.root), type_name)
        if key not in self.catalogs:
            from artifactkit.views import catalog

            self.catalogs[key] = catalog.build(config, type_name)
        return self.catalogs[key]


def build_server() -> ArtifactServer:
    server = ArtifactServer()

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: ArtifactServer, params: lsp.InitializeParams) -> None:
        options = params.initialization_options if isinstance(params.initialization_options, dict) else {}
        if isinstance(options.get("debounce_ms"), (int, float)) and options["debounce_ms"] >= 0:
            ls.debounce = options["debounce_ms"] / 1000
        if isinstance(options.get("watch_interval_ms"), (int, float)) and options["watch_interval_ms"] > 0:
            ls.watch_interval = options["watch_interval_ms"] / 1000
        uris = [f.uri for f in params.workspace_folders or []] or ([params.root_uri] if params.root_uri else [])
        roots = [r for r in map(to_fs_path, uris) if r]
        if roots and os.path.isdir(roots[0]):
            paths.show_relative_to(os.path.abspath(roots[0]))  # messages name other files as `lint` run there does
        ls.folders.set_roots(roots)

    @server.feature(lsp.INITIALIZED)
    def initialized(ls: ArtifactServer, _params: lsp.InitializedParams) -> None:
        ls.publish_config_failures()
        watch = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
        if watch and watch.dynamic_registration:
            ls.client_register_capability(
                lsp.RegistrationParams(
                    registrations=[
                        lsp.Registration(
                            id="artifactkit-watch",
                            method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            register_options=lsp.DidChangeWatchedFilesRegistrationOptions(watchers=[lsp.FileSystemWatcher(glob_pattern=g) for g in WATCHED]),
                        )
                    ]
                )
            )
            ls.log("watching the config, schemas, templates and documents through the client (workspace/didChangeWatchedFiles)")
        else:
            ls.start_polling()

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ArtifactServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.lint_now(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ArtifactServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ArtifactServer, params: lsp.DidSaveTextDocumentParams) -> None:
        ls.lint_now(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ArtifactServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        handle = ls.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        ls.last_run.pop(uri, None)
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: ArtifactServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        if all(change.uri.endswith(".md") for change in params.changes):
            ls.catalogs.clear()  # other documents changed: cross-document findings may change
            ls.lint_open()
        else:
            ls.reload()

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def folders_changed(ls: ArtifactServer, _params: lsp.DidChangeWorkspaceFoldersParams) -> None:
        roots = [to_fs_path(f.uri) for f in ls.workspace.folders.values()]
        ls.folders.set_roots([r for r in roots if r])
        ls.reload()

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
    def code_action(ls: ArtifactServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        return code_actions(ls, params)

    @server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=[":", "#", " "]))
    def completion(ls: ArtifactServer, params: lsp.CompletionParams) -> lsp.CompletionList:
        buf, config = ls.buffer(params.text_document.uri)
        if buf is None or buf.doctype is None:
            return lsp.CompletionList(is_incomplete=False, items=[])
        lines = buf.doc.lines
        line, col = ls.from_position(lines, params.position)
        doctype = buf.doctype
        found = assist.complete(buf, line, col, lambda: ls.entries(config, doctype.name))
        return lsp.CompletionList(is_incomplete=False, items=[completion_item(ls, lines, line, col, s) for s in found])

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: ArtifactServer, params: lsp.HoverParams) -> lsp.Hover | None:
        buf, config = ls.buffer(params.text_document.uri)
        if buf is None or buf.doctype is None:
            return None
        line, col = ls.from_position(buf.doc.lines, params.position)
        doctype = buf.doctype
        text = assist.hover(buf, line, col, lambda: ls.entries(config, doctype.name), config)
        if text is None:
            return None
        return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text))

    return server


KINDS = {
    "key": lsp.CompletionItemKind.Field,
    "value": lsp.CompletionItemKind.EnumMember,
    "reference": lsp.CompletionItemKind.Reference,
    "section": lsp.CompletionItemKind.Module,
}


def completion_item(ls: ArtifactServer, lines: list[str], line: int, col: int, s: assist.Suggestion) -> lsp.CompletionItem:
    edit = lsp.TextEdit(range=ls.to_range(lines, line, s.replace_from, line, col), new_text=s.new_text)
    docs = lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=s.documentation) if s.documentation else None
    return lsp.CompletionItem(label=s.label, kind=KINDS[s.kind], detail=s.detail, documentation=docs, text_edit=edit, filter_text=s.new_text)


def code_actions(ls: ArtifactServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    from artifactkit.checks import fixes

    uri = params.text_document.uri
    buf, config = ls.buffer(uri)
    if buf is None or buf.doctype is None:
        return []
    lines = buf.doc.lines
    first, _ = ls.from_position(lines, params.range.start)
    last, _ = ls.from_position(lines, params.range.end)
    wanted = [(d, d.data) for d in params.context.diagnostics if d.source == SOURCE and isinstance(d.data, dict)]
    actions = []
    for fix in fixes.fixes_for(buf.doc, buf.doctype, previous_status=_saved_status(buf, config)):
        matching = [
            d for d, data in wanted if data.get("rule") == fix.rule and (data.get("section") == fix.section if fix.section else data.get("line") == fix.line)
        ]
        if not matching and not first + 1 <= fix.line <= last + 1:
            continue
        edits = [lsp.TextEdit(range=ls.to_range(lines, e.start_line, e.start_col, e.end_line, e.end_col), new_text=e.new_text) for e in fix.edits]
        actions.append(
            lsp.CodeAction(
                title=fix.title,
                kind=lsp.CodeActionKind.QuickFix,
                diagnostics=matching or None,
                is_preferred=fix.preferred or None,
                edit=lsp.WorkspaceEdit(changes={uri: edits}),
            )
        )
    return actions


def _saved_status(buf: assist.Buffer, config: Config) -> str | None:
    """The status of the document as saved on disk: the one transitions start from."""
    from artifactkit.schema.opening import open_document

    if buf.doctype is None or not buf.doctype.status_field or not os.path.isfile(buf.path):
        return None
    doc = open_document(buf.path, config).doc
    value = doc.frontmatter.get(buf.doctype.status_field) if doc is not None else None
    return value if isinstance(value, str) else None


def serve() -> int:
    logging.basicConfig(level=logging.WARNING, format="artifactkit lsp: %(message)s")  # stderr: stdout is the protocol
    build_server().start_io()
    return 0
