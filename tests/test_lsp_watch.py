"""A client without dynamic file watching (Neovim's capabilities, as pytest-lsp records them): the
server polls the config, schemas and templates itself, says so in the client's log, and reloads."""

from __future__ import annotations

import json

import pytest
from docfactory import document
from lsprotocol import types as lsp
from pytest_lsp import client_capabilities
from test_lsp import ADR_CONFIG, started, uri, write_tree

pytestmark = pytest.mark.asyncio(loop_scope="function")


@pytest.mark.parametrize("editor", ["neovim", "neovim@0.7"])
async def test_config_change_is_picked_up_without_client_file_watching(tmp_path, editor):
    caps = client_capabilities(editor)
    assert not (caps.workspace and caps.workspace.did_change_watched_files and caps.workspace.did_change_watched_files.dynamic_registration)
    write_tree(tmp_path, {".artifactkit.yaml": ADR_CONFIG})
    async with started(tmp_path, options={"watch_interval_ms": 20}, capabilities=caps) as client:
        message = await client.logged("polling")
        assert "no dynamic file watching" in message and "every 0.02 s" in message
        assert client.registrations == []
        doc_uri = client.open(tmp_path / "docs/adr/0001-queue.md", document("adr", {"decision": ""}))
        assert [d.severity for d in await client.diagnostics(doc_uri, 1)] == [lsp.DiagnosticSeverity.Error]
        # no didChangeWatchedFiles from the client: the server sees the edit by itself
        (tmp_path / ".artifactkit.yaml").write_text(ADR_CONFIG + "rules:\n  section-empty: warning\n", encoding="utf-8")
        found = await client.diagnostics(doc_uri, 1, check=lambda ds: [d.severity for d in ds] == [lsp.DiagnosticSeverity.Warning])
        assert [d.code for d in found] == ["section-empty"]


async def test_a_schema_the_config_names_is_watched_too(tmp_path):
    write_tree(tmp_path, {".artifactkit.yaml": ADR_CONFIG + "types:\n  adr:\n    extends: adr\n    schema: strict.json\n",
                          "strict.json": json.dumps({"type": "object"})})
    async with started(tmp_path, options={"watch_interval_ms": 20}, capabilities=client_capabilities("neovim")) as client:
        doc_uri = client.open(tmp_path / "docs/adr/0001-queue.md", document("adr"))
        assert await client.diagnostics(doc_uri, 1) == []
        (tmp_path / "strict.json").write_text(json.dumps({"properties": {"sections": {"required": ["risks"]}}}), encoding="utf-8")
        found = await client.diagnostics(doc_uri, 1, check=bool)
        assert [(d.code, d.data["section"]) for d in found] == [("section-missing", "risks")]


async def test_a_client_that_watches_is_asked_to_and_nothing_polls(tmp_path):
    write_tree(tmp_path, {".artifactkit.yaml": ADR_CONFIG})
    async with started(tmp_path) as client:
        message = await client.logged("watching")
        assert "through the client" in message
        assert not any("polling" in m for m in client.logs)


async def test_a_write_that_lands_during_a_reload_is_reloaded_again(tmp_path):
    """An editor's save truncates, then writes: the poll can see the empty file and reload from it while
    the write lands. That write must be a change at the next poll, not hidden behind the reload."""
    import asyncio

    from artifactkit.lsp.watch import poll

    schema = tmp_path / "strict.json"
    schema.write_text("{}", encoding="utf-8")
    reloads: list[str] = []
    done = asyncio.Event()

    def changed():
        reloads.append(schema.read_text(encoding="utf-8"))
        if len(reloads) == 1:
            schema.write_text('{"type": "object"}', encoding="utf-8")  # the rest of the save, during the reload
        else:
            done.set()

    task = asyncio.ensure_future(poll(lambda: [schema], changed, 0.01))
    await asyncio.sleep(0.03)
    schema.write_text("", encoding="utf-8")  # the truncation the poll sees
    try:
        await asyncio.wait_for(done.wait(), 10)
    finally:
        task.cancel()
    assert reloads == ["", '{"type": "object"}']


async def test_a_schema_caught_half_written_is_still_watched_until_it_is_whole(tmp_path):
    """The config fails to load while its schema is half-written: the schema stays watched, and the
    server recovers when the save completes (it used to watch only the config file then)."""
    write_tree(tmp_path, {".artifactkit.yaml": ADR_CONFIG + "types:\n  adr:\n    extends: adr\n    schema: strict.json\n",
                          "strict.json": json.dumps({"type": "object"})})
    async with started(tmp_path, options={"watch_interval_ms": 20}, capabilities=client_capabilities("neovim")) as client:
        doc_uri = client.open(tmp_path / "docs/adr/0001-queue.md", document("adr"))
        assert await client.diagnostics(doc_uri, 1) == []
        (tmp_path / "strict.json").write_text('{"properties": ', encoding="utf-8")  # half a save
        broken = await client.diagnostics(uri(tmp_path / ".artifactkit.yaml"), check=bool)  # the config cannot be loaded
        assert [d.code for d in broken] == ["config-invalid"] and "strict.json" in broken[0].message
        (tmp_path / "strict.json").write_text(json.dumps({"properties": {"sections": {"required": ["risks"]}}}), encoding="utf-8")
        found = await client.diagnostics(doc_uri, 1, check=bool)
        assert [(d.code, d.data["section"]) for d in found] == [("section-missing", "risks")]
