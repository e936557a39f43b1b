//! The scenario gallery: ready-made clusters the picker, `?scenario=NAME` and the golden tests
//! load. Each scenario is a data file, `scenarios/NAME.dsp` at the workspace root, embedded at
//! compile time: a `dsplay` script whose leading comment block is a header of metadata
//!
//! ```text
//! # title: Surge: new pod first, old pod second
//! # description: A DaemonSet with maxSurge 1 ...
//! # continued description lines ...
//! # seed: 4242
//! # empty: true          (optional: start with no nodes instead of the article's two)
//! ```
//!
//! and whose body builds the cluster (`sim add-nodes`, labels, taints, manifests in heredocs,
//! `sleep`). [`load`] runs it and returns the simulation together with the command log, which
//! the web app keeps as the session's history and replays through [`crate::shell::run`].

use dsp_core::Simulation;

use crate::shell::{self, parse_script, Input};
use crate::{NoIo, Output};

/// One gallery entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// The file name without `.dsp` (`?scenario=NAME`).
    pub name: &'static str,
    pub title: String,
    pub description: String,
    pub seed: u64,
    /// Start with no nodes instead of the article's `10.0.10.5` and `10.0.10.7`.
    pub empty: bool,
    /// The whole file, header included (comments are skipped when it runs).
    pub script: &'static str,
}

/// The embedded files, in the order the picker lists them.
const FILES: &[(&str, &str)] = &[
    ("article", include_str!("../../../scenarios/article.dsp")),
    (
        "rolling-update-10-percent",
        include_str!("../../../scenarios/rolling-update-10-percent.dsp"),
    ),
    ("surge", include_str!("../../../scenarios/surge.dsp")),
    (
        "on-delete",
        include_str!("../../../scenarios/on-delete.dsp"),
    ),
    (
        "taints-and-tolerations",
        include_str!("../../../scenarios/taints-and-tolerations.dsp"),
    ),
    (
        "cordon-and-not-ready",
        include_str!("../../../scenarios/cordon-and-not-ready.dsp"),
    ),
    (
        "broken-image",
        include_str!("../../../scenarios/broken-image.dsp"),
    ),
    (
        "toleration-seconds",
        include_str!("../../../scenarios/toleration-seconds.dsp"),
    ),
    (
        "nodes-1000",
        include_str!("../../../scenarios/nodes-1000.dsp"),
    ),
];

/// Every scenario, in the picker's order. A file whose header does not parse is left out
/// (the crate's tests make sure none is).
pub fn all() -> Vec<Scenario> {
    FILES
        .iter()
        .filter_map(|(name, script)| scenario(name, script).ok())
        .collect()
}

/// The scenario called `name`, if there is one.
pub fn by_name(name: &str) -> Option<Scenario> {
    FILES
        .iter()
        .find(|(n, _)| *n == name)
        .and_then(|(n, script)| scenario(n, script).ok())
}

/// The article's DaemonSet as the article wrote it (legacy API and all): the manifest that
/// `scenarios/article.dsp` creates, which the page's editor starts with.
pub fn article_manifest() -> &'static str {
    static MANIFEST: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    MANIFEST.get_or_init(|| {
        parse_script(FILES[0].1)
            .ok()
            .and_then(|inputs| inputs.into_iter().find_map(|i| i.stdin))
            .unwrap_or_default()
    })
}

/// The header of a scenario file: `(title, description, seed, empty)`.
///
/// The header is the leading run of `#` lines. `title`, `description` and `seed` are required;
/// `empty` (`true`/`false`) is optional. Header lines without a known key continue the
/// description, joined with single spaces.
pub fn parse_header(text: &str) -> Result<(String, String, u64, bool), String> {
    let mut title: Option<String> = None;
    let mut description: Option<String> = None;
    let mut seed: Option<u64> = None;
    let mut empty: Option<bool> = None;
    // Continuation lines only make sense right after the description.
    let mut in_description = false;
    for (no, line) in text.lines().enumerate() {
        let Some(comment) = line.trim_start().strip_prefix('#') else {
            break;
        };
        let comment = comment.trim();
        let at = |msg: String| format!("header line {}: {msg}", no + 1);
        let (key, value) = match comment.split_once(':') {
            Some((k, v)) if matches!(k.trim(), "title" | "description" | "seed" | "empty") => {
                (k.trim(), v.trim())
            }
            _ => {
                if comment.is_empty() {
                    continue;
                }
                match (&mut description, in_description) {
                    (Some(d), true) => {
                        d.push(' ');
                        d.push_str(comment);
                        continue;
                    }
                    _ => return Err(at(format!("expected `key: value`, found {comment:?}"))),
                }
            }
        };
        in_description = key == "description";
        let duplicate = match key {
            "title" => title.replace(value.to_string()).is_some(),
            "description" => description.replace(value.to_string()).is_some(),
            "seed" => {
                let n = value
                    .parse::<u64>()
                    .map_err(|_| at(format!("seed must be a whole number, got {value:?}")))?;
                seed.replace(n).is_some()
            }
            _ => {
                let b = match value {
                    "true" => true,
                    "false" => false,
                    other => return Err(at(format!("empty must be true or false, got {other:?}"))),
                };
                empty.replace(b).is_some()
            }
        };
        if duplicate {
            return Err(at(format!("{key} is given twice")));
        }
    }
    let title = title
        .filter(|t| !t.is_empty())
        .ok_or("the header has no title")?;
    let description = description
        .filter(|d| !d.is_empty())
        .ok_or("the header has no description")?;
    let seed = seed.ok_or("the header has no seed")?;
    Ok((title, description, seed, empty.unwrap_or(false)))
}

