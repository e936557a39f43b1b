//! The playground's own lines: `sleep DURATION` and the simulator's `sim …` actions.

use dsp_core::{ImageOutcome, NodeReady, NodeSpec, SimDuration, Simulation};

use crate::{Output, Stream};

/// One `sleep` moves simulated time by at most this much (a longer one is almost certainly a
/// typo, and an unbounded one would let a shared link freeze the page).
pub const MAX_SLEEP: SimDuration = SimDuration(24 * 3600 * 1000);
/// `sim add-nodes` stops at this many nodes in the cluster.
pub const MAX_NODES: usize = 10_000;

/// `sleep ARG`: simulated time runs for the duration.
pub(super) fn sleep(sim: &mut Simulation, arg: &str) -> Output {
    match parse_sleep(arg) {
        Ok(d) if d > MAX_SLEEP => err(format!(
            "sleep: {d} is longer than the playground sleeps at once ({MAX_SLEEP}); sleep in steps\n"
        )),
        Ok(d) if d.0 < 0 => err(format!("sleep: invalid duration {arg}\n")),
        Ok(d) => {
            let cap = crate::watch::COMMAND_TIMER_CAP;
            if sim.advance_to_within(sim.now() + d, cap) {
                Output::default()
            } else {
                err(format!(
                    "sleep: stopped at {} after {cap} timer events, the playground's limit for one line; sleep again to go on\n",
                    now_text(sim.now())
                ))
            }
        }
        Err(e) => err(format!("sleep: {e}\n")),
    }
}

/// `sleep` takes Go durations (`500ms`, `1m30s`) and bare seconds (`5`) like the shell.
pub(crate) fn parse_sleep(arg: &str) -> Result<SimDuration, String> {
    if !arg.is_empty() && arg.chars().all(|c| c.is_ascii_digit()) {
        return arg
            .parse::<i64>()
            .map(SimDuration::from_secs)
            .map_err(|e| e.to_string());
    }
    SimDuration::parse(arg)
}

fn ok(text: String) -> Output {
    Output::of(Stream::Stdout, &text, 0)
}

fn err(text: String) -> Output {
    Output::of(Stream::Stderr, &text, 1)
}

const SIM_HELP: &str = "Simulator actions (not kubectl):
  sim add-nodes N [--prefix P] [--from K] [--label k=v]...
                                                  add N Ready nodes named P<K>..P<K+N-1> (default node-, K=0)
  sim node NAME not-ready|ready                   mark a node NotReady (adds the not-ready taints) or Ready
  sim image IMAGE pull=DURATION                   pulling IMAGE takes DURATION (e.g. 30s)
  sim image IMAGE fail                            pulling IMAGE fails (ErrImagePull, ImagePullBackOff)
  sim image IMAGE crash                           IMAGE starts and crashes (CrashLoopBackOff)
  sim image IMAGE ok                              IMAGE behaves normally again
  sim status                                      simulated time and object counts
  sim help                                        this help
Other script lines: kubectl ..., sleep DURATION (500ms, 30s, 2m, 1h, 1m30s), # comments,
and CMD <<WORD ... WORD to pass lines as standard input (kubectl create -f - <<EOF).
";

