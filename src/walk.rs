//! One pass over pulldown-cmark's events of a document body: the facts the section outline is
//! built from, in document order. Nesting sections, keys, task markers and the placeholder rules
//! stay in Python (artifactkit/document/sections.py) so that there is one definition of each; this
//! pass counts words itself only where no placeholder rule can apply (see `Run::finish`).

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

/// A piece of inline content as `sections.inline_counts` reads it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    /// prose: placeholders are looked for here
    Text,
    /// literal: a code span, its words count
    Code,
    /// an inline tag: `<service name>` may be a placeholder
    Html,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Code => "code",
            Kind::Html => "html",
        }
    }
}

/// A run of inline content in a section. `pieces` is set when Python has to apply the
/// placeholder rules (then it counts the words too); otherwise `words` is the count.
#[derive(Debug)]
pub struct InlineRun {
    pub line: usize,
    pub first_in_item: bool,
    pub text: String,
    pub links: usize,
    pub words: usize,
    pub pieces: Option<Vec<(Kind, String)>>,
}

/// What the Python OutlineBuilder is fed, in document order.
#[derive(Debug)]
pub enum Fact {
    Heading {
        level: u8,
        line: usize,
        text: String,
    },
    Inline(InlineRun),
    HtmlBlock(String),
    /// A fenced code block: the lines of its first and last line (`sections.fence_closed` tells
    /// from them whether its closing fence is there).
    Fence {
        first: usize,
        last: usize,
    },
    ListItem,
    CodeBlock,
    Table,
}

/// `(line, destination, is an e-mail autolink)` of every link, in document order.
pub type LinkTarget = (usize, String, bool);

pub struct Outline {
    pub facts: Vec<Fact>,
    pub links: Vec<LinkTarget>,
    pub headings: usize,
}

struct Run {
    parts: String,
    /// the prose pieces, as spans of `parts`: one String for the run, not one for each piece
    prose: Vec<Range<usize>>,
    items: Option<Vec<(Kind, String)>>,
    links: usize,
    breaks: usize,
    line: usize,
    first_in_item: bool,
    heading: u8,
    implicit: bool,
}

impl Run {
    fn new(line: usize, first_in_item: bool, heading: u8, implicit: bool) -> Run {
        Run {
            parts: String::new(),
            prose: Vec::new(),
            items: None,
            links: 0,
            breaks: 0,
            line,
            first_in_item,
            heading,
            implicit,
        }
    }

    fn prose(&self) -> impl Iterator<Item = &str> {
        self.prose.iter().map(|span| &self.parts[span.clone()])
    }

    fn items(&mut self) -> &mut Vec<(Kind, String)> {
        let (prose, parts) = (&self.prose, &self.parts);
        self.items.get_or_insert_with(|| {
            prose
                .iter()
                .map(|span| (Kind::Text, parts[span.clone()].to_owned()))
                .collect()
        })
    }

    /// `merge`: the previous event was text too (one piece, as pulldown-cmark's TextMergeStream
    /// would make it). `escaped`: the text starts with a `<` or `{` written `\<`, `\{`: that
    /// character is literal (a piece of its own no placeholder is looked for in).
    fn text(&mut self, value: &str, merge: bool, escaped: bool) {
        let mut start = self.parts.len();
        self.parts.push_str(value);
        let end = self.parts.len();
        let mut value = value;
        if escaped {
            let (literal, rest) = value.split_at(1);
            self.items().push((Kind::Code, literal.to_owned()));
            (value, start) = (rest, start + 1);
        } else if merge {
            if let Some(last) = self.prose.last_mut() {
                // the previous event's text ends where this one starts
                debug_assert_eq!(last.end, start);
                last.end = end;
                if let Some(items) = self.items.as_mut() {
                    match items.last_mut() {
                        Some((Kind::Text, piece)) => piece.push_str(value),
                        _ => items.push((Kind::Text, value.to_owned())),
                    }
                }
                return;
            }
        }
        self.prose.push(start..end);
        if let Some(items) = self.items.as_mut() {
            items.push((Kind::Text, value.to_owned()));
        }
    }

