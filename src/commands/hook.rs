//! `jobmark hook install` / `uninstall`: a plain pre-commit hook for people
//! without the pre-commit framework.
//!
//! The hook checks the staged content (`jobmark check --staged`), so what
//! is about to be committed is what gets checked. It lives where git looks
//! for hooks: `core.hooksPath` when set, else the git directory's `hooks/`,
//! with the repository found as git finds it (`GIT_DIR` / `GIT_WORK_TREE`
//! honoured). A hook jobmark did not write is never replaced without
//! `--force` and never removed: it may hold someone's work.

use std::io::Write as _;
use std::path::Path;

use anyhow::{Context as _, Result};

use crate::cli::{ExitStatus, GlobalOptions, HookAction};
use crate::source::GitRepo;

/// First comment line of every hook jobmark writes; how a hook is known to
/// be ours.
pub const HOOK_MARKER: &str = "# jobmark pre-commit hook";

/// The hook script. It prefers the jobmark on PATH and falls back to the
/// binary that installed it, so it keeps working after `cargo install`
/// upgrades as well as from a build directory. Colour is left to jobmark's
/// own detection (`--color auto`): git passes its terminal through to the
/// hook, and a GUI client or a log gets no escape codes.
pub fn hook_script(installer: Option<&Path>) -> String {
    let fallback = installer
        .map(|p| p.display().to_string().replace('\'', "'\\''"))
        .unwrap_or_default();
    format!(
        "#!/bin/sh\n{HOOK_MARKER} (written by `jobmark hook install`; safe to delete)\n\
         # Checks the staged write-ups; a finding at error level blocks the commit.\n\
         if command -v jobmark >/dev/null 2>&1; then\n  JOBMARK=jobmark\nelse\n  JOBMARK='{fallback}'\nfi\n\
         exec \"$JOBMARK\" check --staged\n"
    )
}

pub fn run(action: HookAction, globals: &GlobalOptions) -> Result<ExitStatus> {
    match action {
        HookAction::Install { force, repo } => install(repo.as_deref(), force, globals),
        HookAction::Uninstall { repo } => uninstall(repo.as_deref(), globals),
    }
}

fn install(repo: Option<&Path>, force: bool, globals: &GlobalOptions) -> Result<ExitStatus> {
    let repo = GitRepo::open(repo).map_err(anyhow::Error::new)?;
    let hooks = repo.hooks_dir();
    std::fs::create_dir_all(&hooks)
        .with_context(|| format!("cannot create {}", hooks.display()))?;
    let path = hooks.join("pre-commit");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        if !existing.contains(HOOK_MARKER) && !force {
            anyhow::bail!(
                "{} exists and was not written by jobmark; move it away or pass --force to replace it",
                path.display()
            );
        }
    } else if path.exists() && !force {
        anyhow::bail!(
            "{} exists and is not readable text; pass --force to replace it",
            path.display()
        );
    }
    let installer = std::env::current_exe().ok();
    let script = hook_script(installer.as_deref());
    let mut file = tempfile::NamedTempFile::new_in(&hooks).context("cannot write the hook")?;
    file.write_all(script.as_bytes())
        .context("cannot write the hook")?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(file.path(), std::fs::Permissions::from_mode(0o755))
            .context("cannot make the hook executable")?;
    }
    file.persist(&path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    if !globals.quiet {
        crate::eprintln_escaped!("installed {}", path.display());
    }
    Ok(ExitStatus::Success)
}

fn uninstall(repo: Option<&Path>, globals: &GlobalOptions) -> Result<ExitStatus> {
    let repo = GitRepo::open(repo).map_err(anyhow::Error::new)?;
    let path = repo.hooks_dir().join("pre-commit");
    let existing = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            if !globals.quiet {
                eprintln!(
                    "no pre-commit hook at {}; nothing to remove",
                    path.display()
                );
            }
            return Ok(ExitStatus::Success);
        }
        Err(error) => {
            return Err(error).with_context(|| format!("cannot read {}", path.display()));
        }
    };
    let ours = std::str::from_utf8(&existing).is_ok_and(|text| text.contains(HOOK_MARKER));
    if !ours {
        anyhow::bail!(
            "{} was not written by jobmark; left alone (remove it yourself if you mean to)",
            path.display()
        );
    }
    std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
    if !globals.quiet {
        eprintln!("removed {}", path.display());
    }
    Ok(ExitStatus::Success)
}
