"""Generate a deterministic benchmark corpus: N documents of each built-in type.

    python bench/gen_corpus.py N OUTDIR [--seed S]

Writes ``OUTDIR/<folder>/<file>.md`` for the six built-in types (adr, rfc, runbook,
postmortem, one-on-one, review-checklist): front matter, a title, every required section
of the type's schema (titles read from ``schemas/<type>.schema.json``), filled with a few
hundred to a few thousand words of prose, bullet and task lists, tables and fenced code.
About 40% are shaped like real long-form documents (RFCs, design docs; 10-40 KB): a link
reference definition under each heading (``[summary]: #summary``), reference links, prose that
names ``data:``, ``file:`` and ``script:``, tables followed by indented lines, list items wrapped
with a four-space indent, nested lists, inline HTML, ``<details>`` blocks, long code blocks; a
quarter of them hold Go code with tabs, a third fenced code holding text shaped like tables, lists
and quotes, and HTML blocks (what sent real documents to markdown-it-py before the native pass).
About 70% of the documents are complete; the rest carry one or two typical problems
(a missing or empty section, a TODO left in, a bad status or date, a missing field,
an open checklist item, a duplicate heading or a duplicate number).
The same N and seed always give byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TYPES = ["adr", "rfc", "runbook", "postmortem", "one-on-one", "review-checklist"]
FOLDERS = {"adr": "adr", "rfc": "rfc", "runbook": "runbooks", "postmortem": "postmortems",
           "one-on-one": "one-on-ones", "review-checklist": "reviews"}

WORDS = (
    "the service database queue latency request deploy rollback cache replica shard partition client "
    "server timeout retry budget alert pager incident customer traffic region cluster node pod container "
    "config flag migration schema index query write read throughput capacity limit quota memory cpu disk "
    "network packet connection pool worker thread lock lease leader follower consensus backup restore "
    "snapshot audit log metric trace span dashboard owner team review approval risk cost option tradeoff "
    "we will should because after before during while when then so and but or not only also each every "
    "new old current proposed existing simple complex fast slow safe unsafe small large high low"
).split()
NAMES = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Barbara Liskov", "Edsger Dijkstra", "Frances Allen",
         "Donald Knuth", "Margaret Hamilton", "Ken Thompson", "Radia Perlman"]
LANGS = ["python", "sql", "yaml", "bash", "go", "json"]


def schema(type_name: str) -> dict:
    return json.loads((REPO / "schemas" / f"{type_name}.schema.json").read_text(encoding="utf-8"))


def required_sections(type_name: str) -> list[tuple[str, str, dict]]:
    sec = schema(type_name)["properties"]["sections"]
    return [(k, sec["properties"][k]["title"], sec["properties"][k]) for k in sec["required"]]


class Writer:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def sentence(self) -> str:
        n = self.rng.randint(8, 22)
        words = [self.rng.choice(WORDS) for _ in range(n)]
        if self.rng.random() < 0.15:
            words[self.rng.randrange(n)] = f"`{self.rng.choice(WORDS)}_{self.rng.choice(WORDS)}`"
        if self.rng.random() < 0.1:
            i = self.rng.randrange(n)
            words[i] = f"[{words[i]}](https://example.com/{self.rng.choice(WORDS)})"
        if self.rng.random() < 0.1:
            i = self.rng.randrange(n)
            words[i] = f"**{words[i]}**"
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int | None = None) -> str:
        count = sentences or self.rng.randint(2, 6)
        out, line = [], []
        for _ in range(count):
            line.append(self.sentence())
            if len(line) >= 2:  # wrap like hand-written Markdown
                out.append(" ".join(line))
                line = []
        if line:
            out.append(" ".join(line))
        return "\n".join(out) + "\n"

    def bullets(self, owners: bool = False) -> str:
        items = []
        for i in range(self.rng.randint(2, 6)):
            text = " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(4, 12)))
            if owners:
                text += f" (@{self.rng.choice(NAMES).split()[0].lower()}, OPS-{self.rng.randint(100, 999)})"
            items.append(f"- {text[0].upper()}{text[1:]}")
        return "\n".join(items) + "\n"

    def numbered(self) -> str:
        return "\n".join(f"{i}. {self.sentence()}" for i in range(1, self.rng.randint(3, 7))) + "\n"

    def tasks(self, all_done: bool = True) -> str:
        items = []
        for _ in range(self.rng.randint(2, 5)):
            text = " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(4, 10)))
            items.append(f"- [x] {text[0].upper()}{text[1:]}")
        if self.rng.random() < 0.3:
            items.append("- [ ] N/A: no user-facing change in this pull request")
        if not all_done:
            items.append("- [ ] Check the rollback path on staging")
        return "\n".join(items) + "\n"

    def table(self) -> str:
        cols = self.rng.randint(2, 4)
        head = [self.rng.choice(WORDS).capitalize() for _ in range(cols)]
        rows = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * cols) + "|"]
        for _ in range(self.rng.randint(2, 6)):
            rows.append("| " + " | ".join(self.rng.choice(WORDS) for _ in range(cols)) + " |")
        return "\n".join(rows) + "\n"

    def code(self) -> str:
        lang = self.rng.choice(LANGS)
        lines = [f"{self.rng.choice(WORDS)}_{i} = {self.rng.randint(0, 9999)}  # {self.rng.choice(WORDS)}"
                 for i in range(self.rng.randint(3, 12))]
        return f"```{lang}\n" + "\n".join(lines) + "\n```\n"

    # --- what real long-form documents (RFCs, design docs) hold, beyond the basic blocks ---------
    def prose_with_colons(self) -> str:
        """Prose that names keys and schemes: "data:", "file:", "script:" are words here, not links."""
        key = self.rng.choice(["data", "file", "script", "source", "image"])
        return (f"The {key}: field is read before the {self.rng.choice(WORDS)} step; a `{key}:` entry with an empty value "
                f"falls back to the default, and file: paths are relative. {self.sentence()}\n")

    def nested_list(self) -> str:
        lines = []
        for _ in range(self.rng.randint(2, 4)):
            lines.append(f"- {self.sentence()}")
            for _ in range(self.rng.randint(0, 3)):
                lines.append(f"  - {self.sentence()} See `{self.rng.choice(WORDS)}` and <kbd>Ctrl</kbd>.")
                if self.rng.random() < 0.3:
                    lines.append(f"    - {self.sentence()}")
        return "\n".join(lines) + "\n"

    def list_with_pipes(self) -> str:
        """List items that mention a union type or a shell pipe, wrapped with a four-space indent."""
        items = []
        for _ in range(self.rng.randint(2, 4)):
            items.append(f"1.  The `{self.rng.choice(WORDS)} | {self.rng.choice(WORDS)}` case: {self.sentence()}\n"
                         f"    {self.sentence()}")
        return "\n".join(items) + "\n"

    def table_then_note(self) -> str:
        """A table followed, without a blank line, by an indented note or a list item's table."""
        if self.rng.random() < 0.5:
            return self.table() + f"  {self.sentence()}\n"
        rows = self.table().splitlines()
        return f"-   {self.sentence()}\n\n" + "\n".join("    " + row for row in rows) + f"\n    {self.sentence()}\n"

    def reference_links(self, label: str) -> str:
        return (f"As [the {label} section][{label}] and [RFC {self.rng.randint(100, 3999)}][rfc] say, {self.sentence()}\n"
                f"{self.sentence()} <sup>1</sup><br>\n")

    def details(self) -> str:
        return f"<details>\n<summary>Full {self.rng.choice(WORDS)} log</summary>\n\n{self.paragraph(2)}\n</details>\n"

    def long_code(self) -> str:
        lang = self.rng.choice(LANGS)
        lines = [f"{self.rng.choice(WORDS)}_{i} = {self.rng.randint(0, 9999)}  # {self.sentence()}" for i in range(self.rng.randint(6, 18))]
        return f"```{lang}\n" + "\n".join(lines) + "\n```\n"

    def quote(self) -> str:
        return f"> **Note:** {self.sentence()}\n> {self.sentence()}\n"

    def longform_body(self, label: str) -> str:
        blocks = [self.paragraph(), self.reference_links(label)]
        for _ in range(self.rng.randint(3, 8)):
            kind = self.rng.random()
            if kind < 0.3:
                blocks.append(self.paragraph(self.rng.randint(2, 5)))
            elif kind < 0.4:
                blocks.append(self.nested_list())
            elif kind < 0.48:
                blocks.append(self.prose_with_colons())
            elif kind < 0.55:
                blocks.append(self.list_with_pipes())
            elif kind < 0.63:
                blocks.append(self.table_then_note())
            elif kind < 0.75:
                blocks.append(self.long_code())
            elif kind < 0.82:
                blocks.append(self.details())
            elif kind < 0.9:
                blocks.append(self.quote())
            else:
                blocks.append(self.table())
        return "\n".join(blocks)

    def body(self, size: int) -> str:
        """Content blocks; ``size`` scales the number of blocks (1 = short section)."""
        blocks = [self.paragraph()]
        for _ in range(self.rng.randint(0, size)):
            kind = self.rng.random()
            if kind < 0.45:
                blocks.append(self.paragraph())
            elif kind < 0.6:
                blocks.append(self.bullets())
            elif kind < 0.7:
                blocks.append(self.numbered())
            elif kind < 0.85:
                blocks.append(self.table())
            else:
                blocks.append(self.code())
        return "\n".join(blocks)


