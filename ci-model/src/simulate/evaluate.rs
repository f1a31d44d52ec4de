//! A small evaluator of GitHub expressions over what a simulated event tells.
//!
//! It follows GitHub's [expressions] documentation: loose equality (operands
//! of different types are compared as numbers), case-insensitive string
//! comparison, `&&` and `||` returning one of their operands, and the
//! functions `contains`, `startsWith`, `endsWith`, `format`, `join`,
//! `fromJSON`, `case` and the status checks. What the scope does not hold is
//! unknown, and unknown spreads: `github.repository == 'x'` is unknown when
//! the repository is, but `false && github.repository == 'x'` is false.
//!
//! The status checks assume that every job that runs succeeds and that
//! nothing is cancelled: `always()` is true, `failure()` and `cancelled()` are
//! false, and `success()` is whatever [`Scope::success`] says (at job level:
//! whether every job in `needs` ran).
//!
//! [expressions]: https://docs.github.com/actions/learn-github-actions/expressions

use std::cmp::Ordering;

use indexmap::IndexMap;

use crate::expression::{Ast, BinOp, Index};

/// A value of the expression language.
///
/// ```
/// use ci_model::simulate::Value;
///
/// assert!(Value::from("x").truthy());
/// assert!(!Value::from("").truthy());
/// assert_eq!(Value::parse("false"), Value::Bool(false));
/// assert_eq!(Value::parse("3"), Value::Number(3.0));
/// assert_eq!(Value::parse("main"), Value::from("main"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, keys as written.
    Object(IndexMap<String, Value>),
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl Value {
    /// Reads a value given on a command line: `true`, `false`, `null`, a
    /// number, or else a string.
    ///
    /// ```
    /// # use ci_model::simulate::Value;
    /// assert_eq!(Value::parse("null"), Value::Null);
    /// assert_eq!(Value::parse("0x10"), Value::Number(16.0));
    /// assert_eq!(Value::parse("TRUE"), Value::from("TRUE"));
    /// ```
    pub fn parse(text: &str) -> Value {
        match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" => Value::Null,
            _ => match json_number(text) {
                Some(n) if !text.trim().is_empty() => Value::Number(n),
                _ => Value::String(text.to_owned()),
            },
        }
    }

    /// GitHub's truthiness: `null`, `false`, `0`, `NaN` and `''` are false,
    /// everything else (arrays and objects included) is true.
    ///
    /// ```
    /// # use ci_model::simulate::Value;
    /// assert!(!Value::Null.truthy() && !Value::Number(0.0).truthy() && !Value::from("").truthy());
    /// assert!(Value::from("false").truthy());
    /// assert!(Value::Array(Vec::new()).truthy());
    /// ```
    pub fn truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(n) => *n != 0.0 && !n.is_nan(),
            Value::String(s) => !s.is_empty(),
            Value::Array(_) | Value::Object(_) => true,
        }
    }

    /// GitHub's conversion to a string.
    ///
    /// ```
    /// # use ci_model::simulate::Value;
    /// assert_eq!(Value::Number(3.0).to_text(), "3");
    /// assert_eq!(Value::Null.to_text(), "");
    /// assert_eq!(Value::Array(vec![Value::Null]).to_text(), "Array");
    /// ```
    pub fn to_text(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => number_text(*n),
            Value::String(s) => s.clone(),
            Value::Array(_) => "Array".to_owned(),
            Value::Object(_) => "Object".to_owned(),
        }
    }

    /// The value as an expression literal would show it (`'main'`, `true`).
    ///
    /// ```
    /// # use ci_model::simulate::Value;
    /// assert_eq!(Value::from("it's").to_literal(), "'it''s'");
    /// assert_eq!(Value::Bool(true).to_literal(), "true");
    /// assert_eq!(Value::Null.to_literal(), "null");
    /// ```
    pub fn to_literal(&self) -> String {
        match self {
            Value::String(s) => crate::expression::quote(s),
            Value::Null => "null".to_owned(),
            other => other.to_text(),
        }
    }

    /// GitHub's conversion to a number: `null` is 0, booleans 1 and 0,
    /// strings a JSON number (empty is 0), anything else `NaN`.
    fn to_number(&self) -> f64 {
        match self {
            Value::Null => 0.0,
            Value::Bool(b) => f64::from(u8::from(*b)),
            Value::Number(n) => *n,
            Value::String(s) if s.trim().is_empty() => 0.0,
            Value::String(s) => json_number(s).unwrap_or(f64::NAN),
            Value::Array(_) | Value::Object(_) => f64::NAN,
        }
    }

    fn from_json(v: serde_json::Value) -> Value {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Value::String(s),
            serde_json::Value::Array(a) => Value::Array(a.into_iter().map(Value::from_json).collect()),
            serde_json::Value::Object(o) => {
                Value::Object(o.into_iter().map(|(k, v)| (k, Value::from_json(v))).collect())
            }
        }
    }

    /// A property of an object (case-insensitive, as GitHub's are) or an
    /// element of an array; `null` when absent.
    fn index(&self, key: &Value) -> Value {
        match (self, key) {
            (Value::Object(o), key) => {
                let name = key.to_text();
                o.iter().find(|(k, _)| k.eq_ignore_ascii_case(&name)).map_or(Value::Null, |(_, v)| v.clone())
            }
            (Value::Array(a), Value::Number(n)) if *n >= 0.0 && n.fract() == 0.0 => {
                // Truncation is intended: the index is a whole, non-negative number.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let i = *n as usize;
                a.get(i).cloned().unwrap_or(Value::Null)
            }
            _ => Value::Null,
        }
    }
}

