//! An `Invocation` in, the child process run with its output streamed through out (exit code,
//! and what it wrote to stderr, for hbmod's own explanation of known failures). Interrupts:
//! while a child runs, hbmod keeps running and the child gets Ctrl-C exactly once — from the
//! terminal, which signals the whole foreground process group, or forwarded by hbmod when the
//! signal was sent to hbmod alone (`kill -INT`, a CI runner's SIGTERM) — so that Terraform stops
//! gracefully and releases its state lock. Between children an interrupt ends hbmod at once.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError};

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::exfiltrator::WithOrigin;
use signal_hook::iterator::SignalsInfo;
use signal_hook::low_level::siginfo::Cause;

use super::steps::Invocation;

/// At most this much of a child's stderr is kept for explanations (the rest still streams).
const KEEP_STDERR: usize = 256 * 1024;

/// The program's path when `program` is found on `PATH` (or is a path to a file).
pub fn on_path(program: &str) -> Option<PathBuf> {
    if program.contains('/') {
        return Path::new(program).is_file().then(|| PathBuf::from(program));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

#[derive(Default)]
struct State {
    /// The running child's process id.
    child: Option<i32>,
    /// An interrupt reached the running child (from the terminal or forwarded).
    interrupted: bool,
}

/// Runs children one at a time, with interrupts handled as the module says.
pub struct Runner {
    state: Arc<Mutex<State>>,
}

/// How a child ended.
pub struct Ran {
    /// Its exit code (`None`: ended by a signal).
    pub code: Option<i32>,
    /// Its stdout, when captured.
    pub stdout: String,
    /// The last part of its stderr.
    pub stderr: String,
}

impl Ran {
    /// Exit code 0.
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }
}

impl Runner {
    /// Starts watching SIGINT and SIGTERM for the rest of the process.
    pub fn start() -> Result<Runner, String> {
        let state = Arc::new(Mutex::new(State::default()));
        let mut signals = SignalsInfo::<WithOrigin>::new([SIGINT, SIGTERM])
            .map_err(|e| format!("cannot watch for Ctrl-C: {e}"))?;
        let watched = Arc::clone(&state);
        std::thread::spawn(move || {
            for origin in signals.forever() {
                let mut state = watched.lock().unwrap_or_else(PoisonError::into_inner);
                let Some(child) = state.child else {
                    eprintln!("\nhbmod: interrupted; nothing more is run");
                    std::process::exit(1);
                };
                if state.interrupted {
                    eprintln!(
                        "\nhbmod: still waiting for Terraform to stop and release its state lock"
                    );
                    continue;
                }
                state.interrupted = true;
                // A terminal's Ctrl-C (sent by the kernel to the whole foreground group) has
                // reached the child already; a signal sent to hbmod alone is passed on, once.
                let from_terminal = origin.signal == SIGINT && origin.cause == Cause::Kernel;
                if !from_terminal {
                    if let Some(pid) = rustix::process::Pid::from_raw(child) {
                        let _ = rustix::process::kill_process(pid, rustix::process::Signal::INT);
                    }
                }
                eprintln!("\nhbmod: interrupt passed to Terraform once; waiting for it to stop and release its state lock");
            }
        });
        Ok(Runner { state })
    }

    /// Whether an interrupt reached a child.
    pub fn interrupted(&self) -> bool {
        self.lock().interrupted
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `invocation`, stdout streamed through (or captured), stderr streamed through and
    /// kept; `Err` when it cannot be started.
    pub fn run(&self, invocation: &Invocation, capture_stdout: bool) -> Result<Ran, String> {
        let mut command = Command::new(&invocation.program);
        command
            .args(&invocation.args)
            .current_dir(&invocation.dir)
            .envs(invocation.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::inherit())
            .stdout(if capture_stdout {
                Stdio::piped()
            } else {
                Stdio::inherit()
            })
            .stderr(Stdio::piped());
        let mut child = {
            let mut state = self.lock();
            let child = command
                .spawn()
                .map_err(|e| format!("cannot run `{}`: {e}", invocation.program))?;
            state.child = i32::try_from(child.id()).ok();
            child
        };
        let stdout = child.stdout.take().map(|mut out| {
            std::thread::spawn(move || {
                let mut text = String::new();
                let _ = out.read_to_string(&mut text);
                text
            })
        });
        // The relay ends when every holder of the pipe has closed it; a grandchild that outlives
        // the child (a stray plugin) must not keep hbmod waiting, so its end is awaited briefly.
        let (sender, receiver) = std::sync::mpsc::channel();
        if let Some(err) = child.stderr.take() {
            std::thread::spawn(move || {
                let _ = sender.send(relay(err));
            });
        }
        let status = child.wait();
        self.lock().child = None;
        let stdout = stdout.and_then(|h| h.join().ok()).unwrap_or_default();
        let stderr = receiver
            .recv_timeout(std::time::Duration::from_secs(2))
            .unwrap_or_default();
        let status =
            status.map_err(|e| format!("cannot wait for `{}`: {e}", invocation.program))?;
        Ok(Ran {
            code: status.code(),
            stdout,
            stderr,
        })
    }
}

/// Copies a child's stderr to ours as it comes, keeping the last `KEEP_STDERR` bytes.
fn relay(mut from: impl std::io::Read) -> String {
    let mut kept: Vec<u8> = Vec::new();
    let mut buffer = [0u8; 8192];
    let mut to = std::io::stderr();
    loop {
        match from.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => {
                let chunk = buffer.get(..n).unwrap_or_default();
                let _ = to.write_all(chunk);
                let _ = to.flush();
                kept.extend_from_slice(chunk);
                if kept.len() > KEEP_STDERR {
                    kept.drain(..kept.len() - KEEP_STDERR);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    String::from_utf8_lossy(&kept).into_owned()
}
