//! Every `${{ }}` in a document must parse as GitHub parses it, and every
//! `if:` must be a condition (a string with text outside `${{ }}` is always
//! true).

use crate::diagnostic::{Diagnostic, Problem};
use crate::emit::Node;
use crate::expression::{Ast, template};
use crate::{Path, Scalar};

/// Checks the expressions of a lowered document.
pub(crate) fn check(root: &Node, out: &mut Vec<Diagnostic>) {
    walk(root, &Path::root(), false, out);
}

/// Keys whose value is a condition (the `${{ }}` is optional there).
const CONDITIONS: [&str; 3] = ["if", "pre-if", "post-if"];

/// Keys under which user data lives (a key named `if` there is just a name).
const DATA: [&str; 6] = ["with", "env", "matrix", "outputs", "inputs", "secrets"];

fn walk(node: &Node, at: &Path, in_data: bool, out: &mut Vec<Diagnostic>) {
    match node {
        Node::Map(entries) => {
            for e in entries {
                let p = at.key(&e.key);
                let data = in_data || DATA.contains(&e.key.as_str());
                if !in_data
                    && CONDITIONS.contains(&e.key.as_str())
                    && let Node::Scalar(Scalar::String(s)) = &e.value
                {
                    condition(s, &p, out);
                    continue;
                }
                walk(&e.value, &p, data, out);
            }
        }
        Node::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(&item.value, &at.index(i), in_data, out);
            }
        }
        Node::Scalar(Scalar::String(s)) => embedded(s, at, out),
        Node::Scalar(_) | Node::Empty => {}
    }
}

fn problem(at: &Path, message: String, out: &mut Vec<Diagnostic>) {
    out.push(Diagnostic::new(at.clone(), Problem::Expression { message }));
}

/// Checks each `${{ }}` in a string.
fn embedded(s: &str, at: &Path, out: &mut Vec<Diagnostic>) {
    if !s.contains("${{") {
        return;
    }
    match template::parts(s) {
        Err(e) => problem(at, e.to_string(), out),
        Ok(parts) => {
            for part in parts {
                if let template::Part::Expr(body) = part
                    && let Err(e) = Ast::parse(body.trim())
                {
                    problem(at, e.to_string(), out);
                }
            }
        }
    }
}

/// Checks an `if:` value.
fn condition(s: &str, at: &Path, out: &mut Vec<Diagnostic>) {
    let trimmed = s.trim();
    if !trimmed.contains("${{") {
        if let Err(e) = Ast::parse(trimmed) {
            problem(at, e.to_string(), out);
        }
        return;
    }
    let Ok(parts) = template::parts(trimmed) else {
        embedded(s, at, out);
        return;
    };
    let text_outside = parts.iter().any(|p| matches!(p, template::Part::Text(t) if !t.trim().is_empty()));
    if parts.len() > 1 || text_outside {
        out.push(Diagnostic::new(at.clone(), Problem::AlwaysTrue { condition: s.to_owned() }));
    }
    embedded(s, at, out);
}
