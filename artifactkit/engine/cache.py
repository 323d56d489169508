"""A content-addressed cache of per-file lint results under ``<config root>/.artifactkit_cache/``.

What is cached is the output of ``lintfile.lint_file`` — one file's problems plus the facts the
cross-document checks need (type, number, front matter, title, link targets, disable comments,
front-matter locations) — never the run's report: duplicate numbers and references are checked
again on every run, warm or cold.

Keys:

* the index file's name is a hash of the tool version, a fingerprint of the package's source files,
  the resolved schemas of every type and the rest of the config (rules, ignores, paths, root);
  a change to any of them starts a new, empty index;
* inside an index (an SQLite file: the standard library's ``sqlite3``), each entry belongs to one
  absolute path and holds the SHA-256 of the file's bytes; it is used only when the bytes hash the
  same. To skip re-reading unchanged files, an entry also records size and mtime: when both match
  and the file was last modified more than two seconds before the entry was written, the bytes are
  not read again.

A run reads only the entries of the files it lints (one query; every entry when it lints more than
``BULK`` files), so ``lint FILE`` with a cache of 10,000 entries reads one, and writes only the
entries that changed, in one transaction.

Safety: SQLite's locking keeps concurrent runs apart (a run that cannot get the lock in time lints
uncached); a reader never sees half a write. The index is input, never truth: anything that is not
a regular file holding exactly the one table this version writes (a truncated or foreign file, a
FIFO in its place, another table, a trigger or view) is discarded with one warning and replaced by
a new index renamed over it; an entry of the wrong types or a malformed row is linted again and
rewritten. Rows are plain JSON: loading a cache never runs code, and no statement stored in the
file is executed (``trusted_schema`` off, and such a file is refused before any query of its
table). The cache is neither read nor written through a link that leads out of the config root,
nor through a hard-linked file; cleanup removes only files it wrote (``results-<key>.sqlite`` and
earlier versions' ``results-<key>.json``, regular files, not through links).
"""

from __future__ import annotations

import json
import os
import stat
import sys
import time

from artifactkit import __version__, record
from artifactkit.engine.cacherows import decode_result, decode_rows, encode_result
from artifactkit.errors import RefusedError
from artifactkit.io.digest import file_sha256, sha256_hex
from artifactkit.io.discovery import lstat_all, lstat_one  # noqa: F401 (lstat_all: a large run's stats, lint_many calls it here)
from artifactkit.io.fingerprint import source_fingerprint, tree_fingerprint
from artifactkit.lazyre import compiled_later

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from typing import TypeGuard

    from artifactkit.schema.project import Config

CACHE_DIR = ".artifactkit_cache"
FORMAT = 4  # 4: an SQLite index (3: one JSON pack)
_MAX_BYTES = 8 * 1024 * 1024
_PACK_MAX_BYTES = 512 * 1024 * 1024  # bounded, but far above the pack of a very large repository
_PACK_NAME = compiled_later(r"results-[0-9a-f]{32}\.(?:json|sqlite|sqlite-journal)")  # what config_key names; nothing else is ever deleted


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
            out[name] = tree_fingerprint(str(doctype.template))
    return out


def config_key(config: Config) -> str:
    """Hash of everything besides the file itself that a per-file result depends on."""
    types = []
    for name, doctype in config.types.items():
        meta = {f.name: getattr(doctype, f.name) for f in record.fields(doctype) if f.name not in ("schemas", "schema_paths")}
        types.append([name, doctype.schemas, [str(p) for p in doctype.schema_paths], meta])
    payload = {
        "format": FORMAT,
        "version": __version__,
        "source": source_fingerprint(),
        "templates": _template_fingerprints(config),
        "root": config.root_dir,
        "docs_root": config.docs_root,
        "ignore": config.ignore,
        "rules": config.rules,
        "allow_remote_refs": config.allow_remote_refs,
        "types": types,
        # review-stale depends on the date (ARTIFACTKIT_TODAY or today): a new day is a new pack
        "today": _today() if any(t.review_field and t.review_days is not None for t in config.types.values()) else None,
    }
    blob = json.dumps(payload, sort_keys=True, default=repr, ensure_ascii=False)
    return sha256_hex(blob.encode("utf-8", "surrogateescape"))[:32]  # a folder name need not be UTF-8


