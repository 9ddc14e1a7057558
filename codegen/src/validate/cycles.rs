//! Types that contain themselves: boxed where a cycle allows a finite value, reported where not.

use std::collections::{BTreeMap, BTreeSet};

use super::*;

/// Gives every cycle of structs and tagged unions containing each other the indirection it needs.
///
/// Through an array or a map a cycle has one already. A cycle of required fields only has no
/// finite value at all and is reported. Any other cycle is broken by boxing the back edges of a
/// depth-first walk (types by name, fields and variants in order), which is deterministic and
/// boxes only what closes a cycle. Only schema-file types can form cycles: nothing can refer to an endpoint's
/// inline body or response.
pub(super) fn break_cycles(ctx: &mut Context) {
    ctx.types.sort_by(|a, b| a.name.cmp(&b.name));
    ctx.unions.sort_by(|a, b| a.name.cmp(&b.name));
    // Nodes: the structs, then the tagged unions (whose variants hold their value inline too).
    let struct_count = ctx.types.len();
    let names: Vec<String> = ctx
        .types
        .iter()
        .map(|def| def.name.clone())
        .chain(ctx.unions.iter().map(|def| def.name.clone()))
        .collect();
    let index: BTreeMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, name)| (name.as_str(), i))
        .collect();
    let target = |ty: &Type| match ty {
        Type::Named(name) => index.get(name.as_str()).copied(),
        _ => None,
    };
    // Edges that hold the target inline (not through an array or map): (slot, target node), the
    // slot being a struct's field or a union's variant.
    let edges: Vec<Vec<(usize, usize)>> = ctx
        .types
        .iter()
        .map(|def| {
            def.fields
                .iter()
                .enumerate()
                .filter_map(|(slot, f)| Some((slot, target(&f.ty)?)))
                .collect()
        })
        .chain(ctx.unions.iter().map(|def| {
            def.variants
                .iter()
                .enumerate()
                .filter_map(|(slot, v)| Some((slot, target(&v.ty)?)))
                .collect()
        }))
        .collect();
    // A union variant is never required: another variant ends the chain.
    let required: Vec<Vec<bool>> = edges
        .iter()
        .enumerate()
        .map(|(node, out)| {
            out.iter()
                .map(|&(slot, _)| node < struct_count && !ctx.types[node].fields[slot].optional)
                .collect()
        })
        .collect();

    // Cycles of required fields only.
    let mut reported = BTreeSet::new();
    let mut seen_cycles = BTreeSet::new();
    for start in 0..names.len() {
        let mut stack = vec![(start, vec![start])];
        let mut visited = BTreeSet::new();
        while let Some((node, chain)) = stack.pop() {
            for (edge, &(_, target)) in edges[node].iter().enumerate() {
                if !required[node][edge] {
                    continue;
                }
                if target == start {
                    let cycle: Vec<&str> = chain
                        .iter()
                        .chain([&target])
                        .map(|&i| names[i].as_str())
                        .collect();
                    // Each cycle once, at its first type by name (the walk starts there first).
                    let mut members = chain.clone();
                    members.sort_unstable();
                    if seen_cycles.insert(members) {
                        reported.insert((names[start].clone(), cycle.join(" → ")));
                    }
                } else if visited.insert(target) {
                    let mut longer = chain.clone();
                    longer.push(target);
                    stack.push((target, longer));
                }
            }
        }
    }

    // Back edges of a depth-first walk.
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        OnStack,
        Done,
    }
    let mut state = vec![State::New; names.len()];
    let mut to_box = Vec::new();
    for start in 0..names.len() {
        if state[start] != State::New {
            continue;
        }
        state[start] = State::OnStack;
        let mut stack = vec![(start, 0)];
        while let Some((node, next_edge)) = stack.last_mut() {
            let node = *node;
            let Some(&(slot, target)) = edges[node].get(*next_edge) else {
                state[node] = State::Done;
                stack.pop();
                continue;
            };
            *next_edge += 1;
            match state[target] {
                State::OnStack => to_box.push((node, slot)),
                State::New => {
                    state[target] = State::OnStack;
                    stack.push((target, 0));
                }
                State::Done => {}
            }
        }
    }
    for (node, slot) in to_box {
        if node < struct_count {
            ctx.types[node].fields[slot].boxed = true;
        } else {
            ctx.unions[node - struct_count].variants[slot].boxed = true;
        }
    }

    for (name, cycle) in reported {
        if let Some((file, key_path)) = ctx.types_declared.get(&name).cloned() {
            ctx.error_hint(
                &file,
                &key_path,
                format!("`{name}` contains itself through required fields: {cycle}"),
                "make one field of the cycle optional, or an array",
            );
        }
    }
}
