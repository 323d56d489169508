"""What ``lint --fix`` / ``--diff`` and the baseline print (the work is in artifactkit.engine)."""

from __future__ import annotations

import os
import sys
from collections import Counter

from artifactkit.escape import printable


def apply_fixes(results, config, preview: bool) -> int:
    """Fix the files of ``results`` (or, with ``preview``, print the diff instead); the number of files."""
    from artifactkit.engine import autofix, baseline

    accepted = baseline.load(config) or Counter()
    changed = 0
    answer = _answerer(config)
    for result in results:
        held = {key for p in result.problems if (key := baseline.fingerprint(p, config)) in accepted}
        fix = autofix.plan(result, config, held, answer)
        if fix is None:
            continue
        for note in fix.notes:
            sys.stderr.write(f"not fixed in {printable(config.relpath(fix.path))}: {printable(note)}\n")
        if fix.new == fix.old:
            continue
        # the other document's answer first: without it the fix here would not lower the findings
        if all(_apply(also, config, preview) for also in fix.also):
            changed += len(fix.also) + _apply(fix, config, preview)
    changed += _add_back_references(results, config, preview)
    if preview:
        sys.stderr.write(f"{changed} file{'s' if changed != 1 else ''} would be fixed (nothing written; lint --fix applies it)\n")
    return changed


def _apply(fix, config, preview: bool) -> bool:
    """Print ``fix`` as a diff, or write it; whether it was (not when the file changed meanwhile)."""
    from artifactkit.engine import autofix
    from artifactkit.errors import UserError

    rel = config.relpath(fix.path)
    if preview:
        sys.stdout.write(autofix.unified_diff(fix, printable(rel)))
        return True
    try:
        written = autofix.write(fix)
    except OSError as exc:
        raise UserError(f"{fix.path}: cannot write the fix: {exc.strerror or exc}") from None
    if not written:
        sys.stderr.write(f"not fixed {printable(rel)}: it changed while artifactkit was reading it\n")
        return False
    sys.stderr.write(f"fixed {printable(rel)}: {'; '.join(fix.titles)}\n")
    return True


def _answerer(config):
    """``autofix.plan``'s ``answer``: the ``Supersedes`` line (as ``artifactkit supersede`` writes
    it) the document a repaired ``Superseded by`` now names needs, when it supersedes nothing yet."""
    entries: list = []

    def answer(path: str, text: str):
        from dataclasses import replace

        from artifactkit.engine.lintfile import lint_file
        from artifactkit.errors import UserError
        from artifactkit.views import catalog, lifecycle
        from artifactkit.views.supersession import reference

        entries[:] = entries or catalog.build(config)  # read once a run, and only when asked
        old = next((e for e in entries if e.abspath == catalog.norm_path(path)), None)
        if old is None or old.type not in config.types:
            return None
        old = replace(old, frontmatter=lint_file(path, config, text=text).frontmatter)
        new = catalog.resolve(old, old.frontmatter.get("superseded_by"), entries, config)
        if new is None or new.frontmatter.get("supersedes") not in (None, "", []):
            return None  # a document that already supersedes another is edited by hand
        fmt = config.types[old.type].format
        try:
            plan = lifecycle.planned_edit(new.path, {"supersedes": reference(old, new, fmt)}, fmt)
        except UserError:
            return None
        return (new.path, *plan) if plan is not None else None

    return answer


def _add_back_references(results, config, preview: bool) -> int:
    """A one-way supersede ("Superseded by 20" where 20 does not say it supersedes this one) is
    fixed by writing the missing half in the other document, as ``artifactkit supersede`` would:
    only that line is added, only when the other document supersedes nothing yet; the number of files."""
    from artifactkit.errors import UserError
    from artifactkit.views import catalog, lifecycle
    from artifactkit.views.supersession import reference

    one_way = {result.path for result in results if any(p.rule == "supersede-mismatch" for p in result.problems)}
    if not one_way:
        return 0
    entries = catalog.build(config)
    by_path = {os.path.normpath(os.path.abspath(e.path)): e for e in entries}
    changed = 0
    for path in sorted(one_way):
        old = by_path.get(os.path.normpath(os.path.abspath(path)))
        if old is None or not old.frontmatter.get("superseded_by") or old.type not in config.types:
            continue
        new = catalog.resolve(old, old.frontmatter.get("superseded_by"), entries, config)
        if new is None or new.frontmatter.get("supersedes") not in (None, "", []):
            continue  # a document that already supersedes another is edited by hand
        fmt = config.types[old.type].format
        try:
            plan = lifecycle.planned_edit(new.path, {"supersedes": reference(old, new, fmt)}, fmt)
        except UserError as exc:  # a file that cannot be edited is said, the others still get fixed
            sys.stderr.write(f"not fixed in {printable(config.relpath(new.path))}: cannot add 'supersedes': {printable(str(exc))}\n")
            continue
        if plan is None:
            continue
        rel = printable(config.relpath(new.path))
        if preview:
            import difflib

            sys.stdout.writelines(difflib.unified_diff(plan[0].splitlines(True), plan[1].splitlines(True), f"a/{rel}", f"b/{rel}"))
        else:
            from artifactkit.io.writer import atomic_write

            try:
                atomic_write(new.path, plan[1].encode("utf-8"))
            except OSError as exc:
                raise UserError(f"{new.path}: cannot write the fix: {exc.strerror or exc}") from None
            sys.stderr.write(f"fixed {rel}: the supersedes half of {printable(config.relpath(old.path))}'s supersede\n")
        changed += 1
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
