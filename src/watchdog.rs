//! The last bound on work no fuel counts: wall time per spec and memory of the process.
//!
//! Fuel bounds the instructions a template runs, but one instruction may walk a value whose
//! size grows exponentially with the template: `{% set a = a + a %}` forty times builds,
//! lazily and for little fuel, a list of 2^40 items that `a ~ ''`, `a|length` or `1 in a`
//! then walks in a single step. No rule on the template text catches every such shape, so
//! while a spec is checked or built a watchdog thread bounds the processor time spent on each
//! spec file ([`SPEC_SECONDS_MAX`]) and the memory of the whole process ([`MEMORY_MIB_MAX`]),
//! and stops commspec with a message naming the file when either is exceeded.
//!
//! Time is the working thread's own processor time where the system tells (Linux), so a busy
//! machine, a suspended process or other threads never stop correct work; elsewhere it is
//! wall time. A stopped build leaves
//! the previous output untouched: `emit` writes beside it and swaps, and sweeps leftovers.
//!
//! The limits may be lowered, never raised, with `COMMSPEC_SPEC_SECONDS_MAX` and
//! `COMMSPEC_MEMORY_MIB_MAX` (for a tighter CI budget, and for the tests that hit them).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, Weak};
use std::time::{Duration, Instant};

use crate::limits::{MEMORY_MIB_MAX, SPEC_SECONDS_MAX};

/// How often the watchdog looks: memory can grow a few hundred megabytes in between.
const POLL: Duration = Duration::from_millis(50);

/// What one thread is working on: the spec file and its clock at the start.
type Work = Mutex<Option<(PathBuf, Clock)>>;
type Slot = Arc<Work>;

/// Every thread's slot; a thread that has ended leaves a dead `Weak`, dropped by the watchdog.
static SLOTS: Mutex<Vec<Weak<Work>>> = Mutex::new(Vec::new());

thread_local! {
    static MINE: Slot = register();
}

/// Marks the calling thread as working on `path` until the returned guard is dropped.
pub fn watch(path: &Path) -> Watch {
    static STARTED: OnceLock<()> = OnceLock::new();
    STARTED.get_or_init(|| {
        let limits = Limits::from_env();
        // Without a watchdog thread (the system refused one) the fuel limits still apply.
        let _ = std::thread::Builder::new().name("commspec-watchdog".into()).spawn(move || run(limits));
    });
    MINE.with(|slot| *lock(slot) = Some((path.to_path_buf(), Clock::start())));
    Watch(std::marker::PhantomData)
}

/// Ends the watch of [`watch`] when dropped, on the thread that started it (hence not `Send`).
pub struct Watch(std::marker::PhantomData<*const ()>);

impl Drop for Watch {
    fn drop(&mut self) {
        MINE.with(|slot| *lock(slot) = None);
    }
}

fn register() -> Slot {
    let slot = Slot::default();
    lock(&SLOTS).push(Arc::downgrade(&slot));
    slot
}

/// A panic elsewhere never leaves these locks holding anything inconsistent.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

struct Limits {
    seconds: u64,
    mib: u64,
}

impl Limits {
    fn from_env() -> Self {
        Limits {
            seconds: lowered(std::env::var("COMMSPEC_SPEC_SECONDS_MAX").ok(), SPEC_SECONDS_MAX),
            mib: lowered(std::env::var("COMMSPEC_MEMORY_MIB_MAX").ok(), MEMORY_MIB_MAX),
        }
    }
}

/// `max`, or a lower positive whole number from the environment.
fn lowered(var: Option<String>, max: u64) -> u64 {
    var.and_then(|v| v.trim().parse::<u64>().ok()).filter(|v| *v > 0).map_or(max, |v| v.min(max))
}

