"""``artifactkit lsp``: the installed command started as a subprocess, driven over stdio by
pytest-lsp's real LSP client (pygls), in repositories built in tmp_path."""

from __future__ import annotations

import asyncio
import contextlib
import json
from pathlib import Path

import pytest
from conftest import artifactkit_exe, run, write_tree
from docfactory import document
from lsprotocol import types as lsp
from pygls.uris import from_fs_path
from pytest_lsp import client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, LanguageClient, register_lsp_features
from test_startup import modules_after

pytestmark = pytest.mark.asyncio(loop_scope="function")

TIMEOUT = 30
ADR_CONFIG = "docs_root: docs\n"


def uri(path: Path) -> str:
    return from_fs_path(str(path))


class Client:
    """A pytest-lsp client that also keeps the version of each publication, to wait for a given edit."""

    def __init__(self) -> None:
        self.published: dict[str, lsp.PublishDiagnosticsParams] = {}
        self.publications: list[lsp.PublishDiagnosticsParams] = []
        self.changed = asyncio.Event()
        features = dict(DEFAULT_CLIENT_FEATURES)

        def on_publish(params: lsp.PublishDiagnosticsParams):
            self.published[params.uri] = params
            self.publications.append(params)
            self.changed.set()

        def on_register(params: lsp.RegistrationParams):
            self.registrations.extend(params.registrations)
            self.registered.set()

        def on_log(params: lsp.LogMessageParams):
            self.logs.append(params.message)
            self.changed.set()

        features[lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = on_publish
        features[lsp.WINDOW_LOG_MESSAGE] = on_log
        self.logs: list[str] = []
        features[lsp.CLIENT_REGISTER_CAPABILITY] = on_register
        self.registrations: list[lsp.Registration] = []
        self.registered = asyncio.Event()
        self.lsp = LanguageClient()
        register_lsp_features(self.lsp, features)
        self.versions: dict[str, int] = {}

    async def diagnostics(self, doc_uri: str, version: int | None = None, check=None) -> list[lsp.Diagnostic]:
        """The diagnostics published for ``doc_uri`` (for ``version`` when given, satisfying ``check``)."""

        async def wait():
            while True:
                found = self.published.get(doc_uri)
                if found is not None and (version is None or found.version == version) and (check is None or check(found.diagnostics)):
                    return list(found.diagnostics)
                self.changed.clear()
                await self.changed.wait()

        return await asyncio.wait_for(wait(), TIMEOUT)

    async def logged(self, needle: str) -> str:
        """The first window/logMessage holding ``needle``, waiting for it."""

        async def wait():
            while True:
                found = [m for m in self.logs if needle in m]
                if found:
                    return found[0]
                self.changed.clear()
                await self.changed.wait()

        return await asyncio.wait_for(wait(), TIMEOUT)

    def open(self, path: Path, text: str) -> str:
        doc_uri = uri(path)
        self.versions[doc_uri] = 1
        self.published.pop(doc_uri, None)
        self.lsp.text_document_did_open(lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=doc_uri, language_id="markdown", version=1, text=text)))
        return doc_uri

    def change(self, doc_uri: str, text: str) -> int:
        self.versions[doc_uri] += 1
        self.lsp.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=doc_uri, version=self.versions[doc_uri]),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)]))
        return self.versions[doc_uri]

    async def code_actions(self, doc_uri: str, found: list[lsp.Diagnostic]) -> list:
        """The actions offered for the first of ``found`` (with all of them as context)."""
        return await self.lsp.text_document_code_action_async(lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=doc_uri), range=found[0].range, context=lsp.CodeActionContext(diagnostics=found)))

    def files_changed(self, *paths: Path) -> None:
        self.lsp.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(
            changes=[lsp.FileEvent(uri=uri(p), type=lsp.FileChangeType.Changed) for p in paths]))


