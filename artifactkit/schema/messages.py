"""Turn validation errors (jsonschema-rs) into problems written for people, located in the Markdown file.

Each error is routed by where it points in the instance (front matter, title, a section)
and by the keyword that failed; a schema can override any message with ``x-message``.
The wording needs only what jsonschema-rs reports for an error (instance path, the keyword and
the subschema holding it, the instance); tests/test_gate_diff.py checks that it is the same
as the wording made from python-jsonschema's errors, which the linter used before.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from artifactkit.document.model import Document
from artifactkit.problem import ERROR, Problem
from artifactkit.record import dataclass, field
from artifactkit.schema.doctypes import DocType

JSON_TYPES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a mapping",
    "boolean": "true or false",
    "null": "empty",
}


@dataclass
class Failure:
    """One validation error, in the terms the wording needs."""

    validator: str  # the keyword that failed
    validator_value: object  # its value in the schema
    instance: object  # the value that failed
    path: tuple  # where in the instance
    schema: object  # the subschema holding the keyword (for x-message and description)
    message: str
    context: list[Failure] = field(default_factory=list)  # anyOf/oneOf: the branches' failures


def failures(errors, validation) -> list[Failure]:
    """jsonschema-rs errors as failures; ``required`` (one error per missing name) becomes one failure."""
    out, seen = [], set()
    for error in errors:
        failure = _failure(error, validation)
        if failure.validator == "required":
            key = (failure.path, error.absolute_keyword_location, tuple(map(str, error.schema_path)))
            if key in seen:
                continue
            seen.add(key)
        out.append(failure)
    return out


def _failure(error, validation) -> Failure:
    schema = validation.keyword_schema(error)
    keyword = error.schema_path[-1] if error.schema_path else error.kind.name
    keyword = keyword if isinstance(keyword, str) else error.kind.name
    value = schema.get(keyword) if isinstance(schema, dict) else None
    context = []
    if keyword in ("anyOf", "oneOf"):
        branches = error.kind.as_dict().get("context") or []
        context = [_failure(e, validation) for branch in branches for e in branch]
    return Failure(keyword, value, error.instance, tuple(error.instance_path), schema, error.message, context)


def problems_from_errors(doc: Document, doctype: DocType, errors: list[Failure]) -> list[Problem]:
    out: list[Problem] = []
    for error in errors:
        out.extend(_route(doc, doctype, _leaf(error)))
    return _prefer_specific(out)


def _leaf(error: Failure) -> Failure:
    """anyOf/oneOf report their best branch; everything else is reported as is."""
    if error.validator in _WEAK and error.context:
        return best_match(error.context)
    return error


_WEAK: frozenset[str] = frozenset({"anyOf", "oneOf"})
_STRONG: frozenset[str] = frozenset()


def _relevance(error: Failure):
    # python-jsonschema's exceptions.relevance: shallower first, then earlier, then not anyOf/oneOf
    return (-len(error.path), tuple(map(str, error.path)), error.validator not in _WEAK, error.validator in _STRONG)


def best_match(errors: list[Failure]) -> Failure:
    """python-jsonschema's ``best_match``: the most relevant error, descending into anyOf/oneOf branches."""
    best = max(errors, key=_relevance)
    while best.context:
        smallest = sorted(best.context, key=_relevance)[:2]
        if len(smallest) == 2 and _relevance(smallest[0]) == _relevance(smallest[1]):
            return best
        best = smallest[0]
    return best


def _route(doc: Document, doctype: DocType, error) -> Iterator[Problem]:
    path = error.path
    custom = error.schema.get("x-message") if isinstance(error.schema, dict) else None
    head = path[0] if path else None
    if not path and error.validator == "required":
        for name in _missing(error):
            if name == "frontmatter":
                continue
            yield _problem(doc, "title-missing", (1, 1), custom or "the document has no title — add a '# Title' heading at the top")
    elif head == "title":
        yield _problem(doc, "title-missing", _body_start(doc), custom or "the document has no title — add a '# Title' heading at the top")
    elif head == "frontmatter":
        yield from _frontmatter(doc, doctype, error, path[1:], custom)
    elif head == "sections":
        yield from _sections(doc, doctype, error, path[1:], custom)
    elif head == "type":
        yield _problem(doc, "type-unknown", (1, 1), custom or f"the document type must be {doctype.name!r}")
    else:
        yield _problem(doc, "schema-violation", doc.locate(path), custom or f"{'/'.join(map(str, path)) or 'document'}: {error.message}")


