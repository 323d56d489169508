"""The artifactkit entry of a ``.pre-commit-config.yaml``: added, kept, or switched between its two kinds.

- ``local`` (the default): ``repo: local`` hooks with ``language: system`` that run the ``artifactkit``
  already installed; pre-commit fetches nothing, so it works the day ``init`` writes it.
- ``remote``: ``repo:`` + ``rev:`` of a published release tag; pre-commit installs artifactkit itself.

Edits are round trips through ruamel.yaml (comments, quotes, order and other hooks kept) and are
checked afterwards: the file's other data must be unchanged, or it is left as it was.
"""

from __future__ import annotations

import io
from typing import Any, Callable

HOOK_REPO = "https://github.com/artifactkit/artifactkit"
HOOK_ID = "artifactkit-lint"
PRE_COMMIT = ".pre-commit-config.yaml"
KINDS = ("local", "remote")

# The hooks published in .pre-commit-hooks.yaml, in their ``repo: local`` form (tests/test_hookentry.py
# keeps the two in step). Keys in the order a local hook is written.
PUBLISHED: dict[str, dict[str, Any]] = {
    "artifactkit-lint": {
        "name": "artifactkit lint (changed documents)",
        "entry": "artifactkit lint --skip-unknown",  # Markdown of no known type is not an error in a commit
        "language": "system",
        "types": ["markdown"],
        "require_serial": True,
    },
    "artifactkit-lint-all": {
        "name": "artifactkit lint (docs folder)",
        "entry": "artifactkit lint",
        "language": "system",
        "pass_filenames": False,
        "always_run": True,
        "require_serial": True,
    },
    "artifactkit-index": {
        "name": "artifactkit index check",
        "entry": "artifactkit index --check",
        "language": "system",
        "pass_filenames": False,
        "files": "\\.md$",
        "require_serial": True,
    },
    "artifactkit-check-branches": {
        "name": "artifactkit numbers free on every branch",
        "entry": "artifactkit lint --check-branches",
        "language": "system",
        "pass_filenames": False,
        "always_run": True,
        "require_serial": True,
        "stages": ["pre-push"],
    },
}


def _seq(items: list, flow: bool = False):
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(items)
    if flow:
        seq.fa.set_flow_style()
    return seq


def _localize(hook) -> None:
    """Give a hook of the published repository the keys a ``repo: local`` hook needs, after its id."""
    for pos, (key, value) in enumerate(PUBLISHED.get(hook.get("id"), {}).items(), start=1):
        if key not in hook:
            hook.insert(pos, key, _seq(list(value), flow=True) if isinstance(value, list) else value)


def _remotize(hook) -> None:
    """Drop the keys a local hook repeats from the published manifest (the user's own settings stay)."""
    for key, value in PUBLISHED.get(hook.get("id"), {}).items():
        if key in hook and hook[key] == value:
            del hook[key]


def local_entry():
    from ruamel.yaml.comments import CommentedMap

    hook = CommentedMap()
    hook["id"] = HOOK_ID
    _localize(hook)
    entry = CommentedMap()
    entry["repo"] = "local"
    entry["hooks"] = _seq([hook])
    return entry


def remote_entry(version: str):
    from ruamel.yaml.comments import CommentedMap

    hook = CommentedMap()
    hook["id"] = HOOK_ID
    entry = CommentedMap()
    entry["repo"] = HOOK_REPO
    entry["rev"] = f"v{version}"
    entry["hooks"] = _seq([hook])
    return entry


def _is_remote(repo) -> bool:
    return isinstance(repo, dict) and str(repo.get("repo", "")).rstrip("/").removesuffix(".git") == HOOK_REPO


def _our_hooks(repo) -> list:
    if not isinstance(repo, dict) or repo.get("repo") != "local":
        return []
    return [h for h in repo.get("hooks") or [] if isinstance(h, dict) and h.get("id") in PUBLISHED]


def kind_of(repos) -> str | None:
    """Which kind of artifactkit entry ``repos`` holds: remote, local, or None."""
    for repo in repos or []:
        if _is_remote(repo):
            return "remote"
        if _our_hooks(repo):
            return "local"
    return None


def _without_ours(data: dict) -> dict:
    """Plain data with every artifactkit hook (and a repo left empty by that) taken out."""
    repos = []
    for repo in data.get("repos") or []:
        if _is_remote(repo):
            continue
        if isinstance(repo, dict) and repo.get("repo") == "local":
            hooks = [h for h in repo.get("hooks") or [] if not (isinstance(h, dict) and h.get("id") in PUBLISHED)]
            if not hooks and _our_hooks(repo):
                continue
            repo = {**repo, "hooks": hooks}
        repos.append(repo)
    return {**data, "repos": repos}


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    return yaml