    /// A soft or hard line break: a space in the text, a prose piece of its own.
    fn line_break(&mut self) {
        let start = self.parts.len();
        self.parts.push(' ');
        self.prose.push(start..start + 1);
        self.breaks += 1;
    }
}

/// `sections.may_hold_placeholders`: whether any placeholder pattern could match (`TODO`, `TBD`,
/// `FIXME`, `XXX`, `{` or `<` in the text).
pub fn may_hold_placeholders(text: &str) -> bool {
    let bytes = text.as_bytes();
    // most prose holds none of the pairs they begin with: a pass that vectorizes rules it out
    let begins = |a: u8, b: u8| {
        (a == b'{')
            | (a == b'<')
            | ((a == b'T') & ((b == b'O') | (b == b'B')))
            | ((a == b'F') & (b == b'I'))
            | ((a == b'X') & (b == b'X'))
    };
    let pairs = bytes
        .iter()
        .zip(bytes.iter().skip(1))
        .map(|(&a, &b)| u8::from(begins(a, b)))
        .fold(0, |any, hit| any | hit);
    let last = bytes.last().is_some_and(|&b| b == b'{' || b == b'<');
    (pairs != 0 || last) && holds_pattern(bytes)
}

fn holds_pattern(bytes: &[u8]) -> bool {
    bytes.iter().enumerate().any(|(at, &byte)| {
        let rest = &bytes[at + 1..];
        match byte {
            b'{' | b'<' => true,
            b'T' => rest.starts_with(b"ODO") || rest.starts_with(b"BD"),
            b'F' => rest.starts_with(b"IXME"),
            b'X' => rest.starts_with(b"XX"),
            _ => false,
        }
    })
}

/// Characters beyond ASCII that Python's `str.isalnum` (what `\w` of `sections.WORD_RE` reads)
/// never calls a letter or digit: typographic quotes and dashes, spaces, arrows, maths, box
/// drawing, dingbats and emoji. Real prose is ASCII but for these; any other character (a letter
/// of another alphabet, a superscript digit, a circled number) leaves the count to Python, whose
/// Unicode tables decide. tests/test_words_native.py asks Python about every one of them.
const NOT_WORD: &[(u32, u32)] = &[
    (0xA0, 0xA9),
    (0xAB, 0xB1),
    (0xB4, 0xB4),
    (0xB6, 0xB8),
    (0xBB, 0xBB),
    (0xBF, 0xBF),
    (0xD7, 0xD7),
    (0xF7, 0xF7),
    (0x2000, 0x206F),
    (0x2190, 0x23FF),
    (0x2500, 0x2775),
    (0x2794, 0x27BF),
    (0x2B00, 0x2BFF),
    (0xFE00, 0xFE0F),
    (0x1F300, 0x1FAFF),
];

/// Whether the words of `text` can be counted here: ASCII, and beyond it only `NOT_WORD`.
pub fn countable(text: &str) -> bool {
    text.is_ascii() || text.chars().all(|c| c.is_ascii() || not_word(c))
}

fn not_word(c: char) -> bool {
    let c = c as u32;
    NOT_WORD
        .iter()
        .any(|&(low, high)| (low..=high).contains(&c))
}

/// `sections.WORD_RE` matches in `countable` text (`ASCII_WORD_RE` in ASCII text, which holds no
/// `’`): runs of letters and digits, joined by one `'`, `’`, `.` or `-` between two of them.
pub fn count_words(text: &str) -> usize {
    if text.is_ascii() {
        count_ascii_words(text.as_bytes())
    } else {
        count_words_of(text.chars())
    }
}

