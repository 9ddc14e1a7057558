//! Where each key is in a YAML text, so a diagnostic about `path_params.member_id` can say
//! `line 12, column 3` although serde only reports positions for syntax errors.
//!
//! A second, event-level parse (saphyr-parser) walks the document and records the position of
//! every mapping key and sequence item under its dotted key path. Aliases are not expanded, so the
//! walk is linear in the size of the text.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use saphyr_parser::{Event, Parser};

/// Stops the walk on pathological input; real spec files have a few thousand events.
const MAX_EVENTS: usize = 1_000_000;
/// Keys nested deeper are not recorded (a diagnostic there gets the nearest recorded ancestor):
/// recording every level of a deeply nested file would take memory quadratic in its depth.
const MAX_RECORDED_DEPTH: usize = 64;

/// Key path (`response.fields.member`, `items[2]`) → 1-based line and column of its key.
#[derive(Debug, Default, Clone)]
pub(crate) struct Locations {
    first: HashMap<String, (usize, usize)>,
    /// The second place a key path appears, for "duplicate key" diagnostics.
    repeated: HashMap<String, (usize, usize)>,
    /// Where the text stops being YAML, if it does.
    pub syntax_error: Option<SyntaxError>,
}

/// The first YAML syntax error of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    /// What the parser says (`did not find expected key`, …).
    pub message: String,
    /// 1-based line and column.
    pub location: (usize, usize),
    /// The key path of the value being read when it happened (empty at the top level).
    pub key_path: String,
}

impl Locations {
    /// Where `key_path` appears a second time in its mapping, if it does.
    pub fn repeated(&self, key_path: &str) -> Option<(usize, usize)> {
        self.repeated.get(key_path).copied()
    }

    /// The position of `key_path`, or of its nearest ancestor that has one.
    pub fn find(&self, key_path: &str) -> Option<(usize, usize)> {
        let mut path = key_path;
        loop {
            if path.is_empty() {
                return None;
            }
            if let Some(&location) = self.first.get(path) {
                return Some(location);
            }
            path = parent(path);
        }
    }
}

/// `a.b[1].c` → `a.b[1]` → `a.b` → `a` → ``.
fn parent(path: &str) -> &str {
    match path.rfind(['.', '[']) {
        Some(index) => &path[..index],
        None => "",
    }
}

enum Frame {
    Mapping {
        path: String,
        /// The key whose value comes next; `None` while a key is expected.
        key: Option<String>,
    },
    Sequence {
        path: String,
        index: usize,
    },
    /// A mapping or sequence used as a mapping key: not addressable by a key path.
    ComplexKey,
    /// A value nested deeper than `MAX_RECORDED_DEPTH`: walked, not recorded.
    Unrecorded,
}

