//! `partnerlint server`: a language server over stdio for application files. Each
//! document is checked as `check -` checks standard input ([`configuration`]), at once
//! on every change; findings, hover, completion and code actions come from that check.
//!
//! The loop takes every message already waiting before it checks: a flood of edits is
//! applied in order and only the newest text is checked, so a newer edit cancels the
//! check of an older one before it starts. A handler that fails answers with an error
//! and the session goes on; a client that goes away ends it.

pub(crate) mod actions;
pub(crate) mod completion;
pub(crate) mod configuration;
pub(crate) mod diagnostics;
pub(crate) mod fields;
pub(crate) mod fixes;
pub(crate) mod hover;
pub(crate) mod positions;
pub(crate) mod transport;

use configuration::{Checked, Options, Settings, Workspace};
use crossbeam_channel::{Receiver, Sender};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::*;
use positions::{Encoding, LineIndex};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Whether a path names an application file (`*.partner.yaml`, `*.partner.yml`).
pub(crate) fn is_application(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.ends_with(".partner.yaml") || name.ends_with(".partner.yml")
}

pub(crate) fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    url::Url::parse(uri.as_str()).ok()?.to_file_path().ok()
}

pub(crate) fn path_to_uri(path: &Path) -> Option<Uri> {
    url::Url::from_file_path(path).ok()?.as_str().parse().ok()
}

struct Document {
    uri: Uri,
    path: PathBuf,
    text: String,
    version: i32,
    /// The text changed since it was last checked.
    dirty: bool,
    checked: Option<Checked>,
}

/// How the session ended: `exit` after `shutdown` (0), or otherwise (1).
enum Ended {
    Clean,
    WithoutShutdown,
}

/// Serves one session on stdin/stdout; returns the process's exit code.
pub(crate) fn serve_stdio(options: Options) -> u8 {
    let (sender, receiver, threads) = transport::connect(std::io::stdin(), std::io::stdout());
    let ended = serve(sender, receiver, &options);
    threads.join();
    match ended {
        Ended::Clean => 0,
        Ended::WithoutShutdown => 1,
    }
}

/// Serves one session over a connection: the transport's channels.
fn serve(sender: Sender<Message>, receiver: Receiver<Message>, options: &Options) -> Ended {
    // Until `initialize`, requests are refused and notifications other than `exit` dropped.
    let (id, params) = loop {
        let Ok(message) = receiver.recv() else {
            return Ended::WithoutShutdown;
        };
        match message {
            Message::Request(r) if r.method == "initialize" => break (r.id, r.params),
            Message::Request(r) => {
                let _ = sender.send(error(
                    r.id,
                    ErrorCode::ServerNotInitialized,
                    "the server is not initialized",
                ));
            }
            Message::Notification(n) if n.method == "exit" => return Ended::WithoutShutdown,
            Message::Notification(n) if n.method == transport::MALFORMED => {
                let _ = sender.send(transport::passed_over(&n));
            }
            _ => {}
        }
    };
    let params: InitializeParams = match serde_json::from_value(params) {
        Ok(p) => p,
        Err(e) => {
            let _ = sender.send(error(
                id,
                ErrorCode::InvalidParams,
                &format!("initialize: {e}"),
            ));
            return Ended::WithoutShutdown;
        }
    };
    let encoding = Encoding::negotiate(
        params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    let (settings, note) = Settings::from_client(params.initialization_options.as_ref());
    let mut folders: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| uri_to_path(&f.uri))
        .collect();
    #[allow(deprecated)] // Older clients send only `rootUri`.
    if folders.is_empty() {
        folders.extend(params.root_uri.as_ref().and_then(uri_to_path));
    }
    let result = InitializeResult {
        capabilities: capabilities(encoding),
        server_info: Some(ServerInfo {
            name: "partnerlint".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    let _ = sender.send(Message::Response(Response::new_ok(id, result)));
    if let Some(note) = note {
        let _ = sender.send(transport::log_message(&note));
    }
    let watched_files = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files);
    let watch = watched_files
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false)
        .then(|| {
            watched_files
                .and_then(|d| d.relative_pattern_support)
                .unwrap_or(false)
        });
    let mut server = Server {
        sender,
        encoding,
        workspace: Workspace::new(options, settings, folders),
        documents: HashMap::new(),
        problem_files: BTreeSet::new(),
        shutdown: false,
        next_id: 0,
        watch,
        watched: BTreeSet::new(),
    };
    if watch.is_some() {
        server.watch_configurations();
    }
    server.run(&receiver)
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![":".into(), " ".into(), "-".into()]),
            ..Default::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, actions::FIX_ALL.into()]),
            ..Default::default()
        })),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..Default::default()
    }
}

