//! HCL on stdin in, the same text as `terraform fmt` writes it on stdout; a syntax error goes to
//! stderr as `<stdin>:LINE:COLUMN: message` with exit code 1.

use std::io::{Read as _, Write as _};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut src = String::new();
    if let Err(error) = std::io::stdin().read_to_string(&mut src) {
        eprintln!("hclfmt: cannot read stdin: {error}");
        return ExitCode::from(2);
    }
    match hbmod_hcl::format(&src) {
        Ok(formatted) => match std::io::stdout().write_all(formatted.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("hclfmt: cannot write stdout: {error}");
                ExitCode::from(2)
            }
        },
        Err(error) => {
            eprintln!("<stdin>:{error}");
            ExitCode::FAILURE
        }
    }
}
