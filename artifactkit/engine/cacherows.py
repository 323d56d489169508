"""One lint result as one compact row of plain JSON, and back (the cache's entries, engine.cache).

Rows hold plain JSON only; decoding checks every type and bound, and anything unexpected raises
``ValueError``: the entry is a miss and the file is linted again. Loading a row never runs code.
A large run decodes its rows in one native call (``decode_rows``); ``decode_result`` is the reference
it must agree with, and decodes every row the native reader leaves to it.
"""

from __future__ import annotations

from functools import cache
from itertools import chain

from artifactkit.problem import Problem


def encode_result(result) -> list:
    outline = result.outline
    outline_row = (
        None
        if outline is None
        else [
            outline.title,
            outline.title_line,
            sorted(outline.file_disables),
            [[line, sorted(rules)] for line, rules in outline.section_disables.items()],
            [list(h) for h in outline.headings],
            [list(t) for t in outline.link_targets],
        ]
    )
    return [
        result.type,
        result.number,
        result.skipped,
        result.title,
        result.frontmatter,
        [[p.line, p.column, p.level, p.rule, p.message, p.section] for p in result.problems],  # path: the file's
        outline_row,
        [[list(k), v[0], v[1]] for k, v in result.locations.items()],
    ]


@cache
def _limits() -> tuple[int, int]:
    """``(MAX_DEPTH, MAX_NODES)`` of front matter read from a document (document.frontmatter), imported
    when a row first holds front matter or its positions: a warm ``lint FILE`` of a document with
    neither never loads that module (0.5 ms)."""
    from artifactkit.document.frontmatter import MAX_DEPTH, MAX_NODES

    return MAX_DEPTH, MAX_NODES


_FLAT = frozenset([str, int, float, bool, type(None)])
_FLAT_OR_LIST = _FLAT | {list}


def _bounded(value, max_depth: int, max_nodes: int) -> bool:
    """Whether ``value`` nests at most ``max_depth`` levels and holds at most ``max_nodes`` values:
    front matter read from a document never does more (document.frontmatter), and every later walk
    of a deeper one (checks, reports) could overflow the stack."""
    if value.__class__ is dict:  # most front matter holds scalars and lists of scalars: checked at C speed, no walk
        kinds = set(map(type, value.values()))
        if kinds <= _FLAT or (kinds <= _FLAT_OR_LIST and _FLAT.issuperset(map(type, chain.from_iterable(v for v in value.values() if v.__class__ is list)))):
            return True
    stack = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        max_nodes -= 1
        if max_nodes < 0 or depth > max_depth:
            return False
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return True


_STR_OR_NONE = frozenset([str, type(None)])


def decode_result(path: str, row, result_cls, outline_cls):
    type_, number, skipped, title, front, problem_rows, outline_row, location_rows = row
    # a warm run decodes thousands of rows: exact types (JSON makes no subclasses), no call per field
    if not (
        type(type_) in _STR_OR_NONE
        and type(skipped) in _STR_OR_NONE
        and type(title) in _STR_OR_NONE
        and (number is None or type(number) is int)
        and type(front) is dict
        and (not front or _bounded(front, *_limits()))  # slim() leaves most front matter empty
    ):
        raise ValueError("malformed cache entry")
    return result_cls(
        path=path,
        type=type_,
        problems=_decode_problems(path, problem_rows) if problem_rows else [],
        number=number,
        skipped=skipped,
        frontmatter=front,
        title=title,
        outline=None if outline_row is None else _decode_outline(outline_row, outline_cls),
        locations=_decode_locations(location_rows, _limits()[0]) if location_rows else {},
    )


def _decode_problems(path: str, rows) -> list[Problem]:
    problems = []
    for line, column, level, rule, message, section in rows:
        if not (
            type(line) is int and type(column) is int and type(level) is str and type(rule) is str and type(message) is str and type(section) in _STR_OR_NONE
        ):
            raise ValueError("malformed problem in a cache entry")
        problems.append(Problem(path, line, column, level, rule, message, section))
    return problems


def _decode_outline(row, outline_cls):
    o_title, o_line, file_disables, section_disables, headings, links = row
    if not (type(o_title) in _STR_OR_NONE and (o_line is None or type(o_line) is int) and (not file_disables or all(type(r) is str for r in file_disables))):
        raise ValueError("malformed outline in a cache entry")
    return outline_cls(  # every field given: a warm run builds thousands, and most lists are empty
        title=o_title,
        title_line=o_line,
        sections={},
        duplicates=[],
        file_disables=set(file_disables),
        section_disables={int(line): {str(r) for r in rules} for line, rules in section_disables} if section_disables else {},
        headings=[(int(a), int(b), str(c)) for a, b, c in headings] if headings else [],
        link_targets=[(int(a), str(b)) for a, b in links] if links else [],
        unclosed_fences=[],
    )


def _decode_locations(rows, max_depth: int) -> dict:
    locations = {}
    for key, line, column in rows:
        if not (isinstance(key, list) and len(key) <= max_depth + 1 and all(type(k) in (str, int) for k in key) and type(line) is int and type(column) is int):
            raise ValueError("malformed location in a cache entry")
        locations[tuple(key)] = (line, column)
    return locations


def decode_rows(paths: list[str], rows: list[bytes], result_cls, outline_cls, reference) -> list:
    """The result of each row (None: malformed), as ``reference(path, row)`` makes it: the rows in one
    native call, which reads the form ``encode_result`` writes and leaves anything else (None) to
    ``reference``. Positional arguments: a warm run makes 10,000 of each (tests compare the two)."""
    from artifactkit import _native

    made = _native.decode_rows(rows, _limits()[0] + 1)  # a position's key: "frontmatter" and up to MAX_DEPTH parts
    new = tuple.__new__  # Problem's own __new__ is a Python frame more
    out = []
    for path, row, fields in zip(paths, rows, made):
        if fields is None:
            try:
                out.append(reference(path, row))
            except Exception:  # malformed: the caller lints the file again
                out.append(None)
            continue
        type_, number, skipped, title, front, problems, o, locations = fields
        outline = None if o is None else outline_cls(o[0], o[1], {}, [], o[2], o[3], o[4], o[5], None, [])
        out.append(result_cls(path, type_, [new(Problem, (path, *p)) for p in problems] if problems else [], number, skipped, front, title, outline, locations))
    return out
