//! Everything the commands print goes through here. `println!` and `eprintln!` panic when a
//! write fails, and ignoring the error (as `let _ = …` did) let `render … > file` on a full
//! disk exit 0 with half a file. Here a write never panics, the first error of each stream is
//! kept, and [`finish`] reports it with exit status 2. A closed pipe (`| head`) is not an
//! error: whoever closed it wanted no more.

use std::io::{self, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use super::FAILURE;
use crate::i18n::{Lang, tr};

/// The first write error of standard output and of standard error.
static ERRORS: Mutex<[Option<io::Error>; 2]> = Mutex::new([None, None]);

/// Whether standard output is a closed pipe.
static CLOSED: AtomicBool = AtomicBool::new(false);

const STDOUT: usize = 0;
const STDERR: usize = 1;

/// Writes to standard output.
pub(super) fn out(bytes: &[u8]) {
    let written = io::stdout().lock().write_all(bytes);
    keep(STDOUT, written);
}

/// Writes to standard error.
pub(super) fn err(bytes: &[u8]) {
    let written = io::stderr().lock().write_all(bytes);
    keep(STDERR, written);
}

/// Keeps the first error of `stream`, but a closed pipe.
fn keep(stream: usize, result: io::Result<()>) {
    match result {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
            if stream == STDOUT {
                CLOSED.store(true, Ordering::Relaxed);
            }
        }
        Err(e) => drop(ERRORS.lock().unwrap_or_else(|p| p.into_inner())[stream].get_or_insert(e)),
    }
}

/// Keeps the error of clap printing help, a version or a usage error.
pub(super) fn keep_clap(stderr: bool, result: io::Result<()>) {
    keep(if stderr { STDERR } else { STDOUT }, result);
}

/// Flushes standard output (it holds an unfinished line) and returns the exit status: `code`,
/// or 2 after a write error, which is reported on standard error (in `lang`) when it was
/// standard output's.
pub(super) fn finish(code: u8, lang: Lang) -> u8 {
    let flushed = io::stdout().lock().flush();
    keep(STDOUT, flushed);
    let [stdout, stderr] = std::mem::take(&mut *ERRORS.lock().unwrap_or_else(|p| p.into_inner()));
    if let Some(e) = &stdout {
        let said = tr!("error: writing to standard output: {e}", "错误：无法写入标准输出：{e}");
        let _ = writeln!(io::stderr().lock(), "{}", said.get(lang));
    }
    if stdout.is_some() || stderr.is_some() { FAILURE } else { code }
}

/// For `check --watch`, which never returns: after a round, ends the process as [`finish`]
/// would once a write failed, or standard output is a closed pipe (nobody reads any more).
pub(super) fn stop_if_failed(code: u8, lang: Lang) {
    let flushed = io::stdout().lock().flush();
    keep(STDOUT, flushed);
    let failed = ERRORS.lock().unwrap_or_else(|p| p.into_inner()).iter().any(Option::is_some);
    if failed || CLOSED.load(Ordering::Relaxed) {
        exit(code, lang);
    }
}

/// Ends the process with the status [`finish`] returns: for `check --watch`, and after a
/// stop by the watchdog, whose stopped work nothing else ends.
pub(super) fn exit(code: u8, lang: Lang) -> ! {
    std::process::exit(finish(code, lang).into())
}

/// `println!` through [`out`].
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::output::out(format!("{}\n", format_args!($($arg)*)).as_bytes())
    };
}

/// `eprintln!` through [`err`].
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::cli::output::err(format!("{}\n", format_args!($($arg)*)).as_bytes())
    };
}