/// `count_words_of` for ASCII text (most prose), without a branch a byte: a word starts at a
/// letter or digit after neither one nor a joiner that follows one.
fn count_ascii_words(bytes: &[u8]) -> usize {
    let alnum = |b: u8| ((b | 0x20).wrapping_sub(b'a') < 26) | (b.wrapping_sub(b'0') < 10);
    let joiner = |b: u8| (b == b'\'') | (b == b'.') | (b == b'-');
    let starts = |before: u8, previous: u8, c: u8| {
        alnum(c) & !alnum(previous) & !(joiner(previous) & alnum(before))
    };
    let head = match *bytes {
        [] => 0,
        [a] => usize::from(alnum(a)),
        [a, b, ..] => usize::from(alnum(a)) + usize::from(starts(b' ', a, b)),
    };
    if bytes.len() < 3 {
        return head;
    }
    // each byte from the third with the two before it, as three slices (which vectorize)
    let (before, previous, current) = (bytes, &bytes[1..], &bytes[2..]);
    let rest: u32 = before
        .iter()
        .zip(previous)
        .zip(current)
        .map(|((&a, &b), &c)| u32::from(starts(a, b, c)))
        .sum();
    head + rest as usize
}

fn count_words_of(chars: impl Iterator<Item = char>) -> usize {
    let (mut words, mut before, mut previous) = (0, ' ', ' ');
    for c in chars {
        let joined =
            matches!(previous, '\'' | '.' | '-' | '\u{2019}') && before.is_ascii_alphanumeric();
        if c.is_ascii_alphanumeric() && !previous.is_ascii_alphanumeric() && !joined {
            words += 1;
        }
        (before, previous) = (previous, c);
    }
    words
}

struct Walk<'a> {
    data: &'a [u8],
    facts: Vec<Fact>,
    links: Vec<LinkTarget>,
    seen: usize,
    line: usize,
    run: Option<Run>,
    after_item: bool,
    last_text: bool,
    image_depth: usize,
    in_code: bool,
    html: Option<String>,
    in_section: bool,
    headings: usize,
}

