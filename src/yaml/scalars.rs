//! YAML 1.2 scalars as ruamel.yaml resolves and constructs them (the rules of
//! tests/yaml12_reference.py: its regular expressions, written out here as matchers).

use std::rc::Rc;

use pyo3::prelude::*;
use pyo3::types::{PyFloat, PyInt, PyString, PyTuple};

pub const TAG: &str = "tag:yaml.org,2002:";
pub const MAX_INT_DIGITS: usize = 1000;

/// How a node serves as a mapping key: its text in the data and what duplicates are found by.
#[derive(Clone)]
pub enum Key<'py> {
    /// A str key: the node's value is this text.
    Text(Rc<str>),
    /// A number, bool or null (``object`` is the value: Python finds ``1``, ``1.0`` and ``true``
    /// equal), or a date (``object`` is a tuple that is equal where the dates are); ``text`` is
    /// ``str(key)``, computed from ``object`` when None.
    Other {
        object: Bound<'py, PyAny>,
        text: Option<Rc<str>>,
    },
    Map,
    Seq,
}

pub struct Node<'py> {
    pub value: Bound<'py, PyAny>,
    pub key: Key<'py>,
}

/// Why a scalar could not be constructed, as the Python exception class would say.
pub enum Refusal {
    /// a ValueError: the message names the text and the tag only
    Value,
    /// an IndexError or OverflowError: its text joins the message
    Error(String),
    Python(PyErr),
}

impl From<PyErr> for Refusal {
    fn from(err: PyErr) -> Refusal {
        Refusal::Python(err)
    }
}

pub fn text_node<'py>(py: Python<'py>, text: &str) -> Node<'py> {
    Node {
        value: PyString::new(py, text).into_any(),
        key: Key::Text(Rc::from(text)),
    }
}

fn other<'py>(value: Bound<'py, PyAny>) -> Node<'py> {
    Node {
        key: Key::Other {
            object: value.clone(),
            text: None,
        },
        value,
    }
}

// --- resolution: ruamel.yaml's implicit resolvers for YAML 1.2, in its order ---------------------

/// The tag of a plain scalar; a resolver is tried only on scalars starting with one of its
/// first characters ("" is in every Python string, so the empty scalar reaches them all).
pub fn resolve(text: &str) -> &'static str {
    let first = text.bytes().next();
    let starts = |set: &[u8]| first.is_none_or(|c| set.contains(&c));
    if starts(b"tTfF") && dollar(text, is_bool) {
        "tag:yaml.org,2002:bool"
    } else if starts(b"-+0123456789.") && dollar(text, is_float) {
        "tag:yaml.org,2002:float"
    } else if starts(b"-+0123456789") && dollar(text, is_int) {
        "tag:yaml.org,2002:int"
    } else if text == "<<" {
        "tag:yaml.org,2002:merge"
    } else if starts(b"~nN") && dollar(text, is_null) {
        "tag:yaml.org,2002:null"
    } else if starts(b"0123456789") && dollar(text, is_timestamp) {
        "tag:yaml.org,2002:timestamp"
    } else {
        "tag:yaml.org,2002:str"
    }
}

/// Python's ``$`` also matches before a final newline (a quoted scalar tagged ``!`` may end in one).
fn dollar(text: &str, matcher: fn(&[u8]) -> bool) -> bool {
    let text = text.as_bytes();
    matcher(text) || text.strip_suffix(b"\n").is_some_and(matcher)
}

fn is_bool(text: &[u8]) -> bool {
    matches!(
        text,
        b"true" | b"True" | b"TRUE" | b"false" | b"False" | b"FALSE"
    )
}

fn is_null(text: &[u8]) -> bool {
    matches!(text, b"~" | b"null" | b"Null" | b"NULL" | b"")
}

fn unsigned(text: &[u8]) -> &[u8] {
    text.strip_prefix(b"-")
        .or_else(|| text.strip_prefix(b"+"))
        .unwrap_or(text)
}

fn all_of(text: &[u8], allowed: fn(u8) -> bool) -> bool {
    !text.is_empty() && text.iter().all(|&c| allowed(c))
}

