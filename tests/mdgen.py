"""Hypothesis strategies for Markdown documents that mix every block and inline construct artifactkit reads.

Used by the differential tests, which hold a fast path equal to markdown-it-py on what this draws.
"""

from __future__ import annotations

from hypothesis import strategies as st

INLINE = [
    "word", "words here", "TODO", "TBD", "{name}", "{service name}", "<name>", "<service name>", "a_b", "don't",
    "*em*", "_em_", "**strong**", "__strong__", "***both***", "*open", "close*", "**", "_", "a*b*c", "*[em link](x.md)*",
    "`code`", "``co`de``", "` `", "`TODO`", "`<name>`", "[link](x.md)", "[link](<a b.md> \"title\")", "[l](x.md#frag)",
    "[link](https://example.com/a_(b))", "[j](javascript:x)", "[e](JavaScript&#58;x)", "[c](HTTP://Example.COM/a b)", "[a [nested] b](y.md)", "[broken](", "[x]", "[ ]", "[text][missing]",
    "![img](i.png)", "![alt *em* [l](z.md)](i.png)", "[![img](i.png)](x.md)", "<https://e.com/a?b=c>", "<me@example.com>",
    "<b>bold</b>", "<span class=\"x\">", "<!-- c -->", "<!-- artifactkit-disable-next-section empty -->", "&amp;",
    "&copy;", "&#35;", "&#x1F600;", "&nosuch;", "\\*", "\\_", "\\[", "\\\\", "\\#", "\\|", "é", "ü中", "😀", "N/A",
    "N/A because reasons", "|", "#", "!", "]", "[", ")", "(", "~~", "-", "1.", "x\\", "  ", "   ", "\t", "a\tb",
    # read in context (issue 23 item 5): footnotes, maths, escapes, file names in angle brackets, scope
    "[^1]", "[^note]", "$x_{i}$", "$$", "${n choose k}$", "$5", "\\<name>", "\\{name}", "<math.h>", "<simd/simd.h>", "TBD, out of scope.",
    # what real long-form documents hold: reference links, prose that names a scheme, colons
    *["[summary][summary]", "[summary]", "[Summary][]", "[x][Ref-1]", "data: x", "file: y.md", "script: run.sh",
      "javascript:", "Data:", "`data:`", "(see file:///etc/x)", "a: b", "]:", "[x]:"] * 3,
    # links markdown-it drops (a scheme it refuses): rarer, so that most documents take the fast path
    "[x](data:image/png;base64,AA)", "[x](File:y)", "![i](data:x)", "<data:x>", "[x](vbscript\\:y)", "[x](data&#58;y)",
]
DEFINITIONS = ["[summary]: #summary", "[Ref-1]: https://example.com/a", "[x]: <a b.md> \"title\"", "[y]: y.md 'title'",
               "[z]:\n  z.md", "[w]: #w\n  \"title on its own line\"", "[n]: <>", "[^1]: [CVE-1](https://e.com/c) {name}",
               "[^note]: text\n    continued [l](x.md)"] * 3 + [
               "[bad]: javascript:x", "[d]: data:text/html,x", "[e]: fil&#101;:x"]
LINE_ENDS = ["", "", "", "", " ", "  ", " \\", " #", " ##", " |"]
ENDINGS = ["\n", "\n", "\n", "\r\n", "\r"]


@st.composite
def inline(draw, max_size: int = 6) -> str:
    return " ".join(draw(st.lists(st.sampled_from(INLINE) | st.text(alphabet="ab *_`[]()<>&\\!#|-:", max_size=4), max_size=max_size)))


@st.composite
def paragraph(draw) -> list[str]:
    return [inline_line + draw(st.sampled_from(LINE_ENDS)) for inline_line in draw(st.lists(inline(), min_size=1, max_size=3))]


@st.composite
def heading(draw) -> list[str]:
    text = draw(inline(max_size=3))
    if draw(st.integers(0, 4)) == 0:
        return [text or "x", draw(st.sampled_from(["===", "---", "  ---  ", "=", "- -"]))]
    marks = "#" * draw(st.integers(1, 7))
    indent = " " * draw(st.integers(0, 4))
    return [indent + marks + draw(st.sampled_from([" ", " ", "", "  "])) + text + draw(st.sampled_from(["", "", " #", " ##", " \\#", "#"]))]


@st.composite
def fence(draw) -> list[str]:
    mark = draw(st.sampled_from(["```", "~~~", "````", "``` py", "~~~ yaml"]))
    indent = " " * draw(st.integers(0, 4))
    body = draw(st.lists(st.sampled_from(["code", "# not a heading", "", "  TODO", "```", "~~~", "<div>"]), max_size=3))
    close = draw(st.sampled_from([mark[:3], mark[:3], mark[:3] + "`", "", "~~~~"]))
    return [indent + mark, *[indent + line for line in body], *([indent + close] if close else [])]


