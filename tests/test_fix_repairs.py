"""``lint --fix`` repairs what the author evidently meant (issue 23, "--fix lowers the count"): a
link to a document that was renumbered or renamed, a link written without ``https://`` or
``mailto:``, a code fence closed with a shorter run, a date written without its dashes. Each repair is made only when one reading
fits, and kept only when lint's re-check finds fewer findings and none new. Each test builds its
repository in a real git repository and runs ``lint --fix`` in process."""

from __future__ import annotations

import json

from conftest import git, write_tree

from artifactkit.cli import main

CONFIG = """docs_root: docs
types:
  design:
    paths: ["docs/design/*.md"]
    sections: [Summary, Decision]
"""


def design(title: str, extra: str = "") -> str:
    return f"# {title}\n\n## Summary\n\nWhat we chose, in a few words.\n\n## Decision\n\nWe do it this way.\n{extra}"


def adopt(repo, files: dict[str, str]) -> None:
    write_tree(repo, {".artifactkit.yaml": CONFIG, **files})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "docs")


def lint_fix(repo, monkeypatch, capsys) -> tuple[list[dict], list[dict], str]:
    """The findings before and after ``lint --fix``, and what --fix said."""
    monkeypatch.chdir(repo)
    capsys.readouterr()
    main(["lint", "--format", "json", "--no-cache"])
    before = json.loads(capsys.readouterr().out)
    main(["lint", "--fix", "--no-cache"])
    said = capsys.readouterr().err
    main(["lint", "--format", "json", "--no-cache"])
    after = json.loads(capsys.readouterr().out)
    return before, after, said


def added_lines(repo) -> list[str]:
    return [line for line in git(repo, "diff", "-U0", "--no-color").splitlines() if line.startswith("+") and not line.startswith("+++")]


def test_a_link_to_a_renumbered_or_renamed_document_is_pointed_at_it(git_repo, monkeypatch, capsys):
    links = (
        "\nSee [uploads](0004-file-uploads.md#limits) and [the cache](0003-cache-design.md).\n"
        # another repository's file on the same line: no finding of this one, so never rewritten
        "[Theirs](https://github.com/o/other/blob/main/docs/design/0003-cache-design.md), [ours](0003-cache-design.md).\n"
        # ambiguous or unrelated: never guessed
        "Also [retries](0002-retry-policy.md), [queues](0009-alpha-old.md) and [excel](0008-excel-validation.md).\n"
    )
    adopt(
        git_repo,
        {
            "docs/design/0001-a.md": design("A", links),
            "docs/design/0007-file-uploads.md": design("Uploads"),  # the same name, another number
            "docs/design/0003-cache-layer.md": design("Cache"),  # the same number, renamed, "cache" kept
            "docs/design/0005-retry-policy.md": design("Retry 5"),  # two files carry that name
            "docs/design/0006-retry-policy.md": design("Retry 6"),
            "docs/design/0009-alpha-queue.md": design("Queue"),  # two carry that number
            "docs/design/0009-alpha-stream.md": design("Stream"),
            "docs/design/0008-bulk-uploads.md": design("Bulk"),  # that number, no word in common
        },
    )
    before, after, said = lint_fix(git_repo, monkeypatch, capsys)
    text = (git_repo / "docs/design/0001-a.md").read_text()
    assert "[uploads](0007-file-uploads.md#limits)" in text and "[the cache](0003-cache-layer.md)" in text
    assert "[Theirs](https://github.com/o/other/blob/main/docs/design/0003-cache-design.md), [ours](0003-cache-layer.md)" in text
    assert "[retries](0002-retry-policy.md), [queues](0009-alpha-old.md) and [excel](0008-excel-validation.md)" in text
    assert [p["rule"] for p in before] == ["link-broken"] * 6
    assert len(after) == 3 and {p["message"].split(" is broken")[0] for p in after} == {
        "link to 0002-retry-policy.md",
        "link to 0009-alpha-old.md",
        "link to 0008-excel-validation.md",
    }
    assert "Rewrite the link 0004-file-uploads.md#limits to 0007-file-uploads.md#limits" in said
    assert len(added_lines(git_repo)) == 2  # the two lines rewritten, nothing else touched