/// Indexes the keys of `text`. A text YAML cannot parse is indexed up to the error.
pub(crate) fn locate(text: &str) -> Locations {
    let mut locations = HashMap::new();
    let mut repeated = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut syntax_error = None;
    for (count, event) in Parser::new_from_str(text).enumerate() {
        let (event, span) = match event {
            Ok(event) => event,
            Err(error) => {
                let marker = error.marker();
                syntax_error = Some(SyntaxError {
                    message: error.info().to_owned(),
                    location: (marker.line(), marker.col() + 1),
                    key_path: value_path(&stack),
                });
                break;
            }
        };
        if count > MAX_EVENTS {
            break;
        }
        let position = (span.start.line(), span.start.col() + 1);
        match event {
            Event::Scalar(value, ..) => {
                if expects_key(&stack) {
                    let recorded = stack.len() <= MAX_RECORDED_DEPTH;
                    if let Some(Frame::Mapping { path, key }) = stack.last_mut() {
                        if recorded {
                            let key_path = join(path, &value);
                            match locations.entry(key_path) {
                                Entry::Occupied(entry) => {
                                    repeated.entry(entry.key().clone()).or_insert(position);
                                }
                                Entry::Vacant(entry) => {
                                    entry.insert(position);
                                }
                            }
                        }
                        *key = Some(value.into_owned());
                    }
                } else {
                    record_item(&stack, &mut locations, position);
                    finish_value(&mut stack);
                }
            }
            Event::Alias(_) => {
                if !expects_key(&stack) {
                    record_item(&stack, &mut locations, position);
                    finish_value(&mut stack);
                } else if let Some(Frame::Mapping { key, .. }) = stack.last_mut() {
                    *key = Some(String::new());
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let frame = if expects_key(&stack) {
                    Frame::ComplexKey
                } else if stack.len() >= MAX_RECORDED_DEPTH {
                    Frame::Unrecorded
                } else {
                    record_item(&stack, &mut locations, position);
                    let path = value_path(&stack);
                    if matches!(event, Event::MappingStart(..)) {
                        Frame::Mapping { path, key: None }
                    } else {
                        Frame::Sequence { path, index: 0 }
                    }
                };
                stack.push(frame);
            }
            Event::MappingEnd | Event::SequenceEnd => {
                match stack.pop() {
                    // A complex key is done: its value comes next, under no usable name.
                    Some(Frame::ComplexKey) => {
                        if let Some(Frame::Mapping { key, .. }) = stack.last_mut() {
                            *key = Some(String::new());
                        }
                    }
                    Some(_) => finish_value(&mut stack),
                    None => break,
                }
            }
            Event::DocumentEnd => stack.clear(),
            _ => {}
        }
    }
    Locations {
        first: locations,
        repeated,
        syntax_error,
    }
}

/// Whether the next node in the current mapping is a key.
fn expects_key(stack: &[Frame]) -> bool {
    match stack.last() {
        Some(Frame::Mapping { key, .. }) => key.is_none(),
        Some(Frame::Sequence { .. } | Frame::ComplexKey | Frame::Unrecorded) | None => false,
    }
}

/// The key path of the value that starts now.
fn value_path(stack: &[Frame]) -> String {
    match stack.last() {
        Some(Frame::Mapping {
            path,
            key: Some(key),
        }) => join(path, key),
        Some(Frame::Sequence { path, index }) => format!("{path}[{index}]"),
        Some(Frame::Mapping { path, key: None }) => path.clone(),
        Some(Frame::ComplexKey | Frame::Unrecorded) | None => String::new(),
    }
}

/// Sequence items have no key of their own: their position is where the item starts.
fn record_item(
    stack: &[Frame],
    locations: &mut HashMap<String, (usize, usize)>,
    position: (usize, usize),
) {
    if let Some(Frame::Sequence { .. }) = stack.last() {
        locations.entry(value_path(stack)).or_insert(position);
    }
}

/// A value is complete: the mapping expects a key again, the sequence its next item.
fn finish_value(stack: &mut [Frame]) {
    match stack.last_mut() {
        Some(Frame::Mapping { key, .. }) => *key = None,
        Some(Frame::Sequence { index, .. }) => *index += 1,
        Some(Frame::ComplexKey | Frame::Unrecorded) | None => {}
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::locate;

    #[test]
    fn finds_keys_items_and_nearest_ancestors() {
        let text = "\
method: GET
path_params:
  member_id:
    type: string
    items: { ref: Member }
list:
  - a
  - b: 1
";
        let locations = locate(text);
        assert_eq!(locations.find("method"), Some((1, 1)));
        assert_eq!(locations.find("path_params.member_id"), Some((3, 3)));
        assert_eq!(
            locations.find("path_params.member_id.items.ref"),
            Some((5, 14))
        );
        assert_eq!(
            locations.find("path_params.member_id.description"),
            Some((3, 3))
        );
        assert_eq!(locations.find("list[1].b"), Some((8, 5)));
        assert_eq!(locations.find("list[1]"), Some((8, 5)));
        assert_eq!(locations.find("nowhere"), None);
        assert_eq!(locations.find(""), None);
    }

    #[test]
    fn deep_nesting_is_walked_but_not_recorded() {
        let depth = 10_000;
        // `- - - …`: one block sequence per level, all on one line.
        let text = format!("deep:\n  {}x\nafter: 1\n", "- ".repeat(depth));
        let locations = locate(&text);
        assert_eq!(locations.find("deep"), Some((1, 1)));
        assert_eq!(locations.find("after"), Some((3, 1)));
        assert!(
            locations.first.len() <= super::MAX_RECORDED_DEPTH + 4,
            "{}",
            locations.first.len()
        );
    }

    #[test]
    fn survives_broken_and_hostile_input() {
        assert_eq!(locate("a: [1, 2\nb: {").find("a"), Some((1, 1)));
        let bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\n";
        assert_eq!(locate(bomb).find("d"), Some((4, 1)));
        let twice = locate("a: 1\nb:\n  c: 1\n  c: 2\n");
        assert_eq!(twice.repeated("b.c"), Some((4, 3)));
        assert_eq!(twice.repeated("a"), None);
        assert_eq!(
            locate("? [complex, key]\n: value\nafter: 1").find("after"),
            Some((3, 1))
        );
    }
}
