//! `cargo xtask corpus`: generates a client from every HighLevel spec in `../shared/highlevel-openapi/apps`
//! and compiles them all, optionally running their example tests, and prints one table row per spec.
//!
//! Each spec becomes a crate laid out like `generated-client` (its `Cargo.toml` and hand-written
//! sources, plus the generated `src/generated/`). All crates are members of one temporary workspace
//! under `target/corpus-ws` that shares one target folder (`target/corpus`), so the dependencies
//! compile once. The target folder is not the main one: `cargo test` holds the main one's lock
//! while the corpus test runs a nested `cargo`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::codegen::{self, Options};

/// Where the official specs are expected, relative to the workspace root.
pub const DEFAULT_APPS: &str = "../shared/highlevel-openapi/apps";

/// The prefix of every corpus crate's package name, so they cannot clash with the workspace's.
const CRATE_PREFIX: &str = "corpus-";

/// What to run over the corpus.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The folder holding the `*.json` specs, or `None` when the corpus is absent.
    pub apps: Option<PathBuf>,
    /// Other specs to compile alongside, by crate name: the generator's fixtures, whose output is
    /// otherwise only compared as text.
    pub fixtures: Vec<(String, PathBuf)>,
    /// The temporary workspace the crates are written into.
    pub workspace: PathBuf,
    /// The target folder the temporary workspace builds into.
    pub target: PathBuf,
    /// Whether to run every crate's example tests after compiling (slow: it links 41 test binaries).
    pub examples: bool,
    /// Whether spec warnings fail the spec (`--strict`).
    pub strict: bool,
}

impl Settings {
    /// The corpus next to the workspace (if present) and the fixtures that are meant to generate.
    pub fn new() -> Settings {
        let root = codegen::workspace_root();
        let apps =
            std::env::var_os("HIGHLEVEL_OPENAPI_APPS").map(PathBuf::from).unwrap_or_else(|| root.join(DEFAULT_APPS));
        Settings {
            apps: apps.is_dir().then_some(apps),
            fixtures: fixtures(&root.join("xtask/test_data")),
            workspace: root.join("target/corpus-ws"),
            target: root.join("target/corpus"),
            examples: false,
            strict: false,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings::new()
    }
}

/// The fixture specs whose expected output is code rather than an error.
fn fixtures(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|case| case.join("spec.yaml").is_file() && !case.join("expected/error.txt").exists())
        .map(|case| {
            let name = case.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            (format!("fixture-{name}"), case.join("spec.yaml"))
        })
        .collect();
    found.sort();
    found
}

/// The outcome for one spec.
#[derive(Debug, Clone, Default)]
pub struct SpecReport {
    /// The spec's file stem, e.g. `contacts`.
    pub name: String,
    pub operations: usize,
    /// Why generation failed, if it did.
    pub error: Option<String>,
    pub warnings: Vec<String>,
    /// `None` when the crate was not compiled (generation failed).
    pub compiles: Option<bool>,
    /// Examples of the spec, as generated tests.
    pub examples: usize,
    /// Filled in when the example tests ran.
    pub example_results: Option<ExampleResults>,
}

impl SpecReport {
    pub fn generated(&self) -> bool {
        self.error.is_none()
    }
}

/// How the generated example tests of one spec fared.
#[derive(Debug, Clone, Default)]
pub struct ExampleResults {
    /// Examples that deserialize into their type and serialize back to the same JSON.
    pub round_trip: usize,
    /// Examples that deserialize but lose or change something on the way back (for example
    /// properties the schema does not declare).
    pub parsed_but_changed: Vec<String>,
    /// Examples that do not deserialize: the spec's example contradicts its own schema.
    pub rejected: Vec<String>,
}

impl ExampleResults {
    pub fn parsed(&self) -> usize {
        self.round_trip + self.parsed_but_changed.len()
    }
}

/// The whole run: one report per spec, sorted by name, and the compiler's output on failure.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub specs: Vec<SpecReport>,
    /// The compiler's diagnostics when some crate did not compile.
    pub compiler_output: String,
}

impl Report {
    /// Whether every spec generated and compiled (and, under `strict`, gave no warning).
    pub fn all_ok(&self, strict: bool) -> bool {
        self.specs.iter().all(|s| s.generated() && s.compiles == Some(true) && (!strict || s.warnings.is_empty()))
    }

