//! The release artefacts as a user gets them: the archive
//! `scripts/build-dist.sh local` built (the release workflow runs the same
//! script per target) unpacks to a binary that runs, the checksum file and
//! manifest match the files, the wheel installs into a fresh virtualenv
//! without an index and its `jobmark` runs; and the release metadata
//! (CHANGELOG, release notes, binstall, the repository URL) agrees with the
//! crate.

#[path = "support/dist.rs"]
mod dist;
#[path = "support/snippets.rs"]
mod snippets;

use std::path::Path;
use std::process::{Command, Output};

use dist::VERSION;

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn run(command: &mut Command) -> Output {
    command.output().expect("command runs")
}

/// What the binary cargo built for these tests prints for `--version`.
fn version_line() -> String {
    let out = run(Command::new(env!("CARGO_BIN_EXE_jobmark")).arg("--version"));
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn version_names_the_rule_pack() {
    let line = version_line();
    let pack = jobmark::pack::Pack::builtin().describe();
    assert_eq!(line, format!("jobmark {VERSION} (rule pack {pack})"));
}

#[test]
fn archive_unpacks_to_a_binary_that_runs() {
    let Some(dir) = dist::dist_dir() else { return };
    let (target, archive) = dist::linux_archive(&dir);
    assert_eq!(archive, format!("jobmark-{VERSION}-{target}.tar.gz"));
    let scratch = tempfile::tempdir().unwrap();
    let out = run(Command::new("tar")
        .arg("-xzf")
        .arg(dir.join(&archive))
        .arg("-C")
        .arg(scratch.path()));
    assert!(out.status.success(), "{}", text(&out));
    let top = scratch.path().join(format!("jobmark-{VERSION}-{target}"));
    let mut names: Vec<String> = std::fs::read_dir(&top)
        .expect("one top directory named like the archive")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["CHANGELOG.md", "LICENSE", "README.md", "jobmark"]);
    let out = run(Command::new(top.join("jobmark")).arg("--version"));
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), version_line());
    // And it does its job: a broken write-up is an error.
    let good = include_str!("../examples/src/zalando/rust-platform-engineer.md");
    let bad = good.replace("(https://zalando.com/)", "(zalando.com)");
    std::fs::write(scratch.path().join("bad.md"), bad).unwrap();
    let out = run(Command::new(top.join("jobmark"))
        .args(["check", "--format", "concise", "bad.md"])
        .current_dir(scratch.path()));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("JM107"), "{}", text(&out));
    if target.contains("musl") {
        // Static: no program interpreter to find at run time.
        let elf = std::fs::read(top.join("jobmark")).unwrap();
        assert!(
            !elf.windows(b"ld-linux".len()).any(|w| w == b"ld-linux"),
            "a musl build must not ask for the glibc loader"
        );
    }
}

#[test]
fn checksum_file_and_manifest_match_the_files() {
    let Some(dir) = dist::dist_dir() else { return };
    let sums = std::fs::read_to_string(dir.join("SHA256SUMS")).unwrap();
    let out = run(Command::new("sha256sum")
        .args(["--check", "--strict", "SHA256SUMS"])
        .current_dir(&dir));
    assert!(out.status.success(), "{}", text(&out));

    let manifest = dist::manifest(&dir);
    assert_eq!(manifest["version"], VERSION);
    assert_eq!(manifest["tag"], format!("v{VERSION}"));
    assert_eq!(manifest["version_output"], version_line());
    assert_eq!(
        manifest["rule_pack"],
        jobmark::pack::Pack::builtin().describe()
    );
    let artifacts = manifest["artifacts"].as_array().unwrap();
    let kinds: Vec<&str> = artifacts
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"archive") && kinds.contains(&"wheel"),
        "{kinds:?}"
    );
    // Every artefact is in the manifest with the checksum SHA256SUMS gives,
    // and nothing else is in SHA256SUMS.
    assert_eq!(sums.lines().count(), artifacts.len(), "{sums}");
    for artifact in artifacts {
        let file = artifact["file"].as_str().unwrap();
        let line = format!("{}  {file}", artifact["sha256"].as_str().unwrap());
        assert!(sums.lines().any(|l| l == line), "{line} not in\n{sums}");
        let size = std::fs::metadata(dir.join(file)).unwrap().len();
        assert_eq!(artifact["size"], size, "{file}");
    }

    // A tampered copy fails the same check.
    let scratch = tempfile::tempdir().unwrap();
    let (_, archive) = dist::linux_archive(&dir);
    let mut bytes = std::fs::read(dir.join(&archive)).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(scratch.path().join(&archive), bytes).unwrap();
    std::fs::copy(dir.join("SHA256SUMS"), scratch.path().join("SHA256SUMS")).unwrap();
    let out = run(Command::new("sha256sum")
        .args(["--check", "--ignore-missing", "SHA256SUMS"])
        .current_dir(scratch.path()));
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("FAILED"), "{}", text(&out));
}

