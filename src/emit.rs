//! Writing a community's files under the output folder, atomically: everything goes to a
//! temporary folder beside the target, which replaces `DIR/<community-id>/` only once all of
//! it is written. A failure leaves the previous output as it was. Only a folder commspec
//! wrote (it holds [`MARKER`]) is ever replaced: nothing else in `DIR` is deleted.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

#[cfg(test)]
use crate::build::OutputFile;
use crate::diagnostics::visible;
use crate::i18n::{Text, tr};
use crate::limits::{COMMUNITY_ID_MAX_CHARS, PIECES_OPEN_MAX, is_reserved_name};

/// Prefix of the temporary folders a build creates inside the output folder.
const TEMP_PREFIX: &str = ".commspec-tmp-";
/// Prefix of a replaced community folder waiting to be removed.
const OLD_PREFIX: &str = ".commspec-old-";
/// The file that marks a community folder as commspec's own, written into every one.
pub(crate) const MARKER: &str = ".commspec-build";

/// What a successful write did.
#[derive(Debug)]
pub(crate) struct Written {
    pub(crate) path: PathBuf,
    /// What could not be removed: the new output is in place, the next build tries again.
    pub(crate) leftovers: Vec<Leftover>,
}

/// Why a build writes nothing: found before anything is written.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// `-o ""`.
    EmptyOutputPath,
    NotAFolder {
        dir: PathBuf,
    },
    FileSystemRoot,
    RepositoryRoot {
        dir: PathBuf,
    },
    HomeFolder,
    /// The output folder holds an input: it would be in the way of the swap and the sweep.
    HoldsSpec {
        dir: PathBuf,
        spec: String,
    },
    UnsafeId {
        id: String,
    },
    /// Something at `DIR/<id>` that commspec did not write.
    NotOurs {
        target: PathBuf,
    },
    UnsafePath {
        path: String,
    },
    /// The build's files passed the limit: it stopped there.
    TooLarge {
        limit_mib: u64,
    },
}

impl Refusal {
    pub(crate) fn text(&self) -> Text {
        match self {
            Refusal::EmptyOutputPath => tr!("the output folder is empty", "输出文件夹的路径为空"),
            Refusal::NotAFolder { dir } => {
                let dir = shown(dir);
                tr!("`{dir}` exists and is not a folder", "`{dir}` 已存在，但不是文件夹")
            }
            Refusal::FileSystemRoot => {
                tr!("refusing to write into the file-system root", "拒绝写入文件系统的根目录")
            }
            Refusal::RepositoryRoot { dir } => {
                let dir = shown(dir);
                tr!(
                    "`{dir}` is a repository root; build into a subfolder such as `out/`",
                    "`{dir}` 是代码仓库的根目录；请构建到子文件夹中，例如 `out/`"
                )
            }
            Refusal::HomeFolder => tr!(
                "refusing to write into the home folder; build into a subfolder such as `out/`",
                "拒绝写入主目录；请构建到子文件夹中，例如 `out/`"
            ),
            Refusal::HoldsSpec { dir, spec } => {
                let (dir, spec) = (shown(dir), visible(spec));
                tr!(
                    "the output folder `{dir}` holds the spec {spec}; choose an output folder that holds no spec",
                    "输出文件夹 `{dir}` 中有 spec 文件 {spec}；请选择一个不含 spec 的输出文件夹"
                )
            }
            Refusal::UnsafeId { id } => {
                let id = visible(id);
                tr!("unsafe community id `{id}`", "社群 id `{id}` 用作文件夹名不安全")
            }
            Refusal::NotOurs { target } => {
                let target = shown(target);
                tr!(
                    "`{target}` exists and was not written by commspec (it has no `{MARKER}` file), so it is not \
                     replaced; move it away or remove it (an older commspec's output can be removed and rebuilt), \
                     or build into another folder with `-o`",
                    "`{target}` 已存在，且不是 commspec 写入的（其中没有 `{MARKER}` 文件），因此不会替换它；\
                     请把它移走或删除（旧版 commspec 的输出可以删除后重新构建），或用 `-o` 构建到别的文件夹"
                )
            }
            Refusal::UnsafePath { path } => {
                let path = visible(path);
                tr!("unsafe output path `{path}`", "输出路径 `{path}` 不安全")
            }
            Refusal::TooLarge { limit_mib } => tr!(
                "the build would write more than the limit of {limit_mib} MiB; build fewer specs at once, or split a \
                 community into several specs",
                "这次构建要写入的内容超过了 {limit_mib} MiB 的上限；请一次少构建几个 spec，或把一个社群拆成多个 spec"
            ),
        }
    }
}

