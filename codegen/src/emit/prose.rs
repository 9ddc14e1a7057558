//! Spec prose made safe for rustdoc: descriptions are Markdown copied from API docs, and must
//! neither become doctests nor trip rustdoc's lints, whatever they contain.
//!
//! Code blocks become `text` blocks (a block in another language, such as `json`, is kept: rustdoc
//! never compiles those); an unclosed fence is closed; outside code, `<` that does not open a
//! URL is escaped (`<string>` is no HTML tag), `[` and `]` that are not an inline link are escaped
//! (`members[0]` is no intra-doc link), and bare URLs are wrapped in `<…>`. Code spans are left
//! exactly as written.

/// Info strings rustdoc compiles as Rust: an empty one, `rust`, or Rust's code block attributes.
fn is_rust_info(info: &str) -> bool {
    info.split([',', ' ', '\t'])
        .filter(|word| !word.is_empty())
        .all(|word| {
            matches!(
                word,
                "rust"
                    | "ignore"
                    | "no_run"
                    | "should_panic"
                    | "compile_fail"
                    | "test_harness"
                    | "standalone_crate"
            ) || word.starts_with("edition")
                || word.starts_with("ignore-")
        })
}

/// A fence line: its indentation, fence character and length, and info string.
struct Fence<'a> {
    indent: &'a str,
    marker: char,
    length: usize,
    info: &'a str,
}

fn fence(line: &str) -> Option<Fence<'_>> {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    if indent.len() > 3 {
        return None;
    }
    let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let length = trimmed.chars().take_while(|c| *c == marker).count();
    if length < 3 {
        return None;
    }
    let info = trimmed[length..].trim();
    // A backtick fence's info string cannot contain backticks (it would be a code span).
    if marker == '`' && info.contains('`') {
        return None;
    }
    Some(Fence {
        indent,
        marker,
        length,
        info,
    })
}

fn is_list_item(line: &str) -> bool {
    let trimmed = line.trim_start();
    let bullet = ["- ", "* ", "+ "]
        .iter()
        .any(|marker| trimmed.starts_with(marker));
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    let numbered =
        digits > 0 && (trimmed[digits..].starts_with(". ") || trimmed[digits..].starts_with(") "));
    bullet || numbered
}

/// `text` as rustdoc-safe Markdown (see the module docs).
pub(crate) fn prose(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    // The open fence: its character and length.
    let mut open: Option<(char, usize)> = None;
    // Inside an indented code block (turned into a fenced `text` block).
    let mut indented = false;
    // The last line outside code was a list item or its continuation.
    let mut in_list = false;
    let mut previous_blank = true;
    for line in text.lines() {
        if let Some((marker, length)) = open {
            let closes = fence(line)
                .is_some_and(|f| f.marker == marker && f.length >= length && f.info.is_empty());
            out.push(line.to_owned());
            if closes {
                open = None;
            }
            continue;
        }
        let blank = line.trim().is_empty();
        let indentation = line.len() - line.trim_start().len();
        if indented {
            if blank || indentation >= 4 {
                out.push(line.get(4..).unwrap_or("").to_owned());
                continue;
            }
            // Blank lines before the end belong after the fence.
            let mut trailing = 0;
            while out.last().is_some_and(|last| last.is_empty()) {
                out.pop();
                trailing += 1;
            }
            out.push("```".to_owned());
            out.extend(std::iter::repeat_n(String::new(), trailing));
            indented = false;
        }
        if let Some(f) = fence(line) {
            let info = if f.info.is_empty() || is_rust_info(f.info) {
                "text"
            } else {
                f.info
            };
            let marker: String = std::iter::repeat_n(f.marker, f.length).collect();
            out.push(format!("{}{marker}{info}", f.indent));
            open = Some((f.marker, f.length));
            previous_blank = false;
            continue;
        }
        if !blank && indentation >= 4 && previous_blank && !in_list {
            // An indented code block, which rustdoc would compile as Rust.
            out.push("```text".to_owned());
            out.push(line[4..].to_owned());
            indented = true;
            continue;
        }
        if !blank {
            in_list =
                is_list_item(line) || (in_list && indentation > 0) || (in_list && !previous_blank);
        }
        previous_blank = blank;
        out.push(escape_line(line));
    }
    if let Some((marker, length)) = open {
        out.push(std::iter::repeat_n(marker, length).collect());
    }
    if indented {
        while out.last().is_some_and(|last| last.is_empty()) {
            out.pop();
        }
        out.push("```".to_owned());
    }
    out.join("\n")
}

