//! The semver verdict of a regeneration: the new public-API listing compared with the one on disk,
//! each added, removed or changed item classed as breaking or additive by the usual Rust rules, and
//! the version the crate's `Cargo.toml` must then have under 0.x conventions.

use std::fmt;

use crate::codegen::api::listing::{self as api_listing, Listing, OPEN_ENUM};

/// At most this many items are printed; the diff of `api.txt` has the rest.
const MAX_ITEMS: usize = 20;

/// How a change affects users of the crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// Code written for the previous version may no longer compile.
    Breaking,
    /// Code written for the previous version still compiles.
    Additive,
}

/// What happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    Added,
    Removed,
    Changed,
}

/// The verdict over all items: the strongest class among them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    None,
    Additive,
    Breaking,
}

/// One added, removed or changed item of the listing.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub class: Class,
    pub change: Change,
    /// The item's key in the listing, e.g. `field Post.title`.
    pub key: String,
    pub old: Option<String>,
    pub new: Option<String>,
    /// The rule that classes it, as a reader should understand it.
    pub rule: &'static str,
}

/// What the crate's version must become.
#[derive(Debug, Clone, PartialEq)]
pub enum Advice {
    /// Nothing changed, so the version need not.
    Keep,
    /// The version in `Cargo.toml` must become `to`.
    Bump { from: String, to: String },
    /// `Cargo.toml` already has a version past the listed one, enough for the change.
    AlreadyBumped { listed: String, current: String },
    /// The versions are not known or not `MAJOR.MINOR.PATCH`, so no version can be advised.
    Unknown(String),
}

/// The comparison of a regeneration's listing with the previous one.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// Breaking items first, then additive ones, each group by key.
    pub items: Vec<Item>,
    pub level: Level,
    pub advice: Advice,
    /// Why there was nothing to compare with, when the previous listing was missing or malformed.
    pub no_previous: Option<String>,
}

/// Compares the new listing's text with the previous one (if any), given the version the crate's
/// `Cargo.toml` has now. A previous listing that does not parse counts as none, with the reason.
pub fn verdict(previous: Option<&str>, new: &str, current_version: Option<&str>) -> Verdict {
    let new = match api_listing::parse(new) {
        Ok(listing) => listing,
        Err(e) => return nothing(format!("internal error: the new listing does not parse: {e}")),
    };
    match previous.map(api_listing::parse) {
        None => nothing(format!("no previous {} to compare with", api_listing::FILE)),
        Some(Err(e)) => {
            nothing(format!("the previous {} is malformed ({e}), so it is not compared", api_listing::FILE))
        }
        Some(Ok(old)) => compare(&old, &new, current_version),
    }
}

fn nothing(reason: String) -> Verdict {
    Verdict { items: Vec::new(), level: Level::None, advice: Advice::Keep, no_previous: Some(reason) }
}

/// Compares two parsed listings.
pub fn compare(old: &Listing, new: &Listing, current_version: Option<&str>) -> Verdict {
    let mut items = Vec::new();
    let keys: std::collections::BTreeSet<&String> = old.items.keys().chain(new.items.keys()).collect();
    for key in keys {
        let (before, after) = (old.items.get(key), new.items.get(key));
        if before == after || part_of_new_or_removed_type(key, old, new) {
            continue;
        }
        let change = match (before, after) {
            (None, _) => Change::Added,
            (_, None) => Change::Removed,
            _ => Change::Changed,
        };
        let (class, rule) = classify(key, change, before.map(String::as_str), after.map(String::as_str), new);
        items.push(Item { class, change, key: key.clone(), old: before.cloned(), new: after.cloned(), rule });
    }
    items.sort_by(|a, b| (a.class, &a.key).cmp(&(b.class, &b.key)));
    let level = match items.iter().map(|i| i.class).min() {
        Some(Class::Breaking) => Level::Breaking,
        Some(Class::Additive) => Level::Additive,
        None => Level::None,
    };
    let advice = advise(level, old.version.as_deref(), current_version);
    Verdict { items, level, advice, no_previous: None }
}

/// A member of a type that was added or removed as a whole is that type's change, not one of its
/// own.
fn part_of_new_or_removed_type(key: &str, old: &Listing, new: &Listing) -> bool {
    let Some((kind, path)) = key.split_once(' ') else { return false };
    if !matches!(kind, "field" | "variant" | "error" | "success") {
        return false;
    }
    let owner = path.split(['.', ':']).next().unwrap_or_default();
    let type_key = format!("type {owner}");
    old.items.contains_key(&type_key) != new.items.contains_key(&type_key)
}

