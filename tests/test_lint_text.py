"""``lint_file(path, config, text=...)``: an editor's unsaved buffer is linted exactly as the same
text saved at that path (the language server relies on it)."""

from __future__ import annotations

import pytest
from docfactory import document

from artifactkit.engine.config import load_config
from artifactkit.engine.lintfile import lint_file

TEXTS = {
    "complete": document("adr"),
    "empty section": document("adr", {"decision": ""}),
    "disabled rule": "<!-- artifactkit-disable section-placeholder -->\n" + document("adr", {"context": "TODO"}),
    "bad status": document("adr").replace("status: Accepted", "status: accepted"),
    "broken yaml": "---\ntype: adr\nstatus: [\n---\n# T\n",
    "binary": "---\ntype: adr\n---\n\x00 nul",
    "bom and crlf": "\ufeff" + document("adr", {"alternatives": None}).replace("\n", "\r\n"),
    "no type": "# Notes\n\nTODO\n",
}


@pytest.mark.parametrize("name", TEXTS)
def test_text_gives_the_findings_of_the_saved_file(tmp_path, name):
    (tmp_path / ".artifactkit.yaml").write_text("docs_root: docs\nrules:\n  section-empty: warning\n", encoding="utf-8")
    config = load_config(start=tmp_path)
    path = tmp_path / "docs/adr/0001-x.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(TEXTS[name].encode("utf-8"))
    saved = lint_file(str(path), config)
    path.write_text(document("adr"), encoding="utf-8")  # the disk now differs from the buffer
    buffered = lint_file(str(path), config, text=TEXTS[name])
    assert (buffered.type, buffered.skipped, buffered.problems) == (saved.type, saved.skipped, saved.problems)
    assert name in ("complete", "no type") or buffered.problems
