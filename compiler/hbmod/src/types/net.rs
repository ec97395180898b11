//! Internet names as spec strings in (`app.example.com`, `team@example.com`,
//! `https://example.com/x`), `Ok` or the reason in words they are not valid out.

use super::shown;
use crate::text::Invalid;

/// Longest domain name, in characters (RFC 1123 with the root dot left out).
pub const MAX_DOMAIN_LENGTH: usize = 253;
/// Longest label of a domain name.
pub const MAX_LABEL_LENGTH: usize = 63;

/// Checks a domain name: RFC 1123 host name syntax, lowercase, at least two labels.
pub fn validate_domain(s: &str) -> Result<(), Invalid> {
    if s.is_empty() {
        return Err(Invalid::from("the domain name is empty".to_string()));
    }
    if let Some(c) = s.chars().find(|c| !c.is_ascii()) {
        return Err(Invalid::from(format!(
            "{} is not ASCII; write an internationalised name in its punycode form (labels starting `xn--`)",
            shown(c)
        )));
    }
    if let Some(c) = s.chars().find(|c| !c.is_ascii_graphic()) {
        return Err(Invalid::from(format!("the domain name holds {}", shown(c))));
    }
    if s.contains("://") || s.contains('/') {
        return Err(Invalid::from(format!(
            "`{s}` looks like a URL; write only the host name, like `app.example.com`"
        )));
    }
    if s.parse::<std::net::Ipv4Addr>().is_ok() {
        return Err(Invalid::from(format!(
            "`{s}` is an IP address; write a domain name"
        )));
    }
    if s.len() > 1 && s.ends_with('.') {
        return Err(Invalid::from(format!(
            "the name ends with `.`; write it without the trailing dot: `{}`",
            s.trim_end_matches('.')
        )));
    }
    if s.chars().any(|c| c.is_ascii_uppercase()) {
        return Err(Invalid::from(format!(
            "the name holds uppercase letters; write it in lowercase: `{}`",
            s.to_ascii_lowercase()
        )));
    }
    if s.len() > MAX_DOMAIN_LENGTH {
        return Err(Invalid::from(format!(
            "the name is {} characters long; domain names are at most {MAX_DOMAIN_LENGTH}",
            s.len()
        )));
    }
    if s.starts_with('.') {
        return Err(Invalid::from("the name starts with `.`".to_string()));
    }
    let labels: Vec<&str> = s.split('.').collect();
    for label in &labels {
        validate_label(label)?;
    }
    if labels.len() < 2 {
        return Err(Invalid::from(format!(
            "`{s}` is a single label; a domain name has at least two, like `{s}.example.com`"
        )));
    }
    if let Some(last) = labels.last() {
        if last.chars().all(|c| c.is_ascii_digit()) {
            return Err(Invalid::from(format!(
                "the last label `{last}` is all digits; top-level domains are never numeric"
            )));
        }
    }
    Ok(())
}

/// Checks one label: 1 to 63 of `a-z0-9-`, starting and ending with a letter or digit.
fn validate_label(label: &str) -> Result<(), Invalid> {
    if label.is_empty() {
        return Err(Invalid::from(
            "the name has an empty label (`..`)".to_string(),
        ));
    }
    if label == "*" {
        return Err(Invalid::from(
            "wildcards (`*`) are not accepted; write each name in full, like `www.example.com`"
                .to_string(),
        ));
    }
    if let Some(c) = label
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Err(Invalid::from(format!(
            "the label `{label}` holds {}; domain labels are letters, digits and `-`",
            shown(c)
        )));
    }
    if label.len() > MAX_LABEL_LENGTH {
        return Err(Invalid::from(format!(
            "the label `{label}` is {} characters long; labels are at most {MAX_LABEL_LENGTH}",
            label.len()
        )));
    }
    if label.starts_with('-') || label.ends_with('-') {
        let end = if label.starts_with('-') {
            "starts"
        } else {
            "ends"
        };
        return Err(Invalid::from(format!(
            "the label `{label}` {end} with `-`; labels start and end with a letter or digit"
        )));
    }
    Ok(())
}

/// Characters of an unquoted email local part besides letters and digits (RFC 5322 atext).
const ATEXT: &str = "!#$%&'*+/=?^_`{|}~-";