/// Build the scenario's cluster: a simulation with its seed (and the article's two nodes unless
/// `empty`), with every script line run in order. Returns the simulation and the command log:
/// each input as run (a heredoc with its body) with the simulated time in milliseconds at which
/// it ran. A line that fails is an error: scenarios are curated, so a failure means the file is
/// broken.
pub fn load(s: &Scenario) -> Result<(Simulation, Vec<(i64, Input)>), String> {
    let mut log = Vec::new();
    let sim = play(s, |input, at, _| log.push((at, input.clone())))?;
    Ok((sim, log))
}

/// What `dsplay run` prints for the scenario's script (`$ line` and its output), for the
/// golden tests and the CLI.
pub fn transcript(s: &Scenario) -> Result<String, String> {
    let mut out = String::new();
    play(s, |input, _, result| {
        out.push_str("$ ");
        out.push_str(&input.line);
        out.push('\n');
        out.push_str(&result.text());
    })?;
    Ok(out)
}

/// The cluster a session, a script or a scenario starts from: the article's two nodes
/// (`10.0.10.5`, `10.0.10.7`), or no nodes at all when `empty`.
pub fn starting_cluster(seed: u64, empty: bool) -> Simulation {
    if empty {
        Simulation::new(seed)
    } else {
        Simulation::with_article_nodes(seed)
    }
}

/// The starting cluster of a scenario, before its script runs.
pub fn initial_simulation(s: &Scenario) -> Simulation {
    starting_cluster(s.seed, s.empty)
}

fn scenario(name: &'static str, script: &'static str) -> Result<Scenario, String> {
    let (title, description, seed, empty) = parse_header(script)?;
    Ok(Scenario {
        name,
        title,
        description,
        seed,
        empty,
        script,
    })
}

/// Run the script, reporting each input with the simulated time it started at. Scenarios are
/// self-contained: standard input from heredocs, no files.
fn play(
    s: &Scenario,
    mut on_input: impl FnMut(&Input, i64, &Output),
) -> Result<Simulation, String> {
    let inputs = parse_script(s.script).map_err(|e| format!("scenario {}: {e}", s.name))?;
    let mut sim = initial_simulation(s);
    for input in &inputs {
        let at = sim.now().0;
        let result = shell::run(&mut sim, input, &mut NoIo);
        on_input(input, at, &result);
        if result.exit_code != 0 {
            return Err(format!(
                "scenario {}: `{}` failed: {}",
                s.name,
                input.line,
                result.text().trim_end()
            ));
        }
    }
    Ok(sim)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_with_continued_description_parses() {
        let text = "# title: T\n# description: first\n#   second line\n# seed: 7\n\nsleep 1s\n";
        assert_eq!(
            parse_header(text),
            Ok(("T".into(), "first second line".into(), 7, false))
        );
    }

    #[test]
    fn empty_flag_is_read() {
        let text = "# title: T\n# description: d\n# seed: 1\n# empty: true\n";
        assert_eq!(parse_header(text).map(|h| h.3), Ok(true));
    }

    #[test]
    fn header_errors_are_reported() {
        assert!(parse_header("# title: T\n# seed: 1\n").is_err());
        assert!(parse_header("# title: T\n# description: d\n").is_err());
        assert!(parse_header("# title: T\n# description: d\n# seed: x\n").is_err());
        assert!(parse_header("# title: T\n# description: d\n# seed: 1\n# empty: yes\n").is_err());
        assert!(parse_header("# title: A\n# title: B\n# description: d\n# seed: 1\n").is_err());
        assert!(parse_header("# stray line\n# title: T\n# description: d\n# seed: 1\n").is_err());
    }

    #[test]
    fn header_stops_at_the_first_non_comment_line() {
        let text = "# title: T\n# description: d\n# seed: 1\nsleep 1s\n# seed: 2\n";
        assert_eq!(parse_header(text).map(|h| h.2), Ok(1));
    }

    #[test]
    fn every_embedded_file_has_a_valid_header() {
        for (name, script) in FILES {
            assert!(
                parse_header(script).is_ok(),
                "{name}: {:?}",
                parse_header(script)
            );
        }
        assert_eq!(all().len(), FILES.len());
    }

    #[test]
    fn by_name_finds_scenarios_and_rejects_unknown_names() {
        assert_eq!(by_name("surge").map(|s| s.name), Some("surge"));
        assert_eq!(by_name("no-such-scenario"), None);
    }

    #[test]
    fn the_article_manifest_is_the_legacy_frontend_daemonset() {
        let m = article_manifest();
        assert!(
            m.starts_with("apiVersion: extensions/v1beta1\nkind: DaemonSet\n"),
            "{m}"
        );
        assert!(
            m.contains("  name: frontend\n") && m.contains("app: frontend-node\n"),
            "{m}"
        );
        assert_eq!(FILES[0].0, "article");
    }

    #[test]
    fn load_logs_each_line_with_its_simulated_time() {
        let Some(s) = by_name("on-delete") else {
            panic!("on-delete is missing");
        };
        let (sim, log) = load(&s).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(log[0], (0, Input::new("sim add-nodes 1")));
        assert_eq!(log[1].1.line, "kubectl apply -f - <<EOF");
        assert!(log[1]
            .1
            .stdin
            .as_deref()
            .is_some_and(|s| s.starts_with("apiVersion: apps/v1\n")));
        // `sleep 15s` runs at 0 and moves the clock, so the next line runs at 15 s.
        assert_eq!(log[2], (0, Input::new("sleep 15s")));
        assert_eq!(log[3].0, 15_000);
        assert!(log.windows(2).all(|w| w[0].0 <= w[1].0));
        assert_eq!(sim.daemonsets().count(), 1);
    }
}
