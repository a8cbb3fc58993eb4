//! The last bound on work no fuel counts: processor time per spec and memory of the process.
//!
//! Fuel bounds the instructions a template runs, but one instruction may walk a value whose
//! size grows exponentially with the template: `{% set a = a + a %}` forty times builds,
//! lazily and for little fuel, a list of 2^40 items that `a ~ ''`, `a|length` or `1 in a`
//! then walks in a single step. No rule on the template text catches every such shape, so
//! while a spec is checked or built a watchdog thread bounds the processor time spent on each
//! spec file ([`SPEC_SECONDS_MAX`] for each started [`TASKS_PER_TIME_BOUND`] tasks of its plan:
//! the bound grows with the work the spec legitimately asks for, so a large plan is never
//! stopped for its size) and, while specs are worked on, the memory of the whole process
//! ([`MEMORY_MIB_MAX`]).
//!
//! Time is the working thread's own processor time where the system tells (Linux), so a busy
//! machine, a suspended process or other threads never stop correct work; elsewhere it is
//! wall time.
//!
//! Nothing can interrupt a template in the middle of an instruction, so the work runs on
//! threads of [`map`] while the calling thread waits. When a bound is hit, the watchdog hands
//! that thread a `resource-limit` diagnostic for each spec it stops, located at the template
//! being rendered (else the start of the file), naming the bound and the size of the work;
//! the command reports it with everything found before, like any other diagnostic, and ends
//! the process (the stopped work still runs). A stopped build leaves the previous output
//! untouched: `emit` writes beside it and swaps, and sweeps leftovers.
//!
//! The limits may be lowered, never raised, with `COMMSPEC_SPEC_SECONDS_MAX` and
//! `COMMSPEC_MEMORY_MIB_MAX` (for a tighter CI budget, and for the tests that hit them).

use std::cell::OnceCell;
use std::io::Write;
use std::marker::PhantomData;
use std::ops::Range;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError, Weak};
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Message, Rule, Said};
use crate::i18n::{Lang, tr};
use crate::limits::{MEMORY_MIB_MAX, SPEC_SECONDS_MAX, TASKS_PER_TIME_BOUND};

/// How often the watchdog looks: memory can grow a few hundred megabytes in between.
const POLL: Duration = Duration::from_millis(50);

/// A spec the watchdog stopped: its file, its text, and the `resource-limit` diagnostic.
#[derive(Debug, Clone)]
pub(crate) struct Stopped {
    pub(crate) path: PathBuf,
    pub(crate) text: Arc<str>,
    pub(crate) diagnostic: Diagnostic,
}

/// What [`map`] returns when the watchdog stopped a work: the results finished before it, in
/// the items' order (`None` for the others), and the specs stopped.
pub(crate) struct Halt<R> {
    pub(crate) done: Vec<Option<R>>,
    pub(crate) stopped: Vec<Stopped>,
}

/// What the workers and the watchdog tell the thread waiting in [`map`].
enum Event<R> {
    Done(usize, R),
    Panicked(Box<dyn std::any::Any + Send>),
    Stopped(Vec<Stopped>),
}

/// Tells the thread waiting in the running [`map`] (one runs at a time) which specs were stopped.
type Listener = Box<dyn Fn(Vec<Stopped>) + Send>;

static LISTENER: Mutex<Option<Listener>> = Mutex::new(None);

