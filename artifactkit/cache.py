"""A content-addressed cache of per-file lint results under ``<config root>/.artifactkit_cache/``.

What is cached is the output of ``linter.lint_file`` — one file's problems plus the facts the
cross-document checks need (type, number, front matter, title, link targets, disable comments,
front-matter locations) — never the run's report: duplicate numbers and references are checked
again on every run, warm or cold.

Keys:

* the pack file's name is a hash of the tool version, a fingerprint of the package's source files,
  the resolved schemas of every type and the rest of the config (rules, ignores, paths, root);
  a change to any of them starts a new, empty pack;
* inside a pack, each entry belongs to one path (as given, and absolute) and holds the SHA-256 of
  the file's bytes; it is used only when the bytes hash the same.

Safety: the pack is written to a temporary file and renamed over the old one (``os.replace``), so a
reader never sees half a pack; two concurrent runs can at worst drop each other's new entries.
Anything unreadable or malformed (a truncated file, wrong types, fields the current code does not
have) is ignored — the file is linted again and the entry rewritten. Entries are plain JSON: loading
a cache never runs code.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
import tempfile

from artifactkit import __version__
from artifactkit.problem import Problem

CACHE_DIR = ".artifactkit_cache"
FORMAT = 1
_MAX_BYTES = 8 * 1024 * 1024


def _source_fingerprint() -> str:
    """Size and mtime of the package's modules: editing artifactkit itself invalidates the cache."""
    here = os.path.dirname(os.path.abspath(__file__))
    parts = []
    for folder, dirs, files in os.walk(here):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                try:
                    st = os.stat(os.path.join(folder, name))
                except OSError:
                    continue
                parts.append(f"{os.path.relpath(os.path.join(folder, name), here)}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)


def config_key(config) -> str:
    """Hash of everything besides the file itself that a per-file result depends on."""
    types = []
    for name, doctype in config.types.items():
        meta = {f.name: getattr(doctype, f.name) for f in dataclasses.fields(doctype) if f.name not in ("schemas", "schema_paths")}
        types.append([name, doctype.schemas, [str(p) for p in doctype.schema_paths], meta])
    payload = {
        "format": FORMAT,
        "version": __version__,
        "source": _source_fingerprint(),
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
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def _today():
    from artifactkit import staleness

    return staleness.today().isoformat()


# --- encoding: JSON with tags for tuples, sets and non-string-keyed dicts -------------------------


def _enc(value):
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, list):
        return [_enc(v) for v in value]
    if isinstance(value, tuple):
        return {"t": [_enc(v) for v in value]}
    if isinstance(value, (set, frozenset)):
        return {"s": sorted((_enc(v) for v in value), key=repr)}
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value):
            return {"m": {k: _enc(v) for k, v in value.items()}}
        return {"d": [[_enc(k), _enc(v)] for k, v in value.items()]}
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _dec(value):
    if isinstance(value, list):
        return [_dec(v) for v in value]
    if isinstance(value, dict):
        if len(value) != 1:
            raise ValueError("bad tag")
        (tag, inner), = value.items()
        if tag == "t":
            return tuple(_dec(v) for v in inner)
        if tag == "s":
            return {_dec(v) for v in inner}
        if tag == "m":
            return {k: _dec(v) for k, v in inner.items()}
        if tag == "d":
            return {_dec(k): _dec(v) for k, v in inner}
        raise ValueError("bad tag")
    return value


def encode_result(result) -> dict:
    """A JSON-ready dict of a FileResult; raises TypeError if some field cannot be cached."""
    out = {}
    for f in dataclasses.fields(result):
        value = getattr(result, f.name)
        if f.name == "problems":
            out["problems"] = [[p.path, p.line, p.column, p.level, p.rule, p.message, p.section] for p in value]
        elif f.name == "outline":
            out["outline"] = None if value is None else {
                g.name: _enc(getattr(value, g.name)) for g in dataclasses.fields(value)
            }
        else:
            out[f.name] = _enc(value)
    return out


