//! Where OAuth tokens are kept between refreshes: the `TokenStore` trait, a store in memory and a
//! file store that writes atomically, readable by its owner only, and locks out other processes.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::auth::{AuthError, BoxFuture};

/// The tokens of one installation of an app, as a store keeps them. `Debug` shows neither token.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredTokens {
    /// The access token sent as `Authorization: Bearer`.
    pub access_token: String,
    /// The refresh token: spent by its one use, which returns the next.
    pub refresh_token: String,
    /// When the access token expires, in seconds since the Unix epoch.
    pub expires_at: u64,
    /// `Company` (an Agency token) or `Location` (a Sub-Account token), sent back on refresh.
    pub user_type: String,
    /// The Agency the tokens belong to, when HighLevel said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_id: Option<String>,
    /// The Sub-Account the tokens belong to, for `Location` tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_id: Option<String>,
}

impl StoredTokens {
    /// Whether the access token is still good `margin` from now.
    pub fn fresh_for(&self, margin: Duration) -> bool {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        (now + margin).as_secs() < self.expires_at
    }
}

impl fmt::Debug for StoredTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredTokens")
            .field("access_token", &"<redacted>")
            .field("refresh_token", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .field("user_type", &self.user_type)
            .field("company_id", &self.company_id)
            .field("location_id", &self.location_id)
            .finish()
    }
}

/// A held lock of a store; dropping it lets the next refresher in.
pub type StoreLock = Box<dyn Send>;

/// Keeps the tokens of one installation between refreshes, and between runs.
///
/// A refresh holds [`lock`](Self::lock) from reading the refresh token to saving the next, so
/// that refreshers sharing the store (clients, processes) never spend one refresh token twice.
/// [`save`](Self::save) must be durable when it returns: the refresh token it was given is the
/// only one left.
pub trait TokenStore: Send + Sync {
    /// The stored tokens; `None` when there are none yet.
    fn load(&self) -> BoxFuture<'_, Result<Option<StoredTokens>, AuthError>>;
    /// Replaces the stored tokens.
    fn save<'a>(&'a self, tokens: &'a StoredTokens) -> BoxFuture<'a, Result<(), AuthError>>;
    /// Waits until no other refresher holds the store, and holds it until the lock is dropped.
    fn lock(&self) -> BoxFuture<'_, Result<StoreLock, AuthError>>;
}

impl<T: TokenStore + ?Sized> TokenStore for Arc<T> {
    fn load(&self) -> BoxFuture<'_, Result<Option<StoredTokens>, AuthError>> {
        (**self).load()
    }
    fn save<'a>(&'a self, tokens: &'a StoredTokens) -> BoxFuture<'a, Result<(), AuthError>> {
        (**self).save(tokens)
    }
    fn lock(&self) -> BoxFuture<'_, Result<StoreLock, AuthError>> {
        (**self).lock()
    }
}

/// Tokens in memory, for tests and for processes that receive their tokens some other way.
/// Share one between sources as an `Arc<MemoryStore>`.
#[derive(Default)]
pub struct MemoryStore {
    tokens: Mutex<Option<StoredTokens>>,
    refreshing: Arc<tokio::sync::Mutex<()>>,
}

impl MemoryStore {
    /// A store holding `tokens`.
    pub fn new(tokens: StoredTokens) -> Self {
        MemoryStore { tokens: Mutex::new(Some(tokens)), refreshing: Arc::default() }
    }

    fn get(&self) -> std::sync::MutexGuard<'_, Option<StoredTokens>> {
        self.tokens.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("MemoryStore").field(&*self.get()).finish()
    }
}

impl TokenStore for MemoryStore {
    fn load(&self) -> BoxFuture<'_, Result<Option<StoredTokens>, AuthError>> {
        let tokens = self.get().clone();
        Box::pin(async move { Ok(tokens) })
    }
    fn save<'a>(&'a self, tokens: &'a StoredTokens) -> BoxFuture<'a, Result<(), AuthError>> {
        *self.get() = Some(tokens.clone());
        Box::pin(async { Ok(()) })
    }
    fn lock(&self) -> BoxFuture<'_, Result<StoreLock, AuthError>> {
        Box::pin(async { Ok(Box::new(self.refreshing.clone().lock_owned().await) as StoreLock) })
    }
}

