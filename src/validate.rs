//! Compiled JSON Schemas for artifactkit/schema/schemas.py, on the `jsonschema` crate: the engine
//! inside jsonschema-rs (the same version and features as the jsonschema_rs wheel), so that lint
//! does not import jsonschema_rs to validate a document.
//!
//! Instances are read in place as Python objects (`json::Pyo3`), by the same code that reads them
//! in jsonschema_rs. Schemas are converted to `serde_json` values as jsonschema_rs converts them.
//! What jsonschema_rs would read differently or refuse is not decided here: `compile` answers
//! None for such a schema and `is_valid` None for such an instance, and the caller asks
//! jsonschema_rs.

use jsonschema::json::{inspect, Pyo3};
use jsonschema::{PatternOptions, Registry, Retrieve, Uri, Validator};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

/// jsonschema_rs refuses a schema nested this deep ("Recursion limit reached").
const DEPTH_LIMIT: usize = 255;

/// A type's schema, compiled with the options of `schemas.Validation`.
#[pyclass(frozen, module = "artifactkit._native")]
pub struct CompiledSchema {
    validator: Validator<Pyo3>,
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
    Some(CompiledSchema { validator })
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
        return Number::from_f64(object.extract::<f64>().ok()?).map(Value::Number);
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
