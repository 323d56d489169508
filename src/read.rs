//! The bytes of one document inside the repository, for artifactkit/io/textio.py: what
//! `symlink_escape` and `read_document` do for the usual file of a lint, in one call. Anything
//! else (a link out, a missing or odd file, one over the limit) is None, and Python reads it the
//! usual way to say why: this never words a problem, so there is one wording.

use std::fs::File;
use std::io::Read;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use pyo3::prelude::*;
use pyo3::types::PyBytes;

/// The file's bytes when its real path lies in `real_root` (or is it), it is a regular file on
/// none of `pseudo_devices` (the kernel's file systems) and it holds at most `max_bytes`.
fn read_inside(
    path: &Path,
    real_root: &Path,
    max_bytes: u64,
    pseudo_devices: &[u64],
) -> Option<Vec<u8>> {
    // component-wise, as textio's `target == root or target.startswith(root + os.sep)`
    if !std::fs::canonicalize(path).ok()?.starts_with(real_root) {
        return None;
    }
    let plain = |meta: std::fs::Metadata| {
        (meta.file_type().is_file()
            && !pseudo_devices.contains(&meta.dev())
            && meta.size() <= max_bytes)
            .then_some(meta.size())
    };
    // a device is never opened (opening some has effects); then, non-blocking as textio's reader, the
    // file opened is checked again: it may have been swapped since
    plain(std::fs::metadata(path).ok()?)?;
    let file = File::options()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .ok()?;
    let size = plain(file.metadata().ok()?)?;
    let mut data = Vec::with_capacity(usize::try_from(size).ok()? + 1);
    file.take(max_bytes + 1).read_to_end(&mut data).ok()?; // one byte more: a file that grew past the limit
    (data.len() as u64 <= max_bytes).then_some(data)
}

/// `read_inside` with the GIL released; see textio.read_document_inside.
#[pyfunction]
pub fn read_document_inside<'py>(
    py: Python<'py>,
    path: PathBuf,
    real_root: PathBuf,
    max_bytes: u64,
    pseudo_devices: Vec<u64>,
) -> Option<Bound<'py, PyBytes>> {
    let data = py.detach(|| read_inside(&path, &real_root, max_bytes, &pseudo_devices))?;
    Some(PyBytes::new(py, &data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_file_inside_and_nothing_outside_or_too_big() {
        let dir = std::env::temp_dir().join(format!("artifactkit-read-{}", std::process::id()));
        let inside = dir.join("repo");
        std::fs::create_dir_all(inside.join("docs")).unwrap();
        std::fs::write(inside.join("docs/a.md"), b"# A\n").unwrap();
        std::fs::write(dir.join("secret.md"), b"key").unwrap();
        std::os::unix::fs::symlink(dir.join("secret.md"), inside.join("docs/out.md")).unwrap();
        let root = std::fs::canonicalize(&inside).unwrap();
        assert_eq!(
            read_inside(&inside.join("docs/a.md"), &root, 100, &[]),
            Some(b"# A\n".to_vec())
        );
        assert_eq!(read_inside(&inside.join("docs/a.md"), &root, 3, &[]), None);
        assert_eq!(
            read_inside(&inside.join("docs/out.md"), &root, 100, &[]),
            None
        );
        assert_eq!(read_inside(&inside.join("docs"), &root, 100, &[]), None);
        assert_eq!(
            read_inside(&inside.join("docs/none.md"), &root, 100, &[]),
            None
        );
        // a sibling whose name starts with the root's is outside it
        std::fs::create_dir_all(dir.join("repo2")).unwrap();
        std::fs::write(dir.join("repo2/b.md"), b"b").unwrap();
        assert_eq!(read_inside(&dir.join("repo2/b.md"), &root, 100, &[]), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
