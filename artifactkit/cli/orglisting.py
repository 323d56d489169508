"""``artifactkit list --catalog ...``: documents and open action items across repositories, read
from their exported catalogues (artifactkit.views.imported), in the terminal or as JSON."""

from __future__ import annotations

import sys


def _catalogues(sources: list[str], config_path):
    from artifactkit.engine.config import load_config
    from artifactkit.errors import UserError
    from artifactkit.views import imported

    config = load_config(explicit=config_path)
    names, base = imported.sources(sources, config)
    found = imported.load_all(names, base)
    if not found:
        raise UserError("no catalogue could be used (see the warnings above)")
    return found


def _table(rows: list[list[str]], headers: list[str], out) -> None:
    from artifactkit.escape import printable  # everything here comes from another repository's catalogue

    cells = [[printable(c) for c in row] for row in [headers, *rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    for row in cells:
        out.write("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() + "\n")


def run_documents(sources: list[str], type_name: str | None, status: str | None, format: str, config_path) -> int:
    rows = []
    for cat in _catalogues(sources, config_path):
        for d in cat.documents:
            if type_name is not None and d["type"] != type_name:
                continue
            if status is not None and (d["status"] or "").strip().lower() != status.strip().lower():
                continue
            rows.append(
                {
                    "repository": cat.name,
                    "id": d["id"],
                    "type": d["type"],
                    "number": d["number"],
                    "title": d["title"],
                    "status": d["status"],
                    "date": d["date"],
                    "path": d["path"],
                }
            )
    rows.sort(key=lambda r: (r["repository"], r["type"], r["number"] is None, r["number"] or 0, r["path"]))
    if format == "json":
        from artifactkit.report.jsonfmt import dumps

        sys.stdout.write(dumps(rows) + "\n")
        return 0
    if not rows:
        sys.stderr.write("no documents in these catalogues\n")
        return 0
    _table(
        [
            [r["repository"], r["type"], str(r["number"]) if r["number"] is not None else "-", r["title"], r["status"] or "-", r["date"] or "-", r["path"]]
            for r in rows
        ],
        ["REPOSITORY", "TYPE", "NUMBER", "TITLE", "STATUS", "DATE", "PATH"],
        sys.stdout,
    )
    return 0


def run_actions(sources: list[str], owner: str | None, format: str, config_path) -> int:
    """Open action items (a catalogue holds only those), by due date, overdue ones marked."""
    from artifactkit.checks.staleness import today

    now = today().isoformat()
    wanted = owner.strip().lstrip("@").lower() if owner else None
    rows = []
    for cat in _catalogues(sources, config_path):
        for d in cat.documents:
            for a in d["actions"]:
                if wanted is not None and (a["owner"] or "").lstrip("@").lower() != wanted:
                    continue
                rows.append(
                    {
                        "repository": cat.name,
                        "document": d["id"],
                        "title": d["title"],
                        "path": d["path"],
                        "line": a["line"],
                        "text": a["text"],
                        "owner": a["owner"],
                        "ticket": a["ticket"],
                        "due": a["due"],
                        "done": False,
                        "overdue": bool(a["due"] and a["due"] < now),
                    }
                )
    rows.sort(key=lambda r: (r["due"] is None, r["due"] or "", r["repository"], r["path"], r["line"]))
    if format == "json":
        from artifactkit.report.jsonfmt import dumps

        sys.stdout.write(dumps(rows) + "\n")
        return 0
    if not rows:
        sys.stderr.write(f"no open action items{f' owned by {owner}' if owner else ''} in these catalogues\n")
        return 0
    _table(
        [
            [
                f"{r['due'] or '-'} {'OVERDUE' if r['overdue'] else 'open'}",
                r["owner"] or "-",
                r["ticket"] or "-",
                r["text"],
                r["repository"],
                f"{r['path']}:{r['line']}",
            ]
            for r in rows
        ],
        ["DUE", "OWNER", "TICKET", "ACTION", "REPOSITORY", "WHERE"],
        sys.stdout,
    )
    return 0
