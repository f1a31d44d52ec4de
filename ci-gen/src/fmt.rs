//! `ci-gen fmt`: rewrite workflow and action files in canonical form.

use ci_model::{Diagnostic, Document, DocumentKind, ParseError, locate};

/// A file formatted: the canonical text, and what validation found in it.
#[derive(Debug)]
pub struct Formatted {
    /// The canonical YAML.
    pub text: String,
    /// The kind of document.
    pub kind: DocumentKind,
    /// Validation problems, located in the input.
    pub warnings: Vec<Diagnostic>,
    /// How many comments the input had (they are not carried over yet).
    pub dropped_comments: usize,
}

/// Parses `text` (as `kind`, or the kind its content shows) and returns its
/// canonical form. A parse error leaves nothing formatted.
///
/// ```
/// let f = ci_gen::fmt::format("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n    - run: echo hi\n", None).unwrap();
/// assert_eq!(f.text, "on: push\n\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo hi\n");
/// ```
pub fn format(text: &str, kind: Option<DocumentKind>) -> Result<Formatted, ParseError> {
    let doc = Document::parse(text, kind)?;
    let mut warnings = doc.validate();
    locate(text, &mut warnings);
    Ok(Formatted { text: doc.to_yaml(), kind: doc.kind(), warnings, dropped_comments: count_comments(text) })
}

/// Counts lines that hold a YAML comment (outside quoted strings and block
/// scalars as far as a line-by-line look can tell).
fn count_comments(text: &str) -> usize {
    let mut n = 0;
    let mut block_indent: Option<usize> = None;
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim_start();
        if let Some(bi) = block_indent {
            if trimmed.is_empty() || indent > bi {
                continue;
            }
            block_indent = None;
        }
        if trimmed.starts_with('#') {
            n += 1;
            continue;
        }
        let mut in_single = false;
        let mut in_double = false;
        let mut prev = ' ';
        for c in trimmed.chars() {
            match c {
                '\'' if !in_double => in_single = !in_single,
                '"' if !in_single && prev != '\\' => in_double = !in_double,
                '#' if !in_single && !in_double && prev == ' ' => {
                    n += 1;
                    break;
                }
                _ => {}
            }
            prev = c;
        }
        let content = trimmed.split(" #").next().unwrap_or(trimmed).trim_end();
        if content.ends_with('|')
            || content.ends_with('>')
            || content.ends_with("|-")
            || content.ends_with(">-")
            || content.ends_with("|+")
            || content.ends_with(">+")
        {
            block_indent = Some(indent);
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_counted_outside_strings_and_blocks() {
        let text = "# head\non: push # why\nx: 'a # b'\ny: |\n  # not a comment\nz: \"#\"\n";
        assert_eq!(count_comments(text), 2);
    }
}
