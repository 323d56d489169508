"""Find, validate and load ``.artifactkit.yaml`` (or ``[tool.artifactkit]``) on top of the built-in types.

Paths are strings here (``os.path``): ``lint FILE`` loads the config at every start, and importing
``pathlib`` cost that pre-commit hook 2.5 ms."""

from __future__ import annotations

import json
import os

from artifactkit.errors import ConfigError
from artifactkit.io import resources
from artifactkit.io.textio import read_settings_text
from artifactkit.schema import doctypes, remote, schemas
from artifactkit.schema.project import Config
from artifactkit.suggest import did_you_mean

TYPE_CHECKING = False  # typing's, without importing typing (2 ms a start: see artifactkit.record)
if TYPE_CHECKING:
    from artifactkit.schema.doctypes import DocType

CONFIG_NAMES = (".artifactkit.yaml", ".artifactkit.yml")


def find_config(start: str) -> tuple[str, dict] | None:
    """Walk up from ``start`` (absolute and normal: os.path.realpath's) to the first config file;
    return (file, raw settings)."""
    folder = start
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate):
                return candidate, _read_yaml(candidate)
        pyproject = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(pyproject):
            section = _read_pyproject(pyproject)
            if section is not None:
                return pyproject, section
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _read_yaml(path: str | os.PathLike) -> dict:
    from artifactkit.io import settled

    try:
        text = read_settings_text(path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    except Exception as exc:  # not UTF-8: the user's to fix, no traceback
        raise ConfigError(f"{path}: cannot read config: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    remembered = settled.parsed(path, text)  # the same text read before: no YAML parser to import
    if remembered is not None:
        return remembered
    from artifactkit.io import yaml12

    try:
        data = yaml12.load_data(text, core_tags_only=True)
    except yaml12.TooBig as exc:
        raise ConfigError(f"{path}: cannot read config: it {exc.message}; refusing to read it") from None
    except yaml12.YAMLProblem as exc:  # where the fix goes, as an editor jumps to it
        raise ConfigError(f"{path}:{exc.line + 1}:{exc.column + 1}: cannot read config: {exc.message}") from None
    except Exception as exc:  # a broken config is the user's to fix: say where, no traceback
        raise ConfigError(f"{path}: cannot read config: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: config must be a mapping of settings")
    schemas.check_size(data, f"{path}: config")
    settled.remember_parsed(path, text, data)
    return data


def _read_pyproject(path: str | os.PathLike) -> dict | None:
    import tomllib

    try:
        data = tomllib.loads(read_settings_text(path))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read pyproject.toml: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        import re

        at = re.search(r" \(at line (\d+), column (\d+)\)$", str(exc))  # tomllib's own words: FILE:LINE:COLUMN instead
        where = f"{path}:{at.group(1)}:{at.group(2)}" if at else str(path)
        raise ConfigError(f"{where}: cannot read pyproject.toml: {str(exc)[: at.start()] if at else exc}") from None
    except RecursionError:  # tomllib recurses per nesting level of an array or inline table
        raise ConfigError(f"{path}: cannot read pyproject.toml: nested too deeply") from None
    tool = data.get("tool")
    section = tool.get("artifactkit") if isinstance(tool, dict) else None
    if section is not None:
        schemas.check_size(section, f"{path}: [tool.artifactkit]")
    return section


def load_config(start: str | os.PathLike | None = None, explicit: str | os.PathLike | None = None, keep_going: bool = False) -> Config:
    """``keep_going`` (lint): a type whose schema is broken goes into ``config.broken`` instead of
    ending the command, so that the other types' documents are still linted and reported."""
    start = os.path.realpath(os.getcwd() if start is None else start)  # what Path.resolve() gives
    if explicit is not None:
        from pathlib import Path  # a config named on the command line: its name is said as Path says it

        explicit = str(Path(explicit))
        if not os.path.isfile(explicit):
            if os.path.exists(explicit):  # a FIFO, a device or a folder: say what it is, never read it
                raise ConfigError(f"{explicit}: not a regular file ({_kind(explicit)}); give the config file itself")
            raise ConfigError(f"{explicit}: config file not found")
        is_pyproject = os.path.basename(explicit) == "pyproject.toml"
        found: tuple[str, dict] | None = (explicit, _read_pyproject(explicit) or {} if is_pyproject else _read_yaml(explicit))
    else:
        found = find_config(start)
    if found is None:
        config = Config(root_dir=start)
        raw: dict = {}
    else:
        source, raw = found
        config = Config(root_dir=os.path.dirname(os.path.realpath(source)), source_file=source)
        _validate(raw, source)
    config.types = builtin_types()
    config.docs_root = raw.get("docs_root", config.docs_root)
    config.ignore = list(raw.get("ignore", []))
    config.rules = {k: v for k, v in (raw.get("rules") or {}).items()}
    config.allow_remote_refs = bool(raw.get("allow_remote_refs", False))
    config.runbooks = dict(raw.get("runbooks") or {})
    config.catalogs = [str(c) for c in raw.get("catalogs") or []]
    declared = {name: _user_type(name, spec, config) for name, spec in (raw.get("types") or {}).items()}
    config.types = {**declared, **{k: v for k, v in config.types.items() if k not in declared}}  # declared first, in order
    _check_globs(config)
    for doctype in list(config.types.values()):
        try:
            remote.check_refs(config, doctype)
        except ConfigError as exc:
            if not keep_going:
                raise
            config.broken[doctype.name] = str(exc)
    _compile_user_schemas(config, keep_going)
    _check_folders_inside(config)
    return config


def _kind(path: str) -> str:
    import stat

    mode = os.stat(path).st_mode
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    return "a socket" if stat.S_ISSOCK(mode) else "a device"


def _check_folders_inside(config: Config) -> None:
    """The docs root and each type's folder must resolve inside the config root: documents are
    never read from, nor written to, another repository or the rest of the machine."""
    root = os.path.realpath(config.root_dir)
    inside = root if root.endswith(os.sep) else root + os.sep
    named = [("docs_root", config.docs_root)] + [(f"types.{t.name}.folder", t.folder) for t in config.types.values() if t.folder]
    for key, folder in named:
        if not isinstance(folder, str):
            continue
        resolved = os.path.realpath(os.path.join(config.root_dir, folder))
        if resolved != root and not resolved.startswith(inside):
            raise ConfigError(
                f"{config.source_file or config.root_dir}: {key} {folder!r} resolves to {resolved}, outside {root}; documents must live inside the repository"
            )


def _check_globs(config: Config) -> None:
    """A glob that cannot be compiled is one config error naming it, not a crash when the first file is matched."""
    from artifactkit.io import settled

    patterns = [config.ignore, [[t.paths, t.exclude] for t in config.types.values()]]
    if settled.passed("globs", patterns):  # compiled before: a run that matches none (lint FILE) loads no glob engine
        return
    from artifactkit.io.globs import GlobError, check

    where = config.source_file or config.root_dir
    try:
        check(config.ignore)
    except GlobError as exc:
        raise ConfigError(f"{where}: ignore: {exc}") from None
    for doctype in config.types.values():
        for key in ("paths", "exclude"):
            try:
                check(getattr(doctype, key))
            except GlobError as exc:
                raise ConfigError(f"{where}: type {doctype.name!r} {key}: {exc}") from None
    settled.remember_passed("globs", patterns)


def _compile_user_schemas(config: Config, keep_going: bool = False) -> None:
    """Compile each user schema now, so that a broken one (a ``$ref`` to nothing, a reference to a
    schema that is not registered, a pattern the linear regex engine refuses) is one config error
    naming its file, before any document is linted. Schemas that compiled before (io.settled)
    are compiled again only when a document is validated against them."""
    from artifactkit.io import settled

    own = [
        [t.name, t.schemas, [str(p) for p in t.schema_paths]]
        for t in config.types.values()
        if not t.builtin and any(p not in _builtin_paths() for p in t.schema_paths)
    ]
    if not own and not config.remote_schemas:
        return
    # what each compile reads: the user schemas, every other schema they may refer to, the broken types so far
    inputs = [own, config.resources(), sorted(config.broken)]
    if settled.passed("compiled", inputs):
        return
    import jsonschema_rs

    for doctype in config.types.values():
        if not doctype.builtin and doctype.name not in config.broken:
            _compile_type_schemas(config, doctype, keep_going)
    known = config.resources()
    for url, schema in config.remote_schemas.items():
        try:
            schemas.Validation(schema, known, url, checked=True)
        except (jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError, ValueError) as exc:
            raise ConfigError(f"{config.source_file}: remote schema {url}: {schemas.compile_problem(exc)}") from None
    if not config.broken:
        settled.remember_passed("compiled", inputs)


def _compile_type_schemas(config: Config, doctype: DocType, keep_going: bool) -> None:
    """Compile ``doctype``'s own schemas against what is known so far (without the schemas found broken)."""
    import jsonschema_rs

    known = config.resources()
    for schema, path in zip(doctype.schemas, doctype.schema_paths):
        if path in _builtin_paths():
            continue
        try:
            compiled = schemas.Validation(schema, known, schemas.schema_uri(schema, path), checked=True)
        except (jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError, ValueError, RecursionError) as exc:
            problem = "schema is nested too deeply to compile" if isinstance(exc, RecursionError) else schemas.compile_problem(exc)
            if not keep_going:
                raise ConfigError(f"{path}: {problem}") from None
            config.broken[doctype.name] = f"{path}: {problem}"
            return
        if len(doctype.schemas) == 1:  # the type's own validator: what Config.validator would build again
            config._validators[doctype.name] = compiled


def _builtin_paths() -> set[str]:
    return {path for _, path in _BUILTIN_CACHE.values()}


def _config_message(err) -> str:
    if err.kind.name == "type":  # in the YAML/TOML the user wrote, not JSON: 'string', as the message always said
        expected = ", ".join(repr(t) for t in err.kind.as_dict()["types"])
        return f"{err.instance!r} is not of type {expected}"
    return " ".join(err.message.split())


def _validate(raw: dict, source: str) -> None:
    """The config is checked by the same validator as documents (jsonschema-rs): no second validator to import.
    Settings that passed before (io.settled) are not checked again."""
    from artifactkit.io import settled

    if settled.passed("valid", raw):
        return
    schema = json.loads(read_settings_text(os.path.join(resources.data_folder("schemas"), "config.schema.json")))
    validation = schemas.Validation(schema, {}, schema["$id"])
    if not validation.is_valid(raw):
        err = min(validation.iter_errors(raw), key=lambda e: [str(p) for p in e.instance_path])
        where = ".".join(str(p) for p in err.instance_path) or "top level"
        raise ConfigError(f"{source}: invalid config at {where}: {_config_message(err)}")
    from artifactkit.checks.rules import all_rules  # here: settings that passed before need no rule family imported

    known = all_rules()
    for rule in raw.get("rules") or {}:
        if rule not in known:
            raise ConfigError(f"{source}: unknown rule {rule!r} in 'rules'{did_you_mean(rule, known)} (known: {', '.join(sorted(known))})")
    settled.remember_passed("valid", raw)


_BUILTIN_CACHE: dict[str, tuple[dict, str]] = {}


def builtin_types() -> dict[str, doctypes.DocType]:
    out = {}
    for name, path in resources.builtin_schema_paths().items():
        if name not in _BUILTIN_CACHE:
            _BUILTIN_CACHE[name] = (json.loads(read_settings_text(path)), path)
        schema, path = _BUILTIN_CACHE[name]
        out[name] = doctypes.from_schema(name, schema, path, builtin=True)
    return out


def _user_type(name: str, spec: dict, config: Config) -> doctypes.DocType:
    from artifactkit.schema.templates import is_url

    base_name = spec.get("extends")
    base = config.types.get(base_name) if base_name else config.types.get(name)
    if base_name and (base is None or not base.builtin):
        builtins = [n for n, t in config.types.items() if t.builtin]
        raise ConfigError(f"{config.source_file}: type {name!r} extends unknown built-in type {base_name!r}{did_you_mean(str(base_name), builtins)}")
    chain, paths = (list(base.schemas), list(base.schema_paths)) if base else ([], [])
    if spec.get("schema"):
        user, schema_path = _schema_file(name, spec["schema"], config)
        chain, paths = chain + [user], paths + [schema_path]
    from artifactkit.schema.compile import compile_type

    compiled = compile_type(name, spec, str(config.source_file))
    if compiled is not None:  # sections/frontmatter written in the config: one more schema in the chain
        schemas.check_schema(compiled, f"{config.source_file}: type {name!r}")
        chain, paths = chain + [compiled], paths + [config.source_file or config.root_dir]
    if spec.get("statuses"):  # the team's own vocabulary replaces the base type's
        chain, paths = _with_own_statuses(name, spec, base, chain, paths, config)
    if not chain:
        raise ConfigError(f"{config.source_file}: type {name!r} needs 'sections', 'frontmatter', a 'schema' or 'extends'")
    doctype = doctypes.DocType(name, chain, paths)
    _apply_settings(doctype, base, spec)
    if spec.get("template") and not is_url(spec["template"]):
        doctype.template = os.path.realpath(os.path.join(config.root_dir, spec["template"]))
    return doctype


def _apply_settings(doctype: doctypes.DocType, base: doctypes.DocType | None, spec: dict) -> None:
    """The base type's settings, then those of the schemas added to the chain, then the config's."""
    if base:
        for key in doctypes.META_FIELDS:
            setattr(doctype, key, getattr(base, key))
    for schema in doctype.schemas[len(base.schemas) if base else 0 :]:
        doctypes.apply_meta(doctype, schema.get("x-artifactkit") or {})
    doctypes.apply_meta(doctype, spec)
    doctype.scoped = bool(base and base.scoped and "paths" not in spec)  # inherited built-in globs stay below docs_root
    doctype.default_exclude = bool(base and base.default_exclude and doctype.exclude == base.exclude and "exclude" not in spec)


def _schema_file(name: str, relpath: str, config: Config) -> tuple[dict, str]:
    """The JSON Schema file a user type names, read and checked, and its resolved path."""
    schema_path = os.path.realpath(os.path.join(config.root_dir, relpath))
    if not os.path.isfile(schema_path):
        found = f"is not a regular file ({_kind(schema_path)})" if os.path.exists(schema_path) else "not found"
        raise ConfigError(f"{config.source_file}: type {name!r}: schema file {relpath} {found}")
    user = schemas.load_schema_file(schema_path)
    for key in schemas.unmatchable_section_keys(user):
        raise ConfigError(
            f"{schema_path}: section key {key!r} can never match a heading: keys are headings lower-cased, "
            f"spaces collapsed, without a trailing colon — write {schemas.section_key(key)!r}"
        )
    return user, schema_path


def _with_own_statuses(name: str, spec: dict, base: doctypes.DocType | None, chain: list, paths: list, config: Config) -> tuple[list, list]:
    """The schema chain with the type's own status vocabulary in place of the base type's."""
    from artifactkit.schema.compile import status_schema, with_statuses

    field = spec.get("status_field", base.status_field if base else "status") or "status"
    chain = with_statuses(chain, field, spec["statuses"], name)
    if not any(s.get("$id", "").startswith(f"urn:artifactkit:config-type:{name}:statuses:") for s in chain):
        chain, paths = chain + [status_schema(name, field, spec["statuses"])], paths + [config.source_file or config.root_dir]
    return chain, paths
