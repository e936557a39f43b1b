//! `dsp-fuzz [SECONDS] [--seed N] [--target manifest|interpreter]`: throws generated and mutated
//! inputs at the manifest parser and validator and at the interpreter for SECONDS of wall time
//! (split between the targets), then prints executions, panics, the slowest input and the peak
//! memory. Exit status 1 when anything panicked or took over a second. The share-link decoder's
//! target is a test in dsp-web (`session::tests::fuzz_share_links`, `DSP_FUZZ_SECONDS`), because
//! the decoder is private to the page; `scripts/dev fuzz` runs both.

use std::process::ExitCode;
use std::time::Duration;

use dsp_core::Simulation;
use dsp_fuzz::{gen, peak_memory_kib, run, Report, Rng};
use dsp_kubectl::{shell, Io};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut seconds = 20.0f64;
    let mut seed = 1u64;
    let mut only: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--seed" => seed = it.next().and_then(|s| s.parse().ok()).unwrap_or(seed),
            "--target" => only = it.next().cloned(),
            "--time-script" => {
                // Times the interpreter target on a file (e.g. target/fuzz-peak-interpreter.txt).
                let text = std::fs::read_to_string(it.next().map_or("", String::as_str))
                    .unwrap_or_default();
                let base = populated();
                let start = std::time::Instant::now();
                interpreter_target(&base, &text);
                println!(
                    "{} bytes: {:?}, peak memory {} MiB",
                    text.len(),
                    start.elapsed(),
                    peak_memory_kib().map_or(0, |k| k / 1024)
                );
                return ExitCode::SUCCESS;
            }
            "--time" => {
                // Times the manifest target on a file (e.g. target/fuzz-hang-manifest.txt).
                let text = std::fs::read_to_string(it.next().map_or("", String::as_str))
                    .unwrap_or_default();
                let start = std::time::Instant::now();
                manifest_target(&text);
                println!(
                    "{} bytes: {:?}, peak memory {} MiB",
                    text.len(),
                    start.elapsed(),
                    peak_memory_kib().map_or(0, |k| k / 1024)
                );
                return ExitCode::SUCCESS;
            }
            s => match s.parse() {
                Ok(n) => seconds = n,
                Err(_) => {
                    eprintln!(
                        "usage: dsp-fuzz [SECONDS] [--seed N] [--target manifest|interpreter]"
                    );
                    return ExitCode::from(2);
                }
            },
        }
    }
    // Quiet panics: the runner counts them and keeps the first.
    std::panic::set_hook(Box::new(|_| {}));
    let corpus = gen::Corpus::load();
    println!(
        "dsp-fuzz: seed {seed}, {seconds} s, corpus of {} manifests, {} lines, {} scripts",
        corpus.manifests.len(),
        corpus.lines.len(),
        corpus.scripts.len()
    );
    let targets: Vec<&str> = match only.as_deref() {
        Some(t) => vec![t],
        None => vec!["manifest", "interpreter"],
    };
    let share = Duration::from_secs_f64(seconds / targets.len() as f64);
    let mut reports: Vec<Report> = Vec::new();
    for target in targets {
        let mut rng = Rng::new(seed ^ target.len() as u64);
        let report = match target {
            "manifest" => run(
                "manifest",
                share,
                || gen::manifest(&mut rng, &corpus),
                manifest_target,
            ),
            "interpreter" => {
                let base = populated();
                run(
                    "interpreter",
                    share,
                    || gen::script(&mut rng, &corpus),
                    |script| interpreter_target(&base, script),
                )
            }
            other => {
                eprintln!("dsp-fuzz: unknown target {other}");
                return ExitCode::from(2);
            }
        };
        println!("{report}");
        if let Some((input, message)) = &report.first_panic {
            let preview: String = input.chars().take(2000).collect();
            println!("  first panic: {message}\n  input: {preview:?}");
        }
        reports.push(report);
    }
    let executions: u64 = reports.iter().map(|r| r.executions).sum();
    let panics: u64 = reports.iter().map(|r| r.panics).sum();
    let slow: u64 = reports.iter().map(|r| r.over_one_second).sum();
    println!(
        "total: {executions} executions, {panics} panics, {slow} inputs over 1 s, peak memory {} MiB",
        peak_memory_kib().map_or("?".to_string(), |k| (k / 1024).to_string())
    );
    if panics > 0 || slow > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Parse, check (parse + validate + positions), convert and print: everything the editor and
/// `kubectl apply` do with a text.
fn manifest_target(text: &str) {
    use dsp_core::manifest::{check_manifests, convert_to_apps_v1, position_of, to_yaml, Manifest};
    let checked = check_manifests(text);
    // `position_of` re-reads the whole text: once, for the first document, as the editor does
    // for the field under the cursor.
    let _ = position_of(text, 0, "spec.template.spec.containers[0].image");
    for doc in &checked.parsed.documents {
        if let Some(Manifest::DaemonSet(ds)) = &doc.object {
            if let Ok(v) = serde_json_value(ds) {
                let _ = to_yaml(&v);
            }
        }
    }
    if checked.parsed.is_legacy() {
        let _ = convert_to_apps_v1(text);
    }
    let _ = dsp_core::manifest::yaml_to_json(text);
}

fn serde_json_value<T: serde::Serialize>(v: &T) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::to_value(v)
}

/// The cluster every interpreter input starts from: the article's two nodes and 20 more, the
/// article's DaemonSet running, and one image that crashes.
fn populated() -> Simulation {
    let mut sim = Simulation::with_article_nodes(7);
    let mut io = Files;
    for line in [
        "sim add-nodes 20 --label app=frontend-node",
        "kubectl label nodes 10.0.10.5 10.0.10.7 app=frontend-node",
        "kubectl apply -f manifest.yaml",
        "sim image nginx:crash crash",
        "sleep 1m",
    ] {
        shell::run(&mut sim, &shell::Input::new(line), &mut io);
    }
    sim
}

/// The host's files: the article's manifest under two names.
struct Files;

impl Io for Files {
    fn read_file(&mut self, path: &str) -> Result<String, String> {
        match path {
            "ds.yaml" | "manifest.yaml" => {
                Ok(dsp_kubectl::scenario::article_manifest().to_string())
            }
            _ => Err(format!("the path \"{path}\" does not exist")),
        }
    }
    fn editor_file(&self) -> Option<&str> {
        Some("manifest.yaml")
    }
}

/// A script on a copy of the populated cluster, line by line through `shell::run`, then the
/// reads the page makes after each line (completion, the apply preview).
fn interpreter_target(base: &Simulation, script: &str) {
    let mut sim = base.clone();
    let Ok(inputs) = shell::parse_script(script) else {
        return;
    };
    let mut io = Files;
    for input in &inputs {
        let _ = shell::run(&mut sim, input, &mut io);
        let _ = dsp_kubectl::complete(&sim, &input.line);
    }
}
