//! A minimal language client for tests and benches: starts `hbmod lsp`, writes framed
//! JSON-RPC messages to its stdin, reads its stdout on a thread; requests in, results out.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

/// A running `hbmod lsp` and what it has said that nobody asked for yet.
pub struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
    /// Notifications received while waiting for something else.
    pub notifications: Vec<Value>,
}

const TIMEOUT: Duration = Duration::from_secs(60);

impl Client {
    /// Starts the server in `dir` and completes the `initialize` handshake; returns the
    /// server's capabilities too.
    pub fn start(dir: &Path) -> (Client, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hbmod"))
            .args(["lsp", "--stdio"])
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start hbmod lsp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            messages,
            next_id: 0,
            notifications: Vec::new(),
        };
        let root = url(dir);
        let result = client.request(
            "initialize",
            json!({ "processId": null, "rootUri": root, "capabilities": {} }),
        );
        client.notify("initialized", json!({}));
        (client, result)
    }

    /// Sends a notification.
    pub fn notify(&mut self, method: &str, params: Value) {
        self.write(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and waits for its response: the result, or the error object as `Err`.
    pub fn try_request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let id = self.next_id;
        self.write(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.receive();
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                if let Some(error) = message.get("error") {
                    return Err(error.clone());
                }
                return Ok(message.get("result").cloned().unwrap_or(Value::Null));
            }
            self.notifications.push(message);
        }
    }

    /// Sends a request that must succeed.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        match self.try_request(method, params) {
            Ok(result) => result,
            Err(error) => panic!("{method} failed: {error}"),
        }
    }

    /// The first diagnostics published for `uri` (at `version`, when given): for a change,
    /// the front end's, sent at once. They stay for `diagnostics` to see.
    pub fn first_diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let matches = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == v)
        };
        let found = match self.notifications.iter().find(|m| matches(m)) {
            Some(found) => found.clone(),
            None => loop {
                let message = self.receive();
                let hit = matches(&message);
                self.notifications.push(message.clone());
                if hit {
                    break message;
                }
            },
        };
        found["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Waits for the diagnostics of `uri` without a version (files the server reports on but
    /// does not check, like a broken org config), consuming them.
    fn unversioned_diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let matches = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        if let Some(i) = self.notifications.iter().position(matches) {
            let found = self.notifications.remove(i);
            return found["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
        }
        loop {
            let message = self.receive();
            if matches(&message) {
                return message["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
            self.notifications.push(message);
        }
    }

    /// The complete diagnostics of `uri` at `version` (expansion and org policies included):
    /// the last published before the server's `$/hbmod/checked` for that version. Without a
    /// version, the first published (for files the server reports on but does not check).
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let Some(version) = version else {
            return self.unversioned_diagnostics(uri);
        };
        let published = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        };
        let checked = |m: &Value| {
            m["method"] == "$/hbmod/checked"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        };
        let diagnostics = |m: Value| {
            m["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        };
        let mut last = None;
        let mut i = 0;
        while i < self.notifications.len() {
            if published(&self.notifications[i]) {
                last = Some(self.notifications.remove(i));
            } else if checked(&self.notifications[i]) {
                self.notifications.remove(i);
                return last.map(diagnostics).unwrap_or_default();
            } else {
                i += 1;
            }
        }
        loop {
            let message = self.receive();
            if published(&message) {
                last = Some(message);
            } else if checked(&message) {
                return last.map(diagnostics).unwrap_or_default();
            } else {
                self.notifications.push(message);
            }
        }
    }

    /// Opens `uri` with `text` at version 1.
    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "hbmod", "version": 1, "text": text } }),
        );
    }

    /// Replaces the whole text of `uri`.
    pub fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    /// Shuts the server down as a client does; the process must exit with 0.
    pub fn shutdown(mut self) {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().expect("wait for hbmod lsp");
        assert!(status.success(), "hbmod lsp exited with {status}");
    }

    fn write(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len())
            .expect("write to hbmod lsp");
        self.stdin.flush().expect("flush");
    }

    fn receive(&mut self) -> Value {
        self.messages
            .recv_timeout(TIMEOUT)
            .expect("hbmod lsp answered within a minute")
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
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
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// The `file://` URI of `path` (made absolute).
pub fn url(path: &Path) -> String {
    let absolute = path.canonicalize().expect("canonical path");
    format!("file://{}", absolute.display())
}
