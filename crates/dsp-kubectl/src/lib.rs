//! dsp-kubectl: kubectl's commands and output formats over a `dsp_core::Simulation`.
