"""Promise: an edit of front matter never corrupts it (issue 12, item 5).

``status``, ``supersede`` and ``new --supersedes`` either give front matter whose parsed data is
the old data with only the intended keys changed (comments, order and formatting of everything
else kept), or refuse with one line naming the file and leave it byte-identical.

The named regression tests are the cases of the issue, run with the command (in process); the
property test generates front matter of every shape (block and flow mappings, explicit keys,
anchors and aliases, nulls, block scalars, quoting, comments, CRLF, BOM) and checks each edit
with a YAML loader the editor does not use for its own check (ruamel's pure "safe" loader) and
with the parser ``artifactkit lint`` uses.

Its size is the Hypothesis profile's (tests/conftest.py): ``--hypothesis-profile=quick`` or
``fuzz`` for fewer or many more examples.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

# The number of examples is the selected profile's (tests/conftest.py): 100 in "ci", the default.
PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- the command (``main`` in process: tests/conftest.py ``run``) ----------------------------------


BODY = """\
# {title}

## Context

The primary database ran out of connections after the pool size was halved.

## Decision

Use a connection pooler in front of it.

## Consequences

One more moving part to run.

## Alternatives

Raise the limit again.
"""


def safe_front(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return YAML(typ="safe", pure=True).load(text.split("---\n")[1]) or {}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".artifactkit.yaml").write_text("docs_root: docs\n", encoding="utf-8")
    (tmp_path / "docs/adr").mkdir(parents=True)
    return tmp_path


def adr(repo: Path, name: str, front: str, title: str = "A decision") -> Path:
    path = repo / "docs/adr" / name
    path.write_text(f"---\n{front}---\n{BODY.format(title=title)}", encoding="utf-8", newline="")
    return path


def refused(proc: subprocess.CompletedProcess, name: str) -> str:
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0], proc.stderr
    return lines[0]


# --- the cases of the issue ----------------------------------------------------------------------


def test_status_edits_a_flow_mapping_without_dropping_keys(repo):
    path = adr(repo, "0001-flow.md", "{type: adr, status: Proposed, date: 2024-01-01, deciders: [T]}\n")
    proc = run(["status", "adr", "1", "Accepted"], repo)
    assert proc.returncode == 0, proc.stderr
    assert safe_front(path) == {"type": "adr", "status": "Accepted", "date": dt.date(2024, 1, 1), "deciders": ["T"]}
    assert path.read_text(encoding="utf-8").startswith("---\n{type: adr, status: Accepted, date: 2024-01-01, deciders: [T]}\n---\n")


def test_status_refuses_to_change_an_anchored_value_an_alias_reuses(repo):
    path = adr(repo, "0001-anchor.md", "type: adr\nstatus: &s Proposed\nprevious: *s\ndate: 2024-01-01\n")
    before = path.read_bytes()
    message = refused(run(["status", "adr", "1", "Accepted"], repo), "0001-anchor.md")
    assert "previous" in message and "&s" in message
    assert path.read_bytes() == before


def test_status_keeps_an_anchor_nothing_else_reuses(repo):
    path = adr(repo, "0001-anchor.md", "type: adr\nstatus: &s Proposed   # anchored\ndate: 2024-01-01\n")
    assert run(["status", "adr", "1", "Accepted"], repo).returncode == 0
    assert "\nstatus: &s Accepted   # anchored\n" in path.read_text(encoding="utf-8")


def test_status_edits_an_explicit_key(repo):
    path = adr(repo, "0001-explicit.md", "type: adr\n? status\n: Proposed\ndate: 2024-01-01\n")
    proc = run(["status", "adr", "1", "Accepted"], repo)
    assert proc.returncode == 0, proc.stderr
    assert safe_front(path) == {"type": "adr", "status": "Accepted", "date": dt.date(2024, 1, 1)}
    assert "\n? status\n: Accepted\n" in path.read_text(encoding="utf-8")


def test_status_replaces_a_null(repo):
    path = adr(repo, "0001-null.md", "type: adr\nstatus: null\ndate: 2024-01-01\n")
    proc = run(["status", "adr", "1", "Accepted"], repo)
    assert proc.returncode == 0, proc.stderr
    assert safe_front(path)["status"] == "Accepted"
    assert "\nstatus: Accepted\n" in path.read_text(encoding="utf-8")


def test_supersede_replaces_a_tilde_and_a_null_and_keeps_the_comment(repo):
    old = adr(repo, "0001-old.md", "type: adr\nstatus: Accepted\ndate: 2024-01-01\nsuperseded_by: ~   # none yet\n")
    new = adr(repo, "0002-new.md", "type: adr\nstatus: Accepted\ndate: 2024-02-01\nsupersedes: null\n")
    proc = run(["supersede", "1", "2"], repo)
    assert proc.returncode == 0, proc.stderr
    assert safe_front(old) == {"type": "adr", "status": "Superseded", "date": dt.date(2024, 1, 1), "superseded_by": 2}
    assert safe_front(new) == {"type": "adr", "status": "Accepted", "date": dt.date(2024, 2, 1), "supersedes": 1}
    assert "\nsuperseded_by: 2   # none yet\n" in old.read_text(encoding="utf-8")


def test_supersede_refusal_leaves_both_files_byte_identical(repo):
    old = adr(repo, "0001-old.md", "type: adr\nstatus: &s Accepted\nwas: *s\ndate: 2024-01-01\n")
    new = adr(repo, "0002-new.md", "type: adr\nstatus: Accepted\ndate: 2024-02-01\n")
    before = old.read_bytes(), new.read_bytes()
    refused(run(["supersede", "1", "2"], repo), "0001-old.md")
    assert (old.read_bytes(), new.read_bytes()) == before


def test_new_supersedes_marks_an_old_document_whose_superseded_by_is_a_commented_tilde(repo):
    old = adr(repo, "0001-old.md", "{type: adr, status: Accepted, date: 2024-01-01, deciders: [T]}\n")
    other = adr(repo, "0002-other.md", "type: adr\nstatus: Accepted\ndate: 2024-01-02\nsuperseded_by: ~   # none yet\n")
    proc = run(["new", "adr", "Use Spanner", "--no-input", "--supersedes", "2"], repo)
    assert proc.returncode == 0, proc.stderr
    assert safe_front(other)["superseded_by"] == 3 and safe_front(other)["status"] == "Superseded"
    assert "\nsuperseded_by: 3   # none yet\n" in other.read_text(encoding="utf-8")
    proc = run(["new", "adr", "Use Bigtable", "--no-input", "--supersedes", "1"], repo)
    assert proc.returncode == 0, proc.stderr
    assert safe_front(old) == {"type": "adr", "status": "Superseded", "date": dt.date(2024, 1, 1), "deciders": ["T"], "superseded_by": 4}


def test_new_supersedes_refuses_before_creating_anything(repo):
    old = adr(repo, "0001-old.md", "type: adr\nstatus: &s Accepted\nwas: *s\ndate: 2024-01-01\n")
    before = old.read_bytes()
    refused(run(["new", "adr", "Use Spanner", "--no-input", "--supersedes", "1"], repo), "0001-old.md")
    assert old.read_bytes() == before
    assert sorted(p.name for p in (repo / "docs/adr").iterdir()) == ["0001-old.md"]


def test_an_item_appended_to_the_last_list_goes_before_a_new_key():
    """Found by the property below: both insertions fall at the end of the front matter."""
    from artifactkit.document.frontedit import set_frontmatter_text

    text = "---\ntype: adr\nsupersedes:\n  - 1  # first\n---\n# T\n"
    edited = set_frontmatter_text(text, {"status": "Superseded", "supersedes": [1, 42]})
    assert edited == "---\ntype: adr\nsupersedes:\n  - 1  # first\n  - 42\nstatus: Superseded\n---\n# T\n"


# --- the property --------------------------------------------------------------------------------

PLAIN = ["Proposed", "Accepted", "a b c", "x-1", "12", "0", "-3", "3.5", "null", "~", "Null", "true", "false",
         "2024-01-01", "0x1f"]
QUOTED = ["'it''s'", '"say \\"hi\\""', '"Proposed"', "'Accepted'", "'a: b'", '"#x"', "''", '"12"', "'with, comma'"]
KEYS = ["status", "superseded_by", "supersedes", "type", "date", "deciders", "previous", "title", "tags", "x-y"]
EDITABLE = ("status", "superseded_by", "supersedes")


@dataclass
class Entry:
    key: str
    text: str  # the whole entry as written, comments included
    defines: set[str] = field(default_factory=set)  # anchors defined in its value
    uses: set[str] = field(default_factory=set)  # aliases used in its value
    comments: list[str] = field(default_factory=list)


@dataclass
class Doc:
    text: str
    flow: bool
    entries: list[Entry]


class Names:
    def __init__(self):
        self.anchors: list[str] = []
        self.comments = 0

    def comment(self) -> str:
        self.comments += 1
        return f"# c{self.comments}"


@st.composite
def inline_value(draw, names: Names, entry: Entry) -> str:
    """A value that fits after ``key: `` on one line, in a block or a flow mapping."""
    kind = draw(st.sampled_from(["plain", "quoted", "seq", "map", "alias", "anchored"]))
    if kind == "alias" and names.anchors:
        name = draw(st.sampled_from(names.anchors))
        entry.uses.add(name)
        return f"*{name}"
    if kind == "seq":
        items = draw(st.lists(st.sampled_from(["1", "2", "a", "'b c'", "2024-01-01"]), max_size=3))
        if items and draw(st.booleans()):  # an anchored item, for an alias elsewhere
            name = f"a{len(names.anchors) + 1}"
            items[0] = f"&{name} {items[0]}"
            names.anchors.append(name)
            entry.defines.add(name)
        return "[" + ", ".join(items) + "]"
    if kind == "map":
        pairs = draw(st.lists(st.sampled_from(["k: 1", "j: x", "'q': [1]"]), max_size=2, unique=True))
        return "{" + ", ".join(pairs) + "}"
    text = draw(st.sampled_from(QUOTED if kind == "quoted" else PLAIN))
    if kind == "anchored":
        name = f"a{len(names.anchors) + 1}"
        names.anchors.append(name)
        entry.defines.add(name)
        return f"&{name} {text}"
    return text


@st.composite
def block_value(draw, names: Names, entry: Entry, nl: str = "\n") -> str:
    """What follows ``key:`` in a block mapping, up to and including the end of the entry's last line."""
    shape = draw(st.sampled_from(["inline", "inline", "inline", "empty", "seq", "indentless", "map", "literal", "folded"]))
    if shape == "inline":
        text = " " + draw(inline_value(names, entry))
        if draw(st.booleans()):
            comment = names.comment()
            entry.comments.append(comment)
            text += "   " + comment
        return text + nl
    if shape == "empty":
        if draw(st.booleans()):
            comment = names.comment()
            entry.comments.append(comment)
            return "   " + comment + nl
        return nl
    if shape in ("seq", "indentless"):
        indent = "  " if shape == "seq" else ""
        items = draw(st.lists(st.sampled_from(["1", "2", "Ada", "'B, C'", "null"]), min_size=1, max_size=3))
        lines = []
        for item in items:
            line = f"{indent}- {item}"
            if draw(st.integers(0, 3)) == 0:
                comment = names.comment()
                entry.comments.append(comment)
                line += "  " + comment
            lines.append(line + nl)
        head = ""
        if draw(st.integers(0, 3)) == 0:
            name = f"a{len(names.anchors) + 1}"
            names.anchors.append(name)
            entry.defines.add(name)
            head = f" &{name}"
        return head + nl + "".join(lines)
    if shape == "map":
        pairs = draw(st.lists(st.sampled_from(["k: 1", "j: x", "deep: [1, 2]"]), min_size=1, max_size=2, unique=True))
        return nl + "".join(f"  {p}{nl}" for p in pairs)
    indicator = " |" if shape == "literal" else draw(st.sampled_from([" >", " >-", " |+"]))
    return indicator + nl + f"  first line{nl}  second line{nl}"


