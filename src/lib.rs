//! artifactkit._native: the per-document Markdown pass, in Rust (pulldown-cmark), for
//! artifactkit/document/pulldown.py. Parsing runs with the GIL released; a batch of documents is
//! parsed on rayon's threads.

mod walk;

use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};
use rayon::prelude::*;

use walk::{Fact, Outline};

fn fact_to_python<'py>(py: Python<'py>, fact: Fact) -> PyResult<Bound<'py, PyTuple>> {
    Ok(match fact {
        Fact::Heading { level, line, text } => (1u8, level, line, text).into_pyobject(py)?,
        Fact::Inline {
            line,
            first_in_item,
            text,
            links,
            words,
            pieces,
        } => {
            let pieces = match pieces {
                Some(pieces) => Some(PyList::new(
                    py,
                    pieces.into_iter().map(|(kind, piece)| (kind.name(), piece)),
                )?),
                None => None,
            };
            (2u8, line, first_in_item, text, links, words, pieces).into_pyobject(py)?
        }
        Fact::HtmlBlock(html) => (3u8, html).into_pyobject(py)?,
        Fact::ListItem => (4u8,).into_pyobject(py)?,
        Fact::CodeBlock => (5u8,).into_pyobject(py)?,
        Fact::Table => (6u8,).into_pyobject(py)?,
        Fact::Fence { first, last } => (7u8, first, last).into_pyobject(py)?,
    })
}

fn to_python<'py>(py: Python<'py>, outline: Outline) -> PyResult<Bound<'py, PyTuple>> {
    let facts = outline
        .facts
        .into_iter()
        .map(|fact| fact_to_python(py, fact))
        .collect::<PyResult<Vec<_>>>()?;
    let facts = PyList::new(py, facts)?;
    let links = PyList::new(py, outline.links)?;
    (facts, links, outline.headings).into_pyobject(py)
}

/// ``(facts, links, headings)`` of a Markdown body (normalized: no ``\r``, no NUL) whose first
/// line is ``first_line``. See artifactkit/document/pulldown.py for the shape of each fact.
#[pyfunction]
fn outline<'py>(py: Python<'py>, text: String, first_line: usize) -> PyResult<Bound<'py, PyTuple>> {
    let result = py.detach(|| walk::outline(&text, first_line));
    to_python(py, result)
}

/// ``outline`` of each ``(text, first_line)``, parsed in parallel on rayon's threads.
#[pyfunction]
fn outlines<'py>(py: Python<'py>, documents: Vec<(String, usize)>) -> PyResult<Bound<'py, PyList>> {
    let results: Vec<Outline> = py.detach(|| {
        documents
            .par_iter()
            .map(|(text, line)| walk::outline(text, *line))
            .collect()
    });
    let results = results
        .into_iter()
        .map(|result| to_python(py, result))
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, results)
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(outline, m)?)?;
    m.add_function(wrap_pyfunction!(outlines, m)?)?;
    Ok(())
}
