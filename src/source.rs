//! Finding spec files and reading them: the only module that reads inputs.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::i18n::{Text, tr};
use crate::limits::MAX_FILE_BYTES;
use crate::yaml::Problem;

/// One input file, read as UTF-8 text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    /// The path as shown in reports.
    pub(crate) name: String,
    pub text: String,
}

/// A file to check, and whether the user named it (named files are always checked; files
/// found in directories only when they are specs).
#[derive(Debug, Clone)]
pub struct Candidate {
    pub path: PathBuf,
    pub named: bool,
}

/// Why a file could not be read at all (exit status 2), as opposed to a bad spec.
#[derive(Debug)]
pub(crate) struct IoFailure {
    pub(crate) path: PathBuf,
    pub(crate) why: Unreadable,
}

/// Why the file system refused a file or folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    Missing,
    Denied,
    /// A folder, pipe, socket or device named as a spec.
    NotAFile,
    /// What the system said.
    Other(String),
}

impl Unreadable {
    pub(crate) fn text(&self) -> Text {
        match self {
            Unreadable::Missing => tr!("no such file or directory", "文件或文件夹不存在"),
            Unreadable::Denied => tr!("permission denied", "没有权限"),
            Unreadable::NotAFile => {
                tr!("not a regular file (a folder, pipe or device)", "不是普通文件（而是文件夹、管道或设备）")
            }
            Unreadable::Other(said) => Text::verbatim(said.as_str()),
        }
    }
}

/// Expands the paths given on the command line: files as they are, directories recursively
/// (sorted, so output order is stable; hidden directories and symlinked directories skipped).
/// A file reached twice (named twice, as `./a.yaml` and `a.yaml`, through a symlink, or by
/// name and in a folder) is one spec: it is kept once, where it came first, and counts as
/// named if it was named anywhere.
pub(crate) fn discover(paths: &[PathBuf]) -> (Vec<Candidate>, Vec<IoFailure>) {
    let mut found = Vec::new();
    let mut failures = Vec::new();
    for path in paths {
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => walk(path, &mut found, &mut failures),
            Ok(_) => found.push(Candidate { path: path.clone(), named: true }),
            Err(e) => failures.push(IoFailure { path: path.clone(), why: describe_io(&e) }),
        }
    }
    (once_each(found), failures)
}

/// The candidates with each file once, by its canonical path (a path that cannot be resolved
/// stays as it is: reading it reports why).
fn once_each(found: Vec<Candidate>) -> Vec<Candidate> {
    let mut first: HashMap<PathBuf, usize> = HashMap::with_capacity(found.len());
    let mut out: Vec<Candidate> = Vec::with_capacity(found.len());
    for c in found {
        match first.entry(fs::canonicalize(&c.path).unwrap_or_else(|_| c.path.clone())) {
            Entry::Occupied(at) => out[*at.get()].named |= c.named,
            Entry::Vacant(slot) => {
                slot.insert(out.len());
                out.push(c);
            }
        }
    }
    out
}

fn walk(dir: &Path, found: &mut Vec<Candidate>, failures: &mut Vec<IoFailure>) {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            failures.push(IoFailure { path: dir.to_path_buf(), why: describe_io(&e) });
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            if !name.starts_with('.') && name != "target" && name != "node_modules" {
                walk(&path, found, failures);
            }
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            // Regular files only (a symlink counts by its target): opening a FIFO or a device
            // found in a directory would block or read forever.
            let regular = kind.is_file() || (kind.is_symlink() && fs::metadata(&path).is_ok_and(|m| m.is_file()));
            if regular {
                found.push(Candidate { path, named: false });
            }
        }
    }
}

/// Reads a candidate. `Ok(None)` means a file found in a directory that is not a spec.
pub fn read(candidate: &Candidate) -> Result<Option<SourceFile>, ReadError> {
    let name = candidate.path.display().to_string();
    let bytes = read_regular(&candidate.path, MAX_FILE_BYTES).map_err(|e| match e {
        NotRead::Special { .. } => ReadError::Io(Unreadable::NotAFile),
        NotRead::Io(e) => ReadError::Io(describe_io(&e)),
    })?;
    from_bytes(candidate.path.clone(), name, bytes, candidate.named)
}

/// A file's bytes as a spec text (read from disk, or from git by `commspec diff --base`):
/// `Ok(None)` for a file not named that is not a spec.
pub(crate) fn from_bytes(
    path: PathBuf,
    name: String,
    bytes: Vec<u8>,
    named: bool,
) -> Result<Option<SourceFile>, ReadError> {
    if !named && !looks_like_spec(&bytes) {
        return Ok(None);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ReadError::Invalid(name, String::new(), Box::new(Diagnostic::of(0..0, &Problem::FileTooLarge))));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Some(SourceFile { path, name, text })),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            // Keep the valid prefix so the report can show where the bad byte is.
            let text = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
            let diag = Diagnostic::of(at..at, &Problem::NotUtf8 { offset: at });
            Err(ReadError::Invalid(name, text, Box::new(diag)))
        }
    }
}

/// Why [`read_regular`] read nothing.
pub(crate) enum NotRead {
    /// A folder (`folder: true`), pipe, socket or device.
    Special {
        folder: bool,
    },
    Io(std::io::Error),
}

/// The bytes of a regular file, at most `max + 1` of them (one past the cap, so an oversized
/// file is detected without reading it all). Regular files only: opening a FIFO blocks until
/// something writes to it, and a device may never end. Looked at before opening (which would
/// block) and again on the opened file (in case it was replaced in between). Spec files and
/// `--templates` files are read through here.
pub(crate) fn read_regular(path: &Path, max: usize) -> Result<Vec<u8>, NotRead> {
    let regular = |m: fs::Metadata| if m.is_file() { Ok(()) } else { Err(NotRead::Special { folder: m.is_dir() }) };
    regular(fs::metadata(path).map_err(NotRead::Io)?)?;
    let file = fs::File::open(path).map_err(NotRead::Io)?;
    regular(file.metadata().map_err(NotRead::Io)?)?;
    let mut bytes = Vec::new();
    file.take(max as u64 + 1).read_to_end(&mut bytes).map_err(NotRead::Io)?;
    Ok(bytes)
}

/// A file that could not become text.
#[derive(Debug)]
pub enum ReadError {
    /// The file system refused: exit status 2.
    Io(Unreadable),
    /// The bytes are not acceptable as a spec: a diagnostic on the (partial) text.
    Invalid(String, String, Box<Diagnostic>),
}

/// A YAML file is a spec when a line at the top level starts with the `commspec` key.
fn looks_like_spec(bytes: &[u8]) -> bool {
    bytes
        .split(|b| *b == b'\n')
        .any(|line| line.strip_prefix(b"commspec").is_some_and(|rest| rest.trim_ascii_start().starts_with(b":")))
}

pub(crate) fn describe_io(e: &std::io::Error) -> Unreadable {
    match e.kind() {
        std::io::ErrorKind::NotFound => Unreadable::Missing,
        std::io::ErrorKind::PermissionDenied => Unreadable::Denied,
        _ => Unreadable::Other(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_detection_needs_a_top_level_key() {
        assert!(looks_like_spec(b"# c\ncommspec: 1\n"));
        assert!(looks_like_spec(b"commspec : 1"));
        assert!(!looks_like_spec(b"a:\n  commspec: 1\n"));
        assert!(!looks_like_spec(b"commspecs: 1\n"));
    }
}
