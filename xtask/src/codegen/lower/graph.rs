//! Finds the fields and variants through which a type contains itself, so that the emitters box
//! them and recursive schemas compile.

use std::collections::{BTreeMap, BTreeSet};

use crate::codegen::model::{TypeDef, TypeKind, TypeRef};

/// Each pair (owner, target) where the owner holds the generated type `target` directly (not in a
/// `Vec` or map, which already put their items on the heap) and `target` leads back to the owner.
pub(super) fn recursive(types: &[TypeDef]) -> BTreeSet<(String, String)> {
    let edges: BTreeMap<&str, Vec<&str>> = types.iter().map(|def| (def.name.as_str(), direct_targets(def))).collect();
    let mut recursive = BTreeSet::new();
    for (owner, targets) in &edges {
        for target in targets {
            if reaches(&edges, target, owner) {
                recursive.insert((owner.to_string(), target.to_string()));
            }
        }
    }
    recursive
}

/// The generated types a type holds directly.
fn direct_targets(def: &TypeDef) -> Vec<&str> {
    match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().filter_map(|f| named(&f.ty)).collect(),
        TypeKind::Alias(ty) => named(ty).into_iter().collect(),
        TypeKind::StringEnum(_) => Vec::new(),
        TypeKind::OneOf(one_of) => one_of.variants.iter().filter_map(|v| named(&v.ty)).collect(),
    }
}

fn named(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name.as_str()),
        _ => None,
    }
}

/// Whether `to` can be reached from `from` along direct containment; iterative, so that deep
/// chains cannot overflow the stack.
fn reaches(edges: &BTreeMap<&str, Vec<&str>>, from: &str, to: &str) -> bool {
    let mut stack = vec![from];
    let mut seen = BTreeSet::new();
    while let Some(node) = stack.pop() {
        if node == to {
            return true;
        }
        if seen.insert(node) {
            stack.extend(edges.get(node).into_iter().flatten());
        }
    }
    false
}
