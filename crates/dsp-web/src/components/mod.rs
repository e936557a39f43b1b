//! The page's function components: props in, `Callback<Msg>` out.

pub mod board;
pub mod cluster;
pub mod header;
pub mod inspector;
pub mod node_card;
pub mod pod_tile;
pub mod pointer;
pub mod splitter;
pub mod terminal;
