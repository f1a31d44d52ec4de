//! Typed expressions: a string that is one `${{ }}` holding a simple
//! reference (`${{ matrix.os }}`, `${{ needs.build.outputs.image }}`,
//! `${{ secrets.TOKEN }}`) becomes the `ci_model::ex` builder, a `JobRef` or
//! a `StepRef`; anything else stays a string.
//!
//! The builder is evaluated here as well, and used only when the text it
//! writes is exactly the original text, so the YAML never changes.

use ci_model::expression::{Ast, Index};
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

/// The context and property names of `text` when it is exactly one `${{ }}`
/// around a chain of properties (`github.event.pull_request.number`).
fn reference(text: &str) -> Option<(String, Vec<String>)> {
    let body = text.strip_prefix("${{ ")?.strip_suffix(" }}")?;
    if body.contains("${{") || body.contains("}}") {
        return None;
    }
    let mut ast = Ast::parse(body).ok()?;
    let mut names = Vec::new();
    loop {
        match ast {
            Ast::Context(c) => {
                names.reverse();
                return Some((c, names));
            }
            Ast::Index(base, index) => {
                match *index {
                    Index::Property(p) => names.push(p),
                    Index::Expr(Ast::String(s)) => names.push(s),
                    _ => return None,
                }
                ast = *base;
            }
            _ => return None,
        }
    }
}

/// The typed builder for `text` and the expression it builds, when `text`
/// is a simple reference the builder writes the same way.
fn typed(text: &str) -> Option<(Vec<Part>, Expr)> {
    let (context, names) = reference(text)?;
    let (mut parts, mut e, rest): (Vec<Part>, Expr, &[String]) = match (context.as_str(), names.as_slice()) {
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
    (Scalar::from(&e) == *text).then_some((parts, e))
}

/// One piece of a typed expression's builder chain.
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

fn tokens(parts: &[Part], cx: &mut Imports) -> TokenStream {
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

/// An expression that converts (`impl Into<Scalar>`) into the string `text`.
pub(crate) fn string_arg(text: &str, cx: &mut Imports) -> TokenStream {
    match typed(text) {
        Some((parts, _)) => tokens(&parts, cx),
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
    if let Some((parts, _)) = typed(text) {
        let t = tokens(&parts, cx);
        let condition = cx.ty("Condition");
        return quote! { #condition::braced(#t) };
    }
    if !text.starts_with('!')
        && let Some((parts, e)) = typed(&format!("${{{{ {text} }}}}"))
        && e.body() == *text
    {
        return tokens(&parts, cx);
    }
    str_lit(text)
}

/// An expression that converts into `LitOrExpr::Expr(e)` (and into `Expr`):
/// the typed builder, `Expr::new("body")` when `e` is one `${{ body }}`
/// written the canonical way, or `Expr::parse(text)` for any other text
/// (which holds `${{`, or the parser would not have made it an expression).
pub(crate) fn expr(e: &Expr, cx: &mut Imports) -> TokenStream {
    let text = e.as_str();
    if let Some((parts, _)) = typed(text) {
        return tokens(&parts, cx);
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
    fn anything_else_stays_a_string() {
        // Written another way than the builder writes it.
        assert_eq!(arg("${{matrix.os}}"), "\"${{matrix.os}}\"");
        assert_eq!(arg("${{ matrix['os'] }}"), "\"${{ matrix['os'] }}\"");
        // Not a plain reference, or not one expression.
        assert_eq!(arg("${{ github.event_name == 'push' }}"), "\"${{ github.event_name == 'push' }}\"");
        assert_eq!(arg("v-${{ matrix.os }}"), "\"v-${{ matrix.os }}\"");
        assert_eq!(arg("${{ github }}"), "\"${{ github }}\"");
        assert_eq!(arg("${{ matrix }}"), "\"${{ matrix }}\"");
        assert_eq!(arg("${{ fromJSON(x).y }}"), "\"${{ fromJSON(x).y }}\"");
        assert_eq!(arg("${{ needs.*.result }}"), "\"${{ needs.*.result }}\"");
    }

    #[test]
    fn conditions_keep_their_braces_or_lack_of_them() {
        let c = |s: Scalar| condition_arg(&s, &mut Imports::new()).to_string();
        assert_eq!(c(Scalar::from("steps.x.outputs.y")), "StepRef :: new (\"x\") . output (\"y\")");
        assert_eq!(
            c(Scalar::from("${{ steps.x.outputs.y }}")),
            "Condition :: braced (StepRef :: new (\"x\") . output (\"y\"))"
        );
        assert_eq!(c(Scalar::from("always()")), "\"always()\"");
        assert_eq!(c(Scalar::from(true)), "true");
        assert_eq!(c(Scalar::from(1)), "Scalar :: from (1)");
    }

    #[test]
    fn expressions_for_lit_or_expr() {
        let mut cx = Imports::new();
        let e = |t: &str, cx: &mut Imports| expr(&Expr::parse(t).unwrap_or_else(|| Expr::new("x")), cx).to_string();
        assert_eq!(e("${{ inputs.fast }}", &mut cx), "ex :: inputs (\"fast\")");
        assert_eq!(e("${{ fromJSON(inputs.n) }}", &mut cx), "Expr :: new (\"fromJSON(inputs.n)\")");
        assert_eq!(
            e("${{fromJSON(inputs.n)}}", &mut cx),
            "Expr :: parse (\"${{fromJSON(inputs.n)}}\") . expect (\"the text holds `${{`\")"
        );
    }
}