@st.composite
def documents(draw) -> Doc:
    names = Names()
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=0, max_size=7, unique=True))
    flow = draw(st.integers(0, 3)) == 0
    entries = []
    for key in keys:
        entry = Entry(key, "")
        key_text = draw(st.sampled_from([key, key, key, f'"{key}"', f"'{key}'"]))
        if flow:
            entry.text = f"{key_text}: {draw(inline_value(names, entry))}"
        elif draw(st.integers(0, 5)) == 0:  # an explicit key
            entry.text = f"? {key_text}\n: {draw(inline_value(names, entry))}\n"
        else:
            entry.text = f"{key_text}:{draw(block_value(names, entry))}"
        entries.append(entry)
    if flow:
        if draw(st.booleans()):
            inner = ", ".join(e.text for e in entries)
            source = "{" + inner + "}\n"
        else:
            parts = []
            for entry in entries:
                comment = names.comment() if draw(st.booleans()) else ""
                if comment:
                    entry.comments.append(comment)
                parts.append(f"  {entry.text},{'  ' + comment if comment else ''}\n")
            source = "{\n" + "".join(parts) + "}\n"
    else:
        source = ""
        for entry in entries:
            if draw(st.integers(0, 4)) == 0:
                source += names.comment() + "\n"  # a comment line between entries: nobody's
            if draw(st.integers(0, 5)) == 0:
                source += "\n"
            source += entry.text
        if draw(st.integers(0, 3)) == 0:
            source += "\n"
    text = "---\n" + source + "---\n" + BODY.format(title="Generated") + "\n---\n\nA thematic break above.\n"
    return Doc(text, flow, entries)


