//! Cycle breaking: a struct or union that contains itself, directly or through other structs
//! and unions, without a `Vec` or map in between would have infinite size. Such fields and
//! union variants are boxed.

use std::collections::HashMap;

use crate::ir::{Ty, TypeDef, TypeKind};

/// Mark as `boxed` every field (union variant) whose type is in the same strongly connected
/// component as its struct (union), in the graph of direct (not through a `Vec` or map) fields
/// and variants.
pub fn break_cycles(types: &mut [TypeDef]) {
    let index: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            let named = |ty: &Ty| match ty {
                Ty::Named(n) => index.get(n.as_str()).copied(),
                _ => None,
            };
            match &t.kind {
                TypeKind::Struct(s) => s.fields.iter().filter_map(|f| named(&f.shape.ty)).collect(),
                TypeKind::Union(u) => u
                    .variants
                    .iter()
                    .filter_map(|v| named(&v.shape.ty))
                    .collect(),
                _ => Vec::new(),
            }
        })
        .collect();
    let component = tarjan(&edges);
    let index: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let in_cycle_with = |i: usize, ty: &Ty| match ty {
        Ty::Named(n) => index
            .get(n.as_str())
            .is_some_and(|&j| component[i] == component[j] && (i != j || edges[i].contains(&i))),
        _ => false,
    };
    for (i, t) in types.iter_mut().enumerate() {
        match &mut t.kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    f.boxed = in_cycle_with(i, &f.shape.ty);
                }
            }
            TypeKind::Union(u) => {
                for v in &mut u.variants {
                    v.boxed = in_cycle_with(i, &v.shape.ty);
                }
            }
            _ => {}
        }
    }
}

/// The strongly connected component of each node (Tarjan's algorithm, iterative).
fn tarjan(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![UNSEEN; n];
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, next edge to look at)
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut e)) = work.last_mut() {
            if *e == 0 && index[v] == UNSEEN {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*e) {
                *e += 1;
                if index[w] == UNSEEN {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::tarjan;

    #[test]
    fn components() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 alone, 2 -> 4
        let edges = vec![vec![1], vec![2], vec![0, 4], vec![3], vec![]];
        let c = tarjan(&edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[2], c[4]);
        assert_ne!(c[3], c[0]);
    }
}
