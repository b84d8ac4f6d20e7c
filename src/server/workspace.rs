//! What the server knows about files on disk: where a document lives, which
//! `.jobmark.toml` applies to it, which rule pack that names, and the two
//! calls into the lint engine (lint once, fix until stable).
//!
//! Invariants:
//! - The configuration is discovered from the document's own path on every
//!   lint, exactly as `jobmark check FILE` would, so editing
//!   `.jobmark.toml` takes effect on the next keystroke without a restart.
//!   Packs are cached by path and modification time (a pack compiles
//!   regexes; a config walk is only a few `stat` calls).
//! - A broken configuration or pack never makes the server lint with
//!   settings the user did not ask for: the document gets one diagnostic
//!   naming the problem instead of findings.
//! - Documents that are not `file:` URIs (unsaved buffers) are linted with
//!   the built-in pack and default settings.
//! - The engine is reached only through [`lint`] and [`fix_all`], so the
//!   call sites are easy to move when the engine's entry points change.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use crate::calendar::Day;
use crate::config::{FileSettings, RulesRef, Settings};
use crate::lint::{self, Linted};
use crate::pack::Pack;

/// The pack and settings one document is linted with, or why it cannot be.
pub struct Resolved {
    pub pack: Arc<Pack>,
    pub settings: FileSettings,
    /// The path findings are reported under (`check` prints the same).
    pub display_path: String,
    /// Excluded by the configuration's `exclude`: no findings.
    pub excluded: bool,
    /// A configuration or pack error, as one line.
    pub problem: Option<String>,
}

#[derive(Default)]
pub struct Workspace {
    packs: HashMap<PathBuf, (Option<SystemTime>, Arc<Pack>)>,
    builtin: Option<Arc<Pack>>,
}

impl Workspace {
    fn builtin(&mut self) -> Arc<Pack> {
        Arc::clone(
            self.builtin
                .get_or_insert_with(|| Arc::new(Pack::builtin())),
        )
    }

    /// Settings and pack for the document at `uri`.
    pub fn resolve(&mut self, uri: &str) -> Resolved {
        let Some(path) = file_uri_to_path(uri) else {
            return Resolved {
                pack: self.builtin(),
                settings: FileSettings::default(),
                display_path: uri.to_string(),
                excluded: false,
                problem: None,
            };
        };
        let display_path = path.to_string_lossy().into_owned();
        let broken = |workspace: &mut Workspace, problem: String| Resolved {
            pack: workspace.builtin(),
            settings: FileSettings::default(),
            display_path: display_path.clone(),
            excluded: false,
            problem: Some(problem),
        };
        let settings = match Settings::discover(&path) {
            Ok(settings) => settings,
            Err(error) => return broken(self, format!("invalid configuration: {error}")),
        };
        let pack = match &settings.rules {
            None => self.builtin(),
            Some(reference) => match self.pack_at(reference) {
                Ok(pack) => pack,
                Err(error) => return broken(self, error),
            },
        };
        Resolved {
            pack,
            settings: settings.for_file(&path),
            excluded: settings.is_excluded(&path),
            display_path,
            problem: None,
        }
    }

    /// The pack a configuration names, read under the same limits as
    /// `check` (a regular file inside the repository, not too large).
    fn pack_at(&mut self, reference: &RulesRef) -> Result<Arc<Pack>, String> {
        let path = &reference.path;
        let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
        if let Some((when, pack)) = self.packs.get(path) {
            if when.is_some() && *when == modified {
                return Ok(Arc::clone(pack));
            }
        }
        let text = reference.read().map_err(|error| error.to_string())?;
        let pack = Pack::from_toml(&text)
            .map_err(|error| format!("{}: invalid rule pack: {error}", path.display()))?;
        let pack = Arc::new(pack);
        self.packs
            .insert(path.clone(), (modified, Arc::clone(&pack)));
        Ok(pack)
    }
}

/// Lint the editor's text of one document. `None`: not a write-up.
pub fn lint(text: &str, resolved: &Resolved, today: Day) -> Option<Linted> {
    lint::lint_bytes(
        &resolved.display_path,
        text.as_bytes(),
        &resolved.pack,
        &resolved.settings,
        today,
    )
}

/// The text after applying every safe fix (unsafe ones too when asked),
/// re-linting between passes like `check --fix`.
pub fn fix_all(text: &str, resolved: &Resolved, today: Day, allow_unsafe: bool) -> String {
    crate::fix::fix_until_stable(text, allow_unsafe, 10, |current| {
        lint(current, resolved, today)
            .map(|linted| {
                linted
                    .report
                    .findings
                    .into_iter()
                    .filter_map(|finding| finding.fix)
                    .collect()
            })
            .unwrap_or_default()
    })
    .text
}

/// The local path of a `file:` URI (`file:///home/a/x.md`,
/// `file://localhost/...`), percent-decoded. Other schemes and remote hosts
/// have no local path.
pub fn file_uri_to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://").or_else(|| {
        // The scheme is case-insensitive.
        uri.get(..7)
            .filter(|s| s.eq_ignore_ascii_case("file://"))
            .map(|_| &uri[7..])
    })?;
    let (authority, path) = rest.split_at(rest.find('/')?);
    if !(authority.is_empty() || authority.eq_ignore_ascii_case("localhost")) {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let bytes = percent_decode(path)?;
    if bytes.contains(&0) {
        return None;
    }
    bytes_to_path(bytes)
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

#[cfg(unix)]
fn bytes_to_path(bytes: Vec<u8>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    Some(PathBuf::from(OsString::from_vec(bytes)))
}

#[cfg(not(unix))]
fn bytes_to_path(bytes: Vec<u8>) -> Option<PathBuf> {
    // `/C:/Users/x.md`: the leading slash is URI syntax, not part of the path.
    let text = String::from_utf8(bytes).ok()?;
    let trimmed = match text.as_bytes() {
        [b'/', drive, b':', ..] if drive.is_ascii_alphabetic() => &text[1..],
        _ => text.as_str(),
    };
    Some(PathBuf::from(OsString::from(trimmed.replace('/', "\\"))))
}

/// A `file://` URI for a local absolute path (for tests and messages).
pub fn path_to_file_uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        uri.push('/');
    }
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~:".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn file_uris_decode_to_paths() {
        assert_eq!(
            file_uri_to_path("file:///home/a/My%20Notes/%D8%B3.md"),
            Some(PathBuf::from("/home/a/My Notes/س.md"))
        );
        assert_eq!(
            file_uri_to_path("file://localhost/x.md"),
            Some(PathBuf::from("/x.md"))
        );
        assert_eq!(file_uri_to_path("untitled:Untitled-1"), None);
        assert_eq!(file_uri_to_path("file://server/share/x.md"), None);
        assert_eq!(file_uri_to_path("file:///a%2"), None);
        assert_eq!(file_uri_to_path("file:///a%00b"), None);
        let path = Path::new("/tmp/a b/س.md");
        assert_eq!(
            file_uri_to_path(&path_to_file_uri(path)).as_deref(),
            Some(path)
        );
    }
}
