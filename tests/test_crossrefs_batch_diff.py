"""Differential test: ``crossrefs.LinkCheck.judge`` (every link target of a run lstat'ed together, that
one lstat answering both where the target leads and whether it exists) against the reference it
replaced, link by link: ``inside_root`` with ``os.path.realpath``, then ``os.path.exists``, then
``published_source``.

Generated trees vary their structure: folders several deep, links to files and to folders, links
through a linked folder, dangling links, links that leave the repository, loops, a folder named
``x.md``, names with spaces, ``#`` and non-UTF-8 bytes; hrefs with ``..``, ``./``, a leading
``/``, fragments, queries, %-escapes and ``x.html`` for ``x.md``. Enough of them to take the
extension's threaded lstat (256 targets or more) as well as ``os.lstat`` one by one.
"""

from __future__ import annotations

import os
import random
from types import SimpleNamespace

import pytest

from artifactkit.checks import crossrefs
from artifactkit.checks.references import inside_root, is_checked_href, published_source, resolve_href_from
from artifactkit.io.paths import display_path

pytestmark = pytest.mark.skipif(os.name != "posix", reason="symbolic links and non-UTF-8 names")


def reference(folder: str, href: str, config) -> str | None:
    """The verdict of one link as crossrefs gave it before its targets were stat'ed together."""
    if not is_checked_href(href):
        return None
    target = resolve_href_from(folder, href, config.root_dir)
    if inside_root(target, config.root_dir) and not os.path.exists(target) and published_source(target, href, config.root_dir, config.docs_root) is None:
        return f"link to {href} is broken: {display_path(target)} does not exist — {crossrefs._what_to_do(href)}"
    return None


NAMES = ["a.md", "b c.md", "x.html.md", "index.md", "n#1.md", os.fsdecode(b"caf\xe9.md"), "d.md"]


def make_tree(root: str, outside: str, rng: random.Random) -> list[str]:
    """Folders, files and links under ``root``; the folders, as absolute paths."""
    folders = [root]
    for _ in range(rng.randint(3, 9)):
        parent = rng.choice(folders)
        name = rng.choice(["sub", "deep", "x.md", "s p", "docs", "adr"]) + str(rng.randint(0, 3))
        path = os.path.join(parent, name)
        if not os.path.lexists(path):
            os.mkdir(path)
            folders.append(path)
    for folder in folders:
        for name in rng.sample(NAMES, rng.randint(0, 4)):
            with open(os.path.join(folder, name), "w") as handle:
                handle.write("x")
    for _ in range(rng.randint(2, 8)):
        folder = rng.choice(folders)
        name = f"link{rng.randint(0, 99)}" + rng.choice(["", ".md", ".html"])
        path = os.path.join(folder, name)
        if os.path.lexists(path):
            continue
        target = rng.choice(
            [
                rng.choice(NAMES),  # a file next to it, or missing
                "../" + rng.choice(NAMES),
                os.path.relpath(rng.choice(folders), folder),  # a folder of the tree
                os.path.join(outside, "secret.md"),  # out of the repository
                outside,
                "missing/nowhere.md",  # dangling
                name,  # a loop
            ]
        )
        os.symlink(target, path)
    return folders


def hrefs(rng: random.Random, names: list[str]) -> list[str]:
    out = []
    for _ in range(rng.randint(20, 60)):
        name = rng.choice(names + NAMES + ["missing.md", "sub0", "x.md0", "a.html", "x.html", "index", "", "."])
        up = rng.choice(["", "", "../", "../../", "./", "sub0/", "deep1/", "/", "/docs/"])
        tail = rng.choice(["", "", "#part", "?q=1", "#"])
        href = up + name.replace(" ", rng.choice([" ", "%20"])) + tail
        out.append(href if rng.random() > 0.05 else rng.choice(["https://x.org/a.md", "#top", "//host/x", "mailto:a@b.c", "  a.md  "]))
    return out


@pytest.mark.parametrize("seed", range(12))
def test_judge_gives_every_link_the_reference_verdict(tmp_path, monkeypatch, seed):
    rng = random.Random(seed)
    root, outside = str(tmp_path / "repo"), str(tmp_path / "outside")
    os.mkdir(root)
    os.mkdir(outside)
    with open(os.path.join(outside, "secret.md"), "w") as handle:
        handle.write("x")
    if seed % 3 == 0:  # the repository itself reached through a link
        os.symlink(root, str(tmp_path / "alias"))
        root = str(tmp_path / "alias")
    folders = make_tree(root, outside, rng)
    monkeypatch.chdir(root if seed % 2 else str(tmp_path))
    config = SimpleNamespace(root_dir=root, docs_root=rng.choice([".", "docs0", "/docs0/"]))
    names = [name for folder in folders for name in os.listdir(folder)]
    results = []
    for i in range(rng.choice([30, 300])):  # 300 documents: enough targets for the extension's lstat
        folder = rng.choice(folders)
        path = os.path.relpath(os.path.join(folder, f"doc{i}.md"))
        outline = SimpleNamespace(link_targets=[(n + 1, href) for n, href in enumerate(rng.sample(hrefs(rng, names), 3))])
        results.append(SimpleNamespace(path=path, skipped=None, outline=outline))
    check = crossrefs.LinkCheck(config)
    check.judge(results)
    for result in results:
        folder = os.path.dirname(os.path.abspath(result.path))
        for _, href in result.outline.link_targets:
            assert check.verdicts[(folder, href)] == reference(folder, href, config), (result.path, href)
    assert any(v is not None for v in check.verdicts.values()) and any(v is None for v in check.verdicts.values())
