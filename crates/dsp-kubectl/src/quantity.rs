//! apimachinery's resource quantities, as far as describe needs them: parse `100m`, `64Mi`,
//! `1.5G`, `2e3` into milli-units, and print sums in the canonical form `Quantity.String()`
//! gives (binary suffixes for binary quantities, `m` for fractions).

use dsp_core::k8s::core;

/// The suffix family of a quantity (`resource.Format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    DecimalSi,
    BinarySi,
    DecimalExponent,
}

/// A parsed quantity: its value in thousandths (rounded up, as `MilliValue` does) and format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Quantity {
    pub milli: i128,
    pub format: Format,
}

/// Parses a quantity string; `None` for anything apimachinery would refuse (or out of range).
pub(crate) fn parse(s: &str) -> Option<Quantity> {
    let s = s.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    let num_end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-'))
        .unwrap_or(s.len());
    let (num, suffix) = s.split_at(num_end);
    let (neg, digits) = match num.as_bytes().first() {
        Some(b'-') => (true, &num[1..]),
        Some(b'+') => (false, &num[1..]),
        _ => (false, num),
    };
    let (int_part, frac_part) = digits.split_once('.').unwrap_or((digits, ""));
    if (int_part.is_empty() && frac_part.is_empty())
        || !int_part.bytes().all(|b| b.is_ascii_digit())
        || !frac_part.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    // value = mantissa × 10^(exp10) × 2^(exp2)
    let mantissa: i128 = format!("{int_part}{frac_part}").parse().ok()?;
    let mut exp10: i32 = -i32::try_from(frac_part.len()).ok()?;
    let mut exp2: u32 = 0;
    let format = match suffix {
        "" => Format::DecimalSi,
        "n" => {
            exp10 -= 9;
            Format::DecimalSi
        }
        "u" => {
            exp10 -= 6;
            Format::DecimalSi
        }
        "m" => {
            exp10 -= 3;
            Format::DecimalSi
        }
        "k" => {
            exp10 += 3;
            Format::DecimalSi
        }
        "M" => {
            exp10 += 6;
            Format::DecimalSi
        }
        "G" => {
            exp10 += 9;
            Format::DecimalSi
        }
        "T" => {
            exp10 += 12;
            Format::DecimalSi
        }
        "P" => {
            exp10 += 15;
            Format::DecimalSi
        }
        "E" => {
            exp10 += 18;
            Format::DecimalSi
        }
        "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" => {
            exp2 = 10 * (1 + "KMGTPE".find(&suffix[..1]).unwrap_or(0) as u32);
            Format::BinarySi
        }
        e if e.starts_with(['e', 'E']) => {
            exp10 = exp10.checked_add(e[1..].parse::<i32>().ok()?)?;
            Format::DecimalExponent
        }
        _ => return None,
    };
    // In thousandths.
    exp10 = exp10.checked_add(3)?;
    let mut v = mantissa.checked_mul(1i128.checked_shl(exp2)?)?;
    if exp10 >= 0 {
        v = v.checked_mul(10i128.checked_pow(u32::try_from(exp10).ok()?)?)?;
    } else {
        // A divisor past 10^38 leaves at most a rounded-up thousandth.
        let d = u32::try_from(exp10.checked_neg()?)
            .ok()
            .and_then(|e| 10i128.checked_pow(e));
        v = match d {
            Some(d) => v / d + i128::from(v % d != 0),
            None => i128::from(v != 0),
        };
    }
    Some(Quantity {
        milli: if neg { -v } else { v },
        format,
    })
}

/// Whether a quantity string is a value above zero.
pub(crate) fn is_positive(s: &str) -> bool {
    parse(s).is_some_and(|q| q.milli > 0)
}

/// `Quantity.String()` for a value in thousandths: whole numbers with the largest suffix that
/// divides them exactly (binary or decimal by format), fractions in `m`.
pub(crate) fn format(milli: i128, format: Format) -> String {
    if milli == 0 {
        return "0".to_string();
    }
    if milli % 1000 != 0 {
        return format!("{milli}m");
    }
    let v = milli / 1000;
    match format {
        Format::BinarySi => {
            let suffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
            let mut n = v;
            let mut i = 0;
            while i + 1 < suffixes.len() && n != 0 && n % 1024 == 0 {
                n /= 1024;
                i += 1;
            }
            format!("{n}{}", suffixes[i])
        }
        Format::DecimalSi | Format::DecimalExponent => {
            let suffixes = ["", "k", "M", "G", "T", "P", "E"];
            let mut n = v;
            let mut i = 0;
            while i + 1 < suffixes.len() && n != 0 && n % 1000 == 0 {
                n /= 1000;
                i += 1;
            }
            format!("{n}{}", suffixes[i])
        }
    }
}

/// `Quantity.String()` of a quantity as written (`0.5` → `500m`, `1.5Gi` → `1536Mi`); exponent
/// forms and anything that does not parse are kept as written.
pub(crate) fn canonical(s: &str) -> String {
    match parse(s) {
        Some(q) if q.format != Format::DecimalExponent && q.milli >= 0 => format(q.milli, q.format),
        _ => s.to_string(),
    }
}