fn run(text: &[u8], allowed: fn(u8) -> bool) -> usize {
    text.iter().take_while(|&&c| allowed(c)).count()
}

fn decimal_(c: u8) -> bool {
    c.is_ascii_digit() || c == b'_'
}

fn is_int(text: &[u8]) -> bool {
    let value = unsigned(text);
    let octal = value
        .strip_prefix(b"0")
        .map(|rest| rest.strip_prefix(b"o").unwrap_or(rest));
    value
        .strip_prefix(b"0b")
        .is_some_and(|d| all_of(d, |c| matches!(c, b'0' | b'1' | b'_')))
        || octal.is_some_and(|d| all_of(d, |c| matches!(c, b'0'..=b'7' | b'_')))
        || all_of(value, decimal_)
        || value
            .strip_prefix(b"0x")
            .is_some_and(|d| all_of(d, |c| c.is_ascii_hexdigit() || c == b'_'))
}

/// ``[eE][-+]?[0-9]+`` to the end (the sign required after ``.5``).
fn is_exponent(text: &[u8], sign_required: bool) -> bool {
    let Some(rest) = text.strip_prefix(b"e").or_else(|| text.strip_prefix(b"E")) else {
        return false;
    };
    let digits = unsigned(rest);
    (!sign_required || digits.len() < rest.len()) && all_of(digits, |c| c.is_ascii_digit())
}

fn is_float(text: &[u8]) -> bool {
    if matches!(text, b".nan" | b".NaN" | b".NAN") {
        return true;
    }
    let value = unsigned(text);
    if matches!(value, b".inf" | b".Inf" | b".INF") {
        return true;
    }
    if let Some(fraction) = value.strip_prefix(b".") {
        let n = run(fraction, decimal_);
        return n > 0 && (n == fraction.len() || is_exponent(&fraction[n..], true));
    }
    if !value.first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let rest = &value[run(value, decimal_)..];
    match rest.strip_prefix(b".") {
        Some(fraction) => {
            let rest = &fraction[run(fraction, decimal_)..];
            rest.is_empty() || is_exponent(rest, false)
        }
        None => is_exponent(rest, false),
    }
}

fn is_timestamp(text: &[u8]) -> bool {
    let date_only = text.len() == 10
        && text.iter().enumerate().all(|(i, &c)| {
            if i == 4 || i == 7 {
                c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    date_only || timestamp_parts(text).is_some_and(|parts| parts.time.is_some())
}

// --- the parts of a timestamp (ruamel's constructor) ------------------------------------------------

struct Parts<'a> {
    year: u32,
    month: u32,
    day: u32,
    time: Option<Time<'a>>,
}

struct Time<'a> {
    hour: u32,
    minute: u32,
    second: u32,
    fraction: &'a [u8],
    zone: Zone,
}

enum Zone {
    Naive,
    Z,
    Offset {
        negative: bool,
        hours: u32,
        minutes: u32,
    },
}

struct Cursor<'a> {
    text: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn eat(&mut self, allowed: fn(u8) -> bool) -> bool {
        let ok = self.peek().is_some_and(allowed);
        self.at += ok as usize;
        ok
    }

    fn literal(&mut self, c: u8) -> Option<()> {
        self.eat_byte(c).then_some(())
    }

    fn eat_byte(&mut self, c: u8) -> bool {
        let ok = self.peek() == Some(c);
        self.at += ok as usize;
        ok
    }

    /// ``min`` to ``max`` digits, greedy (a literal that is no digit always follows).
    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.at;
        while self.at - start < max && self.eat(|c| c.is_ascii_digit()) {}
        let digits = &self.text[start..self.at];
        (digits.len() >= min).then(|| digits.iter().fold(0, |n, &d| n * 10 + (d - b'0') as u32))
    }

    fn blanks(&mut self) -> usize {
        let start = self.at;
        while self.eat(|c| c == b' ' || c == b'\t') {}
        self.at - start
    }

    fn done(&self) -> bool {
        self.at == self.text.len()
    }
}

