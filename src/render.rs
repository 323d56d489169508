//! The site's HTML of a document body (artifactkit/site/mdrender.py), from pulldown-cmark's
//! reading, the one the lint uses. What the author wrote, shown as a reader expects: HTML comments
//! and table-of-contents markers never shown, any other raw HTML shown as text (a `<script>` in a
//! pull request must not run in readers' browsers), task lists with a checkbox, an id on each
//! heading of levels 1 to 4, mermaid fences left for the browser to draw. Links and images are
//! what the caller's `resolve` says (a page of the site, a copied image, the forge); heading ids
//! are the caller's `slugify` of the heading's text, made unique here.

use crate::walk::heading_level;
use pulldown_cmark::{Alignment, CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

/// What the caller makes of a link's or an image's destination (its normalized address, checked).
pub enum Resolved {
    /// no link or image, its text only (an address such as `javascript:`)
    Drop,
    /// its attributes (a link without `href` is a dead link's text)
    Attrs(Vec<(String, String)>),
    /// this text instead of the image (one that is not in the repository)
    Text(String),
}

#[derive(Debug, Default)]
pub struct Page {
    pub html: String,
    /// `(level, id, text)` of each heading; the id is empty past level 4
    pub toc: Vec<(u8, String, String)>,
    /// the plain text of every paragraph, heading and cell, in order
    pub prose: String,
    /// the plain text under each heading (and before the first), headings left out
    pub sections: Vec<String>,
    /// the prose and the code, for the search words
    pub words: String,
    pub mermaid: bool,
}

const UNCHECKED: &str =
    r#"<input class="task-list-item-checkbox" disabled="disabled" type="checkbox">"#;
const CHECKED: &str = r#"<input class="task-list-item-checkbox" checked="checked" disabled="disabled" type="checkbox">"#;

fn escape_into(out: &mut String, text: &str, quotes: bool) {
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let rep = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' if quotes => "&quot;",
            '\'' if quotes => "&#x27;",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(rep);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// `[TOC]`, `[[_TOC_]]`, `[[TableOfContents]]`...: a paragraph that only asks for a contents list.
fn toc_marker(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    let inner = lower
        .strip_prefix('[')
        .map(|s| s.strip_prefix('[').unwrap_or(s));
    let inner = inner
        .and_then(|s| s.strip_suffix(']'))
        .map(|s| s.strip_suffix(']').unwrap_or(s));
    let Some(inner) = inner else { return false };
    let inner = inner.strip_prefix('_').unwrap_or(inner);
    let inner = inner.strip_suffix('_').unwrap_or(inner);
    inner == "toc" || inner == "tableofcontents"
}

/// The text of an HTML block with its comments removed (an unclosed one runs to the end).
fn without_comments(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start + 4..].find("-->") {
            Some(end) => rest = &rest[start + 4 + end + 3..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

struct Image {
    resolved: Resolved,
    alt: String,
    title: String,
}

/// A place in the output: the buffer (`saved[depth]`, or `out` when `depth == saved.len()`) and
/// the byte offset in it. A paragraph opened since is written apart, so the place may lie in a
/// saved buffer.
#[derive(Clone, Copy, Default)]
struct Spot {
    depth: usize,
    at: usize,
}

struct Writer<'a> {
    title: Option<&'a str>,
    resolve: &'a mut dyn FnMut(bool, &str, bool) -> Resolved,
    slugify: &'a mut dyn FnMut(&str) -> String,
    page: Page,
    out: String,
    /// inline plain text not yet given to prose, section and words
    plain: String,
    section: String,
    /// a heading's text for its id: text, code and raw HTML, not image descriptions
    slug_text: String,
    used: std::collections::HashSet<String>,
    next_suffix: std::collections::HashMap<String, usize>,
    /// `out` of the enclosing block while a heading or paragraph is written apart
    saved: Vec<String>,
    heading: Option<(u8, bool)>,
    first_block: bool,
    /// where `<ul`/`<ol` of each open list ends (see `Spot`), and whether it got its class
    lists: Vec<(Spot, bool)>,
    item: Spot,
    code: Option<(String, String)>,
    html_block: Option<String>,
    /// `first_block` before a paragraph or HTML block that may turn out to show nothing
    first_before: bool,
    image: Option<Image>,
    /// an item just opened: its first paragraph may start with a task marker
    task_expected: bool,
    /// the end of a task marker: its text is not written again
    task_skip: usize,
    /// a task marker read, not written yet: checked, its text, the space after it
    task: Option<(bool, String, String)>,
    /// tags opened inside an image's description: their text is the description, nothing else
    in_image: usize,
    links: Vec<bool>,
    table: Option<(Vec<Alignment>, bool, usize, bool)>,
}

impl Writer<'_> {
    fn flush(&mut self, in_heading: bool) {
        if self.plain.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.plain);
        for buffer in [&mut self.page.prose, &mut self.page.words] {
            buffer.push_str(&text);
            buffer.push(' ');
        }
        if !in_heading {
            self.section.push_str(&text);
            self.section.push(' ');
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(image) = self.image.as_mut() {
            image.alt.push_str(text);
            self.plain.push_str(text);
            return;
        }
        escape_into(&mut self.out, text, true);
        self.plain.push_str(text);
        if self.heading.is_some() {
            self.slug_text.push_str(text);
        }
    }

    fn start(&mut self, tag: Tag) {
        if self.image.is_some() {
            self.in_image += 1;
            return;
        }
        let block = !matches!(
            tag,
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
        );
        if block {
            self.flush(false);
        }
        let first = self.first_block;
        if block {
            self.first_block = false;
        }
        match tag {
            Tag::Paragraph => {
                self.first_before = first;
                self.saved.push(std::mem::take(&mut self.out));
            }
            Tag::Heading { level, .. } => {
                let level = heading_level(level);
                self.page.sections.push(std::mem::take(&mut self.section));
                self.heading = Some((level, first && level == 1));
                self.slug_text.clear();
                self.saved.push(std::mem::take(&mut self.out));
            }
            Tag::BlockQuote(_) => self.out.push_str("<blockquote>\n"),
            Tag::CodeBlock(kind) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((info, String::new()));
            }
            Tag::HtmlBlock => {
                self.first_before = first;
                self.html_block = Some(String::new());
            }
            Tag::List(start) => {
                match start {
                    Some(1) => self.out.push_str("<ol"),
                    Some(n) => self.out.push_str(&format!("<ol start=\"{n}\"")),
                    None => self.out.push_str("<ul"),
                }
                let at = self.out.rfind('<').unwrap_or(0) + 3; // after "<ol" or "<ul"
                self.lists.push((self.spot(at), false));
                self.out.push_str(">\n");
            }
            Tag::Item => {
                self.out.push_str("<li");
                self.item = self.spot(self.out.len());
                self.task_expected = true;
                self.out.push('>');
            }
            Tag::FootnoteDefinition(label) => {
                self.out
                    .push_str("<div class=\"footnote-definition\" id=\"fn-");
                escape_into(&mut self.out, &label, true);
                self.out
                    .push_str("\"><sup class=\"footnote-definition-label\">");
                escape_into(&mut self.out, &label, true);
                self.out.push_str("</sup>\n");
            }
            Tag::Table(aligns) => {
                self.out.push_str("<table>\n");
                self.table = Some((aligns, false, 0, false));
            }
            Tag::TableHead => {
                self.out.push_str("<thead>\n<tr>\n");
                if let Some(t) = self.table.as_mut() {
                    t.1 = true;
                    t.2 = 0;
                }
            }
            Tag::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    if !t.3 {
                        self.out.push_str("<tbody>\n");
                        t.3 = true;
                    }
                    t.2 = 0;
                }
                self.out.push_str("<tr>\n");
            }
            Tag::TableCell => {
                let (cell, align) = match self.table.as_ref() {
                    Some((aligns, head, col, _)) => {
                        (if *head { "th" } else { "td" }, aligns.get(*col).copied())
                    }
                    None => ("td", None),
                };
                self.out.push('<');
                self.out.push_str(cell);
                match align {
                    Some(Alignment::Left) => self.out.push_str(" style=\"text-align:left\""),
                    Some(Alignment::Center) => self.out.push_str(" style=\"text-align:center\""),
                    Some(Alignment::Right) => self.out.push_str(" style=\"text-align:right\""),
                    _ => {}
                }
                self.out.push('>');
            }
            Tag::Emphasis => self.out.push_str("<em>"),
            Tag::Strong => self.out.push_str("<strong>"),
            Tag::Strikethrough => self.out.push_str("<s>"),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => match (self.resolve)(false, &dest_url, link_type == LinkType::Email) {
                Resolved::Attrs(attrs) => {
                    self.links.push(true);
                    self.out.push_str("<a");
                    write_attrs(&mut self.out, &attrs, &title);
                    self.out.push('>');
                }
                _ => self.links.push(false), // shown as its text, never as a link
            },
            Tag::Image {
                dest_url, title, ..
            } => {
                self.image = Some(Image {
                    resolved: (self.resolve)(true, &dest_url, false),
                    alt: String::new(),
                    title: title.to_string(),
                });
            }
            _ => {}
        }
    }
}

