//! Cross-crate test support: golden transcripts live in `tests/golden/`.
