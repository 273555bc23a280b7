//! Prints how long generation takes, parse to formatted files, as the median of several runs: for
//! the workspace's spec and for the largest HighLevel spec (when `../shared` is present). The
//! baseline, measured in the same run, is reading and parsing the spec as plain JSON/YAML, so the
//! ratio says how much the generator adds over merely reading its input.
//!
//! Run with `cargo bench -p xtask`; `BENCH_RUNS=N` changes the number of runs (default 21).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use xtask::codegen::{self, Options};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn measure(runs: usize, mut f: impl FnMut()) -> Duration {
    f();
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

fn parse_only(spec: &Path) {
    let text = std::fs::read_to_string(spec).expect("the spec is readable");
    let value: serde_json::Value = if spec.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).expect("valid JSON")
    } else {
        serde_yaml::from_str(&text).expect("valid YAML")
    };
    std::hint::black_box(value);
}

fn bench(name: &str, spec: PathBuf, runs: usize) {
    let mut options = Options::new(&spec, "unused");
    options.allow_invalid_examples = true;
    let generated = codegen::generate(&options).unwrap_or_else(|e| panic!("{e}"));
    let bytes: usize = generated.files.iter().map(|f| f.contents.len()).sum();
    let generate = measure(runs, || {
        std::hint::black_box(codegen::generate(&options).expect("generated once already"));
    });
    let baseline = measure(runs, || parse_only(&spec));
    println!(
        "{name}: {} operations, {} KiB generated: median {:.2} ms over {runs} runs; baseline (parse only) {:.2} ms; ratio {:.1}x",
        generated.operations,
        bytes / 1024,
        generate.as_secs_f64() * 1e3,
        baseline.as_secs_f64() * 1e3,
        generate.as_secs_f64() / baseline.as_secs_f64()
    );
}

fn main() {
    // `cargo bench` passes `--bench`; filters are not supported, so other arguments are ignored.
    let runs = std::env::var("BENCH_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(21);
    bench("spec/social-planner.yaml", codegen::default_spec(), runs);
    let apps = codegen::workspace_root().join(xtask::corpus::DEFAULT_APPS);
    // The largest spec by size, which is also the one with the most operations (ad-manager.json).
    let largest = std::fs::read_dir(&apps).ok().and_then(|entries| {
        entries
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
            .max_by_key(|e| (e.metadata().map(|m| m.len()).unwrap_or(0), e.file_name()))
            .map(|e| e.path())
    });
    match largest {
        Some(spec) => {
            let name = spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            bench(&name, spec, runs);
        }
        None => println!("largest corpus spec: skipped, {} is absent", apps.display()),
    }
}
