"""Document numbers on other branches, read with git itself (no checkout): two branches that each
add ``0015-…`` merge cleanly into a log with two ADR 15s, which one tree cannot see.

``numbers_elsewhere`` lists the numbered documents of every other ref: local branches and
remote-tracking branches (or only those of one remote). A document's type comes from the type's
path globs; a numbered file that no glob claims is typed from its front matter (its blob is read
once, whatever number of refs hold it).
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass

from artifactkit.checks.numbers import BRANCH_CONFLICT
from artifactkit.document.numbers import FILE_NUMBER_RE as NUMBER_RE
from artifactkit.errors import UserError
from artifactkit.problem import Problem

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from typing import Any

    from artifactkit.schema.project import Config

SHOWN_REFS = 3  # a conflict names this many places, then a count


@dataclass(frozen=True)
class RefDoc:
    ref: str  # short name: origin/feature-x
    relpath: str  # relative to the config root, POSIX
    type: str
    number: int


def _git(args: list[str], cwd, data: bytes | None = None) -> bytes:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, input=data, capture_output=True, timeout=120)
    except FileNotFoundError:
        raise UserError("--check-branches needs git, which is not installed") from None
    except subprocess.TimeoutExpired:
        raise UserError(f"git {args[0]} took more than 120 s; nothing was checked") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UserError(f"git {args[0]} failed: {message[0] if message else 'exit ' + str(proc.returncode)}")
    return proc.stdout


def other_refs(root, remote: str | None = None) -> list[tuple[str, str]]:
    """(full ref name, short name) of the branches to compare with; never HEAD's own branch."""
    if _git(["rev-parse", "--is-inside-work-tree"], root).strip() != b"true":
        raise UserError("--check-branches needs a git repository")
    if remote is not None:
        known = _git(["remote"], root).decode().split()
        if remote not in known:
            raise UserError(f"unknown git remote {remote!r} (known: {', '.join(known) or 'none'})")
    patterns = [f"refs/remotes/{remote}/"] if remote else ["refs/heads/", "refs/remotes/"]
    listing = _git(["for-each-ref", "--format=%(refname)%00%(refname:short)%00%(symref)", *patterns], root).decode("utf-8", "surrogateescape")
    own = subprocess.run(["git", "symbolic-ref", "-q", "HEAD"], cwd=root, capture_output=True, text=True).stdout.strip()
    out = []
    for line in listing.splitlines():
        full, short, symref = line.split("\0")
        if not symref and full != own:
            out.append((full, short))
    return out


def numbers_elsewhere(config: Config, remote: str | None = None) -> list[RefDoc]:
    root = config.root_dir
    top = _git(["rev-parse", "--show-toplevel"], root).decode().strip()
    prefix = os.path.relpath(os.path.realpath(root), os.path.realpath(top)).replace(os.sep, "/")
    prefix = "" if prefix == "." else prefix + "/"
    docs = f"{prefix}{config.docs_root.strip('/')}/"
    found: list[RefDoc] = []
    untyped: dict[str, list[tuple[str, str, int]]] = {}  # blob -> [(ref, relpath, number)]
    for full, short in other_refs(root, remote):
        listing = _git(["ls-tree", "-r", "-z", "--full-tree", full, "--", docs], top)
        for record in listing.split(b"\0"):
            if not record:
                continue
            meta, _, name = record.partition(b"\t")
            mode, kind, blob = meta.split()
            path = name.decode("utf-8", "surrogateescape")
            if kind != b"blob" or mode == b"120000" or not path.lower().endswith(".md") or not path.startswith(prefix):
                continue
            rel = path[len(prefix) :]
            match = NUMBER_RE.match(os.path.basename(rel))
            if not match:
                continue
            doctype = config.type_for(rel)
            if doctype is not None and doctype.numbered and not config.is_ignored(rel):
                found.append(RefDoc(short, rel, doctype.name, int(match.group(1))))
            elif doctype is None and not config.is_ignored(rel):
                untyped.setdefault(blob.decode(), []).append((short, rel, int(match.group(1))))
    if untyped:
        for blob_id, type_name in _front_matter_types(untyped, top).items():
            doctype = config.types.get(type_name)
            if doctype is not None and doctype.numbered:
                found.extend(RefDoc(ref, rel, type_name, number) for ref, rel, number in untyped[blob_id])
    return found


