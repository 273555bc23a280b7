//! The `cargo xtask` command line: `cargo xtask codegen [--check] [--strict] [--spec FILE] [--out DIR]`.

use std::process::ExitCode;

use xtask::codegen;

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--strict] [--spec FILE] [--out DIR]
       cargo xtask corpus [--examples] [--strict] [--apps DIR]

  --check       write nothing; exit 1 when the checked-in output is stale
  --strict      treat warnings about the spec as errors
  --spec FILE   the OpenAPI spec (default: spec/social-planner.yaml)
  --out DIR     the crate to generate into (default: generated-client)

exit codes: 0 success, 1 stale output or invalid spec, 2 usage error";

fn parse(mut args: impl Iterator<Item = String>) -> Result<codegen::Options, String> {
    match args.next().as_deref() {
        Some("codegen") => {}
        Some("--help" | "-h") | None => return Err(String::new()),
        Some(other) => return Err(format!("unknown task `{other}`")),
    }
    let mut parsed = codegen::Options::workspace();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--strict" => parsed.strict = true,
            "--spec" => parsed.spec = args.next().ok_or("--spec needs a file")?.into(),
            "--out" => parsed.out = args.next().ok_or("--out needs a folder")?.into(),
            "--help" | "-h" => return Err(String::new()),
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(parsed)
}

fn main() -> ExitCode {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    if raw.first().map(String::as_str) == Some("corpus") {
        return xtask::corpus::main(&raw[1..]);
    }
    let args = match parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match codegen::run(&args) {
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
