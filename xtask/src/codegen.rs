//! `cargo xtask codegen`: generates the `generated-client` crate's `src/generated/` from an OpenAPI spec.
//!
//! The pipeline: `load` reads the spec and the files it references, `lower` turns them into the
//! `model`, the `emit_*` modules print the model as Rust, prettyplease formats it, and `write`
//! compares with the checked-in files and replaces the stale ones.

mod diag;
mod docs;
mod emit_client;
mod emit_examples;
mod emit_types;
mod lines;
mod load;
mod lower;
mod model;
mod naming;
mod validate;
mod write;

use std::path::{Path, PathBuf};

pub use diag::{Error, Warning};
pub use validate::Report;
pub use write::Outcome;

/// The command that regenerates the checked-in client, as printed in preambles and stale reports.
pub const COMMAND: &str = "cargo xtask codegen";

/// The workspace root, where the default spec and output live.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

pub fn default_spec() -> PathBuf {
    workspace_root().join("spec/social-planner.yaml")
}

pub fn default_out() -> PathBuf {
    workspace_root().join("generated-client")
}

/// What to generate from, where to, and how strictly.
#[derive(Debug, Clone)]
pub struct Options {
    pub spec: PathBuf,
    /// The crate to generate into; its `src/generated/` belongs to the generator.
    pub out: PathBuf,
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
        Options { spec: spec.into(), out: out.into(), check: false, strict: false, allow_invalid_examples: false, allow_dangling_refs: false }
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
}

/// Runs the pipeline without touching the disk beyond reading the spec.
pub fn generate(options: &Options) -> Result<Generated, Error> {
    let spec = options.spec.as_path();
    let display = display_path(spec);
    let loaded = load::load(spec, &display)?;
    let checked = validate::check(&loaded, options.leniency())?;
    let lower::Lowered { api, mut warnings, skipped } = lower::lower(&loaded, &display).map_err(|e| loaded.locate(e))?;
    // Validation and lowering both report an undeclared path variable and a dangling `$ref` (at the
    // `$ref` itself, one level deeper); validation's words, which say how to fix it, are kept.
    warnings.retain(|w| {
        !checked.iter().any(|c| {
            c.location.file == w.location.file
                && (c.location.pointer == w.location.pointer || c.location.pointer == format!("{}/$ref", w.location.pointer))
        })
    });
    warnings.extend(checked);
    loaded.locate_warnings(&mut warnings);
    warnings.sort_by(|a, b| (&a.location.file, &a.location.pointer, &a.message).cmp(&(&b.location.file, &b.location.pointer, &b.message)));
    let summary = format!(
        "{}: {} operations, {} types, {} examples, {} warnings, {} skipped",
        display,
        api.operations.len(),
        api.types.len(),
        api.examples.len(),
        warnings.len(),
        skipped.len()
    );
    let files = vec![
        file(&api, "mod.rs", "The modules generated from the spec.", generated_mod())?,
        file(&api, "types.rs", "One Rust type per schema of the spec.", emit_types::generate(&api))?,
        file(&api, "operations.rs", "One `Client` method per operation of the spec, with its error enum.", emit_client::generate(&api))?,
        file(&api, "examples.rs", "Tests that every JSON example of the spec round-trips through its type.", emit_examples::generate(&api))?,
    ];
    Ok(Generated { files, warnings, skipped, summary, operations: api.operations.len(), examples: api.examples.len() })
}

/// Only the checks of the spec (`cargo xtask lint`): every error and warning, without generating.
pub fn lint(options: &Options) -> Result<Report, Error> {
    let display = display_path(&options.spec);
    let loaded = load::load(&options.spec, &display)?;
    Ok(validate::report(&loaded, options.leniency()))
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
    let outcome = write::apply(&options.out, &generated.files, options.check)?;
    Ok((generated, outcome))
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

fn generated_mod() -> proc_macro2::TokenStream {
    quote::quote! {
        pub mod operations;
        pub mod types;
        #[cfg(test)]
        mod examples;
    }
}

fn file(api: &model::Api, name: &str, purpose: &str, tokens: proc_macro2::TokenStream) -> Result<write::File, Error> {
    let syntax: syn::File = syn::parse2(tokens)
        .map_err(|e| Error::other(format!("internal error: generated {name} does not parse: {e}")))?;
    // Items are formatted one by one and separated by blank lines, which prettyplease leaves out.
    let mut parts = vec![format!("//! @generated by `{COMMAND}` from {}. Do not edit.\n//!\n//! {purpose}\n", api.spec_display)];
    if !syntax.attrs.is_empty() {
        parts.push(prettyplease::unparse(&syn::File { shebang: None, attrs: syntax.attrs, items: Vec::new() }));
    }
    for item in syntax.items {
        parts.push(prettyplease::unparse(&syn::File { shebang: None, attrs: Vec::new(), items: vec![item] }));
    }
    for part in &mut parts {
        if !part.ends_with('\n') {
            part.push('\n');
        }
    }
    let contents = parts.join("\n");
    Ok(write::File { path: Path::new(write::GENERATED_DIR).join(name), contents })
}
