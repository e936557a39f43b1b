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

/// The page's files: the editor buffer, under the name `manifest.yaml`.
struct EditorFile<'a> {
    text: &'a str,
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
}

/// Runs one line with `editor_text` as the editor file.
pub fn run(sim: &mut Simulation, input: &Input, editor_text: &str) -> Output {
    shell::run(sim, input, &mut EditorFile { text: editor_text })
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
