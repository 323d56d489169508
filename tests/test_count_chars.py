"""``_native.count_chars``, the one pass ``pulldown.check_budget`` takes over a long document, counts
what ``str.count`` counts, whatever else the text holds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from artifactkit import _native
from artifactkit.document.pulldown import element_estimate

CHARS = "\n\r<-+>.)|*_`[]\\!&"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(CHARS) + ["a", " ", "é", "字", "\U0001f642", "\x00", "\x7f"]), max_size=200))
def test_counts_are_str_counts(text):
    assert _native.count_chars(text, CHARS) == [text.count(char) for char in CHARS]


def test_a_character_beyond_ascii_is_refused():
    with pytest.raises(ValueError):
        _native.count_chars("é", "é")


def test_the_estimate_counts_each_delimiter_it_is_given():
    text = "| a | b |\n|---|---|\n" * 4 + "*x* _y_ `z` [w]\r"
    assert element_estimate(text) == 8 + 4 * 6 + 2 + 2 + 2 + 1  # lines, then | * _ ` [
    assert element_estimate(text, "|*_`[]!&\\") == element_estimate(text) + 1
