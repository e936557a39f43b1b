//! Tab completion for the web terminal: verbs, resource types, object names and flags.

use crate::args::FLAGS;
use crate::kinds::Kind;
use crate::resources;
use dsp_core::Simulation;

const VERBS: &[&str] = &[
    "annotate-not-supported",
    "api-resources",
    "apply",
    "cordon",
    "create",
    "delete",
    "describe",
    "diff",
    "drain",
    "edit",
    "events",
    "get",
    "help",
    "label",
    "patch",
    "replace",
    "rollout",
    "set",
    "taint",
    "uncordon",
    "version",
];

const TYPES: &[&str] = &[
    "all",
    "clusterrolebindings",
    "clusterroles",
    "configmaps",
    "controllerrevisions",
    "customresourcedefinitions",
    "daemonsets",
    "deployments",
    "ds",
    "events",
    "namespaces",
    "nodes",
    "pods",
    "rolebindings",
    "roles",
    "secrets",
    "serviceaccounts",
    "services",
];

/// Candidates for the word being typed at the end of `line` (the whole word, not only the
/// missing part), sorted. The line may start with `kubectl `.
pub fn complete(sim: &Simulation, line: &str) -> Vec<String> {
    let mut words: Vec<String> = crate::words::split(line)
        .unwrap_or_else(|_| line.split_whitespace().map(str::to_string).collect());
    if line.is_empty() || line.ends_with(' ') {
        words.push(String::new());
    }
    if words.first().is_some_and(|w| w == "kubectl") {
        words.remove(0);
        if words.is_empty() {
            words.push(String::new());
        }
    }
    let Some(partial) = words.last().cloned() else {
        return Vec::new();
    };
    let before = &words[..words.len() - 1];
    let mut out: Vec<String> = candidates(sim, before, &partial)
        .into_iter()
        .filter(|c| c.starts_with(&partial))
        .collect();
    dsp_core::sort::sort(&mut out);
    out.dedup();
    out
}

fn candidates(sim: &Simulation, before: &[String], partial: &str) -> Vec<String> {
    if partial.starts_with('-') {
        return FLAGS
            .iter()
            .flat_map(|(long, short, _)| {
                let mut v = vec![format!("--{long}")];
                if let Some(s) = short {
                    v.push(format!("-{s}"));
                }
                v
            })
            .collect();
    }
    // Positional words typed so far (flags and their values skipped).
    let pos: Vec<&String> = before.iter().filter(|w| !w.starts_with('-')).collect();
    let Some(verb) = pos.first() else {
        return VERBS
            .iter()
            .filter(|v| !v.contains("not-supported"))
            .map(|v| v.to_string())
            .collect();
    };
    let names = |kind: Kind| -> Vec<String> {
        resources::list(sim, kind)
            .iter()
            .map(|i| i.name())
            .collect()
    };
    let slash_names = |kind_word: &str, kind: Kind| -> Vec<String> {
        names(kind)
            .into_iter()
            .map(|n| format!("{kind_word}/{n}"))
            .collect()
    };
    match verb.as_str() {
        "get" | "describe" | "delete" | "label" | "patch" | "edit" => {
            if pos.len() == 1 {
                if let Some((t, _)) = partial.split_once('/') {
                    return Kind::parse(t)
                        .map(|k| slash_names(t, k))
                        .unwrap_or_default();
                }
                return TYPES.iter().map(|t| t.to_string()).collect();
            }
            match Kind::parse(pos[1]) {
                Some(k) => names(k),
                None => Vec::new(),
            }
        }
        "taint" => {
            if pos.len() == 1 {
                vec!["nodes".to_string()]
            } else if pos.len() == 2 {
                names(Kind::Node)
            } else {
                ["NoSchedule", "PreferNoSchedule", "NoExecute"]
                    .iter()
                    .map(|e| format!("{partial}{e}"))
                    .filter(|_| partial.ends_with(':'))
                    .collect()
            }
        }
        "cordon" | "uncordon" | "drain" => names(Kind::Node),
        "rollout" => {
            if pos.len() == 1 {
                ["history", "restart", "status", "undo"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect()
            } else {
                slash_names("ds", Kind::DaemonSet)
            }
        }
        "set" => {
            if pos.len() == 1 {
                vec!["image".to_string()]
            } else if pos.len() == 2 {
                slash_names("ds", Kind::DaemonSet)
            } else {
                let ds = pos[2].split_once('/').map(|(_, n)| n).unwrap_or("");
                sim.daemonset(ds)
                    .map(|d| {
                        d.template
                            .containers
                            .iter()
                            .map(|c| format!("{}=", c.name))
                            .collect()
                    })
                    .unwrap_or_default()
            }
        }
        "help" => VERBS.iter().map(|v| v.to_string()).collect(),
        _ => Vec::new(),
    }
}
