//! A small stable-Rust fuzzer: seeded generators and mutators that know the playground's inputs
//! (manifests, command lines), a runner that catches panics, times every input and keeps the
//! slowest, and the process's peak memory. No nightly, no new dependencies.
//!
//! Start at [`run`]: a target is a function from an input to nothing that must not panic and must
//! return quickly; the runner feeds it mutated seeds for a wall-time budget and reports.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub mod gen;

/// SplitMix64: small, fast and seeded, so a run is reproducible from its seed.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// What one target's run found.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub target: String,
    pub executions: u64,
    pub panics: u64,
    /// The first panicking input, for a regression test.
    pub first_panic: Option<(String, String)>,
    pub slowest: Duration,
    pub slowest_input: String,
    /// The input during which the process's peak memory grew the most, and by how much (KiB):
    /// where to look when the peak is high (`target/fuzz-peak-NAME.txt`).
    pub peak_input: String,
    pub peak_jump_kib: u64,
    pub over_one_second: u64,
    pub elapsed: Duration,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let preview: String = self.slowest_input.chars().take(120).collect();
        write!(
            f,
            "{:<12} {:>9} execs in {:>6.1} s ({:>7.0}/s), {} panics, {} over 1 s, slowest {:.1} ms: {:?}{}",
            self.target,
            self.executions,
            self.elapsed.as_secs_f64(),
            self.executions as f64 / self.elapsed.as_secs_f64().max(1e-9),
            self.panics,
            self.over_one_second,
            self.slowest.as_secs_f64() * 1e3,
            preview,
            if self.slowest_input.chars().count() > 120 { "…" } else { "" }
        )?;
        write!(
            f,
            "\n  largest step of peak memory: +{} MiB (the input is in target/fuzz-peak-{}.txt)",
            self.peak_jump_kib / 1024,
            self.target
        )
    }
}

/// Runs `target` on inputs from `next_input` until `budget` of wall time has passed.
pub fn run(
    name: &str,
    budget: Duration,
    mut next_input: impl FnMut() -> String,
    mut target: impl FnMut(&str),
) -> Report {
    let mut report = Report {
        target: name.to_string(),
        ..Report::default()
    };
    let start = Instant::now();
    // A watchdog: an input still running after 5 s is written to target/fuzz-hang-NAME.txt
    // (a hang never returns to be reported).
    let current: Arc<Mutex<Option<(Instant, String)>>> = Arc::new(Mutex::new(None));
    let done = Arc::new(AtomicBool::new(false));
    let watchdog = {
        let (current, done, name) = (current.clone(), done.clone(), name.to_string());
        std::thread::spawn(move || {
            let mut written = false;
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(250));
                let guard = current.lock().unwrap_or_else(|e| e.into_inner());
                if let Some((t0, input)) = guard.as_ref() {
                    if t0.elapsed() > Duration::from_secs(5) && !written {
                        let path = format!(
                            "{}/../target/fuzz-hang-{name}.txt",
                            env!("CARGO_MANIFEST_DIR")
                        );
                        let _ = std::fs::write(&path, input);
                        eprintln!("dsp-fuzz: an input runs for over 5 s; written to {path}");
                        written = true;
                    }
                } else {
                    written = false;
                }
            }
        })
    };
    let mut high_water = peak_memory_kib().unwrap_or(0);
    while start.elapsed() < budget {
        let input = next_input();
        let t0 = Instant::now();
        *current.lock().unwrap_or_else(|e| e.into_inner()) = Some((t0, input.clone()));
        let outcome = catch_unwind(AssertUnwindSafe(|| target(&input)));
        *current.lock().unwrap_or_else(|e| e.into_inner()) = None;
        let took = t0.elapsed();
        report.executions += 1;
        if took > report.slowest {
            report.slowest = took;
            report.slowest_input = input.clone();
        }
        if took > Duration::from_secs(1) {
            report.over_one_second += 1;
        }
        if let Some(now) = peak_memory_kib().filter(|&k| k > high_water) {
            if now - high_water > report.peak_jump_kib {
                report.peak_jump_kib = now - high_water;
                report.peak_input = input.clone();
            }
            high_water = now;
        }
        if let Err(payload) = outcome {
            report.panics += 1;
            if report.first_panic.is_none() {
                let message = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                report.first_panic = Some((input, message));
            }
        }
    }
    report.elapsed = start.elapsed();
    let path = format!(
        "{}/../target/fuzz-slowest-{name}.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let _ = std::fs::write(path, &report.slowest_input);
    let path = format!(
        "{}/../target/fuzz-peak-{name}.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let _ = std::fs::write(path, &report.peak_input);
    done.store(true, Ordering::Relaxed);
    let _ = watchdog.join();
    report
}

/// The process's peak resident memory in KiB (`VmHWM` in `/proc/self/status`), where the system
/// tells it.
pub fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}
