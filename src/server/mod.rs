//! `jobmark server`: a language server over stdio.
//!
//! Built on `lsp-server` + `lsp-types` (rust-analyzer's crates) rather than
//! `tower-lsp`: linting is synchronous, CPU-bound and takes milliseconds, and
//! the server does no I/O of its own but reading a config, so an async
//! runtime (tokio, tower, futures) would add dependencies and nothing else.
//! This module is the only one that imports the LSP crates.
//!
//! The protocol part: full-document sync; diagnostics published on open and
//! on every change; quick fixes, "disable for this line" and
//! `source.fixAll.jobmark` code actions; hover; completion; positions in
//! UTF-8 when the client offers it, else UTF-16 ([`position`]).
//!
//! Invariants:
//! - The server never panics out of its loop: every handler runs under
//!   `catch_unwind`; a panic is logged to stderr (by the panic hook) and a
//!   request gets an `InternalError` response, so one bad document cannot
//!   take the editor's diagnostics down.
//! - Stdout carries only protocol messages; everything else goes to stderr,
//!   escaped (a config path or message may hold repository bytes).
//! - Whatever bytes arrive on stdin, the server reads on: oversized and
//!   malformed messages are logged and skipped ([`transport`]).
//! - Exit status: 0 after `shutdown` then `exit`; 2 when the client exits
//!   without `shutdown` or the connection breaks.

mod features;
mod position;
mod transport;
pub mod workspace;

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use anyhow::{Context as _, Result};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability,
    CompletionOptions, CompletionParams, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, HoverParams, HoverProviderCapability, PositionEncodingKind,
    PublishDiagnosticsParams, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, Uri,
};

use crate::calendar::Day;
use crate::cli::ExitStatus;
use position::{Encoding, LineMap};
use workspace::Workspace;

/// Run the server on stdin/stdout until the client says `exit`.
pub fn run() -> Result<ExitStatus> {
    let (connection, writer) = transport::stdio();
    let status = serve(&connection);
    // Dropping the connection ends the writer once every reply is out. The
    // reader is not joined: it may be blocked on a stdin nobody closes, and
    // the process exit ends it.
    drop(connection);
    match writer.join() {
        Ok(Ok(())) => status,
        Ok(Err(error)) => {
            crate::terminal::error_line(&format!(
                "jobmark server: cannot write to the client: {error}"
            ));
            Ok(ExitStatus::Error)
        }
        Err(_) => Ok(ExitStatus::Error),
    }
}

fn serve(connection: &Connection) -> Result<ExitStatus> {
    let (id, params) = connection
        .initialize_start()
        .context("no initialize request from the client")?;
    let encoding = negotiate_encoding(&params);
    let result = serde_json::json!({
        "capabilities": capabilities(encoding),
        "serverInfo": { "name": "jobmark", "version": env!("CARGO_PKG_VERSION") },
    });
    connection
        .initialize_finish(id, result)
        .context("the client did not finish initializing")?;
    let mut server = Server::new(encoding);
    if watches_files(&params) {
        // Configuration and packs live outside the open documents: ask the
        // client to tell us when they change, so diagnostics follow.
        connection
            .sender
            .send(register_config_watcher())
            .context("cannot write to the client")?;
    }
    for message in &connection.receiver {
        let (replies, flow) = server.handle(message);
        for reply in replies {
            connection
                .sender
                .send(reply)
                .context("cannot write to the client")?;
        }
        if let Flow::Exit(status) = flow {
            return Ok(status);
        }
    }
    crate::terminal::error_line("jobmark server: the client closed the connection without `exit`");
    Ok(ExitStatus::Error)
}

/// UTF-8 when the client offers it (no conversion, no ambiguity); else
/// UTF-16, the protocol's default that every client understands.
fn negotiate_encoding(params: &serde_json::Value) -> Encoding {
    let offers_utf8 = params
        .pointer("/capabilities/general/positionEncodings")
        .and_then(|v| v.as_array())
        .is_some_and(|list| list.iter().any(|e| e.as_str() == Some("utf-8")));
    if offers_utf8 {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    }
}

/// Whether the client can watch files for the server (dynamic registration
/// of `workspace/didChangeWatchedFiles`).
fn watches_files(params: &serde_json::Value) -> bool {
    params
        .pointer("/capabilities/workspace/didChangeWatchedFiles/dynamicRegistration")
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false)
}

