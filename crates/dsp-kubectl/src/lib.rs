//! dsp-kubectl: kubectl's commands and output formats over a `dsp_core::Simulation`.
//!
//! Every front end (the web terminal, the tutorial, scenarios, session replay, `dsplay run` and
//! its prompt) runs a line through one function, [`shell::run`]: a line of the playground's
//! language (kubectl, `sim …`, `sleep …`, `help`, `clear`, with a heredoc as standard input).
//! It returns an [`Output`]: what was printed as chunks tagged stdout / stderr / note, kubectl's
//! exit code, the [`Effect`]s the host must carry out and the files the line read. The crate is
//! pure: files come through the [`Io`] trait, time only moves when a line (such as `sleep` or
//! `rollout status`) advances the simulation. [`complete`] gives Tab-completion candidates.

pub mod args;
mod columns;
mod complete;
mod ctx;
mod diff;
mod examples;
pub mod export;
pub mod format;
pub mod gotemplate;
pub mod jsonpath;
pub mod kinds;
mod kubectl;
pub mod labels;
mod node_status;
pub mod objects;
pub mod patch;
mod preview;
mod printers;
mod quantity;
mod resources;
pub mod scenario;
pub mod selector;
pub mod shell;
pub mod tabwriter;
mod verbs;
mod watch;
pub mod words;

pub use complete::complete;
pub(crate) use ctx::Ctx;
pub use preview::{apply_preview, ApplyPreview};
pub use shell::Input;
pub use watch::{COMMAND_TIMER_CAP, WATCH_INSTANT_CAP};

/// Where a piece of output went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
    /// The playground's own remark (a watch it ended, an editor it opened): on stderr for a
    /// command-line host, shown as a note by the web terminal.
    Note,
}

/// Consecutive output on one stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunk {
    pub stream: Stream,
    pub text: String,
}

/// What one line printed and did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    /// Everything printed, in the order it was produced (a warning before `configured`).
    pub chunks: Vec<Chunk>,
    /// kubectl's exit code: 0 on success, 1 on any error (`kubectl diff`: 1 when the objects
    /// differ, 2 on an error).
    pub exit_code: i32,
    pub effects: Vec<Effect>,
    /// The files the line read, with the text each held, in order: a session log keeps them
    /// so that replaying the line reads the same text.
    pub reads: Vec<FileRead>,
}

/// One successful [`Io::read_file`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileRead {
    pub path: String,
    pub text: String,
}

impl Output {
    /// Appends to the output, extending the last chunk when it is on the same stream.
    pub fn push(&mut self, stream: Stream, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.chunks.last_mut() {
            Some(last) if last.stream == stream => last.text.push_str(text),
            _ => self.chunks.push(Chunk {
                stream,
                text: text.to_string(),
            }),
        }
    }

    /// An output of one stream and an exit code.
    pub fn of(stream: Stream, text: &str, exit_code: i32) -> Output {
        let mut out = Output {
            exit_code,
            ..Output::default()
        };
        out.push(stream, text);
        out
    }

    fn joined(&self, keep: impl Fn(Stream) -> bool) -> String {
        self.chunks
            .iter()
            .filter(|c| keep(c.stream))
            .map(|c| c.text.as_str())
            .collect()
    }

    /// Everything printed, as a terminal shows it.
    pub fn text(&self) -> String {
        self.joined(|_| true)
    }

    /// What went to standard output.
    pub fn stdout(&self) -> String {
        self.joined(|s| s == Stream::Stdout)
    }

    /// What went to standard error (notes included, as a command-line host prints them).
    pub fn stderr(&self) -> String {
        self.joined(|s| s != Stream::Stdout)
    }

    /// The printed lines with the stream each began on (a final line without a newline
    /// included, no empty line after a final newline).
    pub fn lines(&self) -> Vec<(Stream, String)> {
        let mut lines = Vec::new();
        let mut current: Option<(Stream, String)> = None;
        for chunk in &self.chunks {
            for piece in chunk.text.split_inclusive('\n') {
                let (stream, text) = current.get_or_insert_with(|| (chunk.stream, String::new()));
                match piece.strip_suffix('\n') {
                    Some(body) => {
                        text.push_str(body);
                        lines.push((*stream, std::mem::take(text)));
                        current = None;
                    }
                    None => text.push_str(piece),
                }
            }
        }
        lines.extend(current);
        lines
    }
}

/// Something the host must do after the line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// `kubectl edit`: open this YAML in the editor; applying it should run
    /// `kubectl apply -f FILE` with the editor as the file.
    OpenEditor { yaml: String, name: String },
    /// `clear`: empty the terminal.
    ClearScreen,
    /// `kubectl explain` without the field descriptions: the host loads them, then runs the
    /// line again.
    LoadDescriptions,
}

/// Files for `-f PATH` and `--patch-file`.
pub trait Io {
    /// The content of `path` (the CLI reads relative to the script's folder; the web app maps
    /// the editor buffer to a file name).
    fn read_file(&mut self, path: &str) -> Result<String, String>;
    /// The file name of the host's editor, if it has one (the web app's `manifest.yaml`):
    /// `kubectl edit` opens objects there, `help` names it.
    fn editor_file(&self) -> Option<&str> {
        None
    }
    /// Asked before each simulated instant a command waits through (`get -w`, `events -w`,
    /// `rollout status`, a delete's wait), after the command's own caps: `false` stops the wait
    /// there, with a note. A host that must stay responsive stops a command after some seconds
    /// of wall time (the page, `dsplay`'s prompt); a host replaying a log stops it where it
    /// stopped when it was typed, so the replay is exact. The default never stops.
    fn keep_waiting(&mut self) -> bool {
        true
    }
    /// The entries of a folder for `-f DIR` (names, sorted; folders end in `/`), or `None`
    /// when `path` is not a folder (the page has none: its one file is the editor).
    fn list_dir(&mut self, _path: &str) -> Option<Vec<String>> {
        None
    }
    /// The field descriptions `kubectl explain` prints, when the host has them (the page
    /// loads them on first use; see `Effect::LoadDescriptions`).
    fn descriptions(&mut self) -> Option<&dsp_schema::Descriptions> {
        None
    }
}

/// An [`Io`] with no files.
#[derive(Clone, Debug, Default)]
pub struct NoIo;

impl Io for NoIo {
    fn read_file(&mut self, path: &str) -> Result<String, String> {
        Err(format!("the path \"{path}\" does not exist"))
    }
}
