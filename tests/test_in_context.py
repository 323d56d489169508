"""Placeholders and links read in context (issue 23 item 5), the same in the native reading and in
markdown-it-py's reference: nothing inside code spans, code blocks or maths, nothing escaped with
a backslash, no file names in angle brackets, a TBD in a sentence that says what is out of scope
is prose; GFM footnotes are not links (the links inside a footnote are); an unclosed code fence
is its own finding at the fence's line."""

from __future__ import annotations

import pytest
from conftest import lint_json, write_tree
from test_placeholders import adr

from artifactkit.document import markdown, pulldown


def both(text: str):
    """The section "a" of ``## A`` + ``text`` in both readings (asserted equal)."""
    body = f"## A\n\n{text}\n"
    native, reference = pulldown.build_outline(body, 0), markdown.build_outline_reference(body, 0)
    assert native.sections["a"].to_instance() == reference.sections["a"].to_instance()
    assert native.link_targets == reference.link_targets and native.unclosed_fences == reference.unclosed_fences
    return native


NOT_PLACEHOLDERS = [
    "Include <simd/simd.h> and <math.h>, then <config.yaml> is read.",  # file names and paths
    "Each term is $x_{total} + {n choose k}$ long.",  # inline maths
    "The sum is\n$$\n\\sum_{i} {n choose k}\n$$\nover all pairs.",  # display maths over lines
    "The commit is named by its \\<hash>, the scope by \\{team name}.",  # escaped
    "The grammar is `<keyword> <expr>`; run `tool install <version>`.",  # code spans
    "Call `GET /api/{namespace}/pods` to list them.",  # a REST path in code
    "```\nusage: tool <version> {namespace}\n```",  # a code block
    "Pricing is TBD and out of scope for this RFC.",  # a TBD that says what is out of scope
    # a runbook's instructions written without code spans: a path, a URL, an assignment, a command
    "Check the logs in /var/log/ceph/<cluster-id> location.",
    "Open 'https://{OPENSHIFT_BASE_URL}/monitoring/query-browser'.",
    "Find PVCs with --field-selector=spec.imageName=<image-name> set.",
    "Inspect NIC errors (ethtool -S <iface>), and firmware.",
    "Check snapshots: oc get volumesnapshot -A | grep <image-name>",
    "Log in as admin@{tenant domain} first.",
    # a sample message in an indented code block whose second line lost its indentation
    "A sample alert message:\n\n    Utilization of device <daemon-name> of type\n<device-class-name> has crossed 80% on host <host-name>.",
    "It now prints 'Did you mean <something>?' and stops.",  # a message the text quotes
    "The tool says \u201ccannot find {name} here\u201d and exits.",
]


@pytest.mark.parametrize("text", NOT_PLACEHOLDERS)
def test_not_placeholders(text):
    section = both(text).sections["a"]
    assert section.placeholders == [] and section.filled


LEFTOVERS = [
    ("Owner: <team name>, see <math.h>.", ["<team name>"]),
    ("Costs $5 and {service name} and $6.", ["{service name}"]),  # dollars are not maths
    ("Only one $$ and {service name}.", ["{service name}"]),  # an unpaired $$ is text
    ("Pricing is TBD. It is out of scope.", ["TBD"]),  # another sentence says it
    ("TODO: out of scope for now.", ["TODO"]),  # only TBD may be a decision
    ("See \\\\{service name} here.", ["{service name}"]),  # an escaped backslash escapes nothing after it
    ("Owned by <team name> (see -v for more).", ["<team name>"]),  # a flag after it, not before
    ("Owner: <team>. Pager: {rotation}.", ["<team>", "{rotation}"]),  # a field's value, not glued to it
    ("Run it:\n\n    make all\n\nThen ask <team name>.", ["<team name>"]),  # a blank line after the code
    ('Owner: "<team name>", pager: \'{rotation}\'.', ["<team name>", "{rotation}"]),  # quoted alone: still blanks
    ("It's <team name> that owns it, isn't it.", ["<team name>"]),  # apostrophes, no quotation
]


@pytest.mark.parametrize(("text", "found"), LEFTOVERS)
def test_leftovers_are_still_found(text, found):
    assert both(text).sections["a"].placeholders == found


