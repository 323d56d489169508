"""``pulldown.href`` normalizes a link as markdown-it's ``normalizeLink`` does, importing only mdurl
where the host needs no punycode and no IPv6 brackets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.common.normalize_url import normalizeLink

from artifactkit.document.pulldown import href

PARTS = ["http://", "https://", "mailto:", "//", "ftp://", "skype:", "a", "B", "1", ".", "/", ":", "@", "%", "%2", "%20", " ", "#", "?", "=", "&",
         "(", ")", "[", "]", "~", "\\", "'", '"', "<", "\x7f", "é", "ü", "例", "。", "\u2028", "xn--", "[::1]", "localhost", "www.", ".com"]  # fmt: skip


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com:8080/a b",
        "https://user@exämple.com/x",
        "http://[::1]:80/p?q=1#h",
        "https://пример.рф/путь",
        "mailto:ada@exämple.org",
        "../docs/a%2Fb.md#Section",
        "https://a@b@c/d",
        "//host\x7f/x",
    ],
)
def test_written_links(url):
    assert href(url) == normalizeLink(url)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PARTS), max_size=12).map("".join))
def test_generated_links(url):
    assert href(url) == normalizeLink(url)
