//! Duration and size bounds as written in type ranges (`15m`, `10GB`) in, milliseconds and
//! bytes out, and back: the same units as spec values (`ms s m h d`, `B KB MB GB TB`, 1024-based).

use crate::syntax::ast::{DurationUnit, SizeUnit};
use crate::text::Invalid;

/// Duration units from the largest down, as written.
const DURATION_UNITS: [(&str, DurationUnit); 5] = [
    ("d", DurationUnit::Days),
    ("h", DurationUnit::Hours),
    ("m", DurationUnit::Minutes),
    ("s", DurationUnit::Seconds),
    ("ms", DurationUnit::Millis),
];

/// Size units from the largest down, as written.
const SIZE_UNITS: [(&str, SizeUnit); 5] = [
    ("TB", SizeUnit::Terabytes),
    ("GB", SizeUnit::Gigabytes),
    ("MB", SizeUnit::Megabytes),
    ("KB", SizeUnit::Kilobytes),
    ("B", SizeUnit::Bytes),
];

/// `ms` as the largest unit that divides it exactly: 900000 → `15m`, 0 → `0s`.
pub fn format_duration(ms: u64) -> String {
    if ms == 0 {
        return "0s".to_string();
    }
    DURATION_UNITS
        .iter()
        .map(|(name, unit)| (name, unit.millis()))
        .find(|(_, per)| ms.checked_rem(*per) == Some(0))
        .map(|(name, per)| format!("{}{name}", ms / per))
        .unwrap_or_else(|| format!("{ms}ms"))
}

/// `bytes` as the largest unit that divides it exactly: 134217728 → `128MB`, 0 → `0B`.
pub fn format_size(bytes: u64) -> String {
    if bytes == 0 {
        return "0B".to_string();
    }
    SIZE_UNITS
        .iter()
        .map(|(name, unit)| (name, unit.bytes()))
        .find(|(_, per)| bytes.checked_rem(*per) == Some(0))
        .map(|(name, per)| format!("{}{name}", bytes / per))
        .unwrap_or_else(|| format!("{bytes}B"))
}

/// Reads a duration bound like `15m` into milliseconds.
pub fn parse_duration(text: &str) -> Result<u64, Invalid> {
    let (number, unit) = split_number(text, "duration", "15m")?;
    let (_, unit) = DURATION_UNITS
        .iter()
        .find(|(name, _)| *name == unit)
        .ok_or_else(|| {
            format!(
                "`{text}` has no duration unit; write a number and one of `ms`, `s`, `m`, `h`, `d`, like `{number}s`"
            )
        })?;
    Ok(number
        .checked_mul(unit.millis())
        .ok_or_else(|| format!("the duration `{text}` is too long"))?)
}

/// Reads a size bound like `10GB` into bytes.
pub fn parse_size(text: &str) -> Result<u64, Invalid> {
    let (number, unit) = split_number(text, "size", "128MB")?;
    let found = SIZE_UNITS.iter().find(|(name, _)| *name == unit);
    let Some((_, unit)) = found else {
        let upper = unit.to_ascii_uppercase();
        let hint = if SIZE_UNITS.iter().any(|(name, _)| *name == upper) {
            format!("units are written in capitals: `{number}{upper}`")
        } else {
            format!("write a number and one of `B`, `KB`, `MB`, `GB`, `TB`, like `{number}MB`")
        };
        return Err(Invalid::from(format!("`{text}` has no size unit; {hint}")));
    };
    Ok(number
        .checked_mul(unit.bytes())
        .ok_or_else(|| format!("the size `{text}` is too large"))?)
}

/// Splits `15m` into 15 and `m`; the digits may hold `_`.
fn split_number<'a>(text: &'a str, what: &str, example: &str) -> Result<(u64, &'a str), Invalid> {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '_'))
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(end);
    if digits.is_empty() {
        return Err(Invalid::from(format!(
            "`{text}` is not a {what}; write a whole number and a unit, like `{example}`"
        )));
    }
    let number = digits
        .replace('_', "")
        .parse::<u64>()
        .map_err(|_| format!("the number in `{text}` is too large"))?;
    Ok((number, unit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("15m"), Ok(900_000));
        assert_eq!(parse_duration("1s"), Ok(1_000));
        assert_eq!(parse_duration("250ms"), Ok(250));
        assert_eq!(parse_duration("1_000ms"), Ok(1_000));
        assert_eq!(parse_duration("14d"), Ok(14 * 86_400_000));
        assert!(parse_duration("15")
            .unwrap_err()
            .reason
            .contains("no duration unit"));
        assert!(parse_duration("15min").is_err());
        assert!(parse_duration("m")
            .unwrap_err()
            .reason
            .contains("like `15m`"));
        assert!(parse_duration("99999999999999999999d").is_err());
        assert_eq!(format_duration(900_000), "15m");
        assert_eq!(format_duration(90_000), "90s");
        assert_eq!(format_duration(1_500), "1500ms");
        assert_eq!(format_duration(0), "0s");
        assert_eq!(format_duration(86_400_000), "1d");
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("128MB"), Ok(128 << 20));
        assert_eq!(parse_size("10GB"), Ok(10 << 30));
        assert_eq!(parse_size("1KB"), Ok(1024));
        assert!(parse_size("128mb").unwrap_err().reason.contains("`128MB`"));
        assert!(parse_size("128").is_err());
        assert_eq!(format_size(128 << 20), "128MB");
        assert_eq!(format_size(1 << 30), "1GB");
        assert_eq!(format_size(1500), "1500B");
        assert_eq!(format_size(0), "0B");
    }
}
