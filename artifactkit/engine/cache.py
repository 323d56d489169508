"""A content-addressed cache of per-file lint results under ``<config root>/.artifactkit_cache/``.

What is cached is the output of ``lintfile.lint_file`` — one file's problems plus the facts the
cross-document checks need (type, number, front matter, title, link targets, disable comments,
front-matter locations) — never the run's report: duplicate numbers and references are checked
again on every run, warm or cold.

Keys:

* the pack file's name is a hash of the tool version, a fingerprint of the package's source files,
  the resolved schemas of every type and the rest of the config (rules, ignores, paths, root);
  a change to any of them starts a new, empty pack;
* inside a pack, each entry belongs to one absolute path and holds the SHA-256 of
  the file's bytes; it is used only when the bytes hash the same. To skip re-reading unchanged
  files, an entry also records size and mtime: when both match and the file was last modified more
  than two seconds before the pack was written, the bytes are not read again.

Safety: the pack is written to a temporary file and renamed over the old one (``os.replace``), so a
reader never sees half a pack; two concurrent runs can at worst drop each other's new entries.
Anything unreadable or malformed (a truncated file, wrong types, fields the current code does not
have, a FIFO in its place) is ignored — the file is linted again and the entry rewritten. Entries are
plain JSON: loading a cache never runs code. The cache is neither read nor written through a link
that leads out of the config root, and cleanup removes only packs it wrote (``results-<key>.json``,
regular files, not through links).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import stat
import sys
import time
from itertools import chain
from typing import TYPE_CHECKING, Any

from artifactkit import __version__
from artifactkit.errors import RefusedError
from artifactkit.problem import Problem

if TYPE_CHECKING:
    from artifactkit.engine.config import Config

CACHE_DIR = ".artifactkit_cache"
FORMAT = 3
_MAX_BYTES = 8 * 1024 * 1024
_PACK_MAX_BYTES = 512 * 1024 * 1024  # bounded, but far above the pack of a very large repository
_PACK_NAME = re.compile(r"results-[0-9a-f]{32}\.json")  # what config_key names; nothing else is ever deleted


def _tree_fingerprint(top: str, suffix: str = "", limit: int = 2000) -> str:
    """Path, size and mtime of the files under ``top`` (``suffix``: only those), in a stable order."""
    parts: list[str] = []
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", ".git"))
        for name in sorted(files):
            if name.endswith(suffix):
                try:
                    st = os.stat(os.path.join(folder, name))
                except OSError:
                    continue
                parts.append(f"{os.path.relpath(os.path.join(folder, name), top)}:{st.st_size}:{st.st_mtime_ns}")
                if len(parts) > limit:  # not a template: templates.folder_version refuses it anyway
                    return "|".join(parts)
    return "|".join(parts)


def _source_fingerprint() -> str:
    """The package's modules: editing artifactkit itself invalidates the cache."""
    return _tree_fingerprint(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ".py")  # the whole package, not only engine/


def _template_fingerprints(config: Config) -> dict[str, str]:
    """The files of each type's local template folder: a missing section's note names the template's
    version (checks.template_version), so editing the template must not leave cached notes behind.
    A template fetched from a URL is versioned by its tags, read when its documents are linted again."""
    out: dict[str, str] = {}
    if not any(doctype.template for doctype in config.types.values()):
        return out
    from artifactkit.schema.templates import is_url

    for name, doctype in config.types.items():
        if doctype.template and not is_url(str(doctype.template)) and os.path.isdir(doctype.template):  # made absolute by the config
            out[name] = _tree_fingerprint(str(doctype.template))
    return out


