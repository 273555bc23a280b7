//! The architecture's stated rules, checked (as rust-analyzer keeps a tidy test): every Rust file
//! opens with a `//!` line, none includes another by `#[path]`, hand-written files stay under 400
//! lines and their functions under 60, the generator's stages import one another one way only,
//! emitters neither name nor sort (that is `lower`'s job) nor write rustdoc sentences (that is
//! `emit/sentences.rs`'s), one environment variable rewrites every kind of snapshot, and the docs
//! name every fixture and every local the generated methods use.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

fn root() -> PathBuf {
    xtask::codegen::workspace_root()
}

/// Every `.rs` file of the workspace outside build output, by path relative to the root.
fn rust_files() -> Vec<(String, String)> {
    let root = root();
    let mut found = Vec::new();
    let mut folders = vec![root.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if !matches!(name.as_str(), "target" | ".git" | "node_modules") {
                    folders.push(path);
                }
            } else if name.ends_with(".rs") {
                let relative = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
                found.push((relative, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    found.sort();
    found
}

/// Whether the file is the generator's output (it says so in its first line).
fn generated(text: &str) -> bool {
    text.starts_with("//! @generated")
}

#[test]
fn every_rust_file_opens_with_its_own_doc_line() {
    let missing: Vec<String> =
        rust_files().into_iter().filter(|(_, text)| !text.starts_with("//!")).map(|(path, _)| path).collect();
    assert!(missing.is_empty(), "files without a `//!` first line: {missing:?}");
}

#[test]
fn no_file_includes_another_by_path() {
    // Built so that this file does not match itself.
    let needle = ["#[", "path"].concat();
    let found: Vec<String> = rust_files()
        .into_iter()
        .filter(|(_, text)| text.lines().any(|line| line.trim_start().starts_with(&needle)))
        .map(|(path, _)| path)
        .collect();
    assert!(found.is_empty(), "`#[path]` in {found:?}: a crate of its own, or a dependency, instead");
}

/// The first line of every function of `text` that spans more than `max` lines, as rustfmt lays
/// functions out (the closing brace at the indentation of `fn`).
fn long_functions(text: &str, max: usize) -> Vec<(usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let is_fn = ["fn ", "pub fn ", "async fn ", "pub async fn ", "pub(crate) fn ", "pub(super) fn "]
            .iter()
            .any(|start| trimmed.starts_with(start));
        if !is_fn || trimmed.ends_with(';') {
            continue;
        }
        let close = format!("{indent}}}");
        if let Some(end) = lines[i + 1..].iter().position(|l| *l == close) {
            if end + 2 > max {
                found.push((i + 1, trimmed.to_string()));
            }
        }
    }
    found
}

#[test]
fn hand_written_files_and_functions_stay_small() {
    let mut problems = Vec::new();
    for (path, text) in rust_files() {
        if generated(&text) {
            continue;
        }
        let lines = text.lines().count();
        if lines > 400 {
            problems.push(format!("{path}: {lines} lines (at most 400: split it by job)"));
        }
        for (line, function) in long_functions(&text, 60) {
            problems.push(format!("{path}:{line}: `{function}` is over 60 lines"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The generator's stages (`xtask/src/codegen/<stage>`) each module of the generator names,
/// through `crate::codegen::X` or `super::X` paths.
fn stage_imports() -> BTreeMap<String, BTreeSet<String>> {
    let stages: BTreeSet<String> = std::fs::read_dir(root().join("xtask/src/codegen"))
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_string_lossy().strip_suffix(".rs").map(str::to_string))
        .collect();
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in rust_files() {
        let Some(inside) = path.strip_prefix("xtask/src/codegen/") else { continue };
        let depth = inside.matches('/').count();
        let stage = inside.split('/').next().unwrap().trim_end_matches(".rs").to_string();
        let mut names = BTreeSet::new();
        for (at, _) in text.match_indices("crate::codegen::") {
            names.insert(word_at(&text[at + "crate::codegen::".len()..]));
        }
        // `super::` from a stage's own file names a stage; from a file one level down, a sibling.
        if depth == 0 {
            for (at, _) in text.match_indices("super::") {
                names.insert(word_at(&text[at + "super::".len()..]));
            }
        }
        let entry = imports.entry(stage.clone()).or_default();
        entry.extend(names.into_iter().filter(|name| stages.contains(name) && *name != stage));
    }
    imports
}

fn word_at(text: &str) -> String {
    text.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
}

#[test]
fn the_generators_stages_import_one_another_one_way() {
    let imports = stage_imports();
    assert!(imports.len() >= 8, "the stages: {imports:?}");
    // Depth-first search for a path back to where it started.
    fn cycle(graph: &BTreeMap<String, BTreeSet<String>>, path: &mut Vec<String>) -> Option<Vec<String>> {
        let last = path.last().unwrap().clone();
        for next in graph.get(&last).into_iter().flatten() {
            if *next == path[0] {
                let mut found = path.clone();
                found.push(next.clone());
                return Some(found);
            }
            if !path.contains(next) && path.len() < 32 {
                path.push(next.clone());
                if let Some(found) = cycle(graph, path) {
                    return Some(found);
                }
                path.pop();
            }
        }
        None
    }
    for stage in imports.keys() {
        let found = cycle(&imports, &mut vec![stage.clone()]);
        assert!(found.is_none(), "the stages import one another in a circle: {}", found.unwrap().join(" -> "));
    }
    // The spec layer and the model come before everything that reads them.
    for early in ["spec", "model", "naming", "diag"] {
        let named: BTreeSet<&String> =
            imports[early].iter().filter(|s| !matches!(s.as_str(), "diag" | "lines")).collect();
        assert!(named.is_empty(), "`{early}` imports later stages: {named:?}");
    }
}

/// The emitters' files, except the one that writes rustdoc sentences.
fn emitters() -> Vec<(String, String)> {
    rust_files()
        .into_iter()
        .filter(|(path, _)| path.starts_with("xtask/src/codegen/emit/") || path == "xtask/src/codegen/emit.rs")
        .collect()
}

#[test]
fn emitters_neither_name_nor_sort() {
    let mut found = Vec::new();
    for (path, text) in emitters() {
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            let sorts = [".sort(", ".sort_by", ".sort_unstable"].iter().any(|call| code.contains(call));
            // `naming::PRELUDE_PATHS` is a list the emitters print from; a `naming::f(` call decides a name.
            let names = code.match_indices("naming::").any(|(at, _)| {
                let rest = &code[at + "naming::".len()..];
                rest.starts_with(|c: char| c.is_ascii_lowercase())
                    && word_at(rest).len() < rest.len()
                    && rest[word_at(rest).len()..].starts_with('(')
            });
            if sorts || names {
                found.push(format!("{path}:{}: {}", number + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "naming and ordering are decided in `lower`:\n{}", found.join("\n"));
}

#[test]
fn rustdoc_sentences_are_written_in_one_module() {
    let mut found = Vec::new();
    for (path, text) in emitters() {
        if path.contains("/emit/sentences") || path.ends_with("/emit/prose.rs") {
            continue;
        }
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            let literal_doc = code.contains("#[doc = \"");
            let built_here = ["docs(&[\"", "docs(&[format!", "docs_line(\"", "docs_line(&format!"]
                .iter()
                .any(|call| code.contains(call));
            if literal_doc || built_here {
                found.push(format!("{path}:{}: {}", number + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "rustdoc text is written in `emit/sentences.rs`:\n{}", found.join("\n"));
}

#[test]
fn one_variable_rewrites_every_kind_of_snapshot() {
    let others: Vec<String> = rust_files()
        .into_iter()
        .filter(|(path, _)| path.starts_with("xtask/tests/"))
        .filter(|(_, text)| text.contains("var_os(\"") && !text.contains("var_os(\"UPDATE_SNAPSHOTS\")"))
        .filter(|(_, text)| text.contains("expected"))
        .map(|(path, _)| path)
        .collect();
    assert!(others.is_empty(), "snapshot tests must be rewritten by UPDATE_SNAPSHOTS alone: {others:?}");
}

fn docs_text() -> String {
    ["docs/architecture.md", "docs/maintaining.md", "README.md"]
        .iter()
        .map(|doc| std::fs::read_to_string(root().join(doc)).unwrap())
        .collect()
}

#[test]
fn the_docs_name_every_fixture() {
    let docs = docs_text();
    let fixtures = std::fs::read_dir(root().join("xtask/test_data")).unwrap().flatten();
    let unnamed: Vec<String> = fixtures
        .filter(|e| e.path().join("spec.yaml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !docs.contains(&format!("`{name}`")) && !docs.contains(&format!("test_data/{name}/")))
        .collect();
    assert!(unnamed.is_empty(), "fixtures the docs do not name: {unnamed:?}");
}

#[test]
fn the_docs_name_every_local_of_the_generated_methods() {
    let architecture = std::fs::read_to_string(root().join("docs/architecture.md")).unwrap();
    let mut locals = BTreeSet::new();
    for (_, text) in emitters() {
        for (at, _) in text.match_indices("__") {
            let name = word_at(&text[at + 2..]);
            if !name.is_empty() && text[..at].ends_with(|c: char| !c.is_ascii_alphanumeric() && c != '_') {
                locals.insert(format!("__{name}"));
            }
        }
    }
    assert!(locals.len() >= 3, "the hygienic locals: {locals:?}");
    let unnamed: Vec<&String> = locals.iter().filter(|local| !architecture.contains(&format!("`{local}`"))).collect();
    assert!(unnamed.is_empty(), "docs/architecture.md does not name the locals {unnamed:?}");
}

#[test]
fn the_long_function_check_can_fail() {
    let long = format!("fn f() {{\n{}}}\n", "    x();\n".repeat(70));
    assert_eq!(long_functions(&long, 60), vec![(1, "fn f() {".to_string())]);
    assert!(long_functions("fn g() {\n}\n", 60).is_empty());
}
