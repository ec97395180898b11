//! `--color` and the environment (NO_COLOR, CLICOLOR_FORCE, a terminal on stderr) in, whether to colour out.

use std::io::IsTerminal;

/// The `--color` choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Choice {
    /// Colour when stderr is a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl Choice {
    /// Whether output for people gets colour.
    pub fn enabled(self) -> bool {
        match self {
            Choice::Always => true,
            Choice::Never => false,
            Choice::Auto => auto(
                std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
                std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0"),
                std::io::stderr().is_terminal(),
            ),
        }
    }
}

/// The `auto` rule: NO_COLOR wins, then CLICOLOR_FORCE, then whether stderr is a terminal.
fn auto(no_color: bool, force: bool, terminal: bool) -> bool {
    !no_color && (force || terminal)
}

#[cfg(test)]
mod tests {
    use super::auto;

    #[test]
    fn no_color_wins_then_force_then_terminal() {
        assert!(!auto(true, true, true));
        assert!(auto(false, true, false));
        assert!(auto(false, false, true));
        assert!(!auto(false, false, false));
    }
}
