//! Writing a community's files under the output folder, atomically: everything goes to a
//! temporary folder beside the target, which replaces `DIR/<community-id>/` only once all of
//! it is written. A failure leaves the previous output as it was.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use crate::build::OutputFile;
use crate::limits::COMMUNITY_ID_MAX_CHARS;

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

/// The total size of a build, or why it is too large to write.
pub fn check_output_size<'a>(files: impl IntoIterator<Item = &'a OutputFile>, limit: u64) -> Result<u64, String> {
    let total: u64 = files.into_iter().map(|f| f.bytes.len() as u64).sum();
    if total > limit {
        return Err(format!(
            "the build would write {} MiB, more than the limit of {} MiB; build fewer specs at once",
            total.div_ceil(1 << 20),
            limit >> 20
        ));
    }
    Ok(total)
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

/// Cleans up after interrupted builds of this community: temporary folders are removed, and
/// a replaced folder whose replacement never arrived is restored.
fn sweep_stale(dir: &Path, id: &str) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        for prefix in [TEMP_PREFIX, OLD_PREFIX] {
            if let Some(rest) = name.strip_prefix(prefix) {
                let stale = rest.rsplit_once('-').is_some_and(|(i, pid)| {
                    i == id && pid.bytes().all(|b| b.is_ascii_digit()) && !build_running(pid, &entry.path())
                });
                if stale {
                    let target = dir.join(id);
                    // Interrupted between its two renames: the old folder is the last complete
                    // output, so it goes back; anything else left over is removed.
                    if prefix == OLD_PREFIX && fs::symlink_metadata(&target).is_err() {
                        let _ = fs::rename(entry.path(), &target);
                    } else {
                        let _ = remove_any(&entry.path());
                    }
                }
            }
        }
    }
}

/// Whether the build that made a temporary folder may still be running: its process exists
/// (where `/proc` tells), else the folder is younger than ten minutes. A concurrent build's
/// folder is left alone; its own swap decides which complete result stays.
fn build_running(pid: &str, folder: &Path) -> bool {
    let proc = Path::new("/proc");
    if proc.is_dir() {
        return pid != std::process::id().to_string() && proc.join(pid).exists();
    }
    let age = fs::metadata(folder).and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
    age.is_some_and(|a| a.as_secs() < 600)
}

fn is_plain_name(id: &str) -> bool {
    !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && id.len() <= COMMUNITY_ID_MAX_CHARS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("commspec-emit-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile { path: path.into(), bytes: text.as_bytes().to_vec() }
    }

    #[test]
    fn an_interrupted_swap_is_restored_and_stale_temps_removed() {
        let dir = scratch("restore");
        // A build killed between its two renames (pid 4294967 is not running).
        fs::create_dir_all(dir.join(".commspec-old-c-4294967/g")).unwrap();
        fs::write(dir.join(".commspec-old-c-4294967/g/a.txt"), "previous").unwrap();
        fs::create_dir_all(dir.join(".commspec-tmp-c-4294967")).unwrap();
        sweep_stale(&dir, "c");
        assert_eq!(fs::read_to_string(dir.join("c/g/a.txt")).unwrap(), "previous");
        assert!(!dir.join(".commspec-tmp-c-4294967").exists());
        assert!(!dir.join(".commspec-old-c-4294967").exists());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_running_builds_temp_folder_is_left_alone() {
        let dir = scratch("live");
        // pid 1 always runs; its folder belongs to a concurrent build.
        fs::create_dir_all(dir.join(".commspec-tmp-c-1")).unwrap();
        write_community(&dir, "c", &[file("x.txt", "new")]).unwrap();
        if Path::new("/proc").is_dir() {
            assert!(dir.join(".commspec-tmp-c-1").exists());
        }
        assert_eq!(fs::read_to_string(dir.join("c/x.txt")).unwrap(), "new");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_community_folder_is_replaced_not_followed() {
        let dir = scratch("link");
        let elsewhere = scratch("link-target");
        fs::write(elsewhere.join("keep.txt"), "untouched").unwrap();
        std::os::unix::fs::symlink(&elsewhere, dir.join("c")).unwrap();
        write_community(&dir, "c", &[file("g/a.txt", "new")]).unwrap();
        assert!(!fs::symlink_metadata(dir.join("c")).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_to_string(dir.join("c/g/a.txt")).unwrap(), "new");
        assert_eq!(fs::read_to_string(elsewhere.join("keep.txt")).unwrap(), "untouched");
        fs::remove_dir_all(&dir).unwrap();
        fs::remove_dir_all(&elsewhere).unwrap();
    }

    #[test]
    fn the_total_output_is_bounded() {
        let big = OutputFile { path: "a".into(), bytes: vec![b'x'; 3 << 20] };
        assert_eq!(check_output_size([&big], 4 << 20), Ok(3 << 20));
        let err = check_output_size([&big, &big], 4 << 20).unwrap_err();
        assert!(err.contains("would write 6 MiB, more than the limit of 4 MiB"), "{err}");
    }

    #[test]
    fn unsafe_paths_and_ids_are_refused() {
        let dir = scratch("unsafe");
        assert!(write_community(&dir, "../x", &[file("a", "")]).is_err());
        assert!(write_community(&dir, "c", &[file("../escape.txt", "")]).is_err());
        assert!(write_community(&dir, "c", &[file("/etc/x", "")]).is_err());
        assert!(!dir.join("c").exists() && !dir.parent().unwrap().join("escape.txt").exists());
        let leftovers: Vec<_> = fs::read_dir(&dir).unwrap().collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
