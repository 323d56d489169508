"""A JSON list of problems: ``path, line, column, level, rule, message, section``."""

from __future__ import annotations

import json
import re

# A file name that is not UTF-8 reaches Python as lone surrogates, which no UTF-8 stream can
# write; JSON can, as a \uXXXX escape, from which a JSON reader gets the same string back.
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def dumps(data) -> str:
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _SURROGATE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def report(run, stream, color: bool = False) -> None:
    stream.write(dumps([p.to_dict() for p in run.problems]) + "\n")
