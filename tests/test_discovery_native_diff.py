"""Differential test: the extension's walk (src/discover.rs, ``discovery.walk_markdown``) against the
reference, ``walk_markdown_py`` (``os.walk`` as ``discover`` prunes it), and ``discover`` with
either walk.

Generated trees vary their structure: folders several deep (some deep enough to be split among
threads, some a single chain), hidden folders and ``node_modules`` (nested in each other and in
plain folders), hidden files, names in other cases (``X.MD``, ``y.Md``), a folder named ``x.md``,
names with spaces and non-ASCII, names that are not UTF-8 next to ones that are (which sort by
code point, not by byte), links to files, to folders (counted as folders, never entered),
dangling and looping links; the walk starts at a folder spelt in several ways (``./docs``,
``docs/``, ``.``, ``docs//sub``, through ``..``, through a link) and at a file.
Config excludes are applied to ``discover``'s list afterwards (engine.linter), not in the walk.
"""

from __future__ import annotations

import os
import random

import pytest

from artifactkit.io import discovery

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the extension's walk is POSIX-only")

FOLDER_NAMES = ["a", "b", "sub", "x.md", "Z", ".git", ".hidden", "node_modules", "s p", "é", os.fsdecode(b"caf\xe9"), "\ue000", "0"]
FILE_NAMES = [
    "a.md",
    "B.md",
    "X.MD",
    "y.Md",
    ".hidden.md",
    "notes.txt",
    "md",
    ".md",
    "readme.markdown",
    "é.md",
    os.fsdecode(b"\xff.md"),
    os.fsdecode(b"a\xe9.md"),
    "a\ue000.md",
    "a😀.md",
    "aé.md",
    "z z.md",
]


def make_tree(root: str, rng: random.Random, width: int) -> list[str]:
    folders = [root]
    for _ in range(rng.randint(2, width)):
        parent = rng.choice(folders[-6:] if rng.random() < 0.4 else folders)  # chains as well as bushes
        path = os.path.join(parent, rng.choice(FOLDER_NAMES))
        if not os.path.lexists(path):
            os.mkdir(path)
            folders.append(path)
    for folder in folders:
        for name in rng.sample(FILE_NAMES, rng.randint(0, 6)):
            with open(os.path.join(folder, name), "w") as handle:
                handle.write("x")
    for _ in range(rng.randint(0, 6)):
        folder = rng.choice(folders)
        path = os.path.join(folder, rng.choice(["ln", "ln.md", "LN.MD", ".ln.md", "lndir"]) + str(rng.randint(0, 2)))
        if not os.path.lexists(path):
            os.symlink(rng.choice([os.path.relpath(rng.choice(folders), folder), "a.md", "missing.md", os.path.basename(path), "/"]), path)
    return folders


@pytest.mark.parametrize("seed", range(40))
def test_the_native_walk_is_os_walk_as_discover_prunes_it(tmp_path, monkeypatch, seed):
    rng = random.Random(seed)
    docs = tmp_path / "docs"
    docs.mkdir()
    folders = make_tree(str(docs), rng, width=rng.choice([4, 30, 120]))
    os.symlink("docs", tmp_path / "alias")
    monkeypatch.chdir(tmp_path)
    sub = os.path.relpath(rng.choice(folders), tmp_path)
    tops = ["docs", "./docs", "docs/", ".", "alias", "docs/../docs", sub, sub.replace("/", "//") + "/", str(docs), "docs/a.md"]
    for top in tops:
        if os.path.isdir(top):
            assert discovery.walk_markdown(top) == discovery.walk_markdown_py(top), top
    given = [[top] for top in tops] + [rng.sample(tops, 3)]  # several at once: a file found twice is listed once
    native = [discovery.discover(paths) for paths in given]
    monkeypatch.setattr(discovery, "walk_markdown", discovery.walk_markdown_py)
    assert native == [discovery.discover(paths) for paths in given]
    assert any(native), "the tree holds Markdown files"


def test_names_that_are_not_utf8_sort_as_python_sorts_their_str(tmp_path):
    names = [b"a\xff.md", b"a\xc3\xa9.md", b"a\xee\x80\x80.md", b"a\xf0\x9f\x98\x80.md", b"a\xe9.md", b"a.md", b"A.md", b"a\x80.md"]
    for name in names:
        with open(os.path.join(os.fsencode(tmp_path), name), "w") as handle:
            handle.write("x")
    (listed,) = discovery.walk_markdown(str(tmp_path))
    assert listed == (str(tmp_path), sorted(os.fsdecode(n) for n in names))
    assert discovery.walk_markdown(str(tmp_path)) == discovery.walk_markdown_py(str(tmp_path))


@pytest.mark.skipif(os.geteuid() == 0, reason="root lists any folder")
def test_a_folder_that_cannot_be_listed_is_kept_in_its_place(tmp_path):
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.md").write_text("x")
    os.chmod(tmp_path / "b", 0)
    try:
        walked = discovery.walk_markdown(str(tmp_path))
        assert walked == discovery.walk_markdown_py(str(tmp_path))
        assert (str(tmp_path / "b"), None) in walked
    finally:
        os.chmod(tmp_path / "b", 0o755)