/// Runs `work` on every item on up to `threads` threads of its own while the calling thread
/// waits, and returns the results in the items' order. When the watchdog stops a work (each
/// work marks what it works on with [`watch`]), returns at once what was finished and what
/// was stopped; the stopped work cannot be interrupted and goes on, so the caller reports and
/// ends the process. A panic in `work` is resumed here.
pub(crate) fn map<T, R, F>(items: Vec<T>, threads: usize, work: F) -> Result<Vec<R>, Halt<R>>
where
    T: Send + 'static,
    R: Send + 'static,
    F: Fn(T) -> R + Send + Sync + 'static,
{
    let count = items.len();
    let queue = Arc::new(Mutex::new(items.into_iter().enumerate()));
    let work = Arc::new(work);
    let (tx, rx) = mpsc::channel();
    // Listening before any work starts: a stop always finds someone to tell.
    let listening = Listening::start(tx.clone());
    let mut workers = 0;
    for _ in 0..threads.clamp(1, count.max(1)) {
        let (queue, work, tx) = (Arc::clone(&queue), Arc::clone(&work), tx.clone());
        let worker = move || {
            loop {
                let next = lock(&queue).next();
                let Some((i, item)) = next else { break };
                let event = match panic::catch_unwind(AssertUnwindSafe(|| work(item))) {
                    Ok(r) => Event::Done(i, r),
                    Err(p) => Event::Panicked(p),
                };
                if tx.send(event).is_err() {
                    break;
                }
            }
        };
        workers += usize::from(std::thread::Builder::new().name("commspec-worker".into()).spawn(worker).is_ok());
    }
    drop(tx);
    if workers == 0 {
        // No thread could be started: the work runs here, and a bound hit ends the process.
        drop(listening);
        let mut queue = lock(&queue);
        return Ok(queue.by_ref().map(|(_, item)| work(item)).collect());
    }
    let mut done: Vec<Option<R>> = std::iter::repeat_with(|| None).take(count).collect();
    for _ in 0..count {
        match rx.recv() {
            Ok(Event::Done(i, r)) => done[i] = Some(r),
            Ok(Event::Panicked(p)) => panic::resume_unwind(p),
            Ok(Event::Stopped(stopped)) => return Err(Halt { done, stopped }),
            // The listener keeps a sender until this returns.
            Err(_) => break,
        }
    }
    Ok(done.into_iter().flatten().collect())
}

/// [`map`] of one work on the spec `path`, watched; `work` gets the spec's text.
pub(crate) fn run<R: Send + 'static>(
    path: &Path,
    text: &str,
    work: impl FnOnce(&str) -> R + Send + 'static,
) -> Result<R, Vec<Stopped>> {
    let (path, text) = (path.to_path_buf(), text.to_string());
    let job = move || {
        let _watch = watch(&path, &text);
        work(&text)
    };
    match map(vec![job], 1, |job| job()) {
        // One work, one result.
        Ok(results) => results.into_iter().next().ok_or_else(Vec::new),
        Err(halt) => Err(halt.stopped),
    }
}

/// The listener of one [`map`], removed when it returns.
struct Listening;

impl Listening {
    fn start<R: Send + 'static>(tx: Sender<Event<R>>) -> Listening {
        *lock(&LISTENER) = Some(Box::new(move |stopped| {
            let _ = tx.send(Event::Stopped(stopped));
        }));
        Listening
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        *lock(&LISTENER) = None;
    }
}

/// What one thread is working on.
struct Work {
    path: PathBuf,
    text: Arc<str>,
    clock: Clock,
    /// Groups and dated tasks per group, once the plan is known.
    plan: Option<(usize, usize)>,
    /// The template being rendered, if one is.
    at: Option<Range<usize>>,
    /// Reported, or given up with the run that was stopped: never looked at again.
    stopped: bool,
}

type Slot = Arc<Mutex<Option<Work>>>;

/// Every watching thread's slot; a thread that has ended leaves a dead `Weak`, dropped by the
/// watchdog.
static SLOTS: Mutex<Vec<Weak<Mutex<Option<Work>>>>> = Mutex::new(Vec::new());

thread_local! {
    /// The calling thread's slot, registered at its first [`watch`].
    static MINE: OnceCell<Slot> = const { OnceCell::new() };
}

/// Marks the calling thread as working on the spec `path`, whose text is `text`, until the
/// returned guard is dropped.
pub(crate) fn watch(path: &Path, text: &str) -> Watch {
    static STARTED: OnceLock<()> = OnceLock::new();
    STARTED.get_or_init(|| {
        let limits = Limits::from_env();
        // Without a watchdog thread (the system refused one) the fuel limits still apply.
        let _ = std::thread::Builder::new().name("commspec-watchdog".into()).spawn(move || patrol(&limits));
    });
    let work = Work {
        path: path.to_path_buf(),
        text: text.into(),
        clock: Clock::start(),
        plan: None,
        at: None,
        stopped: false,
    };
    MINE.with(|mine| *lock(mine.get_or_init(register)) = Some(work));
    Watch(PhantomData)
}

