//! `jobmark server` driven the way an editor drives it: a scripted client
//! speaking JSON-RPC with Content-Length framing to the binary over pipes.
//!
//! Every read is bounded by a timeout so that a server that hangs fails the
//! test with a message instead of hanging it; no assertion is about time.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// A safety net against a hung server, not a performance bound.
const TIMEOUT: Duration = Duration::from_secs(60);

/// A write-up with three problems: a company link without a scheme (an
/// unsafe fix), a channel spelled `referral` (a safe fix), after Persian
/// letters and an emoji on the link's line so UTF-16 columns differ from
/// bytes and from `char`s.
const BROKEN: &str = "# [کافه 📱 بازار](cafebazaar.ir/)

### Status
#### 📜📞🔧✅
## Backend Engineer (Go)
### Interview Process
```mermaid
flowchart LR
    sr(Sent Resume) --> hr(HR Call) --> ti(Technical Interview) --> o(Offer)
```

### Apply Way
referral

### Interview Date
- **Sent Resume** <br />1402.11.03

- **HR Call** <br />1402.11.08

- **Technical Interview** <br />1402.11.15

- **Offer** <br />1402.12.06

### Interview Duration
- **Technical Interview** <br />2 hours

### Interview Platform
Google Meet

### Technical Interview
System design of a rate limiter.

### Score
<h4><mark style=\"background-color:#4caf50\">8.5/10</mark></h4>
";

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Messages read while waiting for another one.
    pending: VecDeque<Value>,
    next_id: i64,
    stderr: Arc<Mutex<String>>,
    stderr_reader: Option<std::thread::JoinHandle<()>>,
}

impl Client {
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jobmark"))
            .arg("server")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start jobmark server");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut stderr_pipe = child.stderr.take().unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stderr);
        let stderr_reader = std::thread::spawn(move || {
            let mut chunk = [0u8; 4096];
            while let Ok(n @ 1..) = stderr_pipe.read(&mut chunk) {
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&chunk[..n]));
            }
        });
        let (sender, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_frame(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            incoming,
            pending: VecDeque::new(),
            next_id: 0,
            stderr,
            stderr_reader: Some(stderr_reader),
        }
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Send a request and return its whole response (`result` or `error`).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.receive(&format!("the response to {method}"), |m| {
            m["id"] == json!(id) && m.get("method").is_none()
        })
    }

    fn result(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params);
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].clone()
    }

    /// The first message (already read or arriving) that `wanted` accepts.
    fn receive(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(at) = self.pending.iter().position(&wanted) {
            return self.pending.remove(at).unwrap();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(message) if wanted(&message) => return message,
                Ok(message) => self.pending.push_back(message),
                Err(RecvTimeoutError::Timeout) => {
                    panic!("no {what} from the server; stderr:\n{}", self.stderr())
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!(
                        "the server closed stdout before {what}; stderr:\n{}",
                        self.stderr()
                    )
                }
            }
        }
    }

    /// The diagnostics published for `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let message = self.receive(&format!("diagnostics for {uri} v{version:?}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == json!(v))
        });
        message["params"]["diagnostics"]
            .as_array()
            .expect("diagnostics array")
            .clone()
    }

    fn initialize(&mut self, capabilities: Value) -> Value {
        let result = self.result(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities}),
        );
        self.notify("initialized", json!({}));
        result
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
        self.diagnostics(uri, Some(1))
    }

    fn change(&mut self, uri: &str, version: i64, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
        self.diagnostics(uri, Some(version))
    }

    /// `shutdown` then `exit`; returns the exit code and all of stderr.
    fn shut_down(mut self) -> (Option<i32>, String) {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null, "{response}");
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                if let Some(reader) = self.stderr_reader.take() {
                    let _ = reader.join();
                }
                return (status.code(), self.stderr());
            }
            assert!(
                Instant::now() < deadline,
                "the server did not exit; stderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One Content-Length framed message; `None` at end of stream.
fn read_frame(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(": ") {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.parse::<usize>().ok();
            }
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// Byte offset of an LSP position, counting characters in `utf16` units or
/// bytes: the client's side of the conversion, written independently of
/// the server's.
fn offset_of(text: &str, position: &Value, utf16: bool) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap() as usize;
    let line_start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[line_start..].char_indices() {
        if units >= character || c == '\n' {
            return line_start + i;
        }
        units += if utf16 { c.len_utf16() } else { c.len_utf8() };
    }
    text.len()
}

/// Apply a WorkspaceEdit's edits for `uri` to `text`, as an editor does.
fn apply_edit(text: &str, edit: &Value, uri: &str, utf16: bool) -> String {
    let edits = edit["changes"][uri].as_array().expect("edits for the uri");
    let mut ranges: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset_of(text, &e["range"]["start"], utf16),
                offset_of(text, &e["range"]["end"], utf16),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    ranges.sort_by_key(|r| std::cmp::Reverse(r.0));
    let mut out = text.to_string();
    for (start, end, new_text) in ranges {
        out.replace_range(start..end, new_text);
    }
    out
}

fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    let mut codes: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or(""))
        .collect();
    codes.sort_unstable();
    codes
}

