//! kubectl's verbs, one module each (the mutating ones together in [`writes`]). Each is a leaf:
//! it reads the cluster through [`crate::resources`], waits through [`crate::watch`], prints
//! through [`crate::format`], [`crate::printers`] and [`crate::tabwriter`], and never calls
//! another verb.

pub(crate) mod describe;
pub(crate) mod describe_object;
pub(crate) mod diff;
pub(crate) mod events;
pub(crate) mod explain;
pub(crate) mod get;
pub(crate) mod help;
pub(crate) mod rollout;
pub(crate) mod writes;
