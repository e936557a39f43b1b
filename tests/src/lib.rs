//! Cross-crate test support: golden transcripts live in `tests/golden/`.
//!
//! Each `golden/NAME.dsp` script is run exactly as `dsplay run` runs it (default seed, the
//! article's two nodes, paths relative to `golden/`) and compared with `golden/NAME.out`.
//! `UPDATE_EXPECT=1 cargo test -p dsp-tests` re-blesses the transcripts.

use std::path::PathBuf;

/// The folder holding the scripts and their transcripts.
pub fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("golden")
}

/// Run `golden/NAME.dsp` and return its transcript.
pub fn transcript(name: &str) -> String {
    let dir = golden_dir();
    let path = dir.join(format!("{name}.dsp"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| format!("# cannot read {}: {e}\n", path.display()));
    let (out, _) = dsp_cli::run_script(&text, &dir, &dsp_cli::RunOptions::default());
    out
}
