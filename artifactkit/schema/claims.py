"""Which type claims a file, and why: the most specific matching pattern wins, not the order of the config.

Specificity of a ``paths`` pattern, compared in this order:
1. the whole pattern is a literal file name (``docs/runbooks/db.md``);
2. its last part, the file name, is literal (``content/**/index.md`` beats ``content/**/*.md``);
3. more literal folder names (``docs/runbooks/*.md`` beats ``**/runbooks/**/*.md``);
4. more literal characters.
Equal patterns: the type declared first in the config, then the built-in types.

Excludes: what a type's config entry writes under ``exclude`` always drops the file. An exclude the
type only inherits (the built-in ``**/README.md``, ``**/index.md``...) drops it only when it names the
file more exactly than the pattern that matched (``**/index.md`` drops ``docs/adr/index.md`` from
``docs/adr/*.md``, never from ``content/**/index.md``), and never a file named on the command line.
A file a declared type excludes is not claimed by a built-in type's globs either.
"""

from __future__ import annotations

from functools import lru_cache

from artifactkit.record import dataclass

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from artifactkit.schema.doctypes import DocType

GLOB_CHARS = "*?[{"


@dataclass(frozen=True)
class Claim:
    doctype: DocType
    pattern: str
    rivals: tuple[str, ...] = ()  # the other types whose patterns matched, less specifically

    def why(self) -> str:
        beaten = f"; more specific than {', '.join(self.rivals)}" if self.rivals else ""
        return f"{self.doctype.name}: its paths pattern {self.pattern!r} matches{beaten}"


def segments(pattern: str) -> list[str]:
    """The pattern's parts as gitignore reads it: without a slash inside, it matches at any depth."""
    bare = pattern.removeprefix("./").lstrip("/").rstrip("/")
    if "/" not in pattern.removeprefix("./").rstrip("/"):
        return ["**", bare]
    return bare.split("/")


def literal(part: str) -> bool:
    return not any(c in part for c in GLOB_CHARS)


@lru_cache(maxsize=4096)
def specificity(pattern: str) -> tuple[bool, bool, int, int]:
    parts = segments(pattern)
    plain = [p for p in parts if literal(p)]
    return (len(plain) == len(parts), literal(parts[-1]), len(plain), sum(map(len, plain)))


def static_prefix(pattern: str) -> str:
    """The folder (or file) every match of ``pattern`` lies in: its leading literal parts ('' for anywhere)."""
    out = []
    for part in segments(pattern):
        if not literal(part):
            break
        out.append(part)
    return "/".join(out)


def dropping_exclude(doctype: DocType, relpath: str, pattern: str, named: bool) -> str | None:
    """The exclude pattern that drops ``relpath`` from ``doctype`` (matched by ``pattern``), or None."""
    from artifactkit.io.globs import matches

    for exclude in doctype.exclude:
        if not matches(relpath, exclude):
            continue
        if not doctype.default_exclude:
            return exclude
        if named:
            continue
        if literal(segments(exclude)[-1]) and not literal(segments(pattern)[-1]):
            return exclude
    return None


def rank_types(types: dict[str, DocType], in_docs_root: bool) -> list[tuple[tuple, int, DocType, tuple[str, ...]]]:
    """The types that may claim a file (inside docs_root or not), the most specific first: each with
    the best specificity its patterns can reach, its place in the config (negated) and its patterns."""
    ranked = [
        (max(map(specificity, t.paths)), -order, t, tuple(t.paths)) for order, t in enumerate(types.values()) if t.paths and not (t.scoped and not in_docs_root)
    ]
    ranked.sort(key=lambda r: (r[0], r[1]), reverse=True)
    return ranked


def find_claim(types: dict[str, DocType], relpath: str, in_docs_root: bool, named: bool = False, ranked: list | None = None) -> Claim | None:
    """``ranked``: ``rank_types(types, in_docs_root)``, when the caller keeps it for many files."""
    from artifactkit.io.globs import compile_globs, matchable, matches

    # most specific types first: a built-in type that cannot beat the best match so far is not matched
    # at all (a declared one always is: its exclude keeps the file from the built-in types)
    path = matchable(relpath)
    found: list[tuple[tuple, int, DocType, str]] = []
    blocked = False
    for best_possible, order, doctype, paths in ranked if ranked is not None else rank_types(types, in_docs_root):
        if doctype.builtin and found and (best_possible, order) < (found[0][0], found[0][1]):
            continue
        if not compile_globs(paths).matches(path):
            continue
        matched = [p for p in paths if matches(relpath, p)] if len(paths) > 1 else list(paths)
        pattern = max(matched, key=specificity)
        if dropping_exclude(doctype, relpath, pattern, named) is not None:
            blocked = blocked or not doctype.builtin
            continue
        found.append((specificity(pattern), order, doctype, pattern))
        found.sort(key=lambda f: (f[0], f[1]), reverse=True)
    if blocked:
        found = [f for f in found if not f[2].builtin]
    if not found:
        return None
    _, _, doctype, pattern = found[0]
    return Claim(doctype, pattern, tuple(f"{d.name} ({p})" for _, _, d, p in found[1:]))


def explicitly_excluded(types: dict[str, DocType], relpath: str, named: bool = False) -> str | None:
    """Why an ``exclude`` a type's config entry writes drops ``relpath``, or None (a built-in
    exclude drops a README only until its own front matter names a type)."""
    from artifactkit.io.globs import matches

    for doctype in types.values():
        matched = [p for p in doctype.paths if matches(relpath, p)] if not doctype.default_exclude else []
        reason = _dropped(doctype, relpath, matched, named) if matched else None
        if reason is not None:
            return reason
    return None


def _dropped(doctype: DocType, relpath: str, matched: list[str], named: bool) -> str | None:
    """Why ``doctype``'s exclude drops ``relpath``, which its ``matched`` patterns claim, or None."""
    exclude = dropping_exclude(doctype, relpath, max(matched, key=specificity), named)
    if exclude is None:
        return None
    origin = "built-in exclude" if doctype.default_exclude else "exclude"
    return f"{doctype.name}'s paths match it but its {origin} {exclude!r} drops it"


def unclaimed_reason(types: dict[str, DocType], relpath: str, in_docs_root: bool, docs_root: str, named: bool = False) -> str:
    """Why no type claims ``relpath``, in one phrase."""
    from artifactkit.io.globs import matches

    reasons = []
    for doctype in types.values():
        matched = [p for p in doctype.paths if matches(relpath, p)]
        if not matched:
            continue
        if doctype.scoped and not in_docs_root:
            reasons.append(f"{doctype.name} ({', '.join(matched)}) matches it, but built-in paths apply only below docs_root ({docs_root}/)")
            continue
        reason = _dropped(doctype, relpath, matched, named)
        if reason is not None:
            reasons.append(reason)
    return "; ".join(reasons) or "no type's paths match it"
