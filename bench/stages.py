"""Where a cold lint spends its time, per document and stage, against rumdl's CPU per document.

    python bench/stages.py [--docs 10000] [--corpus DIR] [--sample 1500]

Times, in this process and serially, the stages of ``lintfile.lint_file`` on a random sample of the
corpus (best of three passes, CPU time): reading, front matter, the section outline (the native
pass alone, the native pass with the Python OutlineBuilder it feeds, and markdown-it-py, the reference), and the whole ``lint_file``. "lint_file without the
outline" is what a document would cost if the outline took no time at all. rumdl's CPU time per
document (``rumdl check --no-cache``, MD043 only, the whole corpus, user + sys) is measured in the
same run, so each figure also appears as a ratio against it. The command's own costs (finding
files, workers, report) come on top of every figure here; bench/run.py times whole commands.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen_corpus  # noqa: E402


def best_per_doc(func, items, passes: int = 3) -> float:
    """CPU seconds per item, best of ``passes`` (CPU time: the machine may be shared)."""
    best = float("inf")
    for _ in range(passes):
        start = time.process_time()
        for item in items:
            func(item)
        best = min(best, (time.process_time() - start) / len(items))
    return best


def rumdl_cpu_per_doc(corpus: Path, count: int) -> float | None:
    rumdl = shutil.which("rumdl", path=str(Path(sys.executable).parent)) or shutil.which("rumdl")
    if not rumdl:
        return None
    cfg = Path(tempfile.mkdtemp(prefix="ak-stages-")) / "rumdl.toml"
    cfg.write_text('[global]\nenable = ["MD043"]\n\n[MD043]\nheadings = ["*", "## Context", "*"]\n')
    cpu = []
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([rumdl, "check", "--no-cache", "--config", str(cfg), "docs"], cwd=corpus,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return min(cpu) / count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10000, help="total documents (split over the six types)")
    ap.add_argument("--corpus", type=Path, default=None, help="corpus folder (default: a temp folder)")
    ap.add_argument("--sample", type=int, default=1500, help="documents timed in-process")
    args = ap.parse_args()

    corpus = gen_corpus.ensure(args.docs, args.corpus)
    docs = corpus / "docs"
    os.chdir(corpus)

    from artifactkit import _native
    from artifactkit.document import frontmatter, markdown, model, pulldown
    from artifactkit.engine import lintfile as linter
    from artifactkit.engine.config import load_config
    from artifactkit.io import textio

    config = load_config()
    files = sorted(str(p.relative_to(corpus)) for p in docs.rglob("*.md"))
    sample = random.Random(1).sample(files, min(args.sample, len(files)))
    texts = [textio.read_document(f).text for f in sample]
    splits = []
    for text in texts:
        lines = model.split_lines(text)
        front = frontmatter.parse(lines)
        splits.append(("".join(lines[front.body_start:]), front.body_start))
    for path in sample[:50]:  # warm up: imports, schemas, validators
        linter.lint_file(path, config)

    stages = [
        ("read (textio.read_document)", best_per_doc(textio.read_document, sample)),
        ("front matter", best_per_doc(lambda t: frontmatter.parse(model.split_lines(t)), texts)),
        ("outline, native pass alone (artifactkit._native)", best_per_doc(lambda s: _native.outline(pulldown.normalize(s[0]), s[1] + 1), splits)),
        ("outline (native pass + OutlineBuilder)", best_per_doc(lambda s: model.build_outline(*s), splits)),
        ("outline, markdown-it-py (reference)", best_per_doc(lambda s: markdown.build_outline_reference(*s), splits)),
        ("lint_file, whole", best_per_doc(lambda p: linter.lint_file(p, config), sample)),
    ]
    stages.append(("lint_file without the outline", stages[5][1] - stages[3][1]))
    rumdl = rumdl_cpu_per_doc(corpus, len(files))

    print(f"corpus: {len(files)} documents in {docs}; {len(sample)} timed in-process, best of 3")
    width = max(len(name) for name, _ in stages)
    for name, seconds in stages:
        ratio = f"{seconds / rumdl:6.1f}x rumdl's CPU per document" if rumdl else ""
        print(f"{name:<{width}}  {seconds * 1e3:7.3f} ms  {ratio}")
    print(f"{'rumdl check MD043 (CPU / document)':<{width}}  " + (f"{rumdl * 1e3:7.3f} ms" if rumdl else "not installed"))


if __name__ == "__main__":
    main()
