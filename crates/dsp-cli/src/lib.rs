//! The `dsplay` script runner: runs each line of a script through the shell
//! (`dsp_kubectl::shell::run`, the same call the web terminal makes) and produces a
//! transcript. Kept in a library so the golden tests run exactly what `dsplay run` runs; the
//! binary (main.rs) adds argument parsing and the interactive prompt.

use dsp_core::Simulation;
use dsp_kubectl::shell::{self, parse_script};
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
    dsp_kubectl::scenario::starting_cluster(opts.seed, opts.empty)
}

/// Files relative to a folder, and the prompt's wall-clock budget for a command that waits.
pub struct FileIo {
    pub base: PathBuf,
    /// A command that waits through simulated time (a watch, `rollout status`) stops once the
    /// wall clock passes this instant (the prompt sets it for each line; a script has none, so
    /// its transcript never depends on the machine).
    pub wait_deadline: Option<std::time::Instant>,
}

impl FileIo {
    pub fn new(base: &Path) -> FileIo {
        FileIo {
            base: base.to_path_buf(),
            wait_deadline: None,
        }
    }
}

/// The prompt's wall-clock budget for one command that waits ([`FileIo::wait_deadline`]).
pub const PROMPT_WAIT_WALL: std::time::Duration = std::time::Duration::from_secs(10);

impl Io for FileIo {
    fn read_file(&mut self, path: &str) -> Result<String, String> {
        let p = self.base.join(path);
        read_capped(&p).map_err(|e| match e {
            ReadError::Missing => format!("the path \"{path}\" does not exist"),
            ReadError::TooLarge => format!(
                "the file \"{path}\" is larger than {} bytes, the most the playground reads",
                dsp_core::manifest::MAX_TEXT_BYTES
            ),
            ReadError::NotText => format!("the file \"{path}\" is not UTF-8 text"),
        })
    }

    fn keep_waiting(&mut self) -> bool {
        self.wait_deadline
            .is_none_or(|deadline| std::time::Instant::now() < deadline)
    }

    fn list_dir(&mut self, path: &str) -> Option<Vec<String>> {
        let entries = std::fs::read_dir(self.base.join(path)).ok()?;
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                if e.file_type().is_ok_and(|t| t.is_dir()) {
                    format!("{name}/")
                } else {
                    name
                }
            })
            .collect();
        names.sort();
        Some(names)
    }

    fn descriptions(&mut self) -> Option<&dsp_schema::Descriptions> {
        Some(dsp_schema::bundled_descriptions())
    }
}

/// Why [`read_capped`] failed.
#[derive(Debug, PartialEq, Eq)]
pub enum ReadError {
    Missing,
    TooLarge,
    NotText,
}

/// Reads a text file of at most `manifest::MAX_TEXT_BYTES` (1 MiB): a larger one, or an endless
/// one (`kubectl apply -f /dev/zero` read 8.6 GB in 20 s), is refused after reading one byte
/// past the limit.
pub fn read_capped(path: &Path) -> Result<String, ReadError> {
    use std::io::Read;
    let limit = dsp_core::manifest::MAX_TEXT_BYTES;
    let file = std::fs::File::open(path).map_err(|_| ReadError::Missing)?;
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| ReadError::Missing)?;
    if bytes.len() > limit {
        return Err(ReadError::TooLarge);
    }
    String::from_utf8(bytes).map_err(|_| ReadError::NotText)
}

/// Run a whole script; returns the transcript and the exit code.
pub fn run_script(text: &str, base: &Path, opts: &RunOptions) -> (String, i32) {
    let (transcript, outputs) = match run_script_outputs(text, base, opts) {
        Ok(parts) => parts,
        Err(e) => return (format!("dsplay: {e}\n"), 2),
    };
    let code = match outputs.last() {
        Some(last) if opts.strict => last.exit_code,
        _ => 0,
    };
    (transcript, code)
}

/// Runs a script and returns its transcript (`$ line` and what it printed) with each line's
/// structured output; in strict mode it stops after the first failing line.
pub fn run_script_outputs(
    text: &str,
    base: &Path,
    opts: &RunOptions,
) -> Result<(String, Vec<Output>), String> {
    let inputs = parse_script(text)?;
    let mut sim = new_simulation(opts);
    let mut io = FileIo::new(base);
    let mut transcript = String::new();
    let mut outputs = Vec::new();
    for input in &inputs {
        transcript.push_str("$ ");
        transcript.push_str(&input.line);
        transcript.push('\n');
        let out = shell::run(&mut sim, input, &mut io);
        transcript.push_str(&out.text());
        let failed = out.exit_code != 0;
        outputs.push(out);
        if opts.strict && failed {
            break;
        }
    }
    Ok((transcript, outputs))
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
    fn an_endless_file_is_refused_after_the_cap() {
        let start = std::time::Instant::now();
        assert_eq!(
            read_capped(Path::new("/dev/zero")),
            Err(ReadError::TooLarge)
        );
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
        let mut io = FileIo::new(Path::new("/"));
        let err = io.read_file("dev/zero").unwrap_err();
        assert!(err.contains("larger than 1048576 bytes"), "{err}");
        assert_eq!(
            io.read_file("no/such/file"),
            Err("the path \"no/such/file\" does not exist".to_string())
        );
    }
}
