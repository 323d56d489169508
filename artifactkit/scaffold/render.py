"""Render one document from a Copier or cookiecutter template into a private temporary folder.

Nothing here writes into the user's repository: ``render`` returns the document's text and
``artifactkit new`` moves it into place with the never-overwrite rules of ``writer``.
Copier and cookiecutter are imported inside the functions that use them.

Safety rules:

* templates that run code — Copier ``_tasks`` / ``_jinja_extensions`` / ``_migrations``,
  cookiecutter ``hooks/`` or ``_extensions`` — are refused unless the user passes ``--trust``;
* a rendered path that is a symbolic link, contains ``..`` or lands outside the output folder
  is refused;
* Copier never writes an answers file we use, and cookiecutter's replay and clone folders
  point into the temporary folder, never into the user's home.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from artifactkit.errors import RefusedError, UserError

COPIER_CONFIGS = ("copier.yml", "copier.yaml")
UNSAFE_COPIER_KEYS = ("_tasks", "_jinja_extensions", "_migrations")
URL_PREFIXES = ("https://", "http://", "git://", "ssh://", "file://", "git@", "git+https://", "git+ssh://", "gh:", "gl:")
_INCLUDE_RE = re.compile(r"!include\s+(['\"]?)([^'\"\s#]+)\1")


@dataclass
class TemplateSource:
    kind: str  # "copier" or "cookiecutter"
    path: Path  # a local folder (a clone for remote templates)
    display: str  # what the user wrote, for messages
    questions: dict = field(default_factory=dict)  # question name -> its settings (copier) or default (cookiecutter)
    unsafe: list[str] = field(default_factory=list)  # features that run code


@dataclass
class Rendered:
    name: str  # path of the document relative to the output folder
    text: str
    ignored: list[str] = field(default_factory=list)  # other rendered files, not used


def is_url(spec: str) -> bool:
    return spec.startswith(URL_PREFIXES) or "://" in spec


def _expand_url(spec: str) -> str:
    if spec.startswith("gh:"):
        return f"https://github.com/{spec[3:].removesuffix('.git')}.git"
    if spec.startswith("gl:"):
        return f"https://gitlab.com/{spec[3:].removesuffix('.git')}.git"
    if spec.startswith("git+"):
        return spec[4:]
    return spec


def _clone(url: str, dest: Path) -> Path:
    url = _expand_url(url)
    if not url.startswith(("https://", "http://", "git://", "ssh://", "file://", "git@")):
        raise UserError(f"template {url!r}: unsupported URL scheme (use https://, ssh://, git@host:..., file:// or a local path)")
    cmd = ["git", "-c", "protocol.ext.allow=never", "-c", "protocol.fd.allow=never", "clone", "--quiet", "--", url, str(dest)]
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env)
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
    if (path / "cookiecutter.json").is_file():
        return _open_cookiecutter(path, spec)
    if any((path / name).is_file() for name in COPIER_CONFIGS):
        return _open_copier(path, spec)
    raise UserError(f"template {spec}: not a Copier template (no copier.yml) nor a cookiecutter template (no cookiecutter.json)")


def _read_yaml_file(path: Path, spec: str) -> list:
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import SafeConstructor

    class _Constructor(SafeConstructor):  # '!include' is followed separately; here it reads as nothing
        pass

    _Constructor.add_constructor("!include", lambda _constructor, _node: None)
    yaml = YAML(typ="safe", pure=True)
    yaml.Constructor = _Constructor
    try:
        return list(yaml.load_all(path.read_text(encoding="utf-8")))
    except Exception as exc:  # a broken template is the template author's to fix: say where
        raise UserError(f"template {spec}: cannot read {path.name}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None


def _copier_config_files(root: Path, first: Path, seen: set[Path] | None = None) -> list[Path]:
    """``copier.yml`` plus every file it pulls in with ``!include`` (recursively)."""
    seen = seen if seen is not None else set()
    out = []
    for path in [first]:
        real = path.resolve()
        if real in seen or not real.is_file():
            continue
        seen.add(real)
        out.append(path)
        for match in _INCLUDE_RE.finditer(path.read_text(encoding="utf-8", errors="replace")):
            for included in sorted(root.glob(match.group(2))):
                out.extend(_copier_config_files(root, included, seen))
    return out


def _open_copier(path: Path, spec: str) -> TemplateSource:
    config = next(path / name for name in COPIER_CONFIGS if (path / name).is_file())
    questions: dict = {}
    unsafe: list[str] = []
    for file in _copier_config_files(path, config):
        for doc in _read_yaml_file(file, spec):
            if not isinstance(doc, dict):
                continue
            for key, value in doc.items():
                key = str(key)
                if key in UNSAFE_COPIER_KEYS and value and key not in unsafe:
                    unsafe.append(key)
                elif not key.startswith("_"):
                    questions[key] = value if isinstance(value, dict) else {"default": value}
        text = file.read_text(encoding="utf-8", errors="replace")
        for key in UNSAFE_COPIER_KEYS:  # also catch keys hidden from the plain loader (flow style, anchors)
            if re.search(rf"^\s*['\"]?{key}['\"]?\s*:", text, re.MULTILINE) and key not in unsafe:
                unsafe.append(key)
    return TemplateSource("copier", path, spec, questions, unsafe)


def _open_cookiecutter(path: Path, spec: str) -> TemplateSource:
    try:
        context = json.loads((path / "cookiecutter.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"template {spec}: cannot read cookiecutter.json: {exc}") from None
    if not isinstance(context, dict):
        raise UserError(f"template {spec}: cookiecutter.json must be a JSON object")
    unsafe = []
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
            f"template {source.display} runs code when rendered ({', '.join(source.unsafe)}); "
            "refusing to use it — pass --trust if you trust its authors"
        )


def render(source: TemplateSource, data: dict, workdir: Path, *, interactive: bool, trust: bool, expected_name: str | None = None) -> Rendered:
    """Render ``source`` with ``data`` into a fresh folder under ``workdir`` and return its document."""
    check_trust(source, trust)
    sandbox = Path(workdir) / f"render-{len(list(Path(workdir).glob('render-*')))}"
    out = sandbox / "out"
    out.mkdir(parents=True)
    if source.kind == "copier":
        _render_copier(source, data, out, interactive=interactive, trust=trust)
    else:
        _render_cookiecutter(source, data, out, sandbox, trust=trust)
    return _collect(source, sandbox, out, expected_name)


def _render_copier(source: TemplateSource, data: dict, out: Path, *, interactive: bool, trust: bool) -> None:
    import warnings

    from copier import Settings, run_copy
    from copier.errors import CopierError, ForbiddenPathError, UnsafeTemplateError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            run_copy(
                str(source.path),
                str(out),
                data=data,
                settings=Settings(),  # the user's copier settings (trusted repos, defaults) don't apply
                defaults=not interactive,
                unsafe=trust,
                quiet=True,
                overwrite=False,
                cleanup_on_error=False,
            )
    except UnsafeTemplateError:
        raise RefusedError(f"template {source.display} runs code when rendered; refusing to use it — pass --trust if you trust its authors") from None
    except ForbiddenPathError as exc:
        raise RefusedError(f"template {source.display} renders a file outside its output folder ({exc}); refusing") from None
    except ValueError as exc:
        raise UserError(_answer_error(str(exc))) from None
    except CopierError as exc:
        raise UserError(f"template {source.display}: {str(exc).splitlines()[0]}") from None
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # Jinja errors in a team's template are the template's problem, not a crash
        name = type(exc).__name__
        if name in ("TemplateSyntaxError", "UndefinedError", "TemplateError", "TemplateNotFound"):
            raise UserError(f"template {source.display} failed to render: {name}: {exc}") from None
        if name in ("InteractiveSessionError", "EOFError"):
            raise UserError("a template question needs an answer and there is no terminal to ask — pass it with --set KEY=VALUE") from None
        raise


def _answer_error(message: str) -> str:
    match = re.match(r'Question "(?P<name>[^"]+)" is required', message)
    if match:
        name = match.group("name")
        extra = " or --author NAME" if name == "author" else ""
        return f"missing answer for {name!r} — pass --set {name}=VALUE{extra}"
    match = re.match(r"Validation error for question '(?P<name>[^']+)': (?P<msg>.*)", message, re.DOTALL)
    if match:
        return f"invalid answer for {match.group('name')!r}: {' '.join(match.group('msg').split())}"
    return f"invalid answer: {' '.join(message.split())}"


def _render_cookiecutter(source: TemplateSource, data: dict, out: Path, sandbox: Path, *, trust: bool) -> None:
    try:
        from cookiecutter.exceptions import CookiecutterException
        from cookiecutter.main import cookiecutter
    except ImportError:
        raise UserError(f"template {source.display} is a cookiecutter template; install it with: pip install 'artifactkit[cookiecutter]'") from None
    state = sandbox / "cookiecutter-state"
    config = {"replay_dir": str(state / "replay"), "cookiecutters_dir": str(state / "clones"), "default_context": {}}
    extra = {k: v for k, v in data.items() if k in source.questions}
    _check_cookiecutter_names(source, extra)
    old_home = os.environ.get("HOME")
    os.environ["HOME"] = str(state / "home")  # belt and braces: nothing of cookiecutter's lands in the real home
    try:
        cookiecutter(
            str(source.path),
            no_input=True,
            extra_context=extra,
            output_dir=str(out),
            default_config=config,
            accept_hooks=trust,
            overwrite_if_exists=False,
        )
    except CookiecutterException as exc:
        raise UserError(f"template {source.display}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    except ValueError as exc:
        raise UserError(f"template {source.display}: invalid answer: {exc}") from None
    finally:
        if old_home is None:
            os.environ.pop("HOME", None)
        else:
            os.environ["HOME"] = old_home


def _check_cookiecutter_names(source: TemplateSource, extra: dict) -> None:
    """Render every file and folder name first; refuse names that would leave the output folder."""
    from cookiecutter.environment import StrictEnvironment
    from cookiecutter.generate import generate_context
    from cookiecutter.prompt import prompt_for_config

    try:
        context = generate_context(context_file=str(source.path / "cookiecutter.json"), default_context={}, extra_context=extra)
        context["cookiecutter"].update(prompt_for_config(context, no_input=True))
        env = StrictEnvironment(context=context, keep_trailing_newline=True)
        for folder, dirs, files in os.walk(source.path):
            rel = Path(folder).relative_to(source.path)
            if rel.parts[:1] in (("hooks",), (".git",)):
                dirs[:] = []
                continue
            for name in [*dirs, *files]:
                if "{{" not in name and "{%" not in name:
                    continue
                rendered = env.from_string(name).render(cookiecutter=context["cookiecutter"])
                if "/" in rendered or "\\" in rendered or rendered in ("", ".", "..") or "\x00" in rendered:
                    raise RefusedError(f"template {source.display}: file name {name!r} renders as {rendered!r}, which would leave the output folder; refusing")
    except RefusedError:
        raise
    except Exception as exc:  # bad context or Jinja in names: the template's problem, said in one line
        raise UserError(f"template {source.display}: cannot render file names: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}") from None


def _collect(source: TemplateSource, sandbox: Path, out: Path, expected_name: str | None) -> Rendered:
    stray = [p.name for p in sandbox.iterdir() if p.name not in ("out", "cookiecutter-state")]
    if stray:
        raise RefusedError(f"template {source.display} wrote outside its output folder ({', '.join(stray)}); refusing")
    documents: list[str] = []
    others: list[str] = []
    root = out.resolve()
    for folder, dirs, files in os.walk(out):
        for name in [*dirs, *files]:
            full = Path(folder) / name
            rel = full.relative_to(out).as_posix()
            if full.is_symlink():
                raise RefusedError(f"template {source.display} renders a symbolic link ({rel}); refusing")
            if ".." in Path(rel).parts or not full.resolve().is_relative_to(root):
                raise RefusedError(f"template {source.display} renders a file outside its output folder ({rel}); refusing")
        for name in files:
            rel = (Path(folder) / name).relative_to(out).as_posix()
            (documents if name.lower().endswith(".md") else others).append(rel)
    if not documents:
        raise UserError(f"template {source.display} rendered no Markdown (.md) file")
    if len(documents) > 1:
        chosen = [d for d in documents if expected_name and Path(d).name == expected_name]
        if len(chosen) != 1:
            raise UserError(f"template {source.display} rendered {len(documents)} Markdown files ({', '.join(sorted(documents))}); a document template must render exactly one")
        others.extend(d for d in documents if d != chosen[0])
        documents = chosen
    doc = documents[0]
    try:
        text = (out / doc).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UserError(f"template {source.display} rendered {doc}, which is not UTF-8 text") from None
    return Rendered(doc, text, sorted(others))
