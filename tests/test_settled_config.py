"""``lint FILE`` as a pre-commit hook runs it, once per commit: the config checks an earlier run passed
are remembered in the user's own cache folder (never the repository), so the second run imports no
YAML parser and no JSON Schema engine; any change to the config or a schema is checked again, and
facts in a folder others may write are never used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from docfactory import document

# the YAML reader is native (no PyYAML to see among the modules): a config read anew is a call of yaml12.load_data
SCRIPT = (
    "import json, sys\nfrom artifactkit.io import yaml12\nreads = []\nload = yaml12.load_data\n"
    "yaml12.load_data = lambda *a, **k: reads.append(1) or load(*a, **k)\n"
    "from artifactkit.cli import main\nrc = main({argv!r})\nprint(json.dumps([rc, sorted(sys.modules), len(reads)]))\n"
)
HEAVY = {"jsonschema_rs", "yaml"}  # the schema engine; PyYAML is never imported


def lint_modules(argv: list[str], cwd: Path, home: Path) -> tuple[int, set[str], str]:
    """The exit status, the top-level modules loaded, the output; a config read anew adds "config read"."""
    env = {**os.environ, "XDG_CACHE_HOME": str(home), "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    proc = subprocess.run([sys.executable, "-c", SCRIPT.format(argv=argv)], cwd=cwd, capture_output=True, text=True, timeout=60, env=env)
    rc, modules, reads = json.loads(proc.stdout.strip().splitlines()[-1])
    return rc, {m.split(".")[0] for m in modules} | ({"config read"} if reads else set()), proc.stdout + proc.stderr


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "repo").mkdir()
    repo = tmp_path / "repo"
    (repo / "docs" / "adr").mkdir(parents=True)
    (repo / "docs" / "adr" / "0001-valid.md").write_text(document("adr"), encoding="utf-8")
    (repo / ".artifactkit.yaml").write_text("docs_root: docs\nignore: ['drafts/**']\nrules:\n  section-empty: warning\n", encoding="utf-8")
    return repo


FILE = ["lint", "--skip-unknown", "docs/adr/0001-valid.md"]


def test_the_second_run_of_the_hook_loads_no_yaml_parser_and_no_schema_engine(repo, tmp_path):
    home = tmp_path / "home-cache"
    rc, first, out = lint_modules(FILE, repo, home)
    # the first run reads the YAML; the config is valid, so the native gate alone checked it (no jsonschema_rs)
    assert rc == 0 and "config read" in first and not first & HEAVY, out
    rc, second, out = lint_modules(FILE, repo, home)
    assert rc == 0, out
    assert "config read" not in second and not second & HEAVY, sorted(second & HEAVY)
    remembered = list((home / "artifactkit" / "checked").iterdir())
    assert remembered and all(p.stat().st_mode & 0o077 == 0 for p in remembered), "private to the user"
    assert not any(p.name.startswith(("parsed-", "valid-")) for p in (repo / ".artifactkit_cache").iterdir()), "never in the repository"


def test_an_edited_config_is_read_and_checked_again(repo, tmp_path):
    home = tmp_path / "home-cache"
    for _ in range(2):
        assert lint_modules(FILE, repo, home)[0] == 0
    (repo / ".artifactkit.yaml").write_text("docs_root: docs\nrules:\n  section-empty: sometimes\n", encoding="utf-8")
    rc, modules, out = lint_modules(FILE, repo, home)
    assert rc == 2 and "section-empty" in out and "sometimes" in out, out
    (repo / ".artifactkit.yaml").write_text("docs_root: docs\nrules:\n  no-such-rule: warning\n", encoding="utf-8")
    rc, _, out = lint_modules(FILE, repo, home)
    assert rc == 2 and "unknown rule 'no-such-rule'" in out, out
    (repo / ".artifactkit.yaml").write_text("docs_root: docs\n", encoding="utf-8")
    assert lint_modules(FILE, repo, home)[0] == 0
    rc, modules, out = lint_modules(FILE, repo, home)
    assert rc == 0 and not modules & HEAVY, out


def test_a_user_schema_that_compiled_is_not_compiled_again_until_it_changes(repo, tmp_path):
    home = tmp_path / "home-cache"
    (repo / ".artifactkit.yaml").write_text("docs_root: docs\ntypes:\n  decision:\n    schema: decision.schema.json\n    paths: ['decisions/*.md']\n")
    schema = {"properties": {"frontmatter": {"properties": {"owner": {"type": "string"}}}}}
    (repo / "decision.schema.json").write_text(json.dumps(schema))
    for _ in range(2):
        rc, modules, out = lint_modules(FILE, repo, home)
        assert rc == 0, out
    assert "jsonschema_rs" not in modules
    schema["properties"]["frontmatter"]["properties"]["owner"] = {"$ref": "missing.json"}
    (repo / "decision.schema.json").write_text(json.dumps(schema))
    rc, _, out = lint_modules(FILE, repo, home)
    assert rc == 2 and "decision.schema.json" in out, out


def test_facts_in_a_folder_others_may_write_are_never_used(repo, tmp_path):
    home = tmp_path / "home-cache"
    for _ in range(2):
        lint_modules(FILE, repo, home)
    checked = home / "artifactkit" / "checked"
    os.chmod(checked, 0o777)  # anyone could have put a "valid" there
    rc, modules, out = lint_modules(FILE, repo, home)
    assert rc == 0 and "config read" in modules, out  # read and checked again (a valid config needs no jsonschema_rs)
    os.chmod(checked, 0o700)
    for fact in checked.iterdir():
        os.chmod(fact, 0o666)
    rc, modules, out = lint_modules(FILE, repo, home)
    assert rc == 0 and "config read" in modules, out  # read and checked again (a valid config needs no jsonschema_rs)


@pytest.mark.parametrize(
    "name", ["artifactkit._native", "jsonschema_rs", "json", "json.decoder", "os", "sys", "_sqlite3", "no_such_module_xyz", "artifactkit.no_such"]
)
def test_a_librarys_file_is_found_as_find_spec_finds_it(name):
    """io.settled keys facts by the file of the library that checked them, found without importing importlib.util."""
    from importlib.util import find_spec

    from artifactkit.io.settled import module_origin

    spec = find_spec(name)
    assert module_origin(name) == (spec.origin if spec else None)


def test_a_name_below_a_plain_module_is_refused_as_find_spec_refuses_it():
    from importlib.util import find_spec

    from artifactkit.io.settled import module_origin

    with pytest.raises(ImportError):
        find_spec("artifactkit.record.x")
    with pytest.raises(ImportError):
        module_origin("artifactkit.record.x")
