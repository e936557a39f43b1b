//! Lines that are not kubectl: `sleep DURATION` and the simulator's `sim …` actions, next to
//! kubectl itself. [`run_command`] is what both the `dsplay` scripts and the web terminal call
//! for one line, so every front end understands the same language. [`parse_script`] splits a
//! whole script (comments, heredocs) into [`Step`]s, and [`run_logged`] re-runs one entry of a
//! session log, where a heredoc is kept together with its body (see [`Step::log_entry`]).

use dsp_core::{ImageOutcome, NodeReady, NodeSpec, SimDuration, Simulation};

use crate::{Io, Output};

/// One `sleep` moves simulated time by at most this much (a longer one is almost certainly a
/// typo, and an unbounded one would let a shared link freeze the page).
pub const MAX_SLEEP: SimDuration = SimDuration(24 * 3600 * 1000);
/// `sim add-nodes` stops at this many nodes in the cluster.
pub const MAX_NODES: usize = 10_000;

/// The result of one step.
pub struct StepResult {
    pub text: String,
    pub exit_code: i32,
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

impl Step {
    /// The step as one session-log entry: the line itself, or for a heredoc the full text
    /// `cmd <<EOF\nbody\nEOF`, so that [`run_logged`] can run it again with the same input.
    pub fn log_entry(&self) -> String {
        match (&self.stdin, heredoc_word(&self.line)) {
            (Some(body), Some((_, word))) => format!("{}\n{body}{word}", self.line),
            _ => self.line.clone(),
        }
    }
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

/// Split a session-log entry into the command and its standard input. A one-line entry is the
/// command itself; a multi-line entry is a heredoc (`cmd <<EOF`, body lines, `EOF`) as
/// [`Step::log_entry`] writes it.
pub fn split_logged(entry: &str) -> Result<(String, Option<String>), String> {
    if !entry.contains('\n') {
        return Ok((entry.trim().to_string(), None));
    }
    match parse_script(entry)?.as_slice() {
        [step] => Ok((step.command.clone(), step.stdin.clone())),
        _ => Err("a logged entry must hold exactly one command (with its here-document)".into()),
    }
}

/// Re-run one session-log entry (a line, or a heredoc with its body) on the simulation.
/// `io` serves files; a heredoc body is the standard input and takes precedence over `io`'s.
pub fn run_logged(sim: &mut Simulation, entry: &str, io: &mut dyn Io) -> StepResult {
    match split_logged(entry) {
        Ok((command, None)) => run_command(sim, &command, io),
        Ok((command, Some(body))) => {
            let mut with_stdin = WithStdin {
                inner: io,
                stdin: Some(body),
            };
            run_command(sim, &command, &mut with_stdin)
        }
        Err(e) => err(format!("{e}\n")),
    }
}

/// An [`Io`] whose standard input is a heredoc body; files come from the wrapped one.
struct WithStdin<'a> {
    inner: &'a mut dyn Io,
    stdin: Option<String>,
}

impl Io for WithStdin<'_> {
    fn read_file(&mut self, path: &str) -> Result<String, String> {
        self.inner.read_file(path)
    }
    fn stdin(&mut self) -> Option<String> {
        self.stdin.take()
    }
    fn can_edit(&self) -> bool {
        self.inner.can_edit()
    }
}

/// Run one command (`kubectl …`, `sleep D`, `sim …`) on the simulation.
pub fn run_command(sim: &mut Simulation, command: &str, io: &mut dyn Io) -> StepResult {
    let first = command.split_whitespace().next().unwrap_or("");
    match first {
        "sleep" => {
            let arg = command.split_whitespace().nth(1).unwrap_or("");
            match parse_sleep(arg) {
                Ok(d) if d > MAX_SLEEP => err(format!(
                    "sleep: {d} is longer than the playground sleeps at once ({MAX_SLEEP}); sleep in steps\n"
                )),
                Ok(d) if d.0 < 0 => err(format!("sleep: invalid duration {arg}\n")),
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
            } = crate::run(sim, command, io);
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

fn sim_action(sim: &mut Simulation, command: &str) -> StepResult {
    let words = match crate::shell::split(command) {
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
            let mut from = 0usize;
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
                    "--from" => match value.parse::<usize>() {
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
            for i in from..from + n {
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
                1 => format!("added 1 node: {prefix}{from}\n"),
                _ => format!(
                    "added {n} nodes: {prefix}{from} … {prefix}{}\n",
                    from + n - 1
                ),
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

#[cfg(test)]
mod tests {
    use super::*;

    const DS: &str = "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx
";

    #[test]
    fn heredoc_step_log_entry_keeps_its_body_and_terminator() {
        let script = format!("kubectl apply -f - <<'END'\n{DS}END\nsleep 5s\n");
        let steps = parse_script(&script).unwrap_or_default();
        assert_eq!(steps.len(), 2);
        assert_eq!(
            steps[0].log_entry(),
            format!("kubectl apply -f - <<'END'\n{DS}END")
        );
        assert_eq!(steps[1].log_entry(), "sleep 5s");
    }

    #[test]
    fn split_logged_gives_back_command_and_stdin() {
        let entry = format!("kubectl apply -f - <<EOF\n{DS}EOF");
        assert_eq!(
            split_logged(&entry),
            Ok(("kubectl apply -f -".to_string(), Some(DS.to_string())))
        );
        assert_eq!(
            split_logged("kubectl get pods"),
            Ok(("kubectl get pods".to_string(), None))
        );
        assert!(split_logged("kubectl get pods\nkubectl get ds").is_err());
        assert!(split_logged("kubectl apply -f - <<EOF\nno end").is_err());
    }

    #[test]
    fn run_logged_heredoc_entry_creates_the_daemonset() {
        let mut sim = Simulation::with_article_nodes(7);
        let entry = format!("kubectl apply -f - <<EOF\n{DS}EOF");
        let r = run_logged(&mut sim, &entry, &mut crate::NoIo);
        assert_eq!(r.exit_code, 0, "{}", r.text);
        assert_eq!(r.text, "daemonset.apps/web created\n");
        let r = run_logged(&mut sim, "sleep 30s", &mut crate::NoIo);
        assert_eq!(r.exit_code, 0);
        assert_eq!(sim.pods().filter(|p| p.ready).count(), 2);
    }

    #[test]
    fn run_logged_rejects_an_entry_with_two_commands() {
        let mut sim = Simulation::new(1);
        let r = run_logged(&mut sim, "sleep 1s\nsleep 2s", &mut crate::NoIo);
        assert_eq!(r.exit_code, 1);
        assert_eq!(sim.now().0, 0);
    }

    #[test]
    fn sleep_and_add_nodes_are_bounded_so_a_script_or_link_cannot_freeze_the_page() {
        let mut sim = Simulation::new(1);
        let mut io = crate::NoIo;
        let r = run_command(&mut sim, "sleep 25h", &mut io);
        assert_eq!(r.exit_code, 1, "{}", r.text);
        assert_eq!(sim.now().0, 0);
        assert_eq!(run_command(&mut sim, "sleep 24h", &mut io).exit_code, 0);
        let r = run_command(&mut sim, "sim add-nodes 10001", &mut io);
        assert_eq!(r.exit_code, 1, "{}", r.text);
        assert!(r.text.contains("at most 10000 nodes"), "{}", r.text);
        assert_eq!(sim.nodes().count(), 0);
    }
}