/// Something an earlier or interrupted build left that could not be removed.
#[derive(Debug)]
pub(crate) struct Leftover {
    pub(crate) path: PathBuf,
    pub(crate) error: io::Error,
}

impl Leftover {
    pub(crate) fn text(&self) -> Text {
        let (path, error) = (shown(&self.path), visible(&self.error.to_string()).into_owned());
        tr!(
            "could not remove the previous output `{path}` ({error}); the next build tries again",
            "无法删除之前的输出 `{path}`（{error}）；下次构建时会再试"
        )
    }
}

/// Why [`write_community`] wrote nothing.
#[derive(Debug)]
pub(crate) enum WriteError {
    Refused(Refusal),
    Io(io::Error),
}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// A path as messages show it, control characters made visible.
fn shown(path: &Path) -> String {
    visible(&path.display().to_string()).into_owned()
}

/// Why an output folder is refused before anything is written.
pub(crate) fn refuse_output_dir(dir: &Path) -> Option<Refusal> {
    if dir.as_os_str().is_empty() {
        return Some(Refusal::EmptyOutputPath);
    }
    if let Ok(meta) = fs::metadata(dir) {
        if !meta.is_dir() {
            return Some(Refusal::NotAFolder { dir: dir.to_path_buf() });
        }
    }
    // Judged where the writes land, whether or not the folder exists yet.
    let c = resolve(dir);
    if c.parent().is_none() {
        return Some(Refusal::FileSystemRoot);
    }
    if c.join(".git").exists() {
        return Some(Refusal::RepositoryRoot { dir: dir.to_path_buf() });
    }
    if std::env::var_os("HOME").is_some_and(|h| resolve(Path::new(&h)) == c) {
        return Some(Refusal::HomeFolder);
    }
    None
}

/// Where `path` leads: absolute, the symlinks of its existing part followed, and `.` and `..`
/// applied to the rest by name, as the system does once the missing folders are created
/// (`home/new/..` is the home folder before `new` exists).
fn resolve(path: &Path) -> PathBuf {
    let path = if path.as_os_str().is_empty() { Path::new(".") } else { path };
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => out.push(c),
            Component::CurDir => {}
            // `out` is canonical up to its first missing folder, so its parent is the real one.
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(name) => {
                out.push(name);
                if let Ok(real) = fs::canonicalize(&out) {
                    out = real;
                }
            }
        }
    }
    out
}

/// Whether `dir` holds `file` at any depth, by where both lead (the file itself, and the
/// link to it when it is one). Building into a folder that holds an input would put the
/// input in the way of the swap and the sweep.
pub(crate) fn holds(dir: &Path, file: &Path) -> bool {
    let dir = resolve(dir);
    let link = file.file_name().map(|name| resolve(file.parent().unwrap_or(Path::new(""))).join(name));
    resolve(file).starts_with(&dir) || link.is_some_and(|l| l.starts_with(&dir))
}

/// Why `dir/<id>` may not be written: an unsafe id, or something there that commspec did not
/// write. Only a folder holding [`MARKER`], an empty folder, or a symlink (replaced, never
/// followed) is ever replaced.
pub(crate) fn refuse_target(dir: &Path, id: &str) -> Option<Refusal> {
    if !is_plain_name(id) {
        return Some(Refusal::UnsafeId { id: id.to_string() });
    }
    let target = dir.join(id);
    let meta = fs::symlink_metadata(&target).ok()?;
    let empty = || fs::read_dir(&target).is_ok_and(|mut entries| entries.next().is_none());
    if meta.file_type().is_symlink() || is_marked(&target) || (meta.is_dir() && empty()) {
        return None;
    }
    Some(Refusal::NotOurs { target })
}

