//! Blob reading in isolation: the write-up blobs `jobmark history` reads,
//! through the same library call it reads them with
//! ([`GitRepo::map_blobs`]: pack order, one delta-base cache per thread),
//! against `git cat-file --batch` fed the same ids on stdin, in one run.
//!
//!   cargo bench --bench blob_read -- REPO BLOB_LIST
//!
//! BLOB_LIST holds one full hex blob id a line (benches/history.sh writes
//! it). Each side runs three times, alternating, and the least CPU time
//! (user + sys) of each is kept, since other work on the machine only ever
//! adds time. Both sides must read the same number of bytes, or the bench
//! fails: a fast read of the wrong blobs proves nothing. jobmark is timed
//! on all cores and on one (a one-thread rayon pool), cat-file is one
//! process.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::Instant;

use jobmark::source::{BlobId, GitRepo};

/// `(user + sys of this process, user + sys of its waited-for children)`
/// in seconds, from /proc/self/stat (clock ticks of 1/100 s, Linux's
/// USER_HZ).
fn cpu_seconds() -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("read /proc/self/stat");
    // Fields after the parenthesised command name; utime is field 14.
    let rest = &stat[stat.rfind(')').expect("stat format") + 2..];
    let fields: Vec<f64> = rest
        .split_whitespace()
        .skip(11)
        .take(4)
        .map(|f| f.parse().expect("stat number"))
        .collect();
    (
        (fields[0] + fields[1]) / 100.0,
        (fields[2] + fields[3]) / 100.0,
    )
}

/// `(wall s, cpu s, content bytes)` of `git cat-file --batch` over the list.
fn cat_file(repo: &str, list: &str) -> (f64, f64, u64) {
    let (_, children_before) = cpu_seconds();
    let started = Instant::now();
    let mut child = Command::new("git")
        .args(["-C", repo, "cat-file", "--batch"])
        .stdin(std::fs::File::open(list).expect("open blob list"))
        .stdout(Stdio::piped())
        .spawn()
        .expect("run git cat-file");
    let mut out = BufReader::with_capacity(1 << 20, child.stdout.take().expect("stdout"));
    let (mut bytes, mut header, mut skip) = (0u64, String::new(), vec![0u8; 1 << 16]);
    loop {
        header.clear();
        if out.read_line(&mut header).expect("read cat-file") == 0 {
            break;
        }
        // `<id> blob <size>`, then the content and a newline.
        let size: u64 = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("unexpected cat-file line: {header}"));
        let mut left = size + 1;
        while left > 0 {
            let n = left.min(skip.len() as u64) as usize;
            out.read_exact(&mut skip[..n])
                .expect("read cat-file content");
            left -= n as u64;
        }
        bytes += size;
    }
    assert!(
        child.wait().expect("wait cat-file").success(),
        "cat-file failed"
    );
    let wall = started.elapsed().as_secs_f64();
    let (_, children_after) = cpu_seconds();
    (wall, children_after - children_before, bytes)
}

/// `(wall s, cpu s, content bytes)` of jobmark's read of the same blobs
/// (the repository is opened untimed: `history` has it open already).
fn jobmark_read(repo_dir: &str, ids: &[BlobId]) -> (f64, f64, u64) {
    let repo = GitRepo::open(Some(std::path::Path::new(repo_dir))).expect("open repository");
    let (own_before, _) = cpu_seconds();
    let started = Instant::now();
    let sizes = repo.map_blobs(ids, |id, bytes| match bytes {
        Ok(bytes) => bytes.len() as u64,
        Err(e) => panic!("reading {id}: {e}"),
    });
    let wall = started.elapsed().as_secs_f64();
    let (own_after, _) = cpu_seconds();
    (wall, own_after - own_before, sizes.iter().sum())
}

fn main() {
    // `cargo bench` passes `--bench`; the rest are ours.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    const USAGE: &str = "usage: cargo bench --bench blob_read -- REPO BLOB_LIST \
                         (benches/history.sh makes both and runs it)";
    if args.is_empty() {
        // A bare `cargo bench` or `cargo test --all-targets` runs every
        // bench target without arguments: nothing to measure is not a
        // failure there.
        eprintln!("blob_read: no repository given, nothing measured; {USAGE}");
        return;
    }
    let [repo_dir, list] = args.as_slice() else {
        eprintln!("{USAGE}");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(list).expect("read blob list");
    let ids: Vec<BlobId> = text
        .lines()
        .map(|l| BlobId::from_hex(l.trim()).unwrap_or_else(|| panic!("not a blob id: {l}")))
        .collect();
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("one-thread pool");

    let best = |runs: &[(f64, f64, u64)]| {
        let bytes = runs[0].2;
        assert!(
            runs.iter().all(|r| r.2 == bytes),
            "runs read different bytes"
        );
        let wall = runs.iter().map(|r| r.0).fold(f64::MAX, f64::min);
        let cpu = runs.iter().map(|r| r.1).fold(f64::MAX, f64::min);
        (wall, cpu, bytes)
    };
    let (mut git, mut all, mut one) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..3 {
        git.push(cat_file(repo_dir, list));
        all.push(jobmark_read(repo_dir, &ids));
        one.push(one_thread.install(|| jobmark_read(repo_dir, &ids)));
    }
    let (git, all, one) = (best(&git), best(&all), best(&one));
    assert_eq!(
        (all.2, one.2),
        (git.2, git.2),
        "jobmark and cat-file read different bytes"
    );

    println!(
        "blob read: {} distinct blobs, {:.1} MiB of content (best of 3 runs each)",
        ids.len(),
        git.2 as f64 / (1024.0 * 1024.0)
    );
    println!("{:<36} {:>8} {:>8}", "reader", "wall s", "cpu s");
    for (label, (wall, cpu, _)) in [
        ("git cat-file --batch", git),
        ("jobmark map_blobs (all cores)", all),
        ("jobmark map_blobs (1 thread)", one),
    ] {
        println!("{label:<36} {wall:>8.2} {cpu:>8.2}");
    }
    println!(
        "cpu          jobmark / cat-file: {:.2} (all cores), {:.2} (1 thread); target <= 1.50",
        all.1 / git.1,
        one.1 / git.1
    );
}
