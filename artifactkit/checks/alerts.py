"""Runbooks that match their alerts: each Prometheus alerting rule's ``annotations.runbook_url``
must lead to a runbook in the repository, and every runbook should be reached by some alert.

Configured under ``runbooks:`` in ``.artifactkit.yaml``::

    runbooks:
      alert_rules: ["monitoring/**/*.rules.yml"]      # Prometheus rule files (globs from the config root)
      urls:                                           # URL prefix -> folder holding the runbooks
        "https://github.com/acme/ops/blob/main/docs/runbooks/": docs/runbooks
      default_branch: main                            # a URL pinned to another branch is reported
      types: [runbook]                                # default: the runbook type and types extending it

Rule files are Prometheus rule files (``groups: [{rules: [{alert, annotations}]}]``), or
PrometheusRule resources (the same under ``spec:``), several YAML documents per file allowed.
A rule file is input like a document: read with the bounds of a config (io.yaml12: size, values
counting aliases, nesting), only inside the repository, and once per change of the file.
"""

from __future__ import annotations

import os

from artifactkit.checks.context import Context
from artifactkit.checks.document import UNREADABLE
from artifactkit.checks.references import unquote
from artifactkit.errors import ConfigError
from artifactkit.io.paths import display_path
from artifactkit.lazyre import compiled_later
from artifactkit.problem import ERROR, REPOSITORY, WARNING, Problem, Rule
from artifactkit.record import NamedTuple

MISSING, FAILING, BRANCH, UNLINKED = RULES = (
    Rule(
        "alert-runbook-missing",
        ERROR,
        "An alert's runbook_url leads to no runbook in the repository.",
        "Write the runbook, or fix the alert's annotations.runbook_url.",
        REPOSITORY,
    ),
    Rule("alert-runbook-failing", ERROR, "An alert's runbook fails lint.", "Complete the runbook; its own findings say what is missing.", REPOSITORY),
    Rule(
        "alert-runbook-branch",
        WARNING,
        "An alert's runbook_url is pinned to a branch other than the default.",
        "Point the URL at the default branch.",
        REPOSITORY,
    ),
    Rule("runbook-unlinked", WARNING, "No alert's runbook_url leads to this runbook.", "Link the runbook from its alert, or remove it.", REPOSITORY),
)

# .../blob/<branch>/... (GitHub), .../-/blob/<branch>/... (GitLab), .../tree/<branch>/..., .../src/branch/<branch>/... (Gitea)
BRANCH_RE = compiled_later(r"^(?P<head>.*?/(?:-/)?(?:blob|tree|raw|src/branch)/)(?P<branch>[^/]+)(?P<tail>/.*)?$")
RUNBOOK_SUFFIXES = ("", ".md", "/README.md", "/index.md", "/_index.md")


class Alert(NamedTuple):
    """An alert of a rule file, with the runbook its runbook_url names (a NamedTuple: cheaper to
    define than a frozen dataclass, at every start)."""

    rule_file: str  # as the linter shows paths: relative to the current directory
    line: int
    name: str
    url: str | None


MAX_VALUES = 100_000  # values in one rule file, counting each use of a YAML alias (a large real one holds a few thousand)
MAX_DEPTH = 64  # nesting levels, as for configs and schemas
_READ: dict[tuple[str, str], tuple[tuple, tuple]] = {}  # (real path, as shown) -> (stat signature, answer): read once per change


def rule_files(settings: dict, root) -> list[str]:
    """The rule files ``alert_rules`` names: globs from the config root, matched like ``paths``
    (artifactkit.io.globs, linear time), found by walking the repository without following links to
    folders. A pattern that leads outside the repository is a one-line ConfigError."""
    from artifactkit.io.globs import GlobError, matches_any

    patterns = [str(p) for p in settings.get("alert_rules") or []]
    for pattern in patterns:
        if os.path.isabs(pattern) or ".." in pattern.replace("\\", "/").split("/"):
            raise ConfigError(f"runbooks.alert_rules: {pattern!r} leads outside the repository — name the rule files relative to the config file, inside it")
    anchored = tuple("/" + p.removeprefix("./") for p in patterns)  # from the config root, as glob.glob read them
    try:
        matches_any("", anchored)
    except GlobError as exc:
        raise ConfigError(f"runbooks.alert_rules: {exc}") from None
    base = os.path.realpath(str(root))
    found: set[str] = set()
    for start in sorted({_fixed_folder(p) for p in patterns}):
        top = os.path.join(str(root), start)
        real = os.path.realpath(top)
        if real != base and not real.startswith(base + os.sep):
            continue  # a folder link out of the repository: nothing there is a rule file of ours
        for folder, dirs, files in os.walk(top):  # os.walk never follows a link to a folder: no loops
            dirs[:] = [d for d in dirs if d != ".git"]
            for name in files:
                path = os.path.join(folder, name)
                if matches_any(os.path.relpath(path, str(root)).replace(os.sep, "/"), anchored):
                    found.add(path)
    return sorted(found)


