"""The rule registry: every rule id the linter can report, collected from the rule families.

Each family module listed in ``FAMILY_PASSES`` declares ``RULES`` (id, default level, help, scope) and
one entry point, ``check(ctx: Context) -> list[Problem]``. The engine calls each family of a pass
(``families(scope)``), then applies the config's levels and the disable comments in one place
(``artifactkit.engine.suppress``). The README's rule table (``python -m artifactkit.checks.rules
README.md`` writes it), the SARIF rule list, the config's ``rules:`` and the check of disable
comments all read ``all_rules()``. A new rule is one declaration and
its finding in its family's module; a new family is a module and its name (and passes) here.

Family modules are imported only when asked for: ``lint FILE`` from the cache runs the repository
pass alone, and needs neither the per-file families nor the whole list of rules.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from types import ModuleType

from artifactkit.problem import ANY, DOCUMENT, REPOSITORY, SCOPES, Rule

# the order of the README's table and of SARIF's rule list; within a pass, the order the families run
# (a repository family sees the findings of those before it: alerts counts a runbook's errors).
# With each family, the passes it has rules in: a pass imports only its own families, so these are
# said here, and checked against the family's RULES whenever the registry is collected.
FAMILY_PASSES: dict[str, tuple[str, ...]] = {
    "document": (DOCUMENT, REPOSITORY),
    "validation": (DOCUMENT,),
    "statuscase": (DOCUMENT,),
    "numbers": (REPOSITORY,),
    "staleness": (DOCUMENT,),
    "crossrefs": (REPOSITORY,),
    "actions": (DOCUMENT,),
    "alerts": (REPOSITORY,),
    "disables": (DOCUMENT,),
}


def family(name: str) -> ModuleType:
    module = f"artifactkit.checks.{name}"
    __import__(module)  # importlib.import_module's answer, without importing importlib (0.4 ms of the hook)
    return sys.modules[module]


def all_families() -> tuple[ModuleType, ...]:
    return tuple(family(name) for name in FAMILY_PASSES)


def _passes_of(rule: Rule) -> set[str]:
    return {DOCUMENT, REPOSITORY} if rule.scope == ANY else {rule.scope}


@lru_cache(maxsize=1)
def all_rules() -> dict[str, Rule]:
    """Every family's rules, by id, in registry order (imports every family)."""
    rules: dict[str, Rule] = {}
    for name, declared in FAMILY_PASSES.items():
        found: set[str] = set()
        for rule in family(name).RULES:
            if rule.id in rules:
                raise RuntimeError(f"rule {rule.id!r} is declared twice ({name})")
            if rule.scope not in SCOPES:
                raise RuntimeError(f"rule {rule.id!r} has scope {rule.scope!r}, not one of {SCOPES}")
            rules[rule.id] = rule
            found |= _passes_of(rule)
        if found != set(declared):
            raise RuntimeError(f"family {name!r} has rules in the passes {sorted(found)}, but FAMILY_PASSES says {sorted(declared)}")
    return rules


@lru_cache(maxsize=None)  # asked once per document linted
def families(scope: str) -> tuple[ModuleType, ...]:
    """The families with a rule found in the ``scope`` pass, in registry order."""
    return tuple(family(name) for name, passes in FAMILY_PASSES.items() if scope in passes)


TABLE_HEAD = "| rule | default | what it means | what to do |\n|---|---|---|---|\n"


def readme_table() -> str:
    """The README's rule table, one row per rule in registry order."""
    return TABLE_HEAD + "".join(f"| `{r.id}` | {r.level} | {r.summary} | {r.help} |\n" for r in all_rules().values())


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
