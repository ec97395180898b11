//! `hbmod lsp`: a language server on stdin/stdout. JSON-RPC requests and notifications in
//! (documents opened and changed, completion, hover, definition, rename, formatting, symbols),
//! responses and published diagnostics out. Each change gets the front end's diagnostics at
//! once; the `checker` worker completes them as `hbmod check` would, against the document's org
//! config and catalog.

mod analysis;
mod checker;
mod context;
mod features;
mod position;

use std::collections::HashMap;
use std::path::PathBuf;

use hbmod::diagnostic::{Diagnostic, Severity};
use hbmod::source::SourceFile;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest,
    PrepareRenameRequest, Rename, Request as _,
};
use lsp_types::{
    CodeDescription, CompletionOptions, DiagnosticRelatedInformation, DiagnosticSeverity,
    HoverProviderCapability, InitializeParams, Location, NumberOrString, OneOf,
    PrepareRenameResponse, PublishDiagnosticsParams, RenameOptions, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, Url,
};
use serde_json::Value;

use analysis::Analysis;
use position::LineIndex;

use crate::Outcome;

/// Arguments of `hbmod lsp`.
#[derive(clap::Args)]
pub struct Args {
    /// Accepted for editors that pass it; stdio is the only transport.
    #[arg(long)]
    stdio: bool,
}

/// Serves one client on stdio until it shuts down.
pub fn run(_args: &Args) -> Outcome {
    let (connection, threads) = Connection::stdio();
    let served = serve(&connection);
    drop(connection);
    let joined = threads.join();
    match (served, joined) {
        (Ok(()), Ok(())) => Outcome::Clean,
        (Err(message), _) => {
            eprintln!("error: hbmod lsp: {message}");
            Outcome::Failure
        }
        (_, Err(error)) => {
            eprintln!("error: hbmod lsp: {error}");
            Outcome::Failure
        }
    }
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".to_string(), "=".to_string(), "[".to_string()]),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

fn serve(connection: &Connection) -> Result<(), String> {
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": ServerInfo { name: "hbmod".to_string(), version: Some(env!("CARGO_PKG_VERSION").to_string()) },
    });
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let _: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    connection
        .initialize_finish(id, result)
        .map_err(|e| e.to_string())?;
    let sender = connection.sender.clone();
    let send: checker::Send = std::sync::Arc::new(move |message| {
        // A closed channel means the client is gone; the receive loop then ends too.
        let _ = sender.send(message);
    });
    let mut server = Server {
        connection,
        documents: HashMap::new(),
        checker: checker::Checker::start(send),
    };
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection
                    .handle_shutdown(&request)
                    .map_err(|e| e.to_string())?
                {
                    return Ok(());
                }
                let response = server.respond(request);
                server.send(Message::Response(response));
            }
            Message::Notification(notification) => server.notified(notification),
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// The open documents and the connection to the client.
struct Server<'c> {
    connection: &'c Connection,
    documents: HashMap<Url, Analysis>,
    /// Completes each change's check (expansion, org policies) on a worker thread.
    checker: checker::Checker,
}

