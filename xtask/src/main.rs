//! The `cargo xtask` command line: `cargo xtask codegen [...]` generates the client, `cargo xtask
//! lint [...]` only checks the spec.

use std::process::ExitCode;

use xtask::codegen;

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--strict] [--allow-invalid-examples] [--allow-dangling-refs]
                           [--spec FILE] [--out DIR]
       cargo xtask lint [--strict] [--allow-invalid-examples] [--allow-dangling-refs] [--spec FILE]
       cargo xtask corpus [--examples] [--strict] [--apps DIR]

  codegen       check the spec, then generate the client from it
  lint          only check the spec: examples against their schemas, operationIds, path
                variables, $refs, security schemes, unused components
  corpus        generate and compile every spec of ../shared/highlevel-openapi/apps

  --check       write nothing; exit 1 when the checked-in output is stale
  --strict      treat warnings about the spec as errors
  --allow-invalid-examples
                report examples that contradict their schema as warnings, not errors
  --allow-dangling-refs
                report `$ref`s to missing schemas as warnings and type them as any JSON value
  --spec FILE   the OpenAPI spec (default: spec/social-planner.yaml)
  --out DIR     the crate to generate into (default: generated-client)

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
            "--strict" => parsed.strict = true,
            "--allow-invalid-examples" => parsed.allow_invalid_examples = true,
            "--allow-dangling-refs" => parsed.allow_dangling_refs = true,
            "--spec" => parsed.spec = args.next().ok_or("--spec needs a file")?.into(),
            "--help" | "-h" => return Err(String::new()),
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok((task, parsed))
}

fn main() -> ExitCode {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    if raw.first().map(String::as_str) == Some("corpus") {
        return xtask::corpus::main(&raw[1..]);
    }
    let (task, args) = match parse(std::env::args().skip(1)) {
        Ok(parsed) => parsed,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match task {
        Task::Codegen => codegen(&args),
        Task::Lint => lint(&args),
    }
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
}
