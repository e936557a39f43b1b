//! `cargo run -p dsp-schema-gen`: rewrites dsp-schema's data files from k8s-openapi.

use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let (schema, descriptions) = match dsp_schema_gen::generate() {
        Ok(files) => files,
        Err(e) => {
            eprintln!("schema-gen: {e}");
            std::process::exit(1);
        }
    };
    for (file, text) in [
        (dsp_schema_gen::SCHEMA_FILE, schema),
        (dsp_schema_gen::DESCRIPTIONS_FILE, descriptions),
    ] {
        let path = root.join(file);
        if let Err(e) = std::fs::write(&path, &text) {
            eprintln!("schema-gen: cannot write {}: {e}", path.display());
            std::process::exit(1);
        }
        println!("{file}: {} bytes", text.len());
    }
}
