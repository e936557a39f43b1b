//! The shell: one line of the playground's language, run on the simulation.
//!
//! [`run`] is the one entry point every front end calls — the web terminal, the tutorial's
//! "Show me" and "Reset to this step", scenarios, session replay, `dsplay run` and `dsplay`'s
//! prompt. A line is kubectl (with or without the leading `kubectl`), `sim …` (what kubectl
//! cannot do: add nodes, make one NotReady, break an image), `sleep DURATION`, `help` or
//! `clear`; a heredoc (`kubectl apply -f - <<EOF`) comes as the [`Input`]'s standard input.
//! The result is structured ([`Output`]): chunks tagged stdout / stderr / note, the exit code,
//! effects for the host, and the files the line read (recorded from the host's [`Io`]).

mod script;
mod sim_actions;

use dsp_core::Simulation;

use crate::{Effect, Io, Output, Stream};

pub use crate::words::{heredoc_delimiter, heredoc_word, quote, split};
pub use script::parse_script;
pub(crate) use sim_actions::{now_text, parse_sleep};
pub use sim_actions::{MAX_NODES, MAX_SLEEP};

/// One line to run, with its standard input.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Input {
    /// The line as written (a terminal echoes it after `$ `); for a heredoc it ends with
    /// `<<WORD`.
    pub line: String,
    /// The heredoc body (what `-f -` reads), if any.
    pub stdin: Option<String>,
}

impl Input {
    /// A line without standard input.
    pub fn new(line: impl Into<String>) -> Input {
        Input {
            line: line.into(),
            stdin: None,
        }
    }

    /// The command the line runs: the line without its `<<WORD` when it has standard input.
    pub fn command(&self) -> String {
        match (&self.stdin, heredoc_word(&self.line)) {
            (Some(_), Some((command, _))) => command,
            _ => self.line.clone(),
        }
    }

    /// The input as script text, which [`Input::from_script`] and [`parse_script`] read back:
    /// the line itself, or for standard input `CMD <<'WORD'`, the body and `WORD`.
    pub fn to_script(&self) -> String {
        let Some(body) = &self.stdin else {
            return self.line.clone();
        };
        let (command, word) = match heredoc_word(&self.line) {
            Some((command, word)) if !body.lines().any(|l| l.trim() == word) => (command, word),
            _ => (self.command(), heredoc_delimiter(body)),
        };
        let mut text = format!("{command} <<'{word}'\n{body}");
        if !body.is_empty() && !body.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&word);
        text
    }

    /// Reads back one input written by [`Input::to_script`]: exactly one command.
    pub fn from_script(text: &str) -> Result<Input, String> {
        if !text.contains('\n') {
            return Ok(Input::new(text.trim()));
        }
        let mut inputs = parse_script(text)?;
        match inputs.len() {
            1 => Ok(inputs.remove(0)),
            _ => Err("an entry must hold exactly one command (with its here-document)".into()),
        }
    }
}

/// The longest line the shell runs: Linux's limit for one argument (`MAX_ARG_STRLEN`, 32 pages
/// of 4 KiB); a longer line is refused before it is split into words.
pub const MAX_LINE_BYTES: usize = 128 * 1024;

/// Runs one line on the simulation; `io` serves the files it names.
pub fn run(sim: &mut Simulation, input: &Input, io: &mut dyn Io) -> Output {
    if input.line.len() > MAX_LINE_BYTES {
        return Output::of(
            Stream::Stderr,
            &format!(
                "error: the line is {} bytes long; the playground runs lines of at most {MAX_LINE_BYTES} bytes (Argument list too long)\n",
                input.line.len()
            ),
            1,
        );
    }
    if let Some(stdin) = input
        .stdin
        .as_deref()
        .filter(|s| s.len() > dsp_core::manifest::MAX_TEXT_BYTES)
    {
        return Output::of(
            Stream::Stderr,
            &format!(
                "error: the standard input is {} bytes long; the playground reads at most {} bytes\n",
                stdin.len(),
                dsp_core::manifest::MAX_TEXT_BYTES
            ),
            1,
        );
    }
    let command = input.command();
    let mut words = command.split_whitespace();
    match words.next() {
        None => Output::default(),
        Some("help") if words.next().is_none() => {
            Output::of(Stream::Stdout, &help(io.editor_file()), 0)
        }
        Some("clear") if words.next().is_none() => Output {
            effects: vec![Effect::ClearScreen],
            ..Output::default()
        },
        Some("sleep") => sim_actions::sleep(sim, words.next().unwrap_or("")),
        Some("sim") => sim_actions::sim_action(sim, &command),
        Some(_) => crate::kubectl::run(sim, &command, input.stdin.clone(), io),
    }
}

