//! String and number literals in (pest pairs), their decoded values out, with a diagnostic for
//! each bad escape, unit, fraction or out-of-range number.

use pest::iterators::Pair;

use super::{span_of, Lowerer, Rule};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::{Duration, ExprKind, Size};
use crate::syntax::literal::{self, EscapeError, Unit};

impl Lowerer<'_> {
    pub(super) fn string(&mut self, pair: Pair<'_, Rule>) -> String {
        let span = span_of(&pair);
        let mut value = String::new();
        let mut closed = false;
        let mut ends_with_escaped_quote = false;
        for part in pair.into_inner() {
            ends_with_escaped_quote = part.as_str() == "\\\"";
            match part.as_rule() {
                Rule::text => value.push_str(part.as_str()),
                Rule::escape => match literal::decode_escape(part.as_str()) {
                    Ok(c) => value.push(c),
                    Err(error) => self.bad_escape(span_of(&part), error),
                },
                Rule::close_quote => closed = true,
                _ => {}
            }
        }
        if !closed {
            self.recovered_at = Some(span.end);
            let help = if ends_with_escaped_quote {
                "the `\\\"` at the end is an escaped quote, not the end of the string: write `\\\\` for a backslash"
            } else {
                "add `\"` at the end of the string; strings end on the line they start on (write `\\n` for a line break)"
            };
            self.report(
                Diagnostic::error(
                    Code::HB0008,
                    Span::empty(span.end),
                    "this string is not closed",
                    "expected `\"` here",
                )
                .with_label(
                    Span::new(span.start, span.start + 1),
                    "the string starts here",
                )
                .with_help(help),
            );
        }
        value
    }

    fn bad_escape(&mut self, span: Span, error: EscapeError) {
        const KNOWN: &str = "the escapes are `\\n`, `\\r`, `\\t`, `\\\"`, `\\\\` and `\\u{...}` with 1 to 6 hex digits";
        let diagnostic = match error {
            EscapeError::Unknown(text) => Diagnostic::error(
                Code::HB0009,
                span,
                format!("unknown escape `{text}` in a string"),
                "unknown escape",
            )
            .with_help(format!("{KNOWN}; write `\\\\` for a backslash")),
            EscapeError::BadCodepoint(text) => {
                let hex = text
                    .trim_start_matches("\\u")
                    .trim_start_matches('{')
                    .trim_end_matches('}');
                let value = u32::from_str_radix(hex, 16).ok();
                let help = match value {
                    Some(0xD800..=0xDFFF) => {
                        "UTF-16 surrogate pairs are not needed: write the character's code point once, like `\\u{1F680}`".to_string()
                    }
                    Some(v) if char::from_u32(v).is_some() && !text.contains('{') => format!("write `\\u{{{hex}}}`, with braces"),
                    _ => format!("{KNOWN}, e.g. `\\u{{E9}}` for é"),
                };
                Diagnostic::error(
                    Code::HB0009,
                    span,
                    format!("`{text}` is not a valid Unicode escape"),
                    "invalid escape",
                )
                .with_help(help)
            }
            EscapeError::Dangling => Diagnostic::error(
                Code::HB0009,
                span,
                "a backslash ends the line inside a string",
                "nothing to escape",
            )
            .with_help(format!("{KNOWN}; strings end on the line they start on")),
        };
        self.report(diagnostic);
    }

    pub(super) fn number(&mut self, pair: Pair<'_, Rule>) -> ExprKind {
        let span = span_of(&pair);
        let mut digits = "";
        let mut digits_span = span;
        let mut fraction = None;
        let mut unit: Option<(String, Span)> = None;
        let mut detached = None;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::digits => {
                    digits = part.as_str();
                    digits_span = span_of(&part);
                }
                Rule::fraction => fraction = Some(part.as_str()),
                Rule::unit => unit = Some((part.as_str().to_string(), span_of(&part))),
                Rule::detached_unit => {
                    let unit_pair = part
                        .clone()
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::known_unit);
                    let unit_text = unit_pair.as_ref().map_or("", Pair::as_str).to_string();
                    detached = Some((unit_text.clone(), span_of(&part)));
                    unit = unit_pair.map(|p| (unit_text, span_of(&p)));
                }
                _ => {}
            }
        }
        if let Some(unsigned) = digits.strip_prefix('+') {
            self.report(
                Diagnostic::error(
                    Code::HB0001,
                    Span::new(digits_span.start, digits_span.start + 1),
                    "numbers are written without `+`",
                    "remove this",
                )
                .with_help(format!("write `{unsigned}`")),
            );
            return ExprKind::Error;
        }
        if let Some(fraction) = fraction {
            self.fractional(
                span,
                digits,
                fraction,
                unit.as_ref().map(|(u, _)| u.as_str()),
            );
            return ExprKind::Error;
        }
        if let Some((unit_text, gap)) = &detached {
            let space = Span::new(digits_span.end, gap.end.saturating_sub(unit_text.len()));
            let fix = match literal::unit(unit_text) {
                Some(_) => format!("{digits}{unit_text}"),
                None => literal::suggest_unit(digits, unit_text)
                    .unwrap_or_else(|| format!("{digits}{unit_text}")),
            };
            self.report(
                Diagnostic::error(
                    Code::HB0011,
                    space,
                    format!("the unit `{unit_text}` must follow the number directly"),
                    "remove this space",
                )
                .with_help(format!("write `{fix}`")),
            );
            return ExprKind::Error;
        }
        if digits.ends_with('_') || digits.contains("__") {
            let fixed = digits
                .split('_')
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join("_");
            self.report(
                Diagnostic::error(
                    Code::HB0086,
                    digits_span,
                    format!("`{digits}` has a `_` that separates no digits"),
                    "misplaced `_`",
                )
                .with_help(format!(
                    "`_` goes between digits, one at a time, to group them: write `{fixed}`"
                )),
            );
            return ExprKind::Error;
        }
        let Some(value) = literal::parse_int(digits) else {
            self.report(
                Diagnostic::error(
                    Code::HB0020,
                    digits_span,
                    format!("`{digits}` is out of range for a number"),
                    "out of range",
                )
                .with_help(format!("numbers go from {} to {}", i64::MIN, i64::MAX)),
            );
            return ExprKind::Error;
        };
        let Some((unit_text, unit_span)) = unit else {
            return ExprKind::Int(value);
        };
        if let (Some(hex), "0") = (unit_text.strip_prefix('x'), digits) {
            let help = match i64::from_str_radix(hex, 16) {
                Ok(decimal) => format!("write it in decimal: `{decimal}`"),
                Err(_) => "write the number in decimal".to_string(),
            };
            self.report(
                Diagnostic::error(
                    Code::HB0010,
                    span,
                    "hexadecimal numbers are not supported",
                    "hexadecimal",
                )
                .with_help(help),
            );
            return ExprKind::Error;
        }
        let Some(unit) = literal::unit(&unit_text) else {
            let help = match literal::suggest_unit(digits, &unit_text) {
                Some(fix) => format!("did you mean `{fix}`? units are {}", literal::UNITS),
                None => format!("units are {}", literal::UNITS),
            };
            self.report(
                Diagnostic::error(
                    Code::HB0010,
                    unit_span,
                    format!("unknown unit `{unit_text}` after `{digits}`"),
                    "unknown unit",
                )
                .with_help(help),
            );
            return ExprKind::Error;
        };
        let Ok(amount) = u64::try_from(value) else {
            let what = if matches!(unit, Unit::Duration(_)) {
                "duration"
            } else {
                "size"
            };
            self.report(
                Diagnostic::error(
                    Code::HB0020,
                    span,
                    format!("a {what} cannot be negative"),
                    "negative",
                )
                .with_help("remove the `-`"),
            );
            return ExprKind::Error;
        };
        match unit {
            Unit::Duration(unit) => ExprKind::Duration(Duration {
                value: amount,
                unit,
            }),
            Unit::Size(unit) => ExprKind::Size(Size {
                value: amount,
                unit,
            }),
        }
    }

    fn fractional(&mut self, span: Span, digits: &str, fraction: &str, unit: Option<&str>) {
        let written = format!("{digits}{fraction}{}", unit.unwrap_or(""));
        let help = match unit.and_then(|u| whole_in_smaller_unit(digits, fraction, u)) {
            Some(whole) => format!("write a whole number in a smaller unit: `{whole}`"),
            None => {
                "write a whole number; durations and sizes can use a smaller unit (`90m`, `1536MB`)"
                    .to_string()
            }
        };
        self.report(
            Diagnostic::error(
                Code::HB0026,
                span,
                format!("`{written}` is not a whole number"),
                "fractional number",
            )
            .with_help(help),
        );
    }
}

/// `1.5GB` as `1536MB`, `1.5h` as `90m`, when exact.
fn whole_in_smaller_unit(digits: &str, fraction: &str, unit: &str) -> Option<String> {
    let (smaller, ratio): (&str, u128) = match unit {
        "TB" => ("GB", 1024),
        "GB" => ("MB", 1024),
        "MB" => ("KB", 1024),
        "KB" => ("B", 1024),
        "d" => ("h", 24),
        "h" => ("m", 60),
        "m" => ("s", 60),
        "s" => ("ms", 1000),
        _ => return None,
    };
    let decimals = fraction.trim_start_matches('.');
    if decimals.len() > 9 || digits.starts_with('-') {
        return None;
    }
    let scale = 10u128.checked_pow(u32::try_from(decimals.len()).ok()?)?;
    let whole: u128 = digits.replace('_', "").parse().ok()?;
    let part: u128 = decimals.parse().ok()?;
    let total = whole
        .checked_mul(scale)?
        .checked_add(part)?
        .checked_mul(ratio)?;
    (total % scale == 0).then(|| format!("{}{smaller}", total / scale))
}