/// Ends the watch of [`watch`] when dropped, on the thread that started it (hence not `Send`).
pub(crate) struct Watch(PhantomData<*const ()>);

impl Drop for Watch {
    fn drop(&mut self) {
        MINE.with(|mine| {
            if let Some(slot) = mine.get() {
                *lock(slot) = None;
            }
        });
    }
}

/// Notes the size of the plan of the spec the calling thread works on, for the report.
pub(crate) fn note_plan(groups: usize, tasks_per_group: usize) {
    with_work(|w| w.plan = Some((groups, tasks_per_group)));
}

/// Notes that the calling thread renders the template at `span` until the guard is dropped,
/// so that a stop points at it.
pub(crate) fn rendering(span: Option<Range<usize>>) -> Rendering {
    with_work(|w| w.at = span);
    Rendering(PhantomData)
}

/// Ends the note of [`rendering`] when dropped.
pub(crate) struct Rendering(PhantomData<*const ()>);

impl Drop for Rendering {
    fn drop(&mut self) {
        with_work(|w| w.at = None);
    }
}

/// Changes the calling thread's work, if it is watched.
fn with_work(change: impl FnOnce(&mut Work)) {
    MINE.with(|mine| {
        if let Some(work) = mine.get().map(|slot| lock(slot)).as_deref_mut().and_then(Option::as_mut) {
            change(work);
        }
    });
}

fn register() -> Slot {
    let slot = Slot::default();
    lock(&SLOTS).push(Arc::downgrade(&slot));
    slot
}

/// A panic elsewhere never leaves these locks holding anything inconsistent.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
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

/// The watchdog thread.
fn patrol(limits: &Limits) {
    loop {
        std::thread::sleep(POLL);
        // Looked at under the listener's lock: a map that returns meanwhile waits, so a stop
        // always finds the listener of the map whose work it stops.
        let listener = lock(&LISTENER);
        let stopped = overdue(limits);
        if stopped.is_empty() {
            continue;
        }
        match listener.as_ref() {
            Some(tell) => tell(stopped),
            None => exit(&stopped),
        }
    }
}

/// A bound that was hit.
#[derive(Debug, Clone, Copy)]
enum Bound {
    Seconds(u64),
    Mib(u64),
}

/// The works past a bound, sorted by file. Once one is, every work is marked stopped: the
/// run they belong to ends.
fn overdue(limits: &Limits) -> Vec<Stopped> {
    let slots: Vec<Slot> = {
        let mut slots = lock(&SLOTS);
        slots.retain(|slot| slot.strong_count() > 0);
        slots.iter().filter_map(Weak::upgrade).collect()
    };
    let mut memory: Option<bool> = None;
    let mut stopped = Vec::new();
    for slot in &slots {
        let mut slot = lock(slot);
        let Some(work) = slot.as_mut().filter(|w| !w.stopped) else { continue };
        let seconds = work.seconds(limits.seconds);
        let bound = if work.clock.spent().as_secs() >= seconds {
            Some(Bound::Seconds(seconds))
        } else if *memory.get_or_insert_with(|| resident_mib().is_some_and(|mib| mib > limits.mib)) {
            Some(Bound::Mib(limits.mib))
        } else {
            None
        };
        if let Some(bound) = bound {
            stopped.push(work.stop(bound));
        }
    }
    if !stopped.is_empty() {
        for slot in &slots {
            if let Some(work) = lock(slot).as_mut() {
                work.stopped = true;
            }
        }
    }
    stopped.sort_by(|a, b| a.path.cmp(&b.path));
    stopped
}

impl Work {
    /// The time bound of this work: `seconds` for each started [`TASKS_PER_TIME_BOUND`] tasks
    /// of its plan (groups × (tasks per group + 1)), and `seconds` before the plan is known
    /// (reading, validating and planning are bounded by the input limits).
    fn seconds(&self, seconds: u64) -> u64 {
        let tasks =
            self.plan.map_or(0, |(groups, tasks)| (groups as u64).saturating_mul((tasks as u64).saturating_add(1)));
        seconds.saturating_mul(tasks.div_ceil(TASKS_PER_TIME_BOUND).max(1))
    }