/// A JSON-style number (or `0x` hexadecimal), as GitHub reads strings.
fn json_number(text: &str) -> Option<f64> {
    let t = text.trim();
    if let Some(hex) = t.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok().map(|n| n as f64);
    }
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || "+-.eE".contains(c)) {
        return None;
    }
    t.parse().ok()
}

/// JavaScript's `String(n)`: like the expression printer, but `-0` is `0`.
fn number_text(n: f64) -> String {
    crate::expression::number(if n == 0.0 { 0.0 } else { n })
}

/// What evaluation found: a value, or only (perhaps) whether it is truthy.
///
/// ```
/// use ci_model::expression::Ast;
/// use ci_model::simulate::{Partial, Scope, Value, evaluate};
///
/// let scope = Scope::new().with("inputs.n", Value::Number(3.0));
/// let e = evaluate(&Ast::parse("format('{0}-x', inputs.n)").unwrap(), &scope);
/// assert_eq!(e.result, Partial::Known(Value::from("3-x")));
/// let e = evaluate(&Ast::parse("github.actor == 'x' && inputs.n > 5").unwrap(), &scope);
/// assert_eq!(e.result, Partial::Unknown { truthy: Some(false) });
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Partial {
    /// The value is known.
    Known(Value),
    /// The value depends on something the scope does not hold; sometimes its
    /// truthiness is still certain (`x && false`).
    Unknown {
        /// Whether it is truthy, when that much is certain.
        truthy: Option<bool>,
    },
}

impl Partial {
    const UNKNOWN: Partial = Partial::Unknown { truthy: None };

    /// Whether the result is truthy, when that is certain.
    ///
    /// ```
    /// # use ci_model::simulate::{Partial, Value};
    /// assert_eq!(Partial::Known(Value::from("x")).truthy(), Some(true));
    /// assert_eq!(Partial::Unknown { truthy: None }.truthy(), None);
    /// assert_eq!(Partial::Unknown { truthy: Some(false) }.truthy(), Some(false));
    /// ```
    pub fn truthy(&self) -> Option<bool> {
        match self {
            Partial::Known(v) => Some(v.truthy()),
            Partial::Unknown { truthy } => *truthy,
        }
    }
}

/// The values an expression can see, by dotted context path.
///
/// Paths are case-insensitive, as GitHub's context properties are. A path
/// under a value that is `null` or a string is `null` (GitHub yields `null`
/// for a property of a non-object); a path under an object value is looked
/// up in it; any other path is unknown.
///
/// ```
/// use ci_model::simulate::{Scope, Value};
///
/// let scope = Scope::new().with("github.event_name", "push").with("github.event.pull_request", Value::Null);
/// assert_eq!(scope.get("github.EVENT_NAME"), Some(Value::from("push")));
/// assert_eq!(scope.get("github.event.pull_request.draft"), Some(Value::Null));
/// assert_eq!(scope.get("github.repository"), None);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Scope {
    values: IndexMap<String, Value>,
    /// What `success()` returns; `None` when unknown.
    pub success: Option<bool>,
}