/// Tokens in a JSON file. Each save writes a new file beside it (mode 0600 on Unix), syncs it to
/// disk and renames it over the old one, so the file always holds one whole set of tokens. The
/// lock is an advisory lock (`flock`) on `<file>.lock`, which the system releases when a process
/// dies, so processes sharing the file take turns.
#[derive(Debug, Clone)]
pub struct FileStore {
    path: PathBuf,
}

impl FileStore {
    /// A store in `path` (which need not exist yet).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileStore { path: path.into() }
    }

    fn sibling(&self, suffix: &str) -> PathBuf {
        let mut name = self.path.file_name().unwrap_or_default().to_os_string();
        name.push(suffix);
        self.path.with_file_name(name)
    }

    fn read(&self) -> Result<Option<StoredTokens>, AuthError> {
        match std::fs::read(&self.path) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(store_error("cannot be read", &self.path, error)),
            Ok(bytes) => {
                serde_json::from_slice(&bytes).map(Some).map_err(|e| store_error("is not JSON", &self.path, e))
            }
        }
    }

    fn write(&self, tokens: &StoredTokens) -> Result<(), AuthError> {
        let temporary = self.sibling(&format!(".{}.tmp", std::process::id()));
        let bytes = serde_json::to_vec_pretty(tokens).map_err(|e| store_error("cannot be written", &self.path, e))?;
        let written = write_private(&temporary, &bytes)
            .and_then(|()| std::fs::rename(&temporary, &self.path))
            .and_then(|()| sync_folder(&self.path));
        written.map_err(|error| {
            let _ = std::fs::remove_file(&temporary);
            store_error("cannot be written", &self.path, error)
        })
    }
}

fn store_error(what: &str, path: &Path, error: impl fmt::Display) -> AuthError {
    AuthError::new(format!("the token file {} {what}: {error}", path.display()))
}

/// Writes a new file that only its owner may read, and syncs it to disk.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Syncs the folder of `path`, so that a rename survives a crash; not possible everywhere.
fn sync_folder(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    if let Some(folder) = path.parent().filter(|folder| !folder.as_os_str().is_empty()) {
        std::fs::File::open(folder)?.sync_all()?;
    }
    let _ = path;
    Ok(())
}

impl TokenStore for FileStore {
    fn load(&self) -> BoxFuture<'_, Result<Option<StoredTokens>, AuthError>> {
        Box::pin(async { self.read() })
    }
    fn save<'a>(&'a self, tokens: &'a StoredTokens) -> BoxFuture<'a, Result<(), AuthError>> {
        Box::pin(async { self.write(tokens) })
    }
    fn lock(&self) -> BoxFuture<'_, Result<StoreLock, AuthError>> {
        Box::pin(async {
            let path = self.sibling(".lock");
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|error| store_error("lock cannot be opened", &path, error))?;
            // Polled rather than waited for, so that no thread of the runtime blocks; the call's
            // deadline bounds the wait.
            while !try_lock(&file).map_err(|error| store_error("cannot be locked", &path, error))? {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            Ok(Box::new(file) as StoreLock)
        })
    }
}

/// Takes the advisory lock of `file` if no one holds it; closing the file releases it.
#[cfg(unix)]
fn try_lock(file: &std::fs::File) -> std::io::Result<bool> {
    use std::os::unix::io::AsRawFd;
    // SAFETY: `flock` only reads the descriptor, which `file` keeps open for the call.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        return Ok(true);
    }
    let error = std::io::Error::last_os_error();
    if error.raw_os_error() == Some(libc::EWOULDBLOCK) {
        Ok(false)
    } else {
        Err(error)
    }
}

/// Elsewhere the lock file is not locked: there, share a file store between processes only when
/// they never refresh at the same time.
#[cfg(not(unix))]
fn try_lock(_file: &std::fs::File) -> std::io::Result<bool> {
    Ok(true)
}
