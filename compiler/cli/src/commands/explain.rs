//! `hbmod explain CODE`: a diagnostic code in, its markdown explanation on stdout.

use hbmod::diagnostic::Code;

use crate::Outcome;

/// Arguments of `hbmod explain`.
#[derive(clap::Args)]
pub struct Args {
    /// The code to explain, e.g. HB0002. Without it, every code is listed.
    code: Option<String>,
}

/// Prints the explanation, or the list of codes.
pub fn run(args: &Args) -> Outcome {
    let Some(text) = &args.code else {
        for code in Code::ALL {
            println!("{code}  {}", code.title());
        }
        return Outcome::Clean;
    };
    match Code::parse(text) {
        Some(code) => {
            print!("{}", code.explanation());
            Outcome::Clean
        }
        None => {
            let first = Code::ALL.first().map_or("", |c| c.as_str());
            let last = Code::ALL.last().map_or("", |c| c.as_str());
            eprintln!(
                "error: `{text}` is not an hbmod diagnostic code (codes go from {first} to {last})"
            );
            eprintln!("help: run `hbmod explain` to list every code");
            Outcome::Failure
        }
    }
}
