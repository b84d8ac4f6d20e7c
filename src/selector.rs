//! Rule selectors: the one language for naming rules, shared by the
//! configuration (`select`, `ignore`, `severity`, `per-file-ignores`), the
//! command line (`--select`, `--ignore`) and inline comments
//! (`<!-- jobmark-disable-next-line missing-section -->`).
//!
//! A selector is `all`, a code or code prefix (`JM101`, `JM1`, `JM`), or a
//! rule name (`missing-section`), all matched ignoring ASCII case.
//! Invariant: a parsed [`RuleSelector`] names at least one rule of the
//! catalogue, so a typo is an error where it is written, never a selector
//! that silently matches nothing.

use crate::diagnostic::RuleMeta;
use crate::rules;

/// A parsed selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSelector {
    written: String,
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    All,
    /// Upper-cased code prefix (a whole code is its own prefix).
    CodePrefix(String),
    /// A rule name, lower-cased.
    Name(String),
}

/// Why a selector was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownSelector {
    pub written: String,
}

impl std::fmt::Display for UnknownSelector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}` names no rule (see `jobmark rules`)", self.written)
    }
}

impl std::error::Error for UnknownSelector {}

impl RuleSelector {
    /// Parse `text` (surrounding whitespace ignored); refused when it names
    /// no rule of the catalogue.
    pub fn parse(text: &str) -> Result<RuleSelector, UnknownSelector> {
        let written = text.trim();
        let kind = if written.eq_ignore_ascii_case("all") {
            Kind::All
        } else if rules::ALL
            .iter()
            .any(|r| r.meta().name.eq_ignore_ascii_case(written))
        {
            Kind::Name(written.to_ascii_lowercase())
        } else {
            Kind::CodePrefix(written.to_ascii_uppercase())
        };
        let selector = RuleSelector {
            written: written.to_string(),
            kind,
        };
        if written.is_empty() || !rules::ALL.iter().any(|r| selector.matches(r.meta())) {
            return Err(UnknownSelector {
                written: written.to_string(),
            });
        }
        Ok(selector)
    }

    /// Every rule, as `all` selects.
    pub fn all() -> RuleSelector {
        RuleSelector {
            written: "all".to_string(),
            kind: Kind::All,
        }
    }

    /// Whether the selector names the rule `meta`.
    pub fn matches(&self, meta: &RuleMeta) -> bool {
        self.matches_rule(meta.code, meta.name)
    }

    /// Whether the selector names the rule with `code` and `name`.
    pub fn matches_rule(&self, code: &str, name: &str) -> bool {
        match &self.kind {
            Kind::All => true,
            // Codes are ASCII: a case-insensitive prefix test needs no
            // allocation.
            Kind::CodePrefix(prefix) => {
                code.len() >= prefix.len()
                    && code.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
            }
            Kind::Name(wanted) => name.eq_ignore_ascii_case(wanted),
        }
    }

    /// The selector as written.
    pub fn as_str(&self) -> &str {
        &self.written
    }
}

impl std::str::FromStr for RuleSelector {
    type Err = UnknownSelector;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        RuleSelector::parse(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(code: &str) -> &'static RuleMeta {
        rules::find(code).expect("a rule").meta()
    }

    #[test]
    fn codes_prefixes_and_names_match_in_any_case() {
        for written in [
            "JM101",
            "jm101",
            "JM1",
            "jm",
            "missing-section",
            "Missing-Section",
            "ALL",
        ] {
            let selector = RuleSelector::parse(written).unwrap();
            assert!(selector.matches(meta("JM101")), "{written}");
        }
        assert!(!RuleSelector::parse("JM2").unwrap().matches(meta("JM101")));
        assert!(!RuleSelector::parse("section-order")
            .unwrap()
            .matches(meta("JM101")));
    }

    #[test]
    fn selectors_naming_no_rule_are_refused() {
        for written in ["", "XX9", "JM999", "missing-sections", "JM1011"] {
            let err = RuleSelector::parse(written).unwrap_err();
            assert!(err.to_string().contains("names no rule"), "{written}");
        }
    }
}
