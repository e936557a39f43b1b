//! The page as the shell's host: the editor buffer is its one file (`manifest.yaml`), and
//! what the shell prints becomes terminal lines. The web terminal, the tutorial, scenarios and
//! session replay all run their lines through [`run`].

use dsp_core::Simulation;
use dsp_kubectl::{shell, Input, Io, Output, Stream};

/// The name the editor buffer has for kubectl: `kubectl apply -f manifest.yaml` reads it.
pub(crate) const EDITOR_FILE: &str = "manifest.yaml";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Command,
    Stdout,
    Stderr,
    Note,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermLine {
    pub kind: LineKind,
    pub text: String,
}

impl TermLine {
    pub fn command(text: &str) -> TermLine {
        TermLine {
            kind: LineKind::Command,
            text: text.to_string(),
        }
    }
    pub fn note(text: &str) -> TermLine {
        TermLine {
            kind: LineKind::Note,
            text: text.to_string(),
        }
    }
}

/// A command typed on the page may wait through simulated time (a watch, `rollout status`)
/// for at most this much wall time before the page stops it: its caps bound its work, this
/// bounds how long the tab is busy on a slow machine.
pub const WAIT_WALL_MS: f64 = 3_000.0;

/// When a command that waits through simulated time stops early ([`Io::keep_waiting`]).
#[derive(Clone, Copy, Debug, PartialEq)]
enum WaitLimit {
    /// Typed now: once the wall clock passes this instant (ms, `ticker::now_ms`).
    WallClock(f64),
    /// Replayed: after as many instants as it was allowed when it was typed (`None`: it was
    /// not stopped), so the replay stops at the same simulated instant whatever the machine.
    Recorded(Option<u64>),
}

/// The page's files: the editor buffer, under the name `manifest.yaml`; and the budget of a
/// command that waits.
struct EditorFile<'a> {
    text: &'a str,
    limit: WaitLimit,
    /// Instants the command has been allowed to wait through.
    waits: u64,
    /// Set when the wall clock stopped it: `waits` at that point.
    stopped_after: Option<u64>,
}

impl<'a> EditorFile<'a> {
    fn new(text: &'a str, limit: WaitLimit) -> EditorFile<'a> {
        EditorFile {
            text,
            limit,
            waits: 0,
            stopped_after: None,
        }
    }
}

thread_local! {
    /// The field descriptions, once fetched (`kubectl explain`).
    static DESCRIPTIONS: std::cell::OnceCell<&'static dsp_schema::Descriptions> =
        const { std::cell::OnceCell::new() };
    static LOADING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The descriptions arrived: every later `kubectl explain` uses them.
pub fn set_descriptions(d: dsp_schema::Descriptions) {
    let leaked: &'static dsp_schema::Descriptions = Box::leak(Box::new(d));
    DESCRIPTIONS.with(|c| {
        let _ = c.set(leaked);
    });
    LOADING.with(|l| l.set(false));
}

/// Marks a fetch of the descriptions started; `false` when one already is (a second
/// `explain` before they arrive does not start another).
pub fn start_loading_descriptions() -> bool {
    !LOADING.with(|l| l.replace(true))
}

/// The fetch failed: the next `explain` may try again.
pub fn descriptions_failed() {
    LOADING.with(|l| l.set(false));
}

fn loaded_descriptions() -> Option<&'static dsp_schema::Descriptions> {
    DESCRIPTIONS.with(|c| c.get().copied())
}

impl Io for EditorFile<'_> {
    fn read_file(&mut self, path: &str) -> Result<String, String> {
        if path.trim_start_matches("./") == EDITOR_FILE {
            Ok(self.text.to_string())
        } else {
            Err(format!(
                "error: the path \"{path}\" does not exist (in the playground, the editor is the file \"{EDITOR_FILE}\")"
            ))
        }
    }

    fn editor_file(&self) -> Option<&str> {
        Some(EDITOR_FILE)
    }

    fn descriptions(&mut self) -> Option<&dsp_schema::Descriptions> {
        loaded_descriptions()
    }

    fn keep_waiting(&mut self) -> bool {
        let stop = match self.limit {
            WaitLimit::WallClock(deadline) => crate::ticker::now_ms().is_some_and(|t| t > deadline),
            WaitLimit::Recorded(allowed) => allowed.is_some_and(|n| self.waits >= n),
        };
        if stop {
            self.stopped_after = Some(self.waits);
        } else {
            self.waits += 1;
        }
        !stop
    }
}

