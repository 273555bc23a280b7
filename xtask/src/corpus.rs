//! `cargo xtask corpus`: generates a client from every HighLevel spec in `../shared/highlevel-openapi/apps`
//! and compiles them all, optionally running their example tests, and prints one table row per spec.
//!
//! Each spec becomes a crate laid out like `generated-client` (its `Cargo.toml` and hand-written
//! sources, plus the generated `src/generated/`). All crates are members of one temporary workspace
//! under `target/corpus-ws` that shares one target folder (`target/corpus`), so the dependencies
//! compile once. The target folder is not the main one: `cargo test` holds the main one's lock
//! while the corpus test runs a nested `cargo`.

mod crates;
mod report;

use std::path::{Path, PathBuf};

use crate::codegen::{self, Options};
pub use crates::Template;
use crates::{cargo, write_if_changed};
use report::{example_results, failing_crates};
pub use report::{ExampleResults, Report, SpecReport};

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

/// Generates every spec, compiles the crates, and runs the example tests if asked.
pub fn run(settings: &Settings) -> Result<Report, String> {
    let specs = specs(settings)?;
    let template = Template::read()?;
    std::fs::create_dir_all(&settings.workspace).map_err(|e| format!("{}: {e}", settings.workspace.display()))?;
    let mut report = Report {
        specs: specs.iter().map(|(name, spec)| generate(settings, &template, name, spec)).collect(),
        ..Report::default()
    };
    let members: Vec<String> = report.specs.iter().filter(|s| s.generated()).map(|s| s.name.clone()).collect();
    write_if_changed(&settings.workspace.join("Cargo.toml"), &template.workspace_manifest(&members))?;
    write_if_changed(&settings.workspace.join("Cargo.lock"), &template.lock)?;
    compile(settings, &mut report, &members)?;
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

/// The fixtures, then the corpus's specs sorted by file name, each with its crate name.
fn specs(settings: &Settings) -> Result<Vec<(String, PathBuf)>, String> {
    let mut specs: Vec<(String, PathBuf)> = settings.fixtures.clone();
    let Some(apps) = &settings.apps else { return Ok(specs) };
    let mut corpus: Vec<PathBuf> = std::fs::read_dir(apps)
        .map_err(|e| format!("{}: {e}", apps.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    corpus.sort();
    if corpus.is_empty() {
        return Err(format!("{}: no *.json specs", apps.display()));
    }
    let name = |path: &PathBuf| path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    specs.extend(corpus.into_iter().map(|path| (name(&path), path)));
    Ok(specs)
}

/// Writes one spec's crate and generates its client into it.
fn generate(settings: &Settings, template: &Template, name: &str, spec: &Path) -> SpecReport {
    let dir = settings.workspace.join(name);
    let mut entry = SpecReport { name: name.to_string(), ..SpecReport::default() };
    // HighLevel's examples contradict their schemas in places; the example tests count them.
    let options =
        Options { allow_invalid_examples: true, allow_dangling_refs: true, ..Options::new(spec, dir.clone()) };
    match template.write(&dir, name).and_then(|()| codegen::run(&options).map_err(|e| e.to_string())) {
        Ok((generated, _)) => {
            entry.operations = generated.operations;
            entry.examples = generated.examples;
            entry.warnings = generated.warnings.iter().map(ToString::to_string).collect();
        }
        Err(error) => entry.error = Some(error),
    }
    entry
}

/// Checks every generated crate at once and records which compile.
fn compile(settings: &Settings, report: &mut Report, members: &[String]) -> Result<(), String> {
    let check =
        cargo(settings, &["check", "--workspace", "--all-targets", "--keep-going", "--message-format", "short"])?;
    let failed = failing_crates(&check.text, members);
    // A failure that names no crate (for example a dependency could not be fetched) leaves no crate
    // that can be said to compile.
    let none_compiles = !check.success && failed.is_empty();
    for spec in report.specs.iter_mut().filter(|s| s.generated()) {
        spec.compiles = Some(!none_compiles && (check.success || !failed.contains_key(&spec.name)));
    }
    if !check.success {
        report.compiler_output = check.text;
    }
    Ok(())
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
