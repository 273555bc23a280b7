//! The single sink for generated files: compares them with what is on disk and, unless checking,
//! replaces the stale ones atomically. Nothing is written before every file was generated, so a
//! failed generation leaves the previous output untouched.

use std::path::{Path, PathBuf};

use super::diag::Error;

/// A generated file, by path relative to the output crate.
pub struct File {
    pub path: PathBuf,
    pub contents: String,
}

/// What a run found or changed.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Files whose contents differ from what is on disk (or that are missing).
    pub stale: Vec<PathBuf>,
    /// Generated files on disk that the spec no longer produces.
    pub obsolete: Vec<PathBuf>,
    /// A unified diff of the changes, bounded in length.
    pub diff: String,
}

impl Outcome {
    pub fn is_fresh(&self) -> bool {
        self.stale.is_empty() && self.obsolete.is_empty()
    }
}

/// The folder inside the output crate that belongs to the generator.
pub const GENERATED_DIR: &str = "src/generated";

const MAX_DIFF_LINES: usize = 200;

/// A unified diff of two texts, for reports.
pub fn diff(old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header("generator", "prettyplease")
        .to_string()
}

pub fn apply(out: &Path, files: &[File], check: bool) -> Result<Outcome, Error> {
    let mut outcome = Outcome::default();
    let mut diff_lines = 0;
    for file in files {
        let target = out.join(&file.path);
        let current = std::fs::read_to_string(&target).ok();
        if current.as_deref() == Some(file.contents.as_str()) {
            continue;
        }
        outcome.stale.push(file.path.clone());
        if diff_lines < MAX_DIFF_LINES {
            let old = current.unwrap_or_default();
            let diff = similar::TextDiff::from_lines(&old, &file.contents);
            let display = file.path.display().to_string();
            let unified = diff
                .unified_diff()
                .context_radius(2)
                .header(&format!("a/{display}"), &format!("b/{display}"))
                .to_string();
            for line in unified.lines() {
                if diff_lines == MAX_DIFF_LINES {
                    outcome.diff.push_str("... (diff cut here)\n");
                    break;
                }
                outcome.diff.push_str(line);
                outcome.diff.push('\n');
                diff_lines += 1;
            }
        }
    }
    let generated_dir = out.join(GENERATED_DIR);
    if let Ok(entries) = std::fs::read_dir(&generated_dir) {
        let mut names: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .map(|e| Path::new(GENERATED_DIR).join(e.file_name()))
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .filter(|p| !files.iter().any(|f| &f.path == p))
            .collect();
        names.sort();
        outcome.obsolete = names;
    }
    if check || outcome.is_fresh() {
        return Ok(outcome);
    }
    std::fs::create_dir_all(&generated_dir)
        .map_err(|e| Error::other(format!("{}: cannot create the folder: {e}", generated_dir.display())))?;
    // Write every new file beside its target first, then rename: a rename within a folder is atomic,
    // so readers never see half a file.
    let mut staged = Vec::new();
    for path in &outcome.stale {
        let file = files.iter().find(|f| &f.path == path).expect("stale paths come from the files");
        let target = out.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::other(format!("{}: cannot create the folder: {e}", parent.display())))?;
        }
        // Beside the target under a name no generated file has (`types.rs.tmp`, `api.txt.tmp`).
        let mut temp = target.clone().into_os_string();
        temp.push(".tmp");
        let temp = PathBuf::from(temp);
        if let Err(e) = std::fs::write(&temp, &file.contents) {
            for (temp, _) in &staged {
                let _ = std::fs::remove_file(temp);
            }
            let _ = std::fs::remove_file(&temp);
            return Err(Error::other(format!("{}: cannot write: {e}", temp.display())));
        }
        staged.push((temp, target));
    }
    for (temp, target) in staged {
        std::fs::rename(&temp, &target)
            .map_err(|e| Error::other(format!("{}: cannot replace: {e}", target.display())))?;
    }
    for path in &outcome.obsolete {
        let target = out.join(path);
        std::fs::remove_file(&target).map_err(|e| Error::other(format!("{}: cannot remove: {e}", target.display())))?;
    }
    Ok(outcome)
}