/// Checks an email address, pragmatically: `local@domain`, the domain a valid domain name.
pub fn validate_email(s: &str) -> Result<(), Invalid> {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return Err(Invalid::from(
            "there is no `@`; an email address looks like `team@example.com`".to_string(),
        ));
    };
    if local.contains('@') {
        return Err(Invalid::from(
            "the address holds more than one `@`".to_string(),
        ));
    }
    if local.is_empty() {
        return Err(Invalid::from("there is nothing before the `@`".to_string()));
    }
    if local.len() > 64 {
        return Err(Invalid::from(format!(
            "the part before the `@` is {} characters long; it is at most 64",
            local.len()
        )));
    }
    if let Some(c) = local
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '.' || ATEXT.contains(*c)))
    {
        return Err(Invalid::from(format!(
            "the part before the `@` holds {}; it is letters, digits, `.` and {ATEXT}",
            shown(c)
        )));
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err(Invalid::from(
            "the part before the `@` has a `.` at its start or end, or two in a row".to_string(),
        ));
    }
    if domain.is_empty() {
        return Err(Invalid::from("there is nothing after the `@`".to_string()));
    }
    Ok(validate_domain(domain).map_err(|reason| format!("after the `@`: {reason}"))?)
}

/// Characters allowed unescaped in a URL's path, query and fragment (RFC 3986).
fn url_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/?#%".contains(c)
}

/// Checks a URL: `https://` and a domain name, then an optional port, path, query and fragment.
pub fn validate_url(s: &str) -> Result<(), Invalid> {
    if let Some(c) = s.chars().find(|c| !c.is_ascii_graphic()) {
        return Err(if c == ' ' {
            "the URL holds a space; encode spaces as `%20`".into()
        } else {
            format!("the URL holds {}; percent-encode it", shown(c)).into()
        });
    }
    let Some((scheme, rest)) = s.split_once("://") else {
        return Err(Invalid::from(format!(
            "write the full URL starting with `https://`, like `https://{}`",
            s.trim_start_matches('/')
        )));
    };
    if scheme == "http" {
        return Err(Invalid::from(format!(
            "plain http is not accepted; use `https://{rest}`"
        )));
    }
    if scheme.eq_ignore_ascii_case("https") && scheme != "https" {
        return Err(Invalid::from(format!(
            "write the scheme in lowercase: `https://{rest}`"
        )));
    }
    if scheme != "https" {
        return Err(Invalid::from(format!(
            "the scheme is `{scheme}`; only `https` is accepted"
        )));
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    if authority.contains('@') {
        return Err(Invalid::from(
            "the URL holds credentials (`user@`); put no user name or password in a URL"
                .to_string(),
        ));
    }
    if authority.is_empty() {
        return Err(Invalid::from(
            "the URL has no host name after `https://`".to_string(),
        ));
    }
    if authority.starts_with('[') {
        return Err(Invalid::from(
            "the host must be a domain name, not an IP address".to_string(),
        ));
    }
    let host = match authority.split_once(':') {
        Some((host, port)) => {
            validate_port(port)?;
            host
        }
        None => authority,
    };
    validate_domain(host).map_err(|reason| format!("the host `{host}`: {reason}"))?;
    if let Some(c) = tail.chars().find(|c| !url_char(*c)) {
        return Err(Invalid::from(format!(
            "the URL holds {}; percent-encode it",
            shown(c)
        )));
    }
    let mut pieces = tail.split('%');
    pieces.next();
    for piece in pieces {
        let hex = piece.get(..2).unwrap_or("");
        if hex.len() != 2 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(Invalid::from(
                "a `%` in the URL is not followed by two hex digits; write `%25` for a literal `%`"
                    .to_string(),
            ));
        }
    }
    Ok(())
}

