"""Render one document from a Copier or cookiecutter template into a private temporary folder.

Nothing here writes into the user's repository: ``render`` returns the document's text and
``artifactkit new`` moves it into place with the never-overwrite rules of ``io.writer``.
Copier and cookiecutter are imported inside the functions that use them.

Safety rules:

* templates that run code — Copier ``_tasks`` / ``_jinja_extensions`` / ``_migrations``, and every
  cookiecutter template (it renders without a sandbox) — are refused unless the user passes ``--trust``;
* an untrusted Copier template renders with an allow-list of filters and globals (``sandbox``),
  in a child process with CPU and memory limits (``bounded``);
* a rendered path that is a symbolic link, contains ``..`` or lands outside the output folder
  is refused;
* Copier never writes an answers file we use, and cookiecutter's replay and clone folders
  point into the temporary folder, never into the user's home.
"""

from __future__ import annotations

import os
import re
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from artifactkit.errors import RefusedError, UserError
from artifactkit.scaffold.sources import TemplateSource, check_trust

TRUST_HINT = "refusing to use it — pass --trust if you trust its authors"


@dataclass
class Rendered:
    name: str  # path of the document relative to the output folder
    text: str
    ignored: list[str] = field(default_factory=list)  # other rendered files, not used
    answers: dict = field(default_factory=dict)  # what the user typed at the template's prompts


def render(
    source: TemplateSource, data: dict, workdir: Path, *, interactive: bool, trust: bool, expected_name: str | None = None, user_defaults: dict | None = None
) -> Rendered:
    """Render ``source`` with ``data`` into a fresh folder under ``workdir`` and return its document;
    ``user_defaults`` are asked at the prompts with these defaults (Copier only)."""
    check_trust(source, trust)
    sandbox = Path(workdir) / f"render-{len(list(Path(workdir).glob('render-*')))}"
    out = sandbox / "out"
    out.mkdir(parents=True)
    answers: dict = {}
    if source.kind == "copier" and not trust:
        from artifactkit.scaffold.bounded import call_bounded

        def copier_render() -> dict:
            return _render_copier(source, data, out, interactive=interactive, trust=False, user_defaults=user_defaults)

        answers = call_bounded(copier_render, source.display)
    elif source.kind == "copier":  # trusted: its tasks may legitimately need time and memory
        answers = _render_copier(source, data, out, interactive=interactive, trust=True, user_defaults=user_defaults)
    else:
        _render_cookiecutter(source, {**(user_defaults or {}), **data}, out, sandbox, trust=trust)
    rendered = _collect(source, sandbox, out, expected_name)
    rendered.answers = answers
    return rendered


def _render_copier(source: TemplateSource, data: dict, out: Path, *, interactive: bool, trust: bool, user_defaults: dict | None = None) -> dict:
    import warnings

    from copier.errors import (
        CopierError,
        ForbiddenPathError,
        InteractiveSessionError,
        UnsafeTemplateError,
    )
    from jinja2 import TemplateError

    from artifactkit.scaffold.sandbox import UntrustedFeatureError, copy_template

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return copy_template(source.path, out, data, defaults=not interactive, unsafe=trust, user_defaults=user_defaults)
    except UntrustedFeatureError as exc:
        raise RefusedError(
            f"template {source.display}: {_failing_file(exc, source)} uses the {exc.kind} {exc.name!r}, "
            f"which reads this machine (environment, files or commands); {TRUST_HINT}"
        ) from None
    except TemplateError as exc:  # the sandbox's SecurityError, syntax and undefined names: the template's to fix
        message = " ".join(str(exc).split()) or type(exc).__name__
        raise UserError(
            f"template {source.display}: {_failing_file(exc, source)} failed to render ({type(exc).__name__}: {message}); fix the template"
        ) from None
    except UnsafeTemplateError:
        raise RefusedError(f"template {source.display} runs code when rendered; {TRUST_HINT}") from None
    except ForbiddenPathError as exc:
        raise RefusedError(f"template {source.display} renders a file outside its output folder ({exc}); refusing") from None
    except KeyboardInterrupt:  # Copier's CopierAnswersInterrupt is also a CopierError: Ctrl-C stays Ctrl-C
        raise
    except (InteractiveSessionError, EOFError):
        raise UserError("a template question needs an answer and there is no terminal to ask — pass it with --set KEY=VALUE") from None
    except CopierError as exc:
        raise UserError(f"template {source.display}: {str(exc).splitlines()[0]}") from None
    except MemoryError:  # the child's memory limit: reported as such by ``bounded``
        raise
    except Exception as exc:  # {{ 1/0 }}, {{ 'a' + 1 }}, range(10**8): the template's error, not ours
        error = _runtime_error(exc, source)
        if error is not None:
            raise error from None
        if isinstance(exc, ValueError):  # Copier's answer validation
            raise UserError(_answer_error(str(exc))) from None
        raise


