//! Where `stats --out` may write, and how files are written there.
//!
//! Invariants:
//! - jobmark writes only into a directory it created, an empty one, or one
//!   that holds its previous output, recognised by the marker file
//!   [`MARKER`]; any other directory (`--out .`, a docs folder) is refused
//!   with a clear message unless `--force` says otherwise. The marker is
//!   written in the first two cases, so the next run is allowed.
//! - Never through a symlink: an `--out` that is a symbolic link is refused
//!   (even with `--force`: name its target instead), and each file is
//!   written to a new temporary file in the directory and renamed over the
//!   name, which replaces a symlink found there instead of following it.
//!   So a repository (or anyone who could plant a link in the output
//!   directory) cannot make jobmark overwrite a file elsewhere.
//! - Files are created with the process umask (like any other tool's
//!   output), and a reader never sees half a file.

use std::fmt;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The marker file that says "this directory is jobmark's output".
pub const MARKER: &str = ".jobmark-stats";

const MARKER_TEXT: &str =
    "This directory holds the output of `jobmark stats`; jobmark replaces its files on every run.\n";

/// Why jobmark will not write into a directory.
#[derive(Debug)]
pub enum OutputDirError {
    /// The path is a symbolic link.
    Symlink(PathBuf),
    /// The path exists and is not a directory.
    NotADirectory(PathBuf),
    /// A directory with other content and no marker, without `--force`.
    NotOurs { path: PathBuf, example: String },
    Io {
        path: PathBuf,
        action: &'static str,
        source: io::Error,
    },
}

impl fmt::Display for OutputDirError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |path: &Path| crate::terminal::escape(&path.to_string_lossy()).into_owned();
        match self {
            OutputDirError::Symlink(path) => write!(
                f,
                "{} is a symbolic link; jobmark does not write through links (name the directory it points to)",
                shown(path)
            ),
            OutputDirError::NotADirectory(path) => {
                write!(f, "{} exists and is not a directory", shown(path))
            }
            OutputDirError::NotOurs { path, example } => write!(
                f,
                "{} is not empty (it holds {}) and is not a jobmark output directory (no {MARKER} file); \
                 choose another --out, or pass --force to replace files there",
                shown(path),
                crate::terminal::escape(example)
            ),
            OutputDirError::Io {
                path,
                action,
                source,
            } => write!(f, "cannot {action} {}: {source}", shown(path)),
        }
    }
}

impl std::error::Error for OutputDirError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OutputDirError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A directory jobmark may write its output into.
#[derive(Debug)]
pub struct OutputDir {
    path: PathBuf,
}

impl OutputDir {
    /// Check (or create) `path` as an output directory; see the module doc.
    pub fn prepare(path: &Path, force: bool) -> Result<OutputDir, OutputDirError> {
        let io_error = |action| {
            move |source| OutputDirError::Io {
                path: path.to_path_buf(),
                action,
                source,
            }
        };
        match fs::symlink_metadata(path) {
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                fs::create_dir_all(path).map_err(io_error("create"))?;
                // A race could have put a link there between the two calls.
                if fs::symlink_metadata(path)
                    .map_err(io_error("inspect"))?
                    .file_type()
                    .is_symlink()
                {
                    return Err(OutputDirError::Symlink(path.to_path_buf()));
                }
                let dir = OutputDir {
                    path: path.to_path_buf(),
                };
                dir.write(MARKER, MARKER_TEXT.as_bytes())?;
                Ok(dir)
            }
            Err(error) => Err(io_error("inspect")(error)),
            Ok(meta) if meta.file_type().is_symlink() => {
                Err(OutputDirError::Symlink(path.to_path_buf()))
            }
            Ok(meta) if !meta.is_dir() => Err(OutputDirError::NotADirectory(path.to_path_buf())),
            Ok(_) => {
                let dir = OutputDir {
                    path: path.to_path_buf(),
                };
                let marker = fs::symlink_metadata(path.join(MARKER));
                if marker.is_ok_and(|m| m.is_file()) {
                    return Ok(dir);
                }
                let mut entries = fs::read_dir(path).map_err(io_error("read"))?;
                match entries.next() {
                    None => {
                        dir.write(MARKER, MARKER_TEXT.as_bytes())?;
                        Ok(dir)
                    }
                    Some(_) if force => Ok(dir),
                    Some(entry) => Err(OutputDirError::NotOurs {
                        path: path.to_path_buf(),
                        example: entry
                            .map(|e| e.file_name().to_string_lossy().into_owned())
                            .unwrap_or_else(|_| "files".to_string()),
                    }),
                }
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Write `name` (a plain file name, no separators) atomically, replacing
    /// whatever entry had that name, a symlink included, without following it.
    pub fn write(&self, name: &str, content: &[u8]) -> Result<PathBuf, OutputDirError> {
        debug_assert!(!name.contains(['/', '\\']), "a plain file name");
        let target = self.path.join(name);
        write_new_then_rename(&target, content, None).map_err(|source| OutputDirError::Io {
            path: target.clone(),
            action: "write",
            source,
        })?;
        Ok(target)
    }
}

/// Write `content` to a new file beside `target` and rename it over
/// `target`. The new file is created by `open(O_CREAT|O_EXCL)`, so it gets
/// the process umask like any file a tool writes, never follows a link,
/// and is then given `permissions` when those are set (to keep an existing
/// file's mode). On any error the temporary file is removed.
pub fn write_new_then_rename(
    target: &Path,
    content: &[u8],
    permissions: Option<fs::Permissions>,
) -> io::Result<()> {
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (temp_path, mut file) = create_unique(&dir, &name)?;
    let result = (|| {
        file.write_all(content)?;
        if let Some(permissions) = permissions {
            file.set_permissions(permissions)?;
        }
        file.sync_all()?;
        fs::rename(&temp_path, target)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp_path);
    }
    result
}

/// A new file `.NAME.jobmark-PID-N.tmp` in `dir`, created exclusively.
fn create_unique(dir: &Path, name: &str) -> io::Result<(PathBuf, fs::File)> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!(".{name}.jobmark-{}-{n}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists && n < usize::MAX => {
                continue
            }
            Err(error) => return Err(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_marks_and_reuses_its_own_directory() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("charts");
        let dir = OutputDir::prepare(&out, false).unwrap();
        assert!(out.join(MARKER).is_file());
        dir.write("a.svg", b"<svg/>").unwrap();
        OutputDir::prepare(&out, false).expect("its own output");
    }

    #[test]
    fn refuses_a_foreign_directory_unless_forced() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("README.md"), "mine").unwrap();
        let error = OutputDir::prepare(root.path(), false).unwrap_err();
        assert!(error.to_string().contains("--force"), "{error}");
        OutputDir::prepare(root.path(), true).expect("forced");
        assert!(!root.path().join(MARKER).exists(), "no marker when forced");
    }

    #[cfg(unix)]
    #[test]
    fn never_writes_through_links() {
        let root = tempfile::tempdir().unwrap();
        let victim = root.path().join("victim.txt");
        fs::write(&victim, "keep").unwrap();
        let out = root.path().join("out");
        let dir = OutputDir::prepare(&out, false).unwrap();
        std::os::unix::fs::symlink(&victim, out.join("README.md")).unwrap();
        dir.write("README.md", b"charts").unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep");
        assert_eq!(fs::read_to_string(out.join("README.md")).unwrap(), "charts");

        let link = root.path().join("link");
        std::os::unix::fs::symlink(&out, &link).unwrap();
        assert!(matches!(
            OutputDir::prepare(&link, true),
            Err(OutputDirError::Symlink(_))
        ));
    }
}
