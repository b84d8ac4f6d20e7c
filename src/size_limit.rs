//! The size limit of one write-up: `max-file-size` in `.jobmark.toml`,
//! `--max-file-size` on the command line.
//!
//! Invariant: a file over the limit is never decoded or parsed; the lint
//! engine reports it as a finding (JM005) instead, so a pull request that
//! adds a huge file fails visibly and cannot make a run slow or large.
//! Sizes are bytes, written as a number or with a unit (`512KB`, `4MiB`).

/// The default limit: far above any real write-up (they are a few KB),
/// far below what would make a CI run slow.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 4 * 1024 * 1024;

/// Parse `4194304`, `4MiB`, `4 MB`, `512k`: decimal units are powers of
/// 1000, binary ones (`KiB`, `MiB`, `GiB`) of 1024, a bare `K`/`M`/`G` is
/// binary. Zero is refused (it would report every file).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits_end);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size (e.g. 4194304, 512KB, 4MiB)"))?;
    let multiplier: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" => 1000,
        "mb" => 1000 * 1000,
        "gb" => 1000 * 1000 * 1000,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        _ => {
            return Err(format!(
                "`{text}`: unknown size unit (use B, KB, MB, GB, KiB, MiB or GiB)"
            ))
        }
    };
    let size = number
        .checked_mul(multiplier)
        .ok_or_else(|| format!("`{text}` is too large"))?;
    if size == 0 {
        return Err("the size limit must be at least 1 byte".to_string());
    }
    Ok(size)
}

/// The limit as people read it (`4 MiB`, `1000 bytes`), for messages.
pub fn describe(size: u64) -> String {
    for (unit, factor) in [("GiB", 1u64 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] {
        if size >= factor && size % factor == 0 {
            return format!("{} {unit}", size / factor);
        }
    }
    format!("{size} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_units() {
        assert_eq!(parse_size("4194304"), Ok(4 * 1024 * 1024));
        assert_eq!(parse_size("4MiB"), Ok(4 * 1024 * 1024));
        assert_eq!(parse_size("4 MB"), Ok(4_000_000));
        assert_eq!(parse_size("512k"), Ok(512 * 1024));
        assert!(parse_size("0").is_err());
        assert!(parse_size("4 parsecs").is_err());
        assert!(parse_size("-1").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
    }

    #[test]
    fn limits_are_described_in_their_unit() {
        assert_eq!(describe(DEFAULT_MAX_FILE_SIZE), "4 MiB");
        assert_eq!(describe(1000), "1000 bytes");
    }
}