    fn stop(&mut self, bound: Bound) -> Stopped {
        self.stopped = true;
        Stopped { path: self.path.clone(), text: Arc::clone(&self.text), diagnostic: self.diagnostic(bound) }
    }

    /// Names the bound and the size of the work, located at the template being rendered.
    fn diagnostic(&self, bound: Bound) -> Diagnostic {
        let stop = Stop {
            bound,
            processor_time: matches!(self.clock, Clock::Cpu { .. }),
            kib: self.text.len().div_ceil(1024),
            plan: self.plan,
            rendering: self.at.is_some(),
        };
        Diagnostic::of(self.at.clone().unwrap_or(0..0), &stop)
    }
}

/// What the watchdog says when it stops a spec: the bound, and the size of the work.
struct Stop {
    bound: Bound,
    /// Whether time is the thread's processor time (else wall time).
    processor_time: bool,
    /// The spec's size.
    kib: usize,
    /// Groups and dated tasks per group, once the plan is known.
    plan: Option<(usize, usize)>,
    /// Whether a template was being rendered.
    rendering: bool,
}

impl Message for Stop {
    fn rule(&self) -> Rule {
        Rule::ResourceLimit
    }

    fn said(&self) -> Said {
        let kib = self.kib;
        let size = match self.plan {
            Some((groups, tasks)) => {
                let (groups_en, tasks_en) = (count(groups, "group"), count(tasks, "dated task"));
                tr!(
                    "it is {kib} KiB and plans {groups_en} with {tasks_en} each",
                    "这个 spec 有 {kib} KiB，计划了 {groups} 个群，每个群 {tasks} 个定时任务"
                )
            }
            None => tr!("it is {kib} KiB", "这个 spec 有 {kib} KiB"),
        };
        let (size_en, size_zh) = (size.en(), size.get(Lang::Zh));
        let (message, variable) = match self.bound {
            Bound::Seconds(s) if self.processor_time => (
                tr!(
                    "commspec stopped: this spec took more than the limit of {s} s of processor time; {size_en}",
                    "commspec 已停止：这个 spec 用掉的处理器时间超过了 {s} 秒的上限；{size_zh}"
                ),
                "COMMSPEC_SPEC_SECONDS_MAX",
            ),
            Bound::Seconds(s) => (
                tr!(
                    "commspec stopped: this spec took more than the limit of {s} s; {size_en}",
                    "commspec 已停止：这个 spec 的用时超过了 {s} 秒的上限；{size_zh}"
                ),
                "COMMSPEC_SPEC_SECONDS_MAX",
            ),
            Bound::Mib(m) => (
                tr!(
                    "commspec stopped: the process held more than the limit of {m} MiB of memory while working on \
                     this spec; {size_en}",
                    "commspec 已停止：处理这个 spec 时，进程占用的内存超过了 {m} MiB 的上限；{size_zh}"
                ),
                "COMMSPEC_MEMORY_MIB_MAX",
            ),
        };
        let label = if self.rendering {
            tr!("commspec was rendering this template when it stopped", "commspec 停止时正在渲染这个模板")
        } else {
            tr!("commspec was working on this spec when it stopped", "commspec 停止时正在处理这个 spec")
        };
        let help = tr!(
            "make the spec do less work: fewer groups, fewer planned days or simpler templates; the limit can be \
             lowered with `{variable}`, never raised",
            "请减少这个 spec 的工作量：减少群的数量或规划的天数，或简化模板；这个上限可以用 `{variable}` 调低，不能调高"
        );
        Said { message, label, help }
    }
}