fn find<'a>(diagnostics: &'a [Value], code: &str) -> &'a Value {
    diagnostics
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {diagnostics:#?}"))
}

fn titles(actions: &Value) -> Vec<String> {
    actions
        .as_array()
        .expect("actions")
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect()
}

fn action<'a>(actions: &'a Value, title: &str) -> &'a Value {
    actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no action `{title}` in {:?}", titles(actions)))
}

#[test]
fn open_fix_through_code_actions_until_clean_then_shut_down() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    let init = client.initialize(json!({}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["serverInfo"]["name"], "jobmark");
    let uri = uri_of(&dir.path().join("cafe.md"));

    let diagnostics = client.open(&uri, BROKEN);
    assert_eq!(codes(&diagnostics), ["JM107", "JM601"], "{diagnostics:#?}");
    let channel = find(&diagnostics, "JM601");
    assert_eq!(channel["severity"], 2, "warning");
    assert_eq!(channel["source"], "jobmark");
    assert_eq!(
        channel["range"],
        json!({"start": {"line": 12, "character": 0}, "end": {"line": 12, "character": 8}})
    );
    assert!(
        channel["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("/docs/rules.md#JM601"),
        "{channel}"
    );
    // The URL starts after `# [`, 4 Persian letters, a space, 📱 (two
    // UTF-16 units), a space, 5 Persian letters and `](`.
    let link = find(&diagnostics, "JM107");
    assert_eq!(link["severity"], 1, "error");
    assert_eq!(
        link["range"],
        json!({"start": {"line": 0, "character": 18}, "end": {"line": 0, "character": 32}})
    );

    // Code actions at the misspelt channel: the safe fix, preferred.
    let actions = client.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": channel["range"],
               "context": {"diagnostics": [channel]}}),
    );
    let safe = action(&actions, "Fix: Write `Refer`");
    assert_eq!(safe["kind"], "quickfix");
    assert_eq!(safe["isPreferred"], true);
    assert_eq!(safe["diagnostics"][0]["code"], "JM601");
    assert!(
        titles(&actions).contains(&"Disable JM601 for this line".to_string()),
        "{actions:#}"
    );
    let text = apply_edit(BROKEN, &safe["edit"], &uri, true);
    assert!(text.contains("### Apply Way\nRefer\n"), "{text}");
    let diagnostics = client.change(&uri, 2, &text);
    assert_eq!(codes(&diagnostics), ["JM107"], "{diagnostics:#?}");

    // The link's fix is unsafe: labelled so, and not preferred.
    let link = find(&diagnostics, "JM107").clone();
    let actions = client.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": link["range"],
               "context": {"diagnostics": [link]}}),
    );
    let risky = action(&actions, "Fix: Prefix the URL with `https://` (unsafe)");
    assert_eq!(risky["isPreferred"], false);
    let text = apply_edit(&text, &risky["edit"], &uri, true);
    assert!(
        text.starts_with("# [کافه 📱 بازار](https://cafebazaar.ir/)\n"),
        "{text}"
    );
    assert_eq!(client.change(&uri, 3, &text), Vec::<Value>::new());

    // Hover on 📞 in `#### 📜📞🔧✅`: `#### ` is 5 units, 📜 two more.
    let hover = client.result(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 3, "character": 7}}),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(shown.contains("📞") && shown.contains("HR call"), "{hover}");
    assert_eq!(
        hover["range"],
        json!({"start": {"line": 3, "character": 7}, "end": {"line": 3, "character": 9}})
    );
    // Hover on a stage label names its stage and emoji.
    let hover = client.result(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 17, "character": 6}}),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(
        shown.contains("**HR Call**") && shown.contains("📞"),
        "{shown}"
    );
    // Nothing to say on plain prose.
    let hover = client.result(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 30, "character": 3}}),
    );
    assert_eq!(hover, Value::Null);

    // Completion of a stage label inside `- **Se|`.
    let edited = text.replace("- **Sent Resume** <br />1402.11.03", "- **Se");
    client.change(&uri, 4, &edited);
    let items = client.result(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 15, "character": 6}}),
    );
    let items = items.as_array().expect("a completion list");
    let sent = items
        .iter()
        .find(|i| i["label"] == "Sent Resume")
        .unwrap_or_else(|| panic!("{items:#?}"));
    assert_eq!(
        sent["textEdit"],
        json!({"range": {"start": {"line": 15, "character": 4}, "end": {"line": 15, "character": 6}},
               "newText": "Sent Resume"})
    );
    assert!(items.iter().any(|i| i["label"] == "Rejection Email"));
    // Completion of a channel after `Refer & Link|`, and of a platform.
    let edited = text.replace("### Apply Way\nRefer\n", "### Apply Way\nRefer & Link\n");
    client.change(&uri, 5, &edited);
    let items = client.result(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 12, "character": 12}}),
    );
    let linkedin = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "LinkedIn")
        .unwrap_or_else(|| panic!("{items:#}"));
    assert_eq!(linkedin["textEdit"]["range"]["start"]["character"], 8);
    let items = client.result(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 27, "character": 6}}),
    );
    assert!(
        items
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["label"] == "Microsoft Teams"),
        "{items:#}"
    );

    assert_eq!(client.shut_down().0, Some(0));
}

