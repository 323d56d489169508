//! The section outline of a body, built from the facts of `walk.rs`: what
//! `sections.OutlineBuilder` does for markdown-it-py's reading (the reference), done here for
//! pulldown-cmark's without a Python call per fact. The rules that read prose (heading keys,
//! placeholders, task markers, disable comments, the words of an HTML block) stay in
//! artifactkit/document/sections.py and are called as `Hooks`: one definition of each.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PySet, PyTuple};

use crate::walk::{Fact, InlineRun, LinkTarget};

/// What sections.py lends the builder (see `pulldown.HOOKS`).
pub struct Hooks<'py> {
    pub section: Bound<'py, PyAny>,
    pub outline: Bound<'py, PyAny>,
    pub normalize_key: Bound<'py, PyAny>,
    pub inline_counts: Bound<'py, PyAny>,
    pub task_item: Bound<'py, PyAny>,
    pub directives: Bound<'py, PyAny>,
    pub html_words: Bound<'py, PyAny>,
    pub href: Bound<'py, PyAny>,
}

/// Python's `str.isspace`, which `str.split()` and `str.strip()` use: Unicode's White_Space and
/// the four ASCII separators U+001C..U+001F.
pub fn py_isspace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// `" ".join(text.split())`
pub fn collapse(text: &str) -> String {
    if text.is_ascii() {
        // most text: its bytes are its characters, without decoding UTF-8
        collapse_of(text, text.bytes().map(char::from).enumerate())
    } else {
        collapse_of(text, text.char_indices())
    }
}

/// `collapse` of a String of its own: the String itself when it is collapsed already (most
/// ASCII text: words and single spaces), without copying it.
pub fn collapse_owned(text: String) -> String {
    if text.is_ascii() && ascii_collapsed(text.as_bytes()) {
        text
    } else {
        collapse(&text)
    }
}

/// Whether ASCII text is its own `collapse`: no space at either end, none but ' ', no two in a
/// row. In a pass without a branch a byte (it vectorizes).
fn ascii_collapsed(bytes: &[u8]) -> bool {
    // py_isspace on ASCII: '\t'..='\r', U+001C..U+001F and ' '
    let space = |b: u8| (b.wrapping_sub(0x09) < 5) | (b.wrapping_sub(0x1c) < 4) | (b == b' ');
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return true;
    };
    let odd = bytes
        .iter()
        .map(|&b| u8::from(space(b) & (b != b' ')))
        .fold(0, |any, hit| any | hit);
    let doubled = bytes
        .iter()
        .zip(&bytes[1..])
        .map(|(&a, &b)| u8::from(space(a) & space(b)))
        .fold(0, |any, hit| any | hit);
    !space(first) && !space(last) && odd == 0 && doubled == 0
}

/// `collapse` of `text` given as its characters and their byte offsets.
fn collapse_of(text: &str, chars: impl Iterator<Item = (usize, char)>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut push = |word: &str| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    };
    let mut word_start = None;
    for (at, c) in chars {
        if !py_isspace(c) {
            word_start.get_or_insert(at);
        } else if let Some(start) = word_start.take() {
            push(&text[start..at]);
        }
    }
    if let Some(start) = word_start {
        push(&text[start..]);
    }
    out
}

struct Section {
    heading: String,
    level: u8,
    line: usize,
    key: String,
    words: i64,
    placeholders: Vec<Py<PyAny>>,
    list_items: usize,
    tasks_done: usize,
    tasks_open: usize,
    tasks_na: usize,
    code_blocks: usize,
    tables: usize,
    links: usize,
    paragraphs: Vec<(String, i64, usize)>,
    placeholder_line: Option<usize>,
    children: Vec<usize>,
}

impl Section {
    fn mark_placeholder(&mut self, line: usize) {
        if self.placeholder_line.is_none_or(|at| line < at) {
            self.placeholder_line = Some(line);
        }
    }
}

/// `sections.fence_closed`: whether the fenced block from `lines[first]` to `lines[last]` ends
/// with a closing fence of its opening's character, at least as long.
fn fence_closed(lines: &[&str], first: usize, last: usize) -> bool {
    if last <= first || last >= lines.len() {
        return false;
    }
    match (fence_opening(lines[first]), fence_closing(lines[last])) {
        (Some((open, open_len)), Some((close, close_len))) => {
            open == close && close_len >= open_len
        }
        _ => false,
    }
}

