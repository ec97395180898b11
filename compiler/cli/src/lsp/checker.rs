//! The slow half of checking a document, on a worker thread: each change's text in; its
//! complete diagnostics out (expansion and org policies included, as `hbmod check` reports
//! them), published unless a newer change of the document came first.
//!
//! The server publishes the front end's diagnostics at once, with the previous check's
//! expansion and policy findings carried over to the instances they were on (so they neither
//! flicker nor point at moved lines), then hands the text to this worker. A burst of changes
//! is checked once, for its last text. After the complete diagnostics of a version, the worker
//! sends `$/hbmod/checked` (`{uri, version}`): clients ignore `$/` notifications they do not
//! know; tests and benches wait for it.

use std::collections::HashMap;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

use hbmod::diagnostic::{Code, Diagnostic};
use hbmod::ir::Plan;
use hbmod::memo::Memo;
use hbmod::source::{SourceFile, Span};
use hbmod::syntax::ast;
use hbmod::workspace::Setup;
use lsp_server::{Message, Notification};
use lsp_types::Url;

use crate::repo::Repository;

/// The method of the notification sent once a version's diagnostics are complete.
pub const CHECKED: &str = "$/hbmod/checked";

/// Codes only the stages after resolution report: a module's refusal or bug, and org
/// policies. They are what the front end cannot know and what is carried over.
const LATE: [Code; 3] = [Code::HB0048, Code::HB0052, Code::HB0054];

/// Sends a message to the client.
pub type Send = Arc<dyn Fn(Message) + std::marker::Send + Sync>;

/// One document to check completely: what the server's front-end check resolved.
pub struct Job {
    /// The document.
    pub uri: Url,
    /// The server's count of this document's changes when the job was made.
    pub generation: u64,
    /// Its LSP version.
    pub version: Option<i32>,
    /// Its text.
    pub source: SourceFile,
    /// Its repository and set-up.
    pub repo: Repository,
    /// Its set-up (org config and catalog).
    pub setup: Setup,
    /// The resolved spec.
    pub plan: Plan,
    /// The front end's diagnostics (no error among them).
    pub front: Vec<Diagnostic>,
}

enum Work {
    Check(Box<Job>),
    Close(Url),
}

/// What the server and the worker share.
#[derive(Default)]
struct Shared {
    /// Per document, the count of its changes: a result for an older one is dropped.
    generations: HashMap<Url, u64>,
    /// Per document, the late diagnostics of its last complete check, by instance name.
    late: HashMap<Url, Vec<(String, Diagnostic)>>,
}

/// The worker and what it shares with the server.
pub struct Checker {
    /// `None` when the worker thread could not start: jobs then run on the caller's thread.
    work: Option<Sender<Work>>,
    shared: Arc<Mutex<Shared>>,
    thread: Option<JoinHandle<()>>,
    send: Send,
}

impl Checker {
    /// Starts the worker; it sends to the client through `send`.
    pub fn start(send: Send) -> Checker {
        let (work, jobs) = channel();
        let shared = Arc::new(Mutex::new(Shared::default()));
        let (for_worker, send_for_worker) = (Arc::clone(&shared), Arc::clone(&send));
        let thread = std::thread::Builder::new()
            .name("hbmod-lsp-check".to_string())
            .spawn(move || run(&jobs, &for_worker, &send_for_worker))
            .ok();
        Checker {
            work: thread.as_ref().map(|_| work),
            shared,
            thread,
            send,
        }
    }

    /// Counts a change of `uri`: results of checks of earlier changes are no longer published.
    pub fn changed(&self, uri: &Url) -> u64 {
        let mut shared = lock(&self.shared);
        let generation = shared.generations.entry(uri.clone()).or_default();
        *generation += 1;
        *generation
    }

    /// The late diagnostics of the document's last complete check, moved to the instances of
    /// `file` with the same names (instances that are gone lose theirs).
    pub fn carried(&self, uri: &Url, file: &ast::File) -> Vec<Diagnostic> {
        let shared = lock(&self.shared);
        let Some(late) = shared.late.get(uri) else {
            return Vec::new();
        };
        let spans: HashMap<&str, Span> = instances(file).collect();
        late.iter()
            .filter_map(|(name, diagnostic)| {
                let span = *spans.get(name.as_str())?;
                let mut moved = diagnostic.clone();
                for label in &mut moved.labels {
                    label.span = span;
                }
                Some(moved)
            })
            .collect()
    }

