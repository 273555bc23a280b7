//! `cargo xtask codegen`: generates the `generated-client` crate's `src/generated/` from an OpenAPI spec.
//!
//! The pipeline (see `docs/architecture.md`): `load` reads the spec and the files it references,
//! `validate` checks it, `lower` turns it into the `model`, the `emit_*` modules build each file's
//! tokens with `quote`, and `write` lays them out with prettyplease, compares them with the
//! checked-in files and replaces the stale ones.

pub mod api;
mod diag;
mod emit;
mod lines;
mod load;
mod lower;
mod model;
mod naming;
mod spec;
mod validate;
mod write;

pub use api::{listing as api_listing, semver};

use std::path::{Path, PathBuf};

pub use diag::{Error, Warning};
pub use validate::Report;
pub use write::{Outcome, Owner};

pub use load::DEFAULT_MAX_INPUT_MB;

/// One MiB, the unit of `--max-input-mb`.
pub const MIB: u64 = 1024 * 1024;

/// The command that regenerates the checked-in client, as printed in preambles and stale reports.
pub const COMMAND: &str = "cargo xtask codegen";

/// The workspace root, where the default spec and output live, found when the command runs.
///
/// Cargo sets `CARGO_MANIFEST_DIR` for the binary it runs (`cargo xtask`) and for tests, so that is
/// read first. It is never taken from compile time: cargo does not rebuild a path package that moved,
/// so with one target folder shared by two checkouts, a binary built in one would act on the other.
/// Run by hand, the command looks for the workspace from the current folder up.
pub fn workspace_root() -> PathBuf {
    if let Some(manifest_dir) = std::env::var_os("CARGO_MANIFEST_DIR") {
        let manifest_dir = PathBuf::from(manifest_dir);
        return manifest_dir.parent().map(Path::to_path_buf).unwrap_or(manifest_dir);
    }
    let current = std::env::current_dir().unwrap_or_default();
    let found =
        current.ancestors().find(|dir| dir.join("xtask/Cargo.toml").is_file() && dir.join("Cargo.toml").is_file());
    found.map(Path::to_path_buf).unwrap_or(current)
}

pub fn default_spec() -> PathBuf {
    workspace_root().join("spec/social-planner.yaml")
}

pub fn default_out() -> PathBuf {
    workspace_root().join("generated-client")
}

/// The runtime crate's folder, which a new crate depends on by path.
pub fn runtime_dir() -> PathBuf {
    workspace_root().join(emit::tokens::RUNTIME_PACKAGE)
}

/// What to generate from, where to, and how strictly.
#[derive(Debug, Clone)]
pub struct Options {
    pub spec: PathBuf,
    /// The crate to generate into; its `src/generated/` belongs to the generator. A folder without
    /// a crate gets a new one (`Cargo.toml` and `src/lib.rs`, which are then its owner's).
    pub out: PathBuf,
    /// A new crate's package name (`--name`); the output folder's name by default.
    pub name: Option<String>,
    /// Compare only; write nothing.
    pub check: bool,
    /// Treat warnings about the spec as errors.
    pub strict: bool,
    /// Report examples that contradict their schema as warnings instead of errors, for third-party
    /// specs (such as HighLevel's own) that cannot be fixed here.
    pub allow_invalid_examples: bool,
    /// Report `$ref`s to missing schemas as warnings and type them as any JSON value, for
    /// third-party specs.
    pub allow_dangling_refs: bool,
    /// The largest file the spec may consist of, in bytes (`--max-input-mb`); larger ones are refused
    /// unread, since parsing takes many times a file's size in memory.
    pub max_input_bytes: u64,
}

impl Options {
    /// The workspace's own spec and client, generated for real.
    pub fn workspace() -> Self {
        Options::new(default_spec(), default_out())
    }

    fn leniency(&self) -> validate::Leniency {
        validate::Leniency { invalid_examples: self.allow_invalid_examples, dangling_refs: self.allow_dangling_refs }
    }

