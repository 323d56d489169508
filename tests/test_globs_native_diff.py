"""Differential tests: the native glob matcher (src/globs.rs, the ``ignore`` crate) against pathspec, the
matcher artifactkit used before, with git itself (``git check-ignore --no-index``) as the judge.

``artifactkit.io.globs.matches_any`` must answer as pathspec does for a list of patterns (its
gitignore rules: ``PathSpec.from_lines(...).match_file``), on written cases and on generated ones
whose structure varies: a leading ``/`` or ``!``, a trailing ``/``, ``**`` at the start, in the
middle or at the end, ``*`` and ``?``, bracket classes (negated, ranges, ``]`` first, ``-`` at an
end), escapes, names with dots or spaces, several depths, non-ASCII names, several patterns where
the order decides. Where the two differ, git must side with the native matcher: pathspec does not
follow git on these (each with a written case in PATHSPEC_IS_NOT_GIT):

* git matches ``?`` and ``[...]`` against one byte of a name, pathspec against one character, so
  neither ever matches an ``é`` (two bytes in UTF-8) in git;
* nothing below an excluded folder can be taken back by a later ``!pattern`` (gitignore(5));
* a negated folder pattern (``!docs/``) takes back the folder, not a file another pattern matches;
* a folder a pattern matches excludes all below it: ``/*`` every path, ``*.md/*`` what is below a
  folder ``x.md/y``; pathspec matches such patterns against the file's own path only;
* ``dir/**/`` matches the folders below ``dir``, not the files directly in it;
* a class never matches ``/``, where pathspec's negated ones and ranges across it (``[+-0]``) do;
* a ``/`` inside ``[...]`` anchors a pattern as any ``/`` does, where pathspec splits the pattern.

The generated cases are checked against git itself too, whatever pathspec says. Where the native
matcher keeps pathspec's reading over git's (NATIVE_KEEPS_PATHSPEC) or refuses a pattern pathspec
read (a POSIX class, a ``-`` right after a range), the test says so and why.
"""

from __future__ import annotations

import os
import subprocess
import warnings

import pathspec
import pathspec.util
import pytest
from conftest import scaled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from artifactkit.io.globs import GlobError, check, matches_any

# "gitignore" in pathspec >= 1.0 (where "gitwildmatch" is deprecated), "gitwildmatch" before
FACTORY = "gitignore" if "gitignore" in getattr(pathspec.util, "_registered_patterns", {}) else "gitwildmatch"


