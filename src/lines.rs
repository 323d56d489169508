//! Line-by-line readings of a whole document (front matter included) for
//! artifactkit/document/model.py: the lines inside fenced code blocks, and the lines that are only
//! bold text (`**Context and Problem Statement**` written where a heading belongs). Lines end at
//! `\r\n`, `\r` or `\n`, as `model.split_lines` splits them. One pass over the bytes, where Python
//! ran a regular expression over the text, counted the line breaks before each match, then read
//! every line again for the fences (5% of a cold lint of documents missing a section).

/// The lines of `text` without their ends, numbered from 1.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut number = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let end = memchr_eol(&bytes[start..]).map_or(bytes.len(), |i| start + i);
        let line = &text[start..end];
        start = match bytes.get(end) {
            Some(b'\r') if bytes.get(end + 1) == Some(&b'\n') => end + 2,
            Some(_) => end + 1,
            None => end,
        };
        number += 1;
        Some((number, line))
    })
}

fn memchr_eol(bytes: &[u8]) -> Option<usize> {
    memchr::memchr2(b'\n', b'\r', bytes)
}

/// The fence a line opens or closes: `^ {0,3}(`{3,}|~{3,})` (its character and length).
fn fence(line: &str) -> Option<(u8, usize)> {
    let bytes = line.as_bytes();
    let indent = bytes.iter().take(4).take_while(|&&b| b == b' ').count();
    if indent > 3 {
        return None;
    }
    let mark = *bytes.get(indent)?;
    if mark != b'`' && mark != b'~' {
        return None;
    }
    let length = bytes[indent..].iter().take_while(|&&b| b == mark).count();
    (length >= 3).then_some((mark, length))
}

/// Follows fenced code blocks from line `first + 1` on: `step` says whether a line is in one
/// (its fences counted in); `spans` gathers each block's first and last line.
struct Fences {
    open: Option<(u8, usize, usize)>,
    spans: Vec<(usize, usize)>,
}

impl Fences {
    fn new() -> Self {
        Fences {
            open: None,
            spans: Vec::new(),
        }
    }

    fn step(&mut self, number: usize, line: &str) -> bool {
        let found = fence(line);
        match (self.open, found) {
            (None, Some((mark, length))) => self.open = Some((mark, length, number)),
            (Some((mark, length, start)), Some((closing, closing_length)))
                if closing == mark && closing_length >= length =>
            {
                self.spans.push((start, number));
                self.open = None;
                return true;
            }
            _ => {}
        }
        self.open.is_some()
    }

    /// A block never closed is code to the end (`last`: the number of lines).
    fn finish(mut self, last: usize) -> Vec<(usize, usize)> {
        if let Some((_, _, start)) = self.open {
            self.spans.push((start, last));
        }
        self.spans
    }
}

/// `(first line, last line)` of each fenced code block from line `first + 1` on, its fences
/// included; one never closed runs to the last line.
pub fn fenced(text: &str, first: usize) -> Vec<(usize, usize)> {
    let mut fences = Fences::new();
    let mut last = 0;
    for (number, line) in lines(text) {
        last = number;
        if number > first {
            fences.step(number, line);
        }
    }
    fences.finish(last)
}

/// The text of a line that is only bold text: `^ {0,3}(\*\*|__)([^*_\n]+?)\1[ \t]*:?[ \t]*$`.
fn bold(line: &str) -> Option<&str> {
    let indent = line.bytes().take(4).take_while(|&b| b == b' ').count();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let delimiter = if rest.starts_with("**") {
        "**"
    } else if rest.starts_with("__") {
        "__"
    } else {
        return None;
    };
    let rest = &rest[2..];
    // no '*' or '_' inside: the text runs to the first of them, which must close it
    let length = rest.find(['*', '_']).unwrap_or(rest.len());
    if length == 0 || !rest[length..].starts_with(delimiter) {
        return None;
    }
    let tail = rest[length + 2..].trim_start_matches([' ', '\t']);
    let tail = tail.strip_prefix(':').unwrap_or(tail);
    tail.trim_start_matches([' ', '\t'])
        .is_empty()
        .then(|| &rest[..length])
}

/// `(line, bold text)` of each line from line `first + 1` on that is only bold text, outside
/// fenced code blocks (model.Document.bold_label).
pub fn bold_lines(text: &str, first: usize) -> Vec<(usize, &str)> {
    let mut fences = Fences::new();
    let mut out = Vec::new();
    for (number, line) in lines(text) {
        if number <= first {
            continue;
        }
        if !fences.step(number, line) {
            if let Some(found) = bold(line) {
                out.push((number, found));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_as_markdown_ends_them() {
        let got: Vec<_> = lines("a\r\nb\rc\n\nd").collect();
        assert_eq!(got, [(1, "a"), (2, "b"), (3, "c"), (4, ""), (5, "d")]);
        assert_eq!(lines("a\n").count(), 1);
        assert_eq!(lines("").count(), 0);
    }

    #[test]
    fn fences_close_with_their_own_mark_at_least_as_long() {
        let text = "x\n```\n~~~\n``\n````\n    ```\n~~~~\nin\n~~~\n";
        assert_eq!(fenced(text, 0), [(2, 5), (7, 9)]);
        assert_eq!(fenced("```\na\n", 0), [(1, 2)]);
        assert_eq!(fenced("```\na\n", 1), []);
    }

    #[test]
    fn bold_lines_outside_code() {
        let text = "**A**\n```\n**B**\n```\n  __C:__ \n**D** x\n**E*\n****\n    **F**\n";
        assert_eq!(bold_lines(text, 0), [(1, "A"), (5, "C:")]);
        assert_eq!(bold_lines(text, 1), [(5, "C:")]);
        assert_eq!(bold("**a** : "), Some("a"));
        assert_eq!(bold("**a**::"), None);
        assert_eq!(bold("__a**"), None);
    }
}