/// `1 group`, `2 groups`.
fn count(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

/// Ends the process for works no [`map`] waits for (its threads could not be started): only
/// the message can be given, on standard error.
fn exit(stopped: &[Stopped]) -> ! {
    let mut err = std::io::stderr().lock();
    for s in stopped {
        let (d, file) = (&s.diagnostic, crate::diagnostics::visible(&s.path.display().to_string()).into_owned());
        // `eprintln!` would panic this thread, not stop the process, if stderr cannot be written.
        let _ = writeln!(err, "error[resource-limit]: {file}: {}", d.message.en());
        if let Some(help) = &d.help {
            let _ = writeln!(err, "  help: {}", help.en());
        }
    }
    std::process::exit(1)
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

    #[test]
    fn map_keeps_the_order_of_the_items_on_its_own_threads() {
        let caller = std::thread::current().id();
        let done = map((0..100).collect(), 3, move |i: u64| (i * 2, std::thread::current().id() != caller));
        let done = done.unwrap_or_else(|_| panic!("nothing is watched, nothing is stopped"));
        assert_eq!(done, (0..100).map(|i| (i * 2, true)).collect::<Vec<_>>());
        assert_eq!(run(Path::new("spec.yaml"), "text", |text| text.len()).ok(), Some(4));
        assert!(lock(&LISTENER).is_none(), "the listener is removed when map returns");
    }

    #[test]
    fn a_panic_in_the_work_is_resumed_by_the_caller() {
        let caught = panic::catch_unwind(|| run(Path::new("spec.yaml"), "", |_| -> u8 { panic!("in the work") }));
        let payload = caught.err().and_then(|p| p.downcast_ref::<&str>().map(|s| s.to_string()));
        assert_eq!(payload.as_deref(), Some("in the work"));
    }

    fn work(text: &str, plan: Option<(usize, usize)>, at: Option<Range<usize>>) -> Work {
        let clock = Clock::start();
        Work { path: "spec.yaml".into(), text: text.into(), clock, plan, at, stopped: false }
    }

    #[test]
    fn the_report_names_the_bound_and_the_size_of_the_work() {
        let text = "x".repeat(5000);
        let cpu = if cfg!(target_os = "linux") { " of processor time" } else { "" };
        let d = work(&text, None, None).diagnostic(Bound::Seconds(60));
        assert_eq!(d.rule, Rule::ResourceLimit);
        assert_eq!(
            d.message.en(),
            format!("commspec stopped: this spec took more than the limit of 60 s{cpu}; it is 5 KiB")
        );
        assert_eq!((d.span.clone(), d.label.en()), (0..0, "commspec was working on this spec when it stopped"));
        assert!(d.help.as_ref().is_some_and(|h| h.en().contains("`COMMSPEC_SPEC_SECONDS_MAX`")), "{d:?}");
        let d = work(&text, Some((40, 1)), Some(10..20)).diagnostic(Bound::Mib(3072));
        assert_eq!(
            d.message.en(),
            "commspec stopped: the process held more than the limit of 3072 MiB of memory while working on this \
             spec; it is 5 KiB and plans 40 groups with 1 dated task each"
        );
        assert_eq!((d.span.clone(), d.label.en()), (10..20, "commspec was rendering this template when it stopped"));
        assert!(d.help.as_ref().is_some_and(|h| h.en().contains("`COMMSPEC_MEMORY_MIB_MAX`")), "{d:?}");
        assert_eq!(
            d.message.get(crate::i18n::Lang::Zh),
            "commspec 已停止：处理这个 spec 时，进程占用的内存超过了 3072 MiB 的上限；这个 spec 有 5 KiB，计划了 40 个群，\
             每个群 1 个定时任务"
        );
    }

    #[test]
    fn the_time_bound_grows_with_the_plan() {
        assert_eq!(work("x", None, None).seconds(60), 60);
        assert_eq!(work("x", Some((1, 20)), None).seconds(60), 60);
        // 10,000 groups × 21: three bounds' worth of tasks.
        assert_eq!(work("x", Some((10_000, 20)), None).seconds(60), 180);
        assert_eq!(work("x", Some((10_000, 20)), None).seconds(1), 3);
        assert_eq!(work("x", Some((usize::MAX, usize::MAX)), None).seconds(60), u64::MAX.div_ceil(100_000) * 60);
    }

    #[test]
    fn the_report_is_in_chinese_too() {
        let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        for (plan, at) in [(None, None), (Some((1, 3200)), Some(1..2))] {
            for bound in [Bound::Seconds(60), Bound::Mib(3072)] {
                let d = work("x", plan, at.clone()).diagnostic(bound);
                for text in [Some(&d.message), Some(&d.label), d.help.as_ref()].into_iter().flatten() {
                    let (en, zh) = (text.en(), text.get(crate::i18n::Lang::Zh));
                    assert!(cjk(zh) && !zh.contains(" the "), "`{en}` is not translated: {zh}");
                }
            }
        }
    }
}
