//! dsp-core: the deterministic cluster simulator behind the DaemonSet Playground.
pub mod manifest;
