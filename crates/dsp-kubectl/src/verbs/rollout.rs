//! `kubectl rollout status|history|undo|restart` for DaemonSets.
//!
//! `rollout status` watches like the real command, but the cluster is simulated: it advances
//! the simulation timer by timer and prints the status line each time it changes, stopping when
//! the rollout is done, at `--timeout`, or (without a timeout) after a playground cap.

use crate::args::Args;
use crate::format::rollout_status_line;
use crate::printers;
use crate::resources::ds_name;
use crate::watch::DEFAULT_WATCH_CAP;

use crate::Ctx;
use dsp_core::model::RolloutStatus;
use dsp_core::{RollbackOutcome, SimDuration};

pub(crate) fn rollout(ctx: &mut Ctx<'_>, args: &Args) {
    let Some(sub) = args.positional.first().cloned() else {
        ctx.fail("error: specify a rollout subcommand: status, history, undo or restart\nSee 'kubectl rollout -h' for help and examples");
        return;
    };
    let rest = &args.positional[1..];
    let name = match ds_name(rest, &format!("rollout {sub}")) {
        Ok(n) => n,
        Err(e) => {
            if matches!(
                sub.as_str(),
                "status" | "history" | "undo" | "restart" | "pause" | "resume"
            ) {
                return ctx.fail(&e);
            }
            String::new()
        }
    };
    match sub.as_str() {
        "status" => status(ctx, args, &name),
        "history" => history(ctx, args, &name),
        "undo" => undo(ctx, args, &name),
        "restart" => match ctx.sim.restart(&name) {
            Ok(()) => ctx.line(&format!("daemonset.apps/{name} restarted")),
            Err(e) => ctx.fail(&e.to_string()),
        },
        "pause" | "resume" => {
            let verb = if sub == "pause" { "pausing" } else { "resuming" };
            if ctx.sim.daemonset(&name).is_none() {
                ctx.fail(&format!("Error from server (NotFound): daemonsets.apps \"{name}\" not found"));
            } else {
                ctx.fail(&format!("error: daemonsets.apps \"{name}\" {verb} is not supported"));
            }
        }
        other => ctx.fail(&format!(
            "error: unknown command \"{other}\" for \"kubectl rollout\"; the playground supports status, history, undo and restart"
        )),
    }
}

/// What a watch of the DaemonSet sees change: kubectl prints a status line for every event,
/// so a new version of the object (its generation or status) prints one even when the line is
/// the same as the last.
type Version = (i64, dsp_core::model::DaemonSetStatus);

/// kubectl's status line for the DaemonSet now, whether the rollout is done, and the object's
/// version.
fn status_line(ctx: &Ctx<'_>, name: &str) -> Result<(String, bool, Version), String> {
    let Some(ds) = ctx.sim.daemonset(name) else {
        return Err("error: object has been deleted".to_string());
    };
    let status = ds.rollout_status();
    let line = rollout_status_line(name, status);
    if status == RolloutStatus::OnDelete {
        return Err(format!("error: {line}"));
    }
    Ok((line, status.is_complete(), (ds.generation, ds.status)))
}

