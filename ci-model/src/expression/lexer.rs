//! Tokens of an expression, split as GitHub's lexer splits them.

use super::ExprError;

/// Longest expression GitHub accepts.
const MAX_LENGTH: usize = 21_000;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Tok {
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Dot,
    Bang,
    BangEq,
    EqEq,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    Star,
    Number(f64),
    String(String),
    Ident(String),
    True,
    False,
    Null,
}

/// A token with its 0-based character offsets: it spans `at..end`.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Token {
    pub(super) tok: Tok,
    pub(super) at: usize,
    pub(super) end: usize,
}

impl Token {
    /// The token as written in `input` (the lexed expression), for messages:
    /// only an error needs it, so tokens do not each carry a copy.
    pub(super) fn text(&self, input: &str) -> String {
        input.chars().skip(self.at).take(self.end - self.at).collect()
    }
}

fn is_boundary(c: char) -> bool {
    matches!(c, '(' | '[' | ')' | ']' | ',' | '.' | '!' | '>' | '<' | '=' | '&' | '|') || c.is_whitespace()
}

fn is_legal_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Reads a number the way JavaScript's `Number()` does for the forms GitHub
/// allows: decimal with optional fraction and exponent, `0x`/`0o`/`0b`, a sign.
fn parse_number(s: &str) -> Option<f64> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let radix = |p: &str, r: u32| {
        body.strip_prefix(p).or_else(|| body.strip_prefix(&p.to_ascii_uppercase())).and_then(|d| {
            if d.is_empty() || s.starts_with(['-', '+']) {
                None
            } else {
                u64::from_str_radix(d, r).ok().map(|v| v as f64)
            }
        })
    };
    let v = if let Some(v) = radix("0x", 16).or_else(|| radix("0o", 8)).or_else(|| radix("0b", 2)) {
        v
    } else {
        let ok = !body.is_empty()
            && body.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
            && body.starts_with(|c: char| c.is_ascii_digit() || c == '.');
        if !ok {
            return None;
        }
        body.parse::<f64>().ok()?
    };
    Some(if neg { -v } else { v })
}

pub(super) fn lex(input: &str) -> Result<Vec<Token>, ExprError> {
    let err = |message: String, at: usize| ExprError { message, position: at + 1, expression: input.to_owned() };
    if input.chars().count() > MAX_LENGTH {
        return Err(err(format!("the expression is longer than {MAX_LENGTH} characters"), 0));
    }
    let chars: Vec<char> = input.chars().collect();
    let mut tokens: Vec<Token> = Vec::new();
    let mut i = 0;
    let prev_allows_dot = |tokens: &[Token]| {
        matches!(tokens.last().map(|t| &t.tok), Some(Tok::Ident(_) | Tok::RBracket | Tok::RParen | Tok::Star))
    };
    while i < chars.len() {
        let start = i;
        let c = chars[i];
        i += 1;
        let simple = match c {
            '(' => Some(Tok::LParen),
            ')' => Some(Tok::RParen),
            '[' => Some(Tok::LBracket),
            ']' => Some(Tok::RBracket),
            ',' => Some(Tok::Comma),
            '*' => Some(Tok::Star),
            '.' if prev_allows_dot(&tokens) => Some(Tok::Dot),
            '!' if chars.get(i) == Some(&'=') => {
                i += 1;
                Some(Tok::BangEq)
            }
            '!' => Some(Tok::Bang),
            '=' if chars.get(i) == Some(&'=') => {
                i += 1;
                Some(Tok::EqEq)
            }
            '<' | '>' => {
                let eq = chars.get(i) == Some(&'=');
                if eq {
                    i += 1;
                }
                Some(match (c, eq) {
                    ('<', false) => Tok::Lt,
                    ('<', true) => Tok::Le,
                    ('>', false) => Tok::Gt,
                    _ => Tok::Ge,
                })
            }
            '&' if chars.get(i) == Some(&'&') => {
                i += 1;
                Some(Tok::And)
            }
            '|' if chars.get(i) == Some(&'|') => {
                i += 1;
                Some(Tok::Or)
            }
            c if c.is_whitespace() => continue,
            _ => None,
        };
        if let Some(tok) = simple {
            tokens.push(Token { tok, at: start, end: i });
            continue;
        }
        match c {
            '\'' => {
                let mut value = String::new();
                loop {
                    match chars.get(i) {
                        None => {
                            let text: String = chars[start..].iter().collect();
                            return Err(err(format!("unterminated string `{text}`"), start));
                        }
                        Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                            value.push('\'');
                            i += 2;
                        }
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some(&ch) => {
                            value.push(ch);
                            i += 1;
                        }
                    }
                }
                tokens.push(Token { tok: Tok::String(value), at: start, end: i });
            }
            c if c.is_ascii_digit() || matches!(c, '.' | '-' | '+') => {
                while i < chars.len() && (!is_boundary(chars[i]) || chars[i] == '.') {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                let Some(n) = parse_number(&text) else {
                    return Err(err(format!("unexpected symbol `{text}`"), start));
                };
                tokens.push(Token { tok: Tok::Number(n), at: start, end: i });
            }
            '=' | '&' | '|' => {
                // A lone `=`, `&` or `|`: report the symbol.
                return Err(err(format!("unexpected symbol `{c}`"), start));
            }
            _ => {
                while i < chars.len() && !is_boundary(chars[i]) {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                let after_dot = matches!(tokens.last().map(|t| &t.tok), Some(Tok::Dot));
                let keyword = match text.as_str() {
                    _ if after_dot => None,
                    "true" => Some(Tok::True),
                    "false" => Some(Tok::False),
                    "null" => Some(Tok::Null),
                    "NaN" => Some(Tok::Number(f64::NAN)),
                    "Infinity" => Some(Tok::Number(f64::INFINITY)),
                    _ => None,
                };
                let tok = match keyword {
                    Some(tok) => tok,
                    None if is_legal_identifier(&text) => Tok::Ident(text),
                    None => return Err(err(format!("unexpected symbol `{text}`"), start)),
                };
                tokens.push(Token { tok, at: start, end: i });
            }
        }
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_javascript() {
        assert_eq!(parse_number("0xff"), Some(255.0));
        assert_eq!(parse_number("1e3"), Some(1000.0));
        assert_eq!(parse_number("-1.5"), Some(-1.5));
        assert_eq!(parse_number(".5"), Some(0.5));
        assert_eq!(parse_number("1_0"), None);
        assert_eq!(parse_number("-"), None);
    }

    #[test]
    fn dots_after_names_are_accessors() {
        let t = lex("a.b").unwrap_or_default();
        assert_eq!(
            t.iter().map(|t| t.tok.clone()).collect::<Vec<_>>(),
            vec![Tok::Ident("a".into()), Tok::Dot, Tok::Ident("b".into())]
        );
        let t = lex(".5").unwrap_or_default();
        assert_eq!(t[0].tok, Tok::Number(0.5));
        let t = lex("a.true").unwrap_or_default();
        assert_eq!(t[2].tok, Tok::Ident("true".into()));
    }
}
