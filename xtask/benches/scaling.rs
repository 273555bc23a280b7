//! Prints how generation time grows with the size of a spec (issue 11, item 8: time must grow about
//! linearly): the same synthetic spec at 1x and 8x its size, and the ratio of their medians, which
//! is about 8 when time is linear. The spec has the shapes that once made the generator recurse
//! without end or work exponentially: schemas that refer to themselves through `allOf` members that
//! only add a description, and `allOf`s that merge a recursive schema with properties of their own.
//!
//! Run with `cargo bench -p xtask --bench scaling`; `BENCH_RUNS=N` changes the number of runs (default 7).

use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};
use xtask::codegen::{self, Options};

/// A spec with `n` groups, each an operation and three schemas that refer to one another.
fn spec(n: usize) -> Value {
    let (mut paths, mut schemas) = (Map::new(), Map::new());
    for i in 0..n {
        let expression = format!("#/components/schemas/Expression{i}");
        paths.insert(
            format!("/filters/{i}"),
            json!({"post": {"operationId": format!("filter{i}"),
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": expression}}}},
                "responses": {"200": {"description": "Ok.", "content": {"application/json": {
                    "schema": {"$ref": format!("#/components/schemas/Tree{i}")}}}}}}}),
        );
        let annotated = |target: &str, text: &str| json!({"allOf": [{"$ref": target}, {"description": text}]});
        schemas.insert(
            format!("Expression{i}"),
            json!({"type": "object", "properties": {
                "not": annotated(&expression, "The opposite."),
                "and": {"type": "array", "items": annotated(&expression, "All of these.")},
                "dimension": {"type": "string"}}}),
        );
        let tree = format!("#/components/schemas/Tree{i}");
        schemas.insert(
            format!("Tree{i}"),
            json!({"type": "object", "required": ["name"], "properties": {
                "name": {"type": "string"},
                "child": {"allOf": [{"$ref": tree}, {"type": "object", "properties": {"weight": {"type": "number"}}}]},
                "expression": {"$ref": expression}}}),
        );
    }
    json!({"openapi": "3.0.3", "info": {"title": "scaling", "version": "1"}, "paths": paths,
        "components": {"schemas": schemas}})
}

fn median_of(runs: usize, options: &Options) -> Duration {
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(codegen::generate(options).unwrap_or_else(|e| panic!("{e}")));
            start.elapsed()
        })
        .collect();
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let runs = std::env::var("BENCH_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(7);
    let dir = std::env::temp_dir().join(format!("xtask-scaling-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let mut medians = Vec::new();
    for n in [100, 800] {
        let path = dir.join(format!("scaling-{n}.json"));
        std::fs::write(&path, spec(n).to_string()).expect("the spec is written");
        let median = median_of(runs, &Options::new(&path, "unused"));
        println!("{n} operations, {} schemas: median {:.1} ms over {runs} runs", 2 * n, median.as_secs_f64() * 1e3);
        medians.push(median);
    }
    let ratio = medians[1].as_secs_f64() / medians[0].as_secs_f64();
    println!("8x the spec took {ratio:.1}x the time (8.0 is linear)");
    std::fs::remove_dir_all(&dir).ok();
}
