"""What ``lint --fix`` / ``--diff`` and the baseline print (the work is in artifactkit.engine)."""

from __future__ import annotations

import sys
from collections import Counter

from artifactkit.escape import printable


def apply_fixes(results, config, preview: bool) -> int:
    """Fix the files of ``results`` (or, with ``preview``, print the diff instead); the number of files."""
    from artifactkit.engine import autofix, baseline
    from artifactkit.errors import UserError

    accepted = baseline.load(config) or Counter()
    changed = 0
    for result in results:
        held = {key for p in result.problems if (key := baseline.fingerprint(p, config)) in accepted}
        fix = autofix.plan(result, config, held)
        if fix is None:
            continue
        rel = config.relpath(fix.path)
        for note in fix.notes:
            sys.stderr.write(f"not fixed in {printable(rel)}: {printable(note)}\n")
        if fix.new == fix.old:
            continue
        if preview:
            sys.stdout.write(autofix.unified_diff(fix, printable(rel)))
        else:
            try:
                written = autofix.write(fix)
            except OSError as exc:
                raise UserError(f"{fix.path}: cannot write the fix: {exc.strerror or exc}") from None
            if not written:
                sys.stderr.write(f"not fixed {printable(rel)}: it changed while artifactkit was reading it\n")
                continue
            sys.stderr.write(f"fixed {printable(rel)}: {'; '.join(fix.titles)}\n")
        changed += 1
    if preview:
        sys.stderr.write(f"{changed} file{'s' if changed != 1 else ''} would be fixed (nothing written; lint --fix applies it)\n")
    return changed


def report_gone(gone) -> None:
    """Baseline entries lint no longer finds: the baseline can shrink."""
    sys.stderr.write(
        f"{len(gone)} baseline entr{'ies' if len(gone) != 1 else 'y'} no longer found — run 'artifactkit baseline' to shrink .artifactkit-baseline.json:\n"
    )
    from collections import Counter

    for (path, rule, _, message), count in Counter(gone).items():  # a repeated entry once, with its count
        times = f" ({count} times)" if count > 1 else ""
        sys.stderr.write(f"  {printable(path)}: [{printable(rule)}] {printable(message)}{times}\n")
