//! The cluster model: compact, simulator-friendly versions of the Kubernetes objects the
//! DaemonSet controller reads and writes. Conversions from the API types (`crate::k8s`) live next to each type.

mod daemonset;
mod labels;
mod node;
mod pod;
mod revision;

pub use daemonset::*;
pub use labels::*;
pub use node::*;
pub use pod::*;
pub use revision::*;
