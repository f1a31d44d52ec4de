//! Typed expressions: a string that is one `${{ }}` becomes the
//! `ci_model::ex` builders that write it: references (`${{ matrix.os }}`,
//! `JobRef`/`StepRef` for `needs.<job>.outputs.<x>` and
//! `steps.<id>.outputs.<x>`), operators (`.eq(..)`, `.and(..)`, `.not()`),
//! literals and GitHub's functions (`ex::starts_with`, `ex::hash_files`, ...).
//! Text around `${{ }}` becomes `format!` with a builder per expression
//! (an `Expr` interpolates as `${{ }}`). Anything else stays a string.
//!
//! The builders are evaluated here as well, and used only when the text they
//! write is exactly the original text, so the YAML never changes.

use ci_model::expression::{Ast, BinOp, Index};
use ci_model::{Expr, JobRef, Scalar, StepRef, ex};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::code::Imports;
use super::lit::str_lit;

/// Contexts whose `ex` function takes the first property's name.
const NAMED: &[&str] = &["env", "vars", "secrets", "inputs", "matrix", "needs", "steps", "runner", "job", "strategy"];

/// `github.<name>` properties that `ex::github()` has a method for, with the method.
const GITHUB: &[(&str, &str)] = &[
    ("action", "action"),
    ("actor", "actor"),
    ("base_ref", "base_ref"),
    ("event", "event"),
    ("event_name", "event_name"),
    ("head_ref", "head_ref"),
    ("job", "job"),
    ("ref", "ref_"),
    ("ref_name", "ref_name"),
    ("ref_type", "ref_type"),
    ("repository", "repository"),
    ("repository_owner", "repository_owner"),
    ("run_id", "run_id"),
    ("run_number", "run_number"),
    ("sha", "sha"),
    ("token", "token"),
    ("workflow", "workflow"),
    ("workspace", "workspace"),
];

/// The context and property names of `ast` when it is a chain of
/// properties (`github.event.pull_request.number`).
fn reference(ast: &Ast) -> Option<(String, Vec<String>)> {
    let mut ast = ast;
    let mut names = Vec::new();
    loop {
        match ast {
            Ast::Context(c) => {
                names.reverse();
                return Some((c.clone(), names));
            }
            Ast::Index(base, index) => {
                match index.as_ref() {
                    Index::Property(p) => names.push(p.clone()),
                    Index::Expr(Ast::String(s)) => names.push(s.clone()),
                    _ => return None,
                }
                ast = base;
            }
            _ => return None,
        }
    }
}

/// The builder chain of a reference: `JobRef`/`StepRef` for a job's or
/// step's outputs and results, `ex::github()`'s methods, `ex::<context>(name)`.
fn reference_parts(context: &str, names: &[String]) -> Option<(Vec<Part>, Expr)> {
    let (mut parts, mut e, rest): (Vec<Part>, Expr, &[String]) = match (context, names) {
        ("needs", [job, out, name, rest @ ..]) if out == "outputs" => (
            vec![Part::JobRef(job.clone()), Part::Method("output", Some(name.clone()))],
            JobRef::new(job).output(name),
            rest,
        ),
        ("needs", [job, result, rest @ ..]) if result == "result" => {
            (vec![Part::JobRef(job.clone()), Part::Method("result", None)], JobRef::new(job).result(), rest)
        }
        ("steps", [step, out, name, rest @ ..]) if out == "outputs" => (
            vec![Part::StepRef(step.clone()), Part::Method("output", Some(name.clone()))],
            StepRef::new(step).output(name),
            rest,
        ),
        ("steps", [step, what, rest @ ..]) if what == "outcome" || what == "conclusion" => {
            let s = StepRef::new(step);
            let e = if what == "outcome" { s.outcome() } else { s.conclusion() };
            let method = if what == "outcome" { "outcome" } else { "conclusion" };
            (vec![Part::StepRef(step.clone()), Part::Method(method, None)], e, rest)
        }
        ("github", [first, rest @ ..]) => match GITHUB.iter().find(|(p, _)| p == first) {
            Some((_, method)) => (
                vec![Part::Github, Part::Method(method, None)],
                github_method(method).unwrap_or_else(|| ex::github().field(first)),
                rest,
            ),
            None => (vec![Part::Github, Part::Method("field", Some(first.clone()))], ex::github().field(first), rest),
        },
        (c, [first, rest @ ..]) if NAMED.contains(&c) => {
            let f = NAMED.iter().copied().find(|n| *n == c).unwrap_or("env");
            (vec![Part::Context(f, first.clone())], context_fn(f, first), rest)
        }
        _ => return None,
    };
    for name in rest {
        parts.push(Part::Method("field", Some(name.clone())));
        e = e.field(name);
    }
    Some((parts, e))
}