impl Default for Scope {
    fn default() -> Self {
        Scope::new()
    }
}

impl Scope {
    /// An empty scope in which `success()` is true.
    ///
    /// ```
    /// # use ci_model::expression::Ast;
    /// # use ci_model::simulate::{Scope, evaluate};
    /// let scope = Scope::new();
    /// assert_eq!(scope.success, Some(true));
    /// assert_eq!(evaluate(&Ast::parse("success()").unwrap(), &scope).result.truthy(), Some(true));
    /// assert_eq!(scope.get("github.sha"), None);
    /// ```
    pub fn new() -> Self {
        Scope { values: IndexMap::new(), success: Some(true) }
    }

    /// Sets the value at a dotted path (`github.event.pull_request.draft`).
    ///
    /// ```
    /// # use ci_model::simulate::{Scope, Value};
    /// let mut scope = Scope::new();
    /// scope.set("github.event.pull_request.draft", false);
    /// assert_eq!(scope.get("GITHUB.event.pull_request.draft"), Some(Value::Bool(false)));
    /// ```
    pub fn set(&mut self, path: &str, value: impl Into<Value>) {
        self.values.insert(path.to_ascii_lowercase(), value.into());
    }

    /// The same scope with a value set.
    ///
    /// ```
    /// # use ci_model::simulate::{Scope, Value};
    /// let scope = Scope::new().with("github.ref_name", "main").with("inputs.dry-run", true);
    /// assert_eq!(scope.get("inputs.dry-run"), Some(Value::Bool(true)));
    /// ```
    pub fn with(mut self, path: &str, value: impl Into<Value>) -> Self {
        self.set(path, value);
        self
    }

    /// The value at a dotted path, when known.
    ///
    /// ```
    /// # use ci_model::simulate::{Scope, Value};
    /// let scope = Scope::new().with("github.event_name", "push").with("github.event.head_commit", Value::Null);
    /// assert_eq!(scope.get("github.event_name"), Some(Value::from("push")));
    /// // Below a `null` value: `null`; elsewhere: unknown.
    /// assert_eq!(scope.get("github.event.head_commit.message"), Some(Value::Null));
    /// assert_eq!(scope.get("github.actor"), None);
    /// ```
    pub fn get(&self, path: &str) -> Option<Value> {
        let path = path.to_ascii_lowercase();
        let segments: Vec<&str> = path.split('.').collect();
        self.lookup(&segments)
    }

    fn lookup(&self, segments: &[&str]) -> Option<Value> {
        if let Some(v) = self.values.get(&segments.join(".")) {
            return Some(v.clone());
        }
        // The longest known prefix decides.
        (1..segments.len()).rev().find_map(|n| {
            let (prefix, rest) = segments.split_at(n);
            let base = self.values.get(&prefix.join("."))?;
            Some(match base {
                Value::Object(_) | Value::Array(_) => rest.iter().fold(base.clone(), |v, key| {
                    let key = json_number(key).map_or_else(|| Value::from(*key), Value::Number);
                    v.index(&key)
                }),
                _ => Value::Null,
            })
        })
    }
}

/// The result of evaluating one expression, with what it consulted.
///
/// ```
/// use ci_model::expression::Ast;
/// use ci_model::simulate::{Scope, Value, evaluate};
///
/// let scope = Scope::new().with("github.event_name", "push");
/// let e = evaluate(&Ast::parse("github.event_name == 'push' && github.actor != 'bot'").unwrap(), &scope);
/// assert_eq!(e.result.truthy(), None);
/// assert_eq!(e.known, [("github.event_name".to_owned(), Value::from("push"))]);
/// assert_eq!(e.unknown, ["github.actor"]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    /// The result.
    pub result: Partial,
    /// Context paths and functions the scope could not answer, in order of
    /// first use.
    pub unknown: Vec<String>,
    /// Context paths the scope answered, with their values, in order of first
    /// use.
    pub known: Vec<(String, Value)>,
}

