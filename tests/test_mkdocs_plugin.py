"""The MkDocs plugin, in real ``mkdocs build`` runs of a fixture site (mkdocs-material theme):
findings in MkDocs' log, ``--strict`` failing on an incomplete ADR and passing once it is filled,
status badges, the supersede notice and generated index pages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import installed_exe, write_tree
from docfactory import document, line_of

pytest.importorskip("mkdocs")
pytest.importorskip("material")

def readme_plugins_block() -> str:
    """The README's mkdocs.yml snippet: the fixture site uses it as written."""
    import re

    from conftest import REPO

    section = (REPO / "README.md").read_text(encoding="utf-8").split("\n## MkDocs and TechDocs\n", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```yaml\n(.*?)```", section, re.S)
    return block


MKDOCS_YML = "site_name: Fixture\ntheme:\n  name: material\n" + readme_plugins_block()


def old_adr() -> str:
    return document("adr").replace("status: Accepted", "status: Superseded\nsuperseded_by: 2").replace("# A complete adr", "# Use Postgres")


def new_adr(override=None) -> str:
    return document("adr", override).replace("status: Accepted", "status: Accepted\nsupersedes: 1").replace("# A complete adr", "# Use Aurora [v2]")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    write_tree(tmp_path, {
        "mkdocs.yml": MKDOCS_YML,
        ".artifactkit.yaml": "docs_root: docs\n",
        "docs/index.md": "# Home\n\nWelcome.\n",
        "docs/adr/0001-use-postgres.md": old_adr(),
        "docs/adr/0002-use-aurora.md": new_adr({"context": "TODO\n"}),
        "docs/runbooks/README.md": "# Runbooks\n\nOur own index page.\n",
        "docs/runbooks/db.md": document("runbook"),
    })
    return tmp_path


def mkdocs(site: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([installed_exe("mkdocs"), "build", "--site-dir", str(site / "_site"), *args], cwd=site,
                          capture_output=True, text=True, timeout=300, env={"PATH": str(Path(sys.executable).parent), "NO_COLOR": "1", "HOME": str(site), "NO_MKDOCS_2_WARNING": "1"})


def test_strict_build_fails_on_an_incomplete_adr_and_passes_when_it_is_filled(site: Path):
    text = (site / "docs/adr/0002-use-aurora.md").read_text()
    failed = mkdocs(site, "--strict")
    assert failed.returncode == 1, failed.stderr
    line = line_of(text, "TODO")
    assert f"WARNING -  artifactkit: docs/adr/0002-use-aurora.md:{line}:1: error [section-placeholder]" in failed.stderr
    assert "Aborted with 1 warnings in strict mode!" in failed.stdout + failed.stderr
    loose = mkdocs(site)  # without --strict: built, the finding still in the log
    assert loose.returncode == 0 and "[section-placeholder]" in loose.stderr
    (site / "docs/adr/0002-use-aurora.md").write_text(new_adr())
    passed = mkdocs(site, "--strict")
    assert passed.returncode == 0, passed.stderr
    assert "WARNING" not in passed.stderr and "artifactkit: 0 errors, 0 warnings in 3 documents" in passed.stderr


def test_adr_pages_show_status_badges_the_supersede_notice_and_type_indexes(site: Path):
    (site / "docs/adr/0002-use-aurora.md").write_text(new_adr())
    assert mkdocs(site, "--strict").returncode == 0
    old = (site / "_site/adr/0001-use-postgres/index.html").read_text()
    new = (site / "_site/adr/0002-use-aurora/index.html").read_text()
    assert 'class="artifactkit-status"' in old and ">Superseded</span>" in old
    assert "<strong>Superseded:</strong> this adr is superseded by" in old
    assert 'href="../0002-use-aurora/">Use Aurora [v2]</a>' in old  # a real link, the title shown as written
    assert ">Accepted</span>" in new and "superseded by" not in new
    index = (site / "_site/adr/index.html").read_text()  # generated: the site had no adr index
    assert 'href="0001-use-postgres/">Use Postgres</a>' in index and 'href="0002-use-aurora/">' in index
    assert "Our own index page." in (site / "_site/runbooks/index.html").read_text()  # kept, not replaced


def test_a_broken_artifactkit_config_stops_the_build_with_one_line(site: Path):
    (site / ".artifactkit.yaml").write_text("docs_root: [unclosed\n")
    proc = mkdocs(site)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "artifactkit: " in proc.stderr and ".artifactkit.yaml" in proc.stderr


def test_mkdocs_serve_rebuilds_when_the_artifactkit_config_changes(site: Path):
    """A real `mkdocs serve`: editing .artifactkit.yaml (not a docs file) rebuilds, with the new findings."""
    import queue
    import socket
    import threading

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([installed_exe("mkdocs"), "serve", "-a", f"127.0.0.1:{port}"], cwd=site, stderr=subprocess.STDOUT,
                            stdout=subprocess.PIPE, text=True, env={"PATH": str(Path(sys.executable).parent), "NO_COLOR": "1", "HOME": str(site),
                                                                    "NO_MKDOCS_2_WARNING": "1"})
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()

    def wait_for(needle: str) -> str:
        while True:
            line = lines.get(timeout=120)  # raises queue.Empty rather than hang
            if needle in line:
                return line

    try:
        assert "error [section-placeholder]" in wait_for("[section-placeholder]")
        wait_for("Serving on")
        (site / ".artifactkit.yaml").write_text("docs_root: docs\nrules:\n  section-placeholder: warning\n")
        assert "INFO" in wait_for("warning [section-placeholder]")  # a lint warning is info in MkDocs' log
    finally:
        proc.terminate()
        proc.wait(timeout=30)
