//! The `dsplay` binary as a shell sees it.

use std::process::{Command, Stdio};

/// `dsplay … | head`: the reader goes away before dsplay writes; dsplay exits quietly.
#[test]
fn a_closed_pipe_is_not_a_panic() {
    for args in [
        &["help"][..],
        &["scenarios"][..],
        &["scenario", "article"][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dsplay"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("dsplay starts");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("dsplay ends");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(out.status.code().is_some(), "{args:?}: killed by a signal");
    }
}

/// `kubectl apply -f /dev/zero` in a script: refused after 1 MiB, not read forever.
#[test]
fn apply_from_dev_zero_is_refused() {
    let dir = std::env::temp_dir().join(format!("dsplay-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let script = dir.join("zero.dsp");
    std::fs::write(&script, "kubectl apply -f /dev/zero\n").expect("script");
    let start = std::time::Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_dsplay"))
        .arg("run")
        .arg(&script)
        .output()
        .expect("dsplay runs");
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("larger than 1048576 bytes"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}