def _missing(error) -> list[str]:
    instance = error.instance if isinstance(error.instance, dict) else {}
    return [name for name in error.validator_value if name not in instance]


def _problem(doc: Document, rule, where, message, section=None, level=ERROR) -> Problem:
    line, column = where
    return Problem(doc.path, line, column, level, rule, message, section)


def _body_start(doc: Document) -> tuple[int, int]:
    return (min(doc.front.body_start + 1, doc.line_count), 1)


def _frontmatter(doc: Document, doctype: DocType, error, path, custom):
    from artifactkit.document.wording import body_label, field_label

    required_by = f"(required by {doctype.name})"
    if not path and error.validator == "required":
        for name in _missing(error):
            if name in doctype.info.required_order(()) and name not in doc.outline.sections:
                continue  # read from a "## Status" section that is missing too: its section-missing says it once
            hint = doctype.info.frontmatter_descriptions.get(name)
            where = "" if doc.front.present or doctype.format != "frontmatter" else " (add a front-matter block between '---' lines at the top)"
            text = f'front matter is missing "{name}"{where}' if doctype.format == "frontmatter" else f'"{body_label(name)}" is missing'
            yield _problem(doc, "frontmatter-missing", (1, 1), f"{text} — {custom or hint or 'add it'} {required_by}")
        return
    if not path:
        yield _problem(doc, "frontmatter-invalid", (1, 1), custom or f"front matter: {error.message}")
        return
    field = path[0]
    at = doc.locate(("frontmatter",) + tuple(path))
    what = custom or _describe(error, _value_at(doc.front.data, path, error.instance))
    hint = error.schema.get("description") if isinstance(error.schema, dict) else None
    hint = hint or doctype.info.frontmatter_descriptions.get(field)
    label = ".".join(str(p) for p in path)
    message = f"{field_label(doctype.format, label, at[0] <= doc.front.body_start)} {what}"  # a Nygard status is no front matter
    if hint and not custom:
        message += f" — {hint}"
    yield _problem(doc, "frontmatter-invalid", at, message)


def _value_at(data, path, validated):
    """The value as the document holds it: the validator sees an infinite number (``1e400``, ``.inf``)
    as null, JSON having no infinity, and would report it as None."""
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return validated
    return data if isinstance(data, float) and not math.isfinite(data) else validated


class _Shown:
    """A value in a message: ``repr`` for most, the YAML spelling for infinity and not-a-number."""

    def __init__(self, value) -> None:
        self.value = value

    def __repr__(self) -> str:
        v = self.value
        if isinstance(v, float) and not math.isfinite(v):
            return ".nan (not a number)" if math.isnan(v) else f"{'-' if v < 0 else ''}.inf (a number too large: infinite)"
        return repr(v)


def _describe(error, found=None) -> str:
    v, value = error.validator, error.validator_value
    found = _Shown(error.instance if found is None else found)
    if v == "enum":
        return f"is {found!r}; use one of: {', '.join(map(str, value))}"
    if v == "const":
        return f"must be {value!r}, not {found!r}"
    if v == "type":
        kinds: list = value if isinstance(value, list) else [value]
        return f"must be {' or '.join(JSON_TYPES.get(k, k) for k in kinds)}, not {found!r}"
    if v == "format":
        return f"is {found!r}, which is not a valid {value}"
    if v in ("minItems", "minLength", "minProperties"):
        return "must not be empty" if value == 1 else f"needs at least {value} entries"
    if v in ("maxItems", "maxLength", "maxProperties"):
        return f"has more than {value} entries"
    if v == "pattern":
        return f"is {found!r}, which does not match the pattern {value}"
    if v in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        return f"is {found!r}, out of range ({v} {value})"
    return f"is invalid: {error.message}"


def _sections(doc: Document, doctype: DocType, error, path, custom):
    keys, rest = _split_section_path(path)
    required_by = f"(required by {doctype.name})"
    if error.validator == "required" and (not rest or rest == ("subsections",)):
        for name in _missing(error):
            yield _missing_section(doc, doctype, keys, name, custom, required_by)
        return
    section = doc.find_section(keys)
    if section is None:
        yield _problem(doc, "schema-violation", doc.locate(("sections",) + tuple(path)), custom or error.message)
        return
    meta = doctype.info.sections.get(keys)
    hint = (meta.description if meta else None) or "write this section"
    name = f'"{section.heading}"'
    where = (section.line, 1)
    if rest == ("filled",):
        yield _problem(doc, "section-empty", where, f"{name} is empty — {custom or hint} {required_by}", section.heading)
    elif rest == ("placeholders",):
        what = _leftovers(section.placeholders, meta.hint if meta else None)
        yield _problem(
            doc,
            "section-placeholder",
            (section.placeholder_line or section.line, 1),
            f"{name} still holds {what} — {custom or 'replace it: ' + hint}",
            section.heading,
        )
    else:
        yield _problem(doc, "section-incomplete", where, f"{name} {custom or _describe(error)} {required_by}", section.heading)