/// Ask the client to report changes to `.jobmark.toml` and rule packs
/// (any `.toml`: a pack may have any name).
fn register_config_watcher() -> Message {
    Request::new(
        RequestId::from("jobmark/watch-config".to_string()),
        "client/registerCapability".to_string(),
        serde_json::json!({
            "registrations": [{
                "id": "jobmark-config",
                "method": "workspace/didChangeWatchedFiles",
                "registerOptions": { "watchers": [{ "globPattern": "**/*.toml" }] },
            }]
        }),
    )
    .into()
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::from(features::FIX_ALL_KIND),
            ]),
            ..CodeActionOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["*".to_string()]),
            ..CompletionOptions::default()
        }),
        ..ServerCapabilities::default()
    }
}

/// Whether the loop goes on after a message.
#[derive(Debug, PartialEq, Eq)]
enum Flow {
    Continue,
    Exit(ExitStatus),
}

struct OpenDocument {
    text: String,
    version: i32,
}

struct Server {
    encoding: Encoding,
    documents: HashMap<Uri, OpenDocument>,
    workspace: Workspace,
    shutting_down: bool,
    /// Configuration problems already written to stderr (logged once).
    logged: Vec<String>,
}

impl Server {
    fn new(encoding: Encoding) -> Server {
        Server {
            encoding,
            documents: HashMap::new(),
            workspace: Workspace::default(),
            shutting_down: false,
            logged: Vec::new(),
        }
    }

    fn handle(&mut self, message: Message) -> (Vec<Message>, Flow) {
        match message {
            Message::Request(request) => (vec![self.on_request(request).into()], Flow::Continue),
            Message::Notification(notification) => self.on_notification(notification),
            // The answer to the watcher registration: nothing to do either way.
            Message::Response(_) => (Vec::new(), Flow::Continue),
        }
    }

