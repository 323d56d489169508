//! artifactkit._native: the per-document pass in Rust. The outline of a body (walk.rs reads
//! pulldown-cmark's events with the GIL released, build.rs builds the sections) for
//! artifactkit/document/pulldown.py; YAML (yaml.rs) for artifactkit/io/yaml12.py; validation
//! (validate.rs) for artifactkit/schema/schemas.py; a page of the site (render.rs) for
//! artifactkit/site/mdrender.py; globs with gitignore's rules (globs.rs) for artifactkit/io/globs.py; the result cache's rows
//! (rows.rs) for artifactkit/engine/cacherows.py; the walk of a folder (discover.rs) for
//! artifactkit/io/discovery.py; fenced code and bold lines of a whole document (lines.rs) for
//! artifactkit/document/model.py; a document's bytes, confined to the repository (read.rs), for
//! artifactkit/io/textio.py.

mod build;
#[cfg(unix)]
mod discover;
mod globs;
mod lines;
#[cfg(unix)]
mod read;
mod render;
mod rows;
mod validate;
mod walk;
mod yaml;

use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};
use rayon::prelude::*;

use walk::{Fact, Outline};

fn fact_to_python<'py>(py: Python<'py>, fact: Fact) -> PyResult<Bound<'py, PyTuple>> {
    Ok(match fact {
        Fact::Heading { level, line, text } => (1u8, level, line, text).into_pyobject(py)?,
        Fact::Inline(run) => {
            let pieces = match run.pieces {
                Some(pieces) => Some(PyList::new(
                    py,
                    pieces.into_iter().map(|(kind, piece)| (kind.name(), piece)),
                )?),
                None => None,
            };
            (
                2u8,
                run.line,
                run.first_in_item,
                run.text,
                run.links,
                run.words,
                pieces,
            )
                .into_pyobject(py)?
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

/// The ``sections.Outline`` of a body as ``outline`` reads it, built by build.rs with ``hooks``
/// (``pulldown.HOOKS``); None past ``max_headings``.
#[pyfunction]
#[allow(clippy::type_complexity)]
fn build_outline<'py>(
    py: Python<'py>,
    text: &str,
    line_offset: usize,
    max_headings: usize,
    hooks: (
        Bound<'py, PyAny>,
        Bound<'py, PyAny>,
        Bound<'py, PyAny>,
        Bound<'py, PyAny>,
        Bound<'py, PyAny>,
        Bound<'py, PyAny>,
        Bound<'py, PyAny>,
        Bound<'py, PyAny>,
    ),
) -> PyResult<Option<Bound<'py, PyAny>>> {
    // the str's own UTF-8, not a copy (the walk reads it with the GIL released: the str lives on)
    let result = py.detach(|| walk::outline(text, line_offset + 1));
    if result.headings > max_headings {
        return Ok(None);
    }
    let (section, outline, normalize_key, inline_counts, task_item, directives, html_words, href) =
        hooks;
    let hooks = build::Hooks {
        section,
        outline,
        normalize_key,
        inline_counts,
        task_item,
        directives,
        html_words,
        href,
    };
    let built = build::build(&hooks, text, line_offset, result.facts, result.links)?;
    Ok(Some(built))
}

/// ``[text.count(c) for c in chars]`` for ASCII ``chars``, in one pass over ``text``: the counts
/// ``pulldown.check_budget`` takes of a long document.
#[pyfunction]
fn count_chars(py: Python<'_>, text: &str, chars: &str) -> PyResult<Vec<usize>> {
    if !chars.is_ascii() {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "count_chars counts ASCII characters",
        ));
    }
    // an ASCII byte in UTF-8 is always that character, never part of another's bytes
    let table = py.detach(|| {
        let mut table = [0usize; 256];
        for &byte in text.as_bytes() {
            table[byte as usize] += 1;
        }
        table
    });
    Ok(chars.bytes().map(|byte| table[byte as usize]).collect())
}

/// ``(first line, last line)`` of each fenced code block of ``text`` after line ``first``, its
/// fences included (model.Document.code_lines; see src/lines.rs).
#[pyfunction]
fn fenced_spans(text: &str, first: usize) -> Vec<(usize, usize)> {
    lines::fenced(text, first)
}

/// ``(line, bold text)`` of each line of ``text`` after line ``first`` that is only bold text,
/// outside fenced code (model.Document.bold_label; see src/lines.rs).
#[pyfunction]
fn bold_lines(text: &str, first: usize) -> Vec<(usize, &str)> {
    lines::bold_lines(text, first)
}

/// ``document.words.count_words(text)`` where the walk counts the words itself, else None (see
/// walk::countable): for tests/test_words_native.py.
#[pyfunction]
fn count_words(text: &str) -> Option<usize> {
    walk::countable(text).then(|| walk::count_words(text))
}

/// ``os.path.realpath(path)`` of an existing path by the C library's realpath (one call, where
/// Python's walks each part in turn); None when it fails (a missing part, a loop of links): the
/// caller asks ``os.path.realpath``, whose answer for those is its own.
#[pyfunction]
fn realpath(py: Python<'_>, path: std::path::PathBuf) -> Option<std::ffi::OsString> {
    py.detach(|| {
        std::fs::canonicalize(&path)
            .ok()
            .map(|real| real.into_os_string())
    })
}