fn write_attrs(out: &mut String, attrs: &[(String, String)], title: &str) {
    for (key, value) in attrs {
        out.push(' ');
        out.push_str(key);
        out.push_str("=\"");
        escape_into(out, value, true);
        out.push('"');
    }
    if !title.is_empty() && !attrs.iter().any(|(k, _)| k == "title") {
        out.push_str(" title=\"");
        escape_into(out, title, true);
        out.push('"');
    }
}

impl Writer<'_> {
    fn end(&mut self, tag: TagEnd) {
        if self.in_image > 0 {
            self.in_image -= 1;
            return;
        }
        let block = !matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
        );
        match tag {
            TagEnd::Paragraph => {
                let inner = std::mem::replace(&mut self.out, self.saved.pop().unwrap_or_default());
                if toc_marker(&self.plain) && !inner.contains('<') {
                    self.plain.clear(); // the page has its own contents list
                    self.first_block = self.first_before;
                    return;
                }
                self.out.push_str("<p>");
                self.out.push_str(&inner);
                self.out.push_str("</p>\n");
            }
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::BlockQuote(_) => self.out.push_str("</blockquote>\n"),
            TagEnd::CodeBlock => self.end_code(),
            TagEnd::HtmlBlock => {
                let html = self.html_block.take().unwrap_or_default();
                let shown = without_comments(&html);
                let shown = shown.trim();
                if shown.is_empty() {
                    self.first_block = self.first_before; // only comments: nothing shown
                } else {
                    self.out.push_str("<p>");
                    escape_into(&mut self.out, shown, false);
                    self.out.push_str("</p>\n");
                }
            }
            TagEnd::List(ordered) => {
                self.lists.pop();
                self.out
                    .push_str(if ordered { "</ol>\n" } else { "</ul>\n" });
            }
            TagEnd::Item => self.out.push_str("</li>\n"),
            TagEnd::FootnoteDefinition => self.out.push_str("</div>\n"),
            TagEnd::Table => {
                if self.table.take().is_some_and(|t| t.3) {
                    self.out.push_str("</tbody>\n");
                }
                self.out.push_str("</table>\n");
            }
            TagEnd::TableHead => {
                self.out.push_str("</tr>\n</thead>\n");
                if let Some(t) = self.table.as_mut() {
                    t.1 = false;
                }
            }
            TagEnd::TableRow => self.out.push_str("</tr>\n"),
            TagEnd::TableCell => {
                let head = self.table.as_ref().is_some_and(|t| t.1);
                self.out.push_str(if head { "</th>\n" } else { "</td>\n" });
                if let Some(t) = self.table.as_mut() {
                    t.2 += 1;
                }
                self.flush(false);
            }
            TagEnd::Emphasis => self.out.push_str("</em>"),
            TagEnd::Strong => self.out.push_str("</strong>"),
            TagEnd::Strikethrough => self.out.push_str("</s>"),
            TagEnd::Link if self.links.pop().unwrap_or(false) => self.out.push_str("</a>"),
            TagEnd::Image => self.end_image(),
            _ => {}
        }
        if block {
            self.flush(false);
        }
    }

    fn end_heading(&mut self) {
        let inner = std::mem::replace(&mut self.out, self.saved.pop().unwrap_or_default());
        let (level, may_be_title) = self.heading.take().unwrap_or((1, false));
        let text = std::mem::take(&mut self.plain);
        let id = if level <= 4 {
            self.unique_slug()
        } else {
            String::new()
        };
        if may_be_title && self.title.is_some_and(|t| t == text.trim()) {
            return; // the page shows its title above the body: the HTML has its h1 first
        }
        for buffer in [&mut self.page.prose, &mut self.page.words] {
            buffer.push_str(&text);
            buffer.push(' ');
        }
        self.page
            .toc
            .push((level, id.clone(), text.trim().to_string()));
        self.out.push_str(&format!("<h{level}"));
        if level <= 4 {
            self.out.push_str(" id=\"");
            escape_into(&mut self.out, &id, true);
            self.out.push('"');
        }
        self.out.push('>');
        self.out.push_str(&inner);
        self.out.push_str(&format!("</h{level}>\n"));
    }

    /// GitHub's slugs: `a`, `a-1`, `a-2`... for a repeated heading, in one pass.
    fn unique_slug(&mut self) -> String {
        let base = (self.slugify)(&self.slug_text);
        let mut slug = base.clone();
        if self.used.contains(&slug) {
            let mut n = self.next_suffix.get(&base).copied().unwrap_or(1);
            while self.used.contains(&format!("{base}-{n}")) {
                n += 1;
            }
            slug = format!("{base}-{n}");
            self.next_suffix.insert(base, n + 1);
        }
        self.used.insert(slug.clone());
        slug
    }

    fn end_code(&mut self) {
        let Some((info, code)) = self.code.take() else {
            return;
        };
        let lang = info.split(' ').next().unwrap_or("").trim();
        if lang.eq_ignore_ascii_case("mermaid") {
            // drawn in the browser by the vendored mermaid; the source is readable without it
            self.page.mermaid = true;
            self.out.push_str("<pre class=\"mermaid\">");
            escape_into(&mut self.out, &code, true);
            self.out.push_str("</pre>\n");
        } else {
            self.out.push_str("<pre><code");
            if !lang.is_empty() {
                self.out.push_str(" class=\"language-");
                escape_into(&mut self.out, lang, true);
                self.out.push('"');
            }
            self.out.push('>');
            escape_into(&mut self.out, &code, true);
            self.out.push_str("</code></pre>\n");
        }
        if !info.trim().to_lowercase().starts_with("mermaid") {
            self.page.words.push_str(&code);
            self.page.words.push(' ');
        }
    }

    fn end_image(&mut self) {
        let Some(image) = self.image.take() else {
            return;
        };
        let attrs = match image.resolved {
            Resolved::Text(note) => {
                escape_into(&mut self.out, &note, true);
                return;
            }
            Resolved::Drop => {
                escape_into(&mut self.out, &image.alt, true);
                return;
            }
            Resolved::Attrs(attrs) => attrs,
        };
        self.out.push_str("<img");
        let (src, rest): (Vec<_>, Vec<_>) = attrs.into_iter().partition(|(k, _)| k == "src");
        write_attrs(&mut self.out, &src, "");
        write_attrs(
            &mut self.out,
            &[("alt".to_string(), image.alt)],
            &image.title,
        );
        write_attrs(&mut self.out, &rest, "");
        self.out.push('>');
    }

    fn spot(&self, at: usize) -> Spot {
        Spot {
            depth: self.saved.len(),
            at,
        }
    }

    fn insert(&mut self, spot: Spot, text: &str) {
        let buffer = if spot.depth < self.saved.len() {
            &mut self.saved[spot.depth]
        } else {
            &mut self.out
        };
        buffer.insert_str(spot.at, text);
    }

    /// Space after a task marker: a checkbox only if the paragraph says something after it.
    fn task_breaks(&mut self, space: &str) {
        if let Some((_, _, breaks)) = self.task.as_mut() {
            breaks.push_str(space);
        }
        self.plain.push(' ');
    }

    fn settle_task(&mut self, says_something: bool) {
        let Some((checked, literal, breaks)) = self.task.take() else {
            return;
        };
        if says_something {
            self.task_marker(checked);
        } else {
            self.text(&literal); // `- [ ]` alone
        }
        self.out.push_str(&breaks);
    }

    fn task_marker(&mut self, checked: bool) {
        self.out.push_str(if checked { CHECKED } else { UNCHECKED });
        // the list's tag comes before the item's: inserting into the item first keeps both places right
        self.insert(self.item, " class=\"task-list-item\"");
        if let Some((spot, done)) = self.lists.last().copied() {
            if !done {
                self.insert(spot, " class=\"contains-task-list\"");
                if let Some(last) = self.lists.last_mut() {
                    last.1 = true;
                }
            }
        }
    }

    fn event(&mut self, event: Event, text: &str, range: std::ops::Range<usize>) {
        if self.task_expected {
            // `- [ ] x`: the item's first paragraph starts with the marker and a space, as GitHub
            // and the former markdown-it rule read it (pulldown-cmark's own task lists would end
            // an item of only `[ ]` before its next paragraph)
            self.task_expected = matches!(event, Event::Start(Tag::Paragraph));
            if let Event::Text(_) = event {
                let marker = text.get(range.start..range.start + 4).unwrap_or("");
                if matches!(marker, "[ ] " | "[x] " | "[X] ") {
                    self.task = Some((marker != "[ ] ", marker[..3].to_string(), String::new()));
                    self.task_skip = range.start + 3;
                }
            }
        }
        if self.task_skip > 0 {
            let skip = std::mem::take(&mut self.task_skip);
            if let Event::Text(_) = event {
                if range.end <= skip {
                    self.task_skip = skip; // "[", " ", "]" may come as three events
                    return;
                }
                if range.start < skip {
                    let rest = &text[skip..range.end];
                    if rest.trim().is_empty() {
                        self.task_breaks(rest);
                        return;
                    }
                    self.settle_task(true);
                    self.text(rest);
                    return;
                }
            }
        }
        if self.task.is_some() {
            match &event {
                Event::SoftBreak => return self.task_breaks("\n"),
                Event::HardBreak => return self.task_breaks("<br>\n"),
                Event::Text(t) if t.trim().is_empty() => return self.task_breaks(t),
                Event::Text(_) | Event::Code(_) | Event::FootnoteReference(_) => {
                    self.settle_task(true)
                }
                Event::InlineHtml(html) if !html.starts_with("<!--") => self.settle_task(true),
                Event::Start(
                    Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Link { .. }
                    | Tag::Image { .. },
                ) => self.settle_task(true),
                Event::InlineHtml(_) => {}
                _ => self.settle_task(false),
            }
        }
        if let Some(html) = self.html_block.as_mut() {
            if let Event::Html(text) | Event::Text(text) = &event {
                html.push_str(text);
                return;
            }
        }
        if let Some((_, code)) = self.code.as_mut() {
            if let Event::Text(text) = &event {
                code.push_str(text);
                return;
            }
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text),
            Event::Code(code) => {
                if let Some(image) = self.image.as_mut() {
                    image.alt.push_str(&code);
                    self.plain.push_str(&code);
                    return;
                }
                self.out.push_str("<code>");
                escape_into(&mut self.out, &code, true);
                self.out.push_str("</code>");
                self.plain.push_str(&code);
                if self.heading.is_some() {
                    self.slug_text.push_str(&code);
                }
            }
            // shown as text, never passed through; a comment not at all
            Event::InlineHtml(html) | Event::Html(html) if !html.starts_with("<!--") => {
                self.text(&html)
            }
            Event::SoftBreak | Event::HardBreak if self.image.is_some() => {
                if let Some(image) = self.image.as_mut() {
                    image.alt.push('\n');
                }
                self.plain.push(' ');
            }
            Event::SoftBreak => {
                self.out.push('\n');
                self.plain.push(' ');
            }
            Event::HardBreak => {
                self.out.push_str("<br>\n");
                self.plain.push(' ');
            }
            Event::Rule => {
                self.flush(false);
                self.first_block = false;
                self.out.push_str("<hr>\n");
            }
            Event::FootnoteReference(label) => {
                self.out
                    .push_str("<sup class=\"footnote-reference\"><a href=\"#fn-");
                escape_into(&mut self.out, &label, true);
                self.out.push_str("\">");
                escape_into(&mut self.out, &label, true);
                self.out.push_str("</a></sup>");
            }
            _ => {}
        }
    }
}

