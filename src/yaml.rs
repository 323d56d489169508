//! YAML read into JSON-like Python data with positions, by YAML 1.2 rules, for
//! artifactkit/io/yaml12.py: libyaml's event stream (src/yaml/events.rs) built into data as
//! tests/yaml12_reference.py builds it, with its bounds, merge keys, duplicate-key errors and
//! messages. tests/test_yaml_native_diff.py holds the two readers equal.

mod events;
mod scalars;

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyInt, PyList, PySet, PyString, PyTuple};

use events::{Event, Mark, ParseError, Parser};
use scalars::{Key, Node, Refusal, TAG};

/// A step of a location's path: a list index or a mapping key's text.
#[derive(Clone, PartialEq)]
enum Step {
    Index(usize),
    Key(Rc<str>),
}

/// Positions inside a node, by path relative to it (kept with an anchor, for its aliases).
type Locations = Vec<(Vec<Step>, Mark)>;

/// ``(too_big, message, line, column)``: what artifactkit/io/yaml12.py raises as YAMLProblem or TooBig.
type Problem = (bool, String, usize, usize);

enum Failure {
    Problem(Problem),
    Python(PyErr),
}

impl From<PyErr> for Failure {
    fn from(err: PyErr) -> Failure {
        Failure::Python(err)
    }
}

type Outcome<T> = Result<T, Failure>;

fn problem<T>(message: String, line: usize) -> Outcome<T> {
    Err(Failure::Problem((false, message, line, 0)))
}

fn too_big<T>(message: String, line: usize) -> Outcome<T> {
    Err(Failure::Problem((true, message, line, 0)))
}

/// Python's ``repr`` of a text, as the messages quote it.
fn repr(py: Python<'_>, text: &str) -> PyResult<String> {
    Ok(PyString::new(py, text).repr()?.to_str()?.to_owned())
}

fn utf8(py: Python<'_>, bytes: Vec<u8>) -> PyResult<String> {
    String::from_utf8(bytes).map_err(|err| {
        match pyo3::exceptions::PyUnicodeDecodeError::new_utf8(py, err.as_bytes(), err.utf8_error())
        {
            Ok(error) => PyErr::from_value(error.into_any()),
            Err(error) => error,
        }
    })
}

enum Pending<'py> {
    Nothing,
    Merge,
    Key(Key<'py>),
}

enum Items<'py> {
    Seq(Bound<'py, PyList>),
    Map(Bound<'py, PyDict>),
}

struct Frame<'py> {
    items: Items<'py>,
    text_keys: HashSet<Rc<str>>,
    other_keys: Option<Bound<'py, PySet>>, // numbers, null and dates: Python's equality finds their duplicates
    anchor: Option<String>,
    start: Mark,
    pending: Pending<'py>,
    key_mark: Mark,
    merges: Vec<Bound<'py, PyAny>>,
    size: i64,
    locations: Locations,
}

struct Anchor<'py> {
    value: Bound<'py, PyAny>,
    key: Key<'py>,
    size: i64,
    start: Mark,
    inner: Option<Rc<Locations>>,
}

struct Limits<'py> {
    max_nodes: i64,
    max_depth: usize,
    prefix: Bound<'py, PyTuple>,
    line_offset: i64,
    locate: bool,
}

struct Builder<'py> {
    py: Python<'py>,
    limits: Limits<'py>,
    budget: i64,
    stack: Vec<Frame<'py>>,
    anchors: HashMap<String, Anchor<'py>>,
    documents: usize,
    result: Bound<'py, PyAny>,
    locations: Bound<'py, PyDict>,
    stream: Option<Vec<(Bound<'py, PyAny>, Bound<'py, PyDict>)>>,
}

/// A node finished, on its way into its parent.
struct Finished<'py> {
    value: Bound<'py, PyAny>,
    key: Key<'py>,
    start: Mark,
    inner: Option<Rc<Locations>>,
    anchor: Option<String>,
}

const CORE_TAGS: [&str; 8] = [
    "str",
    "int",
    "float",
    "bool",
    "null",
    "timestamp",
    "map",
    "seq",
];
// An unclosed construct is noticed at the next token; the construct itself is where the fix goes.
const OPENER_CONTEXTS: [&str; 4] = [
    "while parsing a flow sequence",
    "while parsing a flow mapping",
    "while scanning a quoted scalar",
    "while scanning a simple key",
];

fn is_core(tag: &Option<String>) -> bool {
    match tag.as_deref() {
        None | Some("!") => true,
        Some(tag) => tag
            .strip_prefix(TAG)
            .is_some_and(|kind| CORE_TAGS.contains(&kind)),
    }
}