impl Server<'_> {
    fn send(&self, message: Message) {
        // A closed channel means the client is gone; the receive loop then ends too.
        let _ = self.connection.sender.send(message);
    }

    fn notified(&mut self, notification: Notification) {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(params) =
                    parse::<lsp_types::DidOpenTextDocumentParams>(notification.params)
                {
                    let document = params.text_document;
                    self.changed(document.uri, &document.text, Some(document.version));
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(params) =
                    parse::<lsp_types::DidChangeTextDocumentParams>(notification.params)
                {
                    // Full sync: the last change holds the whole text.
                    if let Some(change) = params.content_changes.into_iter().last() {
                        let document = params.text_document;
                        self.changed(document.uri, &change.text, Some(document.version));
                    }
                }
            }
            DidSaveTextDocument::METHOD => {
                // A saved org config or module file can change every open spec's diagnostics.
                let open: Vec<(Url, String)> = self
                    .documents
                    .iter()
                    .map(|(uri, a)| (uri.clone(), a.source.text().to_string()))
                    .collect();
                for (uri, text) in open {
                    self.changed(uri, &text, None);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(params) =
                    parse::<lsp_types::DidCloseTextDocumentParams>(notification.params)
                {
                    let uri = params.text_document.uri;
                    self.checker.close(&uri);
                    if let Some(closed) = self.documents.remove(&uri) {
                        self.publish(uri, Vec::new(), None);
                        for (path, _, _) in closed.others {
                            if let Ok(uri) = Url::from_file_path(path) {
                                self.publish(uri, Vec::new(), None);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// Checks the document's new text and publishes its diagnostics at once (and those of a
    /// broken org config or catalog it depends on): the front end's, with the last complete
    /// check's expansion and policy findings carried over; the worker then completes them.
    fn changed(&mut self, uri: Url, text: &str, version: Option<i32>) {
        let generation = self.checker.changed(&uri);
        let path: Option<PathBuf> = uri.to_file_path().ok();
        let analysis = analysis::analyse(path.as_deref(), text, None);
        let mut diagnostics = analysis.diagnostics.clone();
        if !analysis.complete {
            diagnostics.extend(self.checker.carried(&uri, &analysis.file));
            hbmod::diagnostic::sort(&mut diagnostics);
        }
        for message in publications(&uri, &analysis, &diagnostics, version) {
            self.send(message);
        }
        match (&analysis.context, &analysis.plan) {
            (Some((repo, setup)), Some(plan)) if !analysis.complete => {
                self.checker.check(checker::Job {
                    uri: uri.clone(),
                    generation,
                    version,
                    source: analysis.source.clone(),
                    repo: repo.clone(),
                    setup: setup.clone(),
                    plan: plan.clone(),
                    front: analysis.diagnostics.clone(),
                });
            }
            _ => self.send(checker::checked(&uri, version)),
        }
        self.documents.insert(uri, analysis);
    }

    fn publish(&self, uri: Url, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        self.send(publication(uri, diagnostics, version));
    }

    fn respond(&self, request: Request) -> Response {
        let id = request.id.clone();
        match self.answer(request) {
            Ok(result) => Response::new_ok(id, result),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        }
    }

    fn answer(&self, request: Request) -> Result<Value, (ErrorCode, String)> {
        let invalid = |e: String| (ErrorCode::InvalidParams, e);
        match request.method.as_str() {
            Completion::METHOD => {
                let params: lsp_types::CompletionParams = parse(request.params).map_err(invalid)?;
                let at = params.text_document_position;
                let (analysis, offset) = self.at(&at.text_document.uri, at.position)?;
                to_json(features::completion(analysis, offset))
            }
            HoverRequest::METHOD => {
                let params: lsp_types::HoverParams = parse(request.params).map_err(invalid)?;
                let at = params.text_document_position_params;
                let (analysis, offset) = self.at(&at.text_document.uri, at.position)?;
                to_json(features::hover(analysis, offset))
            }
            GotoDefinition::METHOD => {
                let params: lsp_types::GotoDefinitionParams =
                    parse(request.params).map_err(invalid)?;
                let at = params.text_document_position_params;
                let uri = at.text_document.uri;
                let (analysis, offset) = self.at(&uri, at.position)?;
                let found: Option<Location> = features::definition(analysis, offset)
                    .map(|span| features::location(analysis, &uri, span));
                to_json(found)
            }
            PrepareRenameRequest::METHOD => {
                let params: lsp_types::TextDocumentPositionParams =
                    parse(request.params).map_err(invalid)?;
                let (analysis, offset) = self.at(&params.text_document.uri, params.position)?;
                let found = features::prepare_rename(analysis, offset).map(|(name, span)| {
                    let index = LineIndex::new(analysis.source.text());
                    PrepareRenameResponse::RangeWithPlaceholder {
                        range: index.range(span.start, span.end),
                        placeholder: name,
                    }
                });
                to_json(found)
            }
            Rename::METHOD => {
                let params: lsp_types::RenameParams = parse(request.params).map_err(invalid)?;
                let at = params.text_document_position;
                let uri = at.text_document.uri;
                let (analysis, offset) = self.at(&uri, at.position)?;
                let edit = features::rename(analysis, offset, &params.new_name, &uri)
                    .map_err(|message| (ErrorCode::RequestFailed, message))?;
                to_json(edit)
            }
            Formatting::METHOD => {
                let params: lsp_types::DocumentFormattingParams =
                    parse(request.params).map_err(invalid)?;
                let analysis = self.document(&params.text_document.uri)?;
                to_json(features::format(analysis))
            }
            DocumentSymbolRequest::METHOD => {
                let params: lsp_types::DocumentSymbolParams =
                    parse(request.params).map_err(invalid)?;
                let analysis = self.document(&params.text_document.uri)?;
                to_json(features::symbols(analysis))
            }
            other => Err((
                ErrorCode::MethodNotFound,
                format!("hbmod lsp does not answer `{other}`"),
            )),
        }
    }

    fn document(&self, uri: &Url) -> Result<&Analysis, (ErrorCode, String)> {
        self.documents
            .get(uri)
            .ok_or_else(|| (ErrorCode::InvalidParams, format!("{uri} is not open")))
    }

    fn at(
        &self,
        uri: &Url,
        position: lsp_types::Position,
    ) -> Result<(&Analysis, usize), (ErrorCode, String)> {
        let analysis = self.document(uri)?;
        let offset = LineIndex::new(analysis.source.text()).offset(position);
        Ok((analysis, offset))
    }
}

/// The diagnostics to publish for a check of `uri`: `diagnostics` on the document, and the
/// diagnostics of the other files it depends on (a broken org config or catalog).
fn publications(
    uri: &Url,
    analysis: &Analysis,
    diagnostics: &[Diagnostic],
    version: Option<i32>,
) -> Vec<Message> {
    let mut messages = vec![publication(
        uri.clone(),
        to_lsp(&analysis.source, diagnostics, uri),
        version,
    )];
    for (path, source, diagnostics) in &analysis.others {
        if let Ok(other) = Url::from_file_path(path) {
            let converted = to_lsp(source, diagnostics, &other);
            messages.push(publication(other, converted, None));
        }
    }
    messages
}

fn publication(uri: Url, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) -> Message {
    Message::Notification(Notification::new(
        PublishDiagnostics::METHOD.to_string(),
        PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        },
    ))
}

fn to_json<T: serde::Serialize>(value: T) -> Result<Value, (ErrorCode, String)> {
    serde_json::to_value(value).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}

fn parse<T: serde::de::DeserializeOwned>(params: Value) -> Result<T, String> {
    serde_json::from_value(params).map_err(|e| format!("invalid parameters: {e}"))
}

/// hbmod diagnostics of `source` as LSP diagnostics: notes and help appended to the message,
/// secondary labels as related information, the code linked to its explanation.
fn to_lsp(
    source: &SourceFile,
    diagnostics: &[Diagnostic],
    uri: &Url,
) -> Vec<lsp_types::Diagnostic> {
    let index = LineIndex::new(source.text());
    diagnostics
        .iter()
        .map(|d| {
            let span = d.primary_span();
            let mut message = d.message.clone();
            for note in &d.notes {
                message.push_str("\nnote: ");
                message.push_str(note);
            }
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let related: Vec<DiagnosticRelatedInformation> = d
                .labels
                .iter()
                .filter(|l| !l.primary)
                .map(|l| DiagnosticRelatedInformation {
                    location: Location::new(uri.clone(), index.range(l.span.start, l.span.end)),
                    message: l.message.clone(),
                })
                .collect();
            let code = d.code.as_str();
            lsp_types::Diagnostic {
                range: index.range(span.start, span.end),
                severity: Some(match d.severity {
                    Severity::Error => DiagnosticSeverity::ERROR,
                    Severity::Warning => DiagnosticSeverity::WARNING,
                }),
                code: Some(NumberOrString::String(code.to_string())),
                code_description: Url::parse(&format!(
                    "https://github.com/hbmod/hbmod/blob/main/compiler/hbmod/src/diagnostic/explanations/{code}.md"
                ))
                .ok()
                .map(|href| CodeDescription { href }),
                source: Some("hbmod".to_string()),
                message,
                related_information: (!related.is_empty()).then_some(related),
                tags: None,
                data: None,
            }
        })
        .collect()
}