fn run_of(bytes: &[u8], at: usize) -> usize {
    bytes[at..].iter().take_while(|&&b| b == bytes[at]).count()
}

/// The first run of three or more '`' or '~' in the line (`_FENCE_OPEN_RE.search`).
fn fence_opening(line: &str) -> Option<(u8, usize)> {
    let bytes = line.as_bytes();
    (0..bytes.len())
        .filter(|&i| bytes[i] == b'`' || bytes[i] == b'~')
        .map(|i| (bytes[i], run_of(bytes, i)))
        .find(|&(_, len)| len >= 3)
}

/// A line that is only a fence (`_FENCE_CLOSE_RE.fullmatch`): `[ \t>]*`, the run, `[ \t]*`.
fn fence_closing(line: &str) -> Option<(u8, usize)> {
    let bytes = line.as_bytes();
    let start = bytes
        .iter()
        .take_while(|&&b| matches!(b, b' ' | b'\t' | b'>'))
        .count();
    if start >= bytes.len() || !matches!(bytes[start], b'`' | b'~') {
        return None;
    }
    let len = run_of(bytes, start);
    let rest_blank = bytes[start + len..]
        .iter()
        .all(|&b| b == b' ' || b == b'\t');
    (len >= 3 && rest_blank).then_some((bytes[start], len))
}

/// `sections.continues_code_above`: a paragraph right below an indented code line.
fn continues_code_above(lines: &[&str], index: usize) -> bool {
    if index < 1 || index >= lines.len() || lines[index].chars().next().is_some_and(py_isspace) {
        return false;
    }
    let above = lines[index - 1];
    above.chars().any(|c| !py_isspace(c)) && (above.starts_with("    ") || above.starts_with('\t'))
}

struct Builder<'a, 'py> {
    hooks: &'a Hooks<'py>,
    text: &'a str,
    lines: Option<Vec<&'a str>>,
    line_offset: usize,
    sections: Vec<Section>,
    /// document order; None is the title, which restarts the nesting
    order: Vec<Option<usize>>,
    current: Option<usize>,
    title: Option<usize>,
    pending_disable: Option<Bound<'py, PyAny>>,
    file_disables: Bound<'py, PySet>,
    section_disables: Bound<'py, PyDict>,
    headings: Vec<(usize, u8, String)>,
    unclosed_fences: Vec<usize>,
}

impl<'a, 'py> Builder<'a, 'py> {
    fn lines(&mut self) -> &[&'a str] {
        let text = self.text;
        self.lines.get_or_insert_with(|| text.split('\n').collect())
    }

    fn new_section(&mut self, text: &str, level: u8, line: usize) -> PyResult<usize> {
        let key: String = self.hooks.normalize_key.call1((text,))?.extract()?;
        self.sections.push(Section {
            heading: text.to_owned(),
            level,
            line,
            key,
            words: 0,
            placeholders: Vec::new(),
            list_items: 0,
            tasks_done: 0,
            tasks_open: 0,
            tasks_na: 0,
            code_blocks: 0,
            tables: 0,
            links: 0,
            paragraphs: Vec::new(),
            placeholder_line: None,
            children: Vec::new(),
        });
        Ok(self.sections.len() - 1)
    }

    fn heading(&mut self, level: u8, line: usize, raw: String) -> PyResult<()> {
        let text = collapse_owned(raw);
        self.headings.push((line, level, text.clone()));
        if level == 1 && self.title.is_none() {
            // kept aside: its text is a section the type may ask for (Document.match_sections)
            let index = self.new_section(&text, level, line)?;
            self.title = Some(index);
            self.order.push(None);
            self.current = Some(index);
            return Ok(());
        }
        let index = self.new_section(&text, level, line)?;
        if let Some(rules) = self.pending_disable.take() {
            self.section_disables.set_item(line, rules)?;
        }
        self.order.push(Some(index));
        self.current = Some(index);
        Ok(())
    }

