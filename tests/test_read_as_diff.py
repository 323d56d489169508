"""Reading a document as its type, held equal to the plainer code it replaced (kept here as the
reference): ``Document.match_sections`` (required sections found deeper or under other words),
the walk of every section, ``Section.to_instance``'s ``filled`` and the body after the front
matter, on documents whose structure varies."""

from __future__ import annotations

import mdgen
from conftest import scaled
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from artifactkit.document import frontmatter, model
from artifactkit.document.model import _holds, _part_of, _stems
from artifactkit.document.sections import normalize_key

EXAMPLES = scaled(300)
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# names that meet every rule of match_sections: the same word at several levels, names inside
# longer names ("Decision" / "Decision Outcome"), inflections ("Mitigating" / "Mitigation")
NAMES = [
    "Summary",
    "Context",
    "Context and Problem Statement",
    "Decision",
    "Decision Outcome",
    "Decision Drivers",
    "Details and Rationale",
    "Rationale",
    "Mitigating",
    "Mitigation",
    "Proposal",
    "Proposed changes",
    "1. Context",
]
KEYS = sorted({normalize_key(n) for n in NAMES})


@st.composite
def outlined(draw) -> str:
    lines = []
    if draw(st.booleans()):
        lines += [f"# {draw(st.sampled_from(['A title', *NAMES]))}", ""]
    for _ in range(draw(st.integers(0, 12))):
        lines += [f"{'#' * draw(st.integers(1, 4))} {draw(st.sampled_from(NAMES))}", ""]
        if draw(st.booleans()):
            lines += ["Some words.", ""]
    return "\n".join(lines)


def reference_match_sections(doc, wanted: list[str], aliases: dict[str, str], known=()) -> None:
    """Document.match_sections as it was (e2f6c22)."""
    top = doc.outline.sections
    missing = [k for k in wanted if k not in top]
    title = doc.outline.title_section
    h1_sections = any(level == 1 and line != title.line for line, level, _ in doc.outline.headings) if title else False
    title_key = aliases.get(title.key, title.key) if title is not None else None
    demote = title is not None and h1_sections and title_key not in top and (title_key in wanted or title_key in known)
    if not missing and not demote:
        return
    if demote and title is not None and title_key is not None:
        title.key = title_key
        top[title_key] = title
        doc.outline.title = None
        if title_key in missing:
            missing.remove(title_key)
    promoted = bool(demote)
    for section in reference_shallowest_first(top.values()):
        key = aliases.get(section.key, section.key)
        if key in missing:
            top[key] = section
            missing.remove(key)
            promoted = True
    for key in list(missing):
        want = _stems(key)
        found = [s for k, s in top.items() if k not in wanted and reference_holds(_stems(k), want)]
        if len({id(s) for s in found}) == 1:
            top[key] = found[0]
            missing.remove(key)
            promoted = True
    for key in list(missing):
        want = _stems(key)
        taken = {id(top[w]) for w in wanted if w in top}
        found = [
            s
            for k, s in top.items()
            if k not in wanted and k not in known and id(s) not in taken and _part_of(_stems(k), want, [_stems(o) for o in missing if o != key])
        ]
        if len({id(s) for s in found}) == 1:
            top[key] = found[0]
            missing.remove(key)
            promoted = True
    if promoted:
        ordered = sorted(top.items(), key=lambda kv: kv[1].line)
        top.clear()
        top.update(ordered)


def reference_shallowest_first(sections) -> list:
    deeper: list = []
    stack = [(1, s) for s in sections]
    while stack:
        depth, section = stack.pop()
        for sub in section.subsections.values():
            deeper.append((depth, sub.line, sub))
            stack.append((depth + 1, sub))
    return [section for _, _, section in sorted(deeper, key=lambda t: (t[0], t[1]))]