impl<'a> Walk<'a> {
    fn line_at(&mut self, start: usize) -> usize {
        // as pulldown.py did: a start before `seen` counts nothing and moves `seen` back
        if start > self.seen {
            self.line += self.data[self.seen..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
        }
        self.seen = start;
        self.line
    }

    fn inline_run(&mut self, start: usize) -> &mut Run {
        if self.run.is_none() {
            let line = self.line_at(start);
            self.run = Some(Run::new(line, self.after_item, 0, true));
        }
        self.run.as_mut().expect("just set")
    }

    fn end_run(&mut self) {
        if let Some(run) = self.run.take() {
            self.finish(run);
        }
    }

    fn end_implicit(&mut self) {
        if self.run.as_ref().is_some_and(|run| run.implicit) {
            self.end_run();
        }
    }

    fn start_run(&mut self, start: usize, first_in_item: bool, heading: u8) {
        self.end_implicit();
        let line = self.line_at(start);
        self.run = Some(Run::new(line, first_in_item, heading, false));
    }

    fn finish(&mut self, run: Run) {
        if run.heading > 0 {
            self.headings += 1;
            // the title too: its own text is a section the type may ask for (a document whose H1s are its sections)
            self.in_section = true;
            self.facts.push(Fact::Heading {
                level: run.heading,
                line: run.line,
                text: run.parts,
            });
            return;
        }
        if !self.in_section {
            return; // before the first section: only its links count, already recorded
        }
        let prose_holds = run.prose().any(may_hold_placeholders);
        let has_html = run
            .items
            .as_ref()
            .is_some_and(|items| items.iter().any(|(k, _)| *k == Kind::Html));
        let plain = run.prose().all(countable)
            && run
                .items
                .as_ref()
                .is_none_or(|items| items.iter().all(|(k, p)| *k != Kind::Code || countable(p)));
        let (words, pieces) = if !prose_holds && !has_html && plain {
            // words never span two pieces: counting each piece counts what Python's pass would
            let mut words: usize = run.prose().map(count_words).sum();
            if let Some(items) = &run.items {
                words += items
                    .iter()
                    .filter(|(k, _)| *k == Kind::Code)
                    .map(|(_, p)| count_words(p))
                    .sum::<usize>();
            }
            (words, None)
        } else {
            let pieces = match run.items {
                Some(items) => items,
                None => run.prose().map(|p| (Kind::Text, p.to_owned())).collect(),
            };
            (0, Some(pieces))
        };
        self.facts.push(Fact::Inline(InlineRun {
            line: run.line,
            first_in_item: run.first_in_item,
            text: run.parts,
            links: run.links,
            words,
            pieces,
        }));
    }

    fn block(&mut self, fact: Fact) {
        if self.in_section {
            self.facts.push(fact);
        }
    }

    /// The line of byte `at` (>= `seen`), without moving `seen`.
    fn line_of(&self, at: usize) -> usize {
        let at = at.min(self.data.len());
        if at <= self.seen {
            return self.line;
        }
        self.line
            + self.data[self.seen..at]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
    }

    /// Whether the character at `start` follows a backslash that escapes it (an odd run of them).
    fn escaped_at(&self, start: usize) -> bool {
        let backslashes = self.data[..start.min(self.data.len())]
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count();
        backslashes % 2 == 1
    }

    fn event(&mut self, event: Event<'a>, start: usize, end: usize) {
        let merge = self.last_text;
        self.last_text = false;
        if self.image_depth > 0 {
            // an image's alt text: markdown-it keeps it out of the text
            match event {
                Event::Start(Tag::Image { .. }) => self.image_depth += 1,
                Event::End(TagEnd::Image) => self.image_depth -= 1,
                _ => {}
            }
            return;
        }
        let mut item = false;
        match event {
            Event::Text(value) => {
                if self.in_code {
                    return;
                }
                let escaped =
                    (value.starts_with('<') || value.starts_with('{')) && self.escaped_at(start);
                self.inline_run(start).text(&value, merge, escaped);
                self.last_text = true;
            }
            Event::SoftBreak | Event::HardBreak => {
                self.inline_run(start).line_break();
            }
            Event::Code(value) => {
                let run = self.inline_run(start);
                run.items().push((Kind::Code, value.to_string()));
                run.parts.push_str(&value);
            }
            Event::InlineHtml(value) => {
                self.inline_run(start)
                    .items()
                    .push((Kind::Html, value.to_string()));
            }
            Event::Html(value) => {
                if let Some(html) = self.html.as_mut() {
                    html.push_str(&value);
                }
            }
            Event::Rule => self.end_implicit(),
            Event::FootnoteReference(_) => {
                self.inline_run(start); // a footnote, not a link: no text, no link
            }
            Event::Start(tag) => item = self.start(tag, start, end),
            Event::End(tag) => self.end(tag),
            _ => {}
        }
        if !item {
            self.after_item = false;
        }
    }

    /// Whether the tag opened a list item.
    fn start(&mut self, tag: Tag<'a>, start: usize, end: usize) -> bool {
        match tag {
            Tag::Paragraph => {
                let first = self.after_item;
                self.start_run(start, first, 0);
            }
            Tag::TableCell => self.start_run(start, false, 0),
            Tag::Heading { level, .. } => self.start_run(start, false, heading_level(level)),
            Tag::Item => {
                self.end_implicit();
                self.block(Fact::ListItem);
                self.after_item = true;
                return true;
            }
            Tag::HtmlBlock => {
                self.end_implicit();
                self.html = Some(String::new());
            }
            Tag::CodeBlock(kind) => {
                self.end_implicit();
                self.in_code = true;
                self.block(Fact::CodeBlock);
                if matches!(kind, CodeBlockKind::Fenced(_)) {
                    let first = self.line_of(start);
                    let last = self.line_of(end.saturating_sub(1).max(start));
                    self.facts.push(Fact::Fence { first, last });
                }
            }
            Tag::Table(_) => {
                self.end_implicit();
                self.block(Fact::Table);
            }
            Tag::TableHead | Tag::TableRow | Tag::List(_) | Tag::BlockQuote(_) => {
                self.end_implicit()
            }
            Tag::Emphasis | Tag::Strong => {
                self.inline_run(start);
            }
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let run = self.inline_run(start);
                run.links += 1;
                let line = run.line + run.breaks;
                self.links
                    .push((line, dest_url.to_string(), link_type == LinkType::Email));
            }
            Tag::Image { .. } => {
                self.inline_run(start);
                self.image_depth = 1;
            }
            _ => {}
        }
        false
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::TableCell | TagEnd::Heading(_) => self.end_run(),
            TagEnd::CodeBlock => self.in_code = false,
            TagEnd::HtmlBlock => {
                if let Some(html) = self.html.take() {
                    self.block_html(html);
                }
            }
            TagEnd::Item
            | TagEnd::List(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow => self.end_implicit(),
            _ => {}
        }
    }