NEW_VALUES = {
    "status": st.sampled_from(["Accepted", "Superseded", "Proposed", "needs: quoting", "#hash", "with, comma", "yes",
                               "123", "null", "", " lead", "a\nb", "*star", "&amp"]),
    "superseded_by": st.one_of(st.integers(1, 999), st.sampled_from(["0003-use-x.md", "../other/0001.md", "adr-7"])),
    "supersedes": st.one_of(st.integers(1, 999), st.lists(st.integers(1, 99), min_size=1, max_size=3)),
}


def typed(value):
    """Loaded YAML with its types spelled out, so that 1, True, "1" and a date all differ."""
    if isinstance(value, dict):
        return {"map": {repr(typed(k)): typed(v) for k, v in value.items()}}
    if isinstance(value, list):
        return {"seq": [typed(v) for v in value]}
    return (type(value).__name__, value)


def as_lint_reads(value):
    if isinstance(value, list):
        return [as_lint_reads(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def load_safe(source: str):
    return YAML(typ="safe", pure=True).load(source)


def split(text: str) -> tuple[str, str]:
    """(front matter, everything from the closing fence on) of a generated or edited document."""
    body = text.lstrip("\ufeff")
    assert body.startswith(("---\n", "---\r\n"))
    _, _, rest = body.partition("\n")
    lines = rest.splitlines(keepends=True)
    end = next(i for i, line in enumerate(lines) if line.rstrip("\r\n") in ("---", "..."))
    return "".join(lines[:end]), "".join(lines[end:])


@PROPERTY
@given(doc=documents(), crlf=st.booleans(), bom=st.booleans(), data=st.data())
def test_every_edit_keeps_the_data_or_refuses_and_keeps_the_bytes(doc: Doc, crlf: bool, bom: bool, data):
    from artifactkit.document import frontmatter
    from artifactkit.document.frontedit import set_frontmatter_values
    from artifactkit.document.model import split_lines
    from artifactkit.errors import RefusedError

    text = doc.text.replace("\n", "\r\n") if crlf else doc.text
    text = ("\ufeff" if bom else "") + text
    old_source, old_rest = split(text)
    old = load_safe(old_source) or {}
    keys = data.draw(st.lists(st.sampled_from(EDITABLE), min_size=1, max_size=3, unique=True), label="keys")
    values = {}
    for key in keys:
        value = data.draw(NEW_VALUES[key], label=key)
        if key == "supersedes" and isinstance(old.get(key), list) and old[key]:
            how = data.draw(st.sampled_from(["append", "renumber", "replace"]), label="list edit")
            if how == "append":  # supersede adds to a list of superseded documents
                value = [*old[key], 42]
            elif how == "renumber":  # renumber rewrites one reference in place
                at = data.draw(st.integers(0, len(old[key]) - 1), label="item")
                value = [*old[key][:at], 77, *old[key][at + 1:]]
        values[key] = value

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "0001-doc.md"
        path.write_bytes(text.encode("utf-8"))
        try:
            changed = set_frontmatter_values(path, values)
        except RefusedError as exc:
            message = str(exc)
            assert "\n" not in message and str(path) in message, message
            assert path.read_bytes() == text.encode("utf-8"), "a refused edit changed the file"
            # Only a value whose anchor another entry reuses may be refused: every other shape is edited.
            edited = [e for e in doc.entries if e.key in values and typed(old.get(e.key)) != typed(values[e.key])]
            reused = {name for e in edited for name in e.defines} & {name for e in doc.entries for name in e.uses}
            assert reused, f"refused an edit it should make: {message}\n{text}"
            return
        new_text = path.read_bytes().decode("utf-8")

    assert changed == (new_text != text)
    assert new_text.startswith("\ufeff") == bom
    new_source, new_rest = split(new_text)
    assert new_rest == old_rest, "the body changed"
    if crlf:
        assert "\n" not in new_text.replace("\r\n", ""), "a bare LF in a CRLF document"

    # The data: what a YAML loader reads, and what artifactkit lint reads.
    expected = dict(old)
    expected.update(values)
    new = load_safe(new_source) or {}
    assert typed(new) == typed(expected), (text, new_text)
    assert list(new) == [*old, *(k for k in values if k not in old)], "key order changed"
    parsed = frontmatter.parse(split_lines(new_text.lstrip("\ufeff")))
    assert parsed.error is None, parsed.error
    for key, value in values.items():  # lint reads dates as their ISO text
        assert typed(parsed.data[key]) == typed(as_lint_reads(value)), (key, parsed.data[key])

    # The formatting: every entry not edited is still there as written, and so is every comment.
    edited_keys = {k for k in values if typed(old.get(k)) != typed(values[k])}
    for entry in doc.entries:
        if entry.key not in edited_keys:
            written = entry.text.replace("\n", "\r\n") if crlf else entry.text
            assert written in new_source, (entry.text, new_text)
    for comment in set(re.findall(r"# c\d+(?!\d)", old_source)):
        owners = [e for e in doc.entries if comment in e.comments]
        if not (owners and owners[0].key in edited_keys):
            pattern = re.escape(comment) + r"(?!\d)"
            assert len(re.findall(pattern, new_source)) == len(re.findall(pattern, old_source)), (comment, new_text)
