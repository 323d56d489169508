"""``artifactkit.lazyre.compiled_later``: a pattern compiled on first use answers as ``re.compile``'s,
and once used its methods are the compiled pattern's own."""

from __future__ import annotations

import re

import pytest

from artifactkit.lazyre import compiled_later

CASES = [
    (r"^(\d+)[-_. ]", 0, ["0007-x.md", "x-0007.md", "12 y", ""]),
    (r"\b(lines?) \d+(?:-\d+)?", 0, ["see lines 3-4 and line 9", "no lines"]),
    (r"^(?P<head>.*?/(?:blob|tree)/)(?P<branch>[^/]+)(?P<tail>/.*)?$", 0, ["https://x/o/r/blob/main/a.md", "https://x/o/r"]),
    (r"straße", re.IGNORECASE, ["STRASSE", "Straße", "strasse"]),
]


@pytest.mark.parametrize(("pattern", "flags", "texts"), CASES)
def test_it_answers_as_the_compiled_pattern(pattern, flags, texts):
    later, compiled = compiled_later(pattern, flags), re.compile(pattern, flags)
    for text in texts:
        assert repr(later.match(text)) == repr(compiled.match(text))
        assert repr(later.search(text)) == repr(compiled.search(text))
        assert later.findall(text) == compiled.findall(text)
        assert [m.span() for m in later.finditer(text)] == [m.span() for m in compiled.finditer(text)]
        assert later.sub("-", text) == compiled.sub("-", text)
        assert later.split(text) == compiled.split(text)
    assert (later.pattern, later.flags, later.groups, later.groupindex) == (compiled.pattern, compiled.flags, compiled.groups, compiled.groupindex)


def test_once_used_its_methods_are_the_compiled_patterns_own():
    later = compiled_later(r"a+")
    assert "match" not in vars(later)  # nothing compiled yet
    assert later.fullmatch("aaa")
    assert isinstance(later.match.__self__, re.Pattern)  # a bound method of the compiled pattern: no wrapper per call
    assert later.match.__self__ is later.search.__self__


def test_a_bad_pattern_fails_at_first_use():
    later = compiled_later(r"(unclosed")
    with pytest.raises(re.error):
        later.match("x")


def test_it_copies_and_pickles_as_a_pattern_would_be_asked_to():
    """copy and pickle look up dunder names on an instance made without ``__init__``: no endless lookup."""
    import copy
    import pickle

    later = compiled_later(r"b+")
    assert copy.copy(later).search("abbb").group() == "bbb"
    assert pickle.loads(pickle.dumps(later)).search("abbb").group() == "bbb"