    /// A Markdown table: spec, operations, generated, compiles, warnings, examples parsed.
    pub fn table(&self) -> String {
        let mut out = String::from(
            "| spec | operations | generated | compiles | warnings | examples parsed |\n|---|---:|---|---|---:|---|\n",
        );
        let yes_no = |b: bool| if b { "yes" } else { "no" };
        for spec in &self.specs {
            let compiles = spec.compiles.map(yes_no).unwrap_or("-");
            let examples = match &spec.example_results {
                Some(r) => format!("{}/{}", r.parsed(), spec.examples),
                None => format!("not run ({})", spec.examples),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                spec.name,
                spec.operations,
                yes_no(spec.generated()),
                compiles,
                spec.warnings.len(),
                examples
            );
        }
        let total = |f: &dyn Fn(&SpecReport) -> usize| self.specs.iter().map(f).sum::<usize>();
        let parsed = total(&|s| s.example_results.as_ref().map_or(0, ExampleResults::parsed));
        let _ = writeln!(
            out,
            "| **total** | {} | {}/{} | {}/{} | {} | {} |",
            total(&|s| s.operations),
            total(&|s| usize::from(s.generated())),
            self.specs.len(),
            total(&|s| usize::from(s.compiles == Some(true))),
            self.specs.len(),
            total(&|s| s.warnings.len()),
            if self.specs.iter().any(|s| s.example_results.is_some()) {
                format!("{parsed}/{}", total(&|s| s.examples))
            } else {
                format!("not run ({})", total(&|s| s.examples))
            }
        );
        out
    }
}

/// Generates every spec, compiles the crates, and runs the example tests if asked.
pub fn run(settings: &Settings) -> Result<Report, String> {
    let mut specs: Vec<(String, PathBuf)> = settings.fixtures.clone();
    if let Some(apps) = &settings.apps {
        let mut corpus: Vec<PathBuf> = std::fs::read_dir(apps)
            .map_err(|e| format!("{}: {e}", apps.display()))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|e| e == "json"))
            .collect();
        corpus.sort();
        if corpus.is_empty() {
            return Err(format!("{}: no *.json specs", apps.display()));
        }
        specs.extend(
            corpus
                .into_iter()
                .map(|path| (path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(), path)),
        );
    }
    let template = Template::read()?;
    std::fs::create_dir_all(&settings.workspace).map_err(|e| format!("{}: {e}", settings.workspace.display()))?;

    let mut report = Report::default();
    let mut members = Vec::new();
    for (name, spec) in &specs {
        let dir = settings.workspace.join(name);
        let name = name.clone();
        let mut entry = SpecReport { name: name.clone(), ..SpecReport::default() };
        let options = Options {
            spec: spec.clone(),
            out: dir.clone(),
            check: false,
            strict: false,
            // HighLevel's examples contradict their schemas in places; the example tests count them.
            allow_invalid_examples: true,
            allow_dangling_refs: true,
            verify_formatting: true,
        };
        match template.write(&dir, &name).and_then(|()| codegen::run(&options).map_err(|e| e.to_string())) {
            Ok((generated, _)) => {
                entry.operations = generated.operations;
                entry.examples = generated.examples;
                entry.warnings = generated.warnings.iter().map(ToString::to_string).collect();
                members.push(name);
            }
            Err(error) => entry.error = Some(error),
        }
        report.specs.push(entry);
    }
    write_if_changed(&settings.workspace.join("Cargo.toml"), &template.workspace_manifest(&members))?;
    write_if_changed(&settings.workspace.join("Cargo.lock"), &template.lock)?;

    let check =
        cargo(settings, &["check", "--workspace", "--all-targets", "--keep-going", "--message-format", "short"])?;
    let failed = failing_crates(&check.text, &members);
    for spec in report.specs.iter_mut().filter(|s| s.generated()) {
        spec.compiles = Some(check.success || !failed.contains_key(&spec.name));
    }
    if !check.success {
        report.compiler_output = check.text.clone();
        if failed.is_empty() {
            // The failure names no crate (for example a dependency could not be fetched): then no
            // crate can be said to compile.
            for spec in report.specs.iter_mut().filter(|s| s.generated()) {
                spec.compiles = Some(false);
            }
        }
    }
    if settings.examples {
        // One crate at a time: libtest prints results on stdout and cargo names the binary on
        // stderr, so a single run over the workspace could not tell which crate a result is from.
        for spec in report.specs.iter_mut().filter(|s| s.compiles == Some(true)) {
            let package = format!("{CRATE_PREFIX}{}", spec.name);
            let tests = cargo(settings, &["test", "--package", &package, "--lib", "--", "generated::examples::"])?;
            spec.example_results = Some(example_results(&tests.text));
        }
    }
    Ok(report)
}

/// The parts of `generated-client` every corpus crate copies.
struct Template {
    manifest: String,
    /// Hand-written sources by file name (everything in `src/` outside `src/generated/`).
    sources: BTreeMap<String, String>,
    workspace_package: String,
    lock: String,
}

