"""Every rule id the linter can report, collected from the rule families' own declarations.

Each family module under ``artifactkit.checks`` declares ``RULES``: its ids, default levels and
help, once. The README's rule table, the SARIF rule list, the ``rules:`` setting of the config,
the default levels the engine applies and the check of disable comments all read ``RULES``.
"""

from __future__ import annotations

from artifactkit.checks import actions, alerts, crossrefs, disables, document, numbers, staleness, statuscase, validation
from artifactkit.problem import Rule

FAMILIES = (document, validation, statuscase, numbers, staleness, crossrefs, actions, alerts, disables)


def _collect() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for family in FAMILIES:
        for rule in family.RULES:
            if rule.id in rules:
                raise RuntimeError(f"rule {rule.id!r} is declared twice ({family.__name__})")
            rules[rule.id] = rule
    return rules


RULES: dict[str, Rule] = _collect()
