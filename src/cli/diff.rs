//! `commspec diff`: the specs of two folders or files, or of a git revision and the working
//! tree, compiled in memory and compared (`crate::diff`). Git is run as a program (no
//! shell), each file read with `git cat-file`: nothing is checked out, nothing left behind.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use super::{DiffArgs, FAILURE, FOUND, OK, Problem, error, shown};
use crate::check::Options;
use crate::diff::{self, Community, Format};
use crate::i18n::{Text, tr};
use crate::limits::MAX_FILE_BYTES;
use crate::render::Artifacts;
use crate::source::{self, ReadError, SourceFile};
use crate::watchdog;

/// Why `diff` could not compare.
enum Msg<'a> {
    /// Neither two paths nor `--base`.
    Operands { given: usize },
    /// `git` could not be started.
    NoGit { error: std::io::Error },
    /// A git command failed: what it said.
    Git { args: String, said: String },
    /// Two specs of one side with one community id.
    SameId { id: &'a str, first: &'a str, second: &'a str },
}

impl Msg<'_> {
    fn text(&self) -> Text {
        match self {
            Msg::Operands { given } => tr!(
                "give OLD and NEW (two spec files or two folders), or --base REV [PATH…]; {given} paths given",
                "请给出 OLD 和 NEW（两个 spec 文件或两个文件夹），或者 --base REV [PATH…]；现在给了 {given} 个路径"
            ),
            Msg::NoGit { error } => {
                let error = shown(error);
                tr!(
                    "cannot run `git` ({error}): --base needs git on PATH",
                    "无法运行 `git`（{error}）：--base 需要 PATH 中有 git"
                )
            }
            Msg::Git { args, said } => {
                let (args, said) = (shown(args), shown(said.trim()));
                tr!("`git {args}` failed: {said}", "`git {args}` 失败：{said}")
            }
            Msg::SameId { id, first, second } => {
                let (id, first, second) = (shown(id), shown(first), shown(second));
                tr!(
                    "{second} has the community id `{id}` of {first}: it is compared by its file name",
                    "{second} 的社群 id `{id}` 与 {first} 相同：按文件名比较它"
                )
            }
        }
    }
}

pub(super) fn run(args: &DiffArgs, opts: &Options) -> u8 {
    let lang = opts.lang;
    let Some(templates) = super::build::templates(args.templates.as_deref(), lang) else { return FAILURE };
    let templates = Arc::new(templates);
    let sides = match &args.base {
        Some(rev) => {
            let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
            git_side(rev, &paths).and_then(|old| {
                let old = compile_all(old, opts, &templates);
                Ok((old, compile_all(disk_side(&paths)?, opts, &templates)))
            })
        }
        None => match &args.paths[..] {
            [old, new] => disk_side(std::slice::from_ref(old)).and_then(|o| {
                let o = compile_all(o, opts, &templates);
                Ok((o, compile_all(disk_side(std::slice::from_ref(new))?, opts, &templates)))
            }),
            other => Err(Msg::Operands { given: other.len() }.text()),
        },
    };
    let (old, new) = match sides {
        Ok(sides) => sides,
        Err(why) => {
            error(lang, &why);
            return FAILURE;
        }
    };
    let (old, new) = (distinct(old, opts), distinct(new, opts));
    let report = diff::compare(old, new);
    let shown = match args.format {
        Format::Human => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            diff::human(&report, lang, color)
        }
        Format::Markdown => diff::markdown(&report, lang),
        Format::Json => diff::json(&report),
    };
    super::output::out(shown.as_bytes());
    if args.exit_code && !report.summary().is_empty() { FOUND } else { OK }
}

/// One side's specs, before compiling: read, or refused with a located diagnostic.
enum Read {
    Spec(SourceFile),
    Refused(Community),
}

/// The specs under `paths` on disk, as `check` finds them.
fn disk_side(paths: &[PathBuf]) -> Result<Vec<Read>, Text> {
    let (candidates, failures) = source::discover(paths);
    if let Some(f) = failures.first() {
        return Err(Problem::CannotRead { path: &f.path, why: &f.why }.text());
    }
    let mut specs = Vec::new();
    for c in &candidates {
        match source::read(c) {
            Ok(None) => {}
            Ok(Some(mut file)) => {
                file.name = display_name(&file.name);
                specs.push(Read::Spec(file));
            }
            Err(ReadError::Io(why)) => return Err(Problem::CannotRead { path: &c.path, why: &why }.text()),
            Err(ReadError::Invalid(name, text, d)) => {
                specs.push(Read::Refused(diff::unreadable(display_name(&name), std::slice::from_ref(&*d), &text)))
            }
        }
    }
    Ok(specs)
}

/// A path as both sides show it: `./a.yaml` and git's `a.yaml` are one file.
fn display_name(name: &str) -> String {
    name.strip_prefix("./").unwrap_or(name).to_string()
}

