//! The `dsplay` script runner: executes kubectl lines, `sleep` lines and `sim` actions against a
//! simulation and produces a transcript. Kept in a library so the golden tests run exactly what
//! `dsplay run` runs; the binary (main.rs) adds argument parsing and the interactive prompt.

use dsp_core::{ImageOutcome, NodeReady, NodeSpec, SimDuration, Simulation};
use dsp_kubectl::{Io, Output};
use std::path::{Path, PathBuf};

/// The seed a plain `dsplay run` uses, so runs are reproducible.
pub const DEFAULT_SEED: u64 = 20_260_101;

/// Options of `dsplay run`.
#[derive(Clone, Debug)]
pub struct RunOptions {
    pub seed: u64,
    /// Start with no nodes instead of the article's two.
    pub empty: bool,
    /// Stop at the first failing command with its exit code.
    pub strict: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            seed: DEFAULT_SEED,
            empty: false,
            strict: false,
        }
    }
}

/// The starting cluster for the options.
pub fn new_simulation(opts: &RunOptions) -> Simulation {
    if opts.empty {
        Simulation::new(opts.seed)
    } else {
        Simulation::with_article_nodes(opts.seed)
    }
}

/// Files relative to a folder, and one standard input (a heredoc body).
pub struct FileIo {
    pub base: PathBuf,
    pub stdin: Option<String>,
}

impl Io for FileIo {
    fn read_file(&mut self, path: &str) -> Result<String, String> {
        let p = self.base.join(path);
        std::fs::read_to_string(&p).map_err(|_| format!("the path \"{path}\" does not exist"))
    }
    fn stdin(&mut self) -> Option<String> {
        self.stdin.take()
    }
}

/// One executable script line with its heredoc body, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The line as written (echoed after `$ `).
    pub line: String,
    /// The command without the `<<WORD` redirection.
    pub command: String,
    pub stdin: Option<String>,
}

/// Split a script into steps: comments and blank lines dropped, heredocs attached.
pub fn parse_script(text: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((no, raw)) = lines.next() {
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        match heredoc_word(trimmed) {
            Some((command, word)) => {
                let mut body = String::new();
                let mut closed = false;
                for (_, l) in lines.by_ref() {
                    if l.trim() == word {
                        closed = true;
                        break;
                    }
                    body.push_str(l);
                    body.push('\n');
                }
                if !closed {
                    return Err(format!(
                        "line {}: here-document ends before its terminator {word:?}",
                        no + 1
                    ));
                }
                steps.push(Step {
                    line: trimmed.to_string(),
                    command,
                    stdin: Some(body),
                });
            }
            None => steps.push(Step {
                line: trimmed.to_string(),
                command: trimmed.to_string(),
                stdin: None,
            }),
        }
    }
    Ok(steps)
}

/// `cmd <<EOF`, `cmd << 'EOF'`, `cmd <<"EOF"` → (cmd, EOF).
pub fn heredoc_word(line: &str) -> Option<(String, String)> {
    let idx = line.rfind("<<")?;
    let word = line[idx + 2..].trim().trim_start_matches('-').trim();
    let word = word.trim_matches(|c| c == '\'' || c == '"');
    if word.is_empty() || word.contains(char::is_whitespace) {
        return None;
    }
    Some((line[..idx].trim_end().to_string(), word.to_string()))
}

/// The result of one step.
pub struct StepResult {
    pub text: String,
    pub exit_code: i32,
}

/// Run one command (`kubectl …`, `sleep D`, `sim …`) on the simulation.
pub fn run_command(sim: &mut Simulation, command: &str, io: &mut dyn Io) -> StepResult {
    let first = command.split_whitespace().next().unwrap_or("");
    match first {
        "sleep" => {
            let arg = command.split_whitespace().nth(1).unwrap_or("");
            match parse_sleep(arg) {
                Ok(d) => {
                    sim.advance_by(d);
                    ok(String::new())
                }
                Err(e) => err(format!("sleep: {e}\n")),
            }
        }
        "sim" => sim_action(sim, command),
        _ => {
            let Output {
                combined,
                exit_code,
                ..
            } = dsp_kubectl::run(sim, command, io);
            StepResult {
                text: combined,
                exit_code,
            }
        }
    }
}

/// `sleep` takes Go durations (`500ms`, `1m30s`) and bare seconds (`5`) like the shell.
fn parse_sleep(arg: &str) -> Result<SimDuration, String> {
    if !arg.is_empty() && arg.chars().all(|c| c.is_ascii_digit()) {
        return arg
            .parse::<i64>()
            .map(SimDuration::from_secs)
            .map_err(|e| e.to_string());
    }
    SimDuration::parse(arg)
}