/// Evaluates `ast` in `scope`.
///
/// ```
/// use ci_model::expression::Ast;
/// use ci_model::simulate::{evaluate, Scope};
///
/// let scope = Scope::new().with("github.event_name", "push").with("github.ref", "refs/heads/main");
/// let ast = Ast::parse("github.event_name == 'push' && startsWith(github.ref, 'refs/heads/')").unwrap();
/// assert_eq!(evaluate(&ast, &scope).result.truthy(), Some(true));
///
/// let ast = Ast::parse("github.repository == 'octo/x'").unwrap();
/// let e = evaluate(&ast, &scope);
/// assert_eq!(e.result.truthy(), None);
/// assert_eq!(e.unknown, ["github.repository"]);
/// ```
pub fn evaluate(ast: &Ast, scope: &Scope) -> Evaluation {
    let mut ev = Evaluator { scope, unknown: Vec::new(), known: Vec::new() };
    let result = ev.eval(ast);
    Evaluation { result, unknown: ev.unknown, known: ev.known }
}

/// Whether an expression calls a status check function (`success()`,
/// `failure()`, `always()`, `cancelled()`); without one, GitHub evaluates a
/// job's `if:` as `success() && (...)`.
///
/// ```
/// # use ci_model::expression::Ast;
/// # use ci_model::simulate::has_status_check;
/// assert!(has_status_check(&Ast::parse("always() && github.ref_name == 'main'").unwrap()));
/// assert!(!has_status_check(&Ast::parse("github.ref_name == 'main'").unwrap()));
/// ```
pub fn has_status_check(ast: &Ast) -> bool {
    ast.functions()
        .iter()
        .any(|f| ["success", "failure", "always", "cancelled"].iter().any(|s| f.eq_ignore_ascii_case(s)))
}

struct Evaluator<'a> {
    scope: &'a Scope,
    unknown: Vec<String>,
    known: Vec<(String, Value)>,
}

