//! The kubectl command itself: one command line, split into words, dispatched to its verb.
//! Each verb lives in its own module under `verbs/` and writes through [`Ctx`].

use dsp_core::Simulation;

use crate::{args, shell, FileRead, Io, Output, Stream};
use crate::{commands, describe, events_cmd, get, help, rollout};

/// Run one kubectl command line (with or without the leading `kubectl`) on the simulation;
/// `stdin` is what `-f -` reads. Front ends call [`crate::shell::run`], which also understands
/// the playground's own lines.
pub(crate) fn run(
    sim: &mut Simulation,
    line: &str,
    stdin: Option<String>,
    io: &mut dyn Io,
) -> Output {
    let mut ctx = Ctx {
        sim,
        io,
        stdin,
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
    /// The host's files: read them with [`Ctx::read_file`], which records the read.
    pub io: &'a mut dyn Io,
    /// Standard input for `-f -` (a heredoc body): read it with [`Ctx::read_stdin`].
    stdin: Option<String>,
    pub out: Output,
}

impl Ctx<'_> {
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