@contextlib.asynccontextmanager
async def started(*folders: Path, options: dict | None = None, capabilities: lsp.ClientCapabilities | None = None):
    client = Client()
    await client.lsp.start_io(artifactkit_exe(), "lsp")
    try:
        result = await asyncio.wait_for(client.lsp.initialize_session(lsp.InitializeParams(
            capabilities=capabilities or client_capabilities("visual-studio-code"),
            workspace_folders=[lsp.WorkspaceFolder(uri=uri(f), name=f.name) for f in folders],
            initialization_options={"debounce_ms": 0, **(options or {})})), TIMEOUT)
        client.result = result
        yield client
        assert client.lsp.error is None, client.lsp.error
        await asyncio.wait_for(client.lsp.shutdown_session(), TIMEOUT)
    finally:
        server = client.lsp._server  # a failed test never sent `exit`: end the server so that stop() returns
        if server is not None and server.returncode is None:
            server.kill()
        await client.lsp.stop()


def apply_text_edits(text: str, edits: list[lsp.TextEdit]) -> str:
    """What an editor does with a code action's edits (the test documents are ASCII: columns are characters)."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(p: lsp.Position) -> int:
        return starts[min(p.line, len(lines))] + p.character

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[:offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
    return text


def lint_cli(repo: Path, rel: str) -> list[dict]:
    proc = run(["lint", "--format", "json", "--no-cache", rel], cwd=repo)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def as_cli(diagnostics: list[lsp.Diagnostic]) -> list[tuple]:
    return sorted((d.range.start.line + 1, d.code, d.message) for d in diagnostics)


@pytest.fixture
def repo(tmp_path) -> Path:
    write_tree(tmp_path, {".artifactkit.yaml": ADR_CONFIG})
    return tmp_path


async def test_only_the_lsp_command_loads_pygls(repo):
    write_tree(repo, {"docs/adr/0001-a.md": document("adr", {"decision": ""})})
    for argv in (["--help"], ["lint", "docs"], ["list"]):
        rc, top, out = modules_after(argv, repo)
        assert rc in (0, 1), out
        assert not {"pygls", "lsprotocol", "cattrs"} & top, argv


# --- initialize, diagnostics, code actions --------------------------------------------------------


async def test_initialize_announces_every_capability(repo):
    async with started(repo) as client:
        caps = client.result.capabilities
        assert caps.text_document_sync.change == lsp.TextDocumentSyncKind.Full
        assert caps.text_document_sync.save
        assert lsp.CodeActionKind.QuickFix in caps.code_action_provider.code_action_kinds
        assert ":" in caps.completion_provider.trigger_characters
        assert caps.hover_provider
        assert client.result.server_info.name == "artifactkit"
        await asyncio.wait_for(client.registered.wait(), TIMEOUT)  # the watcher registration follows `initialized`
        [registration] = client.registrations
        globs = [w["globPattern"] for w in registration.register_options["watchers"]]
        assert registration.method == lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES and "**/.artifactkit.yaml" in globs and "**/*.json" in globs


async def test_empty_section_is_reported_at_its_heading_like_lint(repo):
    text = document("adr", {"decision": ""})
    path = repo / "docs/adr/0001-queue.md"
    write_tree(repo, {"docs/adr/0001-queue.md": text})
    async with started(repo) as client:
        found = await client.diagnostics(client.open(path, text), 1)
    heading = text.splitlines().index("## Decision")
    assert [(d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character) for d in found] == \
        [("section-empty", heading, 0, heading, len("## Decision"))]
    assert found[0].severity == lsp.DiagnosticSeverity.Error
    assert as_cli(found) == sorted((p["line"], p["rule"], p["message"]) for p in lint_cli(repo, "docs/adr/0001-queue.md"))


async def test_ranges_are_in_utf16_code_units(repo):
    text = document("adr", {"context": "TODO \U0001F680\U0001F680 ship it\n"})
    async with started(repo) as client:
        [found] = await client.diagnostics(client.open(repo / "docs/adr/0001-queue.md", text), 1)
    line = text.splitlines().index("TODO \U0001F680\U0001F680 ship it")
    assert (found.code, found.range.start.line, found.range.end.line, found.range.end.character) == \
        ("section-placeholder", line, line, len("TODO ") + 4 + len(" ship it"))  # each rocket is 2 UTF-16 units


async def test_unsaved_text_is_linted_not_the_file(repo):
    path = repo / "docs/adr/0001-queue.md"
    write_tree(repo, {"docs/adr/0001-queue.md": document("adr")})
    async with started(repo) as client:
        doc_uri = client.open(path, document("adr"))
        assert await client.diagnostics(doc_uri, 1) == []
        version = client.change(doc_uri, document("adr", {"context": "TODO"}))
        found = await client.diagnostics(doc_uri, version)
        assert [d.code for d in found] == ["section-placeholder"]
        version = client.change(doc_uri, document("adr"))
        assert await client.diagnostics(doc_uri, version) == []


async def test_a_burst_of_changes_is_linted_once_on_the_latest_text_and_save_lints_at_once(repo):
    path = repo / "docs/adr/0001-queue.md"
    async with started(repo, options={"debounce_ms": 600_000}) as client:  # no timer fires while the test runs
        doc_uri = client.open(path, document("adr"))
        assert await client.diagnostics(doc_uri, 1) == []
        for i in range(20):  # typing within the debounce: nothing is linted yet
            last = client.change(doc_uri, document("adr", {"context": f"TODO {i}", "decision": ""}))
        client.lsp.text_document_did_save(lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=doc_uri)))
        found = await client.diagnostics(doc_uri, last)  # on save: at once, not after the 10-minute debounce
        assert sorted(d.code for d in found) == ["section-empty", "section-placeholder"]
        assert [p.version for p in client.publications if p.uri == doc_uri] == [1, last]


async def test_the_first_change_after_a_quiet_spell_is_linted_at_once(repo):
    path = repo / "docs/adr/0001-queue.md"
    async with started(repo, options={"debounce_ms": 1000}) as client:  # margin for the burst under load
        doc_uri = client.open(path, document("adr"))
        assert await client.diagnostics(doc_uri, 1) == []
        await asyncio.sleep(1.1)  # not a synchronisation: the quiet spell, longer than the debounce, is the input
        first = client.change(doc_uri, document("adr", {"context": "TODO"}))
        for i in range(20):  # typing: coalesced into one run on the latest text
            last = client.change(doc_uri, document("adr", {"context": f"TODO {i}", "decision": ""}))
        found = await client.diagnostics(doc_uri, last)
        assert sorted(d.code for d in found) == ["section-empty", "section-placeholder"]
        assert [p.version for p in client.publications if p.uri == doc_uri] == [1, first, last]


async def test_rename_action_fixes_a_near_miss_heading_and_the_diagnostic_goes(repo):
    text = document("adr").replace("## Context", "## Contxt")
    path = repo / "docs/adr/0001-queue.md"
    async with started(repo) as client:
        doc_uri = client.open(path, text)
        found = await client.diagnostics(doc_uri, 1)
        assert [d.code for d in found] == ["section-missing"]
        actions = await client.code_actions(doc_uri, found)
        titles = [a.title for a in actions]
        assert titles[0] == 'Rename "Contxt" to "Context"', titles
        assert 'Insert the missing section "Context"' in titles
        rename = actions[0]
        assert rename.is_preferred and list(rename.diagnostics) == found
        fixed = apply_text_edits(text, rename.edit.changes[doc_uri])
        assert fixed == document("adr")
        version = client.change(doc_uri, fixed)
        assert await client.diagnostics(doc_uri, version) == []


async def test_insert_action_adds_the_section_with_its_hint_in_schema_order(repo):
    text = document("adr", {"decision": None})
    path = repo / "docs/adr/0001-queue.md"
    async with started(repo) as client:
        doc_uri = client.open(path, text)
        found = await client.diagnostics(doc_uri, 1)
        assert [d.code for d in found] == ["section-missing"]
        actions = await client.code_actions(doc_uri, found)
        assert [a.title for a in actions] == ['Insert the missing section "Decision"']
        fixed = apply_text_edits(text, actions[0].edit.changes[doc_uri])
        headings = [line for line in fixed.splitlines() if line.startswith("## ")]
        assert headings == ["## Context", "## Decision", "## Consequences", "## Alternatives"]
        version = client.change(doc_uri, fixed)
        # the hint is the template's placeholder: now the section asks to be written
        assert [d.code for d in await client.diagnostics(doc_uri, version)] == ["section-placeholder"]


async def test_status_actions_fix_the_case_or_offer_allowed_statuses(repo):
    path = repo / "docs/adr/0001-queue.md"
    write_tree(repo, {"docs/adr/0001-queue.md": document("adr").replace("status: Accepted", "status: Proposed")})
    async with started(repo) as client:
        text = document("adr").replace("status: Accepted", "status: accepted")
        doc_uri = client.open(path, text)
        found = await client.diagnostics(doc_uri, 1)
        assert [(d.code, d.range.start.line, d.severity) for d in found] == [("status-case", 2, lsp.DiagnosticSeverity.Warning)]
        actions = await client.code_actions(doc_uri, found)
        assert [a.title for a in actions] == ["Change status to 'Accepted'"]
        fixed = apply_text_edits(text, actions[0].edit.changes[doc_uri])
        assert fixed == document("adr")
        version = client.change(doc_uri, fixed)
        assert await client.diagnostics(doc_uri, version) == []

        wrong = document("adr").replace("status: Accepted", "status: Acepted")
        version = client.change(doc_uri, wrong)
        found = await client.diagnostics(doc_uri, version)
        actions = await client.code_actions(doc_uri, found)
        # from the saved status Proposed the transitions allow Accepted and Rejected (and keeping Proposed)
        assert [a.title for a in actions] == ["Replace status 'Acepted' with 'Accepted'", "Replace status 'Acepted' with 'Proposed'",
                                              "Replace status 'Acepted' with 'Rejected'"]


# --- exactly lint's findings ----------------------------------------------------------------------


async def test_the_server_keeps_its_working_folder(repo):
    """Paths are shown relative to the workspace root passed in, not by changing the process's folder."""
    async with started(repo) as client:
        await client.diagnostics(client.open(repo / "docs/adr/0001-a.md", document("adr")), 1)
        assert Path(f"/proc/{client.lsp._server.pid}/cwd").resolve() == Path.cwd().resolve() != repo.resolve()