    fn block_html(&mut self, html: String) {
        // disable comments count before the first section too
        self.facts.push(Fact::HtmlBlock(html));
    }
}

pub fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The facts of `text` (normalized as markdown-it does: no `\r`, no NUL); lines start at `first_line`.
pub fn outline(text: &str, first_line: usize) -> Outline {
    let mut walk = Walk {
        data: text.as_bytes(),
        facts: Vec::new(),
        links: Vec::new(),
        seen: 0,
        line: first_line,
        run: None,
        after_item: false,
        last_text: false,
        image_depth: 0,
        in_code: false,
        html: None,
        in_section: false,
        headings: 0,
    };
    // GFM footnotes: a definition's text is content, its links are links; a reference is neither
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES)
        .into_offset_iter();
    for (event, range) in parser {
        walk.event(event, range.start, range.end);
    }
    walk.end_run();
    Outline {
        facts: walk.facts,
        links: walk.links,
        headings: walk.headings,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn ascii_words_are_the_regex_matches() {
        for (text, words) in [
            ("", 0),
            ("a", 1),
            ("a-b", 1),
            ("a--b", 2),
            ("a- b", 2),
            ("don't stop.", 2),
            ("1.2.3 x", 2),
            ("-a-", 1),
        ] {
            assert_eq!(count_words(text), words, "{text:?}");
        }
    }

    /// Every string of up to `len` characters of `alphabet`.
    pub(crate) fn strings(alphabet: &[char], len: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..len {
            last = last
                .iter()
                .flat_map(|s| alphabet.iter().map(move |&c| format!("{s}{c}")))
                .collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    #[test]
    fn ascii_words_are_counted_as_any_text() {
        let alphabet = ['a', 'Z', '0', '9', '\'', '.', '-', ' ', '_', '@', '/', '`'];
        for text in strings(&alphabet, 6) {
            assert_eq!(
                count_ascii_words(text.as_bytes()),
                count_words_of(text.chars()),
                "{text:?}"
            );
        }
        for text in strings(&(0..128u8).map(char::from).collect::<Vec<_>>(), 3) {
            assert_eq!(
                count_ascii_words(text.as_bytes()),
                count_words_of(text.chars()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn placeholders_are_looked_for_as_substrings() {
        let naive = |text: &str| {
            ["TODO", "TBD", "FIXME", "XXX", "{", "<"]
                .iter()
                .any(|p| text.contains(p))
        };
        let alphabet = ['T', 'O', 'D', 'B', 'F', 'I', 'X', 'M', 'E', '{', '<', 'é'];
        for text in strings(&alphabet, 5) {
            assert_eq!(may_hold_placeholders(&text), naive(&text), "{text:?}");
        }
        for text in [
            "a TODO b", "xFIXME", "XXX", "TBD.", "TOD", "FIXM", "XX", "T",
        ] {
            assert_eq!(may_hold_placeholders(text), naive(text), "{text:?}");
        }
    }

    #[test]
    fn sections_and_counts() {
        let out = outline("# T\n\n## A\n\nsome words here\n\n- one\n", 1);
        assert_eq!(out.headings, 2);
        assert!(matches!(
            out.facts[2],
            Fact::Inline(InlineRun {
                words: 3,
                line: 5,
                ..
            })
        ));
        assert!(matches!(out.facts[3], Fact::ListItem));
    }
}
