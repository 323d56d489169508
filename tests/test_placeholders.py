"""Placeholders on real text: no false positives on shortcodes, inline HTML, generics and names;
no false negatives on TODO in an undeclared subsection or a hint left beside new text. Each case
runs the command (``main`` in process) on an ADR written in tmp_path, through both outline parsers."""

from __future__ import annotations

import pytest
from conftest import lint_json, write_tree

from artifactkit.document import markdown, pulldown
from artifactkit.document.sections import inline_counts

FILLED = {
    "context": "Orders are lost when the worker restarts.",
    "decision": "We will use a message queue for order events.",
    "consequences": "One more service to run.",
    "alternatives": "Retrying in the worker; rejected as it loses orders on a crash.",
}


def adr(**sections: str) -> str:
    body = "\n".join(f"## {key.capitalize()}\n\n{sections.get(key, text)}\n" for key, text in FILLED.items())
    return f"---\ntype: adr\nstatus: Proposed\ndate: 2026-01-02\ndeciders: [Ada]\n---\n\n# Use a queue\n\n{body}"


def problems(tmp_path, text: str) -> list[dict]:
    write_tree(tmp_path, {"docs/adr/0001-queue.md": text})
    _, found = lint_json(["docs/adr/0001-queue.md", "--no-cache"], tmp_path)
    return found


@pytest.mark.parametrize("text", [
    'See {{< ref "0002-db.md" >}} for the database choice, and {{% note %}}this{{% /note %}}.',
    "As <cite>Designing Data-Intensive Applications</cite> argues, queues decouple writers.",
    "The buffer type is generic: `Ring` takes <T, U, const N: usize> and works with any payload.",
    "The CLI help lives in _adr_help_<command>_<subcommand> functions, one per command.",
    "Templates are rendered with {{ title }} and {% if x %} blocks, then committed.",
    "A map such as {a: 1, b: 2} is written inline; HashMap<String, Vec<u8>> holds the bytes.",
])
def test_no_false_positives(tmp_path, text):
    found = problems(tmp_path, adr(context=text))
    assert [p for p in found if p["rule"] == "section-placeholder"] == [], found


@pytest.mark.parametrize("text, quoted", [
    ("Owned by <team name>, paged through {rotation}.", "'<team name>', '{rotation}'"),
    ("Orders are lost.\n\n### Details\n\nTODO", "'TODO'"),
    ("Paged through {the rotation that owns the billing service}.", "'{the rotation that owns the billing service}'"),  # long: never cut
])
def test_real_placeholders_are_quoted_exactly(tmp_path, text, quoted):
    found = [p for p in problems(tmp_path, adr(context=text)) if p["rule"] == "section-placeholder"]
    assert len(found) == 1, found
    assert f'"Context" still holds {quoted}' in found[0]["message"]


def test_todo_in_a_subsection_points_at_its_line(tmp_path):
    text = adr(context="Orders are lost.\n\n### Details\n\nTODO")
    found = [p for p in problems(tmp_path, text) if p["rule"] == "section-placeholder"]
    assert found and found[0]["line"] == text.splitlines().index("TODO") + 1


def test_hint_left_beside_new_text(tmp_path):
    text = adr(decision="We will use PostgreSQL. _State the decision in active voice, for example: We will use a message queue for order events._")
    found = [p for p in problems(tmp_path, text) if p["rule"] == "section-placeholder"]
    assert len(found) == 1 and "the template's hint" in found[0]["message"], found


def test_a_short_sentence_that_happens_to_be_in_a_hint_is_not_one(tmp_path):
    found = problems(tmp_path, adr(decision="We will use a message queue for order events, and we state the decision in active voice."))
    assert [p for p in found if p["rule"] == "section-placeholder"] == []


@pytest.mark.parametrize("line", [
    "_adr_help_<command>_<subcommand> and <service name> and x<T>",
    "{{< ref \"x.md\" >}} then {owner} then <cite>x</cite> <T, U>",
])
def test_both_parsers_agree(line):
    body = f"## A\n\n{line}\n"
    fast = pulldown.build_outline(body, 0)
    ref = markdown.build_outline_reference(body, 0)
    assert fast is not None
    assert fast.sections["a"].to_instance() == ref.sections["a"].to_instance()


def test_inline_counts_keeps_the_exact_text():
    found, _ = inline_counts([("text", "see {{< ref \"x.md\" >}} and {service}")])
    assert found == ["{service}"]


TEMPLATE_DOC = """\
---
owner: {{ author }}
---

# {{ title }}

## Meaning

_Say what the alert means, in one sentence a new on-call engineer understands._

## Mitigation

_List the steps that restore service, in order._
"""


def test_a_local_templates_own_hints_are_its_fingerprint(tmp_path):
    write_tree(tmp_path, {
        ".artifactkit.yaml": "types:\n  oncall:\n    paths: ['content/runbooks/**/*.md']\n    template: tpl\n    sections: [Meaning, Mitigation]\n",
        "tpl/copier.yml": "title:\n  type: str\nauthor:\n  type: str\nfile_name:\n  type: str\n  default: x.md\n  when: false\n",
        "tpl/{{file_name}}.jinja": TEMPLATE_DOC,
        "content/runbooks/pg/disk.md": "---\nowner: storage\n---\n\n# Disk\n\n## Meaning\n\nThe disk is full. "
                                       "_Say what the alert means, in one sentence a new on-call engineer understands._\n\n"
                                       "## Mitigation\n\n_List the steps that restore service, in order._\n",
    })
    _, found = lint_json(["content", "--no-cache"], tmp_path)
    placeholders = {p["section"]: p["message"] for p in found if p["rule"] == "section-placeholder"}
    assert set(placeholders) == {"Meaning", "Mitigation"}, found
    assert all("the template's hint" in m for m in placeholders.values())


def test_builtin_templates_write_the_hints_their_schemas_name():
    from artifactkit.engine.config import builtin_types
    from artifactkit.io.resources import template_dir
    from artifactkit.schema.compile import template_hints

    for name, doctype in builtin_types().items():
        folder = template_dir(name)
        if not folder.is_dir():
            continue
        written = template_hints(str(folder))
        named = doctype.info.hints()
        assert written, name
        for path, hint in written.items():
            if path in named:
                assert " ".join(named[path].split()) == hint, (name, path)