#[test]
fn wheel_installs_into_a_fresh_virtualenv_without_an_index() {
    let Some(dir) = dist::dist_dir() else { return };
    let wheel = dist::manifest(&dir)["artifacts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "wheel")
        .map(|a| a["file"].as_str().unwrap().to_string())
        .expect("a wheel");
    assert!(
        wheel.starts_with(&format!("jobmark-{VERSION}-py3-none-")),
        "a binary wheel for any Python 3: {wheel}"
    );
    let scratch = tempfile::tempdir().unwrap();
    let venv = scratch.path().join("venv");
    let out = run(Command::new("python3").arg("-m").arg("venv").arg(&venv));
    assert!(out.status.success(), "{}", text(&out));
    let out = run(Command::new(venv.join("bin/pip"))
        .args([
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-index",
            "--find-links",
        ])
        .arg(&dir)
        .arg("jobmark")
        .env("PIP_CONFIG_FILE", "/dev/null"));
    assert!(out.status.success(), "{}", text(&out));
    let installed = venv.join("bin/jobmark");
    let out = run(Command::new(&installed).arg("--version"));
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), version_line());
    // The console script is the binary itself, not a Python shim.
    let head = std::fs::read(&installed).unwrap();
    assert!(head.starts_with(b"\x7fELF"), "not an ELF binary");
}

/// Run scripts/release-notes.sh with `changelog` as the changelog.
fn release_notes(changelog: &str, version: &str, manifest: Option<&Path>) -> Output {
    let scratch = tempfile::tempdir().unwrap();
    let path = scratch.path().join("CHANGELOG.md");
    std::fs::write(&path, changelog).unwrap();
    let mut command = Command::new("bash");
    command
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/release-notes.sh"))
        .arg(version)
        .env("JOBMARK_CHANGELOG", &path);
    if let Some(manifest) = manifest {
        command.arg(manifest);
    }
    run(&mut command)
}

#[test]
fn release_notes_say_whether_the_rule_pack_changed() {
    let changelog = "# Changelog\n\n## Unreleased\n\n## 0.3.0\n\nRule pack: interview 1.1.0\n\n- JM999 added.\n\n## 0.2.0\n\nRule pack: interview 1.0.0\n\n- faster.\n\n## 0.1.0\n\nRule pack: interview 1.0.0\n\nFirst.\n";
    let out = release_notes(changelog, "0.3.0", None);
    assert!(out.status.success(), "{}", text(&out));
    let notes = String::from_utf8_lossy(&out.stdout);
    assert!(
        notes.starts_with("**Rule pack: interview 1.1.0, changed** since 0.2.0 (interview 1.0.0)"),
        "{notes}"
    );
    assert!(notes.contains("- JM999 added."), "{notes}");
    assert!(!notes.contains("faster"), "only this release's section");

    let out = release_notes(changelog, "v0.2.0", None);
    let notes = String::from_utf8_lossy(&out.stdout);
    assert!(
        notes.starts_with("**Rule pack: interview 1.0.0**, unchanged since 0.1.0"),
        "{notes}"
    );

    // A release without a section, or a section without its rule pack, stops the release.
    let out = release_notes(changelog, "0.4.0", None);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("no section '## 0.4.0'"),
        "{}",
        text(&out)
    );
    let out = release_notes("## 0.1.0\n\nFirst.\n", "0.1.0", None);
    assert!(!out.status.success());
    assert!(text(&out).contains("no 'Rule pack:"), "{}", text(&out));
}

