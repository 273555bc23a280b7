//! The temporary workspace of corpus crates: each made by `xtask codegen --out` in a folder of
//! its own (a new crate: manifest, `lib.rs`, generated modules, the runtime as a path dependency),
//! and cargo run over them.

use std::path::Path;
use std::process::Command;

use super::Settings;
use crate::codegen;

/// What every temporary workspace shares with ours; public for the semver test
/// (`xtask/tests/semver.rs`), which lays out its crates the same way.
pub struct Template {
    workspace_package: String,
    /// The workspace's `Cargo.lock`, so that a temporary workspace resolves the same versions.
    pub lock: String,
}

impl Template {
    pub fn read() -> Result<Template, String> {
        let root = codegen::workspace_root();
        let read = |path: &Path| std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()));
        let root_manifest = read(&root.join("Cargo.toml"))?;
        // Crates written by hand there (the semver test's user programs) inherit edition and
        // rust-version from the workspace, as in ours.
        let workspace_package = root_manifest
            .split_once("[workspace.package]")
            .map(|(_, rest)| rest.split("\n[").next().unwrap_or_default().trim().to_string())
            .ok_or("Cargo.toml has no [workspace.package]")?;
        Ok(Template { workspace_package, lock: read(&root.join("Cargo.lock"))? })
    }

    /// A temporary workspace's manifest, with these member folders.
    pub fn workspace_manifest(&self, members: &[String]) -> String {
        let members: Vec<String> = members.iter().map(|m| format!("    \"{m}\",")).collect();
        format!(
            "# Written by `cargo xtask corpus`; regenerated on every run.\n[workspace]\nresolver = \"2\"\nmembers = [\n{}\n]\n\n[workspace.package]\n{}\n",
            members.join("\n"),
            self.workspace_package
        )
    }
}

/// Writes only when the contents differ, so that cargo's fingerprints stay valid between runs.
pub(super) fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    std::fs::write(path, contents).map_err(|e| format!("{}: {e}", path.display()))
}

pub(super) struct CargoOutput {
    pub(super) success: bool,
    /// Standard output and error, in that order.
    pub(super) text: String,
}

/// Cargo, run in the temporary workspace with its own target folder.
pub(super) fn cargo_command(settings: &Settings) -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(&settings.workspace)
        .env("CARGO_TARGET_DIR", &settings.target)
        .env_remove("CARGO_BUILD_TARGET_DIR");
    command
}

pub(super) fn cargo(settings: &Settings, args: &[&str]) -> Result<CargoOutput, String> {
    let output = cargo_command(settings).args(args).output().map_err(|e| format!("cannot run cargo: {e}"))?;
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    Ok(CargoOutput { success: output.status.success(), text })
}