def decode_result(data: dict, result_cls, outline_cls):
    names = [f.name for f in dataclasses.fields(result_cls)]
    if not isinstance(data, dict) or sorted(data) != sorted(names):
        raise ValueError("fields differ")
    values = {}
    for name in names:
        raw = data[name]
        if name == "problems":
            problems = []
            for row in raw:
                path, line, column, level, rule, message, section = row
                if not (isinstance(path, str) and type(line) is int and type(column) is int and isinstance(level, str)
                        and isinstance(rule, str) and isinstance(message, str) and (section is None or isinstance(section, str))):
                    raise ValueError("bad problem")
                problems.append(Problem(path, line, column, level, rule, message, section))
            values[name] = problems
        elif name == "outline":
            if raw is None:
                values[name] = None
                continue
            fields = [g.name for g in dataclasses.fields(outline_cls)]
            if not isinstance(raw, dict) or sorted(raw) != sorted(fields):
                raise ValueError("outline fields differ")
            values[name] = outline_cls(**{k: _dec(v) for k, v in raw.items()})
        else:
            values[name] = _dec(raw)
    return result_cls(**values)


# --- the pack ------------------------------------------------------------------------------------


def file_digest(path: str):
    """``(sha256 hex, (size, mtime_ns))`` of a regular file, or None when it should not be cached."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > _MAX_BYTES:
            return None
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    return hashlib.sha256(data).hexdigest(), (st.st_size, st.st_mtime_ns)


def stat_sig(path: str):
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


class ResultCache:
    def __init__(self, config):
        from artifactkit.linter import FileResult
        from artifactkit.sections import Outline

        self._result_cls, self._outline_cls = FileResult, Outline
        self.folder = os.path.join(str(config.root), CACHE_DIR)
        self.file = os.path.join(self.folder, f"results-{config_key(config)}.json")
        self.entries: dict[str, list] = {}
        self.dirty = False
        self.hits = self.misses = 0
        self._load()

    def _load(self) -> None:
        try:
            with open(self.file, "rb") as fh:
                data = json.loads(fh.read())
        except (OSError, ValueError):
            return  # missing or corrupt: start empty, rewritten at the end of the run
        if isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("entries"), dict):
            self.entries = data["entries"]

    @staticmethod
    def _slot(path: str) -> str:
        return path + "\0" + os.path.abspath(path)

    @staticmethod
    def unchanged(path: str, sig) -> bool:
        return stat_sig(path) == sig

    def get(self, path: str, digest: str):
        entry = self.entries.get(self._slot(path))
        if not (isinstance(entry, list) and len(entry) == 2 and entry[0] == digest):
            self.misses += 1
            return None
        try:
            result = decode_result(entry[1], self._result_cls, self._outline_cls)
        except Exception:  # a malformed entry is never trusted: lint again, rewrite it
            self.entries.pop(self._slot(path), None)
            self.dirty = True
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, path: str, digest: str, result) -> None:
        try:
            encoded = encode_result(result)
            json.dumps(encoded)  # refuse values JSON can't hold (e.g. NaN is fine, objects are not)
        except (TypeError, ValueError):
            return
        self.entries[self._slot(path)] = [digest, encoded]
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            os.makedirs(self.folder, exist_ok=True)
            gitignore = os.path.join(self.folder, ".gitignore")
            if not os.path.exists(gitignore):
                _atomic_write(gitignore, b"# created by artifactkit: never commit this cache\n*\n", self.folder)
            blob = json.dumps({"format": FORMAT, "version": __version__, "entries": self.entries},
                              ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            _atomic_write(self.file, blob, self.folder)
            _prune(self.folder, self.file)
        except OSError:
            pass  # a read-only checkout still lints; it just isn't cached
        self.dirty = False


def _prune(folder: str, keep: str, max_age: float = 3600.0) -> None:
    """Packs of other configs or versions not used for an hour are dead weight."""
    import time

    now = time.time()
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if name.startswith("results-") and name.endswith(".json") and path != keep:
            try:
                if now - os.stat(path).st_mtime > max_age:
                    os.unlink(path)
            except OSError:
                pass


def _atomic_write(path: str, data: bytes, folder: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
