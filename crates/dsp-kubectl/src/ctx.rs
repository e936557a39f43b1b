//! What a kubectl verb works with: the simulation, the host's files, standard input, and the
//! output it writes.

use dsp_core::Simulation;

use crate::{FileRead, Io, Output, Stream};

/// The annotation `--record` writes and `rollout history` shows as CHANGE-CAUSE.
pub(crate) const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";

/// Interpreter state for one command.
pub(crate) struct Ctx<'a> {
    pub sim: &'a mut Simulation,
    /// The host's files: read them with [`Ctx::read_file`], which records the read.
    pub io: &'a mut dyn Io,
    /// Standard input for `-f -` (a heredoc body): read it with [`Ctx::read_stdin`].
    stdin: Option<String>,
    pub out: Output,
    /// `--record`'s change cause, written on the DaemonSets the command writes.
    pub change_cause: Option<String>,
}

impl<'a> Ctx<'a> {
    /// A fresh context for one command.
    pub fn new(sim: &'a mut Simulation, io: &'a mut dyn Io, stdin: Option<String>) -> Ctx<'a> {
        Ctx {
            sim,
            io,
            stdin,
            out: Output::default(),
            change_cause: None,
        }
    }

    /// Print to stdout (text as is; callers add newlines).
    pub fn print(&mut self, text: &str) {
        self.out.push(Stream::Stdout, text);
    }

    /// Print one line to stdout.
    pub fn line(&mut self, text: &str) {
        self.print(text);
        self.print("\n");
    }

    /// Print one line to stderr without failing (warnings, "No resources found").
    pub fn warn(&mut self, text: &str) {
        self.out.push(Stream::Stderr, text);
        self.out.push(Stream::Stderr, "\n");
    }

    /// Print one line to stderr and set exit code 1.
    pub fn fail(&mut self, text: &str) {
        self.warn(text);
        self.out.exit_code = 1;
    }

    /// `--record`: the command line as the DaemonSet's `kubernetes.io/change-cause` (the
    /// controller copies the DaemonSet's annotations into the revision it creates).
    pub fn record(&self, obj: &mut k8s_openapi::api::apps::v1::DaemonSet) {
        if let Some(cause) = &self.change_cause {
            obj.metadata
                .annotations
                .get_or_insert_with(Default::default)
                .insert(CHANGE_CAUSE.to_string(), cause.clone());
        }
    }

    /// A file through the host's [`Io`]; a successful read is recorded in the output.
    pub fn read_file(&mut self, path: &str) -> Result<String, String> {
        let text = self.io.read_file(path)?;
        self.out.reads.push(FileRead {
            path: path.to_string(),
            text: text.clone(),
        });
        Ok(text)
    }

    /// Standard input (`-f -`): the heredoc body, read once (recorded as the file `-`), then
    /// empty as a shell's would be.
    pub fn read_stdin(&mut self) -> String {
        let text = self.stdin.take().unwrap_or_default();
        self.out.reads.push(FileRead {
            path: "-".to_string(),
            text: text.clone(),
        });
        text
    }

    /// One line of the playground's own about what it did (a watch it ended, a cap it hit),
    /// on stderr as kubectl would print a remark, tagged so a terminal can show it as a note.
    pub fn note(&mut self, text: &str) {
        self.out.push(Stream::Note, text);
        self.out.push(Stream::Note, "\n");
    }
}