async def test_findings_equal_lint_including_cross_document_checks(repo):
    files = {
        "docs/adr/0001-old.md": document("adr"),
        "docs/adr/0002-new.md": document("adr", {"context": "See [the runbook](../runbooks/missing.md).\n", "alternatives": "TODO\n"})
        .replace("status: Accepted", "status: accepted\nsupersedes: 1\ntags: [1]"),
        "docs/adr/0003-broken.md": "---\ntype: adr\nstatus: [\n---\n# Broken\n",
        "docs/adr/0004-disabled.md": "<!-- artifactkit-disable section-missing -->\n" + document("adr", {"decision": None, "context": ""}),
        ".artifactkit.yaml": ADR_CONFIG + "rules:\n  section-empty: warning\n",
    }
    write_tree(repo, files)
    rules = set()
    async with started(repo) as client:
        for rel, text in files.items():
            if not rel.endswith(".md"):
                continue
            found = await client.diagnostics(client.open(repo / rel, text), 1)
            expected = lint_cli(repo, rel)
            rules |= {p["rule"] for p in expected}
            assert as_cli(found) == sorted((p["line"], p["rule"], p["message"]) for p in expected), rel
            assert [d.severity for d in found] == [lsp.DiagnosticSeverity.Error if p["level"] == "error" else lsp.DiagnosticSeverity.Warning
                                                   for p in sorted(expected, key=lambda p: (p["line"], p["rule"], p["message"]))], rel
    assert {"supersede-mismatch", "link-broken", "frontmatter-invalid", "section-placeholder", "frontmatter-syntax", "section-empty"} <= rules


