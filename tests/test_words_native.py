"""The native walk counts a run's words itself when the run is ASCII but for characters Python never
calls a letter or digit (typographic quotes and dashes, arrows, emoji...); those counts must be the
ones ``document.words.count_words`` (``WORD_RE``, Python's Unicode tables) gives."""

from __future__ import annotations

import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from artifactkit import _native
from artifactkit.document.words import count_words

# the typographic characters of real prose, and characters only Python can class
PUNCTUATION = "’‘“”—–…•→≥×·\u00a0\u2009\u200b❌✅⚠️🙂"
OTHERS = "ïé字ß²ⁱ①❶ℹµ"


def test_every_character_the_walk_counts_is_classed_as_python_classes_it():
    """Each code point the native side counts around: no word in itself, none joined, as WORD_RE says."""
    counted = 0
    for code in range(0x80, sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        for text in (f"a{char}b", char, f"{char}a{char}"):
            native = _native.count_words(text)
            if native is not None:
                assert native == count_words(text), (hex(code), text)
                counted += 1
    assert counted > 3 * 1000  # the whole listed ranges, not a few characters


def test_letters_beyond_ascii_are_left_to_python():
    for char in OTHERS:
        assert _native.count_words(f"a {char} b") is None, char


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1 '.-\n") + list(PUNCTUATION)), max_size=40))
def test_counts_of_mixed_prose_agree(text):
    assert _native.count_words(text) == count_words(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1 '.-") + list(PUNCTUATION) + list(OTHERS)), max_size=30))
def test_a_text_the_walk_counts_is_counted_as_python_counts_it(text):
    native = _native.count_words(text)
    assert native is None or native == count_words(text)
    if any(char in OTHERS for char in text):
        assert native is None
