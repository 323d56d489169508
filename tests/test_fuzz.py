"""Property-based tests: no generated Markdown makes the parser or the linter raise, results are
deterministic, and every line number points at a real line of the file.

Two levels: in-process (many examples) and through the installed command (a few examples, each
a whole folder of generated files).
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from conftest import lint_json, scaled, write_tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from artifactkit.document import model
from artifactkit.engine.config import load_config
from artifactkit.engine.lintfile import lint_file
from artifactkit.io import textio

TYPES = ["adr", "rfc", "runbook", "postmortem", "one-on-one", "review-checklist"]
EXAMPLES = scaled(300)  # a long local fuzzing run: pytest --hypothesis-profile=fuzz
FAST = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = settings(max_examples=scaled(6), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Characters that matter to Markdown, YAML and line counting, plus arbitrary Unicode.
SPECIAL = "#=-*_`~<>![](){}|:\\/\"'&,.?%@ \t\r\n\x00\x0b\x0c\x85\u2028\u2029\ufeff\u00a0\u200b\U0001f600"
words = st.text(alphabet=st.sampled_from("abcdefghij XYZ0123456789éß中"), min_size=0, max_size=20)
junk = st.text(alphabet=st.one_of(st.sampled_from(SPECIAL), st.characters(codec="utf-8")), max_size=30)
inline = st.one_of(words, junk, st.sampled_from(["TODO", "TBD", "{name}", "<service name>", "`code`", "[link](x.md)",
                                                 "**bold**", "N/A: not needed", "<b>tag</b>", "<!-- c -->"]))


def _join(parts):
    return "".join(parts)


yaml_scalar = st.one_of(
    words, junk, st.integers(-10**20, 10**20).map(str), st.sampled_from([
        "Accepted", "Proposed", "2026-11-23", "2026-13-45", "null", "~", "true", "[a, b]", "{a: 1}", "'quoted'",
        '"dq \\u2028"', "&anchor x", "*anchor", "!!python/object/apply:os.system ['true']", "!tag x", "|\n  block\n",
        ">-\n  folded\n", "[", "{", "- item", "@x", "`x`", ": :", "? complex", "%YAML 1.1", "\t", "0x1F", "1e400",
    ]))
yaml_key = st.one_of(st.sampled_from(["type", "status", "date", "deciders", "authors", "number", "owner", "superseded_by",
                                      "service", "severity", "participants", "pr", "author", "last_reviewed"]), words, junk)
yaml_line = st.one_of(
    st.builds(lambda k, v: f"{k}: {v}", yaml_key, yaml_scalar),
    st.builds(lambda t: f"type: {t}", st.sampled_from(TYPES + ["nope", "", "[adr]"])),
    st.builds(lambda v: f"  - {v}", yaml_scalar),
    junk,
)
front_matter = st.builds(
    lambda lines, close: "---\n" + "".join(l + "\n" for l in lines) + (close if close is not None else ""),
    st.lists(yaml_line, max_size=8), st.one_of(st.none(), st.sampled_from(["---\n", "...\n", "--- \n", "---"])))

atx = st.builds(lambda n, text, closing: "#" * n + " " + text + (" " + "#" * closing if closing else "") + "\n",
                st.integers(1, 7), inline, st.integers(0, 3))
setext = st.builds(lambda text, ch, n: f"{text}\n{ch * n}\n", inline, st.sampled_from("=-"), st.integers(1, 5))
fence = st.builds(lambda ch, n, body, closed: f"{ch * n}lang\n{body}\n" + (f"{ch * n}\n" if closed else ""),
                  st.sampled_from("`~"), st.integers(3, 5), inline, st.booleans())
comment = st.one_of(
    st.builds(lambda rules: f"<!-- artifactkit-disable-next-section {rules} -->\n", st.sampled_from(["", "*", "section-empty", "section-placeholder, heading-duplicate", "x y"])),
    st.builds(lambda rules: f"<!-- artifactkit-disable {rules} -->\n", st.sampled_from(["", "section-missing", "*"])),
    st.builds(lambda body: f"<!-- {body}", inline),  # may stay unclosed
    st.just("<div>\n<<<<\n"),
)
table = st.builds(lambda cols, rows: "|" + "|".join(cols) + "|\n|" + "|".join("-" for _ in cols) + "|\n" + "".join("|" + "|".join(r) + "|\n" for r in rows),
                  st.lists(words, min_size=1, max_size=4), st.lists(st.lists(inline, max_size=4), max_size=3))
list_item = st.builds(lambda indent, mark, text: " " * indent + mark + text + "\n", st.integers(0, 6),
                      st.sampled_from(["- ", "* ", "1. ", "- [ ] ", "- [x] ", "> ", "> - [X] "]), inline)
paragraph = st.builds(lambda text: text + "\n", inline)
block = st.one_of(atx, setext, fence, comment, table, list_item, paragraph, st.just("\n"), junk)

markdown = st.builds(lambda fm, blocks: (fm or "") + _join(blocks), st.one_of(st.none(), front_matter), st.lists(block, max_size=25))


@st.composite
def document_bytes(draw) -> bytes:
    """A generated document with random line endings, BOM and (sometimes) invalid UTF-8."""
    text = draw(markdown)
    ending = draw(st.sampled_from(["\n", "\r\n", "\r", None]))
    if ending == "\r\n":
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    elif ending == "\r":
        text = text.replace("\r\n", "\n").replace("\n", "\r")
    elif ending is None:  # mixed: each newline independently
        parts = text.split("\n")
        seps = draw(st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=len(parts) - 1, max_size=len(parts) - 1))
        text = "".join(p + s for p, s in zip(parts, seps)) + parts[-1]
    if draw(st.booleans()):
        text = "\ufeff" + text
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 4)) == 0:  # invalid UTF-8 somewhere
        pos = draw(st.integers(0, len(data)))
        data = data[:pos] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xe9", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80\x80"])) + data[pos:]
    return data


def real_lines(text: str) -> int:
    return max(1, len(model.split_lines(text)))


def raw_lines(data: bytes) -> int:
    """Lines as an editor counts them in the raw bytes (\\r\\n, \\r or \\n)."""
    return max(1, len(re.findall(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", data)))


@pytest.fixture(scope="module")
def workdir():
    with tempfile.TemporaryDirectory(prefix="artifactkit-fuzz-") as tmp:
        root = Path(tmp)
        (root / ".artifactkit.yaml").write_text("docs_root: docs\n", encoding="utf-8")
        (root / "docs").mkdir()
        yield root


# ---------------------------------------------------------------- in-process


@FAST
@given(document_bytes())
def test_decode_never_raises_and_reports_a_real_line(data):
    result = textio.decode(data)
    assert (result.text is None) != (result.error is None)
    if result.text is None:
        assert 1 <= result.line <= raw_lines(data)
        assert "\n" not in result.error
    else:
        assert not result.text.startswith("\ufeff")
    assert textio.decode(data) == result


def _heading_like(lines: list[str], index: int) -> bool:
    """The line holds an ATX heading or starts a setext heading (its underline follows)."""
    line = lines[index]
    if "#" in line:
        return True
    return any(re.fullmatch(r"[ \t>*+\-\d.)\[\]xX]*(=+|-+)[ \t]*(\r\n|\r|\n)?", after) for after in lines[index + 1:])


@FAST
@given(markdown.map(lambda t: t.replace("\x00", "")), st.sampled_from(["\n", "\r\n", "\r"]))
def test_parse_text_never_raises_and_lines_are_real(text, ending):
    text = text.replace("\n", ending) if ending != "\n" else text
    doc = model.parse_text("docs/x.md", text)
    count = real_lines(text)
    lines = model.split_lines(text)
    for line, level, _ in doc.outline.headings:
        assert 1 <= line <= count and 1 <= level <= 6
        assert _heading_like(lines, line - 1), (line, lines[line - 1])
    for path, (line, column) in doc.locations.items():
        assert 1 <= line <= count, (path, line, count)
        assert column >= 1
    if doc.front.error:
        assert 1 <= doc.front.error_line <= count
        assert "\n" not in doc.front.error
    if doc.front.present and not doc.front.error:
        end = doc.front.body_start  # 1-based line of the closing fence
        for path, (line, _) in doc.front.locations.items():
            assert 2 <= line < end, (path, line, end)
    instance = doc.instance()
    json.dumps(instance)  # plain JSON data only: no Python objects from YAML tags
    assert model.parse_text("docs/x.md", text).instance() == instance, "parsing is deterministic"


@FAST
@given(document_bytes())
def test_lint_file_never_raises_and_every_problem_is_on_a_real_line(workdir, data):
    path = workdir / "docs" / "fuzz.md"
    path.write_bytes(data)
    config = load_config(start=workdir)
    first = lint_file(str(path), config)
    count = raw_lines(data)
    for problem in first.problems:
        assert 1 <= problem.line <= count, (problem, count)
        assert problem.column >= 1
        assert problem.message and "\n" not in problem.message and "Traceback" not in problem.message
        assert problem.level in ("error", "warning")
    again = lint_file(str(path), load_config(start=workdir))
    assert sorted(again.problems) == sorted(first.problems), "linting is deterministic"


@FAST
@given(st.sampled_from(TYPES), st.lists(block, max_size=12), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans())
def test_typed_documents_reach_the_validator(workdir, type_name, blocks, ending, bom):
    """Every example has a valid type, so the schema checks and the problem locator always run."""
    text = f"---\ntype: {type_name}\n---\n# Title\n" + "".join(blocks)
    text = ("\ufeff" if bom else "") + text.replace("\r\n", "\n").replace("\n", ending)
    path = workdir / "docs" / "typed.md"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    result = lint_file(str(path), load_config(start=workdir))
    count = real_lines(text)
    assert result.type == type_name or any(p.rule == "file-unreadable" for p in result.problems)
    for problem in result.problems:
        assert 1 <= problem.line <= count, (problem, count)
        if problem.rule in ("heading-duplicate", "section-empty", "section-placeholder"):
            lines = model.split_lines(text.lstrip("\ufeff"))
            assert _heading_like(lines, problem.line - 1), (problem, lines[problem.line - 1])


# ---------------------------------------------------------------- through the command


@SLOW
@given(st.lists(document_bytes(), min_size=1, max_size=12))
def test_command_lints_a_folder_of_generated_files(workdir, docs):
    folder = workdir / "cli"
    if folder.exists():
        for old in folder.iterdir():
            old.unlink()
    write_tree(workdir, {f"cli/f{i:02d}.md": data for i, data in enumerate(docs)})
    code, problems = lint_json(["cli"], workdir, installed=True)  # asserts: exit 0/1, JSON output, no traceback
    config = load_config(start=workdir)
    checked = any(lint_file(str(workdir / f"cli/f{i:02d}.md"), config).skipped is None for i in range(len(docs)))
    assert code == (1 if any(p["level"] == "error" for p in problems) or not checked else 0)  # a folder of no known document fails
    for i, data in enumerate(docs):
        rel = f"cli/f{i:02d}.md"
        mine = [p for p in problems if p["path"] == rel]
        for p in mine:
            assert 1 <= p["line"] <= raw_lines(data), (rel, p)
        in_process = {(p.line, p.rule, p.message) for p in lint_file(str(workdir / rel), config).problems}
        assert in_process <= {(p["line"], p["rule"], p["message"]) for p in mine}, "the command reports what the library finds"
    again_code, again = lint_json(["cli"], workdir, installed=True)
    assert (again_code, again) == (code, problems), "the command is deterministic"
