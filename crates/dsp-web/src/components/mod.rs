//! The page's function components: props in, `Callback<Msg>` out.

pub(crate) mod board;
pub(crate) mod cluster;
pub(crate) mod drawer;
pub(crate) mod fleet;
pub(crate) mod header;
pub(crate) mod inspector;
pub(crate) mod node_card;
pub(crate) mod pod_panel;
pub(crate) mod pod_tile;
pub(crate) mod pointer;
pub(crate) mod splitter;
pub(crate) mod terminal;