def reference(path: str, patterns) -> bool:
    """pathspec's answer, as artifactkit.io.globs gave it before (a leading './' of a pattern dropped)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # re on '[[]'
        spec = pathspec.PathSpec.from_lines(FACTORY, [p.removeprefix("./") for p in patterns], backend="simple")
    return spec.match_file(path)


class Git:
    """``git check-ignore --no-index`` in one scratch repository whose .gitignore is the patterns; the
    paths need not exist (git reads a missing one as a file). No global or system config or excludes."""

    def __init__(self, folder) -> None:
        self.folder = str(folder)
        self.env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "XDG_CONFIG_HOME": self.folder}
        subprocess.run(["git", "init", "-q", self.folder], check=True, env=self.env)

    def ignored(self, patterns, paths) -> dict[str, bool]:
        with open(os.path.join(self.folder, ".gitignore"), "w", encoding="utf-8", newline="\n") as f:
            f.write("".join(p.removeprefix("./") + "\n" for p in patterns))
        proc = subprocess.run(
            ["git", "-c", "core.quotePath=false", "check-ignore", "--no-index", "-z", "--stdin"],
            cwd=self.folder,
            env=self.env,
            input="".join(p.lstrip("/").removeprefix("./") + "\0" for p in paths),
            capture_output=True,
            text=True,
        )
        assert proc.returncode in (0, 1), proc.stderr  # 1: none ignored
        out = set(proc.stdout.split("\0"))
        return {p: p.lstrip("/").removeprefix("./") in out for p in paths}


@pytest.fixture(scope="module")
def git(tmp_path_factory):
    return Git(tmp_path_factory.mktemp("gitignore"))


# (patterns, path, ignored): pathspec, git and the native matcher all say so
WRITTEN = [
    # tests/test_config.py's cases
    (["a[/]b.md"], "a/b.md", False),
    (["docs/a**b.md"], "docs/axxb.md", True),
    (["docs/a**b.md"], "docs/a/x/b.md", False),
    (["/docs/*.md"], "docs/x.md", True),
    (["/docs/*.md"], "sub/docs/x.md", False),
    (["[[]"], "[", True),
    (["[[].md"], "docs/[.md", True),
    (["[]x].md"], "].md", True),
    (["*.md"], "a/b/c.md", True),
    (["docs/*.md"], "docs/sub/a.md", False),
    (["docs/*.md"], "x/docs/a.md", False),
    (["docs/"], "docs/a/b.md", True),
    (["docs/"], "docs", False),  # a file named docs
    (["docs/**/*.md"], "docs/a.md", True),
    (["docs/**/*.md"], "docs/a/b/c.md", True),
    (["drafts/**"], "drafts/x.md", True),
    (["drafts/**"], "drafts", False),
    (["./docs/*.md"], "docs/a.md", True),
    (["?.md"], "a.md", True),
    (["?.md"], "ab.md", False),
    # '**' at the start, middle, end, alone
    (["**/adr"], "adr", True),
    (["**/adr"], "x/y/adr/0001.md", True),
    (["a/**/b"], "a/b", True),
    (["a/**/b"], "a/x/y/b", True),
    (["a/**/b"], "x/a/b", False),
    (["**"], "x/y", True),
    (["**/"], "a.md", False),  # folders only: a file at the top is in none
    (["*/"], "a.md", False),
    (["*/"], "a/b.md", True),
    # classes
    (["[a-c].md"], "b.md", True),
    (["[a-c].md"], "d.md", False),
    (["[!a-c].md"], "d.md", True),
    (["[^a-c].md"], "b.md", False),
    (["[-a]"], "-", True),
    (["[a-]"], "-", True),
    # escapes, braces (plain text in git), comments
    (["\\*.md"], "*.md", True),
    (["\\*.md"], "a.md", False),
    (["a\\?"], "a?", True),
    (["\\[a]"], "[a]", True),
    (["\\!a"], "!a", True),
    (["\\#a"], "#a", True),
    (["#a"], "#a", False),
    (["{a,b}.md"], "a.md", False),
    (["{a,b}.md"], "{a,b}.md", True),
    (["a}b"], "a}b", True),
    (["a\\ b"], "a b", True),
    (["a "], "a", True),  # trailing spaces dropped
    # negation: the last matching pattern decides
    (["*.md", "!a.md"], "a.md", False),
    (["!a.md", "*.md"], "a.md", True),
    (["docs/archive/**", "!docs/archive/keep.md"], "docs/archive/keep.md", False),
    (["docs/archive/**", "!docs/archive/keep.md"], "docs/archive/old.md", True),
    (["*", "!*/", "!*.md"], "a.md", False),
    # names with dots, several depths, non-ASCII
    (["*.tar.gz"], "x/y/a.tar.gz", True),
    ([".*"], "x/.hidden", True),
    (["é/*.md"], "é/a.md", True),
    (["日本"], "x/日本/a.md", True),
    (["*é*"], "aéb", True),
    # leading '/' and './' of a path are dropped
    (["docs/*.md"], "/docs/a.md", True),
    (["docs/*.md"], "./docs/a.md", True),
]

# (patterns, path, pathspec's answer, why git and the native matcher give the other)
PATHSPEC_IS_NOT_GIT = [
    (["?.md"], "é.md", True, "git: '?' is one byte"),
    (["[!a].md"], "é.md", True, "git: a class is one byte"),
    (["[é]"], "é", True, "git: a class is one byte"),
    (["docs/", "!docs/a.md"], "docs/a.md", False, "nothing below an excluded folder is taken back"),
    (["b/", "!**/[a-c].md"], "b/a.md", False, "nothing below an excluded folder is taken back"),
    (["*.md", "!docs/"], "docs/a.md", False, "'!docs/' takes back the folder, not the file '*.md' matches"),
    (["b/docs", "!b"], "b/docs", False, "'!b' takes back the folder, not the file 'b/docs' matches"),
    (["/*"], "docs/a.md", False, "'/*' excludes the folder docs, so all below it"),
    (["*.md/*"], "x.md/y/a.md", False, "'*.md/*' excludes the folder x.md/y, so all below it"),
    (["*/**/"], "ab/x", True, "'*/**/' matches folders two deep and below, not ab/x, a file one deep"),
    (["-/**/"], "-/a.md", True, "'-/**/' matches the folders below '-', not its files"),
    (["[/a]b"], "ab", False, "a '/' in a class anchors the pattern to the top, where 'ab' matches"),
    (["a[!x]b"], "a/b", True, "a class never matches '/'"),
    (["a[+-0]b"], "a/b", True, "a class never matches '/'"),
    (["*[!x]*.md"], "x/x.md", True, "a class never matches '/' (and x.md has no character but x before .md)"),
]

# (patterns, path, ignored by pathspec and the native matcher, what git does instead)
NATIVE_KEEPS_PATHSPEC = [
    # a '\' inside [...] is a backslash for globset (and pathspec), an escape for git; rare, and
    # what artifactkit always did
    (["[\\]].md"], "\\].md", True, "git reads [\\]] as a class of ']'"),
    # an unclosed '[' is itself for globset (and pathspec); git's wildmatch gives up on the pattern
    (["[abc"], "[abc", True, "git matches nothing with an unclosed '['"),
]


@pytest.mark.parametrize(("patterns", "path", "ignored"), WRITTEN)
def test_written_cases_agree_with_pathspec_and_git(git, patterns, path, ignored):
    assert reference(path, patterns) == ignored, "pathspec"
    assert git.ignored(patterns, [path])[path] == ignored, "git"
    assert matches_any(path, patterns) == ignored, "native"


@pytest.mark.parametrize(("patterns", "path", "by_pathspec", "why"), PATHSPEC_IS_NOT_GIT)
def test_where_pathspec_is_not_git_the_native_matcher_follows_git(git, patterns, path, by_pathspec, why):
    assert reference(path, patterns) == by_pathspec, "pathspec"
    assert git.ignored(patterns, [path])[path] == (not by_pathspec), f"git: {why}"
    assert matches_any(path, patterns) == (not by_pathspec), f"native: {why}"


@pytest.mark.parametrize(("patterns", "path", "ignored", "by_git"), NATIVE_KEEPS_PATHSPEC)
def test_where_the_native_matcher_keeps_pathspecs_reading_over_gits(git, patterns, path, ignored, by_git):
    assert reference(path, patterns) == ignored == matches_any(path, patterns)
    assert git.ignored(patterns, [path])[path] != ignored, by_git


def test_patterns_either_side_refuses():
    # both refuse: a range high-low, a trailing '\' that escapes nothing
    for pattern in ("[z-a].md", "foo\\"):
        with pytest.raises(Exception):  # noqa: B017 - pathspec's own error types
            reference("a", [pattern])
        with pytest.raises(GlobError, match="not a valid pattern"):
            check([pattern])
    # pathspec (on re) read them, its re2 backend refused the first, git and globset read them
    # otherwise: '[[:alpha:]]' a POSIX class, '[a-c-e]' a..c, '-' and 'e' for git, a..e for globset
    for pattern in ("[[:alpha:]]", "[a-c-e]"):
        reference("a", [pattern])
        with pytest.raises(GlobError, match="in \\[...\\]"):
            check([pattern])
    # pathspec refuses what git reads: a lone '!' (a line that does nothing), an escaped trailing space
    for patterns, path, ignored in ((["*", "!"], "a", True), (["a\\  "], "a ", True)):
        with pytest.raises(Exception):  # noqa: B017
            reference(path, patterns)
        assert matches_any(path, patterns) == ignored


def test_an_empty_path_or_only_slashes_match_nothing_and_raise_nothing():
    for path in ("", "/", "//", "./", "/./"):
        assert matches_any(path, ("*", "**", "/**", "*/")) is False


# --- generated lists of patterns and paths --------------------------------------------------------

NAMES = ["docs", "adr", "a", "b", "ab", "x.y", "é", "日本", ".hidden", "a b", "-", "]", "d", "{a,b}"]
EXTENSIONS = ["", ".md", ".txt", ".tar.gz"]
CLASSES = ["[ab]", "[a-c]", "[!a]", "[!a-c]", "[^x]", "[]x]", "[.]", "[é]", "[-a]", "[a-]", "[!.]", "[x-z.]", "[!]a]"]
ESCAPES = ["\\*", "\\?", "\\[", "\\ ", "\\a"]
FILLS = {"*": ["", "x", "ab", "é", ".md"], "?": ["a", "é", "-", "x"], "**": ["", "p", "p/q", "x.y"]}


@st.composite
def pieces(draw) -> str:
    """One part of a pattern between slashes."""
    kind = draw(st.sampled_from(["name", "name", "wild", "class", "escape"]))
    if kind == "name":
        return draw(st.sampled_from(NAMES)) + draw(st.sampled_from(EXTENSIONS))
    if kind == "wild":
        return draw(st.sampled_from(["*", "?", "*.md", "*.tar.gz", "a*", "x.y*", "a**b", "?.md", "*?"]))
    if kind == "class":
        return draw(st.sampled_from(["", "a", "docs", "x.y"])) + draw(st.sampled_from(CLASSES)) + draw(st.sampled_from(["", ".md", "*"]))
    return draw(st.sampled_from(NAMES)) + draw(st.sampled_from(ESCAPES))


@st.composite
def patterns(draw) -> str:
    parts = draw(st.lists(pieces(), min_size=1, max_size=3))
    where = draw(st.sampled_from(["none", "none", "start", "middle", "end"]))
    if where == "start":
        parts.insert(0, "**")
    elif where == "middle" and len(parts) > 1:
        parts.insert(draw(st.integers(1, len(parts) - 1)), "**")
    elif where == "end":
        parts.append("**")
    text = "/".join(parts)
    if draw(st.booleans()) and draw(st.booleans()):
        text = "/" + text
    if draw(st.booleans()) and draw(st.booleans()):
        text += "/"
    if draw(st.booleans()) and draw(st.booleans()):
        text = "!" + text
    return text


@st.composite
def instances(draw, pattern: str) -> str:
    """A path ``pattern`` may match: its wildcards filled in (classes with a character in them or
    not), maybe below folders and above a file."""
    text = pattern.lstrip("!").lstrip("/").rstrip("/")
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
        elif text.startswith("**", i):
            out.append(draw(st.sampled_from(FILLS["**"])))
            i += 2
        elif c in "*?":
            out.append(draw(st.sampled_from(FILLS[c])))
            i += 1
        elif c == "[" and text.find("]", i + 2) > 0:
            end = text.find("]", i + 2)
            inside = [ch for ch in text[i + 1 : end] if ch not in "!^-"] or ["a"]
            out.append(draw(st.sampled_from([*inside, "b", "z", "é", "-", "]"])))
            i = end + 1
        else:
            out.append(c)
            i += 1
    parts = [p if p not in (".", "..") else "x" for p in "".join(out).split("/") if p] or ["a"]
    above = draw(st.sampled_from(["", "", "docs", "p/q", "é"]))
    below = draw(st.sampled_from(["", "", "a.md", "é.md", "x"])) if not pattern.endswith("/") else "a.md"
    return "/".join(p for p in (above, *parts, below) if p)


@st.composite
def cases(draw) -> tuple[list[str], list[str]]:
    listed = draw(st.lists(patterns(), min_size=1, max_size=4))
    paths = [draw(instances(p)) for p in listed for _ in range(3)]
    names = st.sampled_from(NAMES).flatmap(lambda n: st.sampled_from(EXTENSIONS).map(lambda e: n + e))
    paths += draw(st.lists(st.lists(names, min_size=1, max_size=4).map("/".join), min_size=1, max_size=4))
    return listed, sorted(set(paths))


@settings(max_examples=scaled(300), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases())
def test_generated_patterns_and_paths_agree_with_pathspec_or_git_decides(git, case):
    listed, paths = case
    native = {path: matches_any(path, listed) for path in paths}
    by_pathspec = {path: reference(path, listed) for path in paths}
    by_git = git.ignored(listed, paths)
    # where pathspec and the native matcher differ, git decides (the kinds in this module's docstring);
    # where they agree, git must agree too
    wrong = [(path, by_pathspec[path], native[path], by_git[path]) for path in paths if native[path] != by_git[path]]
    assert not wrong, f"{listed}: (path, pathspec, native, git) {wrong}"
