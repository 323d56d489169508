//! The result cache's rows (artifactkit/engine/cacherows.py) decoded in one call: a warm run of
//! 10,000 documents spent 60 ms in Python's JSON scanner and the checks of each field.
//!
//! Only the compact form `json.dumps(..., separators=(",", ":"))` writes is read here, and only
//! the shapes `encode_result` makes, with front matter of scalars and lists of scalars. Anything
//! else (a float, an integer beyond 64 bits, a lone surrogate, nested front matter, a space, another
//! shape) is None: the caller decodes that row with Python's reference decoder, which says
//! whether it is malformed. So this path never accepts a row the reference refuses, and for a
//! row it accepts, it makes the same values (tests/test_cacherows_native_diff.py).
//!
//! Equal strings are made once per call (keyed by their bytes as written): most rows repeat the
//! type, rule, level, message and section of the others.

use std::collections::HashMap;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PySet, PyString, PyTuple};

type Strings<'a, 'py> = HashMap<&'a [u8], Bound<'py, PyString>>;

struct Reader<'a, 'b, 'py> {
    py: Python<'py>,
    s: &'a [u8],
    i: usize,
    strings: &'b mut Strings<'a, 'py>,
}

impl<'a, 'py> Reader<'a, '_, 'py> {
    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.s.get(self.i) == Some(&byte)).then(|| self.i += 1)
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn word(&mut self, word: &[u8]) -> bool {
        let found = self.s[self.i..].starts_with(word);
        if found {
            self.i += word.len();
        }
        found
    }

    /// `null`: true (and read); anything else is left for the caller.
    fn null(&mut self) -> bool {
        self.word(b"null")
    }

    fn int(&mut self) -> Option<i64> {
        let start = self.i;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.i += 1;
        }
        let digits = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        let text = &self.s[digits..self.i];
        // "0" or no leading zero; a fraction or an exponent is a float, left to Python
        if text.is_empty()
            || (text[0] == b'0' && text.len() > 1)
            || matches!(self.peek(), Some(b'.' | b'e' | b'E'))
        {
            return None;
        }
        std::str::from_utf8(&self.s[start..self.i])
            .ok()?
            .parse()
            .ok()
    }

    fn int_or_null(&mut self) -> Option<Option<i64>> {
        if self.null() {
            return Some(None);
        }
        self.int().map(Some)
    }

    fn string(&mut self) -> Option<Bound<'py, PyString>> {
        self.eat(b'"')?;
        let start = self.i;
        let mut escaped = false;
        loop {
            match *self.s.get(self.i)? {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    self.i += 2;
                }
                0..=0x1f => return None, // a control character: the reference (strict) refuses it
                _ => self.i += 1,
            }
        }
        let raw = self.s.get(start..self.i)?;
        self.i += 1;
        if let Some(made) = self.strings.get(raw) {
            return Some(made.clone());
        }
        let made = if escaped {
            PyString::new(self.py, &unescape(raw)?)
        } else {
            PyString::new(self.py, std::str::from_utf8(raw).ok()?)
        };
        self.strings.insert(raw, made.clone());
        Some(made)
    }

    fn string_or_null(&mut self) -> Option<Option<Bound<'py, PyString>>> {
        if self.null() {
            return Some(None);
        }
        self.string().map(Some)
    }

    /// `[item,item...]`, each read by `item`.
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        self.eat(b'[')?;
        let mut out = Vec::new();
        if self.eat(b']').is_some() {
            return Some(out);
        }
        loop {
            out.push(item(self)?);
            if self.eat(b']').is_some() {
                return Some(out);
            }
            self.eat(b',')?;
        }
    }

    /// null, a boolean, an integer or a string.
    fn scalar(&mut self) -> Option<Bound<'py, PyAny>> {
        let py = self.py;
        Some(match self.peek()? {
            b'"' => self.string()?.into_any(),
            b'n' if self.null() => py.None().into_bound(py),
            b't' if self.word(b"true") => true.into_pyobject(py).ok()?.to_owned().into_any(),
            b'f' if self.word(b"false") => false.into_pyobject(py).ok()?.to_owned().into_any(),
            b'-' | b'0'..=b'9' => self.int()?.into_pyobject(py).ok()?.into_any(),
            _ => return None,
        })
    }

    /// Front matter: an object of scalars and lists of scalars.
    fn front(&mut self) -> Option<Bound<'py, PyDict>> {
        let dict = PyDict::new(self.py);
        self.eat(b'{')?;
        if self.eat(b'}').is_some() {
            return Some(dict);
        }
        loop {
            let key = self.string()?;
            self.eat(b':')?;
            let value = if self.peek()? == b'[' {
                PyList::new(self.py, self.list(Self::scalar)?)
                    .ok()?
                    .into_any()
            } else {
                self.scalar()?
            };
            dict.set_item(key, value).ok()?; // a key twice: the last value at the first place, as json's
            if self.eat(b'}').is_some() {
                return Some(dict);
            }
            self.eat(b',')?;
        }
    }

    fn problem(&mut self) -> Option<Bound<'py, PyTuple>> {
        self.eat(b'[')?;
        let line = self.int()?;
        self.eat(b',')?;
        let column = self.int()?;
        self.eat(b',')?;
        let level = self.string()?;
        self.eat(b',')?;
        let rule = self.string()?;
        self.eat(b',')?;
        let message = self.string()?;
        self.eat(b',')?;
        let section = self.string_or_null()?;
        self.eat(b']')?;
        (line, column, level, rule, message, section)
            .into_pyobject(self.py)
            .ok()
    }

    /// `[title, title_line, file_disables, section_disables, headings, link_targets]`.
    fn outline(&mut self) -> Option<Bound<'py, PyTuple>> {
        let py = self.py;
        self.eat(b'[')?;
        let title = self.string_or_null()?;
        self.eat(b',')?;
        let title_line = self.int_or_null()?;
        self.eat(b',')?;
        let file_disables = PySet::new(py, self.list(Self::string)?).ok()?;
        self.eat(b',')?;
        let section_disables = PyDict::new(py);
        for (line, rules) in self.list(|r| {
            r.eat(b'[')?;
            let line = r.int()?;
            r.eat(b',')?;
            let rules = r.list(Self::string)?;
            r.eat(b']')?;
            Some((line, rules))
        })? {
            section_disables
                .set_item(line, PySet::new(py, rules).ok()?)
                .ok()?;
        }
        self.eat(b',')?;
        let headings = self.list(|r| {
            r.eat(b'[')?;
            let line = r.int()?;
            r.eat(b',')?;
            let level = r.int()?;
            r.eat(b',')?;
            let text = r.string()?;
            r.eat(b']')?;
            (line, level, text).into_pyobject(py).ok()
        })?;
        self.eat(b',')?;
        let links = self.list(|r| {
            r.eat(b'[')?;
            let line = r.int()?;
            r.eat(b',')?;
            let href = r.string()?;
            r.eat(b']')?;
            (line, href).into_pyobject(py).ok()
        })?;
        self.eat(b']')?;
        (
            title,
            title_line,
            file_disables,
            section_disables,
            headings,
            links,
        )
            .into_pyobject(py)
            .ok()
    }

    /// `[[key...], line, column]...` as `{tuple(key): (line, column)}`; a key of strings and
    /// integers, at most `max_key` long.
    fn locations(&mut self, max_key: usize) -> Option<Bound<'py, PyDict>> {
        let py = self.py;
        let out = PyDict::new(py);
        for (key, line, column) in self.list(|r| {
            r.eat(b'[')?;
            let key = r.list(|k| match k.peek()? {
                b'"' => Some(k.string()?.into_any()),
                _ => Some(k.int()?.into_pyobject(py).ok()?.into_any()),
            })?;
            r.eat(b',')?;
            let line = r.int()?;
            r.eat(b',')?;
            let column = r.int()?;
            r.eat(b']')?;
            Some((key, line, column))
        })? {
            if key.len() > max_key {
                return None;
            }
            out.set_item(PyTuple::new(py, key).ok()?, (line, column))
                .ok()?;
        }
        Some(out)
    }

    /// `[type, number, skipped, title, front, problems, outline, locations]`, and nothing after it.
    fn row(&mut self, max_key: usize) -> Option<Bound<'py, PyTuple>> {
        let py = self.py;
        self.eat(b'[')?;
        let type_ = self.string_or_null()?;
        self.eat(b',')?;
        let number = self.int_or_null()?;
        self.eat(b',')?;
        let skipped = self.string_or_null()?;
        self.eat(b',')?;
        let title = self.string_or_null()?;
        self.eat(b',')?;
        let front = self.front()?;
        self.eat(b',')?;
        let problems = self.list(Self::problem)?;
        self.eat(b',')?;
        let outline = if self.null() {
            None
        } else {
            Some(self.outline()?)
        };
        self.eat(b',')?;
        let locations = self.locations(max_key)?;
        self.eat(b']')?;
        if self.i != self.s.len() {
            return None;
        }
        let problems = PyList::new(py, problems).ok()?;
        (
            type_, number, skipped, title, front, problems, outline, locations,
        )
            .into_pyobject(py)
            .ok()
    }
}