/// The class of one item's change and the rule that decides it.
fn classify(
    key: &str,
    change: Change,
    old: Option<&str>,
    new: Option<&str>,
    listing: &Listing,
) -> (Class, &'static str) {
    use {Change::*, Class::*};
    let kind = key.split_once(' ').map_or(key, |(kind, _)| kind);
    match (kind, change) {
        ("type", Added) => (Additive, "a new type"),
        ("type", Removed) => (Breaking, "a removed type"),
        ("type", Changed) => (Breaking, "the type's kind or construction changed (`new`'s arguments, `Default`, an alias's target)"),
        ("field", Added) if new.is_some_and(|d| part(d, 1) == "required") => {
            (Breaking, "a new required field: the type's `new` gains an argument, or the type loses `Default`")
        }
        ("field", Added) => (
            Additive,
            "a new optional field: code that builds the type with `..Type::new(..)` or `..Default::default()`, as documented, still compiles",
        ),
        ("field", Removed) => (Breaking, "a removed field"),
        ("field", Changed) => field_change(old.unwrap_or_default(), new.unwrap_or_default()),
        ("variant", Added) if owner_is_open_enum(key, listing) => {
            (Additive, "a new value of an open string enum: it is `#[non_exhaustive]`, so every match has a wildcard arm")
        }
        ("variant", Added) => (Breaking, "a new variant of an exhaustive enum: matches on it must handle it"),
        ("variant", _) => (Breaking, "a removed or changed variant"),
        ("error" | "success", Added) => {
            (Breaking, "a new documented status: the status enum is exhaustive, so matches on it must handle it")
        }
        ("error" | "success", _) => (Breaking, "a removed status, or its status or body changed"),
        ("method", Added) => (Additive, "a new method"),
        ("method", Removed) => (Breaking, "a removed method"),
        ("method", Changed) => (Breaking, "the method's arguments or success type changed"),
        _ => (Breaking, "an item of a kind this generator does not list changed"),
    }
}

fn field_change(old: &str, new: &str) -> (Class, &'static str) {
    if part(old, 1) != part(new, 1) {
        (Class::Breaking, "optional↔required: the field gains or loses its `Option`")
    } else if part(old, 0) != part(new, 0) {
        (Class::Breaking, "a retyped field")
    } else {
        (Class::Additive, "only the wire name changed: the Rust API is the same")
    }
}

/// The `index`th `; `-separated part of an item's detail.
fn part(detail: &str, index: usize) -> &str {
    detail.split("; ").nth(index).unwrap_or_default()
}

fn owner_is_open_enum(key: &str, listing: &Listing) -> bool {
    let owner = key.split_once(' ').and_then(|(_, path)| path.split_once("::")).map_or("", |(owner, _)| owner);
    listing.items.get(&format!("type {owner}")).is_some_and(|kind| kind.starts_with(OPEN_ENUM))
}

/// The version the crate needs after a change of `level`, from the version the previous listing
/// was generated at (or, without one, the current version).
fn advise(level: Level, listed: Option<&str>, current: Option<&str>) -> Advice {
    if level == Level::None {
        return Advice::Keep;
    }
    let Some(current) = current else {
        return Advice::Unknown("the crate's Cargo.toml names no version".to_string());
    };
    let base = listed.unwrap_or(current);
    let (Some(base_v), Some(current_v)) = (parse_version(base), parse_version(current)) else {
        return Advice::Unknown(format!("`{base}` or `{current}` is not MAJOR.MINOR.PATCH"));
    };
    let needed = match (level, base_v) {
        (Level::Breaking, (0, minor, _)) => (0, minor + 1, 0),
        (Level::Breaking, (major, _, _)) => (major + 1, 0, 0),
        (_, (0, minor, patch)) => (0, minor, patch + 1),
        (_, (major, minor, _)) => (major, minor + 1, 0),
    };
    if current_v >= needed {
        Advice::AlreadyBumped { listed: base.to_string(), current: current.to_string() }
    } else {
        Advice::Bump { from: current.to_string(), to: format!("{}.{}.{}", needed.0, needed.1, needed.2) }
    }
}

/// `MAJOR.MINOR.PATCH`, ignoring a pre-release or build suffix.
fn parse_version(version: &str) -> Option<(u64, u64, u64)> {
    let core = version.split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    let parsed = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then_some(parsed)
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::None => "none",
            Level::Additive => "additive",
            Level::Breaking => "breaking",
        })
    }
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let class = if self.class == Class::Breaking { "breaking" } else { "additive" };
        let change = match self.change {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
        };
        write!(f, "{class:<8}  {change:<7}  {}: {}", self.key, self.rule)?;
        if let (Some(old), Some(new)) = (&self.old, &self.new) {
            write!(f, " (`{old}` → `{new}`)")?;
        }
        Ok(())
    }
}

/// The summary `cargo xtask codegen` prints: counts, each item (capped), then the verdict.
impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(reason) = &self.no_previous {
            return writeln!(f, "api: {reason}; semver verdict: none");
        }
        if self.items.is_empty() {
            return writeln!(f, "api: no change to the public API in {}; semver verdict: none", api_listing::FILE);
        }
        let breaking = self.items.iter().filter(|i| i.class == Class::Breaking).count();
        let additive = self.items.len() - breaking;
        let file = api_listing::FILE;
        writeln!(f, "api: {} changed in {file}: {breaking} breaking, {additive} additive", count(self.items.len()))?;
        for item in self.items.iter().take(MAX_ITEMS) {
            writeln!(f, "  {item}")?;
        }
        if self.items.len() > MAX_ITEMS {
            writeln!(f, "  ... and {} more (see the diff of {file})", self.items.len() - MAX_ITEMS)?;
        }
        let advice = match &self.advice {
            Advice::Keep => "the crate's version need not change".to_string(),
            Advice::Bump { from, to } => format!("Cargo.toml's version must become {to} (it is {from})"),
            Advice::AlreadyBumped { listed, current } => format!("already bumped ({listed} → {current})"),
            Advice::Unknown(why) => format!("no version advice: {why}"),
        };
        writeln!(f, "semver verdict: {}; {advice}", self.level)
    }
}

fn count(n: usize) -> String {
    format!("{n} item{}", if n == 1 { "" } else { "s" })
}