async def test_documents_of_no_known_type_get_no_diagnostics(repo):
    path = repo / "notes/todo.md"
    async with started(repo) as client:
        assert await client.diagnostics(client.open(path, "# Notes\n\n## Empty\n\nTODO\n"), 1) == []


# --- bad input --------------------------------------------------------------------------------------


async def test_malformed_text_gives_a_problem_not_a_crash(repo):
    path = repo / "docs/adr/0001-queue.md"
    async with started(repo) as client:
        doc_uri = client.open(path, document("adr").replace("status: Accepted", "status: [Accepted"))
        found = await client.diagnostics(doc_uri, 1)
        assert [d.code for d in found] == ["frontmatter-syntax"]
        assert found[0].range.start.line == 2 and "invalid YAML in front matter" in found[0].message  # at the unclosed "[", not the next line
        version = client.change(doc_uri, "---\ntype: adr\n")
        assert "frontmatter-unterminated" in [d.code for d in await client.diagnostics(doc_uri, version)]
        version = client.change(doc_uri, "---\ntype: adr\n---\n\x00\x01 binary")
        found = await client.diagnostics(doc_uri, version)
        assert [d.code for d in found] == ["file-unreadable"] and "binary" in found[0].message
        version = client.change(doc_uri, "---\ntype: adr\nstatus: " + "[" * 1000 + "\n---\n")
        assert "frontmatter-syntax" in [d.code for d in await client.diagnostics(doc_uri, version)]
        version = client.change(doc_uri, "\ud800 lone surrogate")
        assert [d.code for d in await client.diagnostics(doc_uri, version)] == ["file-unreadable"]
        # still serving
        version = client.change(doc_uri, document("adr"))
        assert await client.diagnostics(doc_uri, version) == []