fn status(ctx: &mut Ctx<'_>, args: &Args, name: &str) {
    if ctx.sim.daemonset(name).is_none() {
        return ctx.fail(&format!(
            "Error from server (NotFound): daemonsets.apps \"{name}\" not found"
        ));
    }
    let watch = args.value("watch").is_none_or(|w| w != "false");
    let timeout = match args.value("timeout") {
        None => None,
        Some(t) => match SimDuration::parse(t) {
            Ok(d) if d.0 > 0 => Some(d),
            Ok(_) => None,
            Err(e) => {
                return ctx.fail(&format!(
                    "error: invalid argument \"{t}\" for \"--timeout\" flag: {e}"
                ))
            }
        },
    };
    let start = ctx.sim.now();
    let deadline = start + timeout.unwrap_or(DEFAULT_WATCH_CAP);
    let mut last: Option<Version> = None;
    let mut meter = crate::watch::WorkMeter::new(ctx.sim);
    loop {
        let (line, done, version) = match status_line(ctx, name) {
            Ok(x) => x,
            Err(e) => return ctx.fail(&e),
        };
        // rollout_status.go prints the status at each watch event (UntilWithSync's
        // condition): the first listing, then every update of the DaemonSet.
        if last != Some(version) {
            ctx.line(&line);
            last = Some(version);
        }
        if done || !watch {
            return;
        }
        match ctx.sim.next_timer() {
            Some(t) if t <= deadline => {
                if let Some(note) = meter.exhausted(ctx.sim, ctx.io) {
                    ctx.fail("error: timed out waiting for the condition");
                    ctx.note(&note);
                    return;
                }
                ctx.sim.advance_to(t)
            }
            _ => {
                ctx.sim.advance_to(deadline);
                // A last look at the deadline instant.
                if let Ok((line, done, version)) = status_line(ctx, name) {
                    if last != Some(version) {
                        ctx.line(&line);
                    }
                    if done {
                        return;
                    }
                }
                ctx.fail("error: timed out waiting for the condition");
                if timeout.is_none() {
                    ctx.note(&format!(
                        "(the playground stops watching after {DEFAULT_WATCH_CAP} of simulated time; pass --timeout to wait longer)"
                    ));
                }
                return;
            }
        }
    }
}

fn history(ctx: &mut Ctx<'_>, args: &Args, name: &str) {
    let Some(ds) = ctx.sim.daemonset(name) else {
        return ctx.fail(&format!(
            "Error from server (NotFound): daemonsets.apps \"{name}\" not found"
        ));
    };
    let revs = ctx.sim.revisions_of(name);
    if let Some(r) = args.value("revision") {
        let n: i64 = match r.parse() {
            Ok(n) => n,
            Err(_) => {
                return ctx.fail(&format!(
                    "error: invalid argument \"{r}\" for \"--revision\" flag: strconv.ParseInt: parsing \"{r}\": invalid syntax"
                ))
            }
        };
        if n < 0 {
            return ctx.fail(&format!("error: revision must be a positive integer: {n}"));
        }
        if n > 0 {
            let Some(rev) = revs.iter().find(|x| x.revision == n) else {
                return ctx.fail("error: unable to find the specified revision");
            };
            let Some(template) = dsp_core::history::template_from_data(&rev.data) else {
                return ctx.fail(&format!("error: unable to parse history {}", rev.name));
            };
            let text = printers::pod_template_raw(&template);
            let out = format!("daemonset.apps/{name} with revision #{n}\n{text}\n");
            ctx.print(&out);
            return;
        }
    }
    let _ = ds;
    if revs.is_empty() {
        ctx.line("No rollout history found.");
        return;
    }
    let mut table = String::from("REVISION\tCHANGE-CAUSE\n");
    for r in &revs {
        let cause = r
            .annotations
            .get("kubernetes.io/change-cause")
            .cloned()
            .unwrap_or_else(|| "<none>".to_string());
        table.push_str(&format!("{}\t{cause}\n", r.revision));
    }
    let out = format!(
        "daemonset.apps/{name} \n{}\n",
        crate::tabwriter::describe(&table)
    );
    ctx.print(&out);
}

fn undo(ctx: &mut Ctx<'_>, args: &Args, name: &str) {
    if ctx.sim.daemonset(name).is_none() {
        return ctx.fail(&format!(
            "Error from server (NotFound): daemonsets.apps \"{name}\" not found"
        ));
    }
    let to: i64 = match args.value("to-revision") {
        None => 0,
        Some(v) => match v.parse() {
            Ok(n) => n,
            Err(_) => {
                return ctx.fail(&format!(
                    "error: invalid argument \"{v}\" for \"--to-revision\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax"
                ))
            }
        },
    };
    if to < 0 {
        return ctx.fail(&format!(
            "error: unable to find specified revision {to} in history"
        ));
    }
    match ctx.sim.rollback(name, to) {
        Ok(RollbackOutcome::RolledBack) => ctx.line(&format!("daemonset.apps/{name} rolled back")),
        Ok(RollbackOutcome::Skipped(n)) => ctx.line(&format!(
            "daemonset.apps/{name} skipped rollback (current template already matches revision {n})"
        )),
        Err(e) => ctx.fail(&e.to_string()),
    }
}