fn error(id: RequestId, code: ErrorCode, message: &str) -> Message {
    Message::Response(Response::new_err(id, code as i32, message.to_string()))
}

struct Server<'a> {
    sender: Sender<Message>,
    encoding: Encoding,
    workspace: Workspace<'a>,
    documents: HashMap<Uri, Document>,
    /// Configuration and pack files whose problems are published.
    problem_files: BTreeSet<PathBuf>,
    shutdown: bool,
    next_id: i32,
    /// Whether the client watches files for the server (dynamic registration), and
    /// whether it takes patterns relative to a folder.
    watch: Option<bool>,
    /// The pack folders watched so far.
    watched: BTreeSet<PathBuf>,
}

impl Server<'_> {
    fn send(&self, message: Message) {
        // A client that went away is noticed by the reader: nothing to do here.
        let _ = self.sender.send(message);
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        self.send(Message::Notification(Notification::new(
            method.into(),
            params,
        )));
    }

    fn run(&mut self, receiver: &Receiver<Message>) -> Ended {
        loop {
            let Ok(message) = receiver.recv() else {
                // The client vanished: nothing left to serve.
                return Ended::WithoutShutdown;
            };
            if let Some(ended) = self.handle(message) {
                return ended;
            }
            // Every message already here goes first: their edits are applied, and only
            // the newest text of each document is checked.
            while let Ok(message) = receiver.try_recv() {
                if let Some(ended) = self.handle(message) {
                    return ended;
                }
            }
            self.publish_dirty();
        }
    }

    fn handle(&mut self, message: Message) -> Option<Ended> {
        match message {
            Message::Request(request) => {
                let id = request.id.clone();
                let method = request.method.clone();
                let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    self.request(request)
                }));
                match answer {
                    Ok(reply) => self.send(Message::Response(reply)),
                    Err(_) => self.send(error(
                        id,
                        ErrorCode::InternalError,
                        &format!("partnerlint failed on {method}; the session goes on"),
                    )),
                }
            }
            Message::Notification(n) if n.method == "exit" => {
                return Some(if self.shutdown {
                    Ended::Clean
                } else {
                    Ended::WithoutShutdown
                });
            }
            Message::Notification(n) => {
                let method = n.method.clone();
                let done =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.notification(n)));
                if done.is_err() {
                    self.send(transport::log_message(&format!(
                        "partnerlint failed on {method}; the session goes on"
                    )));
                }
            }
            Message::Response(_) => {}
        }
        None
    }

    fn request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        if self.shutdown {
            return Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".into(),
            );
        }
        let result = match request.method.as_str() {
            request::Shutdown::METHOD => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            request::HoverRequest::METHOD => params(request).map(|p| self.hover(p)),
            request::Completion::METHOD => params(request).map(|p| self.completion(p)),
            request::CodeActionRequest::METHOD => params(request).map(|p| self.code_actions(p)),
            other => Err((
                ErrorCode::MethodNotFound,
                format!("partnerlint does not serve `{other}`"),
            )),
        };
        match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        }
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            notification::DidOpenTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) else {
                    return;
                };
                let Some(path) = uri_to_path(&p.text_document.uri).filter(|p| is_application(p))
                else {
                    return;
                };
                self.documents.insert(
                    p.text_document.uri.clone(),
                    Document {
                        uri: p.text_document.uri,
                        path,
                        text: p.text_document.text,
                        version: p.text_document.version,
                        dirty: true,
                        checked: None,
                    },
                );
            }
            notification::DidChangeTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) else {
                    return;
                };
                let encoding = self.encoding;
                let Some(doc) = self.documents.get_mut(&p.text_document.uri) else {
                    return;
                };
                for change in p.content_changes {
                    match change.range {
                        Some(range) => {
                            let index = LineIndex::new(&doc.text);
                            let start = index.offset(&doc.text, range.start, encoding);
                            let end = index.offset(&doc.text, range.end, encoding).max(start);
                            doc.text.replace_range(start..end, &change.text);
                        }
                        None => doc.text = change.text,
                    }
                }
                doc.version = p.text_document.version;
                doc.dirty = true;
            }
            notification::DidSaveTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidSaveTextDocumentParams>(n.params) else {
                    return;
                };
                if let Some(doc) = self.documents.get_mut(&p.text_document.uri) {
                    if let Some(text) = p.text {
                        doc.text = text;
                    }
                    doc.dirty = true;
                }
            }
            notification::DidCloseTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) else {
                    return;
                };
                if self.documents.remove(&p.text_document.uri).is_some() {
                    self.publish(p.text_document.uri, Vec::new(), None);
                }
            }
            notification::DidChangeConfiguration::METHOD => {
                let settings = n.params.get("settings");
                let (settings, note) = Settings::from_client(settings);
                if let Some(note) = note {
                    self.send(transport::log_message(&note));
                }
                self.workspace.settings = settings;
                self.recheck_all();
            }
            notification::DidChangeWatchedFiles::METHOD => {
                // A configuration (or a pack it names) changed on disk: read them again.
                self.workspace.reload();
                self.recheck_all();
            }
            notification::DidChangeWorkspaceFolders::METHOD => {
                let Ok(p) = serde_json::from_value::<DidChangeWorkspaceFoldersParams>(n.params)
                else {
                    return;
                };
                let removed: Vec<PathBuf> = p
                    .event
                    .removed
                    .iter()
                    .filter_map(|f| uri_to_path(&f.uri))
                    .collect();
                self.workspace.folders.retain(|f| !removed.contains(f));
                self.workspace
                    .folders
                    .extend(p.event.added.iter().filter_map(|f| uri_to_path(&f.uri)));
                self.workspace.reload();
                self.recheck_all();
            }
            transport::MALFORMED => self.send(transport::passed_over(&n)),
            // `initialized`, `$/cancelRequest` (every request is answered at once),
            // `$/setTrace` and anything unknown: nothing to do.
            _ => {}
        }
    }

    /// Asks the client to tell of changes to configuration files, wherever they are, and
    /// to the files of packs, as a catch-all for a pack not loaded yet (a broken one).
    fn watch_configurations(&mut self) {
        let watchers = [
            "**/.partnerlint.yaml",
            "**/pack.yaml",
            "**/rules/*.yaml",
            "**/data.yaml",
            "**/plan.yaml",
        ]
        .into_iter()
        .map(|glob| FileSystemWatcher {
            glob_pattern: GlobPattern::String(glob.into()),
            kind: None,
        })
        .collect();
        self.register(watchers);
    }

    /// Asks the client to tell of any change under the pack folders in use (their
    /// tests and plan included) that it was not asked about yet: `--rules`, the packs
    /// the configurations name and those they extend, and the folders of broken packs.
    fn watch_packs(&mut self, problems: &[PathBuf]) {
        let Some(relative) = self.watch else {
            return;
        };
        let mut folders = self.workspace.pack_folders();
        folders.extend(
            problems
                .iter()
                .filter_map(|p| p.parent().map(Path::to_path_buf)),
        );
        let new: Vec<PathBuf> = folders
            .into_iter()
            .filter(|f| !self.watched.contains(f))
            .collect();
        if new.is_empty() {
            return;
        }
        let watchers = new
            .iter()
            .filter_map(|folder| {
                let glob_pattern = if relative {
                    let uri = path_to_uri(folder)?;
                    GlobPattern::Relative(RelativePattern {
                        base_uri: OneOf::Right(uri),
                        pattern: "**/*".into(),
                    })
                } else {
                    GlobPattern::String(format!("{}/**/*", folder.display()))
                };
                Some(FileSystemWatcher {
                    glob_pattern,
                    kind: None,
                })
            })
            .collect();
        self.watched.extend(new);
        self.register(watchers);
    }

    fn register(&mut self, watchers: Vec<FileSystemWatcher>) {
        self.next_id += 1;
        let registration = Registration {
            id: format!("partnerlint-watch-{}", self.next_id),
            method: notification::DidChangeWatchedFiles::METHOD.into(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers,
            })
            .ok(),
        };
        self.send(Message::Request(Request::new(
            RequestId::from(format!("partnerlint-{}", self.next_id)),
            request::RegisterCapability::METHOD.into(),
            RegistrationParams {
                registrations: vec![registration],
            },
        )));
    }

    fn recheck_all(&mut self) {
        for doc in self.documents.values_mut() {
            doc.dirty = true;
        }
        // The problems of configurations are found again as documents are checked.
        for path in std::mem::take(&mut self.problem_files) {
            if let Some(uri) = path_to_uri(&path) {
                self.publish(uri, Vec::new(), None);
            }
        }
    }

    /// Checks the documents whose text changed, and publishes their findings.
    fn publish_dirty(&mut self) {
        let dirty: Vec<Uri> = self
            .documents
            .iter()
            .filter(|(_, d)| d.dirty)
            .map(|(u, _)| u.clone())
            .collect();
        for uri in dirty {
            self.check(&uri);
            let Some(doc) = self.documents.get(&uri) else {
                continue;
            };
            let Some(checked) = &doc.checked else {
                continue;
            };
            let report = &checked.report;
            let text = report.source.text();
            let index = LineIndex::new(text);
            let schema = self.workspace.settings.schema_findings;
            let found: Vec<lsp_types::Diagnostic> = report
                .diagnostics
                .iter()
                .filter(|d| schema || !diagnostics::is_schema_finding(d))
                .map(|d| diagnostics::to_lsp(d, &doc.uri, text, &index, self.encoding))
                .collect();
            let version = doc.version;
            let problems: Vec<(Uri, Vec<lsp_types::Diagnostic>, PathBuf)> = checked
                .problems
                .iter()
                .filter_map(|p| {
                    let uri = path_to_uri(&p.path)?;
                    let index = LineIndex::new(&p.text);
                    let found = p
                        .diagnostics
                        .iter()
                        .map(|d| diagnostics::to_lsp(d, &uri, &p.text, &index, self.encoding))
                        .collect();
                    Some((uri, found, p.path.clone()))
                })
                .collect();
            self.publish(uri, found, Some(version));
            let mut paths = Vec::new();
            for (uri, found, path) in problems {
                self.problem_files.insert(path.clone());
                self.publish(uri, found, None);
                paths.push(path);
            }
            self.watch_packs(&paths);
        }
    }

    /// Checks `uri` when its text changed since its last check.
    fn check(&mut self, uri: &Uri) {
        let Some(doc) = self.documents.get_mut(uri) else {
            return;
        };
        if !doc.dirty {
            return;
        }
        doc.checked = Some(self.workspace.check(&doc.path, &doc.text));
        doc.dirty = false;
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        self.notify(
            notification::PublishDiagnostics::METHOD,
            PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            },
        );
    }

    /// The document at `uri`, checked.
    fn document(&mut self, uri: &Uri) -> Option<&Document> {
        self.check(uri);
        self.documents.get(uri)
    }

    fn hover(&mut self, p: HoverParams) -> Value {
        let encoding = self.encoding;
        let Some(doc) = self.document(&p.text_document_position_params.text_document.uri) else {
            return Value::Null;
        };
        let Some(checked) = &doc.checked else {
            return Value::Null;
        };
        let index = LineIndex::new(&doc.text);
        let offset = index.offset(
            &doc.text,
            p.text_document_position_params.position,
            encoding,
        );
        let Some((markdown, span)) = hover::hover(checked, &doc.text, offset) else {
            return Value::Null;
        };
        serde_json::to_value(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: markdown,
            }),
            range: span.map(|s| index.range(&doc.text, &s, encoding)),
        })
        .unwrap_or(Value::Null)
    }

    fn completion(&mut self, p: CompletionParams) -> Value {
        let encoding = self.encoding;
        let Some(doc) = self.document(&p.text_document_position.text_document.uri) else {
            return Value::Null;
        };
        let index = LineIndex::new(&doc.text);
        let offset = index.offset(&doc.text, p.text_document_position.position, encoding);
        let pack = doc.checked.as_ref().and_then(Checked::pack);
        let items = completion::complete(&doc.text, &doc.text[..offset], pack);
        serde_json::to_value(CompletionResponse::Array(items)).unwrap_or(Value::Null)
    }

    fn code_actions(&mut self, p: CodeActionParams) -> Value {
        let encoding = self.encoding;
        let uri = p.text_document.uri.clone();
        self.check(&uri);
        let Some(doc) = self.documents.get(&uri) else {
            return Value::Null;
        };
        let Some(checked) = &doc.checked else {
            return Value::Null;
        };
        let text = checked.report.source.text();
        let index = LineIndex::new(text);
        let range =
            index.offset(text, p.range.start, encoding)..index.offset(text, p.range.end, encoding);
        let path = doc.path.clone();
        let workspace = &mut self.workspace;
        let mut recheck = |changed: &str| workspace.check(&path, changed).report;
        let found = actions::actions(
            &checked.report,
            &uri,
            range,
            p.context.only.as_deref(),
            encoding,
            &mut recheck,
        );
        let found: Vec<CodeActionOrCommand> = found
            .into_iter()
            .map(CodeActionOrCommand::CodeAction)
            .collect();
        serde_json::to_value(found).unwrap_or(Value::Null)
    }
}

fn params<P: serde::de::DeserializeOwned>(request: Request) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(request.params)
        .map_err(|e| (ErrorCode::InvalidParams, format!("{}: {e}", request.method)))
}
