//! The `cargo xtask` command line: `cargo xtask codegen [...]` generates the client, `cargo xtask
//! lint [...]` only checks the spec.

use std::process::ExitCode;

use xtask::codegen;

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--strict] [--allow-invalid-examples] [--allow-dangling-refs]
                           [--max-input-mb N] [--spec FILE] [--out DIR [--name NAME]]
       cargo xtask lint [--strict] [--allow-invalid-examples] [--allow-dangling-refs] [--max-input-mb N]
                        [--spec FILE]
       cargo xtask corpus [OPTIONS]   (`cargo xtask corpus --help` lists them)

  codegen       check the spec, then generate the client from it
  lint          only check the spec: examples against their schemas, operationIds, path
                variables, $refs, security schemes, unused components
  corpus        generate and compile every spec of ../shared/highlevel-openapi/apps, or of another
                folder

  --check       write nothing; exit 1 when the checked-in output is stale
  --strict      treat warnings about the spec as errors
  --allow-invalid-examples
                report examples that contradict their schema as warnings, not errors
  --allow-dangling-refs
                report `$ref`s to missing schemas as warnings and type them as any JSON value
  --max-input-mb N
                read spec files of up to N MiB (default: 16); larger ones are refused unread, since
                parsing takes many times a file's size in memory
  --spec FILE   the OpenAPI spec (default: spec/social-planner.yaml)
  --out DIR     the crate to generate into (default: generated-client); a folder without a crate
                gets a new one: Cargo.toml and src/lib.rs, yours to edit from then on
  --name NAME   a new crate's package name (default: the folder's name)

exit codes: 0 success, 1 stale output or invalid spec, 2 usage error";

#[derive(Debug, PartialEq, Eq)]
enum Task {
    Codegen,
    Lint,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<(Task, codegen::Options), String> {
    let task = match args.next().as_deref() {
        Some("codegen") => Task::Codegen,
        Some("lint") => Task::Lint,
        Some("--help" | "-h") | None => return Err(String::new()),
        Some(other) => return Err(format!("unknown task `{other}`")),
    };
    let mut parsed = codegen::Options::workspace();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" if task == Task::Codegen => parsed.check = true,
            "--out" if task == Task::Codegen => parsed.out = args.next().ok_or("--out needs a folder")?.into(),
            "--name" if task == Task::Codegen => parsed.name = Some(args.next().ok_or("--name needs a crate name")?),
            "--strict" => parsed.strict = true,
            "--allow-invalid-examples" => parsed.allow_invalid_examples = true,
            "--allow-dangling-refs" => parsed.allow_dangling_refs = true,
            "--spec" => parsed.spec = args.next().ok_or("--spec needs a file")?.into(),
            "--max-input-mb" => parsed.max_input_bytes = max_input_bytes(args.next())?,
            "--help" | "-h" => return Err(String::new()),
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok((task, parsed))
}

/// `--max-input-mb N` in bytes: a positive whole number of MiB.
fn max_input_bytes(value: Option<String>) -> Result<u64, String> {
    let megabytes: u64 = value
        .as_deref()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .ok_or("--max-input-mb needs a positive whole number of MiB")?;
    megabytes.checked_mul(codegen::MIB).ok_or_else(|| format!("--max-input-mb {megabytes} is too large"))
}

fn main() -> ExitCode {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    if raw.first().map(String::as_str) == Some("corpus") {
        return match xtask::corpus::settings(&raw[1..]) {
            Ok(settings) => xtask::corpus::main(settings),
            Err(message) => usage_error(&message, xtask::corpus::USAGE),
        };
    }
    match parse(raw.into_iter()) {
        Ok((Task::Codegen, args)) => codegen(&args),
        Ok((Task::Lint, args)) => lint(&args),
        Err(message) => usage_error(&message, USAGE),
    }
}

/// Exit code 2 with the usage text, after the error unless there is none (`--help`).
fn usage_error(message: &str, usage: &str) -> ExitCode {
    if !message.is_empty() {
        eprintln!("error: {message}");
    }
    eprintln!("{usage}");
    ExitCode::from(2)
}

fn lint(args: &codegen::Options) -> ExitCode {
    let report = match codegen::lint(args) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(1);
        }
    };
    for error in &report.errors {
        eprintln!("error: {error}");
    }
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    let failed = !report.errors.is_empty() || (args.strict && !report.warnings.is_empty());
    eprintln!(
        "{}: {}, {}{}",
        report.spec,
        count(report.errors.len(), "error"),
        count(report.warnings.len(), "warning"),
        if args.strict && !report.warnings.is_empty() { " (--strict makes warnings errors)" } else { "" }
    );
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `1 error`, `2 errors`.
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