#[test]
fn utf8_positions_when_the_client_offers_them_and_fix_all() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    let init = client.initialize(json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let uri = uri_of(&dir.path().join("cafe.md"));
    let diagnostics = client.open(&uri, BROKEN);
    // In bytes: `# [` 3, Persian 8, space, 📱 4, space, Persian 10, `](` 2.
    assert_eq!(
        find(&diagnostics, "JM107")["range"]["start"],
        json!({"line": 0, "character": 29})
    );
    // Fix-all applies the safe fixes only.
    let actions = client.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    assert_eq!(titles(&actions), ["Fix all safe jobmark findings"]);
    assert_eq!(actions[0]["kind"], "source.fixAll.jobmark");
    let fixed = apply_edit(BROKEN, &actions[0]["edit"], &uri, false);
    assert_eq!(codes(&client.change(&uri, 2, &fixed)), ["JM107"]);
    assert_eq!(client.shut_down().0, Some(0));
}

#[test]
fn repository_config_and_pack_are_honoured() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("old")).unwrap();
    std::fs::create_dir_all(dir.path().join("broken")).unwrap();
    std::fs::write(
        dir.path().join(".jobmark.toml"),
        "[per-file-ignores]\n\"old/*.md\" = [\"channel-spelling\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("broken/.jobmark.toml"),
        "select = [\"JM999\"]\n",
    )
    .unwrap();
    let mut client = Client::start(dir.path());
    client.initialize(json!({}));

    let new = uri_of(&dir.path().join("new.md"));
    assert_eq!(codes(&client.open(&new, BROKEN)), ["JM107", "JM601"]);
    let old = uri_of(&dir.path().join("old/a.md"));
    assert_eq!(codes(&client.open(&old, BROKEN)), ["JM107"]);

    // A README is not a write-up: nothing, not even for a broken config.
    let readme = uri_of(&dir.path().join("README.md"));
    assert_eq!(
        client.open(&readme, "# Notes\n\nSee [x](y).\n"),
        Vec::<Value>::new()
    );
    let broken = uri_of(&dir.path().join("broken/a.md"));
    let diagnostics = client.open(&broken, BROKEN);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let message = diagnostics[0]["message"].as_str().unwrap();
    assert!(
        message.contains("JM999") && message.contains(".jobmark.toml"),
        "{message}"
    );
    // Closing a document clears its diagnostics.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": new}}),
    );
    assert_eq!(client.diagnostics(&new, None), Vec::<Value>::new());

    // A pack named by the config: its legend and its channels.
    let pack =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/interview.toml"))
            .unwrap()
            .replace("canonical = \"Refer\"", "canonical = \"Referral\"")
            .replace("meaning = \"HR call\"", "meaning = \"a call from HR\"");
    std::fs::create_dir_all(dir.path().join("custom")).unwrap();
    std::fs::write(dir.path().join("custom/pack.toml"), pack).unwrap();
    std::fs::write(
        dir.path().join("custom/.jobmark.toml"),
        "rules = \"pack.toml\"\n",
    )
    .unwrap();
    let custom = uri_of(&dir.path().join("custom/a.md"));
    let diagnostics = client.open(&custom, BROKEN);
    assert_eq!(codes(&diagnostics), ["JM107", "JM601"]);
    assert!(
        find(&diagnostics, "JM601")["message"]
            .as_str()
            .unwrap()
            .contains("`Referral`"),
        "{diagnostics:#?}"
    );
    let hover = client.result(
        "textDocument/hover",
        json!({"textDocument": {"uri": custom}, "position": {"line": 3, "character": 7}}),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("a call from HR"),
        "{hover}"
    );
    assert_eq!(client.shut_down().0, Some(0));
}

