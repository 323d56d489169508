"""A JSON list of problems: ``path, line, column, level, rule, message, section``."""

from __future__ import annotations

import json


def report(run, stream, color: bool = False) -> None:
    json.dump([p.to_dict() for p in run.problems], stream, indent=2, ensure_ascii=False)
    stream.write("\n")
