//! Which paths of a repository are candidate write-ups.
//!
//! A candidate is a Markdown file (`.md`, any case) outside generated or
//! tool directories, under one of the user's PATH prefixes. Whether it is
//! really a write-up (has a `Status` heading) is decided later by the
//! document model, not here.
//!
//! Invariants:
//! - Prefixes are repo-relative and matched by whole path components:
//!   the prefix `src/a` accepts the file `src/a` itself and everything
//!   under `src/a/`, never `src/ab/x.md`.
//! - `book/` and `target/` are build outputs (mdBook, cargo) and only
//!   excluded at the top level, so a company folder named `target` deep in
//!   `src/` is still read. `node_modules/` and hidden directories are
//!   excluded at any depth.

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
        is_candidate(path) && self.under_prefix(path)
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

fn is_candidate(path: &str) -> bool {
    let mut components = path.split('/');
    let Some(name) = components.next_back() else {
        return false;
    };
    let is_md = name.len() > 3
        && name.is_char_boundary(name.len() - 3)
        && name[name.len() - 3..].eq_ignore_ascii_case(".md");
    if !is_md {
        return false;
    }
    for (depth, dir) in components.enumerate() {
        if dir.is_empty() || dir.starts_with('.') || dir == "node_modules" {
            return false;
        }
        if depth == 0 && (dir == "book" || dir == "target") {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::PathFilter;

    #[test]
    fn candidates_are_markdown_outside_generated_and_hidden_dirs() {
        let all = PathFilter::new(vec![]);
        for ok in [
            "digikala.md",
            "src/digikala/digikala.md",
            "README.MD",
            "src/target/target.md",
            "a/b.Md",
        ] {
            assert!(all.accepts(ok), "{ok} should be a candidate");
        }
        for no in [
            "book/digikala.html",
            "book/digikala.md",
            "target/doc/x.md",
            "node_modules/pkg/README.md",
            "src/node_modules/x.md",
            ".github/ISSUE_TEMPLATE.md",
            "src/.drafts/a.md",
            "notes.txt",
            "md",
            ".md",
            "src/digikala.md.bak",
            "résumé.pdf",
        ] {
            assert!(!all.accepts(no), "{no} should not be a candidate");
        }
    }

    #[test]
    fn prefixes_match_whole_components() {
        let f = PathFilter::new(vec!["./src/a/".into(), "top.md".into()]);
        assert!(f.accepts("src/a/x.md"));
        assert!(f.accepts("src/a/deep/x.md"));
        assert!(f.accepts("top.md"));
        assert!(!f.accepts("src/ab/x.md"));
        assert!(!f.accepts("src/b/x.md"));
        assert!(!f.accepts("top.md.md"));
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