def _template_frame(exc: BaseException, source: TemplateSource) -> str | None:
    """Where in the template a runtime error was raised (Jinja shows template lines in the
    traceback: a template file, or ``<template>`` for a string in copier.yml); None if nowhere."""
    frames = traceback.extract_tb(exc.__traceback__)
    root = os.path.realpath(source.path)
    for frame in frames:
        name = frame.filename
        if name == "<template>" or _relative_template_name(name) or (os.path.isabs(name) and os.path.commonpath([os.path.realpath(name), root]) == root):
            return _failing_file(exc, source)
    return None


def _relative_template_name(name: str | None) -> bool:
    """Cookiecutter loads a template's files by names relative to its folder; Python's own frames
    are absolute paths or ``<frozen …>``-like."""
    return name is not None and name != "" and not os.path.isabs(name) and not name.startswith("<")


def _failing_file(exc: BaseException, source: TemplateSource) -> str:
    """The template file (and line) a Jinja error came from: Jinja puts template files in the traceback."""
    root = os.path.realpath(source.path)
    places = [(getattr(exc, "filename", None), getattr(exc, "lineno", None))]
    places += [(frame.filename, frame.lineno) for frame in reversed(traceback.extract_tb(exc.__traceback__))]
    for name, line in places:
        if name and os.path.isabs(name) and os.path.commonpath([os.path.realpath(name), root]) == root:
            return os.path.relpath(os.path.realpath(name), root) + (f":{line}" if line else "")
        if _relative_template_name(name):
            return f"{name}:{line}" if line else str(name)
    if source.kind == "cookiecutter":
        return "cookiecutter.json (a default value or a templated file name)"
    return "copier.yml (a question, a setting or a templated file name)"


def _runtime_error(exc: Exception, source: TemplateSource) -> UserError | None:
    """A template's runtime error (``{{ 1/0 }}``) as the template's one-line error; None if it is not one."""
    where = _template_frame(exc, source)
    if where is None:
        return None
    message = " ".join(str(exc).split()) or type(exc).__name__
    return UserError(f"template {source.display}: {where} failed to render ({type(exc).__name__}: {message}); fix the template")


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
    # a config given as a dict means cookiecutter reads no ~/.cookiecutterrc; its folders are ours
    config = {"replay_dir": str(state / "replay"), "cookiecutters_dir": str(state / "clones"), "default_context": {}}
    extra = {k: v for k, v in data.items() if k in source.questions}
    _check_cookiecutter_names(source, extra)
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
    except MemoryError:
        raise
    except Exception as exc:  # {{ 1/0 }} in a file: the template's error, as for Copier
        error = _runtime_error(exc, source)
        if error is not None:
            raise error from None
        if isinstance(exc, ValueError):
            raise UserError(f"template {source.display}: invalid answer: {exc}") from None
        raise


def _check_cookiecutter_names(source: TemplateSource, extra: dict) -> None:
    """Render every file and folder name first; refuse names that would leave the output folder."""
    from cookiecutter.environment import StrictEnvironment
    from cookiecutter.exceptions import CookiecutterException
    from cookiecutter.generate import generate_context
    from cookiecutter.prompt import prompt_for_config
    from jinja2 import TemplateError

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
    except (TemplateError, CookiecutterException, ValueError, TypeError) as exc:  # the template's problem, in one line
        raise UserError(f"template {source.display}: cannot render file names: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}") from None
    except MemoryError:
        raise
    except Exception as exc:  # {{ 1/0 }} in cookiecutter.json
        error = _runtime_error(exc, source)
        if error is None:
            raise
        raise error from None


def _collect(source: TemplateSource, sandbox: Path, out: Path, expected_name: str | None) -> Rendered:
    stray = [p.name for p in sandbox.iterdir() if p.name not in ("out", "cookiecutter-state")]
    if stray:
        raise RefusedError(f"template {source.display} wrote outside its output folder ({', '.join(stray)}); refusing")
    documents, others = _rendered_files(source, out)
    doc = _the_document(source, documents, others, expected_name)
    from artifactkit.io.textio import read_bytes

    try:
        text = read_bytes(out / doc, what="document").decode("utf-8")  # bounded: a template can render gigabytes
    except OSError as exc:
        raise UserError(f"template {source.display} rendered {doc}, which cannot be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UserError(f"template {source.display} rendered {doc}, which is not UTF-8 text") from None
    return Rendered(doc, text, sorted(others))


def _rendered_files(source: TemplateSource, out: Path) -> tuple[list[str], list[str]]:
    """The Markdown files and the other files under ``out``; a link or a path leaving it is refused."""
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
    return documents, others


def _the_document(source: TemplateSource, documents: list[str], others: list[str], expected_name: str | None) -> str:
    """The one document; with several, the one named as expected (the rest join ``others``)."""
    if not documents:
        raise UserError(f"template {source.display} rendered no Markdown (.md) file")
    if len(documents) == 1:
        return documents[0]
    chosen = [d for d in documents if expected_name and Path(d).name == expected_name]
    if len(chosen) != 1:
        raise UserError(
            f"template {source.display} rendered {len(documents)} Markdown files ({', '.join(sorted(documents))}); a document template must render exactly one"
        )
    others.extend(d for d in documents if d != chosen[0])
    return chosen[0]