# --- workspace: config reloads, folders, broken config ---------------------------------------------


async def test_editing_the_config_changes_the_diagnostics(repo):
    text = document("adr", {"decision": ""})
    path = repo / "docs/adr/0001-queue.md"
    async with started(repo) as client:
        doc_uri = client.open(path, text)
        assert [d.severity for d in await client.diagnostics(doc_uri, 1)] == [lsp.DiagnosticSeverity.Error]
        (repo / ".artifactkit.yaml").write_text(ADR_CONFIG + "rules:\n  section-empty: warning\n", encoding="utf-8")
        client.files_changed(repo / ".artifactkit.yaml")
        found = await client.diagnostics(doc_uri, 1, check=lambda ds: [d.severity for d in ds] == [lsp.DiagnosticSeverity.Warning])
        assert [d.code for d in found] == ["section-empty"]
        (repo / ".artifactkit.yaml").write_text(ADR_CONFIG + "rules:\n  section-empty: 'off'\n", encoding="utf-8")
        client.files_changed(repo / ".artifactkit.yaml")
        assert await client.diagnostics(doc_uri, 1, check=lambda ds: not ds) == []


async def test_editing_a_schema_changes_the_diagnostics(repo):
    schema = json.loads((Path(__file__).parent.parent / "schemas/adr.schema.json").read_text())
    schema["properties"]["sections"]["required"] = ["context", "decision", "consequences", "alternatives", "risks"]
    write_tree(repo, {".artifactkit.yaml": ADR_CONFIG + "types:\n  adr:\n    extends: adr\n    schema: strict.json\n",
                      "strict.json": json.dumps({"type": "object"})})
    path = repo / "docs/adr/0001-queue.md"
    async with started(repo) as client:
        doc_uri = client.open(path, document("adr"))
        assert await client.diagnostics(doc_uri, 1) == []
        (repo / "strict.json").write_text(json.dumps({"properties": {"sections": {"required": ["risks"]}}}), encoding="utf-8")
        client.files_changed(repo / "strict.json")
        found = await client.diagnostics(doc_uri, 1, check=bool)
        assert [(d.code, d.data["section"]) for d in found] == [("section-missing", "risks")]


async def test_broken_config_is_one_diagnostic_on_the_config_file(repo):
    config = repo / ".artifactkit.yaml"
    config.write_text("docs_root: docs\nrules: [\n", encoding="utf-8")
    path = repo / "docs/adr/0001-queue.md"
    async with started(repo) as client:
        found = await client.diagnostics(uri(config))
        assert len(found) == 1 and found[0].code == "config-invalid"
        assert "cannot read config" in found[0].message
        doc_uri = client.open(path, document("adr", {"decision": ""}))
        assert await client.diagnostics(doc_uri, 1) == []
        hover = await client.lsp.text_document_hover_async(lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=doc_uri), position=lsp.Position(0, 0)))
        assert hover is None  # still answering
        config.write_text(ADR_CONFIG, encoding="utf-8")
        client.files_changed(config)
        assert await client.diagnostics(uri(config), check=lambda ds: not ds) == []
        assert [d.code for d in await client.diagnostics(doc_uri, 1, check=bool)] == ["section-empty"]