impl<'py> Builder<'py> {
    fn new(py: Python<'py>, limits: Limits<'py>) -> Builder<'py> {
        Builder {
            py,
            budget: limits.max_nodes,
            limits,
            stack: Vec::new(),
            anchors: HashMap::new(),
            documents: 0,
            result: py.None().into_bound(py),
            locations: PyDict::new(py),
            stream: None,
        }
    }

    fn run(&mut self, source: &str, core_tags_only: bool) -> Outcome<()> {
        let mut parser = Parser::new(source.as_bytes());
        loop {
            let event = parser.next().map_err(parse_failure)?;
            match event {
                Event::StreamEnd => return Ok(()),
                Event::Scalar(scalar) => {
                    let tag = scalar.tag.map(|tag| utf8(self.py, tag)).transpose()?;
                    self.check_tag(&tag, scalar.mark, core_tags_only)?;
                    let anchor = scalar.anchor.map(|a| utf8(self.py, a)).transpose()?;
                    let text = utf8(self.py, scalar.value)?;
                    self.scalar(&text, tag, anchor, scalar.plain, scalar.mark)?;
                }
                Event::CollectionStart(start) => {
                    let tag = start.tag.map(|tag| utf8(self.py, tag)).transpose()?;
                    self.check_tag(&tag, start.mark, core_tags_only)?;
                    let anchor = start.anchor.map(|a| utf8(self.py, a)).transpose()?;
                    self.open(start.is_map, anchor, start.mark)?;
                }
                Event::CollectionEnd(mark) => self.close(mark)?,
                Event::Alias(anchor, mark) => {
                    let anchor = utf8(self.py, anchor)?;
                    self.alias(&anchor, mark)?;
                }
                Event::DocumentStart(mark) => self.document_start(mark)?,
                Event::DocumentEnd => self.document_end(),
                Event::Other => {}
            }
        }
    }

    fn check_tag(&self, tag: &Option<String>, mark: Mark, core_tags_only: bool) -> Outcome<()> {
        if !core_tags_only || is_core(tag) {
            return Ok(());
        }
        let tag = repr(self.py, tag.as_deref().unwrap_or_default())?;
        problem(
            format!("could not determine a constructor for the tag {tag}"),
            mark.0,
        )
    }

    fn document_start(&mut self, mark: Mark) -> Outcome<()> {
        self.documents += 1;
        if self.documents > 1 && self.stream.is_none() {
            let message = "expected a single document in the stream, but found another document";
            return problem(message.into(), mark.0);
        }
        Ok(())
    }

    fn document_end(&mut self) {
        let py = self.py;
        if let Some(stream) = &mut self.stream {
            let result = std::mem::replace(&mut self.result, py.None().into_bound(py));
            stream.push((
                result,
                std::mem::replace(&mut self.locations, PyDict::new(py)),
            ));
            self.anchors.clear(); // an anchor belongs to its document
        }
    }

    fn open(&mut self, is_map: bool, anchor: Option<String>, mark: Mark) -> Outcome<()> {
        if self.stack.len() >= self.limits.max_depth {
            return too_big(
                format!("nested more than {} levels deep", self.limits.max_depth),
                mark.0,
            );
        }
        let items = match is_map {
            true => Items::Map(PyDict::new(self.py)),
            false => Items::Seq(PyList::empty(self.py)),
        };
        self.stack.push(Frame {
            items,
            text_keys: HashSet::new(),
            other_keys: None,
            anchor,
            start: mark,
            pending: Pending::Nothing,
            key_mark: (0, 0),
            merges: Vec::new(),
            size: 1,
            locations: Vec::new(),
        });
        Ok(())
    }

    fn close(&mut self, mark: Mark) -> Outcome<()> {
        let frame = self
            .stack
            .pop()
            .expect("libyaml ends only the collections it started");
        let (value, key) = match &frame.items {
            Items::Map(map) => {
                merge(map, &frame.merges, frame.start)?;
                (map.clone().into_any(), Key::Map)
            }
            Items::Seq(seq) => (seq.clone().into_any(), Key::Seq),
        };
        let finished = Finished {
            value,
            key,
            start: frame.start,
            inner: Some(Rc::new(frame.locations)),
            anchor: frame.anchor,
        };
        self.add(finished, mark, false, 1, frame.size)
    }

    fn alias(&mut self, name: &str, mark: Mark) -> Outcome<()> {
        let Some(found) = self.anchors.get(name) else {
            return problem(
                format!("found undefined alias {}", repr(self.py, name)?),
                mark.0,
            );
        };
        let size = found.size;
        let finished = Finished {
            value: found.value.clone(),
            key: found.key.clone(),
            start: found.start,
            inner: found.inner.clone(),
            anchor: None,
        };
        self.add(finished, mark, false, size, size)
    }

    fn scalar(
        &mut self,
        text: &str,
        tag: Option<String>,
        anchor: Option<String>,
        plain: bool,
        mark: Mark,
    ) -> Outcome<()> {
        let is_merge = tag.is_none() && plain;
        let node = scalar_node(self.py, text, tag, plain, mark)?;
        if anchor.is_none() && self.budget > 0 && self.straight_into_map(&node, mark)? {
            return Ok(());
        }
        let finished = Finished {
            value: node.value,
            key: node.key,
            start: mark,
            inner: None,
            anchor,
        };
        self.add(finished, mark, is_merge, 1, 1)
    }

    /// The common case, short: a scalar key, or a scalar value under a new text key; false: not that case.
    fn straight_into_map(&mut self, node: &Node<'py>, mark: Mark) -> Outcome<bool> {
        let locate = self.limits.locate;
        let Some(parent) = self.stack.last_mut() else {
            return Ok(false);
        };
        let Items::Map(map) = &parent.items else {
            return Ok(false);
        };
        if matches!(parent.pending, Pending::Nothing) {
            if matches!(&node.key, Key::Text(text) if &**text == "<<") {
                return Ok(false);
            }
            parent.pending = Pending::Key(node.key.clone());
            parent.key_mark = mark;
            return Ok(true);
        }
        let Pending::Key(Key::Text(name)) = &parent.pending else {
            return Ok(false);
        };
        if parent.text_keys.contains(name) {
            return Ok(false);
        }
        let name = name.clone();
        self.budget -= 1;
        parent.pending = Pending::Nothing;
        parent.size += 1;
        parent.text_keys.insert(name.clone());
        let overwrites = locate && map.contains(&*name)?;
        map.set_item(&*name, &node.value)?;
        if locate {
            let entry = (vec![Step::Key(name)], parent.key_mark);
            put(&mut parent.locations, entry, overwrites);
        }
        Ok(true)
    }

    /// Put a finished node into its parent (or make it the result); an alias costs every value it repeats.
    fn add(
        &mut self,
        node: Finished<'py>,
        mark: Mark,
        is_merge: bool,
        cost: i64,
        size: i64,
    ) -> Outcome<()> {
        self.budget -= cost;
        if self.budget < 0 {
            return too_big(self.expands(), mark.0);
        }
        if let Some(anchor) = node.anchor.clone() {
            let saved = Anchor {
                value: node.value.clone(),
                key: node.key.clone(),
                size,
                start: node.start,
                inner: node.inner.clone(),
            };
            self.anchors.insert(anchor, saved);
        }
        let Some(parent) = self.stack.last_mut() else {
            self.result = node.value;
            return self.emit(node.inner.as_deref());
        };
        parent.size += size;
        match &parent.items {
            Items::Seq(seq) => {
                let index = seq.len();
                seq.append(&node.value)?;
                self.place(Step::Index(index), node.start, node.inner.as_deref(), false)
            }
            Items::Map(_) if matches!(parent.pending, Pending::Nothing) => {
                set_key(parent, node, is_merge)
            }
            Items::Map(map) => {
                let map = map.clone();
                self.map_value(map, node)
            }
        }
    }

    fn map_value(&mut self, map: Bound<'py, PyDict>, node: Finished<'py>) -> Outcome<()> {
        let py = self.py;
        let parent = self.stack.last_mut().expect("a mapping is open");
        let name = std::mem::replace(&mut parent.pending, Pending::Nothing);
        let key_mark = parent.key_mark;
        let name = match name {
            Pending::Key(name) => name,
            _ => {
                if !parent.merges.is_empty() {
                    return problem("found duplicate key \"<<\"".into(), key_mark.0);
                }
                parent.merges.push(node.value);
                return Ok(());
            }
        };
        let text = key_text(&name)?;
        if !remember_key(py, parent, &name)? {
            return problem(format!("found duplicate key \"{text}\""), key_mark.0);
        }
        let overwrites = map.contains(&*text)?;
        map.set_item(&*text, &node.value)?;
        self.place(Step::Key(text), key_mark, node.inner.as_deref(), overwrites)
    }

    fn place(
        &mut self,
        step: Step,
        start: Mark,
        inner: Option<&Locations>,
        overwrites: bool,
    ) -> Outcome<()> {
        if !self.limits.locate {
            return Ok(());
        }
        let parent = self.stack.last_mut().expect("a collection is open");
        put(
            &mut parent.locations,
            (vec![step.clone()], start),
            overwrites,
        );
        let Some(inner) = inner.filter(|inner| !inner.is_empty()) else {
            return Ok(());
        };
        for (path, at) in inner {
            let full = std::iter::once(step.clone())
                .chain(path.iter().cloned())
                .collect();
            put(&mut parent.locations, (full, *at), overwrites);
        }
        if parent.locations.len() as i64 > self.limits.max_nodes {
            return too_big(self.expands(), start.0);
        }
        Ok(())
    }

    fn expands(&self) -> String {
        format!(
            "expands to more than {} values (aliases?)",
            self.limits.max_nodes
        )
    }

    fn emit(&mut self, inner: Option<&Locations>) -> Outcome<()> {
        let (Some(inner), true) = (inner, self.limits.locate) else {
            return Ok(());
        };
        let py = self.py;
        for (path, (line, column)) in inner {
            let mut steps: Vec<Bound<'py, PyAny>> = self.limits.prefix.iter().collect();
            steps.extend(path.iter().map(|step| match step {
                Step::Index(index) => PyInt::new(py, *index as u64).into_any(),
                Step::Key(text) => PyString::new(py, text).into_any(),
            }));
            let key = PyTuple::new(py, steps)?;
            let line = self.limits.line_offset + *line as i64 + 1;
            self.locations.set_item(key, (line, column + 1))?;
        }
        Ok(())
    }
}

