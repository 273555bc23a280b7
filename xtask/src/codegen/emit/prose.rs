//! Turns spec prose and examples into rustdoc text that renders as written and raises no rustdoc
//! warnings: brackets would become broken intra-doc links, `<TOKEN>` an unclosed HTML tag, bare URLs
//! a `rustdoc::bare_urls` warning and indented lines accidental code blocks.

/// Spec prose as rustdoc lines.
pub fn prose(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(|line| escape_line(line.trim())).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    while lines.first().is_some_and(|l| l.is_empty()) {
        lines.remove(0);
    }
    lines
}

/// A fenced code block that no content can close early.
pub fn code_block(lang: &str, code: &str) -> Vec<String> {
    let longest_run = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run.max(2) + 1);
    let mut lines = vec![format!("{fence}{lang}")];
    lines.extend(code.lines().map(str::to_string));
    lines.push(fence);
    lines
}

/// Inline code for a short value, e.g. a wire name.
pub fn inline_code(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    // Markdown headings and list markers at the start of spec prose are rarely meant as such.
    if rest.starts_with('#') {
        out.push('\\');
    }
    while !rest.is_empty() {
        if let Some(url_len) = url_at(rest) {
            out.push('<');
            out.push_str(&rest[..url_len]);
            out.push('>');
            rest = &rest[url_len..];
            continue;
        }
        let c = rest.chars().next().expect("rest is not empty");
        match c {
            '[' | ']' | '<' | '>' | '*' | '_' | '\\' | '|' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The length of the URL starting `text`, if one does.
fn url_at(text: &str) -> Option<usize> {
    if !(text.starts_with("https://") || text.starts_with("http://")) {
        return None;
    }
    let end =
        text.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']')).unwrap_or(text.len());
    let url = text[..end].trim_end_matches(['.', ',', ';', ':']);
    Some(url.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_is_escaped_for_rustdoc() {
        assert_eq!(prose("Use <TOKEN> [here]"), vec![r"Use \<TOKEN\> \[here\]"]);
        assert_eq!(prose("See https://example.com/a_b. Then"), vec!["See <https://example.com/a_b>. Then"]);
        assert_eq!(prose("  indented\n\n"), vec!["indented"]);
        assert_eq!(prose("# not a heading"), vec![r"\# not a heading"]);
        assert_eq!(prose("snake_case *x*"), vec![r"snake\_case \*x\*"]);
    }

    #[test]
    fn code_blocks_cannot_be_closed_by_their_content() {
        assert_eq!(code_block("json", "{}"), vec!["```json", "{}", "```"]);
        assert_eq!(code_block("text", "a ```` b"), vec!["`````text", "a ```` b", "`````"]);
    }
}