def config_key(config: Config) -> str:
    """Hash of everything besides the file itself that a per-file result depends on."""
    types = []
    for name, doctype in config.types.items():
        meta = {f.name: getattr(doctype, f.name) for f in dataclasses.fields(doctype) if f.name not in ("schemas", "schema_paths")}
        types.append([name, doctype.schemas, [str(p) for p in doctype.schema_paths], meta])
    payload = {
        "format": FORMAT,
        "version": __version__,
        "source": _source_fingerprint(),
        "templates": _template_fingerprints(config),
        "root": str(config.root),
        "docs_root": config.docs_root,
        "ignore": config.ignore,
        "rules": config.rules,
        "allow_remote_refs": config.allow_remote_refs,
        "types": types,
        # review-stale depends on the date (ARTIFACTKIT_TODAY or today): a new day is a new pack
        "today": _today() if any(t.review_field and t.review_days is not None for t in config.types.values()) else None,
    }
    blob = json.dumps(payload, sort_keys=True, default=repr, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8", "surrogateescape")).hexdigest()[:32]  # a folder name need not be UTF-8


def _today():
    from artifactkit.checks import staleness

    return staleness.today().isoformat()


# --- encoding: one compact JSON row per (slimmed) FileResult ------------------------------------
# Rows hold plain JSON only; decoding checks every type, and anything unexpected is a miss.


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


def _str_or_none(value) -> bool:
    return value is None or isinstance(value, str)


def _check(ok: bool) -> None:
    if not ok:
        raise ValueError("malformed cache entry")


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


def decode_result(path: str, row, result_cls, outline_cls):
    from artifactkit.document.frontmatter import MAX_DEPTH, MAX_NODES

    type_, number, skipped, title, front, problem_rows, outline_row, location_rows = row
    _check(_str_or_none(type_) and _str_or_none(skipped) and _str_or_none(title) and isinstance(front, dict))
    _check(_bounded(front, MAX_DEPTH, MAX_NODES))
    _check(number is None or type(number) is int)
    problems = _decode_problems(path, problem_rows)
    outline = None if outline_row is None else _decode_outline(outline_row, outline_cls)
    locations = _decode_locations(location_rows, MAX_DEPTH)
    return result_cls(
        path=path, type=type_, problems=problems, number=number, skipped=skipped, frontmatter=front, title=title, outline=outline, locations=locations
    )


def _decode_problems(path: str, rows) -> list[Problem]:
    problems = []
    for line, column, level, rule, message, section in rows:
        _check(
            type(line) is int
            and type(column) is int
            and isinstance(level, str)
            and isinstance(rule, str)
            and isinstance(message, str)
            and _str_or_none(section)
        )
        problems.append(Problem(path, line, column, level, rule, message, section))
    return problems


def _decode_outline(row, outline_cls):
    o_title, o_line, file_disables, section_disables, headings, links = row
    _check(_str_or_none(o_title) and (o_line is None or type(o_line) is int))
    _check(all(isinstance(r, str) for r in file_disables))
    return outline_cls(
        title=o_title,
        title_line=o_line,
        file_disables=set(file_disables),
        section_disables={int(line): {str(r) for r in rules} for line, rules in section_disables},
        headings=[(int(a), int(b), str(c)) for a, b, c in headings],
        link_targets=[(int(a), str(b)) for a, b in links],
    )


def _decode_locations(rows, max_depth: int) -> dict:
    locations = {}
    for key, line, column in rows:
        _check(isinstance(key, list) and len(key) <= max_depth + 1 and all(type(k) in (str, int) for k in key) and type(line) is int and type(column) is int)
        locations[tuple(key)] = (line, column)
    return locations


# --- the pack ------------------------------------------------------------------------------------


RACY_NS = 2_000_000_000  # a file modified this close to the pack's writing may change unseen: re-hash it


def stat_sig(path: str):
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


class ResultCache:
    """One pack (a JSON file) of ``slot -> [sha256, size, mtime_ns, row]`` for a config key."""

    def __init__(self, config: Config):
        from artifactkit.document.sections import Outline
        from artifactkit.engine.results import FileResult

        self._result_cls, self._outline_cls = FileResult, Outline
        self._cwd = os.getcwd()
        self.root = str(config.root)
        self.folder = os.path.join(str(config.root), CACHE_DIR)
        self.file = os.path.join(self.folder, f"results-{config_key(config)}.json")
        self.entries: dict[str, list] = {}
        self.written_ns = 0
        self.dirty = False
        self._warned = False
        self._load()

    def _load(self) -> None:
        from artifactkit.io.textio import read_bytes
        from artifactkit.io.writer import check_inside

        try:
            check_inside(self.file, self.root)  # a pack from outside could hide any problem
            data = json.loads(read_bytes(self.file, _PACK_MAX_BYTES, "cache").decode("utf-8", "surrogateescape"))
        except FileNotFoundError:
            return  # a first run: nothing to say
        except RefusedError:
            return  # a pack linked out of the repository: not read; saving says so, once
        except (OSError, ValueError) as exc:
            return self._discard(str(getattr(exc, "strerror", None) or exc or type(exc).__name__).splitlines()[0])
        except RecursionError:  # json recurses once per nesting level
            return self._discard("nested too deep")
        if isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("entries"), dict) and type(data.get("written_ns")) is int:
            self.entries, self.written_ns = data["entries"], data["written_ns"]
        else:
            self._discard("not a results pack of this version")

    def _discard(self, why: str) -> None:
        """A malformed pack (or entry) is never trusted: said once, linted again, rewritten at the end of the run."""
        from artifactkit.escape import printable

        self.dirty = True
        if not self._warned:
            self._warned = True
            shown = os.path.relpath(self.file) if not os.path.relpath(self.file).startswith("..") else self.file
            sys.stderr.write(f"artifactkit: warning: {printable(shown)}: malformed cache ({printable(why)}); discarded, the files are linted again\n")

    def _slot(self, path: str) -> str:
        # the absolute path (problems are rebuilt with the path as given this time); on POSIX this is
        # os.path.abspath without its getcwd() call per file
        if os.name != "posix":
            return os.path.abspath(path)
        return os.path.normpath(os.path.join(self._cwd, path))

    @staticmethod
    def unchanged(path: str, sig) -> bool:
        return stat_sig(path) == sig

    def lookup(self, path: str):
        """``(result, None)`` on a hit; ``(None, (sha256, (size, mtime_ns)))`` on a miss worth caching;
        ``(None, None)`` for what is never cached (not a regular file, too big, unreadable).

        A file whose size and mtime match its entry, and which was last modified well before the
        pack was written, is not read again (git's index makes the same bet); anything else is
        re-hashed and used only if the bytes hash the same."""
        result, sig = self.lookup_stat(path)
        if result is not None or sig is None:
            return result, None
        result, found = self.lookup_bytes(path, sig)
        if result is not None:
            self.refresh(path, sig)
        return result, found

    def lookup_stat(self, path: str):
        """The first half of ``lookup``, without reading the file: ``(result, None)`` on a hit by size
        and mtime; ``(None, sig)`` when the bytes must be hashed (``lookup_bytes``, in a worker);
        ``(None, None)`` for what is never cached."""
        if os.path.islink(path):  # never read through a link here: lint_file first checks where it leads
            return None, None  # (a link to /proc/kmsg would block this read forever)
        try:
            st = os.stat(path)
        except OSError:
            return None, None
        if not stat.S_ISREG(st.st_mode) or st.st_size > _MAX_BYTES:
            return None, None
        slot = self._slot(path)
        entry: Any = self.entries.get(slot)  # a list of 4 when valid
        if isinstance(entry, list) and len(entry) == 4 and entry[1] == st.st_size and entry[2] == st.st_mtime_ns and st.st_mtime_ns < self.written_ns - RACY_NS:
            result = self._decode(path, slot, entry)
            if result is not None:
                return result, None
        return None, (st.st_size, st.st_mtime_ns)

    def lookup_bytes(self, path: str, sig):
        """The second half: hash the file; ``(result, None)`` if its entry holds the same bytes,
        else ``(None, (sha256, sig))`` (or ``(None, None)`` if unreadable). Changes nothing, so a
        worker process can run it; the parent then calls ``refresh`` for a hit."""
        from artifactkit.io.textio import read_bytes

        try:
            digest = hashlib.sha256(read_bytes(path, _MAX_BYTES)).hexdigest()
        except OSError:
            return None, None
        slot = self._slot(path)
        entry = self.entries.get(slot)
        if isinstance(entry, list) and len(entry) == 4 and entry[0] == digest:
            try:
                return decode_result(path, entry[3], self._result_cls, self._outline_cls), None
            except (ValueError, TypeError, KeyError, IndexError, AttributeError):  # malformed: lint again, rewrite it
                pass
        return None, (digest, sig)

    def refresh(self, path: str, sig) -> None:
        """Same bytes, new mtime: remember it."""
        entry = self.entries.get(self._slot(path))
        if isinstance(entry, list) and len(entry) == 4:
            entry[1], entry[2] = sig
            self.dirty = True

    def _decode(self, path: str, slot: str, entry: list):
        try:
            result = decode_result(path, entry[3], self._result_cls, self._outline_cls)
        except Exception:  # a malformed entry is never trusted: lint again, rewrite it
            self.entries.pop(slot, None)
            self._discard(f"a malformed entry for {os.path.basename(path)}")
            return None
        return result

    def put(self, path: str, found: tuple, result) -> None:
        digest, (size, mtime_ns) = found
        try:
            row = encode_result(result)
            json.dumps(row)  # refuse values JSON can't hold
        except (TypeError, ValueError):
            return
        self.entries[self._slot(path)] = [digest, size, mtime_ns, row]
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        from artifactkit.escape import printable
        from artifactkit.io.writer import atomic_write, check_inside, make_folders

        try:
            check_inside(self.file, self.root)
            make_folders(self.folder, self.root)
            gitignore = os.path.join(self.folder, ".gitignore")
            if not os.path.lexists(gitignore):
                atomic_write(gitignore, b"# created by artifactkit: never commit this cache\n*\n", root=self.root)
            blob = json.dumps(
                {"format": FORMAT, "version": __version__, "written_ns": time.time_ns(), "entries": self.entries}, ensure_ascii=False, separators=(",", ":")
            ).encode("utf-8", "surrogateescape")  # file names need not be UTF-8
            atomic_write(self.file, blob, root=self.root, durable=False)
            _prune(self.folder, self.file, self.root)
        except RefusedError as exc:  # a link out of the repository: say so once, lint goes on uncached
            sys.stderr.write(f"artifactkit: warning: {printable(str(exc))}; results not cached\n")
        except OSError:
            pass  # a read-only checkout (or a hard-linked pack) still lints; it just isn't cached
        except (ValueError, RecursionError):
            pass  # a value JSON cannot write (an integer of thousands of digits, nesting kept from a forged pack): not cached
        self.dirty = False


def _prune(folder: str, keep: str, root: str, max_age: float = 3600.0) -> None:
    """Packs of other configs or versions not used for an hour are dead weight. Only names this
    module writes are removed, and only regular files (``remove_file``): never a link's target."""
    from artifactkit.io.writer import remove_file

    now = time.time()
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if _PACK_NAME.fullmatch(name) and path != keep:
            try:
                if now - os.lstat(path).st_mtime > max_age:
                    remove_file(path, root)
            except (OSError, RefusedError):
                pass