/// A node that ends up as a key: a collection is refused; a plain ``<<`` is a merge.
fn set_key<'py>(parent: &mut Frame<'py>, node: Finished<'py>, is_merge: bool) -> Outcome<()> {
    let what = match node.key {
        Key::Map => Some("mapping"),
        Key::Seq => Some("sequence"),
        _ => None,
    };
    if let Some(what) = what {
        return problem(
            format!("a {what} cannot be a key here; use text, a number or a date"),
            node.start.0,
        );
    }
    let merge = is_merge && matches!(&node.key, Key::Text(text) if &**text == "<<");
    parent.pending = if merge {
        Pending::Merge
    } else {
        Pending::Key(node.key)
    };
    parent.key_mark = node.start;
    Ok(())
}

/// False when the mapping already holds the key (1, 1.0 and true are one key, as in Python).
fn remember_key<'py>(py: Python<'py>, parent: &mut Frame<'py>, key: &Key<'py>) -> PyResult<bool> {
    match key {
        Key::Text(text) => Ok(parent.text_keys.insert(text.clone())),
        Key::Other { object, .. } => {
            let keys = match &parent.other_keys {
                Some(keys) => keys,
                None => parent.other_keys.insert(PySet::empty(py)?),
            };
            if keys.contains(object)? {
                return Ok(false);
            }
            keys.add(object)?;
            Ok(true)
        }
        Key::Map | Key::Seq => unreachable!("collections are refused as keys"),
    }
}