/// Whether `path` is a folder (not a symlink) that holds commspec's marker file.
fn is_marked(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
        && fs::symlink_metadata(path.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// The marker's text: fixed, so two builds stay byte-identical.
fn marker_text(id: &str) -> String {
    format!(
        "This folder was written by `commspec build` for the community `{id}`. The next build replaces it\n\
         whole, with anything else kept in it; without this file, commspec refuses to replace it.\n\
         此文件夹由 `commspec build` 为社群 `{id}` 生成，下次构建会整体替换（连同放在这里的其他文件）；\n\
         删除本文件后，commspec 会拒绝替换此文件夹。\n"
    )
}

/// A community folder being written: each file goes into a fresh temporary folder beside
/// `DIR/<id>/` as soon as it is made, so a build holds one group's files at a time, not the
/// community's. [`Staged::finish`] swaps it in; dropping it unfinished removes it, so a
/// failure or a refusal leaves the previous output as it was.
pub(crate) struct Staged {
    dir: PathBuf,
    id: String,
    temp: PathBuf,
    /// The files being written in pieces ([`Staged::append`]: plan.json, the community's
    /// sop.csv, each person's calendar), at most [`PIECES_OPEN_MAX`] open, the most recently
    /// appended last.
    pieces: Vec<(String, io::BufWriter<fs::File>)>,
    /// Every file written in pieces so far, open or closed.
    appended: std::collections::HashSet<String>,
    /// Bytes of the files so far, at most `budget`.
    bytes: u64,
    budget: u64,
    /// The whole build's limit, for the refusal.
    limit: u64,
    files: usize,
    leftovers: Vec<Leftover>,
    remove: fn(&Path) -> io::Result<()>,
}

/// Starts writing `dir/<id>/`, if [`refuse_target`] allows it. A file that would take it past
/// `budget` bytes is refused ([`Refusal::TooLarge`], naming `limit`).
pub(crate) fn stage(dir: &Path, id: &str, budget: u64, limit: u64) -> Result<Staged, WriteError> {
    stage_with(dir, id, budget, limit, remove_any)
}

fn stage_with(
    dir: &Path,
    id: &str,
    budget: u64,
    limit: u64,
    remove: fn(&Path) -> io::Result<()>,
) -> Result<Staged, WriteError> {
    if let Some(why) = refuse_target(dir, id) {
        return Err(WriteError::Refused(why));
    }
    fs::create_dir_all(dir)?;
    let leftovers = sweep_stale(dir, id, &remove);
    let temp = dir.join(format!("{TEMP_PREFIX}{id}-{}", std::process::id()));
    if fs::symlink_metadata(&temp).is_ok() {
        remove_any(&temp)?;
    }
    fs::create_dir(&temp)?;
    let mut staged = Staged {
        dir: dir.to_path_buf(),
        id: id.to_string(),
        temp,
        pieces: Vec::new(),
        appended: std::collections::HashSet::new(),
        bytes: 0,
        budget,
        limit,
        files: 0,
        leftovers,
        remove,
    };
    // The marker counts toward no budget and no file count: it is commspec's, not the spec's.
    staged.create(MARKER, marker_text(id).as_bytes())?;
    Ok(staged)
}

impl Staged {
    /// Writes the whole file at `path` (relative to the community folder).
    pub(crate) fn write(&mut self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        self.files += 1;
        self.count(bytes)?;
        self.create(path, bytes)?;
        Ok(())
    }

    /// Appends to the file at `path`, created by the first call: a file too large to hold
    /// at once (plan.json holds every group's messages), while other files are written.
    pub(crate) fn append(&mut self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let at = match self.pieces.iter().position(|(p, _)| p == path) {
            Some(at) => at,
            None => {
                // Every person's calendar is written in pieces: keep the open files bounded,
                // closing the least recently appended one and reopening it when its turn comes.
                if self.pieces.len() == PIECES_OPEN_MAX {
                    let (_, out) = self.pieces.remove(0);
                    out.into_inner().map_err(io::IntoInnerError::into_error)?;
                }
                let file = if self.appended.insert(path.to_string()) {
                    self.files += 1;
                    self.create(path, b"")?
                } else {
                    fs::OpenOptions::new().append(true).open(self.temp.join(path))?
                };
                self.pieces.push((path.to_string(), io::BufWriter::new(file)));
                self.pieces.len() - 1
            }
        };
        self.count(bytes)?;
        let piece = self.pieces.remove(at);
        self.pieces.push(piece);
        if let Some((_, out)) = self.pieces.last_mut() {
            out.write_all(bytes)?;
        }
        Ok(())
    }

    /// Where it goes: `dir/<id>`.
    pub(crate) fn target(&self) -> PathBuf {
        self.dir.join(&self.id)
    }

    /// Bytes of the files so far.
    pub(crate) fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Files so far, the marker aside.
    pub(crate) fn files(&self) -> usize {
        self.files
    }

    /// Counts `bytes`, refused past the budget: the build stops there, not after rendering
    /// what it could never write.
    fn count(&mut self, bytes: &[u8]) -> Result<(), WriteError> {
        self.bytes = self.bytes.saturating_add(bytes.len() as u64);
        if self.bytes > self.budget {
            return Err(WriteError::Refused(Refusal::TooLarge { limit_mib: self.limit >> 20 }));
        }
        Ok(())
    }

    fn close_pieces(&mut self) -> io::Result<()> {
        for (_, out) in self.pieces.drain(..) {
            out.into_inner().map_err(io::IntoInnerError::into_error)?;
        }
        Ok(())
    }

    /// Creates the file at `path` with `bytes`; every path is ours (sanitised folder names and
    /// fixed file names), checked anyway.
    fn create(&mut self, path: &str, bytes: &[u8]) -> Result<fs::File, WriteError> {
        let plain = |c: Component| matches!(c, Component::Normal(n) if !is_reserved_name(&n.to_string_lossy()));
        if !Path::new(path).components().all(plain) {
            return Err(WriteError::Refused(Refusal::UnsafePath { path: path.to_string() }));
        }
        let path = self.temp.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        let mut file = fs::OpenOptions::new().write(true).create_new(true).open(&path)?;
        // No fsync per file: thousands of them dominate a build, and the rename in `finish`
        // is what makes the swap atomic for other readers.
        file.write_all(bytes)?;
        Ok(file)
    }

    /// Swaps the written folder in as `dir/<id>/` (judged again: the build took a while) and
    /// removes the one it replaces.
    pub(crate) fn finish(mut self) -> Result<Written, WriteError> {
        self.close_pieces()?;
        if let Some(why) = refuse_target(&self.dir, &self.id) {
            return Err(WriteError::Refused(why));
        }
        let old = swap_in(&self.dir, &self.id, &self.temp)?;
        let mut leftovers = std::mem::take(&mut self.leftovers);
        // The new output is in place: an old copy that resists removal is only a leftover.
        if let Some(old) = old {
            if let Err(error) = discard(&old, &self.remove) {
                leftovers.push(Leftover { path: old, error });
            }
        }
        Ok(Written { path: self.target(), leftovers })
    }
}

impl crate::build::Sink for Staged {
    type Error = WriteError;

    fn write(&mut self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        Staged::write(self, path, bytes)
    }

    fn append(&mut self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        Staged::append(self, path, bytes)
    }
}

impl Drop for Staged {
    /// Unfinished, or swapped in (then nothing is left at `temp`).
    fn drop(&mut self) {
        self.pieces.clear();
        let _ = fs::remove_dir_all(&self.temp);
    }
}

/// Writes `files` and the marker as `dir/<id>/`, replacing what was there only when every
/// file is written, and only if [`refuse_target`] allows it.
#[cfg(test)]
fn write_community(dir: &Path, id: &str, files: &[OutputFile]) -> Result<Written, WriteError> {
    write_with(dir, id, files, remove_any)
}

/// [`write_community`], removing leftovers with `remove` (tests make it fail).
#[cfg(test)]
fn write_with(
    dir: &Path,
    id: &str,
    files: &[OutputFile],
    remove: fn(&Path) -> io::Result<()>,
) -> Result<Written, WriteError> {
    let mut staged = stage_with(dir, id, u64::MAX, u64::MAX, remove)?;
    for f in files {
        staged.write(&f.path, &f.bytes)?;
    }
    staged.finish()
}

/// Moves the old folder aside and the new one in; returns where the old one went.
fn swap_in(dir: &Path, id: &str, temp: &Path) -> io::Result<Option<PathBuf>> {
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
    Ok(had_old.then_some(old))
}

/// Removes a replaced folder, its marker first: a folder left half removed is then never
/// taken for a complete output and restored by a later sweep.
fn discard(old: &Path, remove: &dyn Fn(&Path) -> io::Result<()>) -> io::Result<()> {
    if is_marked(old) {
        remove(&old.join(MARKER))?;
    }
    remove(old)
}

/// Removes a file, a symlink (never its target) or a folder tree.
fn remove_any(path: &Path) -> io::Result<()> {
    let meta = fs::symlink_metadata(path)?;
    if meta.is_dir() { fs::remove_dir_all(path) } else { fs::remove_file(path) }
}

/// Cleans up after interrupted builds of this community: temporary folders and replaced
/// folders are removed, except that a complete (marked) replaced folder whose replacement
/// never arrived is restored. Returns what could not be removed.
fn sweep_stale(dir: &Path, id: &str, remove: &dyn Fn(&Path) -> io::Result<()>) -> Vec<Leftover> {
    let mut leftovers = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else { return leftovers };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
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
                    if prefix == OLD_PREFIX && fs::symlink_metadata(&target).is_err() && is_marked(&entry.path()) {
                        let _ = fs::rename(entry.path(), &target);
                    } else if let Err(error) = discard(&entry.path(), remove) {
                        leftovers.push(Leftover { path: entry.path(), error });
                    }
                }
            }
        }
    }
    leftovers
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
        && !is_reserved_name(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile { path: path.into(), bytes: text.as_bytes().to_vec() }
    }

    /// More files written in pieces than may be open at once: each is closed and reopened in
    /// turn, and every piece lands in its file, in order.
    #[test]
    fn files_in_pieces_beyond_the_open_limit_are_complete() {
        let tmp = tempfile::tempdir().unwrap();
        let mut staged = stage(tmp.path(), "c", u64::MAX, u64::MAX).unwrap();
        let files = PIECES_OPEN_MAX * 2 + 1;
        for round in 0..3 {
            for f in 0..files {
                staged.append(&format!("people/p{f}/agenda.ics"), format!("{round};").as_bytes()).unwrap();
            }
        }
        assert!(staged.pieces.len() <= PIECES_OPEN_MAX);
        assert_eq!(staged.files, files);
        let written = staged.finish().unwrap();
        for f in 0..files {
            let text = fs::read_to_string(written.path.join(format!("people/p{f}/agenda.ics"))).unwrap();
            assert_eq!(text, "0;1;2;", "file {f}");
        }
    }

    #[test]
    fn an_interrupted_swap_is_restored_and_stale_temps_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        // A build killed between its two renames (pid 4294967 is not running).
        fs::create_dir_all(dir.join(".commspec-old-c-4294967/g")).unwrap();
        fs::write(dir.join(".commspec-old-c-4294967/g/a.txt"), "previous").unwrap();
        fs::write(dir.join(".commspec-old-c-4294967").join(MARKER), marker_text("c")).unwrap();
        fs::create_dir_all(dir.join(".commspec-tmp-c-4294967")).unwrap();
        assert!(sweep_stale(dir, "c", &remove_any).is_empty());
        assert_eq!(fs::read_to_string(dir.join("c/g/a.txt")).unwrap(), "previous");
        assert!(!dir.join(".commspec-tmp-c-4294967").exists());
        assert!(!dir.join(".commspec-old-c-4294967").exists());
    }

    #[test]
    fn a_running_builds_temp_folder_is_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        // pid 1 always runs; its folder belongs to a concurrent build.
        fs::create_dir_all(dir.join(".commspec-tmp-c-1")).unwrap();
        write_community(dir, "c", &[file("x.txt", "new")]).unwrap();
        if Path::new("/proc").is_dir() {
            assert!(dir.join(".commspec-tmp-c-1").exists());
        }
        assert_eq!(fs::read_to_string(dir.join("c/x.txt")).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_community_folder_is_replaced_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let other = tempfile::tempdir().unwrap();
        let elsewhere = other.path();
        fs::write(elsewhere.join("keep.txt"), "untouched").unwrap();
        std::os::unix::fs::symlink(elsewhere, dir.join("c")).unwrap();
        write_community(dir, "c", &[file("g/a.txt", "new")]).unwrap();
        assert!(!fs::symlink_metadata(dir.join("c")).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_to_string(dir.join("c/g/a.txt")).unwrap(), "new");
        assert_eq!(fs::read_to_string(elsewhere.join("keep.txt")).unwrap(), "untouched");
    }

    #[test]
    fn a_half_removed_old_folder_is_removed_not_restored() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        // Its marker went first, so it is not a complete output.
        fs::create_dir_all(dir.join(".commspec-old-c-4294967/g")).unwrap();
        fs::write(dir.join(".commspec-old-c-4294967/g/a.txt"), "part").unwrap();
        assert!(sweep_stale(dir, "c", &remove_any).is_empty());
        assert_eq!(fs::read_dir(dir).unwrap().count(), 0);
    }

    #[test]
    fn an_old_output_that_resists_removal_is_a_warning_and_swept_next_time() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        write_community(dir, "c", &[file("g/a.txt", "old")]).unwrap();
        // Removing the old copy fails after its marker is gone, as with a file that cannot be
        // deleted inside it.
        let stuck = |p: &Path| {
            if p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(OLD_PREFIX)) {
                return Err(io::Error::new(io::ErrorKind::PermissionDenied, "denied"));
            }
            remove_any(p)
        };
        let written = write_with(dir, "c", &[file("g/a.txt", "new")], stuck).unwrap();
        assert_eq!(written.leftovers.len(), 1, "{:?}", written.leftovers);
        let said = written.leftovers[0].text();
        assert!(said.en().contains(".commspec-old-c-") && said.en().contains("(denied)"), "{said:?}");
        assert_eq!(fs::read_to_string(dir.join("c/g/a.txt")).unwrap(), "new");
        let old = dir.join(format!("{OLD_PREFIX}c-{}", std::process::id()));
        assert!(old.join("g/a.txt").exists() && !old.join(MARKER).exists());
        // The next build sweeps it, and never takes it for a complete output.
        let written = write_community(dir, "c", &[file("g/a.txt", "newer")]).unwrap();
        assert!(written.leftovers.is_empty(), "{:?}", written.leftovers);
        let names: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["c"]);
    }

    #[test]
    fn only_a_marked_empty_or_linked_folder_is_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        assert_eq!(refuse_target(dir, "c"), None);
        fs::create_dir(dir.join("c")).unwrap();
        assert_eq!(refuse_target(dir, "c"), None, "an empty folder");
        fs::write(dir.join("c/notes.md"), "mine").unwrap();
        assert_eq!(refuse_target(dir, "c"), Some(Refusal::NotOurs { target: dir.join("c") }));
        assert!(matches!(
            write_community(dir, "c", &[file("a.txt", "new")]),
            Err(WriteError::Refused(Refusal::NotOurs { .. }))
        ));
        assert_eq!(fs::read_to_string(dir.join("c/notes.md")).unwrap(), "mine");
        fs::write(dir.join("c").join(MARKER), "").unwrap();
        assert_eq!(refuse_target(dir, "c"), None, "a marked folder");
        // A marker that is a folder or a symlink does not count; a plain file at `c` is refused.
        fs::remove_dir_all(dir.join("c")).unwrap();
        fs::create_dir_all(dir.join("c").join(MARKER)).unwrap();
        assert!(refuse_target(dir, "c").is_some());
        fs::remove_dir_all(dir.join("c")).unwrap();
        fs::write(dir.join("c"), "a file").unwrap();
        assert!(refuse_target(dir, "c").is_some());
    }

    #[test]
    fn windows_device_names_are_refused() {
        for name in ["con", "CON", "nul", "Aux", "prn", "com0", "COM9", "lpt1", "con.txt", "nul.tar.gz", "con ", "com¹"]
        {
            assert!(is_reserved_name(name), "{name}");
        }
        for name in ["console", "com10", "lpt", "001-CON", "con-1", "a.con", ""] {
            assert!(!is_reserved_name(name), "{name}");
        }
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        assert!(write_community(dir, "con", &[file("a", "")]).is_err());
        assert!(write_community(dir, "c", &[file("nul/a.txt", "")]).is_err());
        assert!(write_community(dir, "c", &[file("g/COM1.txt", "")]).is_err());
        assert_eq!(fs::read_dir(dir).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn paths_are_judged_where_they_lead() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = fs::canonicalize(tmp.path()).unwrap();
        fs::create_dir_all(dir.join("real/inner")).unwrap();
        std::os::unix::fs::symlink(dir.join("real/inner"), dir.join("link")).unwrap();
        assert_eq!(resolve(&dir.join("new/..")), dir);
        assert_eq!(resolve(&dir.join("new/./x/../../real")), dir.join("real"));
        assert_eq!(resolve(&dir.join("new/../new2/y")), dir.join("new2/y"));
        // `..` after a symlink is the parent of where it leads, as the system takes it.
        assert_eq!(resolve(&dir.join("link")), dir.join("real/inner"));
        assert_eq!(resolve(&dir.join("link/..")), dir.join("real"));
        assert_eq!(resolve(&dir.join("link/new/..")), dir.join("real/inner"));
        assert_eq!(resolve(Path::new("/..")), Path::new("/"));
        assert!(holds(&dir.join("new/.."), &dir.join("real/x.yaml")));
        assert!(!holds(&dir.join("real/inner/out"), &dir.join("real/x.yaml")));
        assert_eq!(refuse_output_dir(Path::new("/commspec-no-such-folder/..")), Some(Refusal::FileSystemRoot));
    }

    #[test]
    fn a_file_past_the_budget_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let mut staged = stage(dir, "c", 5, 4 << 20).unwrap();
        staged.write("a.txt", b"abc").unwrap();
        staged.append("p.json", b"d").unwrap();
        staged.append("p.json", b"e").unwrap();
        assert_eq!((staged.bytes(), staged.files()), (5, 2));
        let refused = staged.write("b.txt", b"f");
        assert!(matches!(refused, Err(WriteError::Refused(Refusal::TooLarge { limit_mib: 4 }))), "{refused:?}");
        let temp = dir.join(format!("{TEMP_PREFIX}c-{}", std::process::id()));
        assert_eq!(fs::read_to_string(temp.join("a.txt")).unwrap(), "abc");
        assert!(!temp.join("b.txt").exists());
        // Dropped unfinished: nothing is left.
        drop(staged);
        assert_eq!(fs::read_dir(dir).unwrap().count(), 0);
    }

    #[test]
    fn unsafe_paths_and_ids_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let refused = |id: &str, path: &str| match write_community(dir, id, &[file(path, "")]) {
            Err(WriteError::Refused(why)) => why,
            other => panic!("{id}, {path}: {other:?}"),
        };
        assert_eq!(refused("../x", "a"), Refusal::UnsafeId { id: "../x".into() });
        assert_eq!(refused("c", "../escape.txt"), Refusal::UnsafePath { path: "../escape.txt".into() });
        assert_eq!(refused("c", "/etc/x"), Refusal::UnsafePath { path: "/etc/x".into() });
        assert!(!dir.join("c").exists() && !dir.parent().unwrap().join("escape.txt").exists());
        let leftovers: Vec<_> = fs::read_dir(dir).unwrap().collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}