/// Runs every line of a script in order, each with its own output.
pub fn run_script(sim: &mut Simulation, inputs: &[Input], io: &mut dyn Io) -> Vec<(Input, Output)> {
    inputs
        .iter()
        .map(|input| (input.clone(), run(sim, input, io)))
        .collect()
}

/// `help`: the lines people need first (`kubectl help` lists every command).
fn help(editor_file: Option<&str>) -> String {
    let (intro, apply, diff) = match editor_file {
        Some(file) => (
            format!(
                "This terminal runs kubectl against the simulated cluster. The editor is the file {file}."
            ),
            (format!("kubectl apply -f {file}"), "create or update what the editor holds"),
            (format!("kubectl diff -f {file}"), "what applying the editor would change"),
        ),
        None => (
            "This prompt runs kubectl against the simulated cluster.".to_string(),
            ("kubectl apply -f FILE".to_string(), "create or update what FILE holds"),
            ("kubectl diff -f FILE".to_string(), "what applying FILE would change"),
        ),
    };
    let rows = [
        (apply.0.as_str(), apply.1),
        (diff.0.as_str(), diff.1),
        ("kubectl get pods|ds|nodes [-o wide|yaml|json]", ""),
        ("kubectl describe ds|node|pod NAME", ""),
        (
            "kubectl label node NAME key=value [--overwrite]",
            "(key- removes it)",
        ),
        ("kubectl set image ds/NAME CONTAINER=IMAGE", ""),
        ("kubectl rollout status|history|undo|restart ds/NAME", ""),
        (
            "sim help",
            "simulator actions (add nodes, NotReady, broken images)",
        ),
        ("clear", "clear this terminal"),
    ];
    let mut text = intro;
    text.push('\n');
    for (command, what) in rows {
        let line = if what.is_empty() {
            format!("  {command}")
        } else if command.len() < 33 {
            format!("  {command:<33}  {what}")
        } else {
            format!("  {command}   {what}")
        };
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text.push_str(
        "Tab completes, Up/Down walk the history. `kubectl help` lists every supported command.\n",
    );
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FileRead;

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

    struct Editor;

    impl Io for Editor {
        fn read_file(&mut self, path: &str) -> Result<String, String> {
            match path {
                "manifest.yaml" => Ok(DS.to_string()),
                _ => Err(format!("the path \"{path}\" does not exist")),
            }
        }
        fn editor_file(&self) -> Option<&str> {
            Some("manifest.yaml")
        }
    }

    fn line(sim: &mut Simulation, text: &str) -> Output {
        run(sim, &Input::new(text), &mut crate::NoIo)
    }

    #[test]
    fn a_heredoc_input_writes_and_reads_back_its_script_text() {
        let input = Input {
            line: "kubectl apply -f - <<'END'".into(),
            stdin: Some(DS.into()),
        };
        assert_eq!(input.command(), "kubectl apply -f -");
        let text = input.to_script();
        assert_eq!(text, format!("kubectl apply -f - <<'END'\n{DS}END"));
        assert_eq!(Input::from_script(&text), Ok(input));
        assert_eq!(
            Input::from_script("kubectl get pods"),
            Ok(Input::new("kubectl get pods"))
        );
        assert!(Input::from_script("kubectl get pods\nkubectl get ds").is_err());
        assert!(Input::from_script("kubectl apply -f - <<EOF\nno end").is_err());
        // Standard input for a line that has no heredoc gets a delimiter no body line equals.
        let piped = Input {
            line: "kubectl apply -f -".into(),
            stdin: Some("EOF\n".into()),
        };
        assert_eq!(
            piped.to_script(),
            "kubectl apply -f - <<'EOF_1'\nEOF\nEOF_1"
        );
        assert_eq!(
            Input::from_script(&piped.to_script()).map(|i| i.stdin),
            Ok(piped.stdin)
        );
    }

    #[test]
    fn a_heredoc_creates_the_daemonset_and_sleep_lets_it_run() {
        let mut sim = Simulation::with_article_nodes(7);
        let input = Input {
            line: "kubectl apply -f - <<EOF".into(),
            stdin: Some(DS.into()),
        };
        let out = run(&mut sim, &input, &mut crate::NoIo);
        assert_eq!(out.exit_code, 0, "{}", out.text());
        assert_eq!(out.stdout(), "daemonset.apps/web created\n");
        assert_eq!(
            out.reads,
            [FileRead {
                path: "-".into(),
                text: DS.into()
            }]
        );
        assert_eq!(line(&mut sim, "sleep 30s").exit_code, 0);
        assert_eq!(sim.pods().filter(|p| p.ready).count(), 2);
    }

    #[test]
    fn files_the_line_reads_are_recorded_with_their_text() {
        let mut sim = Simulation::with_article_nodes(7);
        let out = run(
            &mut sim,
            &Input::new("kubectl apply -f manifest.yaml"),
            &mut Editor,
        );
        assert_eq!(out.stdout(), "daemonset.apps/web created\n");
        assert_eq!(
            out.reads,
            [FileRead {
                path: "manifest.yaml".into(),
                text: DS.into()
            }]
        );
        // A failed read is not a read.
        let out = run(
            &mut sim,
            &Input::new("kubectl apply -f other.yaml"),
            &mut Editor,
        );
        assert_eq!(out.exit_code, 1);
        assert!(out.reads.is_empty());
        // Naming the file in another word does not count either.
        let out = run(
            &mut sim,
            &Input::new("kubectl get ds manifest.yaml"),
            &mut Editor,
        );
        assert!(out.reads.is_empty());
    }

    #[test]
    fn output_keeps_its_streams_in_order_with_notes_apart() {
        let mut sim = Simulation::with_article_nodes(7);
        run(
            &mut sim,
            &Input::new("kubectl apply -f manifest.yaml"),
            &mut Editor,
        );
        let out = line(&mut sim, "kubectl get pods -w");
        let lines = out.lines();
        assert_eq!(
            lines[0],
            (
                Stream::Stdout,
                "NAME        READY   STATUS    RESTARTS   AGE".into()
            ),
            "{lines:?}"
        );
        let last = lines
            .last()
            .cloned()
            .unwrap_or((Stream::Stdout, String::new()));
        assert_eq!(last.0, Stream::Note, "{lines:?}");
        assert!(
            last.1.starts_with("(nothing is left to happen"),
            "{lines:?}"
        );
        assert_eq!(out.stderr(), format!("{}\n", last.1));
        let err = line(&mut sim, "kubectl get ds nope");
        assert_eq!(
            err.lines(),
            [(
                Stream::Stderr,
                "Error from server (NotFound): daemonsets.apps \"nope\" not found".into()
            )]
        );
        assert_eq!(err.exit_code, 1);
    }

    #[test]
    fn help_clear_sim_and_sleep_are_the_shells_own() {
        let mut sim = Simulation::new(1);
        let help = run(&mut sim, &Input::new("help"), &mut Editor).text();
        assert!(
            help.contains(
                "  kubectl apply -f manifest.yaml     create or update what the editor holds\n"
            ),
            "{help}"
        );
        let help = line(&mut sim, "help").text();
        assert!(help.contains("kubectl apply -f FILE"), "{help}");
        assert!(line(&mut sim, "kubectl help")
            .text()
            .contains("kubectl controls"));
        assert_eq!(line(&mut sim, "clear").effects, [Effect::ClearScreen]);
        assert_eq!(line(&mut sim, "").text(), "");
        let r = line(&mut sim, "sleep 1m30s");
        assert_eq!(r.exit_code, 0);
        assert_eq!(sim.now().0, 90_000);
        let r = line(&mut sim, "sleep soon");
        assert_eq!((r.exit_code, r.lines()[0].0), (1, Stream::Stderr));
        let r = line(&mut sim, "sim add-nodes 3 --prefix w- --label pool=a");
        assert_eq!(r.exit_code, 0, "{}", r.text());
        let names: Vec<String> = sim.nodes().map(|n| n.name.clone()).collect();
        assert_eq!(names, ["w-0", "w-1", "w-2"]);
        // Without the `kubectl`, a line is still kubectl.
        assert_eq!(
            line(&mut sim, "get nodes -o name").stdout(),
            "node/w-0\nnode/w-1\nnode/w-2\n"
        );
    }

    #[test]
    fn sleep_and_add_nodes_are_bounded_so_a_script_or_link_cannot_freeze_the_page() {
        let mut sim = Simulation::new(1);
        let r = line(&mut sim, "sleep 25h");
        assert_eq!(r.exit_code, 1, "{}", r.text());
        assert_eq!(sim.now().0, 0);
        assert_eq!(line(&mut sim, "sleep 24h").exit_code, 0);
        let r = line(&mut sim, "sim add-nodes 10001");
        assert_eq!(r.exit_code, 1, "{}", r.text());
        assert!(r.text().contains("at most 10000 nodes"), "{}", r.text());
        assert_eq!(sim.nodes().count(), 0);
    }

    #[test]
    fn lines_join_pieces_of_one_line_and_keep_a_last_line_without_newline() {
        let mut out = Output::default();
        out.push(Stream::Stdout, "a");
        out.push(Stream::Stdout, "b\n\nc");
        out.push(Stream::Stderr, "d\ne");
        assert_eq!(
            out.lines(),
            [
                (Stream::Stdout, "ab".to_string()),
                (Stream::Stdout, String::new()),
                (Stream::Stdout, "cd".to_string()),
                (Stream::Stderr, "e".to_string()),
            ]
        );
        assert_eq!(out.text(), "ab\n\ncd\ne");
    }
}