def test_a_link_written_without_its_scheme_gets_https_or_mailto(git_repo, monkeypatch, capsys):
    links = (
        "\nAuthor: [Ian](iant@example.org). See [issue 16093](golang.org/issue/16093) and\n"
        "[CL 1](<golang.org/cl/33671>).\n\n"
        # a path that only looks like a host: a file of this repository, or a file extension
        "Read [the notes](notes.example.org/readme.md), [part two](guide.md/part) and [the tool](build.tools/missing).\n"
    )
    adopt(
        git_repo,
        {
            "docs/design/0001-a.md": design("A", links),
            "docs/design/notes.example.org/readme.md": "Notes.\n",
            "docs/design/build.tools/run.sh": "echo\n",
        },
    )
    before, after, _ = lint_fix(git_repo, monkeypatch, capsys)
    text = (git_repo / "docs/design/0001-a.md").read_text()
    assert "[Ian](mailto:iant@example.org)" in text
    assert "[issue 16093](https://golang.org/issue/16093)" in text and "[CL 1](<https://golang.org/cl/33671>)" in text
    assert "[the notes](notes.example.org/readme.md), [part two](guide.md/part) and [the tool](build.tools/missing)" in text
    assert len(before) == 5 and len(after) == 2  # the file-extension path and the missing file under build.tools stay reported
    assert all("guide.md/part" in p["message"] or "build.tools/missing" in p["message"] for p in after)


FENCED = "\n```sh\nmake build\n``\n\nThen read the log.\n"


def test_a_fence_closed_with_a_shorter_run_is_closed_as_it_was_opened(git_repo, monkeypatch, capsys):
    nested = "\n````md\nAn example:\n```\ninner\n```\n"  # unclosed, but the shorter runs may be the example's own fence
    closed = "\n````md\nA line of two:\n``\n````\n"  # closed: the `` is content
    adopt(
        git_repo,
        {
            "docs/design/0001-a.md": design("A", FENCED),
            "docs/design/0002-b.md": design("B", nested),
            "docs/design/0003-c.md": design("C", closed),
        },
    )
    before, after, said = lint_fix(git_repo, monkeypatch, capsys)
    assert (git_repo / "docs/design/0001-a.md").read_text() == design("A", FENCED.replace("\n``\n", "\n```\n"))
    assert (git_repo / "docs/design/0002-b.md").read_text() == design("B", nested)
    assert (git_repo / "docs/design/0003-c.md").read_text() == design("C", closed)
    assert [(p["path"], p["rule"]) for p in before] == [("docs/design/0001-a.md", "fence-unclosed"), ("docs/design/0002-b.md", "fence-unclosed")]
    assert [(p["path"], p["rule"]) for p in after] == [("docs/design/0002-b.md", "fence-unclosed")]
    assert "fixed docs/design/0001-a.md: Close the code fence" in said


def test_a_repair_the_recheck_rejects_leaves_the_file_untouched(git_repo, monkeypatch, capsys):
    """Closing the fence would bring the heading it swallowed back, a second "Summary": a new finding."""
    text = design("A", "\n```sh\nmake\n``\n\n## Summary\n\nAgain.\n")
    adopt(git_repo, {"docs/design/0001-a.md": text})
    before, after, said = lint_fix(git_repo, monkeypatch, capsys)
    assert (git_repo / "docs/design/0001-a.md").read_text() == text and before == after
    assert "left out, it would bring a new finding (heading-duplicate" in said


DATED = CONFIG + "    frontmatter: {properties: {date: {type: string, format: date}}}\n"


def test_a_date_written_in_the_basic_form_is_written_with_dashes(git_repo, monkeypatch, capsys):
    """``20220513`` is 2022-05-13 in ISO 8601's basic form; ``2023-13-10`` and ``20221345`` are no
    dates (13 October? a typo?) and stay for their authors."""
    files = {
        "docs/design/0001-a.md": design("A").replace("# A\n", "# A\n\nIntroduced: 20220513\n"),
        "docs/design/0002-b.md": "---\ndate: 20220601\n---\n" + design("B"),
        "docs/design/0003-c.md": design("C").replace("# C\n", "# C\n\nDate: 2023-13-10\n"),
        "docs/design/0004-d.md": "---\ndate: 20221345\n---\n" + design("D"),
    }
    write_tree(git_repo, {**files, ".artifactkit.yaml": DATED})
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-qm", "docs")
    before, after, _ = lint_fix(git_repo, monkeypatch, capsys)
    assert (git_repo / "docs/design/0001-a.md").read_text() == files["docs/design/0001-a.md"].replace("20220513", "2022-05-13")
    assert (git_repo / "docs/design/0002-b.md").read_text() == files["docs/design/0002-b.md"].replace("20220601", "2022-06-01")
    for rel in ("docs/design/0003-c.md", "docs/design/0004-d.md"):
        assert (git_repo / rel).read_text() == files[rel]
    assert [p["rule"] for p in before] == ["frontmatter-invalid"] * 4
    assert sorted(p["path"] for p in after) == ["docs/design/0003-c.md", "docs/design/0004-d.md"]


def nygard(number: int, title: str, status: str = "Accepted") -> str:
    return (
        f"# {number}. {title}\n\nDate: 2022-06-02\n\n## Status\n\n{status}\n\n## Context\n\nWe need to choose.\n\n"
        "## Decision\n\nWe choose this.\n\n## Consequences\n\nIt is simpler.\n"
    )