fn run(limits: Limits) {
    loop {
        std::thread::sleep(POLL);
        let busy: Vec<(PathBuf, Duration)> = {
            let mut slots = lock(&SLOTS);
            slots.retain(|slot| slot.strong_count() > 0);
            slots
                .iter()
                .filter_map(Weak::upgrade)
                .filter_map(|slot| lock(&slot).as_ref().map(|(path, clock)| (path.clone(), clock.spent())))
                .collect()
        };
        if let Some((path, _)) = busy.iter().find(|(_, spent)| spent.as_secs() >= limits.seconds) {
            stop(&format!(
                "{}: checking this spec took longer than the limit of {} s of processor time and commspec stopped",
                crate::report::visible(&path.display().to_string()),
                limits.seconds
            ));
        }
        if resident_mib().is_some_and(|mib| mib > limits.mib) {
            let files: Vec<String> =
                busy.iter().map(|(p, _)| crate::report::visible(&p.display().to_string()).into_owned()).collect();
            let during = if files.is_empty() { String::new() } else { format!(" while checking {}", files.join(", ")) };
            stop(&format!("commspec used more than the limit of {} MiB of memory{during} and stopped", limits.mib));
        }
    }
}

/// A thread's clock: its processor time where `/proc` tells, else the wall clock.
#[derive(Clone)]
enum Clock {
    /// The thread's id and its processor time at the start, in clock ticks.
    Cpu {
        tid: String,
        at: u64,
    },
    Wall(Instant),
}

/// Clock ticks per second in `/proc/*/stat`: `USER_HZ`, fixed at 100 by the Linux ABI.
const TICKS_PER_SECOND: u64 = 100;

impl Clock {
    /// Called on the working thread: `/proc/thread-self` names it.
    fn start() -> Clock {
        let tid = std::fs::read_link("/proc/thread-self")
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()));
        match tid.and_then(|tid| cpu_ticks(&tid).map(|at| (tid, at))) {
            Some((tid, at)) => Clock::Cpu { tid, at },
            None => Clock::Wall(Instant::now()),
        }
    }

    /// Time spent since the start; zero if the thread can no longer be read (it has ended).
    fn spent(&self) -> Duration {
        match self {
            Clock::Cpu { tid, at } => {
                let ticks = cpu_ticks(tid).map_or(0, |now| now.saturating_sub(*at));
                Duration::from_millis(ticks * 1000 / TICKS_PER_SECOND)
            }
            Clock::Wall(since) => since.elapsed(),
        }
    }
}

/// User plus system time of thread `tid` of this process, in clock ticks (`proc(5)`: fields 14
/// and 15 of `stat`, counted after the command name, which may hold spaces and parentheses).
fn cpu_ticks(tid: &str) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/self/task/{tid}/stat")).ok()?;
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some(user + system)
}

fn stop(message: &str) -> ! {
    // `eprintln!` would panic this thread, not stop the process, if stderr cannot be written.
    let _ = writeln!(
        std::io::stderr().lock(),
        "error[resource-limit]: {message}\n  help: a template probably builds a huge value in a few steps (a list \
         added to itself in a loop, or nested many levels deep); simplify it. Output already written by earlier \
         builds is untouched."
    );
    std::process::exit(1)
}

/// The process's resident memory, where the system tells (Linux); elsewhere only fuel applies.
fn resident_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.trim_start_matches("VmRSS:").trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kib / 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_may_be_lowered_never_raised() {
        let var = |s: &str| Some(s.to_string());
        assert_eq!(lowered(var("5"), 60), 5);
        assert_eq!(lowered(var(" 5 "), 60), 5);
        for ignored in [var("999999"), var("0"), var("-1"), var("5s"), var(""), None] {
            assert_eq!(lowered(ignored, 60), 60);
        }
    }

    #[test]
    fn processor_time_counts_work_not_waiting() {
        if !cfg!(target_os = "linux") {
            return;
        }
        let clock = Clock::start();
        assert!(matches!(clock, Clock::Cpu { .. }), "thread processor time is readable on Linux");
        std::thread::sleep(Duration::from_millis(300));
        let idle = clock.spent();
        // Busy until the clock has moved: the loop ends by the clock, not by a bound on time.
        let mut n = 0u64;
        while clock.spent() <= idle {
            n = std::hint::black_box(n.wrapping_add(1));
        }
        assert!(idle < Duration::from_millis(300), "sleeping is not counted: {idle:?}");
    }

    #[test]
    fn resident_memory_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(resident_mib().is_some_and(|mib| mib < MEMORY_MIB_MAX));
        }
    }
}
