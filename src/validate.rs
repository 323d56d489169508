//! Compiled JSON Schemas for artifactkit/schema/schemas.py, on the `jsonschema` crate: the engine
//! inside jsonschema-rs (the same version and features as the jsonschema_rs wheel), so that lint
//! does not import jsonschema_rs to validate a document.
//!
//! Instances are read in place as Python objects (`json::Pyo3`), by the same code that reads them
//! in jsonschema_rs. Schemas are converted to `serde_json` values as jsonschema_rs converts them.
//! What jsonschema_rs would read differently or refuse is not decided here: `compile` answers
//! None for such a schema and `is_valid` (or `iter_errors`) None for such an instance, and the
//! caller asks jsonschema_rs.
//!
//! The errors of an invalid instance are `SchemaError`s: the attributes of jsonschema_rs's
//! `ValidationError` that artifactkit reads, made as its `jsonschema-py` crate makes them, so that
//! one wording (artifactkit/schema/messages.py) serves both (tests/test_validate_native_diff.py).

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::json::{inspect, Pyo3};
use jsonschema::paths::{Location, LocationSegment};
use jsonschema::{PatternOptions, Registry, Retrieve, Uri, ValidationError, Validator};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

/// jsonschema_rs refuses a schema nested this deep ("Recursion limit reached").
const DEPTH_LIMIT: usize = 255;

/// A type's schema, compiled with the options of `schemas.Validation`.
#[pyclass(frozen, module = "artifactkit._native")]
pub struct CompiledSchema {
    validator: Validator<Pyo3>,
    /// kept for `lookup`: an error names the schema that failed by its URI
    registry: Registry<'static>,
    base_uri: Uri<String>,
}

#[pymethods]
impl CompiledSchema {
    /// Whether `instance` is valid; None when it holds a value jsonschema_rs would refuse to read
    /// (a non-string key, an unsupported type, nesting beyond its limit): jsonschema_rs raises
    /// the error the caller has always seen.
    fn is_valid(&self, instance: &Bound<'_, PyAny>) -> Option<bool> {
        let node = instance.as_borrowed();
        // holding: no Python code (custom format or keyword) runs while validating
        inspect(node, false, || self.validator.is_valid(node)).ok()
    }

    /// The errors of `instance` as jsonschema_rs's `iter_errors` reports them, in its order; None
    /// where `is_valid` is None (jsonschema_rs raises then).
    fn iter_errors(&self, instance: &Bound<'_, PyAny>) -> PyResult<Option<Vec<SchemaError>>> {
        let node = instance.as_borrowed();
        // made while reading: an error holds parts of the instance, converted as it is reported
        let errors = inspect(node, false, || {
            self.validator
                .iter_errors(node)
                .map(|error| SchemaError::new(instance, error))
                .collect::<PyResult<Vec<_>>>()
        });
        errors.ok().transpose()
    }

    /// The contents of the schema at `uri` in the registry (jsonschema_rs's
    /// `registry.resolver(base_uri).lookup(uri).contents`), None when it holds none there.
    fn lookup(&self, py: Python<'_>, uri: &str) -> PyResult<Option<Py<PyAny>>> {
        let resolver = self.registry.resolver(self.base_uri.clone());
        match resolver.lookup(uri) {
            Ok(resolved) => value_to_python(py, resolved.contents()).map(Some),
            Err(_) => Ok(None),
        }
    }
}

/// A validation error: what artifactkit reads of a jsonschema_rs `ValidationError`, the same values.
#[pyclass(frozen, get_all, module = "artifactkit._native")]
pub struct SchemaError {
    message: String,
    instance_path: Py<PyList>,
    schema_path: Py<PyList>,
    absolute_keyword_location: Option<String>,
    instance: Py<PyAny>,
    kind: Py<ErrorKind>,
}

impl SchemaError {
    /// `root`: the instance validated, where the error's own instance may be found.
    fn new(root: &Bound<'_, PyAny>, error: ValidationError<'_>) -> PyResult<Self> {
        let py = root.py();
        let message = error.to_string();
        let parts = error.into_parts();
        Ok(SchemaError {
            message,
            instance_path: path(py, &parts.instance_path)?,
            schema_path: path(py, &parts.schema_path)?,
            absolute_keyword_location: parts
                .absolute_keyword_location
                .map(|u| u.as_str().to_owned()),
            instance: instance_object(root, &parts.instance_path, &parts.instance)?,
            kind: Py::new(py, ErrorKind::new(root, parts.kind)?)?,
        })
    }
}