#[test]
fn configuration_changes_reach_open_documents() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    client
        .initialize(json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}));
    // The server asks to be told about configuration and pack files.
    let registration = client.receive("the watcher registration", |m| {
        m["method"] == "client/registerCapability"
    });
    let watcher = &registration["params"]["registrations"][0];
    assert_eq!(watcher["method"], "workspace/didChangeWatchedFiles");
    client.send(json!({"jsonrpc": "2.0", "id": registration["id"], "result": null}));

    let uri = uri_of(&dir.path().join("cafe.md"));
    assert_eq!(codes(&client.open(&uri, BROKEN)), ["JM107", "JM601"]);
    let config = dir.path().join(".jobmark.toml");
    std::fs::write(&config, "ignore = [\"channel-spelling\"]\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&config), "type": 1}]}),
    );
    assert_eq!(codes(&client.diagnostics(&uri, Some(1))), ["JM107"]);
    assert_eq!(client.shut_down().0, Some(0));
}

#[test]
fn hostile_documents_and_requests_never_bring_the_server_down() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    client.initialize(json!({}));
    let uri = uri_of(&dir.path().join("x.md"));
    let texts = [
        String::new(),
        "### Status\n".to_string(),
        "### Status\r#### 📜\r\n\u{FEFF}# [\u{0}](\u{7}\u{1b}[2J)\r".to_string(),
        format!("### Status\n#### {}\n", "👱🏻‍♀️".repeat(2000)),
        format!("# [a](b)\n### Status\n- **{}\n", "*".repeat(10_000)),
        "### Status\n#### 📜\n### Interview Date\n- **\u{200D}\u{FE0F}** <br />1402.13.45\n"
            .to_string(),
    ];
    client.open(&uri, &texts[0]);
    for (i, text) in texts.iter().enumerate() {
        let version = i as i64 + 2;
        client.change(&uri, version, text);
        for (line, character) in [(0, 0), (1, 5), (3, 3), (99, 99), (1, u32::MAX as i64)] {
            let position = json!({"line": line, "character": character});
            for method in ["textDocument/hover", "textDocument/completion"] {
                client.result(
                    method,
                    json!({"textDocument": {"uri": uri}, "position": position}),
                );
            }
        }
        // An inverted range is answered, not refused.
        client.result(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri},
                   "range": {"start": {"line": 9, "character": 0}, "end": {"line": 0, "character": 0}},
                   "context": {"diagnostics": []}}),
        );
    }
    // Frames that are not messages are skipped; the next one is answered.
    client.send_raw(b"Content-Length: 7\r\n\r\n{broken");
    client.send_raw(b"Content-Length: 2\r\n\r\n[]");
    client.send_raw(b"no header at all\r\n\r\n");
    // Requests about unknown documents and methods get answers.
    let unknown = uri_of(&dir.path().join("never-opened.md"));
    let hover = client.result(
        "textDocument/hover",
        json!({"textDocument": {"uri": unknown}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(hover, Value::Null);
    let response = client.request("textDocument/definition", json!({}));
    assert_eq!(response["error"]["code"], -32601, "{response}");
    let response = client.request("textDocument/hover", json!({"nonsense": true}));
    assert_eq!(response["error"]["code"], -32602, "{response}");
    let (code, stderr) = client.shut_down();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn exit_without_shutdown_is_an_error_exit() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    client.initialize(json!({}));
    client.notify("exit", Value::Null);
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(status) = client.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the server did not exit");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_ne!(status.code(), Some(0));
}