@st.composite
def table(draw) -> list[str]:
    cols = draw(st.integers(1, 3))
    lead, trail = draw(st.sampled_from([("| ", " |"), ("", ""), ("| ", ""), ("", " |")]))
    delim = [draw(st.sampled_from(["---", ":--", "--:", ":-:", "-"])) for _ in range(cols + draw(st.sampled_from([0, 0, 0, 1, -1])))]
    rows = [[draw(inline(max_size=2)) for _ in range(cols)] for _ in range(draw(st.integers(1, 3)))]
    lines = [lead + " | ".join(draw(st.lists(inline(max_size=2), min_size=cols, max_size=cols))) + trail, lead + " | ".join(delim) + trail]
    lines += [lead + " | ".join(row) + trail for row in rows]
    return lines


@st.composite
def definitions(draw) -> list[str]:
    """Link reference definitions, as real documents put them after a heading or a paragraph."""
    lines = [line for d in draw(st.lists(st.sampled_from(DEFINITIONS), min_size=1, max_size=3)) for line in d.split("\n")]
    follow = draw(st.sampled_from([[], [], ["    indented"], ["  two spaces"], ["text"], ["    "], ["| a |"]]))
    return lines + follow


@st.composite
def table_then_indented(draw) -> list[str]:
    """A table followed, without a blank line, by lines indented by a few spaces."""
    lines = draw(table())
    for _ in range(draw(st.integers(1, 2))):
        lines.append(" " * draw(st.integers(1, 6)) + draw(st.sampled_from(["word", "| cell |", "- item", "```", "> q", ""])))
    return lines


@st.composite
def list_block(draw, depth: int = 0) -> list[str]:
    marker = draw(st.sampled_from(["- ", "* ", "+ ", "1. ", "2) ", "- [ ] ", "- [x] ", "* [X] ", "- [ ] N/A ", "-   "]))
    indent = " " * len(marker.split("[")[0] if "[" in marker else marker)
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        first, *rest = draw(paragraph())
        lines.append(marker + first)
        lines += [draw(st.sampled_from([indent, "", indent])) + line for line in rest]  # "" makes a lazy line
        if depth < 2 and draw(st.integers(0, 3)) == 0:
            lines += [indent + line for line in draw(list_block(depth + 1))]
        if draw(st.integers(0, 4)) == 0:
            lines.append("")
            lines += [indent + line for line in draw(st.one_of(paragraph(), fence(), table(), definitions()))]
    return lines


@st.composite
def blockquote(draw) -> list[str]:
    inner = draw(st.one_of(paragraph(), heading(), list_block(), fence(), table(), table_then_indented(), definitions()))
    return [draw(st.sampled_from(["> ", ">", "> ", ""])) + line for line in inner]


HTML_BLOCKS = [
    ["<!-- artifactkit-disable section-empty -->"], ["<!-- artifactkit-disable-next-section -->"],
    ["<!--", "TODO inside a comment", "-->"], ["<div>", "html *text* TODO", "</div>"], ["<details>", "", "inside", "</details>"],
    ["<br>"], ["<custom-tag>", "x"], ["<name>"], ["</p>"], ["<?php x ?>"], ["<!DOCTYPE html>"], ["<![CDATA[ x ]]>"],
]


@st.composite
def block(draw) -> list[str]:
    kind = draw(st.integers(0, 14))
    if kind <= 2:
        return draw(paragraph())
    if kind <= 4:
        return draw(heading())
    if kind == 5:
        return draw(list_block())
    if kind == 6:
        return draw(fence())
    if kind == 7:
        return draw(table())
    if kind == 8:
        return draw(blockquote())
    if kind == 9:
        return list(draw(st.sampled_from(HTML_BLOCKS)))
    if kind == 10:
        indent = draw(st.sampled_from(["    ", "    ", "\t", " \t"]))  # Go code is indented with tabs
        return [indent + line for line in draw(paragraph())]  # indented code, or a lazy line
    if kind == 11:
        return draw(heading()) + draw(definitions())  # "# Summary" then "[summary]: #summary"
    if kind == 12:
        return draw(definitions())
    if kind == 13:
        return draw(table_then_indented())
    return [draw(st.sampled_from(["---", "***", "* * *", "___", "- - -"]))]


@st.composite
def markdown(draw) -> str:
    lines: list[str] = []
    for _ in range(draw(st.integers(1, draw(st.sampled_from([4, 10]))))):  # short notes to long sections
        lines += draw(block())
        if draw(st.integers(0, 3)):
            lines.append("")
    ending = draw(st.sampled_from(ENDINGS))
    return ending.join(lines) + draw(st.sampled_from(["", ending]))
