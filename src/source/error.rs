//! The single error type of the `source` module.
//!
//! Invariant: `Display` is exactly one line, the reason a user reads in the
//! CLI (`not a git repository: PATH`, `bad revision `X`: ...`,
//! `corrupt object ...`). The underlying gix error chain, flattened to one
//! line, is kept as the `source()` so `--verbose` reporters can show it.

use std::fmt;

/// What went wrong, for callers that map errors to exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceErrorKind {
    /// The path is not (inside) a git repository, or cannot be opened.
    NotARepository,
    /// A revision or range could not be resolved to what was needed.
    BadRevision,
    /// An object is missing or cannot be decoded.
    CorruptObject,
    /// The index (staging area) cannot be read.
    Index,
}

#[derive(Debug)]
pub struct SourceError {
    kind: SourceErrorKind,
    message: String,
    cause: Option<Cause>,
}

/// The flattened gix error chain. A separate type so `source()` has
/// something that implements `Error` without exposing gix.
#[derive(Debug)]
struct Cause(String);

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Cause {}

impl SourceError {
    pub(crate) fn new(kind: SourceErrorKind, message: impl Into<String>) -> Self {
        SourceError {
            kind,
            message: one_line(&message.into()),
            cause: None,
        }
    }

    /// Attach the gix error the message summarises.
    pub(crate) fn with_cause(mut self, err: &(dyn std::error::Error + 'static)) -> Self {
        self.cause = Some(Cause(flatten(err)));
        self
    }

    /// `message: <gix reason>`, for failures whose gix reason is the best
    /// explanation there is (e.g. why a revision did not parse).
    pub(crate) fn explained(
        kind: SourceErrorKind,
        message: impl Into<String>,
        err: &(dyn std::error::Error + 'static),
    ) -> Self {
        let reason = probable_cause(err);
        SourceError::new(kind, format!("{}: {reason}", message.into())).with_cause(err)
    }

    /// Corruption is explained by the innermost layers (which file, what
    /// failed to decode), so keep three of them, not just the last.
    pub(crate) fn corrupt(
        what: impl fmt::Display,
        err: &(dyn std::error::Error + 'static),
    ) -> Self {
        let parts = chain_parts(err);
        let reason = parts[parts.len().saturating_sub(3)..].join(": ");
        SourceError::new(
            SourceErrorKind::CorruptObject,
            format!("corrupt object {what}: {reason}"),
        )
        .with_cause(err)
    }

    pub fn kind(&self) -> SourceErrorKind {
        self.kind
    }
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SourceError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause
            .as_ref()
            .map(|c| c as &(dyn std::error::Error + 'static))
    }
}

/// gix errors nest several layers that often repeat each other; keep each
/// distinct message once, outermost first, on one line.
fn flatten(err: &(dyn std::error::Error + 'static)) -> String {
    chain_parts(err).join(": ")
}

/// Distinct one-line messages of the error chain, outermost first; never
/// empty.
fn chain_parts(err: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let chain = std::iter::successors(Some(err), |e| e.source());
    for e in chain.take(16) {
        let text = one_line(&e.to_string());
        if text.is_empty() || parts.iter().any(|p| p.contains(&text)) {
            continue;
        }
        parts.push(text);
    }
    if parts.is_empty() {
        parts.push(one_line(&err.to_string()));
    }
    parts
}

/// The innermost message that still reads as a sentence: outer layers of
/// gix errors name internal steps ("delegate.traverse(...) failed"), the
/// last one is sometimes a bare kind ("NotFound").
fn probable_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let chain = std::iter::successors(Some(err), |e| e.source()).take(16);
    chain
        .map(|e| one_line(&e.to_string()))
        .filter(|m| m.split(' ').count() >= 3)
        .last()
        .unwrap_or_else(|| flatten(err))
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