def test_a_supersede_reference_to_a_renumbered_document_is_pointed_at_it_and_answered(git_repo, monkeypatch, capsys):
    """fac's 0014: "Superseded by [ADR 16](https://github.com/o/r/blob/main/.../0016-x.md)", the
    document now being 0025-x.md. Rewritten; when 0025 does not say it supersedes 14, its
    ``Supersedes`` line is written too (as ``artifactkit supersede`` writes it: the rewrite alone
    would only trade "names no document" for "one-way"). When 0025 already supersedes another,
    a person decides: the file stays and the note names the document it would be."""
    folder = "doc/adr/"
    forge = "https://github.com/o/r/blob/main/doc/adr/"
    files = {
        ".adr-dir": "doc/adr\n",
        folder + "0001-use-shell.md": nygard(1, "Use shell", f"Superseded by [ADR 5]({forge}0005-use-python.md)"),
        folder + "0002-use-make.md": nygard(2, "Use make", f"Superseded by [ADR 6]({forge}0006-use-ninja.md)"),
        folder + "0003-use-scons.md": nygard(3, "Use scons", f"Superseded by [ADR 4]({forge}0004-use-bazel.md)"),
        folder + "0007-use-python.md": nygard(7, "Use Python", "Accepted\n\nSupersedes [1. Use shell](0001-use-shell.md)"),
        folder + "0008-use-ninja.md": nygard(8, "Use ninja"),
        folder + "0009-use-bazel.md": nygard(9, "Use bazel", "Accepted\n\nSupersedes [10. Use tup](0010-use-tup.md)"),
        folder + "0010-use-tup.md": nygard(10, "Use tup", "Superseded by [9. Use bazel](0009-use-bazel.md)"),
    }
    write_tree(git_repo, files)
    monkeypatch.chdir(git_repo)
    assert main(["init"]) == 0
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-qm", "log")
    capsys.readouterr()
    main(["lint", "--diff", "--no-cache"])  # the preview shows both halves and writes nothing
    preview = capsys.readouterr().out
    assert f"+Superseded by [ADR 6]({forge}0008-use-ninja.md)" in preview and "+Supersedes [2. Use make](0002-use-make.md)" in preview
    assert git(git_repo, "status", "--porcelain") == ""
    before, after, said = lint_fix(git_repo, monkeypatch, capsys)
    assert [(p["path"], p["rule"]) for p in before] == [
        (folder + "0001-use-shell.md", "link-broken"),
        (folder + "0002-use-make.md", "link-broken"),
        (folder + "0003-use-scons.md", "link-broken"),
        (folder + "0007-use-python.md", "supersede-mismatch"),  # 0001 does not name it back: answered by the same fix
    ]
    assert [(p["path"], p["rule"]) for p in after] == [(folder + "0003-use-scons.md", "link-broken")]
    read = {rel: (git_repo / rel).read_text() for rel in files}
    assert read[folder + "0001-use-shell.md"] == files[folder + "0001-use-shell.md"].replace("0005-use-python", "0007-use-python")
    assert read[folder + "0002-use-make.md"] == files[folder + "0002-use-make.md"].replace("0006-use-ninja", "0008-use-ninja")
    assert read[folder + "0008-use-ninja.md"] == files[folder + "0008-use-ninja.md"].replace(
        "Accepted\n", "Accepted\n\nSupersedes [2. Use make](0002-use-make.md)\n", 1
    )
    assert [rel for rel in files if read[rel] != files[rel]] == [folder + "0001-use-shell.md", folder + "0002-use-make.md", folder + "0008-use-ninja.md"]
    assert f"Rewrite the link {forge}0004-use-bazel.md to {forge}0009-use-bazel.md: left out, it would bring a new finding (supersede-mismatch" in said


def test_a_section_written_under_another_name_is_renamed_and_nothing_else_changes(git_repo, monkeypatch, capsys):
    # react's RFC 0051 writes "# Usage example" where the template's "Basic example" stands
    adopt(git_repo, {
        ".artifactkit.yaml": CONFIG.replace("[Summary, Decision]", "[Summary, Basic example, Decision]"),
        "docs/design/0001-profiler.md": design("Profiler").replace("\n## Decision", "\n## Usage example\n\n`<Profiler/>`\n\n## Decision"),
    })
    before, after, said = lint_fix(git_repo, monkeypatch, capsys)
    assert [(p["rule"], p["section"]) for p in before] == [("section-missing", "Basic example")] and after == []
    assert before[0]["message"].startswith("heading '## Usage example' looks like the required section \"Basic example\" under another name")
    assert added_lines(git_repo) == ["+## Basic example"]
    assert 'Rename "Usage example" to "Basic example"' in said
