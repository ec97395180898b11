//! A CIDR block in (`10.0.0.0/16`, `2001:db8::/32`), `Ok` or the reason in words it is not a
//! network out, naming the network that was probably meant when host bits are set.

use crate::text::Invalid;
use std::net::{Ipv4Addr, Ipv6Addr};

/// Checks a CIDR block: an IPv4 or IPv6 network address and a prefix length, host bits zero.
pub fn validate_cidr(s: &str) -> Result<(), Invalid> {
    if s.is_empty() {
        return Err(Invalid::from(
            "the CIDR block is empty; write one like `10.0.0.0/16`".to_string(),
        ));
    }
    if let Some(c) = s.chars().find(|c| !c.is_ascii_graphic()) {
        return Err(Invalid::from(format!(
            "the CIDR block holds {}",
            super::shown(c)
        )));
    }
    let Some((address, prefix)) = s.split_once('/') else {
        let single = if s.contains(':') { "128" } else { "32" };
        return Err(Invalid::from(format!(
            "`{s}` has no prefix length; write a network like `10.0.0.0/16`, or `{s}/{single}` for one address"
        )));
    };
    if s.contains(':') {
        ipv6(address, prefix)
    } else {
        ipv4(address, prefix)
    }
}

/// Checks an IPv4 network.
fn ipv4(address: &str, prefix: &str) -> Result<(), Invalid> {
    let parts: Vec<&str> = address.split('.').collect();
    if parts.len() != 4 {
        return Err(Invalid::from(format!(
            "`{address}` has {} part{} before the `/`; an IPv4 address has four, like `10.0.0.0`",
            parts.len(),
            if parts.len() == 1 { "" } else { "s" }
        )));
    }
    let mut value: u32 = 0;
    for part in parts {
        if part.is_empty() || !part.chars().all(|c| c.is_ascii_digit()) {
            return Err(Invalid::from(format!(
                "`{part}` in `{address}` is not a number from 0 to 255"
            )));
        }
        if part.len() > 1 && part.starts_with('0') {
            let trimmed = part.trim_start_matches('0');
            let fixed = if trimmed.is_empty() { "0" } else { trimmed };
            return Err(Invalid::from(format!(
                "`{part}` in `{address}` has a leading zero; write `{fixed}`"
            )));
        }
        let octet = part
            .parse::<u8>()
            .map_err(|_| format!("`{part}` in `{address}` is above 255"))?;
        value = (value << 8) | u32::from(octet);
    }
    let length = prefix_length(prefix, 32)?;
    let mask = u32::MAX.checked_shl(32 - length).unwrap_or(0);
    let network = value & mask;
    if network != value {
        return Err(Invalid::from(format!(
            "`{address}/{length}` has host bits set; the network is `{}/{length}`",
            Ipv4Addr::from(network)
        )));
    }
    Ok(())
}

/// Checks an IPv6 network.
fn ipv6(address: &str, prefix: &str) -> Result<(), Invalid> {
    let parsed: Ipv6Addr = address
        .parse()
        .map_err(|_| format!("`{address}` is not an IPv6 address"))?;
    let length = prefix_length(prefix, 128)?;
    let value = u128::from(parsed);
    let mask = u128::MAX.checked_shl(128 - length).unwrap_or(0);
    let network = value & mask;
    if network != value {
        return Err(Invalid::from(format!(
            "`{address}/{length}` has host bits set; the network is `{}/{length}`",
            Ipv6Addr::from(network)
        )));
    }
    Ok(())
}

/// Reads the prefix length after `/`: a whole number from 0 to `max`.
fn prefix_length(prefix: &str, max: u32) -> Result<u32, Invalid> {
    if prefix.is_empty() {
        return Err(Invalid::from(
            "there is no prefix length after the `/`".to_string(),
        ));
    }
    let bad = || {
        Invalid::from(format!(
            "the prefix length `{prefix}` is not a whole number from 0 to {max}"
        ))
    };
    if !prefix.chars().all(|c| c.is_ascii_digit()) || (prefix.len() > 1 && prefix.starts_with('0'))
    {
        return Err(bad());
    }
    match prefix.parse::<u32>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_blocks() {
        for good in [
            "10.0.0.0/16",
            "0.0.0.0/0",
            "192.168.1.0/24",
            "10.1.2.3/32",
            "172.16.0.0/12",
            "2001:db8::/32",
            "::/0",
            "fd00::/8",
            "2001:db8::1/128",
        ] {
            assert_eq!(validate_cidr(good), Ok(()), "{good}");
        }
    }

    #[test]
    fn bad_blocks() {
        let cases = [
            ("", "empty"),
            (
                "10.0.0.0",
                "no prefix length; write a network like `10.0.0.0/16`, or `10.0.0.0/32`",
            ),
            ("10.0.0.1/16", "host bits set; the network is `10.0.0.0/16`"),
            ("192.168.1.77/24", "the network is `192.168.1.0/24`"),
            (
                "10.0.0.0/33",
                "prefix length `33` is not a whole number from 0 to 32",
            ),
            ("10.0.0.0/", "no prefix length after"),
            ("10.0.0.0/x", "prefix length `x`"),
            ("10.0.0.0/08", "prefix length `08`"),
            ("10.0.0/16", "has 3 parts"),
            ("10.0.0.0.0/16", "has 5 parts"),
            ("256.0.0.0/8", "`256` in `256.0.0.0` is above 255"),
            ("10.0.0.-1/32", "not a number"),
            ("010.0.0.0/8", "leading zero; write `10`"),
            ("10..0.0/16", "not a number"),
            ("10.0.0.0 /16", "holds a space"),
            ("10.0.0.0/16\u{200B}", "holds U+200B"),
            ("abc/16", "has 1 part before"),
            ("2001:db8::1/32", "the network is `2001:db8::/32`"),
            ("2001:db8::/129", "from 0 to 128"),
            ("2001:db8::g/32", "not an IPv6 address"),
            ("fe80::1%eth0/64", "not an IPv6 address"),
            ("2001:db8::1", "`2001:db8::1/128` for one address"),
        ];
        for (bad, expected) in cases {
            let message = validate_cidr(bad).expect_err(bad);
            assert!(message.reason.contains(expected), "{bad}: {message}");
        }
    }
}
