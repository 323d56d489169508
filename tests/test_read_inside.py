"""``textio.read_document_inside`` (one native call, src/read.rs) against the two steps it stands for,
``discovery.symlink_escape`` then ``textio.read_document``: for every kind of entry a repository or a
hostile pull request can hold, it reads exactly what they read, or leaves the file to them (None);
and it does read the usual file. ``open_document`` says what it said before about each of them."""

from __future__ import annotations

import os
import random

import pytest

from artifactkit.engine.config import load_config
from artifactkit.io.discovery import symlink_escape
from artifactkit.io.textio import read_document, read_document_inside
from artifactkit.schema.opening import clear_cache, open_document

pytestmark = pytest.mark.skipif(os.name != "posix", reason="read_document_inside is POSIX-only")

MAX = 4096  # small, so that files over the limit are cheap to make


def _entry(rng: random.Random, repo: str, outside: str, path: str, kind: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if kind == "text":
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(rng.choice(["", "\ufeff", "---\n"]) + "# Doc é\n\n" + "word " * rng.randint(0, 900))
    elif kind == "big":
        with open(path, "wb") as fh:
            fh.write(b"x" * rng.choice([MAX, MAX + 1, 3 * MAX]))
    elif kind == "binary":
        with open(path, "wb") as fh:
            fh.write(b"# A\n\x00\x01")
    elif kind == "latin1":
        with open(path, "wb") as fh:
            fh.write(b"# caf\xe9\n")
    elif kind == "folder":
        os.makedirs(path)
    elif kind == "fifo":
        os.mkfifo(path)
    else:  # links: to a file or folder inside, outside, nowhere, a device, a kernel file
        target = {
            "link-inside": os.path.join(repo, "docs", "target.md"),
            "link-outside": os.path.join(outside, "secret.md"),
            "link-folder-outside": outside,
            "link-dangling": os.path.join(repo, "missing.md"),
            "link-device": "/dev/null",
            "link-kernel": "/proc/version",
        }[kind]
        os.symlink(os.path.relpath(target, os.path.dirname(path)) if rng.random() < 0.5 else target, path)


KINDS = ["text", "big", "binary", "latin1", "folder", "fifo", "link-inside", "link-outside", "link-folder-outside", "link-dangling", "link-device", "link-kernel"]


def _tree(tmp_path, seed: int) -> tuple[str, list[str]]:
    rng = random.Random(seed)
    repo, outside = str(tmp_path / "repo"), str(tmp_path / "outside")
    os.makedirs(os.path.join(repo, "docs"))
    os.makedirs(outside)
    for where in (os.path.join(repo, "docs", "target.md"), os.path.join(outside, "secret.md")):
        with open(where, "w") as fh:
            fh.write("# Target\n")
    paths = []
    for i in range(40):
        folder = os.path.join(repo, "docs", *rng.sample(["a", "b", "c"], rng.randint(0, 2)))
        path = os.path.join(folder, f"d{i}.md")
        _entry(rng, repo, outside, path, rng.choice(KINDS))
        paths.append(path)
    os.symlink(outside, os.path.join(repo, "docs", "ext"))  # a folder link out, with a file behind it
    paths += [os.path.join(repo, "docs", "ext", "secret.md"), os.path.join(repo, "docs", "target.md"), os.path.join(repo, "nowhere.md")]
    return repo, paths


@pytest.mark.parametrize("seed", range(6))
def test_read_document_inside_reads_what_the_two_steps_read_or_leaves_the_file_to_them(tmp_path, monkeypatch, seed):
    repo, paths = _tree(tmp_path, seed)
    monkeypatch.chdir(repo)
    real_root = os.path.realpath(repo)
    read_usual = 0
    for path in paths + [os.path.relpath(p, repo) for p in paths]:
        fast = read_document_inside(path, real_root, MAX)
        if fast is None:
            continue
        assert symlink_escape(path, repo) is None, path
        assert fast == read_document(path, MAX), path
        read_usual += 1
    assert read_usual >= 10  # the usual file does take the one call


@pytest.mark.parametrize("seed", range(3))
def test_open_document_says_what_the_two_steps_say_of_every_entry(tmp_path, monkeypatch, seed):
    repo, paths = _tree(tmp_path, seed)
    monkeypatch.chdir(repo)
    config = load_config(repo)
    for path in paths:
        clear_cache()
        opened = open_document(path, config)
        escape = symlink_escape(path, repo)
        if escape:
            assert (opened.error, opened.outside) == ((1, escape), True), path
            continue
        read = read_document(path)
        if read.text is None:
            assert opened.error == (read.line, read.error), path
        else:
            assert opened.doc is not None and opened.doc.text == read.text, path