#[test]
fn release_notes_refuse_a_rule_pack_the_binary_does_not_have() {
    let scratch = tempfile::tempdir().unwrap();
    let manifest = scratch.path().join("manifest.json");
    std::fs::write(&manifest, r#"{"rule_pack": "interview 9.9.9"}"#).unwrap();
    let changelog = "## 0.1.0\n\nRule pack: interview 1.0.0\n\nFirst.\n";
    let out = release_notes(changelog, "0.1.0", Some(&manifest));
    assert!(!out.status.success());
    assert!(
        text(&out).contains("the built binary says 'interview 9.9.9'"),
        "{}",
        text(&out)
    );
}

#[test]
fn changelog_names_this_version_and_the_current_rule_pack() {
    let changelog = snippets::crate_file("CHANGELOG.md");
    let out = run(Command::new("bash")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/release-notes.sh"))
        .arg(VERSION));
    assert!(out.status.success(), "{}", text(&out));
    // The newest rule pack line (an Unreleased change first) is the one the
    // binary embeds: changing the pack means saying so in the changelog.
    let newest = changelog
        .lines()
        .find_map(|l| l.strip_prefix("Rule pack: "))
        .expect("a Rule pack line");
    assert_eq!(
        newest.trim(),
        jobmark::pack::Pack::builtin().describe(),
        "CHANGELOG.md: note the rule pack change under ## Unreleased"
    );
}

/// `repository` of Cargo.toml.
fn repository() -> String {
    snippets::crate_file("Cargo.toml")
        .lines()
        .find_map(|l| l.strip_prefix("repository = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("repository in Cargo.toml")
        .to_string()
}

#[test]
fn the_repository_url_is_kept_in_one_place() {
    // Everything built or run derives the URL from Cargo.toml (binstall's
    // `{ repo }`, maturin's project URLs, the mirror and release-notes
    // scripts, the action's github.action_repository). Texts that must
    // spell it out are checked here, so changing Cargo.toml fails loudly
    // until they agree.
    let repository = repository();
    let slug = repository
        .strip_prefix("https://github.com/")
        .expect("a GitHub repository");
    let url = regex::Regex::new(r"https://github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+").unwrap();
    let action_use = regex::Regex::new(r"uses: ([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)@").unwrap();
    for file in [
        "README.md",
        "docs/ci.md",
        "docs/release.md",
        "rules/interview.toml",
        ".pre-commit-hooks.yaml",
        "CHANGELOG.md",
    ] {
        let text = snippets::crate_file(file);
        for found in url.find_iter(&text) {
            let found = found.as_str();
            assert!(
                found == repository || found == format!("{repository}-pre-commit"),
                "{file} names {found}, not {repository}"
            );
        }
        for found in action_use.captures_iter(&text) {
            // Any action but GitHub's own is ours and must be this repository.
            let used = &found[1];
            let owner = used.split('/').next().unwrap();
            assert!(
                used == slug || ["actions", "github"].contains(&owner),
                "{file} uses the action {used}, not {slug}"
            );
        }
    }
}

#[test]
fn binstall_metadata_points_at_the_archives_the_release_has() {
    let cargo = snippets::crate_file("Cargo.toml");
    let value = |key: &str| {
        cargo
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key} = \"")))
            .and_then(|rest| rest.strip_suffix('"'))
            .unwrap_or_else(|| panic!("{key} in Cargo.toml"))
            .to_string()
    };
    let target = "x86_64-unknown-linux-musl";
    let fill = |template: &str| {
        template
            .replace("{ repo }", &repository())
            .replace("{ name }", "jobmark")
            .replace("{ version }", VERSION)
            .replace("{ target }", target)
            .replace("{ archive-suffix }", ".tar.gz")
            .replace("{ bin }", "jobmark")
            .replace("{ binary-ext }", "")
    };
    assert_eq!(
        fill(&value("pkg-url")),
        format!(
            "{}/releases/download/v{VERSION}/jobmark-{VERSION}-{target}.tar.gz",
            repository()
        )
    );
    assert_eq!(
        fill(&value("bin-dir")),
        format!("jobmark-{VERSION}-{target}/jobmark")
    );
    // The same names as the archive scripts/build-dist.sh wrote.
    if let Some(dir) = dist::dist_dir() {
        let manifest = dist::manifest(&dir);
        let archive = manifest["artifacts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["kind"] == "archive")
            .unwrap();
        let built_target = archive["target"].as_str().unwrap();
        assert_eq!(
            archive["file"],
            format!("jobmark-{VERSION}-{built_target}.tar.gz")
        );
        assert_eq!(
            archive["binary"],
            format!("jobmark-{VERSION}-{built_target}/jobmark")
        );
    }
}
