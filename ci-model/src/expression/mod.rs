//! GitHub's expression language: what goes between `${{` and `}}`.
//!
//! [`Ast`] is the syntax tree; [`Ast::parse`] reads an expression the way
//! GitHub's own parser does (same tokens, precedence and errors), and
//! `Display` writes it back in canonical form. [`template`] splits a string
//! with embedded `${{ }}` into its text and expression parts.
//!
//! See GitHub's [expressions] documentation.
//!
//! ```
//! use ci_model::expression::{Ast, template};
//!
//! let text = "deploy-${{ github.ref_name }}";
//! let body = template::expressions(text)[0];
//! let ast = Ast::parse(body).unwrap();
//! assert_eq!(ast.context_paths(), [["github".to_owned(), "ref_name".to_owned()]]);
//! assert_eq!(Ast::parse("!contains( github.ref,'x' )").unwrap().to_string(), "!contains(github.ref, 'x')");
//! ```
//!
//! [expressions]: https://docs.github.com/actions/learn-github-actions/expressions

pub(crate) mod contexts;
mod lexer;
mod parser;
pub mod template;

use std::fmt;

/// A parsed expression.
///
/// ```
/// use ci_model::expression::Ast;
///
/// let ast = Ast::parse("github.event_name!='pull_request'&&startsWith(github.ref,'refs/tags/')").unwrap();
/// assert_eq!(ast.to_string(), "github.event_name != 'pull_request' && startsWith(github.ref, 'refs/tags/')");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Ast {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number (`1`, `0.5`, `0xff`, `1e3`, `NaN`, `Infinity`).
    Number(f64),
    /// A string literal, unescaped (`'it''s'` is `it's`).
    String(String),
    /// A context name: `github`, `env`, `matrix`, ...
    Context(String),
    /// `base.name`, `base['name']`, `base[0]`, `base.*`, `base[*]`.
    Index(Box<Ast>, Box<Index>),
    /// A function call, with the name as written.
    Call(String, Vec<Ast>),
    /// `!operand`.
    Not(Box<Ast>),
    /// A comparison.
    Binary(Box<Ast>, BinOp, Box<Ast>),
    /// `a && b && ...`.
    And(Vec<Ast>),
    /// `a || b || ...`.
    Or(Vec<Ast>),
    /// `( inner )`.
    Group(Box<Ast>),
}

/// What follows a value to reach into it.
///
/// ```
/// use ci_model::expression::{Ast, Index};
///
/// let Ast::Index(base, index) = Ast::parse("needs.*.result").unwrap() else { unreachable!() };
/// assert_eq!(*index, Index::Property("result".to_owned()));
/// assert!(matches!(*base, Ast::Index(_, ref star) if **star == Index::DotStar));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Index {
    /// `.name`.
    Property(String),
    /// `.*`.
    DotStar,
    /// `[*]`.
    BracketStar,
    /// `[expression]`.
    Expr(Ast),
}

/// A comparison operator.
///
/// ```
/// use ci_model::expression::{Ast, BinOp};
///
/// let Ast::Binary(_, op, _) = Ast::parse("matrix.node >= 20").unwrap() else { unreachable!() };
/// assert_eq!(op, BinOp::Ge);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `==`.
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
}

impl BinOp {
    fn as_str(self) -> &'static str {
        match self {
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
        }
    }
}

/// An expression GitHub would not parse.
///
/// ```
/// use ci_model::expression::Ast;
///
/// let err = Ast::parse("matrix.os == ").unwrap_err();
/// assert_eq!(err.expression, "matrix.os == ");
/// assert!(err.position > 0 && err.position <= err.expression.chars().count() + 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at character {position} of `{expression}`)")]
pub struct ExprError {
    /// What is wrong.
    pub message: String,
    /// 1-based character position.
    pub position: usize,
    /// The expression.
    pub expression: String,
}