impl Evaluator<'_> {
    fn eval(&mut self, ast: &Ast) -> Partial {
        match ast {
            Ast::Null => Partial::Known(Value::Null),
            Ast::Bool(b) => Partial::Known(Value::Bool(*b)),
            Ast::Number(n) => Partial::Known(Value::Number(*n)),
            Ast::String(s) => Partial::Known(Value::String(s.clone())),
            Ast::Group(inner) => self.eval(inner),
            Ast::Not(inner) => match self.eval(inner).truthy() {
                Some(t) => Partial::Known(Value::Bool(!t)),
                None => Partial::UNKNOWN,
            },
            Ast::And(operands) => self.logical(operands, false),
            Ast::Or(operands) => self.logical(operands, true),
            Ast::Binary(a, op, b) => {
                let (a, b) = (self.eval(a), self.eval(b));
                match (a, b) {
                    (Partial::Known(a), Partial::Known(b)) => Partial::Known(Value::Bool(compare(&a, *op, &b))),
                    _ => Partial::UNKNOWN,
                }
            }
            Ast::Context(_) | Ast::Index(..) => self.access(ast),
            Ast::Call(name, args) => self.call(name, args),
        }
    }

    /// `&&` (`stop_on` false) returns the first falsy operand, else the last;
    /// `||` (`stop_on` true) the first truthy one, else the last.
    fn logical(&mut self, operands: &[Ast], stop_on: bool) -> Partial {
        // Whether every operand so far was known, and whether each one's
        // truthiness was (then each went past: it was not `stop_on`).
        let mut all_known = true;
        let mut all_passed = true;
        let mut last = Partial::UNKNOWN;
        for operand in operands {
            let v = self.eval(operand);
            match v.truthy() {
                Some(t) if t == stop_on => {
                    // This operand decides when everything before it was
                    // known; otherwise an earlier one may have decided, but
                    // with the same truthiness.
                    return if all_known { v } else { Partial::Unknown { truthy: Some(stop_on) } };
                }
                Some(_) => {}
                None => all_passed = false,
            }
            if !matches!(v, Partial::Known(_)) {
                all_known = false;
            }
            last = v;
        }
        if all_known {
            return last;
        }
        // No operand was certainly `stop_on`: when every one certainly went
        // past, the result is the last, with its truthiness.
        Partial::Unknown { truthy: if all_passed { last.truthy() } else { None } }
    }

    /// A context access chain, or an index into a computed value.
    fn access(&mut self, ast: &Ast) -> Partial {
        if let Some(path) = self.path(ast) {
            let dotted = path.join(".");
            let lowered: Vec<String> = path.iter().map(|s| s.to_ascii_lowercase()).collect();
            let lowered: Vec<&str> = lowered.iter().map(String::as_str).collect();
            return match self.scope.lookup(&lowered) {
                Some(v) => {
                    if !self.known.iter().any(|(p, _)| *p == dotted) {
                        self.known.push((dotted, v.clone()));
                    }
                    Partial::Known(v)
                }
                None => {
                    self.note_unknown(dotted);
                    Partial::UNKNOWN
                }
            };
        }
        let Ast::Index(base, index) = ast else {
            return Partial::UNKNOWN;
        };
        let base = self.eval(base);
        let key = match index.as_ref() {
            Index::Property(p) => Partial::Known(Value::from(p.as_str())),
            Index::Expr(e) => self.eval(e),
            Index::DotStar | Index::BracketStar => {
                self.note_unknown("a `*` filter".to_owned());
                return Partial::UNKNOWN;
            }
        };
        match (base, key) {
            (Partial::Known(b), Partial::Known(k)) => Partial::Known(b.index(&k)),
            _ => Partial::UNKNOWN,
        }
    }

    /// The dotted path of a context access with literal keys (`a.b['c'][0]`).
    fn path(&mut self, ast: &Ast) -> Option<Vec<String>> {
        match ast {
            Ast::Context(name) => Some(vec![name.clone()]),
            Ast::Index(base, index) => {
                let key = match index.as_ref() {
                    Index::Property(p) => p.clone(),
                    Index::Expr(Ast::String(s)) => s.clone(),
                    Index::Expr(Ast::Number(n)) => number_text(*n),
                    Index::Expr(_) | Index::DotStar | Index::BracketStar => return None,
                };
                let mut p = self.path(base)?;
                p.push(key);
                Some(p)
            }
            _ => None,
        }
    }

    fn note_unknown(&mut self, what: String) {
        if !self.unknown.contains(&what) {
            self.unknown.push(what);
        }
    }

    fn call(&mut self, name: &str, args: &[Ast]) -> Partial {
        let lower = name.to_ascii_lowercase();
        match lower.as_str() {
            "always" => return Partial::Known(Value::Bool(true)),
            "failure" | "cancelled" => return Partial::Known(Value::Bool(false)),
            "success" => {
                return match self.scope.success {
                    Some(s) if args.is_empty() => Partial::Known(Value::Bool(s)),
                    _ => {
                        self.note_unknown("success()".to_owned());
                        Partial::UNKNOWN
                    }
                };
            }
            "case" => return self.case(args),
            _ => {}
        }
        let mut values = Vec::with_capacity(args.len());
        for a in args {
            match self.eval(a) {
                Partial::Known(v) => values.push(v),
                Partial::Unknown { .. } => return Partial::UNKNOWN,
            }
        }
        let text = |i: usize| values.get(i).map(Value::to_text).unwrap_or_default();
        let result = match lower.as_str() {
            "contains" => match values.first() {
                Some(Value::Array(items)) => {
                    let needle = values.get(1).cloned().unwrap_or(Value::Null);
                    Value::Bool(items.iter().any(|i| compare(i, BinOp::Eq, &needle)))
                }
                _ => Value::Bool(text(0).to_lowercase().contains(&text(1).to_lowercase())),
            },
            "startswith" => Value::Bool(text(0).to_lowercase().starts_with(&text(1).to_lowercase())),
            "endswith" => Value::Bool(text(0).to_lowercase().ends_with(&text(1).to_lowercase())),
            "format" => Value::String(format(&text(0), &values.iter().skip(1).map(Value::to_text).collect::<Vec<_>>())),
            "join" => {
                let sep = if values.len() > 1 { text(1) } else { ",".to_owned() };
                match values.first() {
                    Some(Value::Array(items)) => {
                        Value::String(items.iter().map(Value::to_text).collect::<Vec<_>>().join(&sep))
                    }
                    Some(v) => Value::String(v.to_text()),
                    None => Value::String(String::new()),
                }
            }
            "fromjson" => match serde_json::from_str::<serde_json::Value>(&text(0)) {
                Ok(v) => Value::from_json(v),
                Err(_) => {
                    self.note_unknown(format!("fromJSON({})", crate::expression::quote(&text(0))));
                    return Partial::UNKNOWN;
                }
            },
            _ => {
                // toJSON, hashFiles and anything new: not simulated.
                self.note_unknown(format!("{name}()"));
                return Partial::UNKNOWN;
            }
        };
        Partial::Known(result)
    }

    /// `case(pred1, val1, pred2, val2, ..., default)`: the value after the
    /// first truthy predicate, or the default.
    fn case(&mut self, args: &[Ast]) -> Partial {
        let mut pairs = args.chunks_exact(2);
        for pair in pairs.by_ref() {
            let [pred, value] = pair else { continue };
            match self.eval(pred).truthy() {
                Some(true) => return self.eval(value),
                Some(false) => {}
                None => return Partial::UNKNOWN,
            }
        }
        match pairs.remainder() {
            [default] => self.eval(default),
            _ => Partial::UNKNOWN,
        }
    }
}