def _leftovers(placeholders: list[str], template_hint: str | None) -> str:
    """The placeholders left in a section, the template's own hint named as such."""
    leftovers = [p for p in placeholders if p != template_hint]
    what = ", ".join(_quoted(p) for p in leftovers[:3])
    if template_hint in placeholders:
        what = "the template's hint" + (f" and {what}" if what else "")
    return what


def _quoted(text: str) -> str:
    """The leftover exactly as the document holds it, so a search finds it (placeholders never span lines)."""
    return repr(text)


def _split_section_path(path: tuple) -> tuple[tuple, tuple]:
    """('a', 'subsections', 'b', 'filled') -> (('a', 'b'), ('filled',))."""
    keys: list = []
    rest = list(path)
    while rest:
        keys.append(rest.pop(0))
        if len(rest) >= 2 and rest[0] == "subsections":
            rest.pop(0)
        else:
            break
    return tuple(keys), tuple(rest)


def _missing_section(doc: Document, doctype: DocType, parent_keys, name, custom, required_by) -> Problem:
    title, hint, earlier, names = doctype.info.derived(("missing section", parent_keys, name), lambda: _section_wanted(doctype, parent_keys, name))
    parent = doc.find_section(parent_keys) if parent_keys else None
    siblings = parent.subsections if parent else doc.outline.sections
    level = (parent.level + 1) if parent else _top_level(doc)
    before = [k for k in earlier if k in siblings]
    if before:
        anchor = siblings[before[-1]]
        placement = f'after "{anchor.heading}"'
        line = _end_of(doc, anchor)
    else:
        first = next(iter(siblings.values()), None)
        placement = "before the other sections" if first else ("after the title" if doc.outline.title else "")
        line = first.line if first else (parent.line + 1 if parent else (doc.outline.title_line or doc.front.body_start) + 1)
    placement = f" {placement}" if placement else ""
    line = max(1, min(line, doc.line_count))
    text = f'missing section "{title}" — add a "{"#" * level} {title}" section{placement}: {custom or hint} {required_by}'
    bold = doc.bold_label(names)
    if bold is not None:  # "**Context and Problem Statement**" on a line of its own: there, but no heading
        line, label = bold
        text = f'missing section "{title}" — line {line} writes "{label}" in bold, which is no heading: make it a "{"#" * level} {label}" heading {required_by}'
    return _problem(doc, "section-missing", (line, 1), " ".join(text.split()), title)


def _section_wanted(doctype: DocType, parent_keys: tuple, name: str) -> tuple[str, str, tuple[str, ...], frozenset[str]]:
    """A required section's title, description, the required sections before it and the names a
    heading of it may have: the type's alone (with parent and name), found once per type."""
    meta = doctype.info.sections.get(parent_keys + (name,))
    order = doctype.info.required_order(parent_keys)
    earlier = order[: order.index(name)] if name in order else ()
    return (meta.title if meta else name), (meta.description if meta else None) or "write it", earlier, doctype.info.names(parent_keys + (name,))


def _top_level(doc: Document) -> int:
    levels = [s.level for s in doc.outline.sections.values()]
    return min(levels) if levels else 2


def _end_of(doc: Document, section) -> int:
    """Line of the first heading after ``section``'s subtree, or the end of the file."""
    for line, level, _ in doc.outline.headings:
        if line > section.line and level <= section.level:
            return line
    return doc.line_count


def _prefer_specific(problems: list[Problem]) -> list[Problem]:
    """One finding per unfilled section: placeholder beats empty, and both beat "incomplete"."""
    if len(problems) < 2:  # the usual case (one section missing): nothing to prefer, nothing twice
        return problems
    placeholder = {p.section for p in problems if p.rule == "section-placeholder"}
    unfilled = placeholder | {p.section for p in problems if p.rule == "section-empty"}
    seen, out = set(), []
    for p in problems:
        where = p.section
        if (p.rule == "section-empty" and where in placeholder) or (p.rule == "section-incomplete" and where in unfilled):
            continue
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out
