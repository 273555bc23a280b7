//! The temporary workspace of corpus crates: each laid out like `generated-client` (its manifest and
//! hand-written sources, plus the generated `src/generated/`), and cargo run over them.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use super::{Settings, CRATE_PREFIX};
use crate::codegen;

/// The parts of `generated-client` every corpus crate copies; public for the semver test
/// (`xtask/tests/semver.rs`), which lays out its crates the same way.
pub struct Template {
    manifest: String,
    /// Hand-written sources by file name (everything in `src/` outside `src/generated/`).
    sources: BTreeMap<String, String>,
    workspace_package: String,
    /// The `client-runtime` folder, which the manifest names by a path relative to ours.
    runtime: std::path::PathBuf,
    /// The workspace's `Cargo.lock`, so that a temporary workspace resolves the same versions.
    pub lock: String,
}

impl Template {
    pub fn read() -> Result<Template, String> {
        let root = codegen::workspace_root();
        let read = |path: &Path| std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()));
        let client = root.join("generated-client");
        let mut sources = BTreeMap::new();
        let src = client.join("src");
        for entry in std::fs::read_dir(&src).map_err(|e| format!("{}: {e}", src.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.extension().is_some_and(|e| e == "rs") {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                sources.insert(name, read(&path)?);
            }
        }
        let root_manifest = read(&root.join("Cargo.toml"))?;
        // The members inherit edition, rust-version and license from the workspace, as in ours.
        let workspace_package = root_manifest
            .split_once("[workspace.package]")
            .map(|(_, rest)| rest.split("\n[").next().unwrap_or_default().trim().to_string())
            .ok_or("Cargo.toml has no [workspace.package]")?;
        Ok(Template {
            manifest: read(&client.join("Cargo.toml"))?,
            sources,
            workspace_package,
            runtime: root.join("client-runtime"),
            lock: read(&root.join("Cargo.lock"))?,
        })
    }

    /// Writes the manifest and hand-written sources of the crate `corpus-{name}` into `dir`.
    pub fn write(&self, dir: &Path, name: &str) -> Result<(), String> {
        let src = dir.join("src");
        std::fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
        let manifest =
            self.manifest.replacen("name = \"generated-client\"", &format!("name = \"{CRATE_PREFIX}{name}\""), 1);
        // The crate lives elsewhere, so the runtime is named by its absolute path, in a TOML
        // literal string, which takes any path without escaping but one holding a `'`.
        let runtime = self.runtime.to_str().filter(|path| !path.contains('\'')).ok_or_else(|| {
            format!(
                "{}: the runtime's path must be UTF-8 without `'` to be named in a manifest",
                self.runtime.display()
            )
        })?;
        let manifest = manifest.replacen("path = \"../client-runtime\"", &format!("path = '{runtime}'"), 1);
        // The client's examples, benchmarks and their dev-dependencies are its own; a corpus crate
        // has only the library and its generated tests.
        let manifest = match manifest.find("\n[dev-dependencies]") {
            Some(end) => format!("{}\n", manifest[..end].trim_end()),
            None => manifest,
        };
        write_if_changed(&dir.join("Cargo.toml"), &manifest)?;
        for (file, text) in &self.sources {
            write_if_changed(&src.join(file), text)?;
        }
        Ok(())
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