/// `format('{0} and {1}', a, b)`; `{{` and `}}` are literal braces.
fn format(template: &str, args: &[String]) -> String {
    let mut out = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                    digits.push(d);
                    chars.next();
                }
                match (digits.parse::<usize>(), chars.peek()) {
                    (Ok(i), Some('}')) => {
                        chars.next();
                        out.push_str(args.get(i).map_or("", String::as_str));
                    }
                    _ => {
                        out.push('{');
                        out.push_str(&digits);
                    }
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// GitHub's comparison operators: operands of different types are compared
/// as numbers, strings case-insensitively, `NaN` is unequal to everything,
/// and arrays and objects are equal only to themselves (never, here).
fn compare(a: &Value, op: BinOp, b: &Value) -> bool {
    let ordering = match (a, b) {
        (Value::String(x), Value::String(y)) => Some(x.to_uppercase().cmp(&y.to_uppercase())),
        (Value::Null, Value::Null) => Some(Ordering::Equal),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (Value::Array(_) | Value::Object(_), _) | (_, Value::Array(_) | Value::Object(_))
            if matches!(op, BinOp::Eq | BinOp::Ne) =>
        {
            None
        }
        _ => a.to_number().partial_cmp(&b.to_number()),
    };
    match op {
        BinOp::Eq => ordering == Some(Ordering::Equal),
        BinOp::Ne => ordering != Some(Ordering::Equal),
        BinOp::Lt => ordering == Some(Ordering::Less),
        BinOp::Le => matches!(ordering, Some(Ordering::Less | Ordering::Equal)),
        BinOp::Gt => ordering == Some(Ordering::Greater),
        BinOp::Ge => matches!(ordering, Some(Ordering::Greater | Ordering::Equal)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope() -> Scope {
        Scope::new()
            .with("github.event_name", "pull_request")
            .with("github.ref", "refs/pull/7/merge")
            .with("github.base_ref", "main")
            .with("github.event.pull_request.draft", false)
    }

    fn eval(expr: &str) -> Partial {
        evaluate(&Ast::parse(expr).unwrap(), &scope()).result
    }

    fn truthy(expr: &str) -> Option<bool> {
        eval(expr).truthy()
    }

    #[test]
    fn comparisons_are_loose_and_ignore_case() {
        assert_eq!(truthy("github.event_name == 'PULL_REQUEST'"), Some(true));
        assert_eq!(truthy("github.event_name != 'push'"), Some(true));
        assert_eq!(truthy("1 == '1'"), Some(true));
        assert_eq!(truthy("'' == 0"), Some(true));
        assert_eq!(truthy("null == 0"), Some(true));
        assert_eq!(truthy("true == 1"), Some(true));
        assert_eq!(truthy("'abc' == 0"), Some(false)); // NaN
        assert_eq!(truthy("'abc' != 0"), Some(true));
        assert_eq!(truthy("2 > 1"), Some(true));
        assert_eq!(truthy("'b' > 'A'"), Some(true));
        assert_eq!(truthy("'x' < 1"), Some(false)); // NaN compares false
    }

    #[test]
    fn logical_operators_return_operands() {
        assert_eq!(eval("'' || 'fallback'"), Partial::Known(Value::from("fallback")));
        assert_eq!(eval("'a' && 'b'"), Partial::Known(Value::from("b")));
        assert_eq!(eval("0 && 'b'"), Partial::Known(Value::Number(0.0)));
        assert_eq!(truthy("!github.event.pull_request.draft"), Some(true));
    }

    #[test]
    fn unknown_spreads_unless_the_other_side_decides() {
        assert_eq!(truthy("github.repository == 'a/b'"), None);
        assert_eq!(truthy("github.repository == 'a/b' && false"), Some(false));
        assert_eq!(truthy("false && github.repository == 'a/b'"), Some(false));
        assert_eq!(truthy("github.repository == 'a/b' || true"), Some(true));
        assert_eq!(truthy("github.repository == 'a/b' || false"), None);
        assert_eq!(truthy("!(github.repository == 'a/b')"), None);
        assert_eq!(
            truthy(
                "!github.event.pull_request.draft && github.event.pull_request.head.repo.full_name == github.repository"
            ),
            None
        );
        let e = evaluate(
            &Ast::parse("!github.event.pull_request.draft && github.event.pull_request.head.repo.full_name == github.repository")
                .unwrap(),
            &scope(),
        );
        assert_eq!(e.unknown, ["github.event.pull_request.head.repo.full_name", "github.repository"]);
        assert_eq!(e.known, [("github.event.pull_request.draft".to_owned(), Value::Bool(false))]);
    }

    #[test]
    fn paths_are_case_insensitive_and_null_propagates() {
        let s = Scope::new().with("github.event.pull_request", Value::Null);
        let e = evaluate(&Ast::parse("github.event.pull_request.head.repo.fork").unwrap(), &s);
        assert_eq!(e.result, Partial::Known(Value::Null));
        assert_eq!(truthy("GITHUB.BASE_REF == 'main'"), Some(true));
        assert_eq!(truthy("github['base_ref'] == 'main'"), Some(true));
    }

    #[test]
    fn functions() {
        assert_eq!(truthy("startsWith(github.ref, 'refs/PULL/')"), Some(true));
        assert_eq!(truthy("endsWith(github.ref, '/merge')"), Some(true));
        assert_eq!(truthy("contains(github.ref, 'pull')"), Some(true));
        assert_eq!(truthy("contains(fromJSON('[\"push\", \"pull_request\"]'), github.event_name)"), Some(true));
        assert_eq!(truthy("contains(fromJSON('[\"push\"]'), github.event_name)"), Some(false));
        assert_eq!(eval("format('{0}-{1} {{x}}', 'a', 1)"), Partial::Known(Value::from("a-1 {x}")));
        assert_eq!(eval("join(fromJSON('[1, 2]'), '+')"), Partial::Known(Value::from("1+2")));
        assert_eq!(eval("fromJSON('{\"a\": {\"b\": 3}}').a.b"), Partial::Known(Value::Number(3.0)));
        assert_eq!(
            eval("case(github.base_ref == 'dev', 'x', github.base_ref == 'main', 'y', 'z')"),
            Partial::Known(Value::from("y"))
        );
        assert_eq!(truthy("hashFiles('**/x') != ''"), None);
    }

    #[test]
    fn status_checks_assume_success() {
        assert_eq!(truthy("always()"), Some(true));
        assert_eq!(truthy("failure()"), Some(false));
        assert_eq!(truthy("cancelled()"), Some(false));
        assert_eq!(truthy("success()"), Some(true));
        let mut s = scope();
        s.success = Some(false);
        assert_eq!(evaluate(&Ast::parse("success()").unwrap(), &s).result.truthy(), Some(false));
        s.success = None;
        assert_eq!(evaluate(&Ast::parse("success() || always()").unwrap(), &s).result.truthy(), Some(true));
        assert!(has_status_check(&Ast::parse("always() && github.ref").unwrap()));
        assert!(!has_status_check(&Ast::parse("github.ref == 'x'").unwrap()));
    }
}