fn key_text(key: &Key<'_>) -> PyResult<Rc<str>> {
    Ok(match key {
        Key::Text(text)
        | Key::Other {
            text: Some(text), ..
        } => text.clone(),
        Key::Other { object, text: None } => Rc::from(object.str()?.to_str()?),
        Key::Map | Key::Seq => unreachable!("collections are refused as keys"),
    })
}

/// Add a location; a key text met before (1 and "1") overwrites the paths it repeats, as a dict would.
fn put(locations: &mut Locations, entry: (Vec<Step>, Mark), overwrites: bool) {
    if overwrites {
        if let Some(old) = locations.iter_mut().find(|(path, _)| *path == entry.0) {
            old.1 = entry.1;
            return;
        }
    }
    locations.push(entry);
}

/// ``<<: *base`` (or a list of them): keys of the merged mappings that the mapping lacks come after its own.
fn merge(map: &Bound<'_, PyDict>, merges: &[Bound<'_, PyAny>], start: Mark) -> Outcome<()> {
    for merged in merges {
        let sources: Vec<Bound<'_, PyAny>> = match merged.cast::<PyList>() {
            Ok(list) => list.iter().collect(),
            Err(_) => vec![merged.clone()],
        };
        for source in sources {
            let Ok(source) = source.cast::<PyDict>() else {
                return problem(
                    "a merge key '<<' needs a mapping or a list of mappings".into(),
                    start.0,
                );
            };
            for (name, value) in source.iter() {
                if !map.contains(&name)? {
                    map.set_item(name, value)?;
                }
            }
        }
    }
    Ok(())
}