async def test_several_workspace_folders_each_read_their_own_config(tmp_path):
    strict, lenient = tmp_path / "strict", tmp_path / "lenient"
    text = document("adr", {"decision": ""})
    write_tree(strict, {".artifactkit.yaml": ADR_CONFIG})
    write_tree(lenient, {".artifactkit.yaml": ADR_CONFIG + "rules:\n  section-empty: warning\n"})
    async with started(strict, lenient) as client:
        one = client.open(strict / "docs/adr/0001-a.md", text)
        two = client.open(lenient / "docs/adr/0001-a.md", text)
        assert [d.severity for d in await client.diagnostics(one, 1)] == [lsp.DiagnosticSeverity.Error]
        assert [d.severity for d in await client.diagnostics(two, 1)] == [lsp.DiagnosticSeverity.Warning]


# --- completion and hover ------------------------------------------------------------------------


async def complete(client: Client, doc_uri: str, line: int, character: int) -> list[lsp.CompletionItem]:
    result = await client.lsp.text_document_completion_async(lsp.CompletionParams(
        text_document=lsp.TextDocumentIdentifier(uri=doc_uri), position=lsp.Position(line, character)))
    return list(result.items)


async def hover_at(client: Client, doc_uri: str, line: int, character: int) -> str | None:
    result = await client.lsp.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=doc_uri), position=lsp.Position(line, character)))
    return result.contents.value if result is not None else None


async def test_completion_of_keys_statuses_sections_and_document_numbers(repo):
    write_tree(repo, {"docs/adr/0001-use-postgres.md": document("adr").replace("# A complete adr", "# Use Postgres"),
                      "docs/adr/0002-use-queues.md": document("adr").replace("# A complete adr", "# Use queues")})
    text = "---\ntype: adr\nstatus: \n\nsupersedes: \n---\n# New\n\n## Context\n\nWords here.\n\n## \n"
    async with started(repo) as client:
        doc_uri = client.open(repo / "docs/adr/0003-new.md", text)
        await client.diagnostics(doc_uri, 1)
        statuses = await complete(client, doc_uri, 2, len("status: "))
        assert [i.label for i in statuses] == ["Proposed", "Accepted", "Rejected", "Deprecated", "Superseded"]
        assert statuses[0].text_edit.new_text == "Proposed" and statuses[0].text_edit.range.start.character == len("status: ")
        keys = {i.label: i for i in await complete(client, doc_uri, 3, 0)}
        assert {"date", "deciders", "superseded_by", "tags"} <= set(keys) and "status" not in keys and "type" not in keys
        assert keys["date"].text_edit.new_text == "date: " and "YYYY-MM-DD" in keys["date"].documentation.value
        numbers = await complete(client, doc_uri, 4, len("supersedes: "))
        assert [(i.label, i.detail) for i in numbers] == [("1", "Use Postgres (Accepted)"), ("2", "Use queues (Accepted)")]
        headings = await complete(client, doc_uri, 12, 3)
        assert [i.label for i in headings] == ["Decision", "Consequences", "Alternatives"]
        assert headings[0].text_edit.new_text == "## Decision" and headings[0].text_edit.range.start.character == 0
        assert await complete(client, doc_uri, 10, 5) == []  # in prose: nothing to offer


async def test_hover_explains_sections_fields_and_superseded_documents(repo):
    write_tree(repo, {"docs/adr/0001-use-postgres.md": document("adr").replace("# A complete adr", "# Use Postgres")})
    text = document("adr").replace("status: Accepted", "status: Proposed\nsupersedes: 1")
    async with started(repo) as client:
        doc_uri = client.open(repo / "docs/adr/0002-new.md", text)
        await client.diagnostics(doc_uri, 1)
        lines = text.splitlines()
        context = await hover_at(client, doc_uri, lines.index("## Context"), 4)
        assert "describe the situation and the problem that needs a decision" in context
        status = await hover_at(client, doc_uri, 2, 2)
        assert "set status to one of" in status and "From Proposed: Accepted, Rejected" in status
        target = await hover_at(client, doc_uri, 3, len("supersedes: "))
        assert "**Use Postgres**: Accepted" in target and "0001-use-postgres.md" in target
        assert await hover_at(client, doc_uri, lines.index("## Context") + 2, 3) is None