/// The instance of an error as jsonschema_rs gives it: a dict or list holding only plain JSON
/// types is the caller's own object, found along the path; anything else is made from the crate's
/// copy (keys sorted, a tuple as a list, NaN as None).
fn instance_object(
    root: &Bound<'_, PyAny>,
    location: &Location,
    value: &Value,
) -> PyResult<Py<PyAny>> {
    if matches!(value, Value::Object(_) | Value::Array(_)) {
        let found = node_at(root, location).filter(|node| {
            let same_kind = if value.is_object() {
                node.is_exact_instance_of::<PyDict>()
            } else {
                node.is_exact_instance_of::<PyList>()
            };
            same_kind && plain(node)
        });
        if let Some(node) = found {
            return Ok(node.unbind());
        }
    }
    value_to_python(root.py(), value)
}

/// The object at `location` in `root`, through exact dicts, lists and tuples. Read from the
/// pointer's text: a key "" or "00" has no segment of its own in `Location::iter`.
fn node_at<'py>(root: &Bound<'py, PyAny>, location: &Location) -> Option<Bound<'py, PyAny>> {
    let mut node = root.clone();
    let pointer = location.as_str();
    if pointer.is_empty() {
        return Some(node);
    }
    for raw in pointer.strip_prefix('/')?.split('/') {
        node = if let Ok(dict) = node.cast_exact::<PyDict>() {
            dict.get_item(raw.replace("~1", "/").replace("~0", "~"))
                .ok()??
        } else if node.is_exact_instance_of::<PyList>() || node.is_exact_instance_of::<PyTuple>() {
            node.get_item(raw.parse::<usize>().ok()?).ok()?
        } else {
            return None;
        };
    }
    Some(node)
}

/// Whether `node` holds only exact dicts (of str keys), lists, str, int, float, bool and None.
fn plain(node: &Bound<'_, PyAny>) -> bool {
    if let Ok(dict) = node.cast_exact::<PyDict>() {
        return dict
            .iter()
            .all(|(key, value)| key.is_exact_instance_of::<PyString>() && plain(&value));
    }
    if let Ok(list) = node.cast_exact::<PyList>() {
        return list.iter().all(|item| plain(&item));
    }
    node.is_none()
        || node.is_exact_instance_of::<PyString>()
        || node.is_exact_instance_of::<PyInt>()
        || node.is_exact_instance_of::<PyFloat>()
        || node.is_exact_instance_of::<PyBool>()
}

/// The kind of an error: jsonschema_rs's `ValidationErrorKind`, its `name` and `as_dict()`.
#[pyclass(frozen, module = "artifactkit._native")]
pub struct ErrorKind {
    #[pyo3(get)]
    name: String,
    fields: Py<PyDict>,
}

#[pymethods]
impl ErrorKind {
    /// A new dict each time, as jsonschema_rs makes one.
    fn as_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.fields.bind(py).copy()
    }
}

