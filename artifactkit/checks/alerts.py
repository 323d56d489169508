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
"""

from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from artifactkit.errors import ConfigError
from artifactkit.io.paths import display_path
from artifactkit.problem import ERROR, WARNING, Problem, Rule

RULES = (
    Rule(
        "alert-runbook-missing",
        ERROR,
        "An alert's runbook_url leads to no runbook in the repository.",
        "Write the runbook, or fix the alert's annotations.runbook_url.",
    ),
    Rule("alert-runbook-failing", ERROR, "An alert's runbook fails lint.", "Complete the runbook; its own findings say what is missing."),
    Rule("alert-runbook-branch", WARNING, "An alert's runbook_url is pinned to a branch other than the default.", "Point the URL at the default branch."),
    Rule("runbook-unlinked", WARNING, "No alert's runbook_url leads to this runbook.", "Link the runbook from its alert, or remove it."),
)

# .../blob/<branch>/... (GitHub), .../-/blob/<branch>/... (GitLab), .../tree/<branch>/..., .../src/branch/<branch>/... (Gitea)
BRANCH_RE = re.compile(r"^(?P<head>.*?/(?:-/)?(?:blob|tree|raw|src/branch)/)(?P<branch>[^/]+)(?P<tail>/.*)?$")
RUNBOOK_SUFFIXES = ("", ".md", "/README.md", "/index.md", "/_index.md")


@dataclass(frozen=True)
class Alert:
    rule_file: str  # as the linter shows paths: relative to the current directory
    line: int
    name: str
    url: str | None


def rule_files(settings: dict, root) -> list[str]:
    found: set[str] = set()
    for pattern in settings.get("alert_rules") or []:
        found.update(p for p in glob.glob(os.path.join(str(root), pattern), recursive=True) if os.path.isfile(p))
    return sorted(found)


def read_alerts(path: str) -> tuple[list[Alert], Problem | None]:
    """The alerting rules of one rule file, or the one problem that kept it from being read."""
    import yaml

    from artifactkit.io.textio import read_settings_text

    shown = display_path(path)
    try:
        nodes = list(yaml.compose_all(read_settings_text(path), Loader=yaml.SafeLoader))
    except (OSError, UnicodeDecodeError) as exc:
        return [], Problem(shown, 1, 1, ERROR, "file-unreadable", f"cannot read alert rule file: {getattr(exc, 'strerror', None) or exc}")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        return [], Problem(shown, line, 1, ERROR, "file-unreadable", f"alert rule file is not valid YAML: {getattr(exc, 'problem', None) or exc}")
    alerts = []
    for node in nodes:
        spec = _get(node, "spec")
        for group in _items(_get(spec if spec is not None else node, "groups")):
            for rule in _items(_get(group, "rules")):
                name = _scalar(_get(rule, "alert"))
                if name is None:
                    continue  # a recording rule
                url_node = _get(_get(rule, "annotations"), "runbook_url")
                line = (url_node or rule).start_mark.line + 1
                alerts.append(Alert(shown, line, name, _scalar(url_node)))
    return alerts, None


def _get(node, key: str):
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return None
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v
    return None


def _items(node) -> list:
    import yaml

    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _scalar(node) -> str | None:
    import yaml

    return node.value.strip() or None if isinstance(node, yaml.ScalarNode) else None


def resolve_url(url: str, settings: dict, root) -> tuple[str | None, str | None, bool]:
    """(runbook file or None, the branch the URL is pinned to if not the default, whether a prefix matched)."""
    default = str(settings.get("default_branch") or "main")
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


def check(results: list, config) -> list[tuple[str, list[Problem]]]:
    """Problems per rule file (alerts) and, as (path, problems), per linted runbook no alert reaches."""
    settings = config.runbooks
    linted = {os.path.realpath(r.path): r for r in results if r.skipped is None}
    by_file: dict[str, list[Problem]] = {}
    reached: set[str] = set()
    files = rule_files(settings, config.root)
    if not files:
        raise ConfigError(
            f"{config.source}: runbooks.alert_rules matches no file ({', '.join(settings.get('alert_rules') or []) or 'no patterns'}) — name the Prometheus rule files, relative to the config file"
        )
    for path in files:
        alerts, unreadable = read_alerts(path)
        found = [unreadable] if unreadable else []
        for alert in alerts:
            found.extend(_alert_problems(alert, settings, config, linted, reached))
        if found:
            by_file[display_path(path)] = found
    out = list(by_file.items())
    runbook_types = set(
        settings.get("types") or (name for name, t in config.types.items() if t.schema_paths[:1] and t.schema_paths[0].name == "runbook.schema.json")
    )
    for real, result in sorted(linted.items()):
        if result.type in runbook_types and real not in reached:
            message = (
                "no alert's runbook_url leads to this runbook — link it from the alert it serves (annotations.runbook_url), or remove it if no alert needs it"
            )
            out.append((result.path, [Problem(result.path, 1, 1, WARNING, "runbook-unlinked", message)]))
    return out


def _alert_problems(alert: Alert, settings: dict, config, linted: dict, reached: set[str]) -> list[Problem]:
    if alert.url is None:
        return []
    target, pinned, ours = resolve_url(alert.url, settings, config.root)
    problems = []
    if pinned is not None:
        default = settings.get("default_branch") or "main"
        problems.append(
            Problem(
                alert.rule_file,
                alert.line,
                1,
                WARNING,
                "alert-runbook-branch",
                f"alert {alert.name}'s runbook_url is pinned to branch {pinned!r} — point it at {default!r}, where runbooks are kept up to date",
            )
        )
    if not ours:
        return problems  # a runbook kept elsewhere: not ours to check
    if target is None:
        problems.append(
            Problem(
                alert.rule_file,
                alert.line,
                1,
                ERROR,
                "alert-runbook-missing",
                f"alert {alert.name}'s runbook_url {alert.url} leads to no runbook in this repository — write the runbook or fix the URL",
            )
        )
        return problems
    reached.add(target)
    result = linted.get(target)
    errors = [p for p in result.problems if p.level == ERROR] if result is not None else []
    if errors and result is not None:
        problems.append(
            Problem(
                alert.rule_file,
                alert.line,
                1,
                ERROR,
                "alert-runbook-failing",
                f"alert {alert.name}'s runbook {result.path} fails lint ({len(errors)} error{'s' if len(errors) != 1 else ''}, reported on the runbook) — complete the runbook before on-call needs it",
            )
        )
    return problems