    fn html_block(&mut self, content: &str) -> PyResult<()> {
        if content.contains("artifactkit-disable") {
            let found = self.hooks.directives.call1((content,))?;
            for item in found.try_iter()? {
                let (whole_file, rules): (bool, Bound<'py, PyAny>) = item?.extract()?;
                if whole_file {
                    for rule in rules.try_iter()? {
                        self.file_disables.add(rule?)?;
                    }
                } else {
                    self.pending_disable = Some(rules);
                }
            }
        }
        let comment = content.trim_start_matches(py_isspace).starts_with("<!--");
        if let (Some(index), false) = (self.current, comment) {
            let words: i64 = self.hooks.html_words.call1((content,))?.extract()?;
            self.sections[index].words += words;
        }
        Ok(())
    }

    fn inline(&mut self, run: InlineRun) -> PyResult<()> {
        let Some(index) = self.current else {
            return Ok(());
        };
        let InlineRun {
            line,
            first_in_item,
            text,
            links,
            words,
            pieces,
        } = run;
        let py = self.hooks.section.py();
        let mut words = words as i64;
        let mut placeholders: Vec<Py<PyAny>> = Vec::new();
        if let Some(pieces) = pieces {
            let pieces = PyList::new(
                py,
                pieces.into_iter().map(|(kind, piece)| (kind.name(), piece)),
            )?;
            let (found, counted): (Vec<Py<PyAny>>, i64) =
                self.hooks.inline_counts.call1((pieces,))?.extract()?;
            words = counted;
            let offset = self.line_offset;
            if !found.is_empty() && !continues_code_above(self.lines(), line - 1 - offset) {
                placeholders = found;
            }
        }
        let mut text = text;
        let mut task = None;
        if first_in_item && text.starts_with('[') {
            let (rest, counted, state): (String, i64, Option<String>) = self
                .hooks
                .task_item
                .call1((text.as_str(), words))?
                .extract()?;
            (text, words, task) = (rest, counted, state);
        }
        let section = &mut self.sections[index];
        section.links += links;
        match task.as_deref() {
            Some("done") => section.tasks_done += 1,
            Some("na") => section.tasks_na += 1,
            Some(_) => section.tasks_open += 1,
            None => {}
        }
        if !placeholders.is_empty() {
            section.placeholders.extend(placeholders);
            section.mark_placeholder(line);
        }
        section.words += words;
        let collapsed = collapse_owned(text);
        if !collapsed.is_empty() {
            section.paragraphs.push((collapsed, words, line));
        }
        Ok(())
    }

    fn fact(&mut self, fact: Fact) -> PyResult<()> {
        match fact {
            Fact::Inline(run) => self.inline(run)?,
            Fact::Heading { level, line, text } => self.heading(level, line, text)?,
            Fact::HtmlBlock(html) => self.html_block(&html)?,
            Fact::Fence { first, last } => {
                let offset = self.line_offset;
                if !fence_closed(self.lines(), first - 1 - offset, last - 1 - offset) {
                    self.unclosed_fences.push(first);
                }
            }
            Fact::ListItem => self.count(|s| s.list_items += 1),
            Fact::CodeBlock => self.count(|s| s.code_blocks += 1),
            Fact::Table => self.count(|s| s.tables += 1),
        }
        Ok(())
    }

    fn count(&mut self, add: impl FnOnce(&mut Section)) {
        if let Some(index) = self.current {
            add(&mut self.sections[index]);
        }
    }

    /// `OutlineBuilder.finish`: the top level is the shallowest heading below the title; a key
    /// repeated among siblings is a duplicate. Returns (top-level sections, duplicates).
    fn nest(&mut self) -> (Vec<usize>, Vec<usize>) {
        let top = self
            .order
            .iter()
            .flatten()
            .map(|&i| self.sections[i].level)
            .min()
            .unwrap_or(2);
        let (mut roots, mut duplicates) = (Vec::new(), Vec::new());
        let mut stack: Vec<usize> = Vec::new();
        for entry in self.order.clone() {
            let Some(index) = entry else {
                stack.clear();
                continue;
            };
            let level = self.sections[index].level;
            while stack
                .last()
                .is_some_and(|&s| self.sections[s].level >= level)
            {
                stack.pop();
            }
            let parent = stack.last().copied().filter(|_| level > top);
            if level <= top {
                stack.clear();
            }
            let siblings = match parent {
                Some(p) => &self.sections[p].children,
                None => &roots,
            };
            let key = &self.sections[index].key;
            if siblings.iter().any(|&s| &self.sections[s].key == key) {
                duplicates.push(index);
            } else {
                match parent {
                    Some(p) => self.sections[p].children.push(index),
                    None => roots.push(index),
                }
            }
            stack.push(index);
        }
        (roots, duplicates)
    }
}

/// `pulldown._PLAIN_URL_RE.fullmatch(url)`: an optional `http://` or `https://` and a host of
/// `[a-z0-9.-]` ending the URL or followed by `/`, `?` or `#`, then only `[A-Za-z0-9/._~#?=&+-]`:
/// a URL that normalizeLink leaves as it is.
fn plain_url(url: &str) -> bool {
    let host_byte =
        |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-');
    let path = match url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    {
        Some(after) => {
            let host = after.bytes().take_while(host_byte).count();
            let rest = &after[host..];
            if host == 0 || !(rest.is_empty() || matches!(rest.as_bytes()[0], b'/' | b'?' | b'#')) {
                return false;
            }
            rest
        }
        None => url,
    };
    path.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/._~#?=&+-".contains(&b))
}

/// `(line, pulldown.href(url, email))` of each link: the Python hook only for a URL that is not
/// plain (most are: relative paths and web addresses).
fn link_targets<'py>(hooks: &Hooks<'py>, links: Vec<LinkTarget>) -> PyResult<Bound<'py, PyList>> {
    let py = hooks.href.py();
    let targets = PyList::empty(py);
    for (line, url, email) in links {
        let href = if email {
            format!("mailto:{url}").into_pyobject(py)?.into_any()
        } else if plain_url(&url) {
            url.into_pyobject(py)?.into_any()
        } else {
            hooks.href.call1((url,))?
        };
        targets.append((line, href))?;
    }
    Ok(targets)
}

