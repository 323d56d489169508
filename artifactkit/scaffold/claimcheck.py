"""``new`` never writes a document that a plain ``artifactkit lint`` would skip."""

from __future__ import annotations

from pathlib import Path

from artifactkit.errors import UserError


def unchecked_reason(config, type_name: str, target: Path, text: str) -> str | None:
    """Why a plain ``artifactkit lint`` would not check ``target`` (holding ``text``) as ``type_name``, or None."""
    from artifactkit.schema.opening import open_document

    rel = config.relpath(str(target))
    if config.is_ignored(rel):
        return "the config's 'ignore' matches it"
    roots = config.lint_roots(existing=False)  # the folder `new` is about to make counts
    if not any(r == "." or rel == r or rel.startswith(r.rstrip("/") + "/") for r in roots):
        return f"it lies outside what a plain 'artifactkit lint' reads ({', '.join(roots)})"
    doc = open_document(str(target), config, text=text).doc
    declared = doc.type if doc is not None and doc.type == doc.front.data.get("type") else None  # as lint resolves it
    if declared:
        if declared != type_name:  # the template's own choice: lint checks it, as that type
            import sys

            sys.stderr.write(f"artifactkit: warning: the template writes 'type: {declared}': lint checks {rel} as {declared}, not {type_name}\n")
        return None
    claim = config.claim(rel)
    if claim is None:
        return f"no type claims it ({config.unclaimed_reason(rel)})"
    if claim.doctype.name != type_name:
        return f"type {claim.doctype.name} claims it ({claim.why()})"
    return None


def refuse_unchecked(config, type_name: str, target: Path, text: str) -> None:
    why = unchecked_reason(config, type_name, target, text)
    if why is not None:
        rel = config.relpath(str(target))
        folder = rel.rsplit("/", 1)[0] if "/" in rel else "."
        raise UserError(
            f"refusing to write {rel}: 'artifactkit lint' would not check it as {type_name} — {why}; "
            f'give type {type_name} paths that include it (e.g. paths: ["{folder}/*.md"]) or another folder in .artifactkit.yaml'
        )
