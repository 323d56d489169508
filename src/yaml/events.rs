//! libyaml's event stream (unsafe-libyaml: the same parser, messages and marks as PyYAML's
//! CSafeLoader), as owned Rust values.

use std::ffi::{c_char, CStr};
use std::mem::MaybeUninit;

/// A 0-based (line, column) of the source; columns count characters.
pub type Mark = (usize, usize);

pub enum Event {
    StreamEnd,
    DocumentStart(Mark),
    DocumentEnd,
    Alias(Vec<u8>, Mark),
    Scalar(Scalar),
    CollectionStart(Collection),
    CollectionEnd(Mark),
    Other,
}

pub struct Scalar {
    pub anchor: Option<Vec<u8>>,
    pub tag: Option<Vec<u8>>,
    pub value: Vec<u8>,
    pub plain: bool, // libyaml's plain_implicit: untagged (or '!') and plain
    pub mark: Mark,
}

pub struct Collection {
    pub is_map: bool,
    pub anchor: Option<Vec<u8>>,
    pub tag: Option<Vec<u8>>,
    pub mark: Mark,
}

/// A parse error as PyYAML's CParser reports it (see ``_parser_error`` in its _yaml.pyx).
pub enum ParseError {
    Memory,
    /// ``(problem, the character's code)``: PyYAML's ReaderError
    Reader(String, i32),
    /// ``(context, its mark, problem, its mark)``: ScannerError or ParserError
    Marked {
        scanner: bool,
        context: Option<String>,
        context_mark: Mark,
        problem: String,
        problem_mark: Mark,
    },
}

pub struct Parser<'a> {
    parser: Box<MaybeUninit<unsafe_libyaml::yaml_parser_t>>,
    _input: &'a [u8], // read by libyaml until the parser is deleted
}

impl<'a> Parser<'a> {
    pub fn new(input: &'a [u8]) -> Parser<'a> {
        let mut parser = Box::new(MaybeUninit::<unsafe_libyaml::yaml_parser_t>::uninit());
        unsafe {
            if unsafe_libyaml::yaml_parser_initialize(parser.as_mut_ptr()).fail {
                panic!("libyaml could not initialize a parser");
            }
            unsafe_libyaml::yaml_parser_set_input_string(
                parser.as_mut_ptr(),
                input.as_ptr(),
                input.len() as u64,
            );
        }
        Parser {
            parser,
            _input: input,
        }
    }

    pub fn next(&mut self) -> Result<Event, ParseError> {
        let mut event = MaybeUninit::<unsafe_libyaml::yaml_event_t>::uninit();
        unsafe {
            if unsafe_libyaml::yaml_parser_parse(self.parser.as_mut_ptr(), event.as_mut_ptr()).fail
            {
                return Err(parse_error(&*self.parser.as_ptr()));
            }
            let event = event.as_mut_ptr();
            let owned = owned_event(&*event);
            unsafe_libyaml::yaml_event_delete(event);
            Ok(owned)
        }
    }
}

impl Drop for Parser<'_> {
    fn drop(&mut self) {
        unsafe { unsafe_libyaml::yaml_parser_delete(self.parser.as_mut_ptr()) }
    }
}

fn mark(mark: &unsafe_libyaml::yaml_mark_t) -> Mark {
    (mark.line as usize, mark.column as usize)
}

unsafe fn bytes(text: *const u8) -> Option<Vec<u8>> {
    if text.is_null() {
        return None;
    }
    Some(CStr::from_ptr(text.cast()).to_bytes().to_vec())
}

unsafe fn text(text: *const c_char) -> Option<String> {
    if text.is_null() {
        return None;
    }
    Some(CStr::from_ptr(text).to_string_lossy().into_owned())
}

unsafe fn owned_event(event: &unsafe_libyaml::yaml_event_t) -> Event {
    let start = mark(&event.start_mark);
    match event.type_ {
        unsafe_libyaml::YAML_STREAM_END_EVENT => Event::StreamEnd,
        unsafe_libyaml::YAML_DOCUMENT_START_EVENT => Event::DocumentStart(start),
        unsafe_libyaml::YAML_DOCUMENT_END_EVENT => Event::DocumentEnd,
        unsafe_libyaml::YAML_ALIAS_EVENT => {
            Event::Alias(bytes(event.data.alias.anchor).unwrap_or_default(), start)
        }
        unsafe_libyaml::YAML_SCALAR_EVENT => {
            let scalar = &event.data.scalar;
            let value = std::slice::from_raw_parts(scalar.value, scalar.length as usize).to_vec();
            Event::Scalar(Scalar {
                anchor: bytes(scalar.anchor),
                tag: bytes(scalar.tag),
                value,
                plain: scalar.plain_implicit,
                mark: start,
            })
        }
        unsafe_libyaml::YAML_SEQUENCE_START_EVENT => Event::CollectionStart(Collection {
            is_map: false,
            anchor: bytes(event.data.sequence_start.anchor),
            tag: bytes(event.data.sequence_start.tag),
            mark: start,
        }),
        unsafe_libyaml::YAML_MAPPING_START_EVENT => Event::CollectionStart(Collection {
            is_map: true,
            anchor: bytes(event.data.mapping_start.anchor),
            tag: bytes(event.data.mapping_start.tag),
            mark: start,
        }),
        unsafe_libyaml::YAML_SEQUENCE_END_EVENT | unsafe_libyaml::YAML_MAPPING_END_EVENT => {
            Event::CollectionEnd(start)
        }
        _ => Event::Other,
    }
}

unsafe fn parse_error(parser: &unsafe_libyaml::yaml_parser_t) -> ParseError {
    let problem = text(parser.problem).unwrap_or_default();
    match parser.error {
        unsafe_libyaml::YAML_READER_ERROR => ParseError::Reader(problem, parser.problem_value),
        unsafe_libyaml::YAML_SCANNER_ERROR | unsafe_libyaml::YAML_PARSER_ERROR => {
            ParseError::Marked {
                scanner: parser.error == unsafe_libyaml::YAML_SCANNER_ERROR,
                context: text(parser.context),
                context_mark: mark(&parser.context_mark),
                problem,
                problem_mark: mark(&parser.problem_mark),
            }
        }
        _ => ParseError::Memory,
    }
}