fn hex4(raw: &[u8]) -> Option<u32> {
    let text = std::str::from_utf8(raw.get(..4)?).ok()?;
    if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(text, 16).ok()
}

/// The text of a JSON string with escapes (between its quotes); None for a lone surrogate,
/// which no Rust string holds (the reference decodes it).
fn unescape(raw: &[u8]) -> Option<String> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let byte = raw[i];
        if byte != b'\\' {
            out.push(byte);
            i += 1;
            continue;
        }
        let simple = match *raw.get(i + 1)? {
            b'"' => b'"',
            b'\\' => b'\\',
            b'/' => b'/',
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => 0,
            _ => return None,
        };
        if raw[i + 1] != b'u' {
            out.push(simple);
            i += 2;
            continue;
        }
        let high = hex4(raw.get(i + 2..)?)?;
        i += 6;
        let code = match high {
            0xd800..=0xdbff => {
                if raw.get(i..i + 2)? != b"\\u" {
                    return None;
                }
                let low = hex4(raw.get(i + 2..)?)?;
                if !(0xdc00..=0xdfff).contains(&low) {
                    return None;
                }
                i += 6;
                0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00)
            }
            0xdc00..=0xdfff => return None,
            _ => high,
        };
        let mut buf = [0u8; 4];
        out.extend_from_slice(char::from_u32(code)?.encode_utf8(&mut buf).as_bytes());
    }
    String::from_utf8(out).ok()
}

/// For each row: `(type, number, skipped, title, front, problems, outline, locations)` with
/// `problems` a list of `(line, column, level, rule, message, section)`, `outline` None or
/// `(title, title_line, file_disables, section_disables, headings, link_targets)` as the
/// Outline holds them, `locations` a dict; None for a row this reader leaves to Python.
/// `max_key`: the longest key of a front-matter position.
#[pyfunction]
pub fn decode_rows<'py>(
    py: Python<'py>,
    rows: Vec<Bound<'py, PyBytes>>,
    max_key: usize,
) -> Vec<Option<Bound<'py, PyTuple>>> {
    let mut strings: Strings<'_, 'py> = HashMap::new();
    rows.iter()
        .map(|row| {
            Reader {
                py,
                s: row.as_bytes(),
                i: 0,
                strings: &mut strings,
            }
            .row(max_key)
        })
        .collect()
}
