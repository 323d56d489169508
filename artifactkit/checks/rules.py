"""The rule registry: every rule id the linter can report, collected from the rule families.

Each family module listed in ``FAMILIES`` declares ``RULES`` (id, default level, help, scope) and
one entry point, ``check(ctx: Context) -> list[Problem]``. The engine calls each family of a pass
(``families(scope)``), then applies the config's levels and the disable comments in one place
(``artifactkit.engine.suppress``). The README's rule table (``python -m artifactkit.checks.rules
README.md`` writes it), the SARIF rule list, the config's ``rules:`` and the check of disable
comments all read ``RULES``. A new rule is one declaration and its finding in its family's module;
a new family is a module and its name here.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from types import ModuleType

from artifactkit.checks import actions, alerts, crossrefs, disables, document, numbers, staleness, statuscase, validation
from artifactkit.problem import ANY, SCOPES, Rule

# the order of the README's table and of SARIF's rule list; within a pass, the order the families run
# (a repository family sees the findings of those before it: alerts counts a runbook's errors)
FAMILIES: tuple[ModuleType, ...] = (document, validation, statuscase, numbers, staleness, crossrefs, actions, alerts, disables)


def _collect() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for family in FAMILIES:
        for rule in family.RULES:
            if rule.id in rules:
                raise RuntimeError(f"rule {rule.id!r} is declared twice ({family.__name__})")
            if rule.scope not in SCOPES:
                raise RuntimeError(f"rule {rule.id!r} has scope {rule.scope!r}, not one of {SCOPES}")
            rules[rule.id] = rule
    return rules


RULES: dict[str, Rule] = _collect()


@lru_cache(maxsize=None)  # asked once per document linted
def families(scope: str) -> tuple[ModuleType, ...]:
    """The families with a rule found in the ``scope`` pass, in registry order."""
    return tuple(f for f in FAMILIES if any(rule.scope in (scope, ANY) for rule in f.RULES))


TABLE_HEAD = "| rule | default | what it means | what to do |\n|---|---|---|---|\n"


def readme_table() -> str:
    """The README's rule table, one row per rule in registry order."""
    return TABLE_HEAD + "".join(f"| `{r.id}` | {r.level} | {r.summary} | {r.help} |\n" for r in RULES.values())


def write_readme(path: str) -> bool:
    """Replace the rule table in the README at ``path`` with ``readme_table()``; whether it changed."""
    from artifactkit.io.textio import read_bytes
    from artifactkit.io.writer import atomic_write

    text = read_bytes(path, what="README").decode("utf-8")
    start = text.index(TABLE_HEAD)
    end = text.find("\n\n", start)
    new = text[:start] + readme_table().rstrip("\n") + text[end if end >= 0 else len(text) :]
    if new != text:
        atomic_write(path, new)
    return new != text


if __name__ == "__main__":  # python -m artifactkit.checks.rules README.md
    print("rule table updated" if write_readme(sys.argv[1] if len(sys.argv) > 1 else "README.md") else "rule table up to date")