def test_a_footnote_is_not_a_link_but_the_links_inside_it_are():
    """CommonMark alone reads "[^1]: [CVE…](…)" as a link definition whose URL is "[CVE…](…)", and
    "[^1]" as a link to it (a broken relative link); GFM footnotes, read by both parsers, do not."""
    outline = both("A flaw[^1] was found.\n\n[^1]: [CVE-2021-44228](https://nvd.nist.gov/x)")
    assert outline.link_targets == [(5, "https://nvd.nist.gov/x")]
    assert outline.sections["a"].links == 1
    assert both("See [^2] and [notes](notes.md).\n\n[^2]: Details in [the runbook](run.md).").link_targets == [(3, "notes.md"), (5, "run.md")]


def test_an_unclosed_fence_is_found_at_its_line():
    body = "## A\n\nText.\n\n```python\ncode\n\n## B\n\nswallowed\n"
    assert both(body[len("## A\n\n"):]).unclosed_fences == [5]
    assert pulldown.build_outline(body, 10).unclosed_fences == [15]
    assert both("```python\ncode\n```\n\n~~~~\nx\n~~~~~\n").unclosed_fences == []


def test_lint_reports_the_unclosed_fence_and_no_broken_footnote_link(tmp_path):
    text = adr(context="A flaw[^1] was found.\n\n[^1]: [CVE-2021-44228](https://nvd.nist.gov/x)",
               consequences="One more service to run:\n\n```sh\nrun it")
    write_tree(tmp_path, {"docs/adr/0001-queue.md": text})
    _, found = lint_json(["docs/adr/0001-queue.md", "--no-cache"], tmp_path)
    fence_line = text.split("\n").index("```sh") + 1
    assert [p["line"] for p in found if p["rule"] == "fence-unclosed"] == [fence_line]
    assert not any("link" in p["rule"] for p in found), found


def test_a_link_to_a_documents_published_form_is_not_broken(tmp_path):
    """Site generators' sources (Middleman's x.html.md, Hugo's folder/_index.md): a link written to
    the published page, relative or from the site's root (the docs root), names a file that is there."""
    alert = "---\ntitle: {t}\n---\n\n## Troubleshooting\n\n{links}\n"
    links = "[B](b.html), [root](/manual/alerts/b.html), [md](b.html.md), [bare](/manual/alerts/b), [folder](/manual/), [gone](gone.html), [root gone](/manual/gone.html)"
    write_tree(tmp_path, {
        ".artifactkit.yaml": "docs_root: source\ntypes:\n  alert:\n    paths: ['source/manual/alerts/*.md']\n    sections: [Troubleshooting]\n",
        "source/manual/alerts/a.html.md": alert.format(t="A", links=links),
        "source/manual/alerts/b.html.md": alert.format(t="B", links="x"),
        "source/manual/_index.md": "# Manual\n",
    })
    _, found = lint_json(["--no-cache"], tmp_path)
    assert sorted(p["message"].split(" is broken")[0] for p in found) == ["link to /manual/gone.html", "link to gone.html"], found


def test_a_name_the_document_writes_as_code_is_no_blank_in_its_prose(tmp_path):
    """yarn's RFC: "store it in `~/.config/yarn/<REPO_DIR>`", later "could work in place of <REPO_DIR>"."""
    context = ("State goes to `~/.config/yarn/<REPO_DIR>`.\n\nA hash could work in place of <REPO_DIR>, and {pkg} too.\n\n"
               "```sh\nyarn add {pkg}\n```\n\nAsk <team name> first.")
    text = adr(context=context)
    write_tree(tmp_path, {"docs/adr/0001-queue.md": text})
    _, found = lint_json(["docs/adr/0001-queue.md", "--no-cache"], tmp_path)
    [leftover] = [p for p in found if p["rule"] == "section-placeholder"]
    assert "'<team name>'" in leftover["message"] and "REPO_DIR" not in leftover["message"] and "{pkg}" not in leftover["message"]
    assert leftover["line"] == text.split("\n").index("Ask <team name> first.") + 1  # at the blank left, not the name