fn timestamp_parts(text: &[u8]) -> Option<Parts<'_>> {
    let mut cursor = Cursor { text, at: 0 };
    let year = cursor.number(4, 4)?;
    cursor.literal(b'-')?;
    let month = cursor.number(1, 2)?;
    cursor.literal(b'-')?;
    let day = cursor.number(1, 2)?;
    let time = if cursor.done() {
        None
    } else {
        Some(time_parts(&mut cursor)?)
    };
    cursor.done().then_some(Parts {
        year,
        month,
        day,
        time,
    })
}

fn time_parts<'a>(cursor: &mut Cursor<'a>) -> Option<Time<'a>> {
    if !cursor.eat(|c| c == b'T' || c == b't') && cursor.blanks() == 0 {
        return None;
    }
    let hour = cursor.number(1, 2)?;
    cursor.literal(b':')?;
    let minute = cursor.number(2, 2)?;
    cursor.literal(b':')?;
    let second = cursor.number(2, 2)?;
    let mut fraction: &[u8] = &[];
    if cursor.eat_byte(b'.') {
        let start = cursor.at;
        while cursor.eat(|c| c.is_ascii_digit()) {}
        fraction = &cursor.text[start..cursor.at];
    }
    let before_zone = cursor.at;
    cursor.blanks();
    let zone = zone(cursor).unwrap_or_else(|| {
        cursor.at = before_zone;
        Zone::Naive
    });
    Some(Time {
        hour,
        minute,
        second,
        fraction,
        zone,
    })
}

fn zone(cursor: &mut Cursor<'_>) -> Option<Zone> {
    if cursor.eat_byte(b'Z') {
        return Some(Zone::Z);
    }
    let negative = cursor.peek() == Some(b'-');
    if !cursor.eat(|c| c == b'-' || c == b'+') {
        return None;
    }
    let hours = cursor.number(1, 2)?;
    let before_minutes = cursor.at;
    let minutes = match cursor.eat_byte(b':') {
        true => cursor.number(2, 2).unwrap_or_else(|| {
            cursor.at = before_minutes;
            0
        }),
        false => 0,
    };
    Some(Zone::Offset {
        negative,
        hours,
        minutes,
    })
}

// --- construction ------------------------------------------------------------------------------------

/// ``(data value, key form)`` of a scalar with the tag ``tag`` (after resolution).
pub fn construct<'py>(py: Python<'py>, tag: &str, text: &str) -> Result<Node<'py>, Refusal> {
    let kind = tag.strip_prefix(TAG);
    Ok(match kind {
        Some("null") => other(py.None().into_bound(py)),
        Some("bool") => other(boolean(py, text)?),
        Some("int") => other(integer(py, text)?),
        Some("float") => other(PyFloat::new(py, float(py, text)?).into_any()),
        Some("timestamp") => timestamp(py, text)?,
        Some("binary") => text_node(py, &binary(py, text)?),
        _ => text_node(py, text), // str, merge ("<<" as a value), every other tag: the text as written
    })
}

fn boolean<'py>(py: Python<'py>, text: &str) -> Result<Bound<'py, PyAny>, Refusal> {
    let value = match text.to_lowercase().as_str() {
        "yes" | "true" | "on" => true,
        "no" | "false" | "off" => false,
        _ => return Err(Refusal::Value),
    };
    Ok(pyo3::types::PyBool::new(py, value).to_owned().into_any())
}

/// The text without ``_`` and its sign: ``value[0]`` of an empty text is Python's IndexError.
fn sign_and_digits(text: &str) -> Result<(bool, String), Refusal> {
    let value = text.replace('_', "");
    match value.as_bytes().first() {
        None => Err(Refusal::Error("string index out of range".into())),
        Some(b'-') => Ok((true, value[1..].to_owned())),
        Some(b'+') => Ok((false, value[1..].to_owned())),
        Some(_) => Ok((false, value)),
    }
}