    pub fn new(spec: impl Into<PathBuf>, out: impl Into<PathBuf>) -> Self {
        Options {
            spec: spec.into(),
            out: out.into(),
            name: None,
            check: false,
            strict: false,
            allow_invalid_examples: false,
            allow_dangling_refs: false,
            max_input_bytes: DEFAULT_MAX_INPUT_MB * MIB,
        }
    }
}

/// The generated files of one spec, in memory.
pub struct Generated {
    pub files: Vec<write::File>,
    pub warnings: Vec<Warning>,
    /// What the client leaves out (operations, parameters, constraints), each also a warning.
    pub skipped: Vec<Warning>,
    pub summary: String,
    pub operations: usize,
    pub examples: usize,
    /// The public API compared with the listing on disk; only `run` reads the disk, so only it
    /// fills this in.
    pub verdict: Option<semver::Verdict>,
}

/// The stack the pipeline runs on. Every recursion in loading, validation and lowering is bounded
/// (documents nest at most 128 levels, schemas are lowered at most 256 deep, `$ref` chains and
/// `allOf` merges are cut); this is room for those bounds with unoptimized frames, which a test
/// thread's or a main thread's default stack is not. It is reserved, not used, until needed.
const PIPELINE_STACK_BYTES: usize = 512 * 1024 * 1024;

/// Runs `job` on a thread with [`PIPELINE_STACK_BYTES`] of stack.
fn with_deep_stack<T: Send>(job: impl FnOnce() -> Result<T, Error> + Send) -> Result<T, Error> {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new().name("codegen".into()).stack_size(PIPELINE_STACK_BYTES);
        match thread.spawn_scoped(scope, job) {
            Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(e) => Err(Error::other(format!(
                "cannot start the generator's thread ({PIPELINE_STACK_BYTES} bytes of stack): {e}"
            ))),
        }
    })
}

/// Runs the pipeline without touching the disk beyond reading the spec, and the output crate's
/// manifest for the version that heads the API listing.
pub fn generate(options: &Options) -> Result<Generated, Error> {
    with_deep_stack(|| generate_here(options))
}

fn generate_here(options: &Options) -> Result<Generated, Error> {
    let display = display_path(&options.spec);
    let loaded = load::load(&options.spec, &display, options.max_input_bytes)?;
    let checked = validate::check(&loaded, options.leniency())?;
    let lowered = lower::lower(&loaded, &display).map_err(|e| loaded.locate(e))?;
    let api = &lowered.api;
    let mut files = write::render(
        &api.spec_display,
        vec![
            ("mod.rs", "The modules generated from the spec, and what the crate root re-exports.", &|| {
                Ok(generated_mod(api))
            }),
            ("types.rs", "One Rust type per schema of the spec.", &|| emit::types::generate(api)),
            ("client.rs", "The crate's `Client`, its constructors and its builder.", &|| emit::client::generate(api)),
            ("operations.rs", "One `Client` method per operation of the spec, with its error enum.", &|| {
                emit::operations::generate(api)
            }),
            ("examples.rs", "Tests that every JSON example of the spec round-trips through its type.", &|| {
                emit::examples::generate(api)
            }),
            ("mock.rs", "The mock server's contract of every operation, and one typed stub per operation.", &|| {
                emit::mock::generate(api)
            }),
        ],
    )?;
    // A new crate's listing is headed by the name and version its new manifest gets.
    let name = emit::scaffold::crate_name(&options.out, options.name.as_deref());
    let package =
        api_listing::crate_version(&options.out).unwrap_or_else(|| (name.clone(), emit::scaffold::VERSION.into()));
    let listing = api_listing::render(api, Some(&package))
        .map_err(|e| Error::other(format!("generating {}: {e}", api_listing::FILE)))?;
    files.push(write::File {
        path: PathBuf::from(api_listing::FILE),
        contents: listing,
        owner: write::Owner::Generator,
    });
    files.extend(emit::scaffold::files(api, &options.out, &name, &runtime_dir()).map_err(Error::other)?);
    let warnings = located_warnings(&loaded, lowered.warnings, checked);
    let (operations, examples, skipped) = (api.operations.len(), api.examples.len(), lowered.skipped);
    let summary = format!(
        "{display}: {operations} operations, {} types, {examples} examples, {} warnings, {} skipped",
        api.types.len(),
        warnings.len(),
        skipped.len()
    );
    Ok(Generated { files, warnings, skipped, summary, operations, examples, verdict: None })
}