def reference_holds(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(words[i : i + n] == phrase for i in range(len(words) - n + 1))


def reference_all_sections(sections):
    for section in sections:
        yield section
        yield from reference_all_sections(section.subsections.values())


def shape(doc) -> tuple:
    """What match_sections decides: the top keys in order, each one's section, the title."""
    return (
        [(key, section.line, section.key) for key, section in doc.outline.sections.items()],
        doc.outline.title,
        doc.outline.title_section and doc.outline.title_section.key,
    )


@SETTINGS
@given(
    outlined(),
    st.lists(st.sampled_from(KEYS), max_size=6),  # required keys, a key twice too (two schemas of a chain)
    st.dictionaries(st.sampled_from(KEYS), st.sampled_from(KEYS), max_size=4),
    st.lists(st.sampled_from(KEYS), max_size=6),
)
@example("# T\n\n## Decision\n\nWords.\n", ["decision outcome"], {}, ["decision"])  # a heading the type knows stands for no other
def test_match_sections_decides_as_the_reference(text, wanted, aliases, known):
    doc, reference = model.parse_text("x.md", text), model.parse_text("x.md", text)
    doc.match_sections(list(wanted), aliases, frozenset(known))
    reference_match_sections(reference, list(wanted), aliases, frozenset(known))
    assert shape(doc) == shape(reference)


@SETTINGS
@given(outlined(), st.lists(st.sampled_from(KEYS), max_size=6), st.dictionaries(st.sampled_from(KEYS), st.sampled_from(KEYS), max_size=4))
def test_subsections_are_taken_shallowest_first_as_the_reference(text, keys, aliases):
    top = model.parse_text("x.md", text).outline.sections.values()
    wanted = set(keys)
    expected = [s for s in reference_shallowest_first(top) if aliases.get(s.key, s.key) in wanted]
    assert model._shallowest_first(top, aliases, wanted) == expected


@given(st.lists(st.sampled_from(KEYS), max_size=4), st.lists(st.sampled_from(KEYS), max_size=4))
def test_holds_as_the_reference(words, phrase):
    words_stems = tuple(w for key in words for w in _stems(key))
    phrase_stems = tuple(w for key in phrase for w in _stems(key))
    assert _holds(words_stems, phrase_stems) == reference_holds(words_stems, phrase_stems)


@SETTINGS
@given(st.one_of(outlined(), mdgen.markdown()))
def test_every_section_and_filled_as_the_reference(text):
    doc = model.parse_text("x.md", text)
    every = model._all_sections(doc.outline.sections.values())
    assert [id(s) for s in every] == [id(s) for s in reference_all_sections(doc.outline.sections.values())]

    def same_filled(section, instance) -> None:
        assert instance["filled"] == section.filled
        assert list(instance["subsections"]) == list(section.subsections)
        for key, sub in section.subsections.items():
            same_filled(sub, instance["subsections"][key])

    for key, section in doc.outline.sections.items():
        same_filled(section, doc.instance()["sections"][key])


FRONT = ["---\ntype: adr\n---\n", "---\r\ntitle: x\r\n---\r\n", "---\rtitle: x\r---\r", "---\n\n---\n", "---\na: [\n---\n", "---\nnever closed\n", ""]


@SETTINGS
@given(st.sampled_from(FRONT), mdgen.markdown(), st.sampled_from(["", "\x85", "\u2028", "\v"]))
def test_the_body_is_the_text_after_the_front_matters_lines(front, body, odd):
    text = front + odd + body
    doc = model.parse_text("x.md", text)
    lines = model.split_lines(text)
    unterminated = doc.front.error_rule == "frontmatter-unterminated"
    start = 0 if unterminated else doc.front.body_start
    expected = model.build_outline("".join(lines[start:]) if not unterminated else text, start)

    def read(outline) -> tuple:
        words = [(s.key, s.line, s.words, s.links) for s in model._all_sections(outline.sections.values())]
        return outline.title, outline.title_line, outline.headings, outline.link_targets, words

    assert read(doc.outline) == read(expected)


@given(st.text(alphabet=st.sampled_from(["a", "é", "\n", "\r", *model._OTHER_LINE_ENDS]), max_size=12))
def test_other_line_ends_are_told_as_the_reference(text):
    assert model._other_line_ends(text) == any(end in text for end in model._OTHER_LINE_ENDS)


def reference_split(lines: list[str]) -> tuple[int, int] | None:
    """frontmatter.split as it was (e2f6c22)."""
    if not lines or not frontmatter.is_fence(lines[0]):
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r\n").rstrip() in ("---", "..."):
            return 1, i
    return 1, -1


FENCE_LINES = ["---\n", "---", "--- \n", "---\r\n", " ---\n", "----\n", "...\n", "... \r\n", "..\n", "a: b\n", "-- -\n", "---\v\n", "\n"]


@given(st.lists(st.sampled_from(FENCE_LINES), max_size=8))
def test_the_front_matters_end_is_found_as_the_reference(lines):
    assert frontmatter.split(lines) == reference_split(lines)
