//! Globs with gitignore's rules for artifactkit/io/globs.py: the `ignore` crate's gitignore
//! matcher (ripgrep's: git's rules, compiled to regex automata, so that matching takes time
//! linear in the path whatever the pattern).
//!
//! What globset (under the crate) reads otherwise than git is settled before a pattern reaches
//! it (`git_pattern`): `{a,b}` is a choice for globset and plain text for git, so braces outside
//! a bracket expression are escaped; `[[:alpha:]]` is refused, as the linear matcher artifactkit
//! used before refused it; so is a `-` right after a range (`[a-c-e]`), a `-` for git that
//! globset reads as extending the range. And a file is matched as git matches it, its folders
//! from the top down (`Globs::matches`). tests/test_globs_native_diff.py compares the result with
//! pathspec and with git itself.

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// Why a pattern is refused: a kind artifactkit/io/globs.py words its advice by, and the reason.
struct Problem {
    kind: &'static str,
    message: String,
}

impl From<ignore::Error> for Problem {
    fn from(err: ignore::Error) -> Self {
        // the crate's error names the pattern as rewritten: artifactkit names it as written. The
        // kind of a globset error reaches here as its text only
        let message = match err {
            ignore::Error::Glob { err, .. } => err,
            other => other.to_string(),
        };
        let kind = if message.contains("range") {
            "range"
        } else if message.contains("dangling") {
            "escape"
        } else {
            "other"
        };
        Problem { kind, message }
    }
}

/// Where the bracket expression opened at `start` (a `[`) ends, as globset reads one: after an
/// optional `!` or `^` and one character (even `]`), at the next `]`; None when none closes it
/// (globset then reads the `[` as itself).
fn bracket_end(chars: &[char], start: usize) -> Option<usize> {
    let mut j = start + 1;
    if matches!(chars.get(j), Some('!' | '^')) {
        j += 1;
    }
    j += 1;
    (j..chars.len()).find(|&k| chars[k] == ']')
}

/// Refuses what git and globset read differently inside `class` (from its `[` to its `]`).
fn check_class(class: &[char]) -> Result<(), Problem> {
    let start = if matches!(class.get(1), Some('!' | '^')) {
        2
    } else {
        1
    };
    let body = &class[start..class.len() - 1];
    if body.windows(2).any(|w| w == ['[', ':']) {
        return Err(Problem {
            kind: "posix",
            message: "character classes such as [:alpha:] are not supported".to_string(),
        });
    }
    // globset's reading: the first character is itself; then a '-' not at the end opens a range
    // on the item before it, even when that item is a range already (git: a '-')
    let (mut in_range, mut after_range) = (false, false);
    for (k, &c) in body.iter().enumerate().skip(1) {
        if c == '-' && !in_range {
            if after_range && k + 1 < body.len() {
                return Err(Problem {
                    kind: "dash",
                    message:
                        "a '-' right after a range is a '-' for git and extends the range here"
                            .to_string(),
                });
            }
            in_range = true;
        } else {
            after_range = in_range;
            in_range = false;
        }
    }
    Ok(())
}

/// `pattern` as globset must see it to read it as git does (see the module's comment).
fn git_pattern(pattern: &str) -> Result<String, Problem> {
    if pattern.starts_with('#') {
        return Ok(pattern.to_string()); // a comment, left to the crate
    }
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 4);
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => {
                out.extend(chars.get(i..i + 2).unwrap_or(&chars[i..]));
                i += 2;
            }
            '{' | '}' => {
                out.push('\\');
                out.push(chars[i]);
                i += 1;
            }
            '[' => match bracket_end(&chars, i) {
                Some(end) => {
                    check_class(&chars[i..=end])?;
                    out.extend(&chars[i..=end]);
                    i = end + 1;
                }
                None => {
                    out.push('[');
                    i += 1;
                }
            },
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(out)
}

fn build(patterns: &[String]) -> Result<Gitignore, (Option<usize>, Problem)> {
    // the root is empty: paths are relative to the config's folder already
    let mut builder = GitignoreBuilder::new("");
    for (index, pattern) in patterns.iter().enumerate() {
        let line = git_pattern(pattern).map_err(|problem| (Some(index), problem))?;
        builder
            .add_line(None, &line)
            .map_err(|err| (Some(index), err.into()))?;
    }
    builder.build().map_err(|err| (None, err.into()))
}

/// `patterns` (gitignore lines, a later one overriding an earlier) compiled into one matcher. A
/// pattern that cannot be read raises ValueError(index, kind, message): its index in `patterns`
/// (None when only the whole list fails), a kind ("range", "posix", "dash", "escape" or "other")
/// and the reason, the crate's own where the crate refused it.
#[pyclass(frozen, module = "artifactkit._native")]
pub struct Globs {
    matcher: Gitignore,
}

#[pymethods]
impl Globs {
    #[new]
    fn new(patterns: Vec<String>) -> PyResult<Self> {
        let failed = |(index, problem): (Option<usize>, Problem)| {
            PyValueError::new_err((index, problem.kind, problem.message))
        };
        match build(&patterns) {
            Ok(matcher) => Ok(Globs { matcher }),
            // only the whole set failed (a size limit of the automaton): name the first pattern
            // that fails alone, if one does
            Err((None, problem)) => Err(failed(
                (0..patterns.len())
                    .find_map(|i| build(&patterns[i..=i]).err())
                    .unwrap_or((None, problem)),
            )),
            Err(located) => Err(failed(located)),
        }
    }

    /// Whether git would ignore the file at `path` (a repository-relative POSIX path) with
    /// `patterns` for its .gitignore: whether one of its folders, from the top down, is excluded
    /// (the last pattern matching it is not a negated one: nothing below can be taken back), or
    /// else the file is. Leading `/` and `./` are dropped, as pathspec's normalize_file drops
    /// them; an empty path matches nothing.
    fn matches(&self, path: &str) -> bool {
        let mut path = path;
        while let Some(rest) = path.strip_prefix('/').or_else(|| path.strip_prefix("./")) {
            path = rest;
        }
        if path.is_empty() {
            return false;
        }
        // not the crate's matched_path_or_any_parents, which walks up from the file and stops at
        // the first match (a negated pattern for a file below an excluded folder takes it back,
        // which git never does), asks the root folder "" too (where `*/` and `**/` match), and
        // panics on a path with a root
        let path = std::path::Path::new(path);
        let mut folders: Vec<&std::path::Path> = path
            .ancestors()
            .skip(1)
            .filter(|folder| !folder.as_os_str().is_empty())
            .collect();
        folders.reverse();
        folders
            .into_iter()
            .any(|folder| self.matcher.matched(folder, true).is_ignore())
            || self.matcher.matched(path, false).is_ignore()
    }
}
