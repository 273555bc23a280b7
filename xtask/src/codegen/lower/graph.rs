//! Finds the fields and variants through which a type contains itself, so that the emitters box
//! them and recursive schemas compile.

use std::collections::{BTreeMap, BTreeSet};

use crate::codegen::model::{TypeDef, TypeKind, TypeRef};

/// Each pair (owner, target) where the owner holds the generated type `target` directly (not in a
/// `Vec` or map, which already put their items on the heap) and `target` leads back to the owner:
/// exactly the edges inside one strongly connected component of the containment graph. Finding
/// the components once keeps this linear in the number of types and fields; asking "does the
/// target reach the owner?" per field took time quadratic in the size of large specs.
pub(super) fn recursive(types: &[TypeDef]) -> BTreeSet<(String, String)> {
    let index: BTreeMap<&str, usize> = types.iter().enumerate().map(|(i, def)| (def.name.as_str(), i)).collect();
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|def| direct_targets(def).into_iter().filter_map(|target| index.get(target).copied()).collect())
        .collect();
    let component = components(&edges);
    let mut recursive = BTreeSet::new();
    for (owner, targets) in edges.iter().enumerate() {
        for &target in targets.iter().filter(|&&target| component[target] == component[owner]) {
            recursive.insert((types[owner].name.clone(), types[target].name.clone()));
        }
    }
    recursive
}

/// The strongly connected component of every node (Kosaraju's algorithm, iterative, so that deep
/// chains cannot overflow the stack): nodes finish in a depth-first order, then each node not yet
/// placed gathers, along reversed edges, every node that reaches it.
fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    let mut finished = Vec::with_capacity(edges.len());
    let mut visited = vec![false; edges.len()];
    for start in 0..edges.len() {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        let mut stack = vec![(start, 0)];
        while let Some((node, next)) = stack.pop() {
            match edges[node].get(next) {
                Some(&target) => {
                    stack.push((node, next + 1));
                    if !visited[target] {
                        visited[target] = true;
                        stack.push((target, 0));
                    }
                }
                None => finished.push(node),
            }
        }
    }
    let mut reversed = vec![Vec::new(); edges.len()];
    for (node, targets) in edges.iter().enumerate() {
        for &target in targets {
            reversed[target].push(node);
        }
    }
    let mut component = vec![usize::MAX; edges.len()];
    for (id, &root) in finished.iter().rev().enumerate() {
        if component[root] != usize::MAX {
            continue;
        }
        component[root] = id;
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            for &source in &reversed[node] {
                if component[source] == usize::MAX {
                    component[source] = id;
                    stack.push(source);
                }
            }
        }
    }
    component
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_group_the_nodes_of_each_cycle() {
        // 0 -> 1 -> 2 -> 0 is a cycle, 2 -> 3 leaves it, 4 holds itself, 5 is alone.
        let edges = vec![vec![1], vec![2], vec![0, 3], vec![], vec![4], vec![]];
        let c = components(&edges);
        assert!(c[0] == c[1] && c[1] == c[2]);
        assert!(c[3] != c[2] && c[4] != c[3] && c[5] != c[4] && c[5] != c[0]);
    }
}