def _fixed_folder(pattern: str) -> str:
    """The folders a pattern names before its first wildcard: where the walk for it starts."""
    parts = pattern.removeprefix("./").split("/")[:-1]
    fixed = []
    for part in parts:
        if any(c in part for c in "*?[\\"):
            break
        fixed.append(part)
    return "/".join(fixed)


def read_alerts(path: str, root=None) -> tuple[list[Alert], Problem | None]:
    """The alerting rules of one rule file, or the one problem that kept it from being read. Read
    with the bounds of a config (size, values counting aliases, nesting), never through a link
    that leads out of ``root``; the answer is kept until the file changes (the language server
    asks on every keystroke)."""
    shown = display_path(path)
    real = os.path.realpath(path)
    if root is not None:
        base = os.path.realpath(str(root))
        if not real.startswith(base + os.sep):
            return [], UNREADABLE.problem(shown, 1, 1, f"alert rule file leads outside the repository ({real}); not read")
    sig: tuple
    try:
        st = os.stat(real)
        sig = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    except OSError:
        sig = ()
    known = _READ.get((real, shown))
    if known is not None and sig and known[0] == sig:
        return known[1]
    answer = _read_alerts(path, shown)
    if sig:
        _READ[(real, shown)] = (sig, answer)
    return answer


def _read_alerts(path: str, shown: str) -> tuple[list[Alert], Problem | None]:
    from artifactkit.io import yaml12
    from artifactkit.io.textio import read_settings_text

    try:
        documents = yaml12.read_all(read_settings_text(path), max_nodes=MAX_VALUES, max_depth=MAX_DEPTH, locate=True)
    except (OSError, UnicodeDecodeError) as exc:
        return [], UNREADABLE.problem(shown, 1, 1, f"cannot read alert rule file: {getattr(exc, 'strerror', None) or exc}")
    except yaml12.TooBig as exc:
        return [], UNREADABLE.problem(shown, exc.line + 1, 1, f"alert rule file is too big: {exc.message}; not read")
    except yaml12.YAMLProblem as exc:
        return [], UNREADABLE.problem(shown, exc.line + 1, 1, f"alert rule file is not valid YAML: {exc.message}")
    alerts = []
    for data, where in documents:
        spec = data.get("spec") if isinstance(data, dict) else None
        top: tuple = ("spec",) if isinstance(spec, dict) else ()
        holder = spec if isinstance(spec, dict) else data
        groups = holder.get("groups") if isinstance(holder, dict) else None
        for g, group in enumerate(groups if isinstance(groups, list) else []):
            rules = group.get("rules") if isinstance(group, dict) else None
            for r, rule in enumerate(rules if isinstance(rules, list) else []):
                name = _scalar(rule.get("alert")) if isinstance(rule, dict) else None
                if name is None:
                    continue  # a recording rule
                at = (*top, "groups", g, "rules", r)
                annotations = rule.get("annotations")
                url = _scalar(annotations.get("runbook_url")) if isinstance(annotations, dict) else None
                line = where.get((*at, "annotations", "runbook_url"), where.get(at, (1, 1)))[0]
                alerts.append(Alert(shown, line, name, url))
    return alerts, None


def _scalar(value) -> str | None:
    """A name or URL as written: text, or a number or date read as one (``alert: 404``)."""
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip() or None