/// The functions GitHub defines, with their argument counts (`max` of
/// `usize::MAX` for any number).
///
/// ```
/// use ci_model::expression::FUNCTIONS;
///
/// let (_, min, max) = FUNCTIONS.iter().find(|(name, ..)| *name == "startsWith").unwrap();
/// assert_eq!((*min, *max), (2, 2));
/// assert!(!FUNCTIONS.iter().any(|(name, ..)| *name == "startswith"));
/// ```
pub const FUNCTIONS: &[(&str, usize, usize)] = &[
    ("contains", 2, 2),
    ("startsWith", 2, 2),
    ("endsWith", 2, 2),
    ("format", 1, usize::MAX),
    ("join", 1, 2),
    ("toJSON", 1, 1),
    ("fromJSON", 1, 1),
    ("hashFiles", 1, 255),
    ("success", 0, usize::MAX),
    ("always", 0, 0),
    ("cancelled", 0, 0),
    ("failure", 0, usize::MAX),
    ("case", 3, usize::MAX),
];

/// Where expressions may appear in one kind of field and what they may use,
/// as GitHub's parser schema defines it.
///
/// ```
/// use ci_model::expression::field_rules;
///
/// let rules = field_rules(false);
/// let run_name = rules.iter().find(|r| r.pattern == "run-name").unwrap();
/// assert!(run_name.contexts.contains(&"inputs"));
/// assert!(!run_name.functions.contains(&"hashFiles"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldRule {
    /// The fields it covers: `jobs.*.steps.#.if` (`*` any key, `#` any index,
    /// `**` anything below); an optional last part in parentheses covers the
    /// field and what is below it (`env(.*)`: `env` and each key of it;
    /// `concurrency(.**)`: `concurrency` and everything under it).
    pub pattern: &'static str,
    /// The parser schema definition it mirrors; `None` where GitHub reads the
    /// field literally (no expressions).
    pub definition: Option<&'static str>,
    /// The contexts allowed.
    pub contexts: &'static [&'static str],
    /// The functions allowed beyond `contains`, `startsWith`, `endsWith`,
    /// `format`, `join`, `toJSON`, `fromJSON` and `case`.
    pub functions: &'static [&'static str],
}

/// The rules for workflows (`action == false`) or action metadata, most
/// specific first; the first whose pattern matches a field applies.
///
/// ```
/// let rules = ci_model::expression::field_rules(false);
/// let job_if = rules.iter().find(|r| r.pattern == "jobs.*.if").unwrap();
/// assert!(job_if.contexts.contains(&"needs") && !job_if.contexts.contains(&"secrets"));
/// ```
pub fn field_rules(action: bool) -> Vec<FieldRule> {
    let rules = if action { contexts::ACTION } else { contexts::WORKFLOW };
    rules
        .iter()
        .map(|r| FieldRule {
            pattern: r.pattern,
            definition: r.definition,
            contexts: r.contexts,
            functions: r.functions,
        })
        .collect()
}

/// The context names GitHub defines.
///
/// ```
/// use ci_model::expression::{Ast, CONTEXTS};
///
/// let ast = Ast::parse("github.ref == env.BRANCH").unwrap();
/// assert!(ast.context_paths().iter().all(|p| CONTEXTS.contains(&p[0].as_str())));
/// ```
pub const CONTEXTS: &[&str] =
    &["github", "env", "vars", "job", "jobs", "steps", "runner", "secrets", "strategy", "matrix", "needs", "inputs"];

impl Ast {
    /// Parses an expression body (without `${{ }}`).
    ///
    /// ```
    /// # use ci_model::expression::Ast;
    /// assert!(Ast::parse("matrix.os == 'linux'").is_ok());
    /// let err = Ast::parse("github.ref = 'x'").unwrap_err();
    /// assert_eq!(err.to_string(), "unexpected symbol `=` (at character 12 of `github.ref = 'x'`)");
    /// ```
    pub fn parse(expression: &str) -> Result<Ast, ExprError> {
        let tokens = lexer::lex(expression)?;
        parser::parse(expression, &tokens)
    }