fn ok(text: String) -> StepResult {
    StepResult { text, exit_code: 0 }
}

fn err(text: String) -> StepResult {
    StepResult { text, exit_code: 1 }
}

const SIM_HELP: &str = "Simulator actions (not kubectl):
  sim add-nodes N [--prefix P] [--label k=v]...   add N Ready nodes named P0..P(N-1) (default prefix node-)
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

fn sim_action(sim: &mut Simulation, command: &str) -> StepResult {
    let words = match dsp_kubectl::shell::split(command) {
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
                dsp_kubectl::objects::rfc3339(now),
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
            let mut prefix = "node-".to_string();
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
            for i in 0..n {
                let spec = NodeSpec {
                    name: format!("{prefix}{i}"),
                    labels: labels.clone(),
                    ..Default::default()
                };
                if let Err(e) = sim.add_node(spec) {
                    return err(format!("{e}\n"));
                }
            }
            let text = match n {
                0 => "added 0 nodes\n".to_string(),
                1 => format!("added 1 node: {prefix}0\n"),
                _ => format!("added {n} nodes: {prefix}0 … {prefix}{}\n", n - 1),
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

fn now_text(t: dsp_core::SimTime) -> String {
    SimDuration(t.0).to_string()
}

/// Run a whole script; returns the transcript and the exit code.
pub fn run_script(text: &str, base: &Path, opts: &RunOptions) -> (String, i32) {
    let steps = match parse_script(text) {
        Ok(s) => s,
        Err(e) => return (format!("dsplay: {e}\n"), 2),
    };
    let mut sim = new_simulation(opts);
    let mut transcript = String::new();
    for step in steps {
        transcript.push_str("$ ");
        transcript.push_str(&step.line);
        transcript.push('\n');
        let mut io = FileIo {
            base: base.to_path_buf(),
            stdin: step.stdin.clone(),
        };
        let result = run_command(&mut sim, &step.command, &mut io);
        transcript.push_str(&result.text);
        if opts.strict && result.exit_code != 0 {
            return (transcript, result.exit_code);
        }
    }
    (transcript, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heredoc_lines_become_standard_input() {
        let steps = parse_script("# c\n\nkubectl create -f - <<EOF\na: 1\n  b\nEOF\nsleep 5s\n")
            .unwrap_or_default();
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[0].command, "kubectl create -f -");
        assert_eq!(steps[0].line, "kubectl create -f - <<EOF");
        assert_eq!(steps[0].stdin.as_deref(), Some("a: 1\n  b\n"));
        assert_eq!(steps[1].command, "sleep 5s");
    }

    #[test]
    fn unterminated_heredoc_is_an_error() {
        assert!(parse_script("kubectl create -f - <<EOF\na: 1\n").is_err());
    }

    #[test]
    fn quoted_heredoc_words_are_accepted() {
        assert_eq!(
            heredoc_word("cat << 'END'"),
            Some(("cat".to_string(), "END".to_string()))
        );
        assert_eq!(heredoc_word("echo a<<b c"), None);
    }

    #[test]
    fn sleep_advances_simulated_time() {
        let mut sim = Simulation::new(1);
        let mut io = dsp_kubectl::NoIo;
        let r = run_command(&mut sim, "sleep 1m30s", &mut io);
        assert_eq!(r.exit_code, 0);
        assert_eq!(sim.now().0, 90_000);
        assert_eq!(run_command(&mut sim, "sleep soon", &mut io).exit_code, 1);
    }

    #[test]
    fn strict_mode_stops_at_the_first_failure() {
        let opts = RunOptions {
            strict: true,
            ..RunOptions::default()
        };
        let (t, code) = run_script(
            "kubectl get ds nope\nkubectl get nodes\n",
            Path::new("."),
            &opts,
        );
        assert_eq!(code, 1);
        assert!(!t.contains("kubectl get nodes"), "{t}");
    }

    #[test]
    fn sim_add_nodes_names_nodes_with_the_prefix() {
        let mut sim = Simulation::new(1);
        let mut io = dsp_kubectl::NoIo;
        let r = run_command(
            &mut sim,
            "sim add-nodes 3 --prefix w- --label pool=a",
            &mut io,
        );
        assert_eq!(r.exit_code, 0, "{}", r.text);
        let names: Vec<String> = sim.nodes().map(|n| n.name.clone()).collect();
        assert_eq!(names, ["w-0", "w-1", "w-2"]);
        assert!(sim
            .nodes()
            .all(|n| n.labels.get("pool").map(String::as_str) == Some("a")));
    }
}
