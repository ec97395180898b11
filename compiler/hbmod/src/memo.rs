//! One spec's previous build, per instance, in; its results out again for the next build of
//! that spec wherever an instance's inputs are byte-equal: the expanded and printed file, and
//! the org policy violations found in it. An editor re-checks a 1,000-instance spec after each
//! keystroke (`hbmod lsp`); with a memo only the instances the edit changed are expanded,
//! printed and policy-checked again. A plain `hbmod build` has no memo.
//!
//! Keys are the full inputs compared as strings (the catalog by its SHA-256), not hashes of
//! them: a reused result is the result the build would compute. Entries of instances that are
//! gone are dropped after each build.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard};

use crate::emit::GeneratedFile;

/// Why an instance produced no file: (instance, message).
#[derive(Debug, Clone)]
pub(crate) enum Failure {
    /// The template or its output is broken: a catalog bug.
    Bug(String, String),
    /// The template refused the values it was given: the spec's to fix.
    Refused(String, String),
}

/// One policy violation in an instance's file, without borrowing its rule.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    /// The rule's index in the rules the check was given.
    pub rule: usize,
    /// Placeholder values for the rule's message.
    pub facts: Vec<(&'static str, String)>,
}

/// What a build of one instance gave.
struct Entry {
    /// The expansion input (`expand::InstanceInput::key`) and the renames in force.
    key: String,
    result: Result<GeneratedFile, Failure>,
    /// The violations found in the file under the memo's policy context.
    checked: Option<Vec<Found>>,
}

#[derive(Default)]
struct State {
    /// The catalog the entries were built against (`Catalog::fingerprint`).
    catalog: String,
    /// By instance name.
    entries: HashMap<String, Entry>,
    /// What the policy violations were found under: the shared files, rules and org settings.
    policy: String,
    /// Instances looked up by the build under way.
    used: HashSet<String>,
    /// What the last build reused.
    reused: Reused,
}

/// What one build took from the memo instead of computing it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reused {
    /// Instance files not expanded, printed nor formatted again.
    pub expanded: usize,
    /// Files whose policy violations were not looked for again.
    pub checked: usize,
}

/// The per-instance results of one spec's previous build. Shared by the build's threads.
#[derive(Default)]
pub struct Memo {
    state: Mutex<State>,
}

impl Memo {
    /// An empty memo.
    pub fn new() -> Self {
        Memo::default()
    }

    /// What the last build took from the memo.
    pub fn reused(&self) -> Reused {
        self.lock().reused
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere cannot leave the maps half-updated: each update is one insert.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Starts a build against the catalog with `fingerprint`: a different catalog forgets all.
    pub(crate) fn start(&self, fingerprint: &str) {
        let mut state = self.lock();
        if state.catalog != fingerprint {
            state.entries.clear();
            state.catalog = fingerprint.to_string();
        }
        state.used.clear();
        state.reused = Reused::default();
    }

    /// Ends a build: entries of instances it did not look up are dropped.
    pub(crate) fn finish(&self) {
        let mut state = self.lock();
        let used = std::mem::take(&mut state.used);
        state.entries.retain(|name, _| used.contains(name));
    }

    /// The expansion of `instance` when its key is the one given.
    pub(crate) fn expanded(
        &self,
        instance: &str,
        key: &str,
    ) -> Option<Result<GeneratedFile, Failure>> {
        let mut state = self.lock();
        state.used.insert(instance.to_string());
        let found = state
            .entries
            .get(instance)
            .filter(|entry| entry.key == key)
            .map(|entry| entry.result.clone());
        state.reused.expanded += usize::from(found.is_some());
        found
    }

    /// Records the expansion of `instance` under `key`.
    pub(crate) fn expand(
        &self,
        instance: &str,
        key: String,
        result: &Result<GeneratedFile, Failure>,
    ) {
        let mut state = self.lock();
        state.used.insert(instance.to_string());
        state.entries.insert(
            instance.to_string(),
            Entry {
                key,
                result: result.clone(),
                checked: None,
            },
        );
    }

    /// Sets what policy checks run under (`policy::check`'s shared files and rules): when it
    /// differs from the last build's, no violation found then is reused.
    pub(crate) fn policy_context(&self, context: String) {
        let mut state = self.lock();
        if state.policy != context {
            state
                .entries
                .values_mut()
                .for_each(|entry| entry.checked = None);
            state.policy = context;
        }
    }

    /// The violations found in `file` of `instance` (or of a shared file, by its stem), when
    /// that very file was checked under the current policy context before.
    pub(crate) fn checked(&self, instance: &str, file: &GeneratedFile) -> Option<Vec<Found>> {
        let mut state = self.lock();
        state.used.insert(instance.to_string());
        let entry = state.entries.get(instance)?;
        let found = match (&entry.result, &entry.checked) {
            (Ok(built), Some(found)) if built == file => Some(found.clone()),
            _ => None,
        };
        state.reused.checked += usize::from(found.is_some());
        found
    }

    /// Records the violations found in the file of `instance` (or of a shared file, by its
    /// stem) under the current context.
    pub(crate) fn check(&self, instance: &str, file: &GeneratedFile, found: Vec<Found>) {
        let mut state = self.lock();
        state.used.insert(instance.to_string());
        let entry = state
            .entries
            .entry(instance.to_string())
            .or_insert_with(|| Entry {
                // No expansion key is empty: a shared file's entry serves policy checks only.
                key: String::new(),
                result: Ok(file.clone()),
                checked: None,
            });
        if entry.result.as_ref().is_ok_and(|built| built == file) {
            entry.checked = Some(found);
        } else if entry.key.is_empty() {
            entry.result = Ok(file.clone());
            entry.checked = Some(found);
        }
    }
}