fn integer<'py>(py: Python<'py>, text: &str) -> Result<Bound<'py, PyAny>, Refusal> {
    let (negative, value) = sign_and_digits(text)?;
    if value == "0" {
        return Ok(PyInt::new(py, 0).into_any());
    }
    if value.chars().count() > MAX_INT_DIGITS {
        return Err(Refusal::Error(format!(
            "an integer of more than {MAX_INT_DIGITS} digits; quote it if it is meant as text"
        )));
    }
    let (digits, base) = match value.get(..2) {
        Some("0b") => (&value[2..], 2),
        Some("0x") => (&value[2..], 16),
        Some("0o") => (&value[2..], 8),
        _ => (value.as_str(), 10),
    };
    let fast = all_of(digits.as_bytes(), |c| c.is_ascii_alphanumeric())
        .then(|| i64::from_str_radix(digits, base).ok())
        .flatten();
    let number = match fast {
        Some(n) => PyInt::new(py, n).into_any(),
        None => python_number(py, "int", (digits, base))?, // a big int, or text only Python's int() reads
    };
    Ok(if negative { number.neg()? } else { number })
}

/// Python's ``int(...)`` or ``float(...)``: its ValueError is a Refusal::Value.
fn python_number<'py>(
    py: Python<'py>,
    name: &str,
    args: impl pyo3::call::PyCallArgs<'py>,
) -> Result<Bound<'py, PyAny>, Refusal> {
    let builtin = py.import("builtins")?.getattr(name)?;
    builtin.call1(args).map_err(|err| {
        if err.is_instance_of::<pyo3::exceptions::PyValueError>(py) {
            Refusal::Value
        } else {
            Refusal::Python(err)
        }
    })
}

fn float(py: Python<'_>, text: &str) -> Result<f64, Refusal> {
    let (negative, value) = sign_and_digits(&text.to_lowercase())?;
    let sign = if negative { -1.0 } else { 1.0 };
    match value.as_str() {
        ".inf" => return Ok(sign * f64::INFINITY),
        ".nan" => return Ok(f64::NAN),
        _ => {}
    }
    let plain = value
        .bytes()
        .all(|c| matches!(c, b'0'..=b'9' | b'.' | b'e' | b'+' | b'-'));
    if let Some(number) = plain.then(|| value.parse::<f64>().ok()).flatten() {
        return Ok(sign * number); // correctly rounded, as Python's float() is
    }
    Ok(sign * python_number(py, "float", (value,))?.extract::<f64>()?)
}

fn binary(py: Python<'_>, text: &str) -> Result<String, Refusal> {
    if !text.is_ascii() {
        return Err(Refusal::Value); // UnicodeEncodeError, a ValueError
    }
    let bytes = pyo3::types::PyBytes::new(py, text.as_bytes());
    let decoded = py
        .import("base64")?
        .call_method1("decodebytes", (bytes,))
        .map_err(|err| {
            if err.is_instance_of::<pyo3::exceptions::PyValueError>(py) {
                Refusal::Value
            } else {
                Refusal::Python(err)
            }
        })?;
    Ok(decoded.str()?.to_str()?.to_owned())
}

// --- timestamps -----------------------------------------------------------------------------------------

struct Stamp {
    date: (i64, u32, u32),
    time: Option<(u32, u32, u32, u32)>, // hour, minute, second, microsecond
    offset: Option<i64>,                // minutes east of UTC
}

fn timestamp<'py>(py: Python<'py>, text: &str) -> Result<Node<'py>, Refusal> {
    let parts = timestamp_parts(text.as_bytes())
        .or_else(|| {
            text.strip_suffix('\n')
                .and_then(|t| timestamp_parts(t.as_bytes()))
        })
        .ok_or(Refusal::Value)?;
    let stamp = stamp(&parts)?;
    let data = iso(&stamp, 'T');
    let (tag, instant) = match (stamp.time, stamp.offset) {
        (None, _) => (
            "date",
            vec![stamp.date.0, stamp.date.1 as i64, stamp.date.2 as i64],
        ),
        (Some(_), Some(_)) => ("aware", vec![micros(&stamp)]),
        (Some((h, m, s, us)), None) => {
            let (y, mo, d) = stamp.date;
            (
                "naive",
                vec![
                    y, mo as i64, d as i64, h as i64, m as i64, s as i64, us as i64,
                ],
            )
        }
    };
    let object = PyTuple::new(
        py,
        [
            PyString::new(py, tag).into_any(),
            PyTuple::new(py, instant)?.into_any(),
        ],
    )?;
    Ok(Node {
        value: PyString::new(py, &data).into_any(),
        key: Key::Other {
            object: object.into_any(),
            text: Some(Rc::from(iso(&stamp, ' '))),
        },
    })
}

