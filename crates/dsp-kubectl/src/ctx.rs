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
    /// Errors kubectl reports after the command's other output: `create`/`apply` collect every
    /// error of a file (`ContinueOnError`) and print them when they are done.
    pub deferred: Vec<String>,
    /// For entries of `deferred`: the text kubectl prints when it reports several errors,
    /// where it differs (an Invalid error as its Status message).
    pub deferred_several: Vec<(usize, String)>,
    /// Documents whose kind has no resource mapping (kubectl's builder reports them).
    pub mapping_errors: Vec<String>,
    /// While set, [`Ctx::fail`] collects into `deferred` instead of printing.
    pub defer_failures: bool,
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
            deferred: Vec::new(),
            deferred_several: Vec::new(),
            mapping_errors: Vec::new(),
            defer_failures: false,
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

    /// Print one line to stderr and set exit code 1 (collected instead while
    /// `defer_failures` is set).
    pub fn fail(&mut self, text: &str) {
        if self.defer_failures {
            self.deferred.push(text.to_string());
        } else {
            self.warn(text);
        }
        self.out.exit_code = 1;
    }

    /// `fail`, with the text kubectl prints for this error when it reports several.
    pub fn fail_or_several(&mut self, text: &str, several: Option<String>) {
        if let (true, Some(alt)) = (self.defer_failures, several) {
            self.deferred_several.push((self.deferred.len(), alt));
        }
        self.fail(text);
    }

    /// Prints the collected errors as kubectl's `checkErr` does: one error as it is; several
    /// one per line, without the `error: ` prefix of the non-server ones (`MultipleErrors`).
    /// An exit code already above 1 (kubectl diff's 2) stays.
    pub fn flush_errors(&mut self, mapping_first: bool) {
        self.defer_failures = false;
        let mapping = std::mem::take(&mut self.mapping_errors);
        let mut rest = std::mem::take(&mut self.deferred);
        let alternatives = std::mem::take(&mut self.deferred_several);
        if mapping.len() + rest.len() > 1 {
            for (i, text) in alternatives {
                if let Some(slot) = rest.get_mut(i) {
                    *slot = text;
                }
            }
        }
        let all: Vec<String> = if mapping_first {
            mapping.into_iter().chain(rest).collect()
        } else {
            rest.into_iter().chain(mapping).collect()
        };
        if all.is_empty() {
            return;
        }
        let code = self.out.exit_code.max(1);
        let several = all.len() > 1;
        for e in all {
            let text = if several {
                e.strip_prefix("error: ").unwrap_or(&e).to_string()
            } else {
                e
            };
            self.warn(&text);
        }
        self.out.exit_code = code;
    }

    /// `--record`: the command line as the DaemonSet's `kubernetes.io/change-cause` (the
    /// controller copies the DaemonSet's annotations into the revision it creates).
    pub fn record(&self, obj: &mut dsp_core::k8s::apps::DaemonSet) {
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
