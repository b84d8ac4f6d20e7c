//! Names with spellings: the one matcher behind section headings, stage
//! labels, channels and platforms.
//!
//! Matching is case-insensitive and ignores surrounding spaces, inner runs
//! of whitespace and a trailing colon. A name written exactly is `Exact`;
//! one that matches only case-insensitively or through an alias is `Drift`
//! (reported and fixed to the canonical spelling); one recognised by a
//! pattern carries extra information and is `Pattern` (fine as written).

use std::collections::HashMap;

use regex::Regex;
use serde::Deserialize;

/// How a name was written, relative to its canonical spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    /// Written exactly as the canonical name.
    Exact,
    /// Same name in other letters case, or a known alias: drift.
    Drift,
    /// Recognised through a pattern (carries extra information): fine.
    Pattern,
}

/// A written name found in a vocabulary. The entry it names is read
/// through the accessor of what matched it ([`Vocabulary::canonical`],
/// `Pack::label`, `Pack::section`), never by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameMatch {
    pub spelling: Spelling,
    index: usize,
}

impl NameMatch {
    pub(crate) fn new(spelling: Spelling, index: usize) -> NameMatch {
        NameMatch { spelling, index }
    }

    pub(crate) fn index(self) -> usize {
        self.index
    }

    /// Written in another spelling than the canonical one.
    pub fn is_drift(self) -> bool {
        self.spelling == Spelling::Drift
    }
}

/// Case-insensitive names with aliases and optional regex patterns.
#[derive(Debug, Default)]
pub(crate) struct Matcher {
    canonical: Vec<String>,
    /// lowercased name or alias -> entry index.
    folded: HashMap<String, usize>,
    patterns: Vec<(Regex, usize)>,
}

impl Matcher {
    pub(crate) fn add(
        &mut self,
        index: usize,
        canonical: &str,
        aliases: &[String],
        patterns: &[String],
    ) -> Result<(), String> {
        self.canonical.push(canonical.to_string());
        self.folded.entry(fold(canonical)).or_insert(index);
        for alias in aliases {
            self.folded.entry(fold(alias)).or_insert(index);
        }
        for pattern in patterns {
            let regex = Regex::new(pattern)
                .map_err(|e| format!("bad pattern `{pattern}` for `{canonical}`: {e}"))?;
            self.patterns.push((regex, index));
        }
        Ok(())
    }

    pub(crate) fn find(&self, written: &str) -> Option<NameMatch> {
        let written = normalise_name(written);
        if let Some(i) = self.canonical.iter().position(|c| *c == written) {
            return Some(NameMatch::new(Spelling::Exact, i));
        }
        // `written` is normalised already: folding is lowercasing.
        if let Some(&i) = self.folded.get(&written.to_lowercase()) {
            return Some(NameMatch::new(Spelling::Drift, i));
        }
        self.patterns
            .iter()
            .find(|(re, _)| re.is_match(&written))
            .map(|&(_, i)| NameMatch::new(Spelling::Pattern, i))
    }
}

/// One name of a vocabulary as the pack writes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VocabularySpec {
    pub canonical: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A closed list of names (apply channels, interview platforms): the specs
/// and their matcher.
#[derive(Debug)]
pub struct Vocabulary {
    /// What the vocabulary names, for messages (`channel`).
    pub what: &'static str,
    specs: Vec<VocabularySpec>,
    matcher: Matcher,
}

impl Vocabulary {
    pub(crate) fn new(what: &'static str, specs: Vec<VocabularySpec>) -> Result<Self, String> {
        let mut matcher = Matcher::default();
        for (i, spec) in specs.iter().enumerate() {
            matcher.add(i, &spec.canonical, &spec.aliases, &[])?;
        }
        Ok(Vocabulary {
            what,
            specs,
            matcher,
        })
    }

    /// How `written` matches the vocabulary, if it does.
    pub fn find(&self, written: &str) -> Option<NameMatch> {
        self.matcher.find(written)
    }

    /// The canonical spelling of a match of this vocabulary.
    pub fn canonical(&self, found: NameMatch) -> &str {
        &self.specs[found.index()].canonical
    }

    /// Every canonical name, in pack order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.specs.iter().map(|s| s.canonical.as_str())
    }

    pub fn specs(&self) -> &[VocabularySpec] {
        &self.specs
    }
}

/// Trim, collapse inner whitespace, drop trailing colons. Idempotent: a
/// normalised name normalises to itself (`"a : :"` is `"a"` at once, not
/// `"a :"` and then `"a"`), so a name is compared in one form everywhere.
pub fn normalise_name(text: &str) -> String {
    let trimmed = text
        .trim_start()
        .trim_end_matches(|c: char| c == ':' || c == '：' || c.is_whitespace());
    // One allocation (names are matched by the thousand per run).
    let mut name = String::with_capacity(trimmed.len());
    for word in trimmed.split_whitespace() {
        if !name.is_empty() {
            name.push(' ');
        }
        name.push_str(word);
    }
    name
}

pub(crate) fn fold(text: &str) -> String {
    normalise_name(text).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::normalise_name;

    #[test]
    fn normalising_a_name_twice_changes_nothing() {
        for (written, expected) in [
            ("  Apply   Way  ", "Apply Way"),
            ("Apply Way:", "Apply Way"),
            ("Apply Way :", "Apply Way"),
            ("a : :", "a"),
            ("Site：", "Site"),
            ("a\t:\u{a0}:", "a"),
            (": :", ""),
            ("Jobinja & Site", "Jobinja & Site"),
        ] {
            let once = normalise_name(written);
            assert_eq!(once, expected, "{written:?}");
            assert_eq!(normalise_name(&once), once, "{written:?}");
        }
    }
}
