"""``artifactkit graph``: how documents relate — supersedes, relates_to and links between them."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Optional

import typer

from artifactkit.views.relations import LINKS, RELATES, SUPERSEDES, edges

FORMATS = ("mermaid", "dot")


def register(app: typer.Typer) -> None:
    from artifactkit.errors import handles_errors

    @app.command("graph")
    @handles_errors
    def graph(
        type: Optional[str] = typer.Argument(None, help="Only documents of this type and those they connect to (default: all)."),
        format: str = typer.Option("mermaid", "--format", "-f", help="Output format: mermaid or dot."),
        config: Optional[Path] = typer.Option(None, "--config", help="Config file (default: .artifactkit.yaml found upwards)."),
    ):
        """Print the relation graph (supersedes, superseded_by, relates_to, relative links) as Mermaid or Graphviz DOT."""
        raise typer.Exit(run_graph(type, format, config))


def _node_ids(nodes) -> dict[str, str]:
    ids, used = {}, set()
    for e in nodes:
        base = re.sub(r"[^A-Za-z0-9_]", "_", f"{e.type}_{e.number}" if e.number is not None else f"{e.type}_{Path(e.path).stem}")
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}_{n}", n + 1
        used.add(candidate)
        ids[e.abspath] = candidate
    return ids


def _label(e) -> str:
    from artifactkit.escape import (
        printable,  # a title's control characters would reach the terminal
    )

    head = f"{e.type.upper()} {e.number}: " if e.number is not None else ""
    return printable(head + e.title + (f" ({e.status})" if e.status else ""))


def mermaid(nodes, links) -> str:
    ids = _node_ids(nodes)
    esc = lambda text: text.replace("#", "#35;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")  # noqa: E731
    lines = ["graph LR"]
    lines += [f'  {ids[e.abspath]}["{esc(_label(e))}"]' for e in nodes]
    for src, dst, kind in links:
        arrow = {SUPERSEDES: "==>", RELATES: "---", LINKS: "-.->"}[kind]
        lines.append(f"  {ids[src.abspath]} {arrow}|{kind}| {ids[dst.abspath]}")
    return "\n".join(lines) + "\n"


def dot(nodes, links) -> str:
    ids = _node_ids(nodes)
    esc = lambda text: text.replace("\\", "\\\\").replace('"', '\\"')  # noqa: E731
    lines = ["digraph artifactkit {", "  rankdir=LR;", "  node [shape=box];"]
    lines += [f'  {ids[e.abspath]} [label="{esc(_label(e))}"];' for e in nodes]
    for src, dst, kind in links:
        style = {SUPERSEDES: "", RELATES: ", dir=none, style=dashed", LINKS: ", style=dotted"}[kind]
        lines.append(f'  {ids[src.abspath]} -> {ids[dst.abspath]} [label="{kind}"{style}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def run_graph(type_name: str | None, format: str, config_path) -> int:
    from artifactkit.engine.config import load_config
    from artifactkit.errors import UserError
    from artifactkit.views import catalog

    if format not in FORMATS:
        raise UserError(f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}")
    config = load_config(explicit=config_path)
    if type_name is not None:
        catalog.get_type(config, type_name)
    entries = catalog.build(config)
    links = edges(entries, config)
    if type_name is not None:
        links = [link for link in links if type_name in (link[0].type, link[1].type)]
        keep = {e.abspath for link in links for e in link[:2]}
        nodes = [e for e in entries if e.type == type_name or e.abspath in keep]
    else:
        nodes = entries
    sys.stdout.write((mermaid if format == "mermaid" else dot)(nodes, links))
    return 0
