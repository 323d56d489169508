"""Build complete documents of each built-in type from its schema, and broken variants of them."""

from __future__ import annotations

import json

from conftest import REPO

TYPES = ["adr", "rfc", "runbook", "postmortem", "one-on-one", "review-checklist"]

FRONTMATTER = {
    "adr": "type: adr\nstatus: Accepted\ndate: 2026-11-23\ndeciders: [Ada Lovelace]\n",
    "rfc": "type: rfc\nauthors: [Ada Lovelace]\ndate: 2026-11-23\nstatus: Review\n",
    "runbook": "type: runbook\nservice: billing-db\nowner: \"@dba-team\"\nlast_reviewed: 2026-11-01\n",
    "postmortem": "type: postmortem\ndate: 2026-11-20\nseverity: SEV2\nstatus: Published\nauthors: [Ada Lovelace]\n",
    "one-on-one": "type: one-on-one\ndate: 2026-11-23\nparticipants: [Ada, Grace]\n",
    "review-checklist": "type: review-checklist\npr: 42\nauthor: Ada\ndate: 2026-11-23\n",
}

TEXT = "The primary database ran out of connections after the pool size was halved in the last deploy."


def schema(type_name: str) -> dict:
    return json.loads((REPO / "schemas" / f"{type_name}.schema.json").read_text())


def sections(type_name: str) -> list[tuple[str, str, dict]]:
    """(key, title, property schema) of each required section, in order."""
    sec = schema(type_name)["properties"]["sections"]
    return [(k, sec["properties"][k]["title"], sec["properties"][k]) for k in sec["required"]]


def body_for(prop: dict) -> str:
    """Real content that satisfies the section's schema."""
    props = prop.get("properties", {})
    if "subsections" in props:
        return f"{TEXT}\n\n### Option A: keep the pool\n\n{TEXT}\n\n### Option B: add a proxy\n\n{TEXT}\n"
    if "tasks" in props:
        return f"{TEXT}\n\n- [x] Checked the migration on a copy of production data\n- [ ] N/A: no public API in this change\n"
    if "list_items" in props:
        return f"{TEXT}\n\n- [ ] Add an alert on pool saturation (@ada, OPS-1, due 2099-12-31)\n- [x] Document the pool size (@grace)\n"
    return f"{TEXT}\n"


def document(type_name: str, override: dict[str, str | None] | None = None) -> str:
    """A complete document; ``override`` maps a section key to new body text, or None to drop it."""
    override = override or {}
    parts = [f"---\n{FRONTMATTER[type_name]}---\n# A complete {type_name}\n"]
    for key, title, prop in sections(type_name):
        if key in override and override[key] is None:
            continue
        body = override.get(key, body_for(prop))
        parts.append(f"\n## {title}\n\n{body}")
    return "".join(parts)


def line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if line == needle:
            return number
    raise AssertionError(f"{needle!r} not in document")


def lint_beside_good_and_broken(tmp_path, files: dict | None = None, make=None) -> dict[str, list[dict]]:
    """Lint docs/ holding ``files`` (and whatever ``make(docs)`` adds) next to a complete ADR and a
    broken one; check the run went on around them and return the other problems by file."""
    from conftest import lint_json, write_tree

    write_tree(tmp_path, {"docs/good.md": document("adr"), "docs/broken.md": document("adr", {"decision": "TODO\n"}), **(files or {})})
    if make:
        make(tmp_path / "docs")
    code, problems = lint_json(["docs"], tmp_path)
    assert code == 1
    by_file: dict[str, list] = {}
    for p in problems:
        by_file.setdefault(p["path"], []).append(p)
    assert "docs/good.md" not in by_file
    assert [p["rule"] for p in by_file.pop("docs/broken.md")] == ["section-placeholder"], "the run went on"
    return by_file


def copier_questions(extra: str = "") -> str:
    """A team template's copier.yml: the questions `artifactkit new` answers, ``extra`` ones, and the file name."""
    return (
        "title:\n  type: str\n  help: Title\nslug:\n  type: str\n  default: x\nnumber:\n  type: int\n  default: 1\n"
        "date:\n  type: str\nauthor:\n  type: str\n  default: \"\"\nstatus:\n  type: str\n  default: Proposed\n"
        + extra
        + "file_name:\n  type: str\n  default: \"{{ '%04d' % number }}-{{ slug }}.md\"\n  when: false\n"
    )
