//! A region name in (`eu-west-1`), `Ok` if it is a known AWS region or the reason and the
//! likely intended region out. The list is the commercial, GovCloud and China regions of 2026.

use crate::text::Invalid;
/// Every known region code with where it is, in the order AWS lists them.
pub const REGIONS: &[(&str, &str)] = &[
    ("us-east-1", "N. Virginia"),
    ("us-east-2", "Ohio"),
    ("us-west-1", "N. California"),
    ("us-west-2", "Oregon"),
    ("af-south-1", "Cape Town"),
    ("ap-east-1", "Hong Kong"),
    ("ap-east-2", "Taipei"),
    ("ap-south-1", "Mumbai"),
    ("ap-south-2", "Hyderabad"),
    ("ap-southeast-1", "Singapore"),
    ("ap-southeast-2", "Sydney"),
    ("ap-southeast-3", "Jakarta"),
    ("ap-southeast-4", "Melbourne"),
    ("ap-southeast-5", "Malaysia"),
    ("ap-southeast-6", "New Zealand"),
    ("ap-southeast-7", "Thailand"),
    ("ap-northeast-1", "Tokyo"),
    ("ap-northeast-2", "Seoul"),
    ("ap-northeast-3", "Osaka"),
    ("ca-central-1", "Canada Central"),
    ("ca-west-1", "Calgary"),
    ("eu-central-1", "Frankfurt"),
    ("eu-central-2", "Zurich"),
    ("eu-west-1", "Ireland"),
    ("eu-west-2", "London"),
    ("eu-west-3", "Paris"),
    ("eu-south-1", "Milan"),
    ("eu-south-2", "Spain"),
    ("eu-north-1", "Stockholm"),
    ("il-central-1", "Tel Aviv"),
    ("me-south-1", "Bahrain"),
    ("me-central-1", "UAE"),
    ("mx-central-1", "Mexico Central"),
    ("sa-east-1", "Sao Paulo"),
    ("us-gov-east-1", "GovCloud US-East"),
    ("us-gov-west-1", "GovCloud US-West"),
    ("cn-north-1", "Beijing"),
    ("cn-northwest-1", "Ningxia"),
];

/// The partition a region belongs to: `aws-us-gov`, `aws-cn` or `aws`.
pub fn region_partition(region: &str) -> &'static str {
    if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("cn-") {
        "aws-cn"
    } else {
        "aws"
    }
}

/// Checks that `s` is a known AWS region code.
pub fn validate_region(s: &str) -> Result<(), Invalid> {
    if REGIONS.iter().any(|(code, _)| *code == s) {
        return Ok(());
    }
    if s.is_empty() {
        return Err(Invalid::from(
            "the region is empty; write a region code like `eu-west-1`".to_string(),
        ));
    }
    if let Some(c) = s.chars().find(|c| !(c.is_ascii_graphic() || *c == ' ')) {
        return Err(Invalid::from(format!(
            "the region holds {}; regions are written like `eu-west-1`",
            super::shown(c)
        )));
    }
    if let Some((code, _)) = REGIONS
        .iter()
        .find(|(code, _)| code.eq_ignore_ascii_case(s))
    {
        return Err(Invalid::from(format!(
            "write the region in lowercase: `{code}`"
        )));
    }
    if let Some(code) = zone_region(s) {
        return Err(Invalid::from(format!(
            "`{s}` is an availability zone; its region is `{code}`"
        )));
    }
    if let Some((code, place)) = REGIONS
        .iter()
        .find(|(_, place)| place.eq_ignore_ascii_case(s.trim()))
    {
        return Err(Invalid::from(format!(
            "`{s}` is a place, not a region code; {place} is `{code}`"
        )));
    }
    Err(match suggest_region(s) {
        Some(code) => format!("`{s}` is not a known AWS region; did you mean `{code}`?").into(),
        None => {
            format!("`{s}` is not a known AWS region; regions are written like `eu-west-1`").into()
        }
    })
}

/// The known region `s` most likely stands for: the same code without its `-`s or in
/// another case (`euwest1`, `EU_WEST_1`), else the closest code by edit distance.
pub fn suggest_region(s: &str) -> Option<&'static str> {
    let squeeze = |text: &str| -> String {
        text.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let wanted = squeeze(s);
    if let Some((code, _)) = REGIONS.iter().find(|(code, _)| squeeze(code) == wanted) {
        return Some(code);
    }
    let lower = s.to_ascii_lowercase().replace('_', "-");
    // A `1` mistyped as `l` or `i` is the commonest typo; look it up before edit distance.
    let digits = lower.replace(['l', 'i'], "1");
    if let Some((code, _)) = REGIONS
        .iter()
        .find(|(code, _)| code.replace(['l', 'i'], "1") == digits)
    {
        return Some(code);
    }
    let limit = (lower.chars().count() / 4).clamp(1, 3);
    REGIONS
        .iter()
        .map(|(code, _)| (strsim::osa_distance(&lower, code), *code))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, code)| code)
}

/// The region of an availability zone name like `us-east-1a`.
fn zone_region(s: &str) -> Option<&'static str> {
    let region = s.strip_suffix(|c: char| c.is_ascii_lowercase())?;
    REGIONS
        .iter()
        .find(|(code, _)| *code == region)
        .map(|(code, _)| *code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_regions() {
        for good in [
            "us-east-1",
            "eu-west-1",
            "ap-southeast-7",
            "ap-east-2",
            "mx-central-1",
            "ca-west-1",
            "us-gov-west-1",
            "cn-northwest-1",
            "il-central-1",
        ] {
            assert_eq!(validate_region(good), Ok(()), "{good}");
        }
        assert_eq!(REGIONS.len(), 38);
    }

    #[test]
    fn unknown_regions_get_suggestions() {
        let cases = [
            ("eu-west1", "did you mean `eu-west-1`?"),
            ("us-east-l", "did you mean `us-east-1`?"),
            ("euwest1", "did you mean `eu-west-1`?"),
            ("eu_central_1", "did you mean `eu-central-1`?"),
            ("us-esat-1", "did you mean `us-east-1`?"),
            ("EU-WEST-1", "write the region in lowercase: `eu-west-1`"),
            ("us-east-1a", "availability zone; its region is `us-east-1`"),
            ("frankfurt", "Frankfurt is `eu-central-1`"),
            ("", "empty"),
            (
                "mars-north-1",
                "not a known AWS region; regions are written like",
            ),
            ("global", "not a known AWS region"),
            ("eu-west-1\u{202E}", "holds U+202E"),
        ];
        for (bad, expected) in cases {
            let message = validate_region(bad).expect_err(bad);
            assert!(message.reason.contains(expected), "{bad}: {message}");
        }
    }

    #[test]
    fn partitions() {
        assert_eq!(region_partition("us-gov-east-1"), "aws-us-gov");
        assert_eq!(region_partition("cn-north-1"), "aws-cn");
        assert_eq!(region_partition("eu-west-1"), "aws");
        for (code, _) in REGIONS {
            assert!(code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
        }
    }
}