impl ErrorKind {
    /// The fields jsonschema-py gives each kind, under its names. A referencing error is given as
    /// its message (jsonschema_rs gives a `ReferencingError` holding it).
    fn new(root: &Bound<'_, PyAny>, kind: ValidationErrorKind) -> PyResult<Self> {
        use ValidationErrorKind as K;
        let py = root.py();
        let name = kind.keyword().to_owned();
        let fields = PyDict::new(py);
        let set = |key: &str, value: Bound<'_, PyAny>| fields.set_item(key, value);
        let json = |value: &Value| value_to_python(py, value).map(|object| object.into_bound(py));
        match kind {
            K::AdditionalItems { limit } => set("limit", limit.into_pyobject(py)?.into_any())?,
            K::AdditionalProperties { unexpected }
            | K::UnevaluatedItems { unexpected }
            | K::UnevaluatedProperties { unexpected } => {
                set("unexpected", PyList::new(py, unexpected)?.into_any())?
            }
            K::AnyOf { context }
            | K::OneOfMultipleValid { context }
            | K::OneOfNotValid { context } => {
                let branches = context
                    .into_iter()
                    .map(|branch| {
                        let errors = branch.into_iter().map(|e| SchemaError::new(root, e));
                        PyList::new(py, errors.collect::<PyResult<Vec<_>>>()?)
                    })
                    .collect::<PyResult<Vec<_>>>()?;
                set("context", PyList::new(py, branches)?.into_any())?
            }
            K::BacktrackLimitExceeded { error } => set("error", text(py, error))?,
            K::FromUtf8 { error } => set("error", text(py, error))?,
            K::RegexEngineFailure { message } => set("message", text(py, message))?,
            K::Constant { expected_value } => set("expected_value", json(&expected_value)?)?,
            K::Contains | K::FalseSchema | K::UniqueItems => {}
            K::ContentEncoding { content_encoding } => {
                set("content_encoding", text(py, content_encoding))?
            }
            K::ContentMediaType { content_media_type } => {
                set("content_media_type", text(py, content_media_type))?
            }
            K::Custom { keyword, message } => {
                set("keyword", text(py, keyword))?;
                set("message", text(py, message))?
            }
            K::Enum { options } => set("options", json(&options)?)?,
            K::ExclusiveMaximum { limit }
            | K::ExclusiveMinimum { limit }
            | K::Maximum { limit }
            | K::Minimum { limit } => set("limit", json(&limit)?)?,
            K::Format { format } => set("format", text(py, format))?,
            K::MaxItems { limit }
            | K::MaxLength { limit }
            | K::MaxProperties { limit }
            | K::MinItems { limit }
            | K::MinLength { limit }
            | K::MinProperties { limit } => set("limit", limit.into_pyobject(py)?.into_any())?,
            K::MultipleOf { multiple_of } => set("multiple_of", json(&multiple_of)?)?,
            K::Not { schema } => set("schema", json(&schema)?)?,
            K::Pattern { pattern } => set("pattern", text(py, pattern))?,
            K::PropertyNames { error } => set(
                "error",
                Py::new(py, SchemaError::new(root, *error)?)?
                    .into_bound(py)
                    .into_any(),
            )?,
            K::Required { property } => set("property", json(&property)?)?,
            K::Type { kind } => {
                let types: Vec<&str> = match kind {
                    TypeKind::Single(single) => vec![single.as_str()],
                    TypeKind::Multiple(many) => many.iter().map(|t| t.as_str()).collect(),
                };
                set("types", PyList::new(py, types)?.into_any())?
            }
            K::Referencing(error) => set("error", text(py, error))?,
        }
        Ok(ErrorKind {
            name,
            fields: fields.unbind(),
        })
    }
}

fn text(py: Python<'_>, value: impl ToString) -> Bound<'_, PyAny> {
    PyString::new(py, &value.to_string()).into_any()
}

/// A location as jsonschema-py lists it: a name as str, an index (any all-digit segment) as int.
fn path(py: Python<'_>, location: &Location) -> PyResult<Py<PyList>> {
    let segments = location.iter().map(|segment| match segment {
        LocationSegment::Property(name) => PyString::new(py, &name).into_any(),
        LocationSegment::Index(index) => PyInt::new(py, index).into_any(),
    });
    Ok(PyList::new(py, segments)?.unbind())
}

/// A value as jsonschema-py returns it to Python (`value_to_python`): a number that is no i64 or
/// u64 is an int when written without '.', 'e' or 'E', else a float, or a Decimal beyond f64.
fn value_to_python(py: Python<'_>, value: &Value) -> PyResult<Py<PyAny>> {
    Ok(match value {
        Value::Null => py.None(),
        Value::Bool(flag) => PyBool::new(py, *flag).to_owned().into_any().unbind(),
        Value::Number(number) => {
            if let Some(small) = number.as_i64() {
                small.into_pyobject(py)?.into_any().unbind()
            } else if let Some(large) = number.as_u64() {
                large.into_pyobject(py)?.into_any().unbind()
            } else {
                let digits = number.as_str();
                if !digits.contains(['.', 'e', 'E']) {
                    py.get_type::<PyInt>().call1((digits,))?.unbind()
                } else if let Some(float) = number.as_f64() {
                    PyFloat::new(py, float).into_any().unbind()
                } else {
                    py.import("decimal")?
                        .getattr("Decimal")?
                        .call1((digits,))?
                        .unbind()
                }
            }
        }
        Value::String(text) => PyString::new(py, text).into_any().unbind(),
        Value::Array(items) => {
            let items = items.iter().map(|item| value_to_python(py, item));
            PyList::new(py, items.collect::<PyResult<Vec<_>>>()?)?
                .into_any()
                .unbind()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, value_to_python(py, item)?)?;
            }
            dict.into_any().unbind()
        }
    })
}

