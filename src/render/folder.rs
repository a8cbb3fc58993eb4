//! `--templates DIR`: artifact templates read from a user's folder, and only from inside it.
//! A templates folder is committed by anyone on the team and read in CI, so every name is
//! checked, every path resolved (links included) and kept inside the folder, and only plain
//! text files of bounded size are read: no `/etc/passwd`, `/proc/self/environ`, FIFO or
//! `/dev/zero` behind a template name.

use std::io;
use std::path::{Path, PathBuf};

use minijinja::{Error, ErrorKind};

use crate::limits::TEMPLATE_FILE_MAX_BYTES;
use crate::source::{NotRead, read_regular};

/// A templates folder: as given (for messages), and resolved (where every template must be).
pub(super) struct Folder {
    shown: PathBuf,
    root: io::Result<PathBuf>,
}

impl Folder {
    pub(super) fn new(dir: &Path) -> Folder {
        Folder { shown: dir.to_path_buf(), root: dir.canonicalize() }
    }

    /// The text of the template `name` in the folder, or None when the folder has no such file
    /// (the built-in template of that name, if any, is used instead).
    pub(super) fn load(&self, name: &str) -> Result<Option<String>, Error> {
        let root = match &self.root {
            Ok(root) => root,
            Err(e) => return Err(fail(format!("cannot read the templates folder `{}`: {e}", self.shown.display()))),
        };
        let Some(parts) = plain_parts(name) else {
            return Err(fail(format!(
                "template `{name}` is not a file name inside the templates folder: name templates like \
                 `parts/footer.j2`, without `..`, `.`, hidden names, `:`, `\\` or a leading `/`"
            )));
        };
        let path = parts.iter().fold(root.clone(), |path, part| path.join(part));
        match path.symlink_metadata() {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(unreadable(name, &e)),
            Ok(_) => {}
        }
        let resolved = path.canonicalize().map_err(|e| unreadable(name, &e))?;
        if !resolved.starts_with(root) {
            return Err(fail(format!(
                "template `{name}` leads to `{}`, outside the templates folder `{}`: copy the file into the \
                 folder instead of linking to it",
                resolved.display(),
                self.shown.display()
            )));
        }
        let bytes = read_regular(&resolved, TEMPLATE_FILE_MAX_BYTES).map_err(|e| match e {
            NotRead::Special { folder } => {
                let kind = if folder { "a folder" } else { "a special file (a pipe, socket or device)" };
                fail(format!("template `{name}` is {kind}, not a regular file: templates are plain text files"))
            }
            NotRead::Io(e) => unreadable(name, &e),
        })?;
        if bytes.len() > TEMPLATE_FILE_MAX_BYTES {
            return Err(fail(format!(
                "template `{name}` is larger than {} KiB: templates are read up to that size; split it with \
                 `{{% include %}}`",
                TEMPLATE_FILE_MAX_BYTES / 1024
            )));
        }
        String::from_utf8(bytes).map(Some).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            fail(format!("template `{name}` is not UTF-8 text (byte {at}): save it as UTF-8"))
        })
    }
}

/// The components of a template name that stays inside its folder: relative, separated by
/// `/`, with no empty, `.`, `..` or hidden component, no `\` and no NUL.
fn plain_parts(name: &str) -> Option<Vec<&str>> {
    let parts: Vec<&str> = name.split('/').collect();
    let plain = |part: &&str| !part.is_empty() && !part.starts_with('.') && !part.contains(['\\', '\0', ':']);
    parts.iter().all(plain).then_some(parts)
}

fn fail(message: String) -> Error {
    Error::new(ErrorKind::InvalidOperation, message)
}

fn unreadable(name: &str, e: &io::Error) -> Error {
    fail(format!("cannot read template `{name}`: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_names_are_looked_up() {
        for name in ["sop.md.j2", "parts/footer.j2", "a/b/c", "页脚.j2", "a..b"] {
            assert!(plain_parts(name).is_some(), "{name}");
        }
        for name in
            ["", "/etc/passwd", "../x", "a/../../x", "./x", "a/./x", "a//x", "a/", ".env", "a\\..\\x", "a\0b", "C:x"]
        {
            assert!(plain_parts(name).is_none(), "{name:?}");
        }
    }
}