def pre_commit_text(existing: str | None, version: str, kind: str | None = None) -> tuple[str | None, str, str]:
    """New content for ``.pre-commit-config.yaml`` (None when unchanged), what happened (created,
    updated, changed, kept) and a note for the user.

    ``kind``: local or remote; None keeps an existing entry as it is and adds a local one otherwise.
    The user's file keeps what a YAML round trip would drop: its line endings, a byte order mark,
    whatever stands before a ``---`` start marker and from a ``...`` end marker on."""
    from ruamel.yaml.comments import CommentedMap

    from artifactkit.errors import UserError

    wanted = kind or "local"
    if existing is None or not existing.strip():
        data = CommentedMap()
        data["repos"] = _seq([local_entry() if wanted == "local" else remote_entry(version)])
        stream = io.StringIO()
        _yaml().dump(data, stream)
        return (existing or "") + stream.getvalue(), "created" if existing is None else "updated", f"{wanted} hook"
    try:
        data = _yaml().load(existing)
    except Exception as exc:  # the user's file: report it, don't touch it
        raise UserError(
            f"{PRE_COMMIT}: not valid YAML ({getattr(exc, 'problem', None) or type(exc).__name__}); left unchanged — add the artifactkit hook by hand"
        ) from None
    if not isinstance(data, dict):
        raise UserError(f"{PRE_COMMIT}: expected a mapping with 'repos'; left unchanged")
    repos = data.get("repos")
    if repos is not None and not isinstance(repos, list):
        raise UserError(f"{PRE_COMMIT}: 'repos' is not a list; left unchanged")
    have = kind_of(repos)
    if have is not None and (kind is None or kind == have):
        other = "remote" if have == "local" else "local"
        return None, "kept", f"{have} hook; `artifactkit init --hook {other}` switches it"
    if have is None:
        text = _edit(existing, lambda repos: repos.append(local_entry() if wanted == "local" else remote_entry(version)))
        return text, "updated", f"{wanted} hook added"
    text = _edit(existing, lambda repos: _switch(repos, wanted, version))
    return text, "changed", f"{have} hook → {wanted} hook"


def _switch(repos, wanted: str, version: str) -> None:
    from artifactkit.errors import UserError

    if wanted == "local":
        for repo in repos:
            if _is_remote(repo):
                unknown = [h.get("id") for h in repo.get("hooks") or [] if not isinstance(h, dict) or h.get("id") not in PUBLISHED]
                if unknown:  # a local hook needs its entry and language, which only the published ones have here
                    raise UserError(f"{PRE_COMMIT}: hook {unknown[0]!r} is not one this artifactkit knows; left unchanged — switch it by hand")
                repo["repo"] = "local"
                if "rev" in repo:
                    del repo["rev"]
                for hook in repo.get("hooks") or []:
                    _localize(hook)
        return
    for index, repo in enumerate(list(repos)):
        ours = _our_hooks(repo)
        if not ours:
            continue
        for hook in ours:
            _remotize(hook)
        if len(ours) == len(repo.get("hooks") or []):  # the repo holds only our hooks: it becomes the remote one
            repo["repo"] = HOOK_REPO
            repo.insert(1, "rev", f"v{version}")
        else:  # the user's other local hooks stay where they are; ours move to a remote entry of their own
            for hook in ours:
                repo["hooks"].remove(hook)
            entry = remote_entry(version)
            entry["hooks"] = _seq(ours)
            repos.insert(index + 1, entry)
        return


def _edit(existing: str, change: Callable[[Any], None]) -> str:
    """``existing`` with ``change`` applied to its ``repos`` list, as a round trip that keeps the rest."""
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.util import load_yaml_guess_indent

    from artifactkit.errors import UserError

    bom = "\ufeff" if existing.startswith("\ufeff") else ""
    newline = "\r\n" if "\r\n" in existing else "\n"
    head, body, tail = _split_markers(existing[len(bom) :].replace("\r\n", "\n"))
    yaml = _yaml()  # a fresh one: a first load may have set a version, which the dump would repeat
    data = yaml.load(body)
    if not isinstance(data, dict):
        raise UserError(f"{PRE_COMMIT}: expected a mapping with 'repos'; left unchanged")
    repos = data.get("repos")
    if repos is None:
        repos = data["repos"] = CommentedSeq()
    # The indentation the file already uses for the list, so that a new entry matches it.
    _, indent, block_seq_indent = load_yaml_guess_indent(body)
    indent = indent or 2
    block_seq_indent = block_seq_indent or 0
    yaml.indent(mapping=indent, sequence=max(indent, block_seq_indent + 2), offset=block_seq_indent)
    change(repos)
    stream = io.StringIO()
    yaml.dump(data, stream)
    text = head + stream.getvalue() + tail
    text = bom + (text.replace("\n", newline) if newline != "\n" else text)
    if not _rest_unchanged(existing, text):
        raise UserError(f"{PRE_COMMIT}: could not change the hook without changing the rest of the file; left unchanged — edit the artifactkit hook by hand")
    return text


def _split_markers(text: str) -> tuple[str, str, str]:
    """``text`` (LF newlines) as what precedes its YAML (comments, directives, the ``---`` line), the
    YAML, and what follows it from a ``...`` line on: a round trip through the YAML library would
    drop the markers and the comments around them."""
    lines = text.splitlines(keepends=True)
    start = 0
    for i, line in enumerate(lines):
        bare = line.strip()
        if bare == "---" or bare.startswith("--- #"):
            start = i + 1
            break
        if bare and not bare.startswith(("#", "%")):
            break
    end = len(lines)
    for i in range(start, len(lines)):
        bare = lines[i].rstrip()
        if bare == "..." or bare.startswith("... #"):
            end = i
            break
    return "".join(lines[:start]), "".join(lines[start:end]), "".join(lines[end:])


def _rest_unchanged(old: str, new: str) -> bool:
    """Does ``new`` hold ``old``'s data apart from the artifactkit hooks, and one kind of them?"""
    from ruamel.yaml import YAML

    safe = YAML(typ="safe")
    try:
        before, after = safe.load(old), safe.load(new)
    except Exception:  # noqa: BLE001 - anything unreadable is a failed check
        return False
    if not isinstance(before, dict) or not isinstance(after, dict) or not isinstance(after.get("repos"), list):
        return False
    return kind_of(after["repos"]) is not None and _without_ours(before) == _without_ours(after)
