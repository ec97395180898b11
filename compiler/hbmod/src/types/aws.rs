//! AWS-shaped strings in (ARNs, tag keys and values, S3 bucket names), `Ok` or the reason in
//! words they are not valid out. The tag and bucket rules are SECURITY.md §3.

use super::regions::{region_partition, validate_region};
use super::shown;
use crate::text::Invalid;

/// The partitions an ARN may name.
pub const PARTITIONS: &[&str] = &["aws", "aws-cn", "aws-us-gov"];

/// Checks an ARN: `arn:partition:service:region:account:resource`.
pub fn validate_arn(s: &str) -> Result<(), Invalid> {
    if let Some(c) = s.chars().find(|c| !c.is_ascii_graphic()) {
        return Err(Invalid::from(format!(
            "the ARN holds {}; ARNs are printable ASCII",
            shown(c)
        )));
    }
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    let [arn, partition, service, region, account, resource] = parts.as_slice() else {
        return Err(Invalid::from(format!(
            "an ARN has six parts, `arn:partition:service:region:account:resource`; this one has {}",
            parts.len()
        )));
    };
    if *arn != "arn" {
        return Err(Invalid::from(format!(
            "an ARN starts with `arn:`, not `{arn}:`"
        )));
    }
    if !PARTITIONS.contains(partition) {
        return Err(Invalid::from(format!(
            "the partition `{partition}` is not one of `aws`, `aws-cn`, `aws-us-gov`"
        )));
    }
    if service.is_empty() {
        return Err(Invalid::from(
            "the ARN names no service (the third part, like `sns`)".to_string(),
        ));
    }
    if service.chars().any(|c| c.is_ascii_uppercase()) {
        return Err(Invalid::from(format!(
            "write the service in lowercase: `{}`",
            service.to_ascii_lowercase()
        )));
    }
    if let Some(c) = service
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Err(Invalid::from(format!(
            "the service `{service}` holds {}; services are lowercase letters, digits and `-`",
            shown(c)
        )));
    }
    if !region.is_empty() {
        validate_region(region).map_err(|reason| format!("in the ARN, {reason}"))?;
        let expected = region_partition(region);
        if expected != *partition {
            return Err(Invalid::from(format!(
                "the region `{region}` is in the partition `{expected}`, not `{partition}`"
            )));
        }
    }
    let account_ok = account.is_empty()
        || *account == "aws"
        || (account.len() == 12 && account.chars().all(|c| c.is_ascii_digit()));
    if !account_ok {
        return Err(Invalid::from(format!(
            "the account `{account}` is not 12 digits (it may also be empty, or `aws` for AWS managed policies)"
        )));
    }
    if resource.is_empty() {
        return Err(Invalid::from(
            "the ARN names no resource after the account".to_string(),
        ));
    }
    Ok(())
}

/// Longest tag key, in characters.
pub const MAX_TAG_KEY_LENGTH: usize = 127;
/// Longest tag value, in characters.
pub const MAX_TAG_VALUE_LENGTH: usize = 256;
/// Punctuation allowed in tags, besides letters, digits and spaces.
const TAG_PUNCTUATION: &str = "_.:/=+-@";

/// Checks an AWS tag key: 1 to 127 characters of letters, digits, spaces and
/// `_ . : / = + - @`, not starting with `aws:`. Pass NFC-normalised text.
pub fn validate_tag_key(s: &str) -> Result<(), Invalid> {
    if s.is_empty() {
        return Err(Invalid::from("the tag key is empty".to_string()));
    }
    tag_text(s, "key", MAX_TAG_KEY_LENGTH)?;
    if s.get(..4)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("aws:"))
    {
        return Err(Invalid::from(
            "tag keys starting with `aws:` are reserved for AWS".to_string(),
        ));
    }
    Ok(())
}

/// Checks an AWS tag value: 0 to 256 characters of letters, digits, spaces and
/// `_ . : / = + - @`. Pass NFC-normalised text.
pub fn validate_tag_value(s: &str) -> Result<(), Invalid> {
    tag_text(s, "value", MAX_TAG_VALUE_LENGTH)
}

