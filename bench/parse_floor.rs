//! The benchmark's floor: read every file and parse it with `serde_yaml` into a
//! `serde_yaml::Value`, on one thread, and nothing else. No linter can check a spec faster
//! than it can read and parse it, so `bench/run.py` reports `commspec check` as a ratio to
//! this.
//!
//! ```sh
//! cargo build --release --example parse-floor
//! target/release/examples/parse-floor FILE_OR_DIR...   # directories: every *.yaml / *.yml inside
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_dir() {
        let mut entries = std::fs::read_dir(path)?.map(|e| e.map(|e| e.path())).collect::<std::io::Result<Vec<_>>>()?;
        entries.sort();
        for entry in entries {
            if entry.is_dir() {
                collect(&entry, out)?;
            } else if matches!(entry.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
                out.push(entry);
            }
        }
    } else {
        out.push(path.to_path_buf());
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if args.is_empty() {
        eprintln!("usage: parse-floor FILE_OR_DIR...");
        return ExitCode::from(2);
    }
    let mut files = Vec::new();
    for arg in &args {
        if let Err(e) = collect(arg, &mut files) {
            eprintln!("parse-floor: {}: {e}", arg.display());
            return ExitCode::from(2);
        }
    }
    let (mut bytes, mut failed) = (0usize, 0usize);
    for file in &files {
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("parse-floor: {}: {e}", file.display());
                return ExitCode::from(2);
            }
        };
        bytes += text.len();
        if let Err(e) = serde_yaml::from_str::<serde_yaml::Value>(&text) {
            eprintln!("parse-floor: {}: {e}", file.display());
            failed += 1;
        }
    }
    eprintln!("parse-floor: parsed {} files ({bytes} bytes), {failed} failed", files.len());
    if failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}