    /// Checks the document completely on the worker (if the thread could not start, here).
    pub fn check(&self, job: Job) {
        let job = match &self.work {
            Some(work) => match work.send(Work::Check(Box::new(job))) {
                Ok(()) => return,
                Err(std::sync::mpsc::SendError(Work::Check(job))) => *job,
                Err(_) => return,
            },
            None => job,
        };
        let (jobs_in, jobs) = channel();
        if jobs_in.send(Work::Check(Box::new(job))).is_ok() {
            drop(jobs_in);
            run(&jobs, &self.shared, &self.send);
        }
    }

    /// Forgets a closed document.
    pub fn close(&self, uri: &Url) {
        {
            let mut shared = lock(&self.shared);
            shared.late.remove(uri);
            *shared.generations.entry(uri.clone()).or_default() += 1;
        }
        if let Some(work) = &self.work {
            let _ = work.send(Work::Close(uri.clone()));
        }
    }
}

impl Drop for Checker {
    fn drop(&mut self) {
        // Closing the channel ends the worker's loop.
        self.work = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn lock(shared: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    shared
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The instances of `file` with their spans (the span diagnostics about an instance carry).
fn instances(file: &ast::File) -> impl Iterator<Item = (&str, Span)> {
    file.items.iter().filter_map(|item| match item {
        ast::Item::Instance(block) => block.name.as_ref().map(|n| (n.name.as_str(), block.span)),
        _ => None,
    })
}

/// The notification that a version's diagnostics are complete.
pub fn checked(uri: &Url, version: Option<i32>) -> Message {
    Message::Notification(Notification::new(
        CHECKED.to_string(),
        serde_json::json!({ "uri": uri, "version": version }),
    ))
}

/// The worker's loop: takes every queued job, checks the newest of each document.
fn run(jobs: &Receiver<Work>, shared: &Mutex<Shared>, send: &Send) {
    let mut memos: HashMap<Url, Memo> = HashMap::new();
    while let Ok(first) = jobs.recv() {
        let mut newest: Vec<Box<Job>> = Vec::new();
        for work in std::iter::once(first).chain(jobs.try_iter()) {
            match work {
                Work::Check(job) => {
                    newest.retain(|j| j.uri != job.uri);
                    newest.push(job);
                }
                Work::Close(uri) => {
                    newest.retain(|j| j.uri != uri);
                    memos.remove(&uri);
                }
            }
        }
        for job in newest {
            let current =
                |shared: &Shared| shared.generations.get(&job.uri) == Some(&job.generation);
            if !current(&lock(shared)) {
                continue;
            }
            let memo = memos.entry(job.uri.clone()).or_default();
            let (_, diagnostics) = job
                .setup
                .build_resolved(&job.repo, &job.plan, job.front, memo);
            let late = late(&job.plan, &diagnostics);
            let mut guard = lock(shared);
            if !current(&guard) {
                continue;
            }
            // Published while holding the lock: a newer change cannot be published in between
            // and then be overwritten by this older result.
            let converted = super::to_lsp(&job.source, &diagnostics, &job.uri);
            send(super::publication(job.uri.clone(), converted, job.version));
            send(checked(&job.uri, job.version));
            guard.late.insert(job.uri, late);
        }
    }
}

/// The late diagnostics of a complete check, each with the name of its instance.
fn late(plan: &Plan, diagnostics: &[Diagnostic]) -> Vec<(String, Diagnostic)> {
    let by_span: HashMap<Span, &str> = plan
        .instances
        .iter()
        .map(|i| (i.span, i.name.as_str()))
        .collect();
    diagnostics
        .iter()
        .filter(|d| LATE.contains(&d.code))
        .filter_map(|d| Some(((*by_span.get(&d.primary_span())?).to_string(), d.clone())))
        .collect()
}