fn short(text: &str) -> String {
    if text.chars().count() <= 60 {
        return text.to_owned();
    }
    text.chars().take(57).chain("...".chars()).collect()
}

/// ``(data value, key form)`` of a scalar event: dates are ISO text as data, ``str(date)`` as a key.
fn scalar_node<'py>(
    py: Python<'py>,
    text: &str,
    tag: Option<String>,
    plain: bool,
    mark: Mark,
) -> Outcome<Node<'py>> {
    let explicit = tag.is_some();
    let resolved = match tag.as_deref() {
        Some("!") => scalars::resolve(text), // ruamel resolves the non-specific '!' like a plain scalar
        None if plain => scalars::resolve(text),
        None => return Ok(scalars::text_node(py, text)),
        Some(tag) => tag,
    };
    let kind = resolved.rsplit(':').next().unwrap_or_default();
    match scalars::construct(py, resolved, text) {
        Ok(node) => Ok(node),
        Err(Refusal::Value) if resolved == "tag:yaml.org,2002:timestamp" && !explicit => {
            Ok(scalars::text_node(py, text)) // a plain 2024-13-45 is no date: text, for the schema to report
        }
        Err(Refusal::Value) => problem(
            format!("cannot read {} as {kind}", repr(py, &short(text))?),
            mark.0,
        ),
        Err(Refusal::Error(why)) => problem(
            format!("cannot read {} as {kind}: {why}", repr(py, &short(text))?),
            mark.0,
        ),
        Err(Refusal::Python(err)) => Err(err.into()),
    }
}

fn parse_failure(err: ParseError) -> Failure {
    match err {
        ParseError::Memory => Failure::Python(pyo3::exceptions::PyMemoryError::new_err(())),
        ParseError::Reader(problem, value) => {
            let code = if value < 0 {
                format!("-{:03x}", value.unsigned_abs())
            } else {
                format!("{value:04x}")
            };
            Failure::Problem((
                false,
                format!("unacceptable character #x{code}: {problem}"),
                0,
                0,
            ))
        }
        ParseError::Marked {
            scanner,
            context,
            context_mark,
            problem,
            problem_mark,
        } => {
            let opener = context
                .as_deref()
                .is_some_and(|c| OPENER_CONTEXTS.contains(&c));
            let (line, column) = if opener { context_mark } else { problem_mark };
            let name = if scanner {
                "ScannerError"
            } else {
                "ParserError"
            };
            let message = [Some(problem), context]
                .into_iter()
                .flatten()
                .find(|m| !m.is_empty());
            Failure::Problem((false, message.unwrap_or(name.into()), line, column))
        }
    }
}

fn finish<'py, T: IntoPyObject<'py>>(
    py: Python<'py>,
    outcome: Outcome<T>,
) -> PyResult<Bound<'py, PyTuple>> {
    match outcome {
        Ok(value) => (value, py.None()).into_pyobject(py),
        Err(Failure::Problem(problem)) => (py.None(), problem).into_pyobject(py),
        Err(Failure::Python(err)) => Err(err),
    }
}

/// ``((data, locations), None)`` of one YAML document, or ``(None, (too_big, message, line,
/// column))``: see ``read`` in artifactkit/io/yaml12.py.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub fn yaml_read<'py>(
    py: Python<'py>,
    source: &str,
    max_nodes: i64,
    max_depth: usize,
    prefix: Bound<'py, PyTuple>,
    line_offset: i64,
    locate: bool,
    core_tags_only: bool,
) -> PyResult<Bound<'py, PyTuple>> {
    let limits = Limits {
        max_nodes,
        max_depth,
        prefix,
        line_offset,
        locate,
    };
    let mut builder = Builder::new(py, limits);
    let outcome = builder
        .run(source, core_tags_only)
        .map(|()| (builder.result, builder.locations));
    finish(py, outcome)
}

/// ``([(data, locations), ...], None)`` of every document of a stream, or ``(None, problem)``.
#[pyfunction]
pub fn yaml_read_all<'py>(
    py: Python<'py>,
    source: &str,
    max_nodes: i64,
    max_depth: usize,
    locate: bool,
) -> PyResult<Bound<'py, PyTuple>> {
    let limits = Limits {
        max_nodes,
        max_depth,
        prefix: PyTuple::empty(py),
        line_offset: 0,
        locate,
    };
    let mut builder = Builder::new(py, limits);
    builder.stream = Some(Vec::new());
    let outcome = builder
        .run(source, false)
        .map(|()| builder.stream.take().unwrap_or_default());
    finish(py, outcome)
}