/// resourcehelper.ExtractContainerResourceValue for an env `resourceFieldRef`: the container's
/// limit or request divided by the divisor, rounded up; `node allocatable` for an unset limit.
pub(crate) fn container_resource_value(
    c: &core::Container,
    r: &core::ResourceFieldSelector,
) -> String {
    let divisor = r
        .divisor
        .as_ref()
        .and_then(|d| parse(&d.0))
        .filter(|d| d.milli != 0)
        .map(|d| d.milli)
        .unwrap_or(1000);
    let Some((which, name)) = r.resource.split_once('.') else {
        return String::new();
    };
    let list = c.resources.as_ref().and_then(|res| match which {
        "limits" => res.limits.as_ref(),
        "requests" => res.requests.as_ref(),
        _ => None,
    });
    let known =
        matches!(name, "cpu" | "memory" | "ephemeral-storage") || name.starts_with("hugepages-");
    if !matches!(which, "limits" | "requests") || !known {
        return String::new();
    }
    let value = list
        .and_then(|l| l.get(name))
        .and_then(|q| parse(&q.0))
        .map(|q| q.milli)
        .unwrap_or(0);
    // CPU compares thousandths; the others compare whole values (Value() rounds up).
    let (v, d) = if name == "cpu" {
        (value, divisor)
    } else {
        (ceil_div(value, 1000), ceil_div(divisor, 1000).max(1))
    };
    let out = ceil_div(v, d);
    if out == 0 && which == "limits" && matches!(name, "cpu" | "memory") {
        return "node allocatable".to_string();
    }
    out.to_string()
}

fn ceil_div(a: i128, b: i128) -> i128 {
    if b == 0 {
        return 0;
    }
    let q = a / b;
    if a % b != 0 && ((a < 0) == (b < 0)) {
        q + 1
    } else {
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_suffixes() {
        assert_eq!(parse("100m").map(|q| q.milli), Some(100));
        assert_eq!(parse("1").map(|q| q.milli), Some(1000));
        assert_eq!(parse("0.5").map(|q| q.milli), Some(500));
        assert_eq!(
            parse("64Mi").map(|q| q.milli),
            Some(64 * 1024 * 1024 * 1000)
        );
        assert_eq!(parse("1k").map(|q| q.milli), Some(1_000_000));
        assert_eq!(parse("2e3").map(|q| q.milli), Some(2_000_000));
        assert_eq!(
            parse("1n").map(|q| q.milli),
            Some(1),
            "rounded up to a thousandth"
        );
        assert_eq!(parse("12x"), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse("."), None);
        assert_eq!(parse("99999999999999999999999999999999999999Ei"), None);
        // Extreme exponents and fractions never overflow.
        for s in [
            "1e2147483647",
            "1.5e2147483647",
            "1e-2147483648",
            "0.000000000000000000000000000000000000000000001",
            "9e-60",
            "1e40",
            "-1e38",
            "+.5",
        ] {
            let _ = parse(s);
        }
        assert_eq!(parse("9e-60").map(|q| q.milli), Some(1));
    }

    #[test]
    fn formats_canonically() {
        assert_eq!(format(300, Format::DecimalSi), "300m");
        assert_eq!(format(2000, Format::DecimalSi), "2");
        assert_eq!(format(192 * 1024 * 1024 * 1000, Format::BinarySi), "192Mi");
        assert_eq!(format(1_000_000, Format::DecimalSi), "1k");
        assert_eq!(format(1000 * 1000, Format::BinarySi), "1000");
        assert_eq!(format(0, Format::BinarySi), "0");
        assert_eq!(canonical("0.5"), "500m");
        assert_eq!(canonical("1.5Gi"), "1536Mi");
        assert_eq!(canonical("1000m"), "1");
        assert_eq!(canonical("128974848"), "128974848");
        assert_eq!(canonical("2e3"), "2e3");
        assert_eq!(canonical("junk"), "junk");
    }

    #[test]
    fn resource_field_refs_divide_and_round_up() {
        let c: core::Container = serde_json::from_value(serde_json::json!({
            "name": "c",
            "resources": {"limits": {"memory": "128Mi"}, "requests": {"cpu": "250m"}}
        }))
        .unwrap_or_default();
        let sel = |res: &str, div: Option<&str>| core::ResourceFieldSelector {
            resource: res.to_string(),
            divisor: div.map(|d| dsp_core::k8s::Quantity(d.into())),
            container_name: None,
        };
        assert_eq!(
            container_resource_value(&c, &sel("requests.cpu", None)),
            "1"
        );
        assert_eq!(
            container_resource_value(&c, &sel("requests.cpu", Some("1m"))),
            "250"
        );
        assert_eq!(
            container_resource_value(&c, &sel("limits.memory", Some("1Mi"))),
            "128"
        );
        assert_eq!(
            container_resource_value(&c, &sel("limits.cpu", None)),
            "node allocatable"
        );
        assert_eq!(container_resource_value(&c, &sel("nonsense", None)), "");
    }
}