    /// The context accesses in this expression as dotted paths, literal
    /// property names only: `needs.build.outputs.image` gives
    /// `["needs", "build", "outputs", "image"]`; an index by expression ends the
    /// path there.
    ///
    /// ```
    /// # use ci_model::expression::Ast;
    /// let ast = Ast::parse("needs.build.outputs['image'] || matrix.os").unwrap();
    /// assert_eq!(ast.context_paths(), vec![
    ///     vec!["needs".to_owned(), "build".into(), "outputs".into(), "image".into()],
    ///     vec!["matrix".to_owned(), "os".into()],
    /// ]);
    /// ```
    pub fn context_paths(&self) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        self.collect_paths(&mut out);
        out
    }

    /// The path of this node when it is a context access chain.
    fn access_path(&self) -> Option<Vec<String>> {
        match self {
            Ast::Context(name) => Some(vec![name.clone()]),
            Ast::Index(base, index) => {
                let mut p = base.access_path()?;
                match index.as_ref() {
                    Index::Property(name) => p.push(name.clone()),
                    Index::Expr(Ast::String(s)) => p.push(s.clone()),
                    _ => p.push("*".to_owned()),
                }
                Some(p)
            }
            _ => None,
        }
    }

    fn collect_paths(&self, out: &mut Vec<Vec<String>>) {
        if let Some(p) = self.access_path() {
            out.push(p);
            // Indexes by expression inside the chain are expressions too.
            let mut node = self;
            while let Ast::Index(base, index) = node {
                if let Index::Expr(e) = index.as_ref()
                    && !matches!(e, Ast::String(_))
                {
                    e.collect_paths(out);
                }
                node = base;
            }
            return;
        }
        match self {
            Ast::Index(base, index) => {
                base.collect_paths(out);
                if let Index::Expr(e) = index.as_ref() {
                    e.collect_paths(out);
                }
            }
            Ast::Call(_, args) | Ast::And(args) | Ast::Or(args) => args.iter().for_each(|a| a.collect_paths(out)),
            Ast::Not(a) | Ast::Group(a) => a.collect_paths(out),
            Ast::Binary(a, _, b) => {
                a.collect_paths(out);
                b.collect_paths(out);
            }
            Ast::Null | Ast::Bool(_) | Ast::Number(_) | Ast::String(_) | Ast::Context(_) => {}
        }
    }

    /// The names of the functions called, as written.
    ///
    /// ```
    /// # use ci_model::expression::Ast;
    /// let ast = Ast::parse("always() && startsWith(github.ref, format('refs/{0}', 'tags'))").unwrap();
    /// assert_eq!(ast.functions(), ["always", "startsWith", "format"]);
    /// ```
    pub fn functions(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.walk(&mut |a| {
            if let Ast::Call(name, _) = a {
                out.push(name.as_str());
            }
        });
        out
    }

    /// Calls `f` on every node, parents before children.
    ///
    /// ```
    /// # use ci_model::expression::Ast;
    /// let ast = Ast::parse("github.ref_name == 'main' || inputs.force").unwrap();
    /// let mut strings = Vec::new();
    /// ast.walk(&mut |node| if let Ast::String(s) = node { strings.push(s.as_str()) });
    /// assert_eq!(strings, ["main"]);
    /// ```
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Ast)) {
        f(self);
        match self {
            Ast::Index(base, index) => {
                base.walk(f);
                if let Index::Expr(e) = index.as_ref() {
                    e.walk(f);
                }
            }
            Ast::Call(_, args) | Ast::And(args) | Ast::Or(args) => args.iter().for_each(|a| a.walk(f)),
            Ast::Not(a) | Ast::Group(a) => a.walk(f),
            Ast::Binary(a, _, b) => {
                a.walk(f);
                b.walk(f);
            }
            Ast::Null | Ast::Bool(_) | Ast::Number(_) | Ast::String(_) | Ast::Context(_) => {}
        }
    }
}

/// Writes a string literal with `'` doubled.
///
/// ```
/// # use ci_model::expression::quote;
/// assert_eq!(quote("it's"), "'it''s'");
/// ```
pub fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A number as GitHub writes it: integers without a fraction.
pub(crate) fn number(n: f64) -> String {
    if n.is_nan() {
        "NaN".to_owned()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity".to_owned() } else { "-Infinity".to_owned() }
    } else {
        format!("{n}")
    }
}

