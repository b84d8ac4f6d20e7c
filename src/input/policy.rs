//! The one candidate policy: which files jobmark reads as possible
//! write-ups, for every source (working tree, revision, index, range,
//! history). A leaf module with no dependencies, so `source/` (git) and
//! the working-tree walk apply literally the same function.
//!
//! A path, relative to the repository root (or to the walked directory
//! outside a repository) and `/`-separated, is a candidate when:
//! - its name ends in `.md` or `.markdown` (any case);
//! - no component is hidden (starts with `.`: `.git/`, `.github/`, drafts);
//! - no directory is `node_modules` (at any depth);
//! - its first directory is not `book` or `target` (mdBook and cargo build
//!   output live at the top; a company folder `src/target/` deep in the
//!   tree is still read, since Target is also a company).
//!
//! Whether a candidate is really a write-up (has a `Status` heading) is the
//! document model's decision, not this module's. A file the user names
//! explicitly is read whatever this policy says: they asked for it.

/// The Markdown extensions read.
pub const EXTENSIONS: [&str; 2] = ["md", "markdown"];

/// Directories skipped when they are at the top of the tree.
const TOP_LEVEL_BUILD_DIRS: [&str; 2] = ["book", "target"];

/// Why the directory `name`, at `depth` (0 = directly under the root), is
/// not walked into; `None` when it is.
pub fn directory_rejection(name: &str, depth: usize) -> Option<&'static str> {
    if name.starts_with('.') {
        Some("hidden directory")
    } else if name == "node_modules" {
        Some("dependencies (node_modules/)")
    } else if depth == 0 && TOP_LEVEL_BUILD_DIRS.contains(&name) {
        Some("build output (top-level book/ or target/)")
    } else {
        None
    }
}

/// Why the file `name` is not a candidate by its name alone.
pub fn name_rejection(name: &str) -> Option<&'static str> {
    if name.starts_with('.') {
        return Some("hidden file");
    }
    let is_markdown = name.rsplit_once('.').is_some_and(|(stem, extension)| {
        !stem.is_empty() && EXTENSIONS.iter().any(|e| extension.eq_ignore_ascii_case(e))
    });
    if is_markdown {
        None
    } else {
        Some("not Markdown (.md, .markdown)")
    }
}

/// Why the file at `path` (relative, `/`-separated) is not a candidate;
/// `None` when it is one.
pub fn rejection(path: &str) -> Option<&'static str> {
    let mut components = path.split('/');
    let name = components.next_back()?;
    for (depth, dir) in components.enumerate() {
        if dir.is_empty() {
            return Some("not a file path");
        }
        if let Some(reason) = directory_rejection(dir, depth) {
            return Some(reason);
        }
    }
    name_rejection(name)
}

/// Is `path` a candidate write-up?
pub fn is_candidate(path: &str) -> bool {
    rejection(path).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_are_markdown_outside_generated_and_hidden_dirs() {
        for ok in [
            "digikala.md",
            "src/digikala/digikala.md",
            "README.MD",
            "src/target/target.md",
            "src/book/notes.markdown",
            "a/b.Md",
        ] {
            assert!(is_candidate(ok), "{ok} should be a candidate");
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
            assert!(!is_candidate(no), "{no} should not be a candidate");
        }
    }
}
