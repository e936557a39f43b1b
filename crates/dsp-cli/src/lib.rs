//! The `dsplay` script runner: executes kubectl lines, `sleep` lines and `sim` actions against a
//! simulation and produces a transcript. Kept in a library so the golden tests run exactly what
//! `dsplay run` runs; the binary (main.rs) adds argument parsing and the interactive prompt.
//! The script language itself (steps, heredocs, `sleep`, `sim`) lives in
//! `dsp_kubectl::session`, shared with the web app, and is re-exported here.

use dsp_core::Simulation;
pub use dsp_kubectl::session::{heredoc_word, parse_script, run_command, Step, StepResult};
use dsp_kubectl::Io;
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

/// `dsplay scenario`: the gallery, one `NAME  title` line each.
pub fn scenario_list() -> String {
    let all = dsp_kubectl::scenario::all();
    let width = all.iter().map(|s| s.name.len()).max().unwrap_or(0);
    all.iter()
        .map(|s| format!("{:width$}  {}\n", s.name, s.title))
        .collect()
}

/// `dsplay scenario NAME`: the scenario's transcript, or an error naming the known scenarios.
pub fn scenario_transcript(name: &str) -> Result<String, String> {
    match dsp_kubectl::scenario::by_name(name) {
        Some(s) => dsp_kubectl::scenario::transcript(&s),
        None => Err(format!(
            "no scenario {name:?}; the gallery has:\n{}",
            scenario_list()
        )),
    }
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
    fn scenario_list_names_every_scenario_and_unknown_names_fail() {
        let list = scenario_list();
        assert_eq!(list.lines().count(), dsp_kubectl::scenario::all().len());
        assert!(list.starts_with("article "), "{list}");
        assert!(scenario_transcript("surge").is_ok_and(|t| t.starts_with("$ sim add-nodes 2\n")));
        assert!(scenario_transcript("nope").is_err_and(|e| e.contains("broken-image")));
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