/// The Python Section objects, children first: each gets its subsections' dict filled.
fn to_python<'py>(hooks: &Hooks<'py>, sections: Vec<Section>) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let py = hooks.section.py();
    let mut made: Vec<Bound<'py, PyAny>> = Vec::with_capacity(sections.len());
    let mut dicts: Vec<Bound<'py, PyDict>> = Vec::with_capacity(sections.len());
    let mut keys: Vec<String> = Vec::with_capacity(sections.len());
    let mut children: Vec<Vec<usize>> = Vec::with_capacity(sections.len());
    for s in sections {
        let subsections = PyDict::new(py);
        let paragraphs = PyList::new(py, s.paragraphs)?;
        let args = PyTuple::new(
            py,
            [
                s.heading.into_pyobject(py)?.into_any(),
                s.level.into_pyobject(py)?.into_any(),
                s.line.into_pyobject(py)?.into_any(),
                s.key.clone().into_pyobject(py)?.into_any(),
                s.words.into_pyobject(py)?.into_any(),
                PyList::new(py, s.placeholders)?.into_any(),
                s.list_items.into_pyobject(py)?.into_any(),
                s.tasks_done.into_pyobject(py)?.into_any(),
                s.tasks_open.into_pyobject(py)?.into_any(),
                s.tasks_na.into_pyobject(py)?.into_any(),
                s.code_blocks.into_pyobject(py)?.into_any(),
                s.tables.into_pyobject(py)?.into_any(),
                s.links.into_pyobject(py)?.into_any(),
                subsections.clone().into_any(),
                paragraphs.into_any(),
                s.placeholder_line.into_pyobject(py)?.into_any(),
            ],
        )?;
        made.push(hooks.section.call1(args)?);
        dicts.push(subsections);
        keys.push(s.key);
        children.push(s.children);
    }
    for (parent, kids) in children.iter().enumerate() {
        for &kid in kids {
            dicts[parent].set_item(&keys[kid], &made[kid])?;
        }
    }
    Ok(made)
}

