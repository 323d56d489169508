"""The merged site's search index for all repositories at once, split by term.

Loading every repository's records into MiniSearch costs seconds per ten thousand documents in the
browser; this index is built here instead, and a query loads only what it needs:

    assets/terms/<hex>.js   the documents of each term starting with the same two characters (<hex>
                            is their UTF-8 in hex): AK_TERMS(key, {term: [document, ...]}, {term: [...]})
                            (the second map: the terms of titles), each list ascending and
                            delta-encoded
    assets/docs/<n>.js      the title, page, type, status, repository and excerpt of documents
                            n*CHUNK to (n+1)*CHUNK-1: AK_DOCS(n, [[...], ...])

Documents are numbered across repositories in the order the repositories are read, so each
repository is a range (its first number is in the search page's list of repositories).
"""

from __future__ import annotations

import re
from array import array

CHUNK = 1000
KEY_CHARS = 2
_WORD = re.compile(r"\w[\w'-]*\w|\w")  # what artifactkit.site.mdrender indexes as a word


def shard_key(term: str) -> str:
    return term[:KEY_CHARS].encode("utf-8").hex()


class TermIndex:
    def __init__(self) -> None:
        self.postings: dict[str, array] = {}
        self.titles: dict[str, array] = {}
        self.meta: list[list] = []

    def add(self, slug: str, title: str, page: str, type_: str, status: str, excerpt: str, words: str) -> None:
        number = len(self.meta)
        self.meta.append([title, page, type_, status, slug, excerpt])
        title_words = set(_WORD.findall(title.lower()))
        postings, titles = self.postings, self.titles
        title_words.discard("__proto__")  # a key the index's JavaScript object literals cannot hold
        for word in title_words.union(words.split()):
            if word == "__proto__":
                continue
            found = postings.get(word)
            if found is None:
                found = postings[word] = array("I")
            found.append(number)
        for word in title_words:
            found = titles.get(word)
            if found is None:
                found = titles[word] = array("I")
            found.append(number)

    def files(self, script_json) -> list[tuple[str, str]]:
        shards: dict[str, tuple[dict, dict]] = {}
        for source, slot in ((self.postings, 0), (self.titles, 1)):
            for term, numbers in source.items():
                key = shard_key(term)
                if key not in shards:
                    shards[key] = ({}, {})
                shards[key][slot][term] = _deltas(numbers)
        out = []
        for key in sorted(shards):
            terms, titles = shards[key]
            out.append((f"assets/terms/{key}.js", f"window.AK_TERMS({script_json(key)},{script_json(terms)},{script_json(titles)});\n"))
        for n in range(0, len(self.meta), CHUNK):
            out.append((f"assets/docs/{n // CHUNK}.js", f"window.AK_DOCS({n // CHUNK},{script_json(self.meta[n : n + CHUNK])});\n"))
        return out


def _deltas(numbers: array) -> list[int]:
    out, last = [], 0
    for n in numbers:
        out.append(n - last)
        last = n
    return out
