//! dsp-kubectl: kubectl's commands and output formats over a `dsp_core::Simulation`.

pub mod jsonpath;
pub mod labels;
pub mod patch;
pub mod selector;
pub mod shell;
pub mod tabwriter;