/// ``(st_mode, st_size, st_mtime_ns)`` of ``os.lstat(path)`` for each of ``paths``, None where it
/// fails: the stat of every file a warm run checks against its cache entry, on every core with the
/// GIL released (10,000 calls took 28 ms of a 250 ms run, one after another). Scoped threads, not
/// rayon's pool: they are gone when this returns, so a process forked later holds no pool it
/// cannot use.
#[cfg(unix)]
#[pyfunction]
fn lstat_many(py: Python<'_>, paths: Vec<std::path::PathBuf>) -> Vec<Option<(u32, u64, i128)>> {
    use std::os::unix::fs::MetadataExt;

    fn lstat(path: &std::path::PathBuf) -> Option<(u32, u64, i128)> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        let nanos = i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec());
        Some((meta.mode(), meta.size(), nanos))
    }

    py.detach(|| {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        let chunk = paths.len().div_ceil(threads).max(256); // a thread for fewer files is all overhead
        std::thread::scope(|scope| {
            let parts: Vec<_> = paths
                .chunks(chunk)
                .map(|part| scope.spawn(move || part.iter().map(lstat).collect::<Vec<_>>()))
                .collect();
            parts
                .into_iter()
                .flat_map(|part| part.join().expect("lstat never panics"))
                .collect()
        })
    })
}

fn resolved(value: &Bound<'_, PyAny>) -> PyResult<render::Resolved> {
    if value.is_none() {
        return Ok(render::Resolved::Drop);
    }
    if let Ok(text) = value.extract::<String>() {
        return Ok(render::Resolved::Text(text));
    }
    Ok(render::Resolved::Attrs(value.extract()?))
}

/// ``(html, toc, prose, sections, words, mermaid)`` of a document body as the site shows it (see
/// src/render.rs). ``resolve(is_image, destination, is_email)``: the ``(attribute, value)`` list
/// to write, None for no link (its text only), or (an image) the text to show instead;
/// ``slugify(text)``: a heading's id before it is made unique.
#[pyfunction]
#[allow(clippy::type_complexity)]
fn render_page(
    text: &str,
    title: Option<&str>,
    resolve: &Bound<'_, PyAny>,
    slugify: &Bound<'_, PyAny>,
) -> PyResult<(
    String,
    Vec<(u8, String, String)>,
    String,
    Vec<String>,
    String,
    bool,
)> {
    let (mut resolve_error, mut slug_error) = (None, None);
    let mut resolve_one = |image: bool, url: &str, email: bool| match resolve
        .call1((image, url, email))
        .and_then(|v| resolved(&v))
    {
        Ok(value) => value,
        Err(err) => {
            resolve_error.get_or_insert(err);
            render::Resolved::Drop
        }
    };
    let mut slug_one = |heading: &str| match slugify
        .call1((heading,))
        .and_then(|v| v.extract::<String>())
    {
        Ok(slug) => slug,
        Err(err) => {
            slug_error.get_or_insert(err);
            String::new()
        }
    };
    let page = render::render(text, title, &mut resolve_one, &mut slug_one);
    if let Some(err) = resolve_error.or(slug_error) {
        return Err(err);
    }
    Ok((
        page.html,
        page.toc,
        page.prose,
        page.sections,
        page.words,
        page.mermaid,
    ))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(outline, m)?)?;
    m.add_function(wrap_pyfunction!(outlines, m)?)?;
    m.add_function(wrap_pyfunction!(build_outline, m)?)?;
    m.add_function(wrap_pyfunction!(render_page, m)?)?;
    m.add_function(wrap_pyfunction!(realpath, m)?)?;
    #[cfg(unix)]
    m.add_function(wrap_pyfunction!(lstat_many, m)?)?;
    m.add_function(wrap_pyfunction!(count_words, m)?)?;
    m.add_function(wrap_pyfunction!(rows::decode_rows, m)?)?;
    #[cfg(unix)]
    m.add_function(wrap_pyfunction!(discover::walk_markdown, m)?)?;
    #[cfg(unix)]
    m.add_function(wrap_pyfunction!(read::read_document_inside, m)?)?;
    m.add_function(wrap_pyfunction!(count_chars, m)?)?;
    m.add_function(wrap_pyfunction!(fenced_spans, m)?)?;
    m.add_function(wrap_pyfunction!(bold_lines, m)?)?;
    m.add_function(wrap_pyfunction!(yaml::yaml_read, m)?)?;
    m.add_function(wrap_pyfunction!(yaml::yaml_read_all, m)?)?;
    m.add_function(wrap_pyfunction!(validate::compile_schema, m)?)?;
    m.add_class::<validate::CompiledSchema>()?;
    m.add_class::<validate::SchemaError>()?;
    m.add_class::<validate::ErrorKind>()?;
    m.add_class::<globs::Globs>()?;
    Ok(())
}
