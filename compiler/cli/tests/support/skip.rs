//! `skip(reason)`: a test that cannot run on this machine (a tool or the network is missing)
//! says so on the terminal. `cargo test` keeps what a passing test prints with `println!` or
//! `eprintln!` to itself, so a skip written that way is never seen; this line goes to the
//! process's standard error directly, once per skipped test.

use std::fmt::Display;
use std::io::Write as _;

pub fn skip(reason: impl Display) {
    let _ = writeln!(std::io::stderr().lock(), "skipped: {reason}");
}