/// Refuses every retrieval, as `schemas._refuse` does: every schema a type may use is registered.
struct Refuse;

impl Retrieve for Refuse {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        Err(format!("{uri} is not registered: nothing is retrieved").into())
    }
}

/// `schema` compiled against `resources` (uri, schema) with `base_uri`, as `schemas.Validation`
/// compiles it with jsonschema_rs; None when it cannot be (jsonschema_rs then words why).
#[pyfunction]
pub fn compile_schema(
    schema: &Bound<'_, PyAny>,
    resources: Vec<(String, Bound<'_, PyAny>)>,
    base_uri: &str,
) -> Option<CompiledSchema> {
    let schema = to_value(schema, 0)?;
    let resources = resources
        .iter()
        .map(|(uri, resource)| Some((uri.as_str(), to_value(resource, 0)?)))
        .collect::<Option<Vec<_>>>()?;
    let registry = Registry::new()
        .retriever(Refuse)
        .extend(resources)
        .ok()?
        .prepare()
        .ok()?;
    let validator = jsonschema::options_for::<Pyo3>()
        .with_registry(&registry)
        .with_base_uri(base_uri)
        .with_retriever(Refuse)
        .should_validate_formats(true)
        .with_pattern_options(PatternOptions::regex())
        .build(&schema)
        .ok()?;
    let base_uri = jsonschema::uri::from_str(base_uri).ok()?;
    Some(CompiledSchema {
        validator,
        registry,
        base_uri,
    })
}

/// The `serde_json` value jsonschema_rs makes of a schema read from JSON or YAML (plain dicts,
/// lists, strings, numbers, booleans, None). Any other type, a non-string key, a float that is not
/// finite, or nesting at its limit: None, for jsonschema_rs to decide.
fn to_value(object: &Bound<'_, PyAny>, depth: usize) -> Option<Value> {
    if object.is_none() {
        return Some(Value::Null);
    }
    if let Ok(text) = object.cast_exact::<PyString>() {
        return Some(Value::String(text.to_str().ok()?.to_owned()));
    }
    if let Ok(flag) = object.cast_exact::<PyBool>() {
        return Some(Value::Bool(flag.is_true()));
    }
    if object.is_exact_instance_of::<PyInt>() {
        return integer(object).map(Value::Number);
    }
    if object.is_exact_instance_of::<PyFloat>() {
        let float = object.extract::<f64>().ok()?;
        if float.is_finite() && float.fract() == 0.0 {
            // as jsonschema_rs writes a whole float (1e16: 10000000000000000.0), which messages show
            return format!("{float:.1}").parse().ok().map(Value::Number);
        }
        return Number::from_f64(float).map(Value::Number);
    }
    if depth >= DEPTH_LIMIT {
        return None;
    }
    if let Ok(dict) = object.cast_exact::<PyDict>() {
        return object_value(dict, depth);
    }
    if object.is_exact_instance_of::<PyList>() || object.is_exact_instance_of::<PyTuple>() {
        let items = object.try_iter().ok()?;
        return items
            .map(|item| to_value(&item.ok()?, depth + 1))
            .collect::<Option<Vec<_>>>()
            .map(Value::Array);
    }
    None
}

fn object_value(dict: &Bound<'_, PyDict>, depth: usize) -> Option<Value> {
    let mut map = Map::new();
    for (key, value) in dict.iter() {
        let key = key.cast_exact::<PyString>().ok()?.to_str().ok()?.to_owned();
        map.insert(key, to_value(&value, depth + 1)?);
    }
    Some(Value::Object(map))
}

/// An int as i64 when it fits, else from its decimal text (exact: serde_json's arbitrary precision).
fn integer(object: &Bound<'_, PyAny>) -> Option<Number> {
    if let Ok(small) = object.extract::<i64>() {
        return Some(Number::from(small));
    }
    object.str().ok()?.to_str().ok()?.parse().ok()
}
