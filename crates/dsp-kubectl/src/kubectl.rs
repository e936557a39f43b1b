//! The kubectl command itself: one command line, split into words, dispatched to its verb.
//! Each verb lives in its module under `verbs/` and writes through [`Ctx`].

use dsp_core::Simulation;

use crate::ctx::Ctx;
use crate::verbs::{describe, diff, events, explain, get, help, rollout, writes};
use crate::{args, words, Io, Output};

/// Run one kubectl command line (with or without the leading `kubectl`) on the simulation;
/// `stdin` is what `-f -` reads. Front ends call [`crate::shell::run`], which also understands
/// the playground's own lines.
pub(crate) fn run(
    sim: &mut Simulation,
    line: &str,
    stdin: Option<String>,
    io: &mut dyn Io,
) -> Output {
    let mut ctx = Ctx::new(sim, io, stdin);
    if let Some(op) = words::shell_operator(line) {
        let what = match op {
            "|" => "a pipe",
            ">" | ">>" | "<" => "a redirection",
            "`" | "$(" => "command substitution",
            _ => "a list of commands",
        };
        ctx.note(&format!(
            "The playground's terminal has no shell: it runs one kubectl command per line, so {what} (`{op}`) is not available and nothing was run. Narrow the output with kubectl itself: -l/--selector, --field-selector, -o name, -o jsonpath=... or -o custom-columns=..."
        ));
        ctx.out.exit_code = 1;
        return ctx.out;
    }
    match words::split(line) {
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

const VERBS: &[&str] = &[
    "get",
    "describe",
    "explain",
    "events",
    "create",
    "apply",
    "diff",
    "delete",
    "label",
    "annotate",
    "config",
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
    let mut parsed = match args::parse(rest) {
        Ok(a) => a,
        Err(e) => return flag_error(ctx, verb, &e),
    };
    parsed.context_namespace = ctx.sim.client_namespace().to_string();
    if parsed.has("record") {
        // The commands that define --record (RecordFlags) in v1.33; pflag warns when it is set.
        if !matches!(
            verb.as_str(),
            "create" | "apply" | "replace" | "label" | "patch" | "set" | "edit"
        ) {
            return flag_error(ctx, verb, "unknown flag: --record");
        }
        ctx.warn("Flag --record has been deprecated, --record will be removed in the future");
        match parsed.bool("record") {
            Ok(true) => ctx.change_cause = Some(parsed.change_cause(verb)),
            Ok(false) => {}
            Err(e) => return flag_error(ctx, verb, &e),
        }
    }
    if parsed.bool("help").unwrap_or(false) && VERBS.contains(&verb.as_str()) {
        help::verb_help(ctx, verb, parsed.positional.first().map(String::as_str));
        return;
    }
    match verb.as_str() {
        "get" => get::get(ctx, &parsed),
        "events" => events::events(ctx, &parsed),
        "describe" => describe::describe(ctx, &parsed),
        "explain" => explain::explain(ctx, &parsed),
        "create" => writes::create_or_apply(ctx, &parsed, false),
        "apply" => writes::create_or_apply(ctx, &parsed, true),
        "diff" => diff::diff(ctx, &parsed),
        "replace" => writes::replace(ctx, &parsed),
        "delete" => writes::delete(ctx, &parsed),
        "label" => writes::label(ctx, &parsed),
        "annotate" => writes::annotate(ctx, &parsed),
        "taint" => writes::taint(ctx, &parsed),
        "cordon" => writes::cordon(ctx, &parsed, true),
        "uncordon" => writes::cordon(ctx, &parsed, false),
        "drain" => writes::drain(ctx, &parsed),
        "set" => writes::set(ctx, &parsed),
        "patch" => writes::patch(ctx, &parsed),
        "edit" => writes::edit(ctx, &parsed),
        "rollout" => rollout::rollout(ctx, &parsed),
        "version" => help::version(ctx, &parsed),
        "api-resources" => help::api_resources(ctx, &parsed),
        "config" => help::config(ctx, &parsed),
        "help" => match parsed.positional.first() {
            Some(v) => help::verb_help(ctx, v, parsed.positional.get(1).map(String::as_str)),
            None => help::usage(ctx),
        },
        other => ctx.fail(&format!(
            "error: unknown command \"{other}\" for \"kubectl\"\nThe playground supports: {}.",
            VERBS.join(", ")
        )),
    }
    // `apply` maps every document before it writes, so its mapping errors come first.
    ctx.flush_errors(verb != "create");
}

/// A command line's flag error. cobra's default words it with `--help`; `kubectl diff` sets its
/// own handler (a usage error through `CheckDiffErr`), worded with `-h` and exiting with 2,
/// since 1 means the objects differ.
fn flag_error(ctx: &mut Ctx<'_>, verb: &str, e: &str) {
    if verb == "diff" {
        ctx.fail(&format!(
            "error: {e}\nSee 'kubectl diff -h' for help and examples"
        ));
        ctx.out.exit_code = diff::ERROR_EXIT;
    } else {
        ctx.fail(&format!(
            "error: {e}\nSee 'kubectl {verb} --help' for usage."
        ));
    }
}
