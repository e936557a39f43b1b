//! dsp-kubectl: kubectl's commands and output formats over a `dsp_core::Simulation`.
//!
//! [`run`] takes one command line (with or without the leading `kubectl`), applies it to the
//! simulation and returns what a terminal would show: stdout, stderr (also interleaved, in the
//! order produced), kubectl's exit code, and effects the host must carry out (opening the editor
//! for `kubectl edit`). [`complete`] gives Tab-completion candidates. The crate is pure: files
//! and standard input come through the [`Io`] trait, time only moves when a command (such as
//! `rollout status`) advances the simulation.

pub mod args;
mod commands;
mod complete;
mod describe;
mod events_cmd;
pub mod export;
pub mod format;
mod get;
mod help;
pub mod jsonpath;
pub mod kinds;
pub mod labels;
pub mod objects;
pub mod patch;
mod preview;
mod rollout;
pub mod scenario;
pub mod selector;
pub mod session;
pub mod shell;
pub mod tabwriter;

use dsp_core::Simulation;

pub use complete::complete;
pub use preview::{apply_preview, ApplyPreview};

/// What one command printed and did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    /// stdout and stderr together, in the order they were produced (what a terminal shows).
    pub combined: String,
    /// kubectl's exit code: 0 on success, 1 on any error.
    pub exit_code: i32,
    pub effects: Vec<Effect>,
}

/// Something the host must do after the command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// `kubectl edit`: open this YAML in the editor; applying it should run
    /// `kubectl apply`/`replace` through [`run`] (the web app maps a virtual file to the buffer).
    OpenEditor { yaml: String, name: String },
}

/// Files and standard input for `-f PATH`, `-f -`, `--patch-file`.
pub trait Io {
    /// The content of `path` (the CLI reads relative to the script's folder; the web app maps
    /// virtual names such as the editor buffer).
    fn read_file(&mut self, path: &str) -> Result<String, String>;
    /// Standard input for `-f -` (a heredoc in scripts); `None` when there is none.
    fn stdin(&mut self) -> Option<String>;
    /// Whether the host can open an editor for `kubectl edit` (the web app can; the CLI cannot).
    fn can_edit(&self) -> bool {
        false
    }
}

/// An [`Io`] with no files and no standard input.
#[derive(Clone, Debug, Default)]
pub struct NoIo;

impl Io for NoIo {
    fn read_file(&mut self, path: &str) -> Result<String, String> {
        Err(format!("the path \"{path}\" does not exist"))
    }
    fn stdin(&mut self) -> Option<String> {
        None
    }
}

/// Run one kubectl command line on the simulation.
pub fn run(sim: &mut Simulation, line: &str, io: &mut dyn Io) -> Output {
    let mut ctx = Ctx {
        sim,
        io,
        out: Output::default(),
    };
    match shell::split(line) {
        Ok(words) => {
            let words = match words.first().map(String::as_str) {
                Some("kubectl") | Some("k") => words[1..].to_vec(),
                _ => words,
            };
            dispatch(&mut ctx, &words);
        }
        Err(e) => ctx.fail(&format!("error: {e}")),
    }
    ctx.out
}

/// Interpreter state for one command.
pub(crate) struct Ctx<'a> {
    pub sim: &'a mut Simulation,
    pub io: &'a mut dyn Io,
    pub out: Output,
}

impl Ctx<'_> {
    /// Print to stdout (text as is; callers add newlines).
    pub fn print(&mut self, text: &str) {
        self.out.stdout.push_str(text);
        self.out.combined.push_str(text);
    }

    /// Print one line to stdout.
    pub fn line(&mut self, text: &str) {
        self.print(text);
        self.print("\n");
    }

    /// Print one line to stderr without failing (warnings, "No resources found").
    pub fn warn(&mut self, text: &str) {
        self.out.stderr.push_str(text);
        self.out.stderr.push('\n');
        self.out.combined.push_str(text);
        self.out.combined.push('\n');
    }

    /// Print one line to stderr and set exit code 1.
    pub fn fail(&mut self, text: &str) {
        self.warn(text);
        self.out.exit_code = 1;
    }
}

