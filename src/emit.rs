//! Writing a community's files under the output folder, atomically: everything goes to a
//! temporary folder beside the target, which replaces `DIR/<community-id>/` only once all of
//! it is written. A failure leaves the previous output as it was.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use crate::build::OutputFile;

/// Prefix of the temporary folders a build creates inside the output folder.
const TEMP_PREFIX: &str = ".commspec-tmp-";
/// Prefix of a replaced community folder waiting to be removed.
const OLD_PREFIX: &str = ".commspec-old-";

/// Why an output folder is refused before anything is written.
pub fn refuse_output_dir(dir: &Path) -> Option<String> {
    if dir.as_os_str().is_empty() {
        return Some("the output folder is empty".into());
    }
    if let Ok(meta) = fs::metadata(dir) {
        if !meta.is_dir() {
            return Some(format!("`{}` exists and is not a folder", dir.display()));
        }
    }
    let canonical = fs::canonicalize(dir).ok();
    if let Some(c) = &canonical {
        if c.parent().is_none() {
            return Some("refusing to write into the file-system root".into());
        }
        if c.join(".git").exists() {
            return Some(format!("`{}` is a repository root; build into a subfolder such as `out/`", dir.display()));
        }
        if std::env::var_os("HOME").is_some_and(|h| Path::new(&h) == c) {
            return Some("refusing to write into the home folder; build into a subfolder such as `out/`".into());
        }
    }
    None
}

/// Writes `files` as `dir/<id>/`, replacing what was there only when every file is written.
pub fn write_community(dir: &Path, id: &str, files: &[OutputFile]) -> io::Result<PathBuf> {
    if !is_plain_name(id) {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("unsafe community id `{id}`")));
    }
    fs::create_dir_all(dir)?;
    sweep_stale(dir, id);
    let pid = std::process::id();
    let temp = dir.join(format!("{TEMP_PREFIX}{id}-{pid}"));
    let result = write_tree(&temp, files).and_then(|()| swap_in(dir, id, &temp));
    if result.is_err() {
        let _ = fs::remove_dir_all(&temp);
    }
    result.map(|()| dir.join(id))
}

fn write_tree(root: &Path, files: &[OutputFile]) -> io::Result<()> {
    if fs::symlink_metadata(root).is_ok() {
        remove_any(root)?;
    }
    fs::create_dir(root)?;
    for f in files {
        let rel = Path::new(&f.path);
        // Every path is ours (sanitised folder names and fixed file names); check anyway.
        if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("unsafe output path `{}`", f.path)));
        }
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        let mut file = fs::OpenOptions::new().write(true).create_new(true).open(&path)?;
        // No fsync per file: thousands of them dominate a build, and the rename below is
        // what makes the swap atomic for other readers.
        file.write_all(&f.bytes)?;
    }
    Ok(())
}

/// Moves the old folder aside, the new one in, and removes the old one.
fn swap_in(dir: &Path, id: &str, temp: &Path) -> io::Result<()> {
    let target = dir.join(id);
    let old = dir.join(format!("{OLD_PREFIX}{id}-{}", std::process::id()));
    let had_old = fs::symlink_metadata(&target).is_ok();
    if had_old {
        if fs::symlink_metadata(&old).is_ok() {
            remove_any(&old)?;
        }
        fs::rename(&target, &old)?;
    }
    if let Err(e) = fs::rename(temp, &target) {
        if had_old {
            let _ = fs::rename(&old, &target);
        }
        return Err(e);
    }
    if had_old {
        remove_any(&old)?;
    }
    Ok(())
}

/// Removes a file, a symlink (never its target) or a folder tree.
fn remove_any(path: &Path) -> io::Result<()> {
    let meta = fs::symlink_metadata(path)?;
    if meta.is_dir() { fs::remove_dir_all(path) } else { fs::remove_file(path) }
}

/// Removes leftovers of interrupted builds of this community.
fn sweep_stale(dir: &Path, id: &str) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        for prefix in [TEMP_PREFIX, OLD_PREFIX] {
            if let Some(rest) = name.strip_prefix(prefix) {
                let stale =
                    rest.rsplit_once('-').is_some_and(|(i, pid)| i == id && pid.bytes().all(|b| b.is_ascii_digit()));
                if stale {
                    let _ = remove_any(&entry.path());
                }
            }
        }
    }
}

fn is_plain_name(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') && id.len() <= 64
}