def frontmatter(type_name: str, rng: random.Random, number: int, problem: str | None) -> str:
    date = f"20{rng.randint(20, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if problem == "bad-date":
        date = f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/2025"
    people = rng.sample(NAMES, rng.randint(2, 3))
    tags = rng.sample(WORDS[:40], 2)
    fields = {
        "adr": {"type": "adr", "status": rng.choice(["Proposed", "Accepted", "Superseded"]), "date": date,
                "deciders": people, "tags": tags},
        "rfc": {"type": "rfc", "authors": people, "date": date, "status": rng.choice(["Draft", "Review", "Accepted"]),
                "reviewers": people[:1], "discussion": f"https://example.com/rfc/{number}"},
        "runbook": {"type": "runbook", "service": f"{rng.choice(WORDS)}-{rng.choice(WORDS)}", "owner": "@sre-team",
                    "last_reviewed": date, "alerts": [f"{rng.choice(WORDS).capitalize()}High"]},
        "postmortem": {"type": "postmortem", "date": date, "severity": rng.choice(["SEV1", "SEV2", "SEV3"]),
                       "status": rng.choice(["Draft", "Review", "Published"]), "authors": people,
                       "services": [rng.choice(WORDS)]},
        "one-on-one": {"type": "one-on-one", "date": date, "participants": people[:2]},
        "review-checklist": {"type": "review-checklist", "pr": number, "author": people[0], "date": date,
                             "reviewer": people[1]},
    }[type_name]
    if type_name in ("adr", "rfc"):
        fields = {"number": number, **fields}
    if problem == "bad-status" and "status" in fields:
        fields["status"] = "Done"
    if problem == "missing-field":
        required = schema(type_name)["properties"]["frontmatter"]["required"]
        fields.pop(rng.choice([r for r in required if r != "type"]), None)
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, list):
            if rng.random() < 0.5:
                lines.append(f"{key}: [{', '.join(value)}]")
            else:
                lines.append(f"{key}:")
                lines.extend(f"  - {v}" for v in value)
        elif isinstance(value, str) and (value.startswith("@") or ":" in value):
            lines.append(f'{key}: "{value}"')
        else:
            lines.append(f"{key}: {value}")
    lines.append("---")
    return "\n".join(lines) + "\n"


