//! Copy schemas/ and templates/ into OUT_DIR, where pyproject.toml's `include` takes them into the
//! wheel as artifactkit/schemas and artifactkit/templates (artifactkit/io/resources.py finds them there;
//! a source checkout or an editable install finds them at the top of the repository).
use std::path::Path;
use std::{env, fs, io};

fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

fn main() -> io::Result<()> {
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for name in ["schemas", "templates"] {
        println!("cargo:rerun-if-changed={name}");
        let target = Path::new(&out).join(name);
        if target.exists() {
            fs::remove_dir_all(&target)?;
        }
        if Path::new(name).is_dir() {
            copy_tree(Path::new(name), &target)?;
        }
    }
    Ok(())
}
