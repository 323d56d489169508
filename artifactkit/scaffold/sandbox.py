"""The Jinja environment a Copier template renders in.

Copier always renders in Jinja's sandbox, but it also hands templates filters that read the
machine (``expandvars``, ``expanduser``, ``fileglob``, ``realpath``, ``relpath``: the
environment, the home folder, the file system, the working folder). An untrusted template
gets an allow-list instead: every filter, test or global not named below is replaced by one
that refuses, so a filter a future Copier adds is refused until someone reviews it.

Whether trusted or not, the template's files are read through the bounded reader: a template
file that is a FIFO, a device or a link out of the template cannot hang or leak.
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import PurePath
from typing import Any

from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_NAMESPACE, DEFAULT_TESTS
from jinja2.exceptions import SecurityError, TemplateNotFound

from artifactkit.io.textio import read_settings_text

# jinja2-ansible-filters (which Copier loads) minus the ones that read the environment or files
PURE_ANSIBLE_FILTERS = frozenset(
    {
        "ans_groupby",
        "b64decode",
        "b64encode",
        "to_uuid",
        "to_json",
        "to_nice_json",
        "from_json",
        "to_yaml",
        "to_nice_yaml",
        "from_yaml",
        "from_yaml_all",
        "basename",
        "dirname",
        "splitext",
        "win_basename",
        "win_dirname",
        "win_splitdrive",
        "bool",
        "to_datetime",
        "strftime",
        "quote",
        "md5",
        "sha1",
        "checksum",
        "hash",
        "regex_replace",
        "regex_escape",
        "regex_search",
        "regex_findall",
        "ternary",
        "ans_random",
        "shuffle",
        "mandatory",
        "comment",
        "type_debug",
        "combine",
        "extract",
        "flatten",
        "subelements",
        "random_mac",
    }
)
ALLOWED = {
    "filter": frozenset(DEFAULT_FILTERS) | PURE_ANSIBLE_FILTERS,
    "test": frozenset(DEFAULT_TESTS),
    "global": frozenset(DEFAULT_NAMESPACE) | {"pathjoin"},  # pathjoin: Copier's pure path joiner
}


# Copier passes a template's `_envops` to Jinja as they are: only plain syntax settings, of the right type
ENVOPS_TYPES = {
    **dict.fromkeys(
        (
            "block_start_string",
            "block_end_string",
            "variable_start_string",
            "variable_end_string",
            "comment_start_string",
            "comment_end_string",
            "line_statement_prefix",
            "line_comment_prefix",
            "newline_sequence",
            "undefined",
        ),
        str,
    ),
    **dict.fromkeys(("trim_blocks", "lstrip_blocks", "keep_trailing_newline", "autoescape"), bool),
}


def check_envops(envops: dict) -> None:
    """Refuse (as Copier's own config error) `_envops` Jinja would choke on or run."""
    from copier.errors import ConfigFileError

    for key, value in envops.items():
        kind = ENVOPS_TYPES.get(key)
        if kind is None:
            raise ConfigFileError(f"_envops: {key!r} is not supported (use only {', '.join(sorted(ENVOPS_TYPES))})")
        if not isinstance(value, kind) and value is not None:
            raise ConfigFileError(f"_envops: {key!r} must be a {'string' if kind is str else 'true or false'}")


class UntrustedFeatureError(SecurityError):
    """An untrusted template used a filter, test or global that is not on the allow-list."""

    def __init__(self, kind: str, name: str):
        super().__init__(f"the {kind} {name!r} is not allowed in an untrusted template")
        self.kind = kind
        self.name = name


def _refuser(kind: str, name: str):
    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise UntrustedFeatureError(kind, name)

    return refuse


def restrict(env) -> None:
    """Replace every filter, test and global of ``env`` that is not on the allow-list."""
    for kind, table in (("filter", env.filters), ("test", env.tests), ("global", env.globals)):
        for name in list(table):
            if name not in ALLOWED[kind]:
                table[name] = _refuser(kind, name)


def bounded_loader(root: PurePath):
    """A Jinja loader for the template folder that refuses, before reading, anything outside it
    or not a regular file (Copier's own loader reads first and checks after)."""
    from jinja2 import BaseLoader

    base = os.path.realpath(root)

    class BoundedLoader(BaseLoader):
        def get_source(self, environment, template):  # noqa: ARG002 - the signature is BaseLoader's
            path = os.path.join(base, *template.split("/"))
            real = os.path.realpath(path)
            if os.path.commonpath([real, base]) != base:
                raise SecurityError(f"{template} leads outside the template folder")
            try:
                source = read_settings_text(real)
            except FileNotFoundError:
                raise TemplateNotFound(template) from None
            except (OSError, UnicodeDecodeError) as exc:
                raise SecurityError(f"{template} cannot be read as a template: {exc}") from None
            mtime = os.path.getmtime(real)
            return source, real, lambda: os.path.exists(real) and os.path.getmtime(real) == mtime

    return BoundedLoader()


def worker_class():
    """Copier's ``Worker`` with the bounded loader, and the allow-list unless ``unsafe`` (--trust).

    ``Worker`` is Copier's internal class; if it changes shape this fails closed (nothing renders)."""
    from copier._main import Worker

    if not isinstance(Worker.__dict__.get("jinja_env"), cached_property) or not hasattr(Worker, "_render_context"):
        raise RuntimeError("this Copier version is not supported by artifactkit's template sandbox")

    class SandboxedWorker(Worker):
        @cached_property
        def jinja_env(self):
            from copier.errors import ConfigFileError

            check_envops(dict(self.template.envops))
            try:
                env = Worker.__dict__["jinja_env"].func(self)  # the cached_property checked above
            except (TypeError, AssertionError) as exc:  # Jinja's own checks of the settings above
                raise ConfigFileError(f"_envops: {exc}") from None
            env.loader = bounded_loader(self.template.local_abspath)
            if not self.unsafe:
                restrict(env)
            return env

        def _render_context(self):
            context = super()._render_context()
            if not self.unsafe:  # where Python, the template and the render folder live tell the template about this machine
                name = PurePath(self.template.local_abspath.name)
                context["_copier_python"] = "python3"
                context["_copier_conf"]["src_path"] = name
                context["_copier_conf"]["dst_path"] = PurePath(".")  # a private folder under $TMPDIR
                answers = context.get("_copier_answers")
                if isinstance(answers, dict) and "_src_path" in answers:
                    context["_copier_answers"] = {**answers, "_src_path": str(name)}
            return context

    return SandboxedWorker


def copy_template(src: PurePath, dst: PurePath, data: dict, *, defaults: bool, unsafe: bool, user_defaults: dict | None = None) -> dict:
    """Render ``src`` into ``dst`` as ``copier copy`` does; return the answers typed at the prompts.

    The user's own Copier settings (trusted repositories, default answers) never apply."""
    from copier._settings import SettingsModel

    worker = worker_class()(
        src_path=str(src),
        dst_path=dst,
        data=data,
        user_defaults=dict(user_defaults or {}),
        settings=SettingsModel(defaults={}, trust=set()),
        defaults=defaults,
        unsafe=unsafe,
        quiet=True,
        overwrite=False,
        cleanup_on_error=False,
    )
    with worker:
        worker.run_copy()
    return dict(getattr(getattr(worker, "answers", None), "user", None) or {})