FRONT_MATTER_BYTES = 65536  # what is read of each blob: its front matter is at the top


def _front_matter_types(blobs: dict, top: str) -> dict[str, str]:
    """blob -> the ``type:`` of its front matter, for the blobs that have one. Sizes are asked
    first (``--batch-check``): a blob over the document size limit is not read at all; the others
    are streamed and only their first 64 KiB kept, so memory stays flat whatever another branch holds."""
    from artifactkit.document import frontmatter
    from artifactkit.document.model import split_lines
    from artifactkit.io.textio import MAX_BYTES

    sizes = {}
    for line in _git(["cat-file", "--batch-check"], top, "".join(f"{b}\n" for b in blobs).encode()).splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[1] == b"blob" and fields[2].isdigit():
            sizes[fields[0].decode()] = int(fields[2])
    wanted = [b for b in blobs if sizes.get(b, MAX_BYTES + 1) <= MAX_BYTES]
    out = {}
    for blob, head in _blob_heads(wanted, top):
        front = frontmatter.parse(split_lines(head.decode("utf-8", "replace")))
        value = front.data.get("type") if isinstance(front.data, dict) else None
        if isinstance(value, str):
            out[blob] = value
    return out


def _blob_heads(blobs: list[str], top: str):
    """``(blob, its first FRONT_MATTER_BYTES)`` through one ``git cat-file --batch``, read as a stream."""
    import threading

    if not blobs:
        return
    try:
        proc = subprocess.Popen(["git", "cat-file", "--batch"], cwd=top, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except FileNotFoundError:
        raise UserError("--check-branches needs git, which is not installed") from None
    assert proc.stdin is not None and proc.stdout is not None
    stdin, stdout = proc.stdin, proc.stdout

    def feed() -> None:  # in a thread: git may block on its output before it has read every name
        try:
            stdin.write("".join(f"{b}\n" for b in blobs).encode())
            stdin.close()
        except OSError:
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        for blob in blobs:
            fields = stdout.readline().split()
            if len(fields) != 3 or not fields[2].isdigit():
                continue  # "<name> missing": gone since the listing
            size = int(fields[2])
            head = stdout.read(min(size, FRONT_MATTER_BYTES))
            left = size - len(head)
            while left > 0:  # the rest is skipped, a chunk at a time
                chunk = stdout.read(min(left, 1 << 20))
                if not chunk:
                    break
                left -= len(chunk)
            stdout.read(1)  # the newline after each object
            yield blob, head
    finally:
        proc.kill()
        proc.wait()
        writer.join(timeout=5)


def conflicts(results: list, config: Config, remote: str | None = None) -> list[tuple[Any, Problem]]:
    """A ``number-branch-conflict`` for each document here whose number another branch gives to another document."""
    elsewhere = numbers_elsewhere(config, remote)
    here = {config.relpath(r.path) for r in results}
    by_number: dict[tuple[str, int], list[RefDoc]] = {}
    for doc in elsewhere:
        by_number.setdefault((doc.type, doc.number), []).append(doc)
    found = []
    for result in results:
        if not result.number or result.type is None:  # 0: not numbered yet (checks.numbers)
            continue
        rel = config.relpath(result.path)
        others = [d for d in by_number.get((result.type, result.number), ()) if d.relpath != rel and d.relpath not in here and not _exists(config, d.relpath)]
        if not others:
            continue
        places = [f"{d.relpath} on {d.ref}" for d in sorted(others, key=lambda d: (d.ref, d.relpath))]
        more = f" and {len(places) - SHOWN_REFS} more" if len(places) > SHOWN_REFS else ""
        message = (
            f"{result.type} number {result.number} is also used by {', '.join(places[:SHOWN_REFS])}{more} — "
            f"take a free number before merging: artifactkit renumber {result.type} {result.number} --next"
        )
        found.append((result, BRANCH_CONFLICT.problem(result.path, 1, 1, message)))
    return found


def _exists(config: Config, relpath: str) -> bool:
    return os.path.lexists(os.path.join(config.root_dir, relpath))
