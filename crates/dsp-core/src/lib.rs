//! dsp-core: the deterministic cluster simulator behind the DaemonSet Playground.
//!
//! Start at [`Simulation`] (`sim/mod.rs`; its parts are files of `sim/`): it owns the cluster
//! store, simulated time, the kubelet model and the DaemonSet controller. The controller is
//! split like Kubernetes': [`placement`] (nodeShouldRunDaemonPod), [`manage`] (per-node
//! create/delete), [`update`] (rolling updates), [`history`] (ControllerRevisions), [`status`];
//! [`controller`] ties them into a level-triggered `reconcile(&ds, &view) -> Plan`. Manifests
//! are [`manifest`], apimachinery's string rules [`validation`]. Everything is pure: time is an
//! input (`SimTime`), randomness comes from a seeded PRNG, and no I/O happens here.

pub mod api;
pub mod controller;
pub mod events;
mod hash;
pub mod history;
pub mod k8s;
pub mod manage;
pub mod manifest;
pub mod model;
pub mod placement;
pub mod rng;
pub mod sim;
pub mod sort;
pub mod status;
pub mod time;
pub mod update;
pub mod validation;

/// Kubelet version reported by simulated nodes.
pub const KUBELET_VERSION: &str = "v1.33.1";

pub use api::{ApiError, ApiErrorReason, Changed, ReplaceEffect, RollbackOutcome};
pub use controller::{reconcile, ClusterView, Create, Delete, Plan};
pub use manage::DeleteReason;
pub use model::*;
pub use sim::kubelet;
pub use sim::kubelet::{ImageBehavior, ImageOutcome, KubeletDefaults};
pub use sim::{Explanation, RolloutProgress, Simulation};
pub use time::{human_age, SimDuration, SimTime};