    fn on_request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        if request.method == "shutdown" {
            self.shutting_down = true;
            return Response::new_ok(id, ());
        }
        if self.shutting_down {
            return Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".to_string(),
            );
        }
        let method = request.method.clone();
        let outcome = catch_unwind(AssertUnwindSafe(|| self.dispatch(request)));
        match outcome {
            Ok(Ok(response)) => response,
            Ok(Err(error)) => Response::new_err(
                id,
                ErrorCode::InvalidParams as i32,
                format!("{method}: {error:#}"),
            ),
            Err(_) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                format!("jobmark failed on {method}; the server's stderr has the details"),
            ),
        }
    }

    fn dispatch(&mut self, request: Request) -> Result<Response> {
        let id: RequestId = request.id.clone();
        let value = match request.method.as_str() {
            "textDocument/codeAction" => {
                let params: CodeActionParams = serde_json::from_value(request.params)?;
                serde_json::to_value(self.code_actions(&params))?
            }
            "textDocument/hover" => {
                let params: HoverParams = serde_json::from_value(request.params)?;
                serde_json::to_value(self.hover(&params))?
            }
            "textDocument/completion" => {
                let params: CompletionParams = serde_json::from_value(request.params)?;
                serde_json::to_value(self.completion(&params))?
            }
            other => {
                return Ok(Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("jobmark does not handle {other}"),
                ))
            }
        };
        Ok(Response::new_ok(id, value))
    }

    fn on_notification(&mut self, notification: Notification) -> (Vec<Message>, Flow) {
        let method = notification.method.clone();
        if method == "exit" {
            let status = if self.shutting_down {
                ExitStatus::Success
            } else {
                ExitStatus::Error
            };
            return (Vec::new(), Flow::Exit(status));
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| self.notify(notification)));
        match outcome {
            Ok(Ok(replies)) => (replies, Flow::Continue),
            Ok(Err(error)) => {
                crate::terminal::error_line(&format!("jobmark server: {method}: {error:#}"));
                (Vec::new(), Flow::Continue)
            }
            // The panic hook has printed the panic to stderr.
            Err(_) => (Vec::new(), Flow::Continue),
        }
    }

    fn notify(&mut self, notification: Notification) -> Result<Vec<Message>> {
        let uri = match notification.method.as_str() {
            "textDocument/didOpen" => {
                let params: DidOpenTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                let document = params.text_document;
                self.documents.insert(
                    document.uri.clone(),
                    OpenDocument {
                        text: document.text,
                        version: document.version,
                    },
                );
                document.uri
            }
            "textDocument/didChange" => {
                let params: DidChangeTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                // Full sync: the last change holds the whole text.
                let Some(change) = params.content_changes.into_iter().next_back() else {
                    return Ok(Vec::new());
                };
                let uri = params.text_document.uri;
                self.documents.insert(
                    uri.clone(),
                    OpenDocument {
                        text: change.text,
                        version: params.text_document.version,
                    },
                );
                uri
            }
            "textDocument/didClose" => {
                let params: DidCloseTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                let uri = params.text_document.uri;
                self.documents.remove(&uri);
                // Clear what was shown for the closed file.
                return Ok(vec![publish(uri, Vec::new(), None)]);
            }
            "workspace/didChangeWatchedFiles" => {
                // A configuration or pack changed: every open document may
                // read it.
                let mut uris: Vec<Uri> = self.documents.keys().cloned().collect();
                uris.sort();
                return Ok(uris.into_iter().map(|uri| self.diagnostics(uri)).collect());
            }
            _ => return Ok(Vec::new()),
        };
        Ok(vec![self.diagnostics(uri)])
    }

    fn diagnostics(&mut self, uri: Uri) -> Message {
        let Some(document) = self.documents.get(&uri) else {
            return publish(uri, Vec::new(), None);
        };
        let version = Some(document.version);
        let resolved = self.workspace.resolve(uri.as_str());
        let diagnostics = if let Some(problem) = &resolved.problem {
            if !self.logged.contains(problem) {
                crate::terminal::error_line(&format!("jobmark server: {problem}"));
                self.logged.push(problem.clone());
            }
            let marker = &resolved.pack.header.marker_heading;
            if crate::document::is_document(&document.text, marker) {
                vec![features::problem_diagnostic(problem)]
            } else {
                Vec::new()
            }
        } else if resolved.excluded {
            Vec::new()
        } else {
            match workspace::lint(&document.text, &resolved, Day::today()) {
                None => Vec::new(),
                Some(linted) => {
                    let map = LineMap::new(&linted.report.text, self.encoding);
                    linted
                        .report
                        .findings
                        .iter()
                        .map(|f| features::diagnostic(f, &map, &resolved.pack))
                        .collect()
                }
            }
        };
        publish(uri, diagnostics, version)
    }

    fn code_actions(&mut self, params: &CodeActionParams) -> Vec<lsp_types::CodeActionOrCommand> {
        let uri = &params.text_document.uri;
        let Some(document) = self.documents.get(uri) else {
            return Vec::new();
        };
        let resolved = self.workspace.resolve(uri.as_str());
        if resolved.problem.is_some() || resolved.excluded {
            return Vec::new();
        }
        let today = Day::today();
        let text = document.text.as_str();
        let Some(linted) = workspace::lint(text, &resolved, today) else {
            return Vec::new();
        };
        // Edits index the engine's text; offering them is only right when
        // that is exactly the editor's text.
        if linted.report.text.as_ref() != text {
            return Vec::new();
        }
        let map = LineMap::new(text, self.encoding);
        let range = map.offset(params.range.start)..map.offset(params.range.end);
        let range = range.start.min(range.end)..range.end.max(range.start);
        let wanted = features::WantedKinds::from_only(params.context.only.as_deref());
        features::code_actions(uri, &linted, &map, &resolved.pack, range, &wanted, || {
            Some(workspace::fix_all(text, &resolved, today, false))
        })
    }

    fn hover(&mut self, params: &HoverParams) -> Option<lsp_types::Hover> {
        let at = &params.text_document_position_params;
        let document = self.documents.get(&at.text_document.uri)?;
        let resolved = self.workspace.resolve(at.text_document.uri.as_str());
        let linted = workspace::lint(&document.text, &resolved, Day::today())?;
        let map = LineMap::new(linted.document.text(), self.encoding);
        let offset = map.offset(at.position);
        features::hover(&linted.document, &resolved.pack, &map, offset)
    }

    fn completion(&mut self, params: &CompletionParams) -> Vec<lsp_types::CompletionItem> {
        let at = &params.text_document_position;
        let Some(document) = self.documents.get(&at.text_document.uri) else {
            return Vec::new();
        };
        let resolved = self.workspace.resolve(at.text_document.uri.as_str());
        let Some(linted) = workspace::lint(&document.text, &resolved, Day::today()) else {
            return Vec::new();
        };
        let map = LineMap::new(linted.document.text(), self.encoding);
        let offset = map.offset(at.position);
        features::completion(&linted.document, &resolved.pack, &map, offset)
    }
}

fn publish(uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) -> Message {
    Notification::new(
        "textDocument/publishDiagnostics".to_string(),
        PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        },
    )
    .into()
}