/// Validation's and lowering's warnings (which never report the same defect), with their lines,
/// in file and pointer order.
fn located_warnings(loaded: &load::Spec, mut warnings: Vec<Warning>, checked: Vec<Warning>) -> Vec<Warning> {
    warnings.extend(checked);
    loaded.locate_warnings(&mut warnings);
    warnings.sort_by(|a, b| {
        (&a.location.file, &a.location.pointer, &a.message).cmp(&(&b.location.file, &b.location.pointer, &b.message))
    });
    warnings
}

/// Only the checks of the spec (`cargo xtask lint`): every error and warning, without generating.
pub fn lint(options: &Options) -> Result<Report, Error> {
    with_deep_stack(|| {
        let display = display_path(&options.spec);
        let loaded = load::load(&options.spec, &display, options.max_input_bytes)?;
        let mut report = validate::report(&loaded, options.leniency());
        // What loading repaired or noticed is about the spec too, as generation reports it.
        let mut noticed = loaded.warnings.clone();
        loaded.locate_warnings(&mut noticed);
        report.warnings.extend(noticed);
        report.warnings.sort_by_key(|w| {
            let at = &w.location;
            (at.file.clone(), at.line.unwrap_or(usize::MAX), at.pointer.clone(), w.message.clone())
        });
        Ok(report)
    })
}

/// Generates into the output crate; with `check`, only compares.
pub fn run(options: &Options) -> Result<(Generated, Outcome), Error> {
    let generated = generate(options)?;
    if options.strict && !generated.warnings.is_empty() {
        return Err(Error::other(format!(
            "{} warnings, and --strict makes them errors (the first: {})",
            generated.warnings.len(),
            generated.warnings[0]
        )));
    }
    let mut generated = generated;
    generated.verdict = Some(verdict(&options.out, &generated.files));
    let outcome = write::apply(&options.out, &generated.files, options.check)?;
    Ok((generated, outcome))
}

/// The new public-API listing against the one on disk, read before anything is written, and the
/// version the crate's manifest has now.
fn verdict(out: &Path, files: &[write::File]) -> semver::Verdict {
    let listing = files.iter().find(|f| f.path == Path::new(api_listing::FILE)).map_or("", |f| f.contents.as_str());
    let previous = std::fs::read_to_string(out.join(api_listing::FILE)).ok();
    let current = api_listing::crate_version(out).map(|(_, version)| version);
    semver::verdict(previous.as_deref(), listing, current.as_deref())
}

/// The spec path as shown to readers: relative to the workspace when inside it, so that the output
/// does not depend on where the workspace is checked out.
fn display_path(spec: &Path) -> String {
    let root = workspace_root();
    let absolute = spec.canonicalize().unwrap_or_else(|_| spec.to_path_buf());
    let root = root.canonicalize().unwrap_or(root);
    match absolute.strip_prefix(&root) {
        Ok(relative) => relative.to_string_lossy().replace('\\', "/"),
        Err(_) => spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
    }
}

/// The generated modules; the crate root re-exports `generated::*`: the `Client` and the operations'
/// items, the `types` module, and the `mock` module. Only what exists is re-exported, so that a spec
/// without operations gives no unused import.
fn generated_mod(api: &model::Api) -> proc_macro2::TokenStream {
    let operations = (!api.operations.is_empty()).then(|| {
        quote::quote! {
            #[cfg(feature = "client")]
            pub use operations::*;
        }
    });
    quote::quote! {
        #[cfg(feature = "client")]
        mod client;
        #[cfg(feature = "client")]
        mod operations;
        pub mod types;
        #[cfg(feature = "client")]
        pub use client::*;
        #operations
        #[cfg(test)]
        mod examples;
        #[cfg(feature = "mock")]
        pub mod mock;
    }
}