LONGFORM_SHARE = 0.4  # documents shaped like real long-form RFCs and design documents (10-40 KB)
TAB_SHARE = 0.25  # of those, documents with a tab (Go code; 41% of a real collection of Go design documents)
# of those, documents with what sent real documents to markdown-it-py before the native pass: text
# inside fenced code that looks like a table, a list or a quote, and HTML blocks (61 of 78 fallbacks
# of real RFCs were text inside fenced code)
REAL_TRIGGER_SHARE = 0.35
FENCED_TRIGGERS = (
    "```text\n$ tool status\n| NAME | STATE |\n|\n- | --- |\n-\n    > indented quote marker\n```\n",
    "```yaml\nitems:\n  -\n  - name: x\n    value: |\n      a | b\n      --- | ---\n```\n",
    "```\nusage: tool [-h] <version>\n\tflags:\n\t\t-v\tverbose\n```\n",
)
HTML_BLOCKS = ('<div align="center">\n<img src="diagram.png" alt="Architecture">\n</div>\n',
               "<table>\n<tr><td>Old</td><td>New</td></tr>\n</table>\n")
PROBLEMS = ["missing-section", "empty-section", "todo", "bad-status", "bad-date", "missing-field",
            "open-task", "duplicate-heading", "duplicate-number"]


