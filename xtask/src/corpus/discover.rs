//! Finds the specs of a corpus: every `*.json`, `*.yaml` and `*.yml` file under a folder, searched
//! recursively, each with a unique crate name, and tells OpenAPI 3.0 documents from the others.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The longest crate folder name made from a file name, well under file systems' 255 bytes.
const MAX_NAME: usize = 80;
/// How deep folders are searched; real corpora are two or three levels deep.
const MAX_DEPTH: usize = 16;

/// One spec to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The crate's folder in the temporary workspace; its package is `corpus-{name}`.
    pub name: String,
    /// The file as the corpus names it: its path under the corpus folder.
    pub file: String,
    pub path: PathBuf,
}

/// The spec files under `dir`, by path relative to it, sorted.
pub fn spec_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let mut found = Vec::new();
    let mut pending = vec![(dir.to_path_buf(), 0)];
    while let Some((folder, depth)) = pending.pop() {
        let entries = std::fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("{}: {e}", folder.display()))?;
            let path = entry.path();
            // Symbolic links to folders are not followed, so that a link cannot make a loop.
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                if depth < MAX_DEPTH {
                    pending.push((path, depth + 1));
                }
            } else if path.extension().is_some_and(|e| e == "json" || e == "yaml" || e == "yml") {
                let relative = path.strip_prefix(dir).unwrap_or(&path);
                found.push((relative.to_string_lossy().replace('\\', "/"), path));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Gives each file a crate name that cargo accepts, unique among these and the `taken` ones, and
/// the same in every run over the same files (they come sorted).
pub fn name_all(files: Vec<(String, PathBuf)>, taken: &mut BTreeSet<String>) -> Vec<Found> {
    files
        .into_iter()
        .map(|(file, path)| {
            let base = crate_name(&Path::new(&file).with_extension("").to_string_lossy());
            let mut name = base.clone();
            let mut n = 1;
            while taken.contains(&name) {
                n += 1;
                name = format!("{base}-{n}");
            }
            taken.insert(name.clone());
            Found { name, file, path }
        })
        .collect()
}

/// `googleapis.com/Abusive Experience` (the file's path without its extension) becomes `googleapis-com-abusive-experience`: lower-case ASCII
/// letters and digits, every other run of characters one `-`. The package's `corpus-` prefix makes
/// a name that starts with a digit a valid crate name too.
fn crate_name(file: &str) -> String {
    let mut name = String::new();
    for c in file.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    name.truncate(MAX_NAME);
    let name = name.trim_end_matches('-');
    if name.is_empty() {
        "spec".to_string()
    } else {
        name.to_string()
    }
}

/// The version fields of a document; everything else is skipped unread.
#[derive(Deserialize)]
struct Version {
    openapi: Option<serde_json::Value>,
    swagger: Option<serde_json::Value>,
}

/// Why the document at `path` is not an OpenAPI 3.0 description, if it clearly is not. A file that
/// does not parse, or is larger than `max_bytes`, is left to the generator, which says what is wrong.
pub fn not_openapi_30(path: &Path, max_bytes: u64) -> Option<String> {
    if std::fs::metadata(path).map_or(true, |m| m.len() > max_bytes) {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let version: Version = if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).ok()?
    } else {
        serde_yaml::from_str(&text).ok()?
    };
    let text_of = |v: &serde_json::Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
    match (version.openapi.as_ref().map(text_of), version.swagger.as_ref().map(text_of)) {
        (Some(v), _) if v == "3.0" || v.starts_with("3.0.") => None,
        (Some(v), _) => Some(format!("OpenAPI {v}")),
        (None, Some(v)) => Some(format!("Swagger {v}")),
        (None, None) => Some("no `openapi` field".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(files: &[&str]) -> Vec<String> {
        let files = files.iter().map(|f| (f.to_string(), PathBuf::from(f))).collect();
        name_all(files, &mut BTreeSet::from(["fixture-unions".to_string()])).into_iter().map(|f| f.name).collect()
    }

    #[test]
    fn file_names_become_unique_crate_names() {
        assert_eq!(
            names(&[
                "1forge.com.json",
                "amadeus.com/amadeus-airport-&-city-search.json",
                "googleapis.com/abusiveexperiencereport.yaml",
                "a.b.json",
                "a-b.json",
                "a_b.json",
                "fixture-unions.json",
                "Ünïcode/...json",
                "contacts.json",
            ]),
            [
                "1forge-com",
                "amadeus-com-amadeus-airport-city-search",
                "googleapis-com-abusiveexperiencereport",
                "a-b",
                "a-b-2",
                "a-b-3",
                "fixture-unions-2",
                "n-code",
                "contacts"
            ]
        );
        assert_eq!(names(&["%%.json", &format!("{}.json", "x".repeat(100))]), ["spec", &"x".repeat(MAX_NAME)]);
    }

    #[test]
    fn only_openapi_30_documents_pass() {
        let dir = std::env::temp_dir().join(format!("corpus-versions-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let cases = [
            ("a.json", r#"{"info": {}, "openapi": "3.0.3"}"#, None),
            ("b.yaml", "openapi: 3.0.0\ninfo: {}\n", None),
            ("c.json", r#"{"openapi": "3.1.0"}"#, Some("OpenAPI 3.1.0")),
            ("d.yml", "swagger: '2.0'\n", Some("Swagger 2.0")),
            ("e.json", r#"{"name": "package"}"#, Some("no `openapi` field")),
            ("f.json", "{ not json", None),
        ];
        let verdicts: Vec<Option<String>> = cases
            .iter()
            .map(|(file, text, _)| {
                std::fs::write(dir.join(file), text).unwrap();
                not_openapi_30(&dir.join(file), 1 << 20)
            })
            .collect();
        let big = not_openapi_30(&dir.join("c.json"), 4);
        std::fs::remove_dir_all(&dir).unwrap();
        let expected: Vec<Option<String>> = cases.iter().map(|c| c.2.map(String::from)).collect();
        assert_eq!(verdicts, expected);
        assert_eq!(big, None, "a file over the limit is left to the generator's own refusal");
    }
}