/// `sim …`: what kubectl cannot do to a cluster (add nodes, make one NotReady, break an image).
pub(super) fn sim_action(sim: &mut Simulation, command: &str) -> Output {
    let words = match crate::words::split(command) {
        Ok(w) => w,
        Err(e) => return err(format!("sim: {e}\n")),
    };
    let args: Vec<&str> = words.iter().skip(1).map(String::as_str).collect();
    match args.as_slice() {
        [] | ["help"] => ok(SIM_HELP.to_string()),
        ["status"] => {
            let now = sim.now();
            let pods = sim.pods().count();
            let running = sim.pods().filter(|p| p.ready).count();
            ok(format!(
                "time {} ({})  nodes {}  pods {} ({} ready)  daemonsets {}  events {}\n",
                now_text(now),
                crate::objects::rfc3339(now),
                sim.nodes().count(),
                pods,
                running,
                sim.daemonsets().count(),
                sim.events().len()
            ))
        }
        ["add-nodes", n, rest @ ..] => {
            let Ok(n) = n.parse::<usize>() else {
                return err(format!("sim add-nodes: not a number: {n}\n"));
            };
            let existing = sim.nodes().count();
            if existing.saturating_add(n) > MAX_NODES {
                return err(format!(
                    "sim add-nodes: the playground holds at most {MAX_NODES} nodes (twice Kubernetes' supported 5,000); there are {existing}\n"
                ));
            }
            let mut prefix = "node-".to_string();
            // u64, not usize: the same ordinals natively and in wasm32.
            let mut from = 0u64;
            let mut labels = dsp_core::Labels::new();
            let mut it = rest.iter();
            while let Some(a) = it.next() {
                let (flag, inline) = match a.split_once('=') {
                    Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
                    _ => (*a, None),
                };
                let value = match inline.or_else(|| it.next().map(|s| s.to_string())) {
                    Some(v) => v,
                    None => return err(format!("sim add-nodes: {flag} needs a value\n")),
                };
                match flag {
                    "--prefix" => prefix = value,
                    "--from" => match value.parse::<u64>() {
                        Ok(v) => from = v,
                        Err(_) => {
                            return err(format!(
                                "sim add-nodes: --from wants a number, got {value}\n"
                            ))
                        }
                    },
                    "--label" => match value.split_once('=') {
                        Some((k, v)) => {
                            labels.insert(k.to_string(), v.to_string());
                        }
                        None => {
                            return err(format!("sim add-nodes: --label wants k=v, got {value}\n"))
                        }
                    },
                    other => return err(format!("sim add-nodes: unknown flag {other}\n")),
                }
            }
            // The last ordinal must be a number too: `--from 18446744073709551615` with two
            // nodes has no second name to give.
            let Some(last) = from.checked_add((n as u64).saturating_sub(1)) else {
                return err(format!(
                    "sim add-nodes: --from {from} with {n} nodes runs past the largest node number ({})\n",
                    u64::MAX
                ));
            };
            if n > 0 {
                for i in from..=last {
                    let spec = NodeSpec {
                        name: format!("{prefix}{i}"),
                        labels: labels.clone(),
                        ..Default::default()
                    };
                    if let Err(e) = sim.add_node(spec) {
                        return err(format!("{e}\n"));
                    }
                }
            }
            let text = match n {
                0 => "added 0 nodes\n".to_string(),
                1 => format!("added 1 node: {prefix}{from}\n"),
                _ => format!("added {n} nodes: {prefix}{from} … {prefix}{}\n", last),
            };
            ok(text)
        }
        ["node", name, state] => {
            let ready = match *state {
                "not-ready" | "notready" | "NotReady" => NodeReady::False,
                "ready" | "Ready" => NodeReady::True,
                "unknown" => NodeReady::Unknown,
                other => {
                    return err(format!(
                        "sim node: unknown state {other} (not-ready, ready)\n"
                    ))
                }
            };
            match sim.set_node_ready(name, ready) {
                Ok(()) => ok(format!(
                    "node {name} is {}\n",
                    if ready == NodeReady::True {
                        "Ready"
                    } else {
                        "NotReady"
                    }
                )),
                Err(e) => err(format!("{e}\n")),
            }
        }
        ["image", image, what] => {
            let mut b = sim.image_behavior(image);
            let text = if let Some(d) = what.strip_prefix("pull=") {
                match SimDuration::parse(d) {
                    Ok(d) => {
                        b.pull = d;
                        format!("image {image}: pull takes {d}\n")
                    }
                    Err(e) => return err(format!("sim image: {e}\n")),
                }
            } else {
                match *what {
                    "fail" => {
                        b.outcome = ImageOutcome::PullFails;
                        format!("image {image}: pulls fail\n")
                    }
                    "crash" => {
                        b.outcome = ImageOutcome::Crashes;
                        format!("image {image}: containers crash after starting\n")
                    }
                    "ok" => {
                        b.outcome = ImageOutcome::Ok;
                        format!("image {image}: behaves normally\n")
                    }
                    other => {
                        return err(format!(
                        "sim image: unknown behaviour {other} (pull=DURATION, fail, crash, ok)\n"
                    ))
                    }
                }
            };
            sim.set_image_behavior(image, b);
            ok(text)
        }
        _ => err(format!(
            "sim: unknown action: {}\n{SIM_HELP}",
            args.join(" ")
        )),
    }
}

/// Simulated time since time zero as a Go duration (`sim status`, the work caps' notes).
pub(crate) fn now_text(t: dsp_core::SimTime) -> String {
    SimDuration(t.0).to_string()
}