/// Runs one line with `editor_text` as the editor file, with no wall-clock budget.
#[cfg(test)]
pub fn run(sim: &mut Simulation, input: &Input, editor_text: &str) -> Output {
    shell::run(
        sim,
        input,
        &mut EditorFile::new(editor_text, WaitLimit::Recorded(None)),
    )
}

/// Runs a line typed now (or an action's line): a command that waits stops after
/// [`WAIT_WALL_MS`] of wall time. Returns its output and, when the wall clock stopped it, the
/// instants it waited through (kept in the log as `LogEntry::waits`).
pub fn run_typed(sim: &mut Simulation, input: &Input, editor_text: &str) -> (Output, Option<u64>) {
    let limit = crate::ticker::now_ms().map_or(WaitLimit::Recorded(None), |now| {
        WaitLimit::WallClock(now + WAIT_WALL_MS)
    });
    let mut io = EditorFile::new(editor_text, limit);
    let out = shell::run(sim, input, &mut io);
    (out, io.stopped_after)
}

/// Runs a logged line again, as it ran when it was typed: its editor text, and a wait stopped
/// where the wall clock stopped it then.
pub fn run_logged(sim: &mut Simulation, entry: &crate::session::LogEntry) -> Output {
    let mut io = EditorFile::new(
        entry.file.as_deref().unwrap_or(""),
        WaitLimit::Recorded(entry.waits),
    );
    shell::run(sim, &entry.input(), &mut io)
}

/// The editor text a line read, if it read the editor file.
pub fn editor_read(out: &Output) -> Option<&str> {
    out.reads
        .iter()
        .find(|r| r.path.trim_start_matches("./") == EDITOR_FILE)
        .map(|r| r.text.as_str())
}

/// The terminal lines for a line and its output: `$ line`, then what it printed.
pub fn lines(input: &Input, out: &Output) -> Vec<TermLine> {
    let mut lines = vec![TermLine::command(&input.line)];
    lines.extend(out.lines().into_iter().map(|(stream, text)| TermLine {
        kind: match stream {
            Stream::Stdout => LineKind::Stdout,
            Stream::Stderr => LineKind::Stderr,
            Stream::Note => LineKind::Note,
        },
        text,
    }));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::LogEntry;

    /// A crash loop that a long watch follows: many instants.
    fn crash_looping() -> Simulation {
        let mut sim = dsp_kubectl::scenario::starting_cluster(5, false);
        for line in [
            "sim add-nodes 10 --label app=frontend-node",
            "sim image nginx crash",
        ] {
            run(&mut sim, &Input::new(line), "");
        }
        let manifest = dsp_kubectl::scenario::article_manifest();
        run(
            &mut sim,
            &Input::new("kubectl apply -f manifest.yaml"),
            manifest,
        );
        sim
    }

    const WATCH: &str = "kubectl get pods -w --request-timeout=2h";

    #[test]
    fn a_wait_stopped_by_the_wall_clock_replays_to_the_same_instant() {
        // What the wall clock did when the line was typed: it allowed 40 instants.
        let mut typed = crash_looping();
        let mut io = EditorFile::new("", WaitLimit::Recorded(Some(40)));
        let out = shell::run(&mut typed, &Input::new(WATCH), &mut io);
        assert_eq!(io.stopped_after, Some(40));
        assert!(
            out.text()
                .contains("the command has run for as long as it may in real time"),
            "{}",
            out.text()
        );
        let entry = LogEntry {
            t: 0,
            line: WATCH.into(),
            stdin: None,
            file: None,
            waits: io.stopped_after,
        };
        let mut replayed = crash_looping();
        let again = run_logged(&mut replayed, &entry);
        assert_eq!(again.text(), out.text());
        assert_eq!(replayed.now(), typed.now());
        assert_eq!(replayed.timers_fired(), typed.timers_fired());
        // Without the record the watch runs on to its two hours.
        let mut unbounded = crash_looping();
        run(&mut unbounded, &Input::new(WATCH), "");
        assert!(unbounded.now() > typed.now());
    }

    #[test]
    fn natively_there_is_no_wall_clock_budget() {
        let mut sim = crash_looping();
        let (_, stopped) = run_typed(&mut sim, &Input::new(WATCH), "");
        assert_eq!(stopped, None);
    }
}
