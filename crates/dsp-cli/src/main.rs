//! `dsplay`: the DaemonSet Playground on the command line.
//!
//! `dsplay run SCRIPT [--seed N] [--empty] [--strict]` prints a transcript of a script;
//! `dsplay scenario [NAME]` lists the scenario gallery or prints one scenario's transcript;
//! `dsplay` alone opens an interactive prompt whose simulated clock follows wall time.

use dsp_cli::{new_simulation, run_script, FileIo, RunOptions};
use dsp_kubectl::shell::{self, heredoc_word, Input};
use dsp_kubectl::{Effect, Stream};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const HELP: &str = "dsplay: the DaemonSet Playground on the command line (a simulated cluster, kubectl's output)

Usage:
  dsplay                                   interactive prompt (the simulated clock follows wall time)
  dsplay run SCRIPT [--seed N] [--empty] [--strict]
                                           run a script and print its transcript
  dsplay scenario [NAME]                   list the scenario gallery, or print NAME's transcript
  dsplay --help                            this help

Options of run:
  --seed N    seed for pod names and uids (default: a fixed seed, so runs are reproducible)
  --empty     start with no nodes (default: the article's nodes 10.0.10.5 and 10.0.10.7)
  --strict    stop at the first failing command and exit with its code

Script lines:
  kubectl ...              run a kubectl command (create, apply, get, describe, label, taint, cordon,
                           drain, set image, patch, rollout, delete, ...)
  sleep DURATION           let simulated time pass (500ms, 30s, 2m, 1h, 1m30s)
  sim ...                  simulator actions: add-nodes, node NAME not-ready|ready, image IMAGE
                           pull=DURATION|fail|crash|ok, status, help
  # comment                ignored, like blank lines
  CMD <<WORD               the following lines up to WORD are CMD's standard input (-f -)
  -f PATH                  is relative to the script's folder
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None => interactive(),
        Some("-h") | Some("--help") | Some("help") => {
            print_out(HELP);
            ExitCode::SUCCESS
        }
        Some("run") => run(&args[1..]),
        Some("scenario" | "scenarios") => match args.get(1) {
            None => {
                print_out(&dsp_cli::scenario_list());
                ExitCode::SUCCESS
            }
            Some(name) => match dsp_cli::scenario_transcript(name) {
                Ok(t) => {
                    print_out(&t);
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("dsplay: {e}");
                    ExitCode::from(2)
                }
            },
        },
        Some(other) => {
            eprintln!("dsplay: unknown command {other:?}\n\n{HELP}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> ExitCode {
    let mut opts = RunOptions::default();
    let mut script: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--empty" => opts.empty = true,
            "--strict" => opts.strict = true,
            "--seed" => match it.next().map(|s| s.parse::<u64>()) {
                Some(Ok(n)) => opts.seed = n,
                _ => {
                    eprintln!("dsplay: --seed needs a number");
                    return ExitCode::from(2);
                }
            },
            s if s.starts_with("--seed=") => match s["--seed=".len()..].parse() {
                Ok(n) => opts.seed = n,
                Err(_) => {
                    eprintln!("dsplay: --seed needs a number");
                    return ExitCode::from(2);
                }
            },
            s if s.starts_with('-') => {
                eprintln!("dsplay: unknown option {s}\n\n{HELP}");
                return ExitCode::from(2);
            }
            s => script = Some(s.to_string()),
        }
    }
    let Some(script) = script else {
        eprintln!("dsplay: run needs a SCRIPT\n\n{HELP}");
        return ExitCode::from(2);
    };
    let text = match dsp_cli::read_capped(Path::new(&script)) {
        Ok(t) => t,
        Err(e) => {
            let why = match e {
                dsp_cli::ReadError::Missing => "no such file".to_string(),
                dsp_cli::ReadError::TooLarge => {
                    format!("larger than {} bytes", dsp_core::manifest::MAX_TEXT_BYTES)
                }
                dsp_cli::ReadError::NotText => "not UTF-8 text".to_string(),
            };
            eprintln!("dsplay: cannot read {script}: {why}");
            return ExitCode::from(2);
        }
    };
    let base = Path::new(&script)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let (transcript, code) = run_script(&text, &base, &opts);
    // A reader that stops early (`dsplay run x | head`) closes the pipe: not an error here.
    let _ = std::io::stdout().write_all(transcript.as_bytes());
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

fn interactive() -> ExitCode {
    let opts = RunOptions::default();
    let mut sim = new_simulation(&opts);
    let mut editor = match rustyline::DefaultEditor::new() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("dsplay: cannot open the terminal: {e}");
            return ExitCode::from(1);
        }
    };
    print_out("DaemonSet Playground: a simulated cluster with nodes 10.0.10.5 and 10.0.10.7.\n");
    print_out("Type kubectl commands (the leading \"kubectl\" is optional), \"sim help\", \"sleep 30s\", or \"exit\".\n");
    // Simulated time follows the wall clock between commands; `sleep` and `rollout status`
    // move it further, so the offset keeps what they added.
    let mut last_wall = Instant::now();
    let mut io = FileIo::new(Path::new("."));
    loop {
        let line = match editor.readline("$ ") {
            Ok(l) => l,
            Err(rustyline::error::ReadlineError::Interrupted) => continue,
            Err(_) => break,
        };
        let elapsed = last_wall.elapsed();
        last_wall = Instant::now();
        let ms = i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX);
        // Bounded like a `sleep`: a prompt left open over a big crash loop does not freeze.
        let target = sim.now() + dsp_core::SimDuration(ms);
        sim.advance_to_within(target, dsp_kubectl::COMMAND_TIMER_CAP);
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let _ = editor.add_history_entry(trimmed);
        if matches!(trimmed, "exit" | "quit") {
            break;
        }
        let stdin = heredoc_word(trimmed).map(|(_, word)| {
            let mut body = String::new();
            loop {
                match editor.readline("> ") {
                    Ok(l) if l.trim() == word => break,
                    Ok(l) => {
                        body.push_str(&l);
                        body.push('\n');
                    }
                    Err(_) => break,
                }
            }
            body
        });
        let input = Input {
            line: trimmed.to_string(),
            stdin,
        };
        io.wait_deadline = Some(Instant::now() + dsp_cli::PROMPT_WAIT_WALL);
        let out = shell::run(&mut sim, &input, &mut io);
        // Standard output and standard error as a command-line tool keeps them; a closed
        // stream only loses what is printed.
        for chunk in &out.chunks {
            let _ = match chunk.stream {
                Stream::Stdout => std::io::stdout().write_all(chunk.text.as_bytes()),
                Stream::Stderr | Stream::Note => std::io::stderr().write_all(chunk.text.as_bytes()),
            };
        }
        let _ = std::io::stdout().flush();
        if out.effects.contains(&Effect::ClearScreen) {
            print_out("\x1b[2J\x1b[H");
        }
        last_wall = Instant::now();
    }
    ExitCode::SUCCESS
}

/// Writes to standard output; a reader that went away (`dsplay scenario x | head`) is not an
/// error (`print!` would panic on the broken pipe).
fn print_out(text: &str) {
    let mut stdout = std::io::stdout();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}
