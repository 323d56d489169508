"""The README's Neovim snippet for 0.7+ (Debian 12's neovim), run by a real headless Neovim: the
language server attaches, publishes the findings, and picks up a config change by itself (Neovim
offers no file watching, so the server polls). Skips where no nvim is installed
(`apt-get install -y neovim`)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, artifactkit_exe, write_tree
from docfactory import document

NVIM = shutil.which("nvim")
pytestmark = pytest.mark.skipif(NVIM is None, reason="nvim not installed (apt-get install -y neovim)")

CHECK = """
local function severities()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do table.insert(out, d.severity) end
  return out
end
local first = vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 20)
for _, d in ipairs(vim.diagnostic.get(0)) do io.stdout:write(string.format("found %d %s\\n", d.lnum + 1, d.message)) end
local s = severities()
io.stdout:write(string.format("first %s %s\\n", tostring(first), tostring(s[1] == vim.diagnostic.severity.ERROR)))
local f = io.open(".artifactkit.yaml", "a"); f:write("rules:\\n  section-empty: warning\\n"); f:close()
local reloaded = vim.wait(30000, function() local t = severities(); return #t == 1 and t[1] == vim.diagnostic.severity.WARN end, 20)
io.stdout:write(string.format("reloaded %s\\n", tostring(reloaded)))
vim.cmd("qa!")
"""


def readme_snippet() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("**Neovim 0.7 or later**", 1)[1]
    return re.search(r"```lua\n(.*?)```", section, re.S).group(1)


def test_the_neovim_07_snippet_attaches_lints_and_reloads_a_changed_config(tmp_path: Path):
    snippet = readme_snippet()
    for newer in ("vim.fs", "vim.lsp.start(", "vim.lsp.config", "vim.lsp.enable"):
        assert newer not in snippet  # not in Neovim 0.7
    repo = tmp_path / "repo"
    write_tree(repo, {".artifactkit.yaml": "docs_root: docs\n", "docs/adr/0001-a.md": document("adr", {"decision": ""})})
    (tmp_path / "init.lua").write_text(snippet, encoding="utf-8")
    (tmp_path / "check.lua").write_text(CHECK, encoding="utf-8")
    env = {**os.environ, "PATH": os.pathsep.join([str(Path(artifactkit_exe()).parent), os.environ["PATH"]]), "HOME": str(tmp_path),
           "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_DATA_HOME": str(tmp_path / "data")}
    proc = subprocess.run([NVIM, "--headless", "-u", str(tmp_path / "init.lua"), "docs/adr/0001-a.md", "-c", f"luafile {tmp_path / 'check.lua'}"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    out = proc.stdout + proc.stderr
    assert 'found 13 "Decision" is empty' in out, out
    assert "first true true" in out and "reloaded true" in out, out
