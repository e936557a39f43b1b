//! The terminal's side of the interpreter: runs a line through dsp-kubectl with the editor
//! buffer as a file, and turns the output into terminal lines.

use dsp_core::Simulation;
use dsp_kubectl::{Effect as KubectlEffect, Io};

use crate::state::EDITOR_FILE;

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

pub struct LineOutcome {
    pub lines: Vec<TermLine>,
    #[allow(dead_code)] // Dead since the modules are pub(crate) (issue 10); to be deleted there.
    pub exit_code: i32,
    /// `kubectl edit` asks the page to open this YAML in the editor.
    pub open_in_editor: Option<String>,
}

/// Files the web terminal can read: the editor buffer, under the name `manifest.yaml`.
struct EditorFiles<'a> {
    editor_text: &'a str,
}

impl Io for EditorFiles<'_> {
    fn read_file(&mut self, path: &str) -> Result<String, String> {
        let name = path.trim_start_matches("./");
        if name == EDITOR_FILE {
            Ok(self.editor_text.to_string())
        } else {
            Err(format!(
                "error: the path \"{path}\" does not exist (in the playground, the editor is the file \"{EDITOR_FILE}\")"
            ))
        }
    }

    fn stdin(&mut self) -> Option<String> {
        None
    }

    fn can_edit(&self) -> bool {
        true
    }
}

const TERMINAL_HELP: &str = "\
This terminal runs kubectl against the simulated cluster. The editor is the file manifest.yaml.
  kubectl apply -f manifest.yaml     create or update what the editor holds
  kubectl get pods|ds|nodes [-o wide|yaml|json]
  kubectl describe ds|node|pod NAME
  kubectl label node NAME key=value [--overwrite]   (key- removes it)
  kubectl set image ds/NAME CONTAINER=IMAGE
  kubectl rollout status|history|undo|restart ds/NAME
  sim help                           simulator actions (add nodes, NotReady, broken images)
  clear                              clear this terminal
Tab completes, Up/Down walk the history. `kubectl help` lists every supported command.";

/// Runs one line and echoes it (`$ line`) with its output.
pub fn run_line(sim: &mut Simulation, line: &str, editor_text: &str) -> LineOutcome {
    let mut lines = vec![TermLine::command(line)];
    if line.trim() == "help" {
        lines.extend(TERMINAL_HELP.lines().map(|l| TermLine {
            kind: LineKind::Stdout,
            text: l.to_string(),
        }));
        return LineOutcome {
            lines,
            exit_code: 0,
            open_in_editor: None,
        };
    }
    let mut io = EditorFiles { editor_text };
    if matches!(line.split_whitespace().next(), Some("sim" | "sleep")) {
        // Simulator actions and `sleep`: the same handling `dsplay` scripts get.
        let result = dsp_kubectl::session::run_command(sim, line, &mut io);
        let kind = if result.exit_code == 0 {
            LineKind::Stdout
        } else {
            LineKind::Stderr
        };
        lines.extend(result.text.lines().map(|l| TermLine {
            kind,
            text: l.to_string(),
        }));
        return LineOutcome {
            lines,
            exit_code: result.exit_code,
            open_in_editor: None,
        };
    }
    let out = dsp_kubectl::run(sim, line, &mut io);
    // `combined` keeps kubectl's order (a warning before `configured`); a line that stderr
    // holds is shown as an error line.
    let err_lines: Vec<&str> = out.stderr.lines().collect();
    let text = out.combined.strip_suffix('\n').unwrap_or(&out.combined);
    if !text.is_empty() {
        for l in text.split('\n') {
            let kind = if !err_lines.contains(&l) {
                LineKind::Stdout
            } else if l.starts_with('(') && l.ends_with(')') {
                // The playground's own remarks (a watch that ends, a cap), not kubectl's.
                LineKind::Note
            } else {
                LineKind::Stderr
            };
            lines.push(TermLine {
                kind,
                text: l.to_string(),
            });
        }
    }
    let mut open_in_editor = None;
    for effect in out.effects {
        match effect {
            KubectlEffect::OpenEditor { yaml, name } => {
                lines.push(TermLine::note(&format!(
                    "Opened {name} in the editor: change it and press Apply."
                )));
                open_in_editor = Some(yaml);
            }
        }
    }
    LineOutcome {
        lines,
        exit_code: out.exit_code,
        open_in_editor,
    }
}
