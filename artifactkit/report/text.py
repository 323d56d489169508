"""``path:line:col: level [rule] message`` lines, then a one-line summary."""

from __future__ import annotations

from artifactkit.escape import printable

COLORS = {"error": "\033[31m", "warning": "\033[33m"}
RESET = "\033[0m"


def report(run, stream, color: bool = False) -> None:
    # one write, and each path and message made printable once: 10,000 findings of a few thousand
    # files, most of them saying one of a few messages
    shown_paths: dict[str, str] = {}
    shown_messages: dict[str, str] = {}
    lines: list[str] = []
    append = lines.append
    for path, line, column, level, rule, message, _ in run.problems:  # a Problem's fields, unpacked in C
        shown = shown_paths.get(path)
        if shown is None:
            shown = shown_paths[path] = printable(path)
        said = shown_messages.get(message)
        if said is None:
            said = shown_messages[message] = printable(message)
        if color and level in COLORS:
            level = f"{COLORS[level]}{level}{RESET}"
        append(f"{shown}:{line}:{column}: {level} [{rule}] {said}\n")
    append(summary(run) + "\n")
    stream.write("".join(lines))


def summary(run) -> str:
    problems = [p for r in run.results for p in r.problems]  # counts need no sorting (10,000 findings: 15 ms)
    errors = sum(1 for p in problems if p.level == "error")
    warnings = len(problems) - errors
    files = {p.path for p in problems}
    checked = len(run.linted)
    skipped = len(run.skipped)
    skips = f"; {skipped} Markdown file{'s' if skipped != 1 else ''} skipped (no known type)"
    if not problems:
        return f"{checked} document{'s' if checked != 1 else ''} checked, no problems{skips}"
    return (
        f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''} "
        f"in {len(files)} of {checked} document{'s' if checked != 1 else ''}{skips}"
    )
