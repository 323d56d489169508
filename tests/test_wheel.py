"""The built wheel carries schemas/ and templates/ and lints on its own in a fresh venv."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

from conftest import write_tree
from docfactory import document


def test_wheel_ships_schemas_and_templates_and_lints(tmp_path, built_wheel):
    wheel = built_wheel
    names = zipfile.ZipFile(wheel).namelist()
    for type_name in ("adr", "rfc", "runbook", "postmortem", "one-on-one", "review-checklist"):
        assert f"artifactkit/schemas/{type_name}.schema.json" in names
        assert f"artifactkit/templates/{type_name}/copier.yml" in names
    assert "artifactkit/schemas/config.schema.json" in names
    assert any(name.startswith("artifactkit/_native.") for name in names)  # the Rust extension, built by maturin
    assert "artifactkit/schemas/catalog.schema.json" in names  # artifactkit export / site build --catalog
    assert {"artifactkit/site/templates/merged/doc.html", "artifactkit/site/static/merged.js"} <= set(names)

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    py = env_dir / "bin" / "python"
    # Dependencies come from the running environment (a plain path line: its .pth files, such as our
    # editable install, are not processed); the wheel itself must bring schemas and templates.
    target = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                            capture_output=True, text=True, check=True).stdout.strip()
    (Path(target) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index", "-q", str(wheel)],
                   check=True, capture_output=True, text=True)
    work = tmp_path / "work"
    write_tree(work, {"docs/adr/0001-ok.md": document("adr"), "docs/adr/0002-bad.md": document("adr", {"decision": "TODO\n"})})
    proc = subprocess.run([str(env_dir / "bin" / "artifactkit"), "lint"], cwd=work, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    assert "0002-bad.md" in proc.stdout and "[section-placeholder]" in proc.stdout
    origin = subprocess.run([str(py), "-c", "import artifactkit, sys; print(artifactkit.__file__)"], capture_output=True, text=True, cwd=work).stdout
    assert str(env_dir) in origin, "the wheel's copy was imported, not the source tree"
    data = subprocess.run([str(py), "-c", "from artifactkit.io.resources import data_dir; print(data_dir('schemas'))"],
                          capture_output=True, text=True, cwd=work).stdout
    assert data.strip().startswith(str(env_dir)), "the wheel's own schemas/ are read"