def _today():
    from artifactkit.checks.context import today_iso  # the linter's own, loaded anyway: not the review-stale family's module

    return today_iso()


# --- the index -----------------------------------------------------------------------------------


RACY_NS = 2_000_000_000  # a file modified this close to its entry's writing may change unseen: re-hash it
BULK = 256  # a run over more files than this reads every entry in one query; a smaller one only its own
_ROW_MAX_BYTES = _MAX_BYTES  # an entry is far smaller than the document it describes
# The one object an index holds. Anything else in the file (another table, an index, a trigger, a
# view) makes it foreign: it is discarded, not read, and no statement of it ever runs.
_TABLE = (
    "CREATE TABLE entries (slot BLOB PRIMARY KEY, sha TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, "
    "written_ns INTEGER NOT NULL, row BLOB NOT NULL) WITHOUT ROWID"
)
_COLUMNS = "slot, sha, size, mtime_ns, written_ns, row"


def _fresh(entry: tuple | None, size: int, mtime_ns: int) -> TypeGuard[tuple]:
    """Whether an index entry was written for a file of this size and mtime, long enough after that
    mtime for a later change to show (RACY_NS)."""
    return entry is not None and entry[1] == size and entry[2] == mtime_ns and mtime_ns < entry[3] - RACY_NS


def stat_sig(path: str):
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


def _plain_relative(path: str) -> bool:
    """Whether ``path`` is relative and already normal: no empty, ``.`` or ``..`` part (as discovery spells files)."""
    return bool(path) and not path.startswith(("/", ".")) and not path.endswith("/") and "//" not in path and "/." not in path


class _Malformed(Exception):
    """The index file is not one this version wrote: discarded (one warning) and replaced at the end of the run."""


# The C scanner that json.loads and raw_decode call: (value, end) from an index, or StopIteration.
# Set by JSONDecoder.__init__; typeshed does not declare it.
_SCAN_ROW = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def _slot_key(slot: str) -> bytes:
    return slot.encode("utf-8", "surrogatepass")  # a file name need not be UTF-8; surrogatepass is one-to-one