/// The page of a body (front matter removed). A first `# heading` whose text is `title` is left
/// out: the page shows the title above the body.
pub fn render(
    text: &str,
    title: Option<&str>,
    resolve: &mut dyn FnMut(bool, &str, bool) -> Resolved,
    slugify: &mut dyn FnMut(&str) -> String,
) -> Page {
    let mut writer = Writer {
        title,
        resolve,
        slugify,
        page: Page::default(),
        out: String::with_capacity(text.len() + text.len() / 4),
        plain: String::new(),
        section: String::new(),
        slug_text: String::new(),
        used: Default::default(),
        next_suffix: Default::default(),
        saved: Vec::new(),
        heading: None,
        first_block: true,
        lists: Vec::new(),
        item: Spot::default(),
        code: None,
        html_block: None,
        first_before: false,
        image: None,
        task_expected: false,
        task_skip: 0,
        task: None,
        in_image: 0,
        links: Vec::new(),
        table: None,
    };
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        writer.event(event, text, range);
    }
    writer.flush(false);
    let mut page = writer.page;
    page.sections.push(writer.section);
    page.html = writer.out;
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(text: &str) -> Page {
        let mut resolve = |image: bool, url: &str, _: bool| {
            if url.starts_with("javascript:") || url.starts_with("vbscript:") {
                Resolved::Drop
            } else {
                Resolved::Attrs(vec![(
                    (if image { "src" } else { "href" }).to_string(),
                    url.to_string(),
                )])
            }
        };
        render(text, Some("Title"), &mut resolve, &mut |t| {
            t.to_lowercase().replace(' ', "-")
        })
    }

    #[test]
    fn comments_and_markers_are_dropped_and_raw_html_is_text() {
        let page = html("# Title\n\n<!-- toc -->\n\n[TOC]\n\nA <b>x</b> <!-- hint --> y\n\n<div>\n<script>x</script>\n</div>\n");
        assert_eq!(
            page.html,
            "<p>A &lt;b&gt;x&lt;/b&gt;  y</p>\n<p>&lt;div&gt;\n&lt;script&gt;x&lt;/script&gt;\n&lt;/div&gt;</p>\n"
        );
        assert!(page.toc.is_empty());
    }

    #[test]
    fn headings_get_unique_ids_and_task_lists_their_classes() {
        let page = html("## A\n\n## A\n\n- [x] done\n- [ ] to do\n");
        assert!(page.html.starts_with("<h2 id=\"a\">A</h2>\n<h2 id=\"a-1\">A</h2>\n<ul class=\"contains-task-list\">\n<li class=\"task-list-item\">"));
        assert_eq!(
            page.toc,
            vec![(2, "a".into(), "A".into()), (2, "a-1".into(), "A".into())]
        );
    }

    #[test]
    fn the_title_after_a_comment_is_left_out() {
        let page = html("<!-- fill in -->\n\n# Title\n\ntext\n");
        assert_eq!(page.html, "<p>text</p>\n");
    }

    #[test]
    fn an_image_description_is_its_text() {
        let page = html("![a *b* [c](d) ![e](f)](g.png)\n");
        assert_eq!(page.html, "<p><img src=\"g.png\" alt=\"a b c e\"></p>\n");
    }

    #[test]
    fn a_task_in_a_loose_list_gets_its_classes_too() {
        let page = html("- [ ] é\n\n- [x] ü\n");
        assert!(
            page.html.starts_with(
                "<ul class=\"contains-task-list\">\n<li class=\"task-list-item\"><p><input"
            ),
            "{}",
            page.html
        );
    }

    #[test]
    fn a_task_marker_with_nothing_after_it_is_text() {
        assert_eq!(html("- [X]\n").html, "<ul>\n<li>[X]</li>\n</ul>\n");
        assert_eq!(
            html("- [ ]\n  next\n").html,
            "<ul>\n<li>[ ]\nnext</li>\n</ul>\n"
        );
        assert_eq!(
            html("- [ ] \n\n  next\n").html,
            "<ul>\n<li><p>[ ]</p>\n<p>next</p>\n</li>\n</ul>\n"
        );
        assert!(html("- [ ] \n  next\n")
            .html
            .contains("type=\"checkbox\">\nnext"));
    }

    #[test]
    fn scripts_in_addresses_are_no_links() {
        let page = html("[x](javascript:alert(1)) ![y](vbscript:z)");
        assert!(
            !page.html.contains("javascript") && !page.html.contains("<img"),
            "{}",
            page.html
        );
    }
}
