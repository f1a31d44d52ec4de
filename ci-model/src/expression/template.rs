//! Strings with embedded `${{ }}` expressions.
//!
//! ```
//! use ci_model::expression::template::{Part, parts};
//!
//! let text = "image:${{ matrix.tag }}";
//! assert_eq!(parts(text).unwrap(), [Part::Text("image:"), Part::Expr(" matrix.tag ")]);
//! ```

/// One piece of a string: literal text or an expression body.
///
/// ```
/// use ci_model::expression::template::{Part, parts};
///
/// let text = "v${{ inputs.version }}-${{ github.sha }}";
/// let exprs: Vec<&str> = parts(text).unwrap().into_iter().filter_map(|p| match p {
///     Part::Expr(e) => Some(e.trim()),
///     Part::Text(_) => None,
/// }).collect();
/// assert_eq!(exprs, ["inputs.version", "github.sha"]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part<'a> {
    /// Text outside `${{ }}`.
    Text(&'a str),
    /// The body of one `${{ ... }}`, untrimmed.
    Expr(&'a str),
}

/// An unclosed `${{`.
///
/// ```
/// use ci_model::expression::template::{Unclosed, parts};
///
/// assert_eq!(parts("echo ${{ github.sha"), Err(Unclosed { position: 6 }));
/// assert_eq!(Unclosed { position: 6 }.to_string(), "`${{` at character 6 is not closed by `}}`");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`${{{{` at character {position} is not closed by `}}}}`")]
pub struct Unclosed {
    /// 1-based character position of the `${{`.
    pub position: usize,
}

/// Splits `text` into text and expressions. The end of an expression is the
/// first `}}` outside a string literal, as GitHub finds it.
///
/// ```
/// use ci_model::expression::template::{parts, Part};
///
/// assert_eq!(
///     parts("sha-${{ github.sha }}").unwrap(),
///     vec![Part::Text("sha-"), Part::Expr(" github.sha ")]
/// );
/// assert_eq!(parts("${{ format('}}') }}").unwrap(), vec![Part::Expr(" format('}}') ")]);
/// ```
pub fn parts(text: &str) -> Result<Vec<Part<'_>>, Unclosed> {
    let mut out = Vec::new();
    split(text, |p| out.push(p))?;
    Ok(out)
}

/// [`parts`] without collecting them: `each` sees every part in order, up to
/// an unclosed `${{`.
pub(crate) fn split<'a>(text: &'a str, mut each: impl FnMut(Part<'a>)) -> Result<(), Unclosed> {
    let mut rest = text;
    let mut offset = 0;
    while let Some(start) = find_open(rest) {
        if start > 0 {
            each(Part::Text(&rest[..start]));
        }
        let body_start = start + 3;
        let body = &rest[body_start..];
        let mut in_string = false;
        let mut end = None;
        let bytes = body.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\'' => in_string = !in_string,
                b'}' if !in_string && bytes.get(i + 1) == Some(&b'}') => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
            i += 1;
        }
        let Some(end) = end else {
            return Err(Unclosed { position: text[..offset + start].chars().count() + 1 });
        };
        each(Part::Expr(&body[..end]));
        let consumed = body_start + end + 2;
        offset += consumed;
        rest = &rest[consumed..];
    }
    if !rest.is_empty() {
        each(Part::Text(rest));
    }
    Ok(())
}

/// Whether `text` holds a `${{`: the same as `text.contains("${{")`, but
/// found with a byte search for `$`, which most strings lack.
pub(crate) fn has_expression(text: &str) -> bool {
    find_open(text).is_some()
}

/// Where the first `${{` of `text` starts: `text.find("${{")` by a byte
/// search for `$` (a substring search sets up tables first, which costs more
/// than these short strings).
fn find_open(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find('$') {
        let at = from + i;
        if text[at + 1..].starts_with("{{") {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The expression bodies in `text`, trimmed (empty when it has none or when a
/// `${{` is unclosed).
///
/// ```
/// # use ci_model::expression::template::expressions;
/// assert_eq!(expressions("a ${{ x.y }} b ${{z}}"), vec!["x.y", "z"]);
/// ```
pub fn expressions(text: &str) -> Vec<&str> {
    parts(text)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| match p {
            Part::Expr(e) => Some(e.trim()),
            Part::Text(_) => None,
        })
        .collect()
}

/// An environment variable name for an expression: `github.head_ref` gives
/// `GITHUB_HEAD_REF`, `secrets.TOKEN` gives `TOKEN` (the variable
/// `Step::run_with_env` and the `template-injection` lint pass it through).
pub(crate) fn env_name(expr: &str) -> String {
    let trimmed = expr.trim();
    let base = trimmed.strip_prefix("secrets.").or_else(|| trimmed.strip_prefix("env.")).unwrap_or(trimmed);
    let mut name = String::new();
    for c in base.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_uppercase());
        } else if !name.ends_with('_') && !name.is_empty() {
            name.push('_');
        }
    }
    let name = name.trim_end_matches('_').to_owned();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) { format!("V_{name}") } else { name }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_are_found_like_contains() {
        for s in ["", "$", "${", "${{", "a $ b ${{ x }}", "$${{x}}", "${ {", "echo $HOME", "{{ x }}", "é${{"] {
            assert_eq!(has_expression(s), s.contains("${{"), "{s:?}");
        }
    }

    #[test]
    fn unclosed_expressions_are_reported_where_they_start() {
        assert_eq!(parts("ab ${{ x"), Err(Unclosed { position: 4 }));
        assert_eq!(parts("no expressions"), Ok(vec![Part::Text("no expressions")]));
        assert_eq!(parts(""), Ok(vec![]));
    }
}