class ResultCache:
    """An SQLite file (the standard library's) of ``slot -> sha256, size, mtime_ns, written_ns, row`` for
    a config key: a run reads the entries of the files it lints (all of them in one query when it lints
    many), and writes only the entries that changed, in one transaction."""

    def __init__(self, config: Config):
        from artifactkit.document.outline import Outline
        from artifactkit.engine.results import FileResult

        self._result_cls, self._outline_cls = FileResult, Outline
        self._cwd = os.getcwd()
        self._cwd_prefix = os.path.join(self._cwd, "") if os.path.normpath(self._cwd) == self._cwd else None
        self.root = config.root_dir
        self.folder = os.path.join(config.root_dir, CACHE_DIR)
        self.file = os.path.join(self.folder, f"results-{config_key(config)}.sqlite")
        self.entries: dict[str, tuple] = {}  # slot -> (sha256, size, mtime_ns, written_ns, row), for the slots read so far
        self._read_all = False
        self._slots: dict[str, str] = {}  # path as given -> slot, for the paths ``load`` was given
        self._asked: set[str] = set()  # slots already looked up (found or not)
        self._busy = False  # another run held the index locked for longer than the timeout
        self._fresh: dict[str, tuple] = {}  # slot -> (sha256, size, mtime_ns, row): entries to write
        self._moved: dict[str, tuple] = {}  # slot -> (sha256, size, mtime_ns): same bytes, new size or mtime
        self._replace = False  # the file on disk is malformed or foreign: replaced whole when saving
        self._refused = False  # reached through a link out of the repository: neither read nor written
        self._warned = False

    # -- reading

    def load(self, paths: list[str]) -> None:
        """Read the entries of ``paths``: one query for the lot, every entry when there are more than ``BULK``."""
        if not paths or self._read_all:
            return
        prefix = self._cwd_prefix if os.name == "posix" else None
        if prefix is None:
            self._slots.update((path, self._slot(path)) for path in paths)
        else:  # _slot with _plain_relative written out: 10,000 paths, two calls less each
            self._slots.update({p: prefix + p if p and p[0] not in "/." and p[-1] != "/" and "//" not in p and "/." not in p else self._slot(p) for p in paths})
        if len(paths) > BULK:
            self._query(f"SELECT {_COLUMNS} FROM entries WHERE length(row) <= ?", (_ROW_MAX_BYTES,))
            self._read_all = True
            return
        self._asked.update(self._slots[p] for p in paths)
        slots = [_slot_key(self._slots[p]) for p in paths]
        for start in range(0, len(slots), BULK):
            chunk = slots[start : start + BULK]
            marks = ",".join("?" * len(chunk))
            self._query(f"SELECT {_COLUMNS} FROM entries WHERE slot IN ({marks}) AND length(row) <= ?", (*chunk, _ROW_MAX_BYTES))

    def _query(self, sql: str, args: tuple) -> None:
        sqlite3 = _sqlite3()
        if self._replace or self._refused or self._busy or sqlite3 is None:
            return
        try:
            conn = self._open_existing()
            if conn is None:
                return
            try:
                rows = conn.execute(sql, args).fetchall() if self._check_schema(conn) else []
            finally:
                conn.close()
        except _Malformed as exc:
            return self._discard(str(exc))
        except sqlite3.DatabaseError as exc:  # "file is not a database", "database disk image is malformed"...
            if getattr(exc, "sqlite_errorname", "") in ("SQLITE_BUSY", "SQLITE_LOCKED"):
                self._busy = True  # another run has been writing for seconds: this one lints as if uncached
                return
            return self._discard(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        except RefusedError:
            self._refused = True  # saving says so, once
            return
        except OSError as exc:
            return self._discard(str(exc.strerror or exc).splitlines()[0])
        # rows of the wrong types are left out (SQLite stores any value in any column: a forged file can hold anything)
        self.entries.update(
            {
                slot.decode("utf-8", "surrogatepass"): (sha, size, mtime_ns, written_ns, row)
                for slot, sha, size, mtime_ns, written_ns, row in rows
                if isinstance(slot, bytes)
                and isinstance(sha, str)
                and type(size) is int
                and type(mtime_ns) is int
                and type(written_ns) is int
                and isinstance(row, bytes)
            }
        )

    def _open_existing(self):
        """A connection to the index, or None when there is none yet. Only a regular file inside the
        repository is opened (never a FIFO, a device or a link out: SQLite opens the path itself)."""
        from artifactkit.io.writer import check_inside

        sqlite3 = _sqlite3()
        if sqlite3 is None:
            return None
        check_inside(self.file, self.root)
        try:
            st = os.lstat(self.file)
        except FileNotFoundError:
            return None
        if not stat.S_ISREG(st.st_mode):
            raise _Malformed("not a regular file")
        if st.st_nlink > 1:  # SQLite writes in place: another name of the file would change with it
            raise _Malformed("a file with other names (hard links)")
        if st.st_size > _PACK_MAX_BYTES:
            raise _Malformed(f"{st.st_size // 1048576} MiB, over the {_PACK_MAX_BYTES // 1048576} MiB limit")
        self._check_journal()
        conn = sqlite3.connect(self.file, timeout=5.0, isolation_level=None)
        try:
            conn.execute("PRAGMA trusted_schema = OFF")  # no function a forged schema names ever runs
            conn.execute("PRAGMA cell_size_check = ON")  # a damaged page is an error, not a wild read
        except BaseException:
            conn.close()
            raise
        return conn

    def _check_journal(self) -> None:
        """SQLite opens ``<file>-journal`` itself, through any link: only a regular file (or none) will do."""
        try:
            st = os.lstat(self.file + "-journal")
        except FileNotFoundError:
            return
        if not stat.S_ISREG(st.st_mode):
            raise RefusedError(f"{self.file}-journal: not a regular file")

    @staticmethod
    def _check_schema(conn) -> bool:
        """Whether the file holds the table (False: an empty file, which a concurrent first run may have just made)."""
        objects = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
        if not objects:
            return False
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        if objects != [("table", "entries", "entries", _TABLE)] or version != FORMAT:
            raise _Malformed("not a results index of this version")
        return True

    def _discard(self, why: str) -> None:
        """A malformed index (or entry) is never trusted: said once, linted again, rewritten at the end of the run."""
        from artifactkit.escape import printable

        self._replace = True
        self.entries = {}
        if not self._warned:
            self._warned = True
            shown = os.path.relpath(self.file) if not os.path.relpath(self.file).startswith("..") else self.file
            sys.stderr.write(f"artifactkit: warning: {printable(shown)}: malformed cache ({printable(why)}); discarded, the files are linted again\n")

    def _slot(self, path: str) -> str:
        # the absolute path (problems are rebuilt with the path as given this time); on POSIX this is
        # os.path.abspath without its getcwd() call per file
        if os.name != "posix":
            return os.path.abspath(path)
        if self._cwd_prefix is not None and _plain_relative(path):
            return self._cwd_prefix + path  # what normpath would return: 10,000 of them cost 20 ms
        return os.path.normpath(os.path.join(self._cwd, path))

    def _get(self, slot: str):
        if slot not in self.entries and slot not in self._asked and not self._read_all:
            self.load([slot])  # a caller that did not ``load`` first: one query for this file
        return self.entries.get(slot)

    @staticmethod
    def unchanged(path: str, sig) -> bool:
        return stat_sig(path) == sig

    def lookup(self, path: str):
        """``(result, None)`` on a hit; ``(None, (sha256, (size, mtime_ns)))`` on a miss worth caching;
        ``(None, None)`` for what is never cached (not a regular file, too big, unreadable).

        A file whose size and mtime match its entry, and which was last modified well before the
        entry was written, is not read again (git's index makes the same bet); anything else is
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
        return self.lookup_found(path, lstat_one(path))  # never read through a link here: lint_file first checks where it leads

    def lookup_found(self, path: str, found: tuple[int, int, int] | None):
        """``lookup_stat`` given the file's ``(st_mode, st_size, st_mtime_ns)`` (``lstat_all``'s; None:
        the stat failed)."""
        if found is None:
            return None, None
        mode, size, mtime_ns = found
        if not stat.S_ISREG(mode) or size > _MAX_BYTES:  # a link, a FIFO, a device...
            return None, None
        slot = self._slots.get(path) or self._slot(path)
        entry = self.entries.get(slot) if self._read_all else self._get(slot)  # a large run read every entry: no call more per file
        if _fresh(entry, size, mtime_ns):
            result = self._decode(path, slot, entry)
            if result is not None:
                return result, None
        return None, (size, mtime_ns)

    def lookup_all(self, paths: list[str], found: list) -> list[tuple]:
        """``lookup_found`` of each path (``found``: ``lstat_all``'s), in order; when the run read every
        entry, the rows of the hits are decoded together (``cacherows.decode_rows``)."""
        if not self._read_all:
            return [self.lookup_found(path, f) for path, f in zip(paths, found)]
        out: list[tuple] = []
        hits = []  # (place in out, path, slot, row) of each file whose stat matches its entry
        entries, slots, never = self.entries, self._slots, (None, None)
        for path, f in zip(paths, found):
            if f is None or not stat.S_ISREG(f[0]) or f[1] > _MAX_BYTES:  # as lookup_found
                out.append(never)
                continue
            _, size, mtime_ns = f
            slot = slots.get(path) or self._slot(path)
            entry = entries.get(slot)
            if _fresh(entry, size, mtime_ns):
                hits.append((len(out), path, slot, entry[4]))
            out.append((None, (size, mtime_ns)))
        made = decode_rows([h[1] for h in hits], [h[3] for h in hits], self._result_cls, self._outline_cls, self._decode_row)
        for (i, path, slot, _), result in zip(hits, made):
            if result is None:  # malformed: as _decode
                entries.pop(slot, None)
                self._discard_entry(f"a malformed entry for {os.path.basename(path)}")
            else:
                out[i] = (result, None)
        return out

    def lookup_bytes(self, path: str, sig):
        """The second half: hash the file; ``(result, None)`` if its entry holds the same bytes,
        else ``(None, (sha256, sig))`` (or ``(None, None)`` if unreadable). Changes nothing and asks
        only the entries already read, so a worker process can run it; the parent then calls
        ``refresh`` for a hit."""
        from artifactkit.io.textio import read_bytes

        try:
            digest = file_sha256(read_bytes(path, _MAX_BYTES)).hexdigest()
        except OSError:
            return None, None
        entry = self.entries.get(self._slot(path))
        if entry is not None and entry[0] == digest:
            try:
                return self._decode_row(path, entry[4]), None
            except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):  # malformed: lint again, rewrite it
                pass
        return None, (digest, sig)

    def refresh(self, path: str, sig) -> None:
        """Same bytes, new mtime: remember it."""
        slot = self._slot(path)
        entry = self.entries.get(slot)
        if entry is not None:
            self._moved[slot] = (entry[0], *sig)

    def _decode_row(self, path: str, row: bytes):
        """The result a row holds: all of the row one JSON value, nothing around it (what ``put`` writes).
        The decoder's C scanner itself: ``json.loads`` and ``raw_decode`` wrap it in Python frames that
        cost half as much again as the scan on 10,000 small rows."""
        text = row.decode("utf-8")
        try:
            value, end = _SCAN_ROW(text, 0)
        except StopIteration:  # no JSON value where the row starts
            raise ValueError("not a JSON value") from None
        if end != len(text):
            raise ValueError("extra data after the row")
        return decode_result(path, value, self._result_cls, self._outline_cls)

    def _decode(self, path: str, slot: str, entry: tuple):
        try:
            result = self._decode_row(path, entry[4])
        except Exception:  # a malformed entry is never trusted: lint again, rewrite it
            self.entries.pop(slot, None)
            self._discard_entry(f"a malformed entry for {os.path.basename(path)}")
            return None
        return result

    def _discard_entry(self, why: str) -> None:
        from artifactkit.escape import printable

        if not self._warned:
            self._warned = True
            shown = os.path.relpath(self.file) if not os.path.relpath(self.file).startswith("..") else self.file
            sys.stderr.write(f"artifactkit: warning: {printable(shown)}: malformed cache ({printable(why)}); discarded, the files are linted again\n")

    # -- writing

    def put(self, path: str, found: tuple, result) -> None:
        digest, (size, mtime_ns) = found
        try:
            row = json.dumps(encode_result(result), separators=(",", ":")).encode("ascii")  # refuses values JSON can't hold
        except (TypeError, ValueError, RecursionError):
            return
        if len(row) <= _ROW_MAX_BYTES:
            self._fresh[self._slot(path)] = (digest, size, mtime_ns, row)

    def save(self) -> None:
        sqlite3 = _sqlite3()
        if not (self._fresh or self._moved or self._replace) or sqlite3 is None:
            return
        from artifactkit.escape import printable
        from artifactkit.io.writer import atomic_write, make_folders

        try:
            make_folders(self.folder, self.root)
            gitignore = os.path.join(self.folder, ".gitignore")
            if not os.path.lexists(gitignore):
                atomic_write(gitignore, b"# created by artifactkit: never commit this cache\n*\n", root=self.root)
            self._write(sqlite3)
            _prune(self.folder, self.file, self.root)
        except RefusedError as exc:  # a link out of the repository: say so once, lint goes on uncached
            sys.stderr.write(f"artifactkit: warning: {printable(str(exc))}; results not cached\n")
        except (OSError, sqlite3.Error):
            pass  # a read-only checkout, a full disk, another run holding the lock: it lints, it just isn't cached
        self._fresh, self._moved, self._replace = {}, {}, False

    def _write(self, sqlite3) -> None:
        from artifactkit.io.writer import check_inside

        check_inside(self.file, self.root)
        if self._replace:
            self._replace_file(sqlite3)
        try:
            st = os.lstat(self.file)
        except FileNotFoundError:
            st = None
        if st is not None and (not stat.S_ISREG(st.st_mode) or st.st_nlink > 1):
            return  # still not a file of ours (replacing it failed): not cached
        self._check_journal()
        conn = sqlite3.connect(self.file, timeout=5.0, isolation_level=None)
        try:
            conn.execute("PRAGMA trusted_schema = OFF")
            conn.execute("PRAGMA synchronous = OFF")  # a cache: a file damaged by a power cut is discarded and rebuilt
            conn.execute("BEGIN IMMEDIATE")
            self._check_schema(conn)
            conn.execute(_TABLE.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", 1))
            conn.execute(f"PRAGMA user_version = {FORMAT}")
            now = time.time_ns()
            conn.executemany(
                f"INSERT OR REPLACE INTO entries ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
                [(_slot_key(slot), sha, size, mtime_ns, now, row) for slot, (sha, size, mtime_ns, row) in self._fresh.items()],
            )
            conn.executemany(
                "UPDATE entries SET size = ?, mtime_ns = ?, written_ns = ? WHERE slot = ? AND sha = ?",
                [(size, mtime_ns, now, _slot_key(slot), sha) for slot, (sha, size, mtime_ns) in self._moved.items() if slot not in self._fresh],
            )
            conn.execute("COMMIT")
        except _Malformed:
            pass  # written meanwhile by something else: left for the next run to discard
        finally:
            conn.close()

    def _replace_file(self, sqlite3) -> None:
        """A new, empty index renamed over the malformed one (a FIFO or a file of another format
        included), so a reader never sees half of either."""
        import tempfile

        fd, tmp = tempfile.mkstemp(prefix=".results-", suffix=".tmp", dir=self.folder)
        os.close(fd)
        try:
            conn = sqlite3.connect(tmp, isolation_level=None)
            try:
                conn.execute(_TABLE)
                conn.execute(f"PRAGMA user_version = {FORMAT}")
            finally:
                conn.close()
            os.replace(tmp, self.file)
        finally:
            if os.path.lexists(tmp):
                os.unlink(tmp)


def _sqlite3():
    """The standard library's SQLite module, or None where Python was built without it (lint then
    runs uncached). Its C part, ``_sqlite3``, where that has ``connect``: the same connections and
    errors without ``sqlite3.dbapi2``, whose date adapters import ``datetime`` (1 ms of the
    pre-commit hook); the cache stores no dates."""
    try:
        import _sqlite3

        if hasattr(_sqlite3, "connect") and hasattr(_sqlite3, "Error"):
            return _sqlite3
    except ImportError:
        pass
    try:
        import sqlite3
    except ImportError:
        return None
    return sqlite3


def _prune(folder: str, keep: str, root: str, max_age: float = 3600.0) -> None:
    """Indexes of other configs or versions (and the JSON packs of earlier versions) not used for an
    hour are dead weight. Only names this module writes are removed, and only regular files
    (``remove_file``): never a link's target."""
    from artifactkit.io.writer import remove_file

    now = time.time()
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if _PACK_NAME.fullmatch(name) and path != keep and path != keep + "-journal":
            try:
                if now - os.lstat(path).st_mtime > max_age:
                    remove_file(path, root)
            except (OSError, RefusedError):
                pass