impl fmt::Display for Ast {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ast::Null => f.write_str("null"),
            Ast::Bool(b) => write!(f, "{b}"),
            Ast::Number(n) => f.write_str(&number(*n)),
            Ast::String(s) => f.write_str(&quote(s)),
            Ast::Context(c) => f.write_str(c),
            Ast::Index(base, index) => {
                write!(f, "{base}")?;
                match index.as_ref() {
                    Index::Property(p) => write!(f, ".{p}"),
                    Index::DotStar => f.write_str(".*"),
                    Index::BracketStar => f.write_str("[*]"),
                    Index::Expr(e) => write!(f, "[{e}]"),
                }
            }
            Ast::Call(name, args) => {
                write!(f, "{name}(")?;
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{a}")?;
                }
                f.write_str(")")
            }
            Ast::Not(a) => write!(f, "!{a}"),
            Ast::Binary(a, op, b) => write!(f, "{a} {} {b}", op.as_str()),
            Ast::And(args) | Ast::Or(args) => {
                let sep = if matches!(self, Ast::And(_)) { " && " } else { " || " };
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(sep)?;
                    }
                    write!(f, "{a}")?;
                }
                Ok(())
            }
            Ast::Group(a) => write!(f, "({a})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> String {
        match Ast::parse(s) {
            Ok(a) => a.to_string(),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn precedence_follows_github() {
        // `!` binds tighter than comparisons, which bind tighter than `==`,
        // which binds tighter than `&&`, then `||`.
        let a = Ast::parse("!env.b == env.d && env.f || env.h").unwrap();
        let Ast::Or(args) = &a else { panic!("{a:?}") };
        assert!(matches!(&args[0], Ast::And(_)));
        assert_eq!(canon("( env.b||env.d )&&env.f"), "(env.b || env.d) && env.f");
    }

    #[test]
    fn literals_and_indexes() {
        assert_eq!(canon("'it''s'"), "'it''s'");
        assert_eq!(canon("0xff"), "255");
        assert_eq!(canon("1.50"), "1.5");
        assert_eq!(canon("-2"), "-2");
        assert_eq!(canon("github.event.commits[0].message"), "github.event.commits[0].message");
        assert_eq!(canon("matrix['os']"), "matrix['os']");
        assert_eq!(canon("github.event.*.name"), "github.event.*.name");
        assert_eq!(canon("fromJSON(steps.x.outputs.list)[*].id"), "fromJSON(steps.x.outputs.list)[*].id");
        assert_eq!(canon("true&&null"), "true && null");
    }

    #[test]
    fn errors_name_the_symbol_and_place() {
        assert_eq!(canon("env.b &"), "error: unexpected symbol `&` (at character 7 of `env.b &`)");
        assert_eq!(canon("foo.bar"), "error: unrecognized named-value `foo` (at character 1 of `foo.bar`)");
        assert_eq!(
            canon("contains(env.b)"),
            "error: too few arguments to `contains`: expected 2, found 1 (at character 1 of `contains(env.b)`)"
        );
        assert_eq!(
            canon("always(1)"),
            "error: too many arguments to `always`: expected 0, found 1 (at character 1 of `always(1)`)"
        );
        assert_eq!(canon("nope(1)"), "error: unrecognized function `nope` (at character 1 of `nope(1)`)");
        assert_eq!(canon("'open"), "error: unterminated string `'open` (at character 1 of `'open`)");
        assert_eq!(canon("(env.b"), "error: unexpected end of expression (at character 7 of `(env.b`)");
        assert_eq!(
            canon("case(env.b, 1)"),
            "error: too few arguments to `case`: expected 3, found 2 (at character 1 of `case(env.b, 1)`)"
        );
        assert!(canon("case(env.b, 1, 2, 3)").starts_with("error: `case` takes an odd number of arguments"));
    }

    #[test]
    fn context_paths_are_found_everywhere() {
        let a =
            Ast::parse("format('{0}', github.sha) && !contains(needs.*.result, 'failure') && matrix[env.KEY]").unwrap();
        let paths: Vec<String> = a.context_paths().iter().map(|p| p.join(".")).collect();
        assert_eq!(paths, ["github.sha", "needs.*.result", "matrix.*", "env.KEY"]);
        assert_eq!(a.functions(), ["format", "contains"]);
    }
}
