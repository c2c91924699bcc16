//! `partnerlint server`: protocol tests, one module per capability (a message in, the
//! expected message out), each driving the binary over its standard input and output as
//! an editor does; and real editors.

mod actions;
mod completion;
mod configuration;
mod diagnostics;
mod editors;
mod hover;
mod neovim;
mod positions;
mod robustness;

use crate::support;
use lsp_server::{Message, Notification, Request, RequestId, Response};
use serde_json::{json, Value};
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

/// A clean application (the repository's example), with a certificate beside it.
pub const CLEAN: &str = include_str!("../../../examples/acme-cn-isv.partner.yaml");

/// How long the server may stay silent, or take to end, before a test fails.
const PATIENCE: Duration = Duration::from_secs(20);

/// How a session ended, told by the exit code of `partnerlint server`: `exit` after
/// `shutdown` (0), or otherwise (1), as the protocol asks.
#[derive(Debug, PartialEq, Eq)]
pub enum Ended {
    Clean,
    WithoutShutdown,
}

/// A session with `partnerlint server`, a process of its own that the test talks to
/// over its standard input and output.
pub struct Session {
    child: Child,
    /// The server's standard input; `None` once the client hung up.
    stdin: Option<ChildStdin>,
    /// The messages the server wrote, as a reader thread reads them; an error when what
    /// it wrote is not a message.
    messages: Receiver<Result<Message, String>>,
    /// Its standard error, read whole by a thread as it ends.
    stderr_reader: Option<JoinHandle<String>>,
    /// Its standard error, once it ended.
    pub stderr: String,
    next: i32,
    /// The `initialize` result: what the server announced.
    pub initialized: Value,
    /// Notifications received while waiting for something else.
    pub pending: Vec<Notification>,
    /// Requests from the server received while waiting for something else.
    pub requests: Vec<Request>,
    pub dir: tempfile::TempDir,
}

impl Session {
    /// Starts `partnerlint server` in a temporary folder (with a certificate in it), on
    /// the tests' date; `command` adds what a test needs (flags, environment). Nothing
    /// is sent yet.
    pub fn spawn(command: impl FnOnce(&mut Command)) -> Session {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("certs")).unwrap();
        std::fs::write(
            dir.path().join("certs/acme-business-licence.pdf"),
            "%PDF-1.4\n",
        )
        .unwrap();
        let mut server = support::partnerlint(dir.path());
        server.arg("server");
        command(&mut server);
        let mut child = support::spawn_piped(&mut server);
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (to_test, messages) = mpsc::channel();
        std::thread::spawn(move || {
            while let Some(read) = Message::read(&mut stdout)
                .map_err(|e| e.to_string())
                .transpose()
            {
                let broken = read.is_err();
                if to_test.send(read).is_err() || broken {
                    break;
                }
            }
        });
        let mut stderr = child.stderr.take().unwrap();
        let stderr_reader = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        Session {
            stdin: child.stdin.take(),
            child,
            messages,
            stderr_reader: Some(stderr_reader),
            stderr: String::new(),
            next: 0,
            initialized: Value::Null,
            pending: Vec::new(),
            requests: Vec::new(),
            dir,
        }
    }

    /// Initializes the server with the client's `capabilities` and
    /// `initializationOptions`, the temporary folder its workspace.
    pub fn initialize(&mut self, capabilities: Value, init: Value) {
        let folder = self.uri("");
        let result = self.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities,
                   "initializationOptions": init,
                   "workspaceFolders": [{"uri": folder, "name": "w"}]}),
        );
        assert!(
            result["capabilities"]["hoverProvider"].as_bool().unwrap(),
            "{result}"
        );
        self.initialized = result;
        self.notify("initialized", json!({}));
    }

    /// A server started as [`Session::spawn`] says, and initialized.
    pub fn start_with(
        command: impl FnOnce(&mut Command),
        capabilities: Value,
        init: Value,
    ) -> Session {
        let mut s = Session::spawn(command);
        s.initialize(capabilities, init);
        s
    }

    pub fn start() -> Session {
        Session::start_with(|_| {}, json!({}), Value::Null)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().canonicalize().unwrap().join(name)
    }

    pub fn uri(&self, name: &str) -> String {
        url::Url::from_file_path(self.path(name))
            .unwrap()
            .to_string()
    }

    /// Writes `bytes` to the server's standard input as they are: a message framed by
    /// hand, or a broken one.
    pub fn send_bytes(&self, bytes: &[u8]) {
        let mut stdin = self.stdin.as_ref().expect("the client hung up");
        stdin
            .write_all(bytes)
            .unwrap_or_else(|e| panic!("the server no longer reads: {e}"));
    }

    pub fn send(&self, message: Message) {
        let mut stdin = self.stdin.as_ref().expect("the client hung up");
        message
            .write(&mut stdin)
            .unwrap_or_else(|e| panic!("the server no longer reads: {e}"));
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

    /// The next message from the server.
    pub fn recv(&mut self) -> Message {
        match self.messages.recv_timeout(PATIENCE) {
            Ok(Ok(message)) => message,
            Ok(Err(e)) => panic!("the server wrote something that is not a message: {e}"),
            Err(RecvTimeoutError::Timeout) => {
                panic!("the server said nothing for {} s", PATIENCE.as_secs())
            }
            Err(RecvTimeoutError::Disconnected) => {
                let ended = self.wait();
                panic!(
                    "the server closed its output, and ended {ended:?}; its standard error:\n{}",
                    self.stderr
                )
            }
        }
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
        self.sync();
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

    /// Waits until every message the server sent before now has arrived (in `pending`
    /// and `requests`).
    pub fn sync(&mut self) {
        // A request answered means every message sent before it has arrived.
        self.call("$/partnerlint/none", Value::Null);
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
        self.wait()
    }

    /// Closes the server's standard input, as a client that goes away without a word,
    /// and returns how it ended.
    pub fn hang_up(&mut self) -> Ended {
        drop(self.stdin.take());
        self.wait()
    }

    /// Waits for the server to end, [`PATIENCE`] at most, and tells how from its exit
    /// code; its standard error is then in `stderr`.
    pub fn wait(&mut self) -> Ended {
        let status = support::wait_within(&mut self.child, PATIENCE)
            .unwrap_or_else(|| panic!("the server did not end within {} s", PATIENCE.as_secs()));
        if let Some(reader) = self.stderr_reader.take() {
            self.stderr = reader.join().unwrap();
        }
        match status.code() {
            Some(0) => Ended::Clean,
            Some(1) => Ended::WithoutShutdown,
            _ => panic!(
                "the server ended with {status}; its standard error:\n{}",
                self.stderr
            ),
        }
    }
}

impl Drop for Session {
    /// No test leaves a server running, whatever it asserted.
    fn drop(&mut self) {
        drop(self.stdin.take());
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
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
