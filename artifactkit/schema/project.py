"""The project model: the configuration a run works with (root, settings, document types and their
compiled schemas), below the checks so that every layer above reads it without reaching the engine.
Loading it (finding the file, validating settings, building types, compiling and fetching schemas)
is engine.config's job."""

from __future__ import annotations

import os
from functools import cached_property

from artifactkit.record import dataclass, field
from artifactkit.schema import doctypes, schemas

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from pathlib import Path


@dataclass
class Config:
    """The project's settings: the config file's on top of the built-in types. ``root_dir`` and
    ``source_file`` are strings, which is what ``lint FILE`` needs (importing pathlib costs that
    pre-commit hook 2.5 ms); ``root`` and ``source`` are the same as Paths for everything else."""

    root_dir: str
    source_file: str | None = None
    docs_root: str = "docs"
    ignore: list[str] = field(default_factory=list)
    rules: dict[str, str] = field(default_factory=dict)
    types: dict[str, doctypes.DocType] = field(default_factory=dict)
    allow_remote_refs: bool = False
    broken: dict[str, str] = field(default_factory=dict)  # type -> why its schema cannot be used (keep_going)
    runbooks: dict = field(default_factory=dict)  # alert rule files and URL prefixes (checks.alerts)
    catalogs: list[str] = field(default_factory=list)  # other repositories' exported catalogues (site.merged)
    remote_schemas: dict[str, dict] = field(default_factory=dict)  # fetched once, only when allowed
    _validators: dict = field(default_factory=dict, repr=False)
    _claims: dict = field(default_factory=dict, repr=False)
    _ranks: dict = field(default_factory=dict, repr=False)

    @cached_property
    def root(self) -> Path:
        from pathlib import Path

        return Path(self.root_dir)

    @cached_property
    def real_root_dir(self) -> str:
        return os.path.realpath(self.root_dir)

    @cached_property
    def source(self) -> Path | None:
        from pathlib import Path

        return None if self.source_file is None else Path(self.source_file)

    def level_for(self, rule: str, default: str) -> str:
        return self.rules.get(rule, default)

    def relpath(self, path: str) -> str:
        """Path relative to the config root (POSIX), or the path as given if it lies outside."""
        absolute = os.path.abspath(path)
        root = self.root_dir
        prefix = root if root.endswith(os.sep) else root + os.sep
        if absolute.startswith(prefix):
            return absolute[len(prefix) :].replace(os.sep, "/")
        from pathlib import Path  # a path outside the root: rare

        return Path(path).as_posix()

    def validator(self, doctype: doctypes.DocType) -> schemas.Validation:
        """The type's compiled schema; user schemas were compiled once already by ``load_config``."""
        if doctype.name not in self._validators:
            base = doctype.schema_uris[0] if len(doctype.schemas) == 1 else f"urn:artifactkit:type:{doctype.name}"
            self._validators[doctype.name] = schemas.Validation(doctype.effective_schema(), self.resources(), base)
        return self._validators[doctype.name]

    def resources(self) -> dict[str, dict]:
        out = dict(self.remote_schemas)
        for t in self.types.values():
            if t.name not in self.broken:  # a broken schema in the registry would break the others' validators
                out.update(zip(t.schema_uris, t.schemas))
        return out

    def type_for(self, relpath: str, named: bool = False) -> doctypes.DocType | None:
        """The type that claims ``relpath`` (see artifactkit.schema.claims); ``named``: given on the command line."""
        found = self.claim(relpath, named)
        return found.doctype if found else None

    def claim(self, relpath: str, named: bool = False):
        from artifactkit.schema.claims import find_claim

        key = (relpath, named, len(self.types))
        if key not in self._claims:  # asked again for numbered documents (each pattern is a log) and --verbose
            if len(self._claims) > 100_000:
                self._claims.clear()
            inside = self.under_docs_root(relpath)
            self._claims[key] = find_claim(self.types, relpath, inside, named, self._ranked(inside))
        return self._claims[key]

    def _ranked(self, in_docs_root: bool) -> list:
        """``claims.rank_types`` of these types, kept: the same for every file of a run."""
        from artifactkit.schema.claims import rank_types

        kept = self._ranks.get(in_docs_root)
        if kept is None or kept[0] is not self.types or kept[1] != len(self.types):  # types are replaced, not edited, after loading
            kept = self._ranks[in_docs_root] = (self.types, len(self.types), rank_types(self.types, in_docs_root))
        return kept[2]

    def explicitly_excluded(self, relpath: str, named: bool = False) -> str | None:
        """Why a type's own ``exclude`` (not a built-in one) drops ``relpath``, or None."""
        from artifactkit.schema.claims import explicitly_excluded

        return explicitly_excluded(self.types, relpath, named)

    def unclaimed_reason(self, relpath: str, named: bool = False) -> str:
        from artifactkit.schema.claims import unclaimed_reason

        return unclaimed_reason(self.types, relpath, self.under_docs_root(relpath), self.docs_root, named)

    def lint_roots(self, existing: bool = True) -> list[str]:
        """What a plain ``artifactkit lint`` reads (relative to the root): docs_root, the declared types'
        folders, and the folders (or files) of every type's own paths wherever they are; those that exist."""
        from artifactkit.schema.claims import static_prefix

        roots = [self.docs_root.strip().strip("/") or "."]
        for doctype in self.types.values():
            if not doctype.builtin and doctype.folder:
                roots.append(doctype.folder.strip().strip("/"))  # where `new` writes its documents
            if not doctype.scoped:
                roots.extend(static_prefix(p) or "." for p in doctype.paths)
        out: list[str] = []
        for root in dict.fromkeys(roots):
            root = root.removeprefix("./") or "."
            if existing and not os.path.lexists(os.path.join(self.root_dir, root)):
                continue
            if any(o == "." or root == o or root.startswith(o + "/") for o in out):
                continue
            out = [o for o in out if not (root == "." or o.startswith(root + "/"))] + [root]
        return out

    def under_docs_root(self, relpath: str) -> bool:
        root = self.docs_root.strip().strip("/")
        root = root[2:] if root.startswith("./") else root
        return root in ("", ".") or relpath == root or relpath.startswith(root + "/")

    def is_ignored(self, relpath: str) -> bool:
        from artifactkit.io.globs import matches_any

        return matches_any(relpath, self.ignore)