const VERBS: &[&str] = &[
    "get",
    "describe",
    "events",
    "create",
    "apply",
    "delete",
    "label",
    "taint",
    "cordon",
    "uncordon",
    "drain",
    "set",
    "patch",
    "edit",
    "rollout",
    "version",
    "api-resources",
    "help",
];

/// Commands people reach for that a simulated cluster cannot honour, with what to do instead
/// (the playground's words, not kubectl's).
fn not_simulated(verb: &str) -> Option<&'static str> {
    Some(match verb {
        "scale" => "error: a DaemonSet has no replica count to scale: it runs one pod on each node that its nodeSelector, affinity and tolerations admit.\nTo scale it, change which nodes qualify, e.g. kubectl label node NODE app=frontend-node (or app- to take a node out).",
        "logs" | "exec" | "attach" | "cp" | "port-forward" | "top" => "error: the playground simulates pods' states, not the processes in their containers: logs, exec, attach, cp, port-forward and top are not available.\nkubectl describe pod NAME shows the containers' states and kubectl events what happened to them.",
        _ => return None,
    })
}

fn dispatch(ctx: &mut Ctx<'_>, words: &[String]) {
    let Some(verb) = words.first() else {
        help::usage(ctx);
        return;
    };
    let rest = &words[1..];
    if verb.starts_with('-') {
        if verb == "-h" || verb == "--help" {
            help::usage(ctx);
        } else {
            ctx.fail(&format!(
                "error: unknown flag: {verb}\nSee 'kubectl --help' for usage."
            ));
        }
        return;
    }
    if let Some(why) = not_simulated(verb) {
        ctx.fail(why);
        return;
    }
    if !VERBS.contains(&verb.as_str()) && verb != "replace" {
        ctx.fail(&format!(
            "error: unknown command \"{verb}\" for \"kubectl\"\nThe playground supports: {}.",
            VERBS.join(", ")
        ));
        return;
    }
    let parsed = match args::parse(rest) {
        Ok(a) => a,
        Err(e) => {
            ctx.fail(&format!(
                "error: {e}\nSee 'kubectl {verb} --help' for usage."
            ));
            return;
        }
    };
    if parsed.bool("help").unwrap_or(false) && VERBS.contains(&verb.as_str()) {
        help::verb_help(ctx, verb, parsed.positional.first().map(String::as_str));
        return;
    }
    match verb.as_str() {
        "get" => get::get(ctx, &parsed),
        "events" => events_cmd::events(ctx, &parsed),
        "describe" => describe::describe(ctx, &parsed),
        "create" => commands::create_or_apply(ctx, &parsed, false),
        "apply" => commands::create_or_apply(ctx, &parsed, true),
        "replace" => commands::replace(ctx, &parsed),
        "delete" => commands::delete(ctx, &parsed),
        "label" => commands::label(ctx, &parsed),
        "taint" => commands::taint(ctx, &parsed),
        "cordon" => commands::cordon(ctx, &parsed, true),
        "uncordon" => commands::cordon(ctx, &parsed, false),
        "drain" => commands::drain(ctx, &parsed),
        "set" => commands::set(ctx, &parsed),
        "patch" => commands::patch(ctx, &parsed),
        "edit" => commands::edit(ctx, &parsed),
        "rollout" => rollout::rollout(ctx, &parsed),
        "version" => help::version(ctx, &parsed),
        "api-resources" => help::api_resources(ctx, &parsed),
        "help" => match parsed.positional.first() {
            Some(v) => help::verb_help(ctx, v, parsed.positional.get(1).map(String::as_str)),
            None => help::usage(ctx),
        },
        other => ctx.fail(&format!(
            "error: unknown command \"{other}\" for \"kubectl\"\nThe playground supports: {}.",
            VERBS.join(", ")
        )),
    }
}