def document(type_name: str, index: int, rng: random.Random) -> tuple[str, str]:
    w = Writer(rng)
    longform = rng.random() < LONGFORM_SHARE
    number = index + 1
    problems: set[str] = set()
    if rng.random() < 0.3:
        problems.add(rng.choice(PROBLEMS))
        if rng.random() < 0.3:
            problems.add(rng.choice(PROBLEMS))
    if "duplicate-number" in problems and type_name in ("adr", "rfc") and number > 1:
        number -= 1
    size = rng.choice([1, 2, 3, 4, 6, 8])  # spread of document lengths
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 7))).capitalize()
    parts = [frontmatter(type_name, rng, number, next((p for p in problems if p in ("bad-status", "bad-date", "missing-field")), None)),
             f"\n# {title}\n"]
    if rng.random() < 0.3:
        parts.append("\n" + w.paragraph(2))
    sections = required_sections(type_name)
    drop = rng.choice(sections)[0] if "missing-section" in problems else None
    empty = rng.choice(sections)[0] if "empty-section" in problems else None
    todo = rng.choice(sections)[0] if "todo" in problems else None
    for key, heading, prop in sections:
        if key == drop:
            continue
        parts.append(f"\n## {heading}\n")
        label = key.replace("_", "-")
        if longform:  # "## Summary" then "[summary]: #summary", as in many RFC templates
            parts.append(f"[{label}]: #{label}\n")
        parts.append("\n")
        if key == empty:
            continue
        props = prop.get("properties", {})
        if "subsections" in props:
            parts.append(w.body(1))
            for i in range(rng.randint(2, 4)):
                parts.append(f"\n### Option {chr(65 + i)}: {rng.choice(WORDS)} {rng.choice(WORDS)}\n\n{w.body(size // 2 + 1)}")
        elif "tasks" in props:
            parts.append(w.paragraph(2) + "\n" + w.tasks(all_done="open-task" not in problems or rng.random() < 0.5))
        elif "list_items" in props:
            parts.append(w.paragraph(2) + "\n" + w.bullets(owners=True))
        elif longform:
            parts.append(w.longform_body(label))
        else:
            parts.append(w.body(size))
        if key == todo:
            parts.append("\nTODO: fill in the details once the investigation is done.\n")
    if "duplicate-heading" in problems:
        parts.append(f"\n## {sections[0][1]}\n\n{w.paragraph(2)}")
    if longform:
        parts.append("\n[rfc]: https://example.com/rfc\n")
        if rng.random() < TAB_SHARE:  # Go code keeps its tabs
            parts.append("\n```go\nfunc main() {\n\tfmt.Println(\"x\")\n}\n```\n")
        extra = random.Random(index * 7919 + len(title))  # its own generator: the rest of the corpus stays as it was
        if extra.random() < REAL_TRIGGER_SHARE:
            parts.append("\n" + extra.choice(FENCED_TRIGGERS) + "\n" + extra.choice(HTML_BLOCKS))
    text = "".join(parts)
    slug = "-".join(title.lower().split()[:5])
    if type_name in ("adr", "rfc"):
        name = f"{number:04d}-{slug}.md"
    elif type_name == "review-checklist":
        name = f"pr-{number}-{slug}.md"
    elif type_name == "runbook":
        name = f"{index:05d}-{slug}.md"
    else:
        date = re.search(r"^date: (\S+)", text, re.M)
        name = f"{(date.group(1) if date else 'undated').replace('/', '-')}-{index:05d}-{slug}.md"
    return name, text


def ensure(total: int, corpus: Path | None) -> Path:
    """The corpus folder (a new temporary one if None) holding ``total`` documents in ``docs/``,
    generated unless that many are already there."""
    import shutil
    import tempfile

    per_type = -(-total // len(TYPES))
    corpus = corpus or Path(tempfile.mkdtemp(prefix="ak-bench-"))
    docs = corpus / "docs"
    if not docs.is_dir() or sum(1 for _ in docs.rglob("*.md")) != per_type * len(TYPES):
        shutil.rmtree(docs, ignore_errors=True)
        generate(per_type, docs)
    return corpus


def generate(n: int, outdir: Path, seed: int = 1234) -> list[Path]:
    written = []
    for t_index, type_name in enumerate(TYPES):
        rng = random.Random(seed * 1000 + t_index)
        folder = outdir / FOLDERS[type_name]
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(n):
            name, text = document(type_name, i, rng)
            path = folder / name
            path.write_text(text, encoding="utf-8", newline="\n")
            written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="documents of each type")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=1234)
    args = parser.parse_args()
    files = generate(args.n, args.outdir, args.seed)
    total = sum(os.path.getsize(p) for p in files)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in files)
    print(f"wrote {len(files)} documents to {args.outdir} ({total / 1e6:.1f} MB, {words // len(files)} words on average)")


if __name__ == "__main__":
    main()