fn codegen(args: &codegen::Options) -> ExitCode {
    match codegen::run(args) {
        Err(error) => {
            eprintln!("error: {error}");
            eprintln!("nothing was written");
            ExitCode::from(1)
        }
        Ok((generated, outcome)) => {
            for warning in &generated.warnings {
                eprintln!("warning: {warning}");
            }
            if !generated.skipped.is_empty() {
                eprintln!("skipped (the client leaves these out):");
                for skipped in &generated.skipped {
                    eprintln!("  - {skipped}");
                }
            }
            eprintln!("{}", generated.summary);
            // The verdict is printed under `--check` too, so that CI states what a stale output means.
            if let Some(verdict) = &generated.verdict {
                eprint!("{verdict}");
            }
            if args.check {
                if outcome.is_fresh() {
                    return ExitCode::SUCCESS;
                }
                for path in &outcome.stale {
                    eprintln!("stale: {}", args.out.join(path).display());
                }
                for path in &outcome.obsolete {
                    eprintln!("obsolete: {}", args.out.join(path).display());
                }
                eprint!("{}", outcome.diff);
                eprintln!("the generated code is out of date: run `{}`", codegen::COMMAND);
                ExitCode::from(1)
            } else {
                for path in &outcome.created {
                    eprintln!("created: {} (yours to edit; never overwritten)", args.out.join(path).display());
                }
                for path in outcome.stale.iter().chain(&outcome.obsolete) {
                    eprintln!("updated: {}", args.out.join(path).display());
                }
                ExitCode::SUCCESS
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Result<(Task, codegen::Options), String> {
        parse(line.split_whitespace().map(String::from))
    }

    #[test]
    fn lint_takes_the_checking_options_only() {
        let (task, options) = args("lint --strict --allow-invalid-examples --spec x.yaml").unwrap();
        assert_eq!(task, Task::Lint);
        assert!(options.strict && options.allow_invalid_examples);
        assert_eq!(options.spec, std::path::Path::new("x.yaml"));
        assert_eq!(args("lint --check").unwrap_err(), "unknown option `--check`");
        assert_eq!(args("lint --out x").unwrap_err(), "unknown option `--out`");
    }

    #[test]
    fn codegen_takes_every_option() {
        let (task, options) = args("codegen --check --allow-invalid-examples --out o").unwrap();
        assert_eq!(task, Task::Codegen);
        assert!(options.check && options.allow_invalid_examples && !options.strict);
        assert_eq!(args("codegen --spec").unwrap_err(), "--spec needs a file");
        assert_eq!(args("frobnicate").unwrap_err(), "unknown task `frobnicate`");
    }

    #[test]
    fn the_input_limit_is_given_in_mib() {
        let (_, options) = args("lint").unwrap();
        assert_eq!(options.max_input_bytes, codegen::DEFAULT_MAX_INPUT_MB * 1024 * 1024);
        let (_, options) = args("codegen --max-input-mb 64").unwrap();
        assert_eq!(options.max_input_bytes, 64 * 1024 * 1024);
        let refused = "--max-input-mb needs a positive whole number of MiB";
        for line in ["lint --max-input-mb", "lint --max-input-mb 0", "lint --max-input-mb 1.5", "lint --max-input-mb x"]
        {
            assert_eq!(args(line).unwrap_err(), refused, "{line}");
        }
        assert_eq!(
            args("lint --max-input-mb 18446744073709551615").unwrap_err(),
            "--max-input-mb 18446744073709551615 is too large"
        );
    }
}