/// The length and character rules shared by tag keys and values.
fn tag_text(s: &str, what: &str, max: usize) -> Result<(), Invalid> {
    let length = s.chars().count();
    if length > max {
        return Err(Invalid::from(format!(
            "the tag {what} is {length} characters long; tag {what}s are at most {max}"
        )));
    }
    let allowed = |c: char| c.is_alphanumeric() || c == ' ' || TAG_PUNCTUATION.contains(c);
    if let Some(c) = s.chars().find(|c| !allowed(*c)) {
        return Err(Invalid::from(format!(
            "the tag {what} holds {}; tags hold letters, digits, spaces and `_ . : / = + - @`",
            shown(c)
        )));
    }
    Ok(())
}

/// Prefixes AWS reserves for its own bucket names.
const RESERVED_PREFIXES: &[&str] = &["xn--", "sthree-", "amzn-s3-demo-"];
/// Suffixes AWS reserves for access points and other bucket kinds.
const RESERVED_SUFFIXES: &[&str] = &["-s3alias", "--ol-s3", "--x-s3", "--table-s3"];

/// Checks an S3 bucket name: 3 to 63 of `a-z0-9-`, starting and ending with a letter or digit,
/// no dots (they break TLS), no reserved prefix or suffix, not an IP address.
pub fn validate_bucket_name(s: &str) -> Result<(), Invalid> {
    let length = s.chars().count();
    if !(3..=63).contains(&length) {
        return Err(Invalid::from(format!(
            "the bucket name is {length} characters long; bucket names are 3 to 63"
        )));
    }
    if let Some(c) = s.chars().find(|c| !c.is_ascii_graphic()) {
        return Err(Invalid::from(format!(
            "the bucket name holds {}; bucket names are lowercase letters, digits and `-`",
            shown(c)
        )));
    }
    if s.parse::<std::net::Ipv4Addr>().is_ok() {
        return Err(Invalid::from(format!(
            "`{s}` is an IP address; bucket names must not be"
        )));
    }
    if s.chars().any(|c| c.is_ascii_uppercase()) {
        return Err(Invalid::from(format!(
            "the bucket name holds uppercase letters; write it in lowercase: `{}`",
            s.to_ascii_lowercase()
        )));
    }
    if s.contains('.') {
        return Err(Invalid::from(format!(
            "the bucket name holds `.`, which breaks TLS for the bucket's https endpoint; use `-`: `{}`",
            s.replace('.', "-")
        )));
    }
    if let Some(c) = s
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Err(Invalid::from(format!(
            "the bucket name holds {}; bucket names are lowercase letters, digits and `-`",
            shown(c)
        )));
    }
    if s.starts_with('-') || s.ends_with('-') {
        return Err(Invalid::from(
            "the bucket name starts or ends with `-`; it must start and end with a letter or digit"
                .to_string(),
        ));
    }
    if let Some(prefix) = RESERVED_PREFIXES.iter().find(|p| s.starts_with(*p)) {
        return Err(Invalid::from(format!(
            "bucket names starting with `{prefix}` are reserved by AWS"
        )));
    }
    if let Some(suffix) = RESERVED_SUFFIXES.iter().find(|p| s.ends_with(*p)) {
        return Err(Invalid::from(format!(
            "bucket names ending with `{suffix}` are reserved by AWS"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(validate: fn(&str) -> Result<(), Invalid>, bad: &str, expected: &str) {
        let message = validate(bad).expect_err(bad);
        assert!(message.reason.contains(expected), "{bad}: {message}");
    }

    #[test]
    fn arns() {
        for good in [
            "arn:aws:sns:eu-west-1:123456789012:alerts",
            "arn:aws:s3:::my-bucket/key",
            "arn:aws:iam::123456789012:role/deploy",
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
            "arn:aws:lambda:us-east-1:123456789012:function:ingest:live",
            "arn:aws-cn:s3:::bucket",
            "arn:aws-us-gov:sqs:us-gov-west-1:123456789012:q",
        ] {
            assert_eq!(validate_arn(good), Ok(()), "{good}");
        }
        check(validate_arn, "arn:aws:sns:eu-west-1", "six parts");
        check(
            validate_arn,
            "urn:aws:sns:eu-west-1:123456789012:x",
            "starts with `arn:`",
        );
        check(
            validate_arn,
            "arn:azure:sns:eu-west-1:123456789012:x",
            "partition `azure`",
        );
        check(
            validate_arn,
            "arn:aws:SNS:eu-west-1:123456789012:x",
            "lowercase: `sns`",
        );
        check(
            validate_arn,
            "arn:aws::eu-west-1:123456789012:x",
            "no service",
        );
        check(
            validate_arn,
            "arn:aws:s_3:eu-west-1:123456789012:x",
            "holds `_`",
        );
        check(
            validate_arn,
            "arn:aws:sns:eu-west1:123456789012:x",
            "did you mean `eu-west-1`",
        );
        check(
            validate_arn,
            "arn:aws:sns:cn-north-1:123456789012:x",
            "partition `aws-cn`",
        );
        check(
            validate_arn,
            "arn:aws:sns:eu-west-1:12345:x",
            "not 12 digits",
        );
        check(
            validate_arn,
            "arn:aws:sns:eu-west-1:123456789012:",
            "no resource",
        );
        check(
            validate_arn,
            "arn:aws:sns:eu-west-1:123456789012:my topic",
            "a space",
        );
        check(
            validate_arn,
            "arn:aws:s\u{200B}ns:eu-west-1:123456789012:x",
            "U+200B",
        );
    }

    #[test]
    fn tag_keys_and_values() {
        for good in [
            "Team",
            "cost-center",
            "app.io/name",
            "user@x",
            "a=b+c:d",
            "Zürich",
            &"k".repeat(127),
        ] {
            assert_eq!(validate_tag_key(good), Ok(()), "{good}");
        }
        check(validate_tag_key, "", "empty");
        check(
            validate_tag_key,
            &"k".repeat(128),
            "128 characters long; tag keys are at most 127",
        );
        check(validate_tag_key, "aws:createdBy", "reserved");
        check(validate_tag_key, "AWS:x", "reserved");
        check(validate_tag_key, "a${x}", "holds `$`");
        check(validate_tag_key, "a\"b", "holds `\"`");
        check(validate_tag_key, "a\nb", "U+000A");
        check(validate_tag_key, "a\u{202E}b", "U+202E");
        check(validate_tag_key, "a\tb", "U+0009");
        for good in ["", "Platform team", "s3://bucket/key", &"v".repeat(256)] {
            assert_eq!(validate_tag_value(good), Ok(()), "{good}");
        }
        check(validate_tag_value, &"v".repeat(257), "at most 256");
        check(validate_tag_value, "%{ for x in y }", "holds `%`");
        check(validate_tag_value, "a\u{200B}b", "U+200B");
        check(validate_tag_value, "x;y", "holds `;`");
        check(validate_tag_value, "a\u{00A0}b", "U+00A0");
    }

    #[test]
    fn bucket_names() {
        for good in [
            "abc",
            "frontend-web-playground-web",
            "logs-2024",
            &"a".repeat(63),
            "a--b",
        ] {
            assert_eq!(validate_bucket_name(good), Ok(()), "{good}");
        }
        check(validate_bucket_name, "ab", "2 characters long");
        check(validate_bucket_name, &"a".repeat(64), "64 characters long");
        check(validate_bucket_name, "My-Bucket", "lowercase: `my-bucket`");
        check(validate_bucket_name, "my.bucket", "TLS");
        check(validate_bucket_name, "my_bucket", "holds `_`");
        check(validate_bucket_name, "-bucket", "starts or ends with `-`");
        check(validate_bucket_name, "bucket-", "starts or ends with `-`");
        check(validate_bucket_name, "xn--bucket", "`xn--` are reserved");
        check(validate_bucket_name, "sthree-x", "reserved");
        check(
            validate_bucket_name,
            "data-s3alias",
            "`-s3alias` are reserved",
        );
        check(validate_bucket_name, "data--ol-s3", "reserved");
        check(validate_bucket_name, "192.168.5.4", "IP address");
        check(validate_bucket_name, "bücket", "holds `ü`");
        check(validate_bucket_name, "Bucket\u{202E}", "holds U+202E");
    }
}
