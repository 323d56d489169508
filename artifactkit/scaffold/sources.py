"""Find a template (a local folder or a git URL), check its files, read its questions, and say
whether it runs code.

Every file of a template is read through the bounded reader; a template holding a FIFO, a
device or a link leading out of it is refused before Copier or cookiecutter sees it.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from artifactkit.errors import RefusedError, UserError
from artifactkit.io.textio import SETTINGS_MAX_BYTES, read_settings_text
from artifactkit.schema.templates import expand_url, is_url

COPIER_CONFIGS = ("copier.yml", "copier.yaml")
UNSAFE_COPIER_KEYS = ("_tasks", "_jinja_extensions", "_migrations")
COOKIECUTTER_UNSANDBOXED = "cookiecutter renders without a sandbox"
_INCLUDE_RE = re.compile(r"!include\s+(['\"]?)([^'\"\s#]+)\1")


@dataclass
class TemplateSource:
    kind: str  # "copier" or "cookiecutter"
    path: Path  # a local folder (a clone for remote templates)
    display: str  # what the user wrote, for messages
    questions: dict = field(default_factory=dict)  # question name -> its settings (copier) or default (cookiecutter)
    unsafe: list[str] = field(default_factory=list)  # why rendering it runs code


def _clone(url: str, dest: Path) -> Path:
    url = expand_url(url)
    if not url.startswith(("https://", "http://", "git://", "ssh://", "file://", "git@")):
        raise UserError(f"template {url!r}: unsupported URL scheme (use https://, ssh://, git@host:..., file:// or a local path)")
    cmd = ["git", "-c", "protocol.ext.allow=never", "-c", "protocol.fd.allow=never", "clone", "--quiet", "--", url, str(dest)]
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    try:
        proc = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=300, env=env)
    except FileNotFoundError:
        raise UserError("git is not installed; it is needed to fetch the template " + url) from None
    except subprocess.TimeoutExpired:
        raise UserError(f"template {url}: git clone timed out") from None
    if proc.returncode != 0:
        detail = (proc.stderr.strip().splitlines() or ["git clone failed"])[-1]
        raise UserError(f"template {url}: cannot clone it: {detail}")
    return dest


def open_template(spec: str, workdir: Path) -> TemplateSource:
    """Locate a template (cloning a git URL into ``workdir``) and read its questions and unsafe features."""
    if is_url(spec):
        path = _clone(spec, workdir / "template")
    else:
        path = Path(spec).expanduser()
        if not path.is_dir():
            raise UserError(f"template {spec}: no such folder")
    check_template_files(path, spec)
    if (path / "cookiecutter.json").is_file():
        return _open_cookiecutter(path, spec)
    if any((path / name).is_file() for name in COPIER_CONFIGS):
        return _open_copier(path, spec)
    raise UserError(f"template {spec}: not a Copier template (no copier.yml) nor a cookiecutter template (no cookiecutter.json)")


def check_template_files(root: Path, spec: str) -> None:
    """Refuse a template holding anything but regular files and folders inside it (a FIFO or a
    device would hang the renderer; a link out of it would copy a file of this machine)."""
    base = os.path.realpath(root)
    for folder, dirs, files in os.walk(root):
        if folder == str(root):
            dirs[:] = [d for d in dirs if d != ".git"]  # git's own files are not rendered
        for name in [*dirs, *files]:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, root)
            real = os.path.realpath(path)
            if os.path.commonpath([real, base]) != base:
                raise UserError(f"template {spec}: {rel} links outside the template folder; a template may only link inside itself")
            try:
                st = os.stat(real)
            except OSError:
                raise UserError(f"template {spec}: {rel} is a broken link; remove it or fix its target") from None
            mode = st.st_mode
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                raise UserError(f"template {spec}: {rel} is not a regular file (a FIFO, socket or device); remove it from the template")
            if stat.S_ISREG(mode) and st.st_size > SETTINGS_MAX_BYTES:
                raise UserError(f"template {spec}: {rel} is over the {SETTINGS_MAX_BYTES // 1048576} MiB limit for a template file")


def _read_text(path: Path, spec: str, root: Path) -> str:
    try:
        return read_settings_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UserError(f"template {spec}: cannot read {path.relative_to(root)}: {reason}") from None


def _load_yaml(text: str, name: str, spec: str) -> list:
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import SafeConstructor
    from ruamel.yaml.error import YAMLError

    class _Constructor(SafeConstructor):  # '!include' is followed separately; here it reads as nothing
        pass

    _Constructor.add_constructor("!include", lambda _constructor, _node: None)
    yaml = YAML(typ="safe", pure=True)
    yaml.Constructor = _Constructor
    try:
        docs = list(yaml.load_all(text))
    except (YAMLError, ValueError, TypeError) as exc:  # a broken template is its author's to fix: say where
        raise UserError(f"template {spec}: cannot read {name}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    except RecursionError:  # ruamel's composer recurses once per nesting level
        raise UserError(f"template {spec}: cannot read {name}: nested too deep") from None
    from artifactkit.schema.schemas import check_size

    check_size(docs, f"template {spec}: {name}")  # an alias bomb or absurd nesting, before anything walks it
    return docs


def _included(root: Path, file: Path, pattern: str, spec: str) -> list[Path]:
    """The files ``!include PATTERN`` in ``file`` names, each a regular file inside ``root``."""
    where = f"template {spec}: {file.relative_to(root)}: !include {pattern}"
    if os.path.isabs(pattern):
        raise UserError(f"{where}: the path must be relative to the template folder")
    base = os.path.realpath(root)
    matches = []
    try:
        found = sorted(root.glob(pattern))
    except (ValueError, NotImplementedError, OSError) as exc:
        raise UserError(f"{where}: {exc}") from None
    for match in found:
        if os.path.commonpath([os.path.realpath(match), base]) != base:
            raise UserError(f"{where}: it leads outside the template folder; include only files inside the template")
        matches.append(match)
    return matches


def _copier_config_texts(root: Path, first: Path, spec: str) -> list[tuple[Path, str]]:
    """``copier.yml`` and every file it pulls in with ``!include`` (recursively), with their text."""
    seen: set[str] = set()
    out: list[tuple[Path, str]] = []
    todo = [first]
    while todo:
        path = todo.pop(0)
        real = os.path.realpath(path)
        if real in seen or os.path.isdir(real):
            continue
        seen.add(real)
        text = _read_text(path, spec, root)
        out.append((path, text))
        for match in _INCLUDE_RE.finditer(text):
            todo.extend(_included(root, path, match.group(2), spec))
    return out


def _open_copier(path: Path, spec: str) -> TemplateSource:
    config = next(path / name for name in COPIER_CONFIGS if (path / name).is_file())
    questions: dict = {}
    unsafe: list[str] = []
    for file, text in _copier_config_texts(path, config, spec):
        for doc in _load_yaml(text, str(file.relative_to(path)), spec):
            if not isinstance(doc, dict):
                continue
            for key, value in doc.items():
                key = str(key)
                if key in UNSAFE_COPIER_KEYS and value and key not in unsafe:
                    unsafe.append(key)
                elif not key.startswith("_"):
                    questions[key] = value if isinstance(value, dict) else {"default": value}
        for key in UNSAFE_COPIER_KEYS:  # also catch keys hidden from the plain loader (flow style, anchors)
            if re.search(rf"^\s*['\"]?{key}['\"]?\s*:", text, re.MULTILINE) and key not in unsafe:
                unsafe.append(key)
    return TemplateSource("copier", path, spec, questions, unsafe)


def _open_cookiecutter(path: Path, spec: str) -> TemplateSource:
    try:
        context = json.loads(_read_text(path / "cookiecutter.json", spec, path))
    except json.JSONDecodeError as exc:
        raise UserError(f"template {spec}: cannot read cookiecutter.json: {exc}") from None
    except RecursionError:  # json recurses once per nesting level
        raise UserError(f"template {spec}: cannot read cookiecutter.json: nested too deep") from None
    if not isinstance(context, dict):
        raise UserError(f"template {spec}: cookiecutter.json must be a JSON object")
    # cookiecutter renders with an unsandboxed Jinja: its every template is code
    unsafe = [COOKIECUTTER_UNSANDBOXED]
    hooks = path / "hooks"
    if hooks.is_dir() and any(p.is_file() for p in hooks.rglob("*")):
        unsafe.append("hooks/")
    if context.get("_extensions"):
        unsafe.append("_extensions")
    if {"template", "templates"} & set(context):
        raise UserError(f"template {spec}: nested cookiecutter templates are not supported; point 'template' at one of them")
    questions = {k: v for k, v in context.items() if not k.startswith("_")}
    return TemplateSource("cookiecutter", path, spec, questions, unsafe)


def check_trust(source: TemplateSource, trust: bool) -> None:
    if source.unsafe and not trust:
        raise RefusedError(
            f"template {source.display} runs code when rendered ({', '.join(source.unsafe)}); refusing to use it — pass --trust if you trust its authors"
        )