/// The `sections.Outline` of the facts and links of a body whose first line is file line
/// `line_offset + 1` (`text` is that body, normalized as walk.rs read it).
pub fn build<'py>(
    hooks: &Hooks<'py>,
    text: &str,
    line_offset: usize,
    facts: Vec<Fact>,
    links: Vec<LinkTarget>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = hooks.section.py();
    let mut builder = Builder {
        hooks,
        text,
        lines: None,
        line_offset,
        sections: Vec::new(),
        order: Vec::new(),
        current: None,
        title: None,
        pending_disable: None,
        file_disables: PySet::empty(py)?,
        section_disables: PyDict::new(py),
        headings: Vec::new(),
        unclosed_fences: Vec::new(),
    };
    for fact in facts {
        builder.fact(fact)?;
    }
    let (roots, duplicates) = builder.nest();
    let title = builder.title;
    let title_text = title.map(|i| builder.sections[i].heading.clone());
    let title_line = title.map(|i| builder.sections[i].line);
    let root_keys: Vec<String> = roots
        .iter()
        .map(|&i| builder.sections[i].key.clone())
        .collect();
    let made = to_python(hooks, std::mem::take(&mut builder.sections))?;
    let top = PyDict::new(py);
    for (key, &index) in root_keys.iter().zip(&roots) {
        top.set_item(key, &made[index])?;
    }
    let kwargs = PyDict::new(py);
    kwargs.set_item("title", title_text)?;
    kwargs.set_item("title_line", title_line)?;
    kwargs.set_item("sections", top)?;
    kwargs.set_item(
        "duplicates",
        PyList::new(py, duplicates.iter().map(|&i| &made[i]))?,
    )?;
    kwargs.set_item("file_disables", &builder.file_disables)?;
    kwargs.set_item("section_disables", &builder.section_disables)?;
    kwargs.set_item("headings", PyList::new(py, builder.headings)?)?;
    kwargs.set_item("title_section", title.map(|i| &made[i]))?;
    kwargs.set_item("unclosed_fences", PyList::new(py, builder.unclosed_fences)?)?;
    kwargs.set_item("link_targets", link_targets(hooks, links)?)?;
    hooks.outline.call((), Some(&kwargs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_splits_as_python_does() {
        assert_eq!(collapse("  a\u{1c}b\u{a0}\u{3000}c\t\n"), "a b c");
        assert_eq!(collapse("\u{200b}x"), "\u{200b}x"); // a zero-width space is no space to Python
        assert_eq!(collapse(" \x0b a\x1f\x0cb\r\n c  "), "a b c");
        assert_eq!(collapse("\t\n "), "");
        assert_eq!(collapse("a\x1bb"), "a\x1bb"); // ESC is no space
    }

    #[test]
    fn ascii_text_collapses_as_any_text() {
        // every string of up to three ASCII characters: the byte path against the char path
        let ascii: Vec<char> = (0..128u8).map(char::from).collect();
        for text in crate::walk::tests::strings(&ascii, 3) {
            let reference = collapse_of(&text, text.char_indices());
            assert_eq!(collapse(&text), reference, "{text:?}");
            assert_eq!(collapse_owned(text.clone()), reference, "{text:?}");
        }
    }

    #[test]
    fn plain_urls_are_the_regex_matches() {
        for url in [
            "",
            "x.md",
            "../a/0001-b.md#c",
            "https://example.com",
            "http://a.b/c?d=e&f#g",
            "https://a",
        ] {
            assert!(plain_url(url), "{url:?}");
        }
        for url in [
            "https://",
            "https://Example.com",
            "https://a:80",
            "https://a@b",
            "x y",
            "a%20b",
            "mailto:a",
            "é",
        ] {
            assert!(!plain_url(url), "{url:?}");
        }
    }

    #[test]
    fn fences_close_with_their_own_character() {
        assert!(fence_closed(&["```py", "x", "```"], 0, 2));
        assert!(fence_closed(&["  ~~~~", "x", "> ~~~~~  "], 0, 2));
        assert!(!fence_closed(&["````", "x", "```"], 0, 2));
        assert!(!fence_closed(&["```", "x", "~~~"], 0, 2));
        assert!(!fence_closed(&["```", "x", "``` y"], 0, 2));
        assert!(fence_closed(&["a `` b ```", "```"], 0, 1));
    }
}
