//! Rewrites workflow files in the canonical saved form: `cargo run -p switchyard-model
//! --example canonicalize -- FILE...`. Files with problems are left untouched.

fn main() {
    let mut failed = false;
    for path in std::env::args().skip(1) {
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) => {
                eprintln!("{path}: {err}");
                failed = true;
                continue;
            }
        };
        match switchyard_model::read_document(&text) {
            (Some(doc), problems) if problems.is_empty() => {
                let saved = switchyard_model::write_document(&doc);
                if saved != text && std::fs::write(&path, saved).is_err() {
                    eprintln!("{path}: could not write");
                    failed = true;
                }
            }
            (_, problems) => {
                for problem in problems {
                    eprintln!("{path}: {problem}");
                }
                failed = true;
            }
        }
    }
    std::process::exit(i32::from(failed));
}