fn stamp(parts: &Parts<'_>) -> Result<Stamp, Refusal> {
    let date = (parts.year as i64, parts.month, parts.day);
    check_date(date)?;
    let Some(time) = &parts.time else {
        return Ok(Stamp {
            date,
            time: None,
            offset: None,
        });
    };
    let (micro, carry) = microseconds(time.fraction);
    let offset = match time.zone {
        Zone::Naive => None,
        Zone::Z => Some(0),
        Zone::Offset {
            negative,
            hours,
            minutes,
        } => {
            let minutes = (hours * 60 + minutes) as i64;
            if minutes >= 24 * 60 {
                return Err(Refusal::Value); // dt.timezone takes less than a day
            }
            Some(if negative { -minutes } else { minutes })
        }
    };
    if time.hour > 23 || time.minute > 59 || time.second > 59 {
        return Err(Refusal::Value);
    }
    let mut stamp = Stamp {
        date,
        time: Some((time.hour, time.minute, time.second, micro)),
        offset,
    };
    if carry {
        add_second(&mut stamp)?;
    }
    Ok(stamp)
}

/// The microseconds of a fraction, rounded on its 7th digit; true when that rounds up to a second.
fn microseconds(fraction: &[u8]) -> (u32, bool) {
    let mut micro = 0u32;
    for i in 0..6 {
        micro = micro * 10 + fraction.get(i).map_or(0, |d| (d - b'0') as u32);
    }
    if fraction.get(6).is_some_and(|&d| d > b'4') {
        micro += 1;
    }
    if micro > 999_999 {
        (0, true)
    } else {
        (micro, false)
    }
}

fn check_date((year, month, day): (i64, u32, u32)) -> Result<(), Refusal> {
    if !(1..=9999).contains(&year)
        || !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
    {
        return Err(Refusal::Value);
    }
    Ok(())
}

fn days_in_month(year: i64, month: u32) -> u32 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn add_second(stamp: &mut Stamp) -> Result<(), Refusal> {
    let (h, m, s, us) = stamp.time.unwrap_or_default();
    let seconds = (h * 3600 + m * 60 + s + 1) as i64;
    let mut days = days_from_civil(stamp.date);
    if seconds == 86_400 {
        days += 1;
    }
    let date = civil_from_days(days);
    if date.0 > 9999 {
        return Err(Refusal::Error("date value out of range".into()));
    }
    let seconds = seconds % 86_400;
    stamp.date = date;
    stamp.time = Some((
        (seconds / 3600) as u32,
        (seconds / 60 % 60) as u32,
        (seconds % 60) as u32,
        us,
    ));
    Ok(())
}

// Howard Hinnant's days_from_civil and civil_from_days (proleptic Gregorian)
fn days_from_civil((year, month, day): (i64, u32, u32)) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let mp = (month as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + (month <= 2) as i64;
    (year, month, day)
}

/// The instant of an aware stamp in microseconds since 1970 (aware datetimes equal by instant).
fn micros(stamp: &Stamp) -> i64 {
    let (h, m, s, us) = stamp.time.unwrap_or_default();
    let seconds = days_from_civil(stamp.date) * 86_400 + (h * 3600 + m * 60 + s) as i64
        - stamp.offset.unwrap_or(0) * 60;
    seconds * 1_000_000 + us as i64
}

/// Python's ``isoformat(sep)`` of the date or datetime.
fn iso(stamp: &Stamp, sep: char) -> String {
    let (y, mo, d) = stamp.date;
    let mut text = format!("{y:04}-{mo:02}-{d:02}");
    let Some((h, m, s, us)) = stamp.time else {
        return text;
    };
    text.push_str(&format!("{sep}{h:02}:{m:02}:{s:02}"));
    if us != 0 {
        text.push_str(&format!(".{us:06}"));
    }
    if let Some(offset) = stamp.offset {
        let sign = if offset < 0 { '-' } else { '+' };
        text.push_str(&format!(
            "{sign}{:02}:{:02}",
            offset.abs() / 60,
            offset.abs() % 60
        ));
    }
    text
}