/// A typed expression to write: a tree of builder calls.
enum Node {
    /// A reference's builder chain.
    Chain(Vec<Part>),
    /// A literal: bare where a builder takes `impl Into<Expr>`, else
    /// `ex::lit(..)`.
    Lit(Lit),
    /// `ex::null()`.
    Null,
    /// `<node>.<method>(<args>)`.
    Method(Box<Node>, &'static str, Vec<Node>),
    /// `ex::<function>(<args>)`.
    Function(&'static str, Vec<Node>),
    /// `ex::hash_files(["a", "b"])`.
    HashFiles(Vec<String>),
    /// `ex::format("template", [<args>])`.
    Format(String, Vec<Node>),
    /// `ex::join(<node>, "separator")`.
    Join(Box<Node>, String),
}

/// A literal of the expression language.
enum Lit {
    Bool(bool),
    Number(f64),
    String(String),
}

/// GitHub's functions that `ci_model::ex` has a builder for, each with its
/// builder (which [`node`] calls with as many arguments as it takes).
const FUNCTIONS: &[(&str, &str)] = &[
    ("contains", "contains"),
    ("startsWith", "starts_with"),
    ("endsWith", "ends_with"),
    ("toJSON", "to_json"),
    ("fromJSON", "from_json"),
    ("success", "success"),
    ("always", "always"),
    ("cancelled", "cancelled"),
    ("failure", "failure"),
];

/// The comparison operators' builders.
fn comparison(op: BinOp) -> &'static str {
    match op {
        BinOp::Eq => "eq",
        BinOp::Ne => "ne",
        BinOp::Lt => "lt",
        BinOp::Le => "le",
        BinOp::Gt => "gt",
        BinOp::Ge => "ge",
    }
}

/// The builder calls that write `ast`, with the expression they build;
/// `None` for what the builders cannot write.
fn node(ast: &Ast) -> Option<(Node, Expr)> {
    let boxed = |n: Node| Box::new(n);
    Some(match ast {
        Ast::Null => (Node::Null, ex::null()),
        Ast::Bool(b) => (Node::Lit(Lit::Bool(*b)), ex::lit(*b)),
        Ast::Number(n) => (Node::Lit(Lit::Number(*n)), ex::lit(*n)),
        Ast::String(s) => (Node::Lit(Lit::String(s.clone())), ex::lit(s.as_str())),
        Ast::Group(inner) => node(inner)?,
        Ast::Not(inner) => {
            let (n, e) = node(inner)?;
            (Node::Method(boxed(n), "not", Vec::new()), e.not())
        }
        Ast::Binary(left, op, right) => {
            let (l, le) = node(left)?;
            let (r, re) = node(right)?;
            let e = match op {
                BinOp::Eq => le.eq(re),
                BinOp::Ne => le.ne(re),
                BinOp::Lt => le.lt(re),
                BinOp::Le => le.le(re),
                BinOp::Gt => le.gt(re),
                BinOp::Ge => le.ge(re),
            };
            (Node::Method(boxed(l), comparison(*op), vec![r]), e)
        }
        Ast::And(args) | Ast::Or(args) => {
            let and = matches!(ast, Ast::And(_));
            let mut args = args.iter();
            let (mut n, mut e) = node(args.next()?)?;
            for a in args {
                let (an, ae) = node(a)?;
                e = if and { e.and(ae) } else { e.or(ae) };
                n = Node::Method(boxed(n), if and { "and" } else { "or" }, vec![an]);
            }
            (n, e)
        }
        Ast::Call(name, args) => match (name.as_str(), args.as_slice()) {
            ("hashFiles", patterns) => {
                let patterns: Option<Vec<String>> =
                    patterns.iter().map(|p| if let Ast::String(s) = p { Some(s.clone()) } else { None }).collect();
                let patterns = patterns?;
                let e = ex::hash_files(patterns.iter().map(String::as_str));
                (Node::HashFiles(patterns), e)
            }
            ("format", [Ast::String(template), rest @ ..]) => {
                let (nodes, exprs): (Vec<Node>, Vec<Expr>) =
                    rest.iter().map(node).collect::<Option<Vec<_>>>()?.into_iter().unzip();
                (Node::Format(template.clone(), nodes), ex::format(template, exprs))
            }
            ("join", [array, Ast::String(separator)]) => {
                let (n, e) = node(array)?;
                (Node::Join(boxed(n), separator.clone()), ex::join(e, separator))
            }
            (name, args) => {
                let (_, builder) = FUNCTIONS.iter().find(|(f, _)| *f == name)?;
                let (nodes, exprs): (Vec<Node>, Vec<Expr>) =
                    args.iter().map(node).collect::<Option<Vec<_>>>()?.into_iter().unzip();
                let e = match (*builder, exprs.as_slice()) {
                    ("contains", [a, b]) => ex::contains(a.clone(), b.clone()),
                    ("starts_with", [a, b]) => ex::starts_with(a.clone(), b.clone()),
                    ("ends_with", [a, b]) => ex::ends_with(a.clone(), b.clone()),
                    ("to_json", [a]) => ex::to_json(a.clone()),
                    ("from_json", [a]) => ex::from_json(a.clone()),
                    ("success", []) => ex::success(),
                    ("always", []) => ex::always(),
                    ("cancelled", []) => ex::cancelled(),
                    ("failure", []) => ex::failure(),
                    // Another number of arguments than the function takes.
                    _ => return None,
                };
                (Node::Function(builder, nodes), e)
            }
        },
        Ast::Context(_) | Ast::Index(..) => {
            if let Some((parts, e)) = reference(ast).and_then(|(c, names)| reference_parts(&c, &names)) {
                return Some((Node::Chain(parts), e));
            }
            let Ast::Index(base, index) = ast else { return None };
            let (b, be) = node(base)?;
            match index.as_ref() {
                Index::Property(p) => {
                    (Node::Method(boxed(b), "field", vec![Node::Lit(Lit::String(p.clone()))]), be.field(p))
                }
                Index::Expr(Ast::String(p)) => {
                    (Node::Method(boxed(b), "field", vec![Node::Lit(Lit::String(p.clone()))]), be.field(p))
                }
                Index::Expr(i) => {
                    let (i, ie) = node(i)?;
                    (Node::Method(boxed(b), "index", vec![i]), be.index(ie))
                }
                Index::DotStar => (Node::Method(boxed(b), "star", Vec::new()), be.star()),
                Index::BracketStar => return None,
            }
        }
    })
}

/// The typed builder for `text` and the expression it builds, when `text`
/// is one `${{ }}` that the builders write exactly the same way (so the YAML
/// never changes).
fn typed(text: &str) -> Option<(Node, Expr)> {
    let body = text.strip_prefix("${{ ")?.strip_suffix(" }}")?;
    if body.contains("${{") || body.contains("}}") {
        return None;
    }
    let (n, e) = node(&Ast::parse(body).ok()?)?;
    // A literal alone is not worth a builder (`${{ true }}` stays a string).
    if matches!(n, Node::Lit(_) | Node::Null) {
        return None;
    }
    (Scalar::from(&e) == *text).then_some((n, e))
}

/// `text` around several `${{ }}` (or one), each written as its builder
/// writes it: the literal pieces (braces doubled for `format!`) and the
/// builders.
fn interpolated(text: &str) -> Option<(String, Vec<Node>)> {
    let parts = ci_model::expression::template::parts(text).ok()?;
    let mut template = String::new();
    let mut nodes = Vec::new();
    for part in parts {
        match part {
            ci_model::expression::template::Part::Text(t) => {
                template.push_str(&t.replace('{', "{{").replace('}', "}}"))
            }
            ci_model::expression::template::Part::Expr(body) => {
                let (n, _) = typed(&format!("${{{{{body}}}}}"))?;
                template.push_str("{}");
                nodes.push(n);
            }
        }
    }
    (!nodes.is_empty()).then_some((template, nodes))
}

/// One piece of a typed reference's builder chain.
enum Part {
    /// `ex::github()`.
    Github,
    /// `ex::<function>("<name>")`.
    Context(&'static str, String),
    /// `JobRef::new("<id>")`.
    JobRef(String),
    /// `StepRef::new("<id>")`.
    StepRef(String),
    /// `.<method>()` or `.<method>("<arg>")`.
    Method(&'static str, Option<String>),
}

fn github_method(method: &str) -> Option<Expr> {
    let g = ex::github();
    Some(match method {
        "action" => g.action(),
        "actor" => g.actor(),
        "base_ref" => g.base_ref(),
        "event" => g.event(),
        "event_name" => g.event_name(),
        "head_ref" => g.head_ref(),
        "job" => g.job(),
        "ref_" => g.ref_(),
        "ref_name" => g.ref_name(),
        "ref_type" => g.ref_type(),
        "repository" => g.repository(),
        "repository_owner" => g.repository_owner(),
        "run_id" => g.run_id(),
        "run_number" => g.run_number(),
        "sha" => g.sha(),
        "token" => g.token(),
        "workflow" => g.workflow(),
        "workspace" => g.workspace(),
        _ => return None,
    })
}

fn context_fn(f: &str, name: &str) -> Expr {
    match f {
        "env" => ex::env(name),
        "vars" => ex::vars(name),
        "secrets" => ex::secrets(name),
        "inputs" => ex::inputs(name),
        "matrix" => ex::matrix(name),
        "needs" => ex::needs(name),
        "steps" => ex::steps(name),
        "runner" => ex::runner(name),
        "job" => ex::job(name),
        _ => ex::strategy(name),
    }
}

fn chain_tokens(parts: &[Part], cx: &mut Imports) -> TokenStream {
    let mut out = TokenStream::new();
    for part in parts {
        out.extend(match part {
            Part::Github => {
                let ex = cx.ty("ex");
                quote! { #ex::github() }
            }
            Part::Context(f, name) => {
                let ex = cx.ty("ex");
                let f = format_ident!("{}", f);
                let name = str_lit(name);
                quote! { #ex::#f(#name) }
            }
            Part::JobRef(id) => {
                let ty = cx.ty("JobRef");
                let id = str_lit(id);
                quote! { #ty::new(#id) }
            }
            Part::StepRef(id) => {
                let ty = cx.ty("StepRef");
                let id = str_lit(id);
                quote! { #ty::new(#id) }
            }
            Part::Method(m, arg) => {
                let m = format_ident!("{}", m);
                match arg {
                    Some(a) => {
                        let a = str_lit(a);
                        quote! { .#m(#a) }
                    }
                    None => quote! { .#m() },
                }
            }
        });
    }
    out
}

/// A literal as Rust: `"text"`, `true`, `3` or `2.5`.
fn lit_tokens(l: &Lit) -> TokenStream {
    match l {
        Lit::Bool(b) => quote! { #b },
        Lit::String(s) => str_lit(s),
        #[allow(clippy::cast_possible_truncation)]
        Lit::Number(n) if n.fract() == 0.0 && n.abs() <= f64::from(i32::MAX) => {
            let n = proc_macro2::Literal::i64_unsuffixed(*n as i64);
            quote! { #n }
        }
        Lit::Number(n) => {
            let n = proc_macro2::Literal::f64_unsuffixed(*n);
            quote! { #n }
        }
    }
}

/// The Rust that builds `n`; `operand` when it is an argument of a builder
/// that takes `impl Into<Expr>` (where a literal may stand bare).
fn tokens(n: &Node, operand: bool, cx: &mut Imports) -> TokenStream {
    match n {
        Node::Chain(parts) => chain_tokens(parts, cx),
        Node::Lit(l) if operand => lit_tokens(l),
        Node::Lit(l) => {
            let ex = cx.ty("ex");
            let l = lit_tokens(l);
            quote! { #ex::lit(#l) }
        }
        Node::Null => {
            let ex = cx.ty("ex");
            quote! { #ex::null() }
        }
        Node::Method(base, method, args) => {
            let base = tokens(base, false, cx);
            let m = format_ident!("{}", method);
            let args: Vec<TokenStream> = args.iter().map(|a| tokens(a, true, cx)).collect();
            quote! { #base.#m(#(#args),*) }
        }
        Node::Function(f, args) => {
            let ex = cx.ty("ex");
            let f = format_ident!("{}", f);
            let args: Vec<TokenStream> = args.iter().map(|a| tokens(a, true, cx)).collect();
            quote! { #ex::#f(#(#args),*) }
        }
        Node::HashFiles(patterns) => {
            let ex = cx.ty("ex");
            let patterns = patterns.iter().map(|p| str_lit(p));
            quote! { #ex::hash_files([#(#patterns),*]) }
        }
        Node::Format(template, args) => {
            let ex = cx.ty("ex");
            let template = str_lit(template);
            let args: Vec<TokenStream> = args.iter().map(|a| tokens(a, false, cx)).collect();
            quote! { #ex::format(#template, [#(#args),*]) }
        }
        Node::Join(array, separator) => {
            let ex = cx.ty("ex");
            let array = tokens(array, true, cx);
            let separator = str_lit(separator);
            quote! { #ex::join(#array, #separator) }
        }
    }
}

/// An expression that converts (`impl Into<Scalar>`) into the string `text`:
/// the typed builder for one `${{ }}`, `format!` with a builder per `${{ }}`
/// when text surrounds them, the string otherwise.
pub(crate) fn string_arg(text: &str, cx: &mut Imports) -> TokenStream {
    if let Some((n, _)) = typed(text) {
        return tokens(&n, false, cx);
    }
    match interpolated(text) {
        Some((template, nodes)) => {
            let args: Vec<TokenStream> = nodes.iter().map(|n| tokens(n, false, cx)).collect();
            let template = str_lit(&template);
            quote! { format!(#template, #(#args),*) }
        }
        None => str_lit(text),
    }
}

/// An argument for `when(impl Into<Condition>)`, which writes a typed
/// expression without the braces and a string or an `Expr` as it is: the
/// typed builder for a plain reference written bare (`steps.x.outputs.y`),
/// `Condition::braced(builder)` for one written in `${{ }}`, the text otherwise.
pub(crate) fn condition_arg(cond: &Scalar, cx: &mut Imports) -> TokenStream {
    let Scalar::String(text) = cond else {
        let ty = cx.ty("Scalar");
        let v = super::lit::scalar_arg(cond, cx);
        return match cond {
            Scalar::Bool(_) => v,
            Scalar::Null => v,
            _ => quote! { #ty::from(#v) },
        };
    };
    if let Some((n, _)) = typed(text) {
        let t = tokens(&n, false, cx);
        let condition = cx.ty("Condition");
        return quote! { #condition::braced(#t) };
    }
    if !text.starts_with('!')
        && let Some((n, e)) = typed(&format!("${{{{ {text} }}}}"))
        && e.body() == *text
    {
        return tokens(&n, false, cx);
    }
    str_lit(text)
}

/// An expression that converts into `LitOrExpr::Expr(e)` (and into `Expr`):
/// the typed builder, `Expr::new("body")` when `e` is one `${{ body }}`
/// written the canonical way, or `Expr::parse(text)` for any other text
/// (which holds `${{`, or the parser would not have made it an expression).
pub(crate) fn expr(e: &Expr, cx: &mut Imports) -> TokenStream {
    let text = e.as_str();
    if let Some((n, _)) = typed(text) {
        return tokens(&n, false, cx);
    }
    let ty = cx.ty("Expr");
    let body = e.body();
    if Expr::new(body).as_str() == text {
        let body = str_lit(body);
        return quote! { #ty::new(#body) };
    }
    let text = str_lit(text);
    quote! { #ty::parse(#text).expect("the text holds `${{`") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arg(text: &str) -> String {
        string_arg(text, &mut Imports::new()).to_string()
    }

    #[test]
    fn simple_references_become_typed() {
        assert_eq!(arg("${{ matrix.os }}"), "ex :: matrix (\"os\")");
        assert_eq!(arg("${{ needs.build.outputs.image }}"), "JobRef :: new (\"build\") . output (\"image\")");
        assert_eq!(arg("${{ needs.build.result }}"), "JobRef :: new (\"build\") . result ()");
        assert_eq!(arg("${{ steps.meta.outputs.tags }}"), "StepRef :: new (\"meta\") . output (\"tags\")");
        assert_eq!(arg("${{ steps.meta.outcome }}"), "StepRef :: new (\"meta\") . outcome ()");
        assert_eq!(arg("${{ secrets.GITHUB_TOKEN }}"), "ex :: secrets (\"GITHUB_TOKEN\")");
        assert_eq!(arg("${{ github.ref }}"), "ex :: github () . ref_ ()");
        assert_eq!(
            arg("${{ github.event.pull_request.number }}"),
            "ex :: github () . event () . field (\"pull_request\") . field (\"number\")"
        );
        assert_eq!(arg("${{ github.server_url }}"), "ex :: github () . field (\"server_url\")");
        assert_eq!(arg("${{ vars['a.b'] }}"), "ex :: vars (\"a.b\")");
    }

    #[test]
    fn whole_expressions_become_typed() {
        assert_eq!(arg("${{ github.event_name == 'push' }}"), "ex :: github () . event_name () . eq (\"push\")");
        assert_eq!(
            arg("${{ startsWith(github.ref, 'refs/tags/') && !cancelled() }}"),
            "ex :: starts_with (ex :: github () . ref_ () , \"refs/tags/\") . and (ex :: cancelled () . not ())"
        );
        assert_eq!(arg("${{ fromJSON(x).y }}"), "\"${{ fromJSON(x).y }}\"");
        assert_eq!(arg("${{ fromJSON(inputs.list)[0] }}"), "ex :: from_json (ex :: inputs (\"list\")) . index (0)");
        assert_eq!(arg("${{ matrix.shard < 2.5 }}"), "ex :: matrix (\"shard\") . lt (2.5)");
        assert_eq!(arg("${{ hashFiles('**/Cargo.lock', 'x') }}"), "ex :: hash_files ([\"**/Cargo.lock\" , \"x\"])");
        assert_eq!(
            arg("${{ format('{0}-{1}', runner.os, 1) }}"),
            "ex :: format (\"{0}-{1}\" , [ex :: runner (\"os\") , ex :: lit (1)])"
        );
        assert_eq!(arg("${{ join(matrix.list, ', ') }}"), "ex :: join (ex :: matrix (\"list\") , \", \")");
        assert_eq!(arg("${{ inputs.tag != null }}"), "ex :: inputs (\"tag\") . ne (ex :: null ())");
    }

    #[test]
    fn text_around_expressions_becomes_format() {
        assert_eq!(arg("v-${{ matrix.os }}"), "format ! (\"v-{}\" , ex :: matrix (\"os\"))");
        assert_eq!(
            arg("${VAR}-${{ runner.os }}-${{ hashFiles('a') }}"),
            "format ! (\"${{VAR}}-{}-{}\" , ex :: runner (\"os\") , ex :: hash_files ([\"a\"]))"
        );
        // One part the builders cannot write keeps the whole text a string.
        assert_eq!(arg("v-${{ matrix.os }}-${{matrix.arch}}"), "\"v-${{ matrix.os }}-${{matrix.arch}}\"");
    }

    #[test]
    fn anything_else_stays_a_string() {
        // Written another way than the builder writes it.
        assert_eq!(arg("${{matrix.os}}"), "\"${{matrix.os}}\"");
        assert_eq!(arg("${{ matrix['os'] }}"), "\"${{ matrix['os'] }}\"");
        assert_eq!(arg("${{ github.event_name=='push' }}"), "\"${{ github.event_name=='push' }}\"");
        assert_eq!(arg("${{ (matrix.os) }}"), "\"${{ (matrix.os) }}\"");
        // No builder for the whole context, a bare literal, `[*]`, or an unknown function.
        assert_eq!(arg("${{ github }}"), "\"${{ github }}\"");
        assert_eq!(arg("${{ matrix }}"), "\"${{ matrix }}\"");
        assert_eq!(arg("${{ true }}"), "\"${{ true }}\"");
        assert_eq!(arg("${{ needs.*.result }}"), "\"${{ needs.*.result }}\"");
        assert_eq!(arg("${{ matrix.a[*] }}"), "\"${{ matrix.a[*] }}\"");
        assert_eq!(arg("${{ case(a, b, c) }}"), "\"${{ case(a, b, c) }}\"");
        assert_eq!(arg("${{ a == }}"), "\"${{ a == }}\"");
    }

    #[test]
    fn conditions_keep_their_braces_or_lack_of_them() {
        let c = |s: Scalar| condition_arg(&s, &mut Imports::new()).to_string();
        assert_eq!(c(Scalar::from("steps.x.outputs.y")), "StepRef :: new (\"x\") . output (\"y\")");
        assert_eq!(
            c(Scalar::from("${{ steps.x.outputs.y }}")),
            "Condition :: braced (StepRef :: new (\"x\") . output (\"y\"))"
        );
        assert_eq!(c(Scalar::from("always()")), "ex :: always ()");
        assert_eq!(c(Scalar::from("always() ")), "\"always() \"");
        assert_eq!(c(Scalar::from("!cancelled()")), "\"!cancelled()\"");
        assert_eq!(c(Scalar::from(true)), "true");
        assert_eq!(c(Scalar::from(1)), "Scalar :: from (1)");
    }

    #[test]
    fn expressions_for_lit_or_expr() {
        let mut cx = Imports::new();
        let e = |t: &str, cx: &mut Imports| expr(&Expr::parse(t).unwrap_or_else(|| Expr::new("x")), cx).to_string();
        assert_eq!(e("${{ inputs.fast }}", &mut cx), "ex :: inputs (\"fast\")");
        assert_eq!(e("${{ fromJSON(inputs.n) }}", &mut cx), "ex :: from_json (ex :: inputs (\"n\"))");
        assert_eq!(e("${{ fromJSON(inputs.n)[*] }}", &mut cx), "Expr :: new (\"fromJSON(inputs.n)[*]\")");
        assert_eq!(
            e("${{fromJSON(inputs.n)}}", &mut cx),
            "Expr :: parse (\"${{fromJSON(inputs.n)}}\") . expect (\"the text holds `${{`\")"
        );
    }
}
