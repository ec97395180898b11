//! HCL text on stdin in, the `terraform fmt` rendering on stdout out (or
//! the syntax error on stderr, exit status 1). A manual-testing aid:
//! `cargo run -p hbmod-hcl --example hclfmt < main.tf`.

use std::io::{Read, Write};

fn main() {
    let mut src = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut src) {
        eprintln!("hclfmt: cannot read stdin: {e}");
        std::process::exit(2);
    }
    match hbmod_hcl::format(&src) {
        Ok(out) => {
            let _ = std::io::stdout().write_all(out.as_bytes());
        }
        Err(e) => {
            eprintln!("hclfmt: {e}");
            std::process::exit(1);
        }
    }
}
