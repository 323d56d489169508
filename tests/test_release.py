"""The release workflow builds wheels and an sdist on a version tag, with the tag's version."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tomllib

import yaml
from conftest import REPO

import artifactkit


def test_one_version_in_cargo_and_python():
    cargo = tomllib.loads((REPO / "Cargo.toml").read_text(encoding="utf-8"))
    assert cargo["package"]["version"] == artifactkit.__version__
    assert "version" in tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dynamic"]


def test_the_tag_sets_the_version(tmp_path):
    for name in ("Cargo.toml", "artifactkit/__init__.py", ".github/set_version.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / name, tmp_path / name)
    script = str(tmp_path / ".github" / "set_version.py")
    subprocess.run([sys.executable, script, "2.3.4"], check=True, capture_output=True)
    assert 'version = "2.3.4"' in (tmp_path / "Cargo.toml").read_text()
    assert '__version__ = "2.3.4"' in (tmp_path / "artifactkit" / "__init__.py").read_text()
    bad = subprocess.run([sys.executable, script, "latest"], capture_output=True, text=True)
    assert bad.returncode != 0 and "not a release version" in bad.stderr


def test_the_workflow_builds_wheels_for_three_systems_and_an_sdist_on_a_tag():
    flow = yaml.safe_load((REPO / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8"))
    assert flow[True]["push"]["tags"] == ["v*"]  # YAML 1.1 reads the key "on" as True
    systems = {entry["os"].split("-")[0] for entry in flow["jobs"]["wheels"]["strategy"]["matrix"]["include"]}
    assert systems == {"ubuntu", "macos", "windows"}
    for job, command in (("wheels", None), ("sdist", "sdist")):
        steps = flow["jobs"][job]["steps"]
        names = [step.get("uses", step.get("run", "")) for step in steps]
        version_step = next(i for i, step in enumerate(steps) if "set_version.py" in step.get("run", ""))
        build_step = next(i for i, name in enumerate(names) if name.startswith("PyO3/maturin-action"))
        assert version_step < build_step
        assert steps[build_step]["with"].get("command") == command


def test_a_checkout_reads_its_own_schemas_not_the_copies_an_editable_build_leaves():
    """maturin's editable build copies schemas/ and templates/ into the package; they go stale as
    the sources change, so a source checkout reads the repository's folders."""
    from artifactkit.io.resources import data_dir

    assert data_dir("schemas") == REPO / "schemas"
    assert data_dir("templates") == REPO / "templates"


def test_the_sdist_holds_every_crate_cargo_is_told_to_build_from_a_path(tmp_path):
    """pip builds an sdist's Rust code on its own: a [patch] or path dependency missing from it breaks the build."""
    cargo = tomllib.loads((REPO / "Cargo.toml").read_text(encoding="utf-8"))
    paths = [spec["path"] for table in (cargo.get("dependencies", {}), *cargo.get("patch", {}).values()) for spec in table.values() if isinstance(spec, dict) and "path" in spec]
    assert paths, "no path crates to check"
    subprocess.run([sys.executable, "-m", "maturin", "sdist", "-o", str(tmp_path)], cwd=REPO, check=True, capture_output=True)
    (sdist,) = tmp_path.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for path in paths:
        assert f"{path}/Cargo.toml" in names, path