/// Checks the port of a URL: 1 to 65535.
fn validate_port(port: &str) -> Result<(), Invalid> {
    match port.parse::<u16>() {
        Ok(n) if n > 0 && port.chars().all(|c| c.is_ascii_digit()) => Ok(()),
        _ => Err(Invalid::from(format!(
            "the port `{port}` is not a number from 1 to 65535"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(result: Result<(), Invalid>) -> String {
        result.expect_err("should be rejected").reason
    }

    #[test]
    fn good_domains() {
        for good in [
            "app.example.com",
            "example.com",
            "a.b",
            "x1.example.co.uk",
            "my-site.example.com",
            "123.example.com",
            "xn--bcher-kva.example",
            &format!("{}.com", "a".repeat(63)),
        ] {
            assert_eq!(validate_domain(good), Ok(()), "{good}");
        }
        let long = format!("{}.com", vec!["a".repeat(60); 4].join("."));
        assert_eq!(long.len(), 247);
        assert_eq!(validate_domain(&long), Ok(()));
    }

    #[test]
    fn bad_domains() {
        let cases = [
            ("", "empty"),
            (
                "my_site.example.com",
                "the label `my_site` holds `_`; domain labels are letters, digits and `-`",
            ),
            (
                "App.Example.com",
                "write it in lowercase: `app.example.com`",
            ),
            ("example.com.", "without the trailing dot: `example.com`"),
            ("localhost", "single label"),
            ("-app.example.com", "starts with `-`"),
            ("app-.example.com", "ends with `-`"),
            ("app..example.com", "empty label"),
            (".example.com", "starts with `.`"),
            ("example.123", "all digits"),
            ("10.0.0.1", "IP address"),
            (
                "bücher.example",
                "`ü` is not ASCII; write an internationalised name in its punycode",
            ),
            ("app\u{202E}.example", "U+202E is not ASCII"),
            ("app example.com", "space"),
            ("https://app.example.com", "looks like a URL"),
            ("*.example.com", "wildcards"),
            ("app.example.com/x", "looks like a URL"),
        ];
        for (bad, expected) in cases {
            let message = reason(validate_domain(bad));
            assert!(message.contains(expected), "{bad}: {message}");
        }
        let label = format!("{}.com", "a".repeat(64));
        assert!(
            reason(validate_domain(&label)).contains("64 characters long; labels are at most 63")
        );
        let total = format!("{}.com", vec!["a".repeat(62); 4].join("."));
        assert!(reason(validate_domain(&total)).contains("domain names are at most 253"));
    }

    #[test]
    fn emails() {
        for good in [
            "team@example.com",
            "first.last+tag@mail.example.co.uk",
            "o'neil@example.org",
        ] {
            assert_eq!(validate_email(good), Ok(()), "{good}");
        }
        let cases = [
            ("team.example.com", "no `@`"),
            ("a@b@example.com", "more than one `@`"),
            ("@example.com", "nothing before"),
            ("team@", "nothing after"),
            (".team@example.com", "two in a row"),
            ("te..am@example.com", "two in a row"),
            ("te am@example.com", "holds a space"),
            (
                "team@Example.com",
                "after the `@`: the name holds uppercase letters",
            ),
            ("team@localhost", "single label"),
            ("tëam@example.com", "holds `ë`"),
        ];
        for (bad, expected) in cases {
            let message = reason(validate_email(bad));
            assert!(message.contains(expected), "{bad}: {message}");
        }
        assert!(
            reason(validate_email(&format!("{}@example.com", "a".repeat(65))))
                .contains("at most 64")
        );
    }

    #[test]
    fn urls() {
        for good in [
            "https://example.com",
            "https://app.example.com/",
            "https://app.example.com:8443/path/to?x=1&y=2#top",
            "https://example.com/a%20b",
        ] {
            assert_eq!(validate_url(good), Ok(()), "{good}");
        }
        let cases = [
            ("http://example.com", "plain http"),
            ("HTTPS://example.com", "lowercase"),
            ("ftp://example.com", "only `https`"),
            (
                "example.com",
                "starting with `https://`, like `https://example.com`",
            ),
            ("https://user:pw@example.com", "credentials"),
            ("https://", "no host name"),
            ("https://exa mple.com", "space"),
            ("https://example.com:0", "port `0`"),
            ("https://example.com:99999", "port `99999`"),
            ("https://[::1]/", "not an IP address"),
            (
                "https://my_site.example.com",
                "the host `my_site.example.com`: the label",
            ),
            ("https://example.com/<script>", "holds `<`"),
            ("https://example.com/%zz", "two hex digits"),
            ("https://example.com/é", "percent-encode"),
        ];
        for (bad, expected) in cases {
            let message = reason(validate_url(bad));
            assert!(message.contains(expected), "{bad}: {message}");
        }
    }
}