def resolve_url(url: str, settings: dict, root) -> tuple[str | None, str | None, bool]:
    """(runbook file or None, the branch the URL is pinned to if not the default, whether a prefix matched)."""
    default = str(settings.get("default_branch") or "main")
    from urllib.parse import urlsplit  # here: a repository without alert rules never needs urllib (1.4 ms of the hook)

    parts = urlsplit(url.strip())
    bare = parts._replace(query="", fragment="").geturl()
    pinned = None
    match = BRANCH_RE.match(bare)
    if match and match.group("branch") != default:
        pinned = match.group("branch")
        bare = f"{match.group('head')}{default}{match.group('tail') or ''}"
    for prefix, folder in (settings.get("urls") or {}).items():
        prefix = str(prefix)
        if not bare.startswith(prefix):
            continue
        rest = unquote(bare[len(prefix) :]).strip("/")
        base = os.path.normpath(os.path.join(str(root), str(folder), rest))
        inside = os.path.realpath(base) == os.path.realpath(root) or os.path.realpath(base).startswith(os.path.realpath(root) + os.sep)
        if not inside:
            return None, pinned, True
        for suffix in RUNBOOK_SUFFIXES:
            candidate = base + suffix
            if os.path.isfile(candidate) and (suffix or candidate.endswith(".md")):
                return os.path.realpath(candidate), pinned, True
        return None, pinned, True
    return None, pinned, False


def check(ctx: Context) -> list[Problem]:
    """Problems of the rule files (alerts) and of each linted runbook no alert reaches. Not run
    without ``runbooks:``, nor for an editor's buffer that is not a runbook (keystroke after keystroke)."""
    config = ctx.config
    if not config.runbooks:
        return []
    if ctx.buffer and not any(r.type is not None and r.type in runbook_types(config) for r in ctx.results):
        return []
    return [p for _, problems in problems_by_file(ctx.results, config) for p in problems]


def problems_by_file(results: list, config) -> list[tuple[str, list[Problem]]]:
    """Problems per rule file (alerts) and, as (path, problems), per linted runbook no alert reaches."""
    settings = config.runbooks
    linted = {os.path.realpath(r.path): r for r in results if r.skipped is None}
    by_file: dict[str, list[Problem]] = {}
    reached: set[str] = set()
    try:
        files = rule_files(settings, config.root_dir)
    except ConfigError as exc:
        raise ConfigError(f"{config.source}: {exc}") from None
    if not files:
        raise ConfigError(
            f"{config.source}: runbooks.alert_rules matches no file ({', '.join(settings.get('alert_rules') or []) or 'no patterns'}) — name the Prometheus rule files, relative to the config file"
        )
    for path in files:
        alerts, unreadable = read_alerts(path, config.root_dir)
        found = [unreadable] if unreadable else []
        for alert in alerts:
            found.extend(_alert_problems(alert, settings, config, linted, reached))
        if found:
            by_file[display_path(path)] = found
    out = list(by_file.items())
    types = runbook_types(config)
    for real, result in sorted(linted.items()):
        if result.type in types and real not in reached:
            message = (
                "no alert's runbook_url leads to this runbook — link it from the alert it serves (annotations.runbook_url), or remove it if no alert needs it"
            )
            out.append((result.path, [UNLINKED.problem(result.path, 1, 1, message)]))
    return out


def runbook_types(config) -> set[str]:
    """The types whose documents an alert should reach: ``runbooks.types``, or the runbook type and those extending it."""
    settings = config.runbooks
    return set(
        settings.get("types")
        or (name for name, t in config.types.items() if t.schema_paths[:1] and os.path.basename(t.schema_paths[0]) == "runbook.schema.json")
    )


def _alert_problems(alert: Alert, settings: dict, config, linted: dict, reached: set[str]) -> list[Problem]:
    if alert.url is None:
        return []
    target, pinned, ours = resolve_url(alert.url, settings, config.root_dir)
    problems = []
    if pinned is not None:
        default = settings.get("default_branch") or "main"
        problems.append(
            BRANCH.problem(
                alert.rule_file,
                alert.line,
                1,
                f"alert {alert.name}'s runbook_url is pinned to branch {pinned!r} — point it at {default!r}, where runbooks are kept up to date",
            )
        )
    if not ours:
        return problems  # a runbook kept elsewhere: not ours to check
    if target is None:
        problems.append(
            MISSING.problem(
                alert.rule_file,
                alert.line,
                1,
                f"alert {alert.name}'s runbook_url {alert.url} leads to no runbook in this repository — write the runbook or fix the URL",
            )
        )
        return problems
    reached.add(target)
    result = linted.get(target)
    errors = [p for p in result.problems if p.level == ERROR] if result is not None else []
    if errors and result is not None:
        problems.append(
            FAILING.problem(
                alert.rule_file,
                alert.line,
                1,
                f"alert {alert.name}'s runbook {result.path} fails lint ({len(errors)} error{'s' if len(errors) != 1 else ''}, reported on the runbook) — complete the runbook before on-call needs it",
            )
        )
    return problems