impl Template {
    fn read() -> Result<Template, String> {
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
            lock: read(&root.join("Cargo.lock"))?,
        })
    }

    fn write(&self, dir: &Path, name: &str) -> Result<(), String> {
        let src = dir.join("src");
        std::fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
        let manifest =
            self.manifest.replacen("name = \"generated-client\"", &format!("name = \"{CRATE_PREFIX}{name}\""), 1);
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

    fn workspace_manifest(&self, members: &[String]) -> String {
        let members: Vec<String> = members.iter().map(|m| format!("    \"{m}\",")).collect();
        format!(
            "# Written by `cargo xtask corpus`; regenerated on every run.\n[workspace]\nresolver = \"2\"\nmembers = [\n{}\n]\n\n[workspace.package]\n{}\n",
            members.join("\n"),
            self.workspace_package
        )
    }
}

/// Writes only when the contents differ, so that cargo's fingerprints stay valid between runs.
fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    std::fs::write(path, contents).map_err(|e| format!("{}: {e}", path.display()))
}

struct CargoOutput {
    success: bool,
    /// Standard output and error, in that order.
    text: String,
}

fn cargo(settings: &Settings, args: &[&str]) -> Result<CargoOutput, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(&cargo)
        .args(args)
        .current_dir(&settings.workspace)
        .env("CARGO_TARGET_DIR", &settings.target)
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .output()
        .map_err(|e| format!("cannot run {}: {e}", Path::new(&cargo).display()))?;
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    Ok(CargoOutput { success: output.status.success(), text })
}

/// The crates whose sources the compiler's diagnostics point into, with their first diagnostic.
/// Warnings count as failures, as under clippy's `-D warnings` for the checked-in client; they are
/// read from the output rather than made errors by `RUSTFLAGS`, which would rebuild every
/// dependency whenever the caller's `RUSTFLAGS` differ.
fn failing_crates(output: &str, members: &[String]) -> BTreeMap<String, String> {
    let mut failed = BTreeMap::new();
    for line in output.lines() {
        for member in members {
            let prefix = format!("{member}/src/");
            let could_not = format!("could not compile `{CRATE_PREFIX}{member}`");
            if line.starts_with(&prefix) || line.contains(&could_not) {
                failed.entry(member.clone()).or_insert_with(|| line.to_string());
            }
        }
    }
    failed
}

/// Reads libtest's output for one crate: which example tests passed, and why the others failed.
fn example_results(output: &str) -> ExampleResults {
    let mut results = ExampleResults::default();
    for line in output.lines() {
        if line.starts_with("test generated::examples::") && line.ends_with("... ok") {
            results.round_trip += 1;
        } else if line.contains(": the example does not deserialize into ") {
            results.rejected.push(line.to_string());
        } else if line.contains(": the example changed in a round trip through ") {
            results.parsed_but_changed.push(line.trim_start_matches("assertion `left == right` failed: ").to_string());
        }
    }
    // libtest prints in the order the tests finish, which changes from run to run.
    results.rejected.sort();
    results.parsed_but_changed.sort();
    results
}

/// `cargo xtask corpus [--examples] [--strict] [--apps DIR]`.
pub fn main(args: &[String]) -> std::process::ExitCode {
    let mut settings = Settings::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--examples" => settings.examples = true,
            "--strict" => settings.strict = true,
            "--apps" => match args.next() {
                Some(dir) => settings.apps = Some(dir.into()),
                None => {
                    eprintln!("error: --apps needs a folder");
                    return std::process::ExitCode::from(2);
                }
            },
            other => {
                eprintln!(
                    "error: unknown option `{other}`\nusage: cargo xtask corpus [--examples] [--strict] [--apps DIR]"
                );
                return std::process::ExitCode::from(2);
            }
        }
    }
    if settings.apps.is_none() {
        eprintln!("the corpus {DEFAULT_APPS} is absent (set HIGHLEVEL_OPENAPI_APPS to another folder): only the fixtures are compiled");
    }
    let report = match run(&settings) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {error}");
            return std::process::ExitCode::from(1);
        }
    };
    print!("{}", report.details());
    print!("{}", report.table());
    if report.all_ok(settings.strict) {
        std::process::ExitCode::SUCCESS
    } else {
        eprintln!("{}", report.compiler_output);
        std::process::ExitCode::from(1)
    }
}

impl Report {
    /// Generation errors, warnings and failing examples, spec by spec.
    pub fn details(&self) -> String {
        let mut out = String::new();
        for spec in &self.specs {
            if let Some(error) = &spec.error {
                let _ = writeln!(out, "error: {error}");
            }
            for warning in &spec.warnings {
                let _ = writeln!(out, "warning: {warning}");
            }
            if let Some(results) = &spec.example_results {
                for line in &results.rejected {
                    let _ = writeln!(out, "example rejected: {line}");
                }
                for line in &results.parsed_but_changed {
                    let _ = writeln!(out, "example changed: {line}");
                }
            }
        }
        out
    }
}
