//! Literal text in (escape sequences, number units), decoded values or a reason they are wrong out.

use super::ast::{DurationUnit, SizeUnit};

/// The unit after a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A duration unit.
    Duration(DurationUnit),
    /// A size unit.
    Size(SizeUnit),
}

/// Every unit as written, for messages.
pub const UNITS: &str =
    "`ms`, `s`, `m`, `h`, `d` for durations and `B`, `KB`, `MB`, `GB`, `TB` for sizes";

/// The unit written as `text` (case-sensitive: `m` is minutes, `MB` megabytes).
pub fn unit(text: &str) -> Option<Unit> {
    Some(match text {
        "ms" => Unit::Duration(DurationUnit::Millis),
        "s" => Unit::Duration(DurationUnit::Seconds),
        "m" => Unit::Duration(DurationUnit::Minutes),
        "h" => Unit::Duration(DurationUnit::Hours),
        "d" => Unit::Duration(DurationUnit::Days),
        "B" => Unit::Size(SizeUnit::Bytes),
        "KB" => Unit::Size(SizeUnit::Kilobytes),
        "MB" => Unit::Size(SizeUnit::Megabytes),
        "GB" => Unit::Size(SizeUnit::Gigabytes),
        "TB" => Unit::Size(SizeUnit::Terabytes),
        _ => return None,
    })
}

/// What the user most likely meant by an unknown unit, written as a replacement for `number unit`.
pub fn suggest_unit(number: &str, text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let same_number = |unit: &str| Some(format!("{number}{unit}"));
    match lower.as_str() {
        "sec" | "secs" | "second" | "seconds" => same_number("s"),
        "min" | "mins" | "minute" | "minutes" => same_number("m"),
        "hr" | "hrs" | "hour" | "hours" => same_number("h"),
        "day" | "days" => same_number("d"),
        "msec" | "millis" | "milliseconds" => same_number("ms"),
        "w" | "wk" | "week" | "weeks" => {
            let days = number
                .replace('_', "")
                .parse::<u64>()
                .ok()?
                .checked_mul(7)?;
            Some(format!("{days}d"))
        }
        "b" | "byte" | "bytes" => same_number("B"),
        "k" | "kb" | "kib" => same_number("KB"),
        "mb" | "mib" => same_number("MB"),
        "g" | "gb" | "gib" => same_number("GB"),
        "tb" | "tib" => same_number("TB"),
        _ => None,
    }
}

/// Why an escape sequence is not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EscapeError {
    /// `\q` and the like.
    Unknown(String),
    /// `\u{...}` whose digits are not 1 to 6 hex digits of a Unicode scalar value.
    BadCodepoint(String),
    /// A `\` at the end of the line.
    Dangling,
}

/// Decodes one escape sequence as written (`\n`, `\"`, `\u{1F600}`).
pub fn decode_escape(text: &str) -> Result<char, EscapeError> {
    let body = text.strip_prefix('\\').unwrap_or(text);
    match body {
        "" => Err(EscapeError::Dangling),
        "n" => Ok('\n'),
        "r" => Ok('\r'),
        "t" => Ok('\t'),
        "\\" => Ok('\\'),
        "\"" => Ok('"'),
        _ => match body
            .strip_prefix("u{")
            .and_then(|rest| rest.strip_suffix('}'))
        {
            Some(hex)
                if (1..=6).contains(&hex.len()) && hex.chars().all(|c| c.is_ascii_hexdigit()) =>
            {
                u32::from_str_radix(hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| EscapeError::BadCodepoint(text.to_string()))
            }
            Some(_) => Err(EscapeError::BadCodepoint(text.to_string())),
            None if body.starts_with('u') => Err(EscapeError::BadCodepoint(text.to_string())),
            None => Err(EscapeError::Unknown(text.to_string())),
        },
    }
}

/// Parses the digits of an integer (`-1_000`) into an `i64`; `None` when out of range.
pub fn parse_int(digits: &str) -> Option<i64> {
    digits.replace('_', "").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_decode() {
        assert_eq!(decode_escape("\\n"), Ok('\n'));
        assert_eq!(decode_escape("\\u{1F600}"), Ok('😀'));
        assert_eq!(decode_escape("\\u{41}"), Ok('A'));
        assert_eq!(
            decode_escape("\\q"),
            Err(EscapeError::Unknown("\\q".into()))
        );
        assert_eq!(decode_escape("\\"), Err(EscapeError::Dangling));
        assert!(matches!(
            decode_escape("\\u{D800}"),
            Err(EscapeError::BadCodepoint(_))
        ));
        assert!(matches!(
            decode_escape("\\u{1234567}"),
            Err(EscapeError::BadCodepoint(_))
        ));
        assert!(matches!(
            decode_escape("\\u0041"),
            Err(EscapeError::BadCodepoint(_))
        ));
    }

    #[test]
    fn units_are_case_sensitive_with_suggestions() {
        assert_eq!(unit("m"), Some(Unit::Duration(DurationUnit::Minutes)));
        assert_eq!(unit("mb"), None);
        assert_eq!(suggest_unit("256", "mb").as_deref(), Some("256MB"));
        assert_eq!(suggest_unit("2", "weeks").as_deref(), Some("14d"));
        assert_eq!(suggest_unit("10", "x"), None);
    }

    #[test]
    fn ints_parse_with_underscores_and_bounds() {
        assert_eq!(parse_int("1_000"), Some(1000));
        assert_eq!(parse_int("-5"), Some(-5));
        assert_eq!(parse_int("99999999999999999999"), None);
    }
}