/// Escapes one line outside code blocks, leaving code spans, inline links and `<URL>` alone.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            let run = rest.chars().take_while(|c| *c == '`').count();
            let ticks = &rest[..run];
            // A code span ends at the next run of exactly as many backticks.
            let close = find_run(&rest[run..], run);
            match close {
                Some(offset) => {
                    let end = run + offset + run;
                    out.push_str(&rest[..end]);
                    rest = &rest[end..];
                }
                None => {
                    out.push_str(ticks);
                    rest = &rest[run..];
                }
            }
            continue;
        }
        if c == '\\' {
            // An escape already: keep it with the character it escapes.
            let len = rest.chars().nth(1).map_or(1, |next| 1 + next.len_utf8());
            out.push_str(&rest[..len]);
            rest = &rest[len..];
            continue;
        }
        if c == '<' {
            if let Some(end) = autolink_end(rest) {
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            } else {
                out.push_str("&lt;");
                rest = &rest[1..];
            }
            continue;
        }
        if c == '[' {
            if let Some(end) = inline_link_end(rest) {
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            } else {
                out.push_str("\\[");
                rest = &rest[1..];
            }
            continue;
        }
        if c == ']' {
            out.push_str("\\]");
            rest = &rest[1..];
            continue;
        }
        if (rest.starts_with("http://") || rest.starts_with("https://"))
            && !out.ends_with(|c: char| c.is_alphanumeric())
        {
            let end = url_end(rest);
            out.push('<');
            out.push_str(&rest[..end]);
            out.push('>');
            rest = &rest[end..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Where a run of exactly `length` backticks starts in `text`.
fn find_run(text: &str, length: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'`' {
            let run = bytes[index..].iter().take_while(|b| **b == b'`').count();
            if run == length {
                return Some(index);
            }
            index += run;
        } else {
            index += 1;
        }
    }
    None
}

/// The end of `<http…>` at the start of `text`, if it is an autolink.
fn autolink_end(text: &str) -> Option<usize> {
    let inner = &text[1..];
    if !(inner.starts_with("http://") || inner.starts_with("https://")) {
        return None;
    }
    let close = inner.find(|c: char| c == '>' || c == '<' || c.is_whitespace())?;
    (inner.as_bytes()[close] == b'>').then_some(close + 2)
}

/// The end of `[text](url)` at the start of `text`, if it is an inline link whose text has no
/// brackets and whose URL is absolute.
fn inline_link_end(text: &str) -> Option<usize> {
    let close = text.find(']')?;
    let label = &text[1..close];
    if label.is_empty() || label.contains('[') {
        return None;
    }
    let after = &text[close + 1..];
    let url = after.strip_prefix('(')?;
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return None;
    }
    let end = url.find(|c: char| c == ')' || c.is_whitespace())?;
    (url.as_bytes()[end] == b')').then_some(close + 1 + 1 + end + 1)
}

/// The end of a bare URL: up to whitespace or `<`, without trailing punctuation.
fn url_end(text: &str) -> usize {
    let end = text
        .find(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '`')
        .unwrap_or(text.len());
    let mut url = &text[..end];
    while let Some(last) = url.chars().last() {
        let unbalanced_paren = last == ')' && url.matches('(').count() < url.matches(')').count();
        if matches!(
            last,
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '*' | '_'
        ) || unbalanced_paren
        {
            url = &url[..url.len() - last.len_utf8()];
        } else {
            break;
        }
    }
    url.len()
}

/// `text` as a Markdown code span: fenced with more backticks than it contains in a row.
pub(crate) fn code_span(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    // A space keeps a backtick at either end apart from the fence (Markdown strips one).
    let pad = if text.starts_with('`') || text.ends_with('`') || text.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_never_become_doctests() {
        assert_eq!(
            prose("a\n```\nlet x;\n```\nb"),
            "a\n```text\nlet x;\n```\nb"
        );
        assert_eq!(prose("```rust\nx\n```"), "```text\nx\n```");
        assert_eq!(
            prose("```json\n{\"a\": [1]}\n```"),
            "```json\n{\"a\": [1]}\n```"
        );
        assert_eq!(prose("a\n```\nunclosed"), "a\n```text\nunclosed\n```");
        assert_eq!(
            prose("a\n\n    indented code\n\nb"),
            "a\n\n```text\nindented code\n```\n\nb"
        );
        assert_eq!(
            prose("- item\n\n    more of the item"),
            "- item\n\n    more of the item"
        );
    }

    #[test]
    fn rustdoc_lints_are_not_tripped() {
        assert_eq!(prose("a <string> b"), "a &lt;string> b");
        assert_eq!(prose("members[0] and ["), "members\\[0\\] and \\[");
        assert_eq!(
            prose("see https://example.com/a."),
            "see <https://example.com/a>."
        );
        assert_eq!(
            prose("see <https://example.com>"),
            "see <https://example.com>"
        );
        assert_eq!(
            prose("[the docs](https://example.com/x) and `a[0] <b>`"),
            "[the docs](https://example.com/x) and `a[0] <b>`"
        );
        assert_eq!(prose("[`Member`]"), "\\[`Member`\\]");
    }

    #[test]
    fn code_spans_hold_any_text() {
        assert_eq!(code_span("a"), "`a`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`"), "`` ` ``");
    }
}