/// The specs under `paths` at revision `rev`: `git ls-tree` lists the files (relative to the
/// current folder, as the paths are), `git cat-file` reads each into memory.
fn git_side(rev: &str, paths: &[PathBuf]) -> Result<Vec<Read>, Text> {
    let commit = format!("{rev}^{{commit}}");
    git(&["rev-parse", "--verify", "--quiet", "--end-of-options", &commit]).map_err(|e| match e {
        GitError::Failed(said) if said.trim().is_empty() => {
            let said = tr!("no revision `{rev}` in this repository", "这个仓库里没有版本 `{rev}`");
            Msg::Git { args: format!("rev-parse {rev}"), said: said.en().to_string() }.text()
        }
        e => e.text(&format!("rev-parse {rev}")),
    })?;
    let mut args: Vec<String> =
        ["ls-tree", "-r", "-l", "-z", "--end-of-options", &commit, "--"].map(String::from).into();
    args.extend(paths.iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let listing = git(&args).map_err(|e| e.text("ls-tree"))?;
    let named: Vec<String> = paths.iter().map(|p| display_name(&p.display().to_string())).collect();
    let mut specs = Vec::new();
    for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        // `<mode> <type> <object> <size>\t<path>`
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else { continue };
        let fields: Vec<&str> = meta.split_whitespace().collect();
        let [_, "blob", object, size] = fields[..] else { continue };
        let hidden = Path::new(path).components().any(|c| {
            let c = c.as_os_str().to_string_lossy();
            c.starts_with('.') && c != "." && c != ".." || c == "target" || c == "node_modules"
        });
        let is_named = named.iter().any(|n| n == path);
        if !is_named && (hidden || !(path.ends_with(".yaml") || path.ends_with(".yml"))) {
            continue;
        }
        let name = path.to_string();
        let bytes = if size.parse::<usize>().is_ok_and(|s| s > MAX_FILE_BYTES) {
            // Past the cap: its first bytes are read (they say whether it is a spec), and
            // reading it as a spec refuses it for its size.
            let mut b = git(&["cat-file", "blob", object]).map_err(|e| e.text("cat-file"))?;
            b.truncate(MAX_FILE_BYTES + 1);
            b
        } else {
            git(&["cat-file", "blob", object]).map_err(|e| e.text("cat-file"))?
        };
        match source::from_bytes(PathBuf::from(&name), name.clone(), bytes, is_named) {
            Ok(None) => {}
            Ok(Some(file)) => specs.push(Read::Spec(file)),
            Err(ReadError::Io(_)) => {}
            Err(ReadError::Invalid(name, text, d)) => {
                specs.push(Read::Refused(diff::unreadable(name, std::slice::from_ref(&*d), &text)))
            }
        }
    }
    Ok(specs)
}

enum GitError {
    Missing(std::io::Error),
    Failed(String),
}

impl GitError {
    fn text(self, args: &str) -> Text {
        match self {
            GitError::Missing(error) => Msg::NoGit { error }.text(),
            GitError::Failed(said) => Msg::Git { args: args.to_string(), said }.text(),
        }
    }
}

/// Runs git in the current folder; its standard output, or what it said on failure.
fn git(args: &[&str]) -> Result<Vec<u8>, GitError> {
    let out = Command::new("git").args(args).stdin(Stdio::null()).output().map_err(GitError::Missing)?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(GitError::Failed(String::from_utf8_lossy(&out.stderr).into_owned()))
    }
}

/// Compiles each spec under the watchdog; a spec it stops is shown with its `resource-limit`
/// diagnostic, like one with errors.
fn compile_all(specs: Vec<Read>, opts: &Options, templates: &Arc<Artifacts>) -> Vec<Community> {
    specs
        .into_iter()
        .map(|read| match read {
            Read::Refused(c) => c,
            Read::Spec(file) => {
                let (opts, templates, name) = (opts.clone(), Arc::clone(templates), file.name.clone());
                let compiled =
                    watchdog::run(&file.path, &file.text, move |text| diff::compile(name, text, &opts, &templates));
                match compiled {
                    Ok(c) => c,
                    Err(stopped) => {
                        let said: Vec<_> = stopped.iter().map(|s| s.diagnostic.clone()).collect();
                        diff::unreadable(file.name, &said, &file.text)
                    }
                }
            }
        })
        .collect()
}

/// One side's communities with each id once: a second spec with an id is keyed by its file
/// (and said on standard error), as `check` refuses it.
fn distinct(mut side: Vec<Community>, opts: &Options) -> Vec<Community> {
    let mut seen: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    for c in &mut side {
        let Some(id) = c.id.clone() else { continue };
        match seen.get(&id) {
            Some(first) => {
                super::warning(opts.lang, &Msg::SameId { id: &id, first, second: &c.file }.text());
                c.id = None;
            }
            None => {
                seen.insert(id, c.file.clone());
            }
        }
    }
    side
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sides_name_a_file_alike() {
        assert_eq!(display_name("./specs/a.yaml"), "specs/a.yaml");
        assert_eq!(display_name("a.yaml"), "a.yaml");
    }
}
