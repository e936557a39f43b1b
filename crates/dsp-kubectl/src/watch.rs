//! Watches over simulated time: `kubectl get -w`, `kubectl events -w` and `kubectl rollout
//! status` wait by letting the simulation run. Their caps and timeout flags live here.

use crate::args::Args;
use crate::tabwriter;
use crate::Ctx;
use dsp_core::{SimDuration, Simulation};

/// How long `rollout status` without `--timeout` keeps watching simulated time.
pub const DEFAULT_WATCH_CAP: SimDuration = SimDuration::from_mins(10);

/// The most lines one `kubectl get --watch` prints before the playground stops it.
const WATCH_LINE_CAP: usize = 2_000;
/// How many object rows one watch may look at over all its instants (a watch of 5,000 nodes
/// through a long crash loop would otherwise keep the page busy for many seconds).
const WATCH_WORK_CAP: usize = 1_000_000;

/// The most timers one line may fire: the simulated work of a watch, `rollout status`, a
/// delete's wait or a `sleep`, whatever its timeout (a crash loop on 1,000 nodes fires
/// tens of thousands of timers a simulated hour, a million a day).
pub const COMMAND_TIMER_CAP: u64 = 250_000;
/// The most instants one watch or `rollout status` runs through, whatever its timeout (a
/// `--request-timeout=2562047h` over a crash loop otherwise ran for centuries of simulated
/// time, even when no row changed). A rolling update takes about five instants per node, so a
/// 5,000-node rollout one node at a time needs two or three `rollout status` to follow.
pub const WATCH_INSTANT_CAP: usize = 20_000;

/// Counts what a watch has done against [`COMMAND_TIMER_CAP`] and [`WATCH_INSTANT_CAP`].
pub(crate) struct WorkMeter {
    start_timers: u64,
    instants: usize,
}

impl WorkMeter {
    pub(crate) fn new(sim: &Simulation) -> Self {
        WorkMeter {
            start_timers: sim.timers_fired(),
            instants: 0,
        }
    }

    /// Counts one instant; `Some(note)` when the watch must stop before running another: at
    /// the caps, or when the host says so ([`crate::Io::keep_waiting`], its wall-clock budget).
    pub(crate) fn exhausted(&mut self, sim: &Simulation, io: &mut dyn crate::Io) -> Option<String> {
        let timers = sim.timers_fired() - self.start_timers;
        if timers >= COMMAND_TIMER_CAP || self.instants >= WATCH_INSTANT_CAP {
            return Some(format!(
                "(the playground stops watching at {} of simulated time: {} instants and {timers} timer events are its limit for one command, whatever the timeout)",
                crate::shell::now_text(sim.now()),
                self.instants
            ));
        }
        if !io.keep_waiting() {
            return Some(format!(
                "(the playground stops watching at {} of simulated time: the command has run for as long as it may in real time; run it again to go on)",
                crate::shell::now_text(sim.now()),
            ));
        }
        self.instants += 1;
        None
    }
}

/// `--request-timeout` of a watch (`None`: the playground's cap), checked before anything prints.
pub(crate) fn watch_timeout(args: &Args) -> Result<Option<SimDuration>, String> {
    match args.value("request-timeout") {
        None | Some("0") => Ok(None),
        Some(t) => match SimDuration::parse(t) {
            Ok(d) if d.0 > 0 => Ok(Some(d)),
            Ok(_) => Ok(None),
            Err(e) => Err(format!(
                "error: invalid argument \"{t}\" for \"--request-timeout\" flag: {e}"
            )),
        },
    }
}

/// Runs simulated time for a watch: after each instant, `changes` gives the rows to print and
/// how many objects it looked at. It stops when nothing is left to happen, at
/// `--request-timeout`, after ten minutes, after `WATCH_LINE_CAP` lines or `WATCH_WORK_CAP`
/// rows looked at, saying which.
pub(crate) fn run_watch(
    ctx: &mut Ctx<'_>,
    args: &Args,
    out: &mut WatchPrinter,
    header: &[String],
    mut changes: impl FnMut(&Simulation) -> Result<(Vec<Vec<String>>, usize), String>,
) -> Result<(), String> {
    let timeout = watch_timeout(args)?;
    let deadline = ctx.sim.now() + timeout.unwrap_or(DEFAULT_WATCH_CAP);
    let mut work = 0;
    let mut meter = WorkMeter::new(ctx.sim);
    loop {
        if out.printed >= WATCH_LINE_CAP {
            ctx.note(&format!(
                "(the playground stops a watch after {WATCH_LINE_CAP} lines)"
            ));
            return Ok(());
        }
        if work >= WATCH_WORK_CAP {
            ctx.note("(the playground stops a watch that has looked at a million rows; narrow it with a name, -l or --field-selector)");
            return Ok(());
        }
        let Some(t) = ctx.sim.next_timer().filter(|t| *t <= deadline) else {
            break;
        };
        if let Some(note) = meter.exhausted(ctx.sim, ctx.io) {
            ctx.note(&note);
            return Ok(());
        }
        ctx.sim.advance_to(t);
        let (block, looked_at) = changes(ctx.sim)?;
        work += looked_at;
        out.print(ctx, block, header);
    }
    if ctx.sim.next_timer().is_some() {
        ctx.sim.advance_to(deadline);
        if timeout.is_none() {
            ctx.note(&format!(
                "(the playground stops watching after {} of simulated time; pass --request-timeout to watch longer)",
                DEFAULT_WATCH_CAP
            ));
        }
    } else {
        ctx.note("(nothing is left to happen in the cluster: the playground ends the watch here)");
    }
    Ok(())
}

/// The watch's output: rows with remembered column widths, the header before the first row.
pub(crate) struct WatchPrinter {
    widths: Vec<usize>,
    header_printed: bool,
    printed: usize,
}

impl WatchPrinter {
    pub(crate) fn new(no_headers: bool) -> Self {
        WatchPrinter {
            widths: Vec::new(),
            header_printed: no_headers,
            printed: 0,
        }
    }

    pub(crate) fn print(
        &mut self,
        ctx: &mut Ctx<'_>,
        mut block: Vec<Vec<String>>,
        header: &[String],
    ) {
        if block.is_empty() {
            return;
        }
        self.printed += block.len();
        if !self.header_printed {
            block.insert(0, header.to_vec());
            self.header_printed = true;
        }
        ctx.print(&tabwriter::rows_remembering(&block, &mut self.widths));
    }
}
