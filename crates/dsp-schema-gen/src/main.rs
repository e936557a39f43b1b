//! `cargo run -p dsp-schema-gen`: rewrites dsp-schema's data files and dsp-core's typed model from k8s-openapi.

use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let files = match dsp_schema_gen::generate_files() {
        Ok(files) => files,
        Err(e) => {
            eprintln!("schema-gen: {e}");
            std::process::exit(1);
        }
    };
    for (file, text) in files {
        let path = root.join(file);
        if let Err(e) = std::fs::write(&path, &text) {
            eprintln!("schema-gen: cannot write {}: {e}", path.display());
            std::process::exit(1);
        }
        println!("{file}: {} bytes", text.len());
    }
}
