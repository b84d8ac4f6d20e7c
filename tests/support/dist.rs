//! What the distribution tests share: the release artefacts that
//! `scripts/build-dist.sh local DIR` built (`.ci/run` builds them into
//! `target/dist` before `cargo test`), the tools the tests drive (pre-commit
//! from `.ci/dist-tools`), and a tiny HTTP server on 127.0.0.1 that serves a
//! directory and counts requests, standing in for GitHub's release
//! downloads.
//!
//! Without the artefacts or tools a test stops early with a message, except
//! under `CI=true`, where it fails: CI must never pass by testing nothing.

#![allow(dead_code)] // each test binary uses a different subset

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Give up on this test: a panic under CI, a note (and `None`) elsewhere.
pub fn unavailable<T>(what: &str) -> Option<T> {
    let message = format!(
        "{what}; run `bash .ci/dist-tools` and `scripts/build-dist.sh local target/dist` (.ci/run does both)"
    );
    assert!(!in_ci(), "{message}");
    eprintln!("SKIPPED: {message}");
    None
}

/// The directory with the release artefacts of this version
/// (`JOBMARK_DIST_DIR`, default `target/dist`).
pub fn dist_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("JOBMARK_DIST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/dist"));
    if dir.join("SHA256SUMS").is_file() && manifest_path(&dir).is_file() {
        Some(dir)
    } else {
        unavailable(&format!("no release artefacts in {}", dir.display()))
    }
}

pub fn manifest_path(dir: &Path) -> PathBuf {
    dir.join(format!("jobmark-{VERSION}-manifest.json"))
}

pub fn manifest(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(manifest_path(dir)).expect("read the manifest");
    serde_json::from_str(&text).expect("the manifest is JSON")
}

/// The Linux archive in `dir` (its target triple and file name).
pub fn linux_archive(dir: &Path) -> (String, String) {
    let manifest = manifest(dir);
    let archive = manifest["artifacts"]
        .as_array()
        .expect("artifacts")
        .iter()
        .find(|a| a["kind"] == "archive" && a["target"].as_str().unwrap().contains("-linux-"))
        .expect("a Linux archive in the manifest");
    (
        archive["target"].as_str().unwrap().to_string(),
        archive["file"].as_str().unwrap().to_string(),
    )
}

/// The `bin` directory of the venv `.ci/dist-tools` made (`JOBMARK_TOOLS_BIN`,
/// default `$JOBMARK_CI_CACHE/venv/bin` or `~/.cache/jobmark-ci/venv/bin`),
/// when it holds `tool`.
pub fn tools_bin(tool: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("JOBMARK_TOOLS_BIN")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("JOBMARK_CI_CACHE").map(|c| PathBuf::from(c).join("venv/bin")))
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/jobmark-ci/venv/bin"))
        });
    match dir {
        Some(dir) if dir.join(tool).is_file() => Some(dir),
        _ => unavailable(&format!("no `{tool}` from .ci/dist-tools")),
    }
}

/// The directory of extra wheels (the mirror's build backend) that stands in
/// for PyPI beside the jobmark wheel: `.ci/dist-tools` fills it.
pub fn wheelhouse() -> Option<PathBuf> {
    let bin = tools_bin("python")?;
    let dir = bin.parent()?.join("wheelhouse");
    let has_setuptools = std::fs::read_dir(&dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("setuptools-"))
    });
    if has_setuptools {
        Some(dir)
    } else {
        unavailable(&format!("no setuptools wheel in {}", dir.display()))
    }
}

/// Serves the files under `root` over HTTP/1.0 on 127.0.0.1 until dropped
/// (the thread ends with the test process). Every GET is counted and logged.
pub struct FileServer {
    pub base_url: String,
    requests: Arc<AtomicUsize>,
    log: Arc<Mutex<Vec<String>>>,
}

impl FileServer {
    pub fn start(root: &Path) -> FileServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let base_url = format!("http://{}", listener.local_addr().expect("address"));
        let requests = Arc::new(AtomicUsize::new(0));
        let log = Arc::new(Mutex::new(Vec::new()));
        let root = root.to_path_buf();
        let (count, seen) = (Arc::clone(&requests), Arc::clone(&log));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                let mut request_line = String::new();
                let mut reader = BufReader::new(&stream);
                if reader.read_line(&mut request_line).is_err() {
                    continue;
                }
                // Skip the headers.
                let mut header = String::new();
                while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                    header.clear();
                }
                count.fetch_add(1, Ordering::SeqCst);
                let path = request_line
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or("/")
                    .to_string();
                seen.lock().unwrap().push(path.clone());
                // Only plain names below root: no `..`, no absolute paths.
                let relative = path.trim_start_matches('/');
                let safe = !relative.split('/').any(|c| c == ".." || c.is_empty());
                let file = root.join(relative);
                let response = match std::fs::read(&file) {
                    Ok(body) if safe => {
                        let mut head = format!(
                            "HTTP/1.0 200 OK\r\nContent-Length: {}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n",
                            body.len()
                        )
                        .into_bytes();
                        head.extend_from_slice(&body);
                        head
                    }
                    _ => {
                        b"HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .to_vec()
                    }
                };
                let _ = stream.write_all(&response);
            }
        });
        FileServer {
            base_url,
            requests,
            log,
        }
    }

    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    pub fn paths(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

/// A fake release of this version under `root/vVERSION/`, laid out as the
/// GitHub release: the Linux archive and SHA256SUMS from `dist`, plus the
/// manifest. Returns the archive's target triple and file name.
pub fn lay_out_release(dist: &Path, root: &Path) -> (String, String) {
    let (target, archive) = linux_archive(dist);
    let release = root.join(format!("v{VERSION}"));
    std::fs::create_dir_all(&release).expect("release dir");
    for name in [
        archive.clone(),
        "SHA256SUMS".to_string(),
        format!("jobmark-{VERSION}-manifest.json"),
    ] {
        std::fs::copy(dist.join(&name), release.join(&name)).expect("copy an artefact");
    }
    (target, archive)
}
