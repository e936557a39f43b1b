//! `kubectl events` (`staging/src/k8s.io/kubectl/pkg/cmd/events`): the event list sorted by
//! when each event was last seen, its OBJECT as `Kind/name`, LAST SEEN as `5s (x3 over 2m)` for
//! counted events; `--for TYPE/NAME`, `--types=Normal,Warning`, `-A`, `--no-headers`, and
//! `--watch` over simulated time like `get --watch`.

use dsp_core::model::Event;
use dsp_core::Simulation;

use crate::args::Args;
use crate::format::event_interval;
use crate::kinds::{unknown_type, Kind};
use crate::watch::{self, WatchPrinter};
use crate::Ctx;

pub(crate) fn events(ctx: &mut Ctx<'_>, args: &Args) {
    if let Err(e) = run(ctx, args) {
        ctx.fail(&e);
    }
}

struct Filter {
    object: Option<(&'static str, String)>,
    types: Vec<String>,
}

impl Filter {
    fn keeps(&self, e: &Event) -> bool {
        self.object
            .as_ref()
            .is_none_or(|(kind, name)| e.object_kind == *kind && e.object_name == *name)
            && (self.types.is_empty()
                || self
                    .types
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case(e.event_type.as_str())))
    }
}

fn run(ctx: &mut Ctx<'_>, args: &Args) -> Result<(), String> {
    if args.value("output").is_some() {
        return Err(
            "error: the playground's kubectl events prints its table; for JSON or YAML use kubectl get events -o json|yaml"
                .to_string(),
        );
    }
    let object = match args.value("for") {
        None => None,
        Some(f) => {
            let (resource, name) = f
                .split_once('/')
                .ok_or_else(|| "error: --for must be in resource/name form".to_string())?;
            if name.contains('/') {
                return Err(
                    "error: arguments in resource/name form may not have more than one slash"
                        .to_string(),
                );
            }
            let kind = Kind::parse(resource).ok_or_else(|| unknown_type(resource))?;
            Some((kind.kind_name(), name.to_string()))
        }
    };
    let types: Vec<String> = args
        .values("types")
        .iter()
        .flat_map(|v| v.split(','))
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    if types
        .iter()
        .any(|t| !t.eq_ignore_ascii_case("Normal") && !t.eq_ignore_ascii_case("Warning"))
    {
        return Err("error: valid --types are Normal or Warning".to_string());
    }
    let filter = Filter { object, types };
    watch::watch_timeout(args)?;
    let all_namespaces = args.bool("all-namespaces")?;
    let mut out = WatchPrinter::new(args.bool("no-headers")?);
    let mut header = Vec::new();
    if all_namespaces {
        header.push("NAMESPACE".to_string());
    }
    header.extend(["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"].map(str::to_string));

    let rows = |sim: &Simulation, events: &[&Event]| -> Vec<Vec<String>> {
        events.iter().map(|e| row(sim, e, all_namespaces)).collect()
    };
    let listed = sorted(ctx.sim, &filter);
    let mut seen: std::collections::BTreeMap<u64, u32> =
        listed.iter().map(|e| (e.uid_seq, e.count)).collect();
    let first_rows = rows(ctx.sim, &listed);
    if first_rows.is_empty() && !args.bool("watch")? {
        ctx.warn(if all_namespaces {
            "No events found."
        } else {
            "No events found in default namespace."
        });
        return Ok(());
    }
    out.print(ctx, first_rows, &header);
    if !args.bool("watch")? {
        return Ok(());
    }
    // Watch: each new event, and each event counted again, as simulated time runs.
    watch::run_watch(ctx, args, &mut out, &header, |sim| {
        let all = sorted(sim, &filter);
        let looked_at = all.len();
        let changed: Vec<&Event> = all
            .into_iter()
            .filter(|e| seen.get(&e.uid_seq) != Some(&e.count))
            .collect();
        for e in &changed {
            seen.insert(e.uid_seq, e.count);
        }
        Ok((rows(sim, &changed), looked_at))
    })
}

/// The kept events, oldest last-seen first (ties in the order they were recorded).
fn sorted<'a>(sim: &'a Simulation, filter: &Filter) -> Vec<&'a Event> {
    let mut events: Vec<&Event> = sim.events().iter().filter(|e| filter.keeps(e)).collect();
    dsp_core::sort::sort_by_key(&mut events, |e| (e.last_seen, e.uid_seq));
    events
}

fn row(sim: &Simulation, e: &Event, all_namespaces: bool) -> Vec<String> {
    let now = sim.now();
    let interval = event_interval(now, e);
    let mut row = Vec::with_capacity(6);
    if all_namespaces {
        row.push("default".to_string());
    }
    row.extend([
        interval,
        e.event_type.as_str().to_string(),
        e.reason.clone(),
        format!("{}/{}", e.object_kind, e.object_name),
        e.message.trim().to_string(),
    ]);
    row
}
