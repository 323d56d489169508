//! The walk of artifactkit/io/discovery.py in Rust: a warm run of 10,000 documents spent 15 ms in
//! `os.walk` (a `DirEntry` and an `is_dir` call for every entry, sorting, the name checks).
//!
//! What `os.walk(top)` with `followlinks=False` yields, as `discover` prunes it: each folder top
//! down, its subfolders sorted and without hidden ones and `node_modules`, its `*.md` names
//! sorted. A link to a folder counts as a folder (not a file) and is not entered; any other link,
//! dangling ones too, counts as a file. Names are sorted as Python sorts the `str` it decodes them
//! to (surrogate escapes for bytes that are not UTF-8). A folder that cannot be listed is reported
//! in its place, as `os.walk`'s `onerror` sees it. tests/test_discovery_native_diff.py compares the
//! two on generated trees.

use std::cmp::Ordering;
use std::ffi::OsString;
use std::os::unix::ffi::{OsStrExt, OsStringExt};

use pyo3::prelude::*;

/// The code points Python decodes `name` to with `surrogateescape`: each byte of an invalid
/// sequence becomes U+DC80..U+DCFF.
fn code_points(name: &[u8]) -> Vec<u32> {
    let mut out = Vec::with_capacity(name.len());
    for chunk in name.utf8_chunks() {
        out.extend(chunk.valid().chars().map(u32::from));
        out.extend(chunk.invalid().iter().map(|&b| 0xdc00 + u32::from(b)));
    }
    out
}

/// Python's order of the decoded names: UTF-8's byte order is its code points' order, so only
/// a name that is not UTF-8 needs decoding.
fn python_order(a: &OsString, b: &OsString) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if std::str::from_utf8(a).is_ok() && std::str::from_utf8(b).is_ok() {
        a.cmp(b)
    } else {
        code_points(a).cmp(&code_points(b))
    }
}

fn is_markdown(name: &[u8]) -> bool {
    // str.lower() makes ".md" of no other characters than these
    name.len() >= 3 && name[name.len() - 3..].eq_ignore_ascii_case(b".md")
}

/// One folder of the walk: its Markdown names, or None when it could not be listed.
type Folder = (OsString, Option<Vec<OsString>>);

/// One folder's entry in the walk, and the subfolders to walk after it, in order.
fn list(folder: OsString) -> (Folder, Vec<OsString>) {
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return ((folder, None), Vec::new());
    };
    let (mut dirs, mut files) = (Vec::new(), Vec::new());
    for entry in entries {
        let Ok(entry) = entry else {
            return ((folder, None), Vec::new()); // os.walk stops listing the folder, and yields none of it
        };
        let name = entry.file_name();
        // DirEntry.is_dir(): a link counts as what it leads to; an error as no folder
        let (is_dir, is_link) = match entry.file_type() {
            Ok(kind) if kind.is_symlink() => (
                std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir()),
                true,
            ),
            Ok(kind) => (kind.is_dir(), false),
            Err(_) => (false, false),
        };
        if is_dir {
            if !name.as_bytes().starts_with(b".") && name.as_bytes() != b"node_modules" {
                dirs.push((name, is_link));
            }
        } else if is_markdown(name.as_bytes()) {
            files.push(name);
        }
    }
    dirs.sort_by(|a, b| python_order(&a.0, &b.0));
    files.sort_by(python_order);
    let mut prefix = folder.clone().into_vec();
    if !prefix.ends_with(b"/") {
        prefix.push(b'/'); // os.path.join
    }
    let subfolders = dirs
        .into_iter()
        .filter(|(_, is_link)| !is_link) // followlinks=False
        .map(|(name, _)| {
            let mut path = prefix.clone();
            path.extend_from_slice(name.as_bytes());
            OsString::from_vec(path)
        })
        .collect();
    ((folder, Some(files)), subfolders)
}

fn walk(folder: OsString, out: &mut Vec<Folder>) {
    let (listed, subfolders) = list(folder);
    out.push(listed);
    for sub in subfolders {
        walk(sub, out);
    }
}

enum Step {
    Listed(Folder),
    Todo(OsString),
}

/// `[(folder, names)]` of the walk of `top` in `os.walk`'s order, `names` None for a folder that
/// could not be listed; the folders spelt as `os.walk` spells them (`top`, then joined names).
/// The first levels are listed here until there are subtrees enough to share among the cores
/// (the kernel's part of a walk is most of it), each walked on a scoped thread.
#[pyfunction]
pub fn walk_markdown(py: Python<'_>, top: OsString) -> Vec<Folder> {
    py.detach(|| {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        let mut steps = vec![Step::Todo(top)];
        for _ in 0..3 {
            let todo = steps.iter().filter(|s| matches!(s, Step::Todo(_))).count();
            if todo == 0 || todo >= 4 * threads {
                break;
            }
            let mut next = Vec::with_capacity(steps.len() * 2);
            for step in steps {
                match step {
                    Step::Todo(folder) => {
                        let (listed, subfolders) = list(folder);
                        next.push(Step::Listed(listed));
                        next.extend(subfolders.into_iter().map(Step::Todo));
                    }
                    listed => next.push(listed),
                }
            }
            steps = next;
        }
        let todo: Vec<OsString> = steps
            .iter_mut()
            .filter_map(|s| match s {
                Step::Todo(folder) => Some(std::mem::take(folder)),
                Step::Listed(_) => None,
            })
            .collect();
        let chunk = todo.len().div_ceil(threads).max(1);
        let mut walked = std::thread::scope(|scope| {
            let parts: Vec<_> = todo
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .map(|folder| {
                                let mut out = Vec::new();
                                walk(folder.clone(), &mut out);
                                out
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            parts
                .into_iter()
                .flat_map(|part| part.join().expect("a walk never panics"))
                .collect::<Vec<_>>()
        })
        .into_iter();
        let mut out = Vec::new();
        for step in steps {
            match step {
                Step::Listed(listed) => out.push(listed),
                Step::Todo(_) => out.extend(walked.next().expect("one walk per subtree")),
            }
        }
        out
    })
}
