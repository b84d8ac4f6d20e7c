//! Which paths of a repository are read: the user's PATH prefixes,
//! combined with the one candidate policy of [`crate::input::policy`]
//! (the same function the working-tree walk applies).
//!
//! Invariants:
//! - Prefixes are repo-relative and matched by whole path components:
//!   the prefix `src/a` accepts the file `src/a` itself and everything
//!   under `src/a/`, never `src/ab/x.md`.
//! - A path equal to a prefix is a file the user named: it is read whatever
//!   the policy says, as `check FILE` does in the working tree.

/// User PATH arguments turned into repo-relative prefixes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathFilter {
    /// Normalised prefixes; empty means everything.
    prefixes: Vec<String>,
}

impl PathFilter {
    /// `prefixes` are repo-relative; `""`, `"."` and `"./"` mean the whole
    /// repository. Backslashes are read as separators so Windows users can
    /// type `src\a`.
    pub fn new(prefixes: Vec<String>) -> Self {
        let mut out = Vec::new();
        for p in prefixes {
            let normal = normalise(&p);
            if normal.is_empty() {
                // One "everything" argument makes the others irrelevant.
                return PathFilter::default();
            }
            if !out.contains(&normal) {
                out.push(normal);
            }
        }
        PathFilter { prefixes: out }
    }

    /// Accepts everything (no PATH arguments).
    pub fn all() -> Self {
        PathFilter::default()
    }

    /// Is `path` (repo-relative, `/`-separated) a candidate write-up?
    pub fn accepts(&self, path: &str) -> bool {
        self.prefixes.iter().any(|p| p == path)
            || (crate::input::policy::is_candidate(path) && self.under_prefix(path))
    }

    fn under_prefix(&self, path: &str) -> bool {
        self.prefixes.is_empty()
            || self.prefixes.iter().any(|p| {
                path.strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
    }
}

fn normalise(prefix: &str) -> String {
    prefix
        .split(['/', '\\'])
        .filter(|c| !c.is_empty() && *c != ".")
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::PathFilter;

    #[test]
    fn prefixes_match_whole_components() {
        let f = PathFilter::new(vec!["./src/a/".into(), "top.md".into()]);
        assert!(f.accepts("src/a/x.md"));
        assert!(f.accepts("src/a/deep/x.md"));
        assert!(f.accepts("top.md"));
        assert!(!f.accepts("src/ab/x.md"));
        assert!(!f.accepts("src/b/x.md"));
        assert!(!f.accepts("top.md.md"));
        let named = PathFilter::new(vec!["book/x.md".into(), "notes.txt".into()]);
        assert!(named.accepts("book/x.md"), "a named file is read");
        assert!(named.accepts("notes.txt"), "a named file is read");
        assert!(!f.accepts("other.md"));
    }

    #[test]
    fn dot_or_empty_prefix_means_everything() {
        for p in [".", "", "./", "/"] {
            let f = PathFilter::new(vec!["src".into(), p.into()]);
            assert!(f.accepts("x.md"), "prefix {p:?}");
            assert!(f.accepts("src/y.md"), "prefix {p:?}");
        }
        let windows = PathFilter::new(vec!["src\\a".into()]);
        assert!(windows.accepts("src/a/x.md"));
    }
}
