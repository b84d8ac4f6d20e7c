//! Counted nouns in messages, charts and pages: `1 write-up`, `2 write-ups`.
//! One helper, so every output counts the same way.

/// `count` followed by `one` or `many`: `plural(2, "error", "errors")` is
/// `2 errors`. Both forms are given, so irregular plurals need no rule.
pub fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn one_is_singular_and_everything_else_plural() {
        assert_eq!(plural(0, "write-up", "write-ups"), "0 write-ups");
        assert_eq!(plural(1, "write-up", "write-ups"), "1 write-up");
        assert_eq!(plural(2, "entry", "entries"), "2 entries");
    }
}
