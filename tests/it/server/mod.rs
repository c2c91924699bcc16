//! `partnerlint server`: in-process protocol tests, one module per capability (a
//! message in, the expected message out), the stdio binary, and real editors.

mod actions;
mod completion;
mod configuration;
mod diagnostics;
mod editors;
mod hover;
mod neovim;
mod positions;
mod robustness;

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use partnerlint::server::configuration::Options;
use partnerlint::server::{serve, Ended};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A clean application (the repository's example), with a certificate beside it.
pub const CLEAN: &str = include_str!("../../../examples/acme-cn-isv.partner.yaml");

/// A session with a server running on a thread of the test.
pub struct Session {
    pub client: Connection,
    thread: Option<std::thread::JoinHandle<Ended>>,
    next: i32,
    /// Notifications received while waiting for something else.
    pub pending: Vec<Notification>,
    /// Requests from the server received while waiting for something else.
    pub requests: Vec<Request>,
    pub dir: tempfile::TempDir,
}

pub fn options() -> Options {
    Options {
        today: Some(crate::support::TODAY.parse().unwrap()),
        flags: Default::default(),
        packs: partnerlint::PackSet::builtin(),
        rules: None,
        max_file_size: partnerlint::read::DEFAULT_MAX_FILE_SIZE,
    }
}

impl Session {
    /// Starts a server with `options`, and initializes it with the client's
    /// `capabilities` and `initializationOptions`, a temporary folder its workspace.
    pub fn start_with(options: Options, capabilities: Value, init: Value) -> Session {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("certs")).unwrap();
        std::fs::write(
            dir.path().join("certs/acme-business-licence.pdf"),
            "%PDF-1.4\n",
        )
        .unwrap();
        let (client, server) = Connection::memory();
        let thread = std::thread::spawn(move || serve(server.sender, server.receiver, &options));
        let mut s = Session {
            client,
            thread: Some(thread),
            next: 0,
            pending: Vec::new(),
            requests: Vec::new(),
            dir,
        };
        let folder = s.uri("");
        let result = s.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities,
                   "initializationOptions": init,
                   "workspaceFolders": [{"uri": folder, "name": "w"}]}),
        );
        assert!(
            result["capabilities"]["hoverProvider"].as_bool().unwrap(),
            "{result}"
        );
        s.notify("initialized", json!({}));
        s
    }

    pub fn start() -> Session {
        Session::start_with(options(), json!({}), Value::Null)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().canonicalize().unwrap().join(name)
    }

    pub fn uri(&self, name: &str) -> String {
        url::Url::from_file_path(self.path(name))
            .unwrap()
            .to_string()
    }

    pub fn send(&self, message: Message) {
        self.client.sender.send(message).unwrap();
    }

    pub fn notify(&self, method: &str, params: Value) {
        self.send(Message::Notification(Notification::new(
            method.into(),
            params,
        )));
    }

    /// Sends a request and returns its response (its result, or its error).
    pub fn call(&mut self, method: &str, params: Value) -> Response {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.send(Message::Request(Request::new(
            id.clone(),
            method.into(),
            params,
        )));
        loop {
            match self.recv() {
                Message::Response(r) if r.id == id => return r,
                Message::Notification(n) => self.pending.push(n),
                Message::Request(r) => self.requests.push(r),
                _ => {}
            }
        }
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let r = self.call(method, params);
        match r.response_result {
            Ok(v) => v,
            Err(e) => panic!("{method} failed: {e:?}"),
        }
    }

    pub fn recv(&self) -> Message {
        self.client
            .receiver
            .recv_timeout(Duration::from_secs(20))
            .expect("the server said nothing for 20 s")
    }

    /// The next diagnostics published for `name`.
    pub fn diagnostics(&mut self, name: &str) -> Value {
        let uri = self.uri(name);
        if let Some(i) = self
            .pending
            .iter()
            .position(|n| n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri)
        {
            return self.pending.remove(i).params;
        }
        loop {
            match self.recv() {
                Message::Notification(n)
                    if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri =>
                {
                    return n.params
                }
                Message::Notification(n) => self.pending.push(n),
                Message::Request(r) => self.requests.push(r),
                _ => {}
            }
        }
    }

    /// The file watchers the server asked the client for so far (`registerCapability`),
    /// after the messages already sent are read.
    pub fn watchers(&mut self) -> Vec<Value> {
        // A request answered means every message sent before it has arrived.
        self.call("$/partnerlint/none", Value::Null);
        self.requests
            .iter()
            .filter(|r| r.method == "client/registerCapability")
            .flat_map(|r| {
                r.params["registrations"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .filter(|r| r["method"] == "workspace/didChangeWatchedFiles")
            .flat_map(|r| {
                r["registerOptions"]["watchers"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .map(|w| w["globPattern"].clone())
            .collect()
    }

    /// Opens `name` with `text` and returns its first diagnostics.
    pub fn open(&mut self, name: &str, text: &str) -> Value {
        let uri = self.uri(name);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
        );
        self.diagnostics(name)
    }

    /// Replaces the whole text of `name`.
    pub fn change(&mut self, name: &str, version: i32, text: &str) -> Value {
        let uri = self.uri(name);
        self.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}));
        self.diagnostics(name)
    }

    /// Shuts the server down per the protocol and returns how it ended.
    pub fn finish(mut self) -> Ended {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        self.thread
            .take()
            .unwrap()
            .join()
            .expect("the server panicked")
    }

    pub fn thread(&mut self) -> std::thread::JoinHandle<Ended> {
        self.thread.take().unwrap()
    }
}

/// The rule ids (`code`) of published diagnostics.
pub fn codes(published: &Value) -> Vec<String> {
    published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// The line/character of a published diagnostic's range start.
pub fn start(d: &Value) -> (u64, u64) {
    (
        d["range"]["start"]["line"].as_u64().unwrap(),
        d["range"]["start"]["character"].as_u64().unwrap(),
    )
}

pub fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}
