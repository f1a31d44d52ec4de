//! Rust expressions that build each model value with the builder API:
//! every value the model holds has a builder, so the imported code has no
//! struct literal, struct update or `Some(..)`/`NullOr::`/`OneOrMany::`
//! wrapper (`tests/import.rs` checks every file it imports).
//!
//! Every struct written here is destructured field by field, with no `..`,
//! so a field added to the model fails to compile here until it is
//! imported too: nothing is dropped silently. The records whose import is
//! derived from ci-model's declarations (their builder options, or their
//! fields) are not here: `record.rs` derives them.

use std::collections::BTreeSet;

use ci_model::lint::Allow;
use ci_model::{
    Action, ActionInput, ActionOutput, Activity, CallInput, CallInputType, CallJob, CallOutput, CallSecrets,
    CompositeRuns, Concurrency, ConcurrencySpec, Container, ContainerSpec, Cron, Defaults, DispatchInput, DockerRuns,
    Env, Environment, EnvironmentSpec, Filter, HealthCheck, ImageVersionFilter, InputKind, Job, Level, LitOrExpr,
    Matrix, MatrixRow, MergeGroupFilter, NodeRuns, NormalJob, NullOr, Number, On, OneOrMany, Path, Permissions,
    PluginRuns, PullRequestFilter, PushFilter, Run, RunDefaults, Runs, RunsOn, Scalar, Segment, Snapshot, SnapshotSpec,
    SourceComments, Step, StepBody, Strategy, Triggers, Uses, Workflow, WorkflowCall, WorkflowDispatch,
    WorkflowRunFilter, Yaml,
};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::expr::{condition_arg, expr};
use super::lit::{Spill, number, one_kind, scalar, scalar_arg, str_lit, string, vec_lit, yaml_arg, yaml_items};
use super::record::ImportValue;

/// What a module uses, collected while its code is built, so that it
/// imports exactly that.
#[derive(Debug, Default)]
pub(crate) struct Imports {
    /// Items of `ci_model`.
    pub(crate) model: BTreeSet<String>,
    /// Items of `ci_model::lint`.
    pub(crate) lint: BTreeSet<String>,
    /// Items of `ci_model::actions`.
    pub(crate) actions: BTreeSet<String>,
}

impl Imports {
    /// Nothing used yet.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// `ci_model::<name>`, imported.
    pub(crate) fn ty(&mut self, name: &str) -> Ident {
        self.model.insert(name.to_owned());
        format_ident!("{}", name)
    }

    pub(crate) fn lint(&mut self, name: &str) -> Ident {
        self.lint.insert(name.to_owned());
        format_ident!("{}", name)
    }

    pub(crate) fn action(&mut self, name: &str) -> Ident {
        self.actions.insert(name.to_owned());
        format_ident!("{}", name)
    }
}

/// An identifier, raw (`r#if`) for a keyword.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// How many builder calls one method-call expression chains at most. A
/// longer chain (a workflow's 30,000 `env:` entries, a job's 30,000 steps)
/// goes on in statements that rebind a variable, `let job = job.step(..)..;`,
/// so that no expression is deeper than this however long a list the file
/// holds: syn, prettyplease and `Drop` walk a syntax tree recursively, and a
/// chain of n calls is a tree n deep.
pub(crate) const MAX_CHAIN: usize = 64;

/// `base.a(..).b(..)...` as statements and a final expression: no statement
/// when there are at most [`MAX_CHAIN`] calls (the usual case, one
/// expression), otherwise `let var = base...;` with the first calls,
/// `let var = var...;` with each next [`MAX_CHAIN`], and `var...` with the
/// last ones as the expression (never `let var = ..; var`, which clippy
/// flags).
pub(crate) fn chain(var: &str, base: TokenStream, calls: Vec<TokenStream>) -> (Vec<TokenStream>, TokenStream) {
    if calls.len() <= MAX_CHAIN {
        return (Vec::new(), quote! { #base #(#calls)* });
    }
    let var = ident(var);
    let mut statements = Vec::new();
    let mut receiver = base;
    let mut calls = calls.into_iter().peekable();
    loop {
        let chunk: Vec<TokenStream> = calls.by_ref().take(MAX_CHAIN).collect();
        if calls.peek().is_none() {
            return (statements, quote! { #receiver #(#chunk)* });
        }
        statements.push(quote! { let #var = #receiver #(#chunk)*; });
        receiver = quote! { #var };
    }
}

/// [`chain`] as one expression: a block `{ let var = ..; var.. }` when it
/// needs statements.
pub(crate) fn chain_expr(var: &str, base: TokenStream, calls: Vec<TokenStream>) -> TokenStream {
    let (statements, tail) = chain(var, base, calls);
    block(statements, tail)
}

/// `tail`, or `{ statements tail }` when there are statements.
fn block(statements: Vec<TokenStream>, tail: TokenStream) -> TokenStream {
    if statements.is_empty() {
        tail
    } else {
        quote! { { #(#statements)* #tail } }
    }
}

/// A value built by a constructor and builder calls: every value the
/// model holds has a builder, so no field is ever written as a struct
/// literal.
pub(super) struct Build {
    /// The type's name, which names the variable of a long chain.
    ty: &'static str,
    base: TokenStream,
    calls: Vec<TokenStream>,
}

impl Build {
    pub(super) fn new(ty: &'static str, base: TokenStream) -> Self {
        Build { ty, base, calls: Vec::new() }
    }

    pub(super) fn call(&mut self, call: TokenStream) {
        self.calls.push(call);
    }

    /// The value as one expression (a block when its chain of calls is
    /// longer than [`MAX_CHAIN`]).
    pub(super) fn finish(self) -> TokenStream {
        let (statements, tail) = self.finish_statements();
        block(statements, tail)
    }

    /// The value as a function body: statements, then the expression.
    fn finish_body(self) -> TokenStream {
        let (statements, tail) = self.finish_statements();
        quote! { #(#statements)* #tail }
    }

    fn finish_statements(self) -> (Vec<TokenStream>, TokenStream) {
        let Build { ty, base, calls } = self;
        chain(var_name(ty), base, calls)
    }
}

/// The variable a long chain of a type's builder calls rebinds.
fn var_name(ty: &str) -> &'static str {
    match ty {
        "Workflow" => "workflow",
        "NormalJob" | "CallJob" => "job",
        "Step" => "step",
        "Action" => "action",
        "Matrix" => "matrix",
        "Strategy" => "strategy",
        "Cron" => "cron",
        "PushFilter" | "PullRequestFilter" => "filter",
        "WorkflowDispatch" => "dispatch",
        "ActionInput" | "CallInput" | "DispatchInput" => "input",
        _ => "value",
    }
}

// ---------------------------------------------------------------- shapes

fn some(v: TokenStream) -> TokenStream {
    quote! { Some(#v) }
}

pub(super) fn opt<T>(v: &Option<T>, f: impl FnOnce(&T) -> TokenStream) -> TokenStream {
    match v {
        Some(v) => some(f(v)),
        None => quote! { None },
    }
}

/// `[(key, value), ...].into_iter().collect()` for a map (an `IndexMap`) of
/// any value type, given its entries.
pub(super) fn map<'a, V: 'a>(
    m: impl IntoIterator<Item = (&'a String, &'a V)>,
    mut f: impl FnMut(&V) -> TokenStream,
) -> TokenStream {
    let entries: Vec<TokenStream> = m
        .into_iter()
        .map(|(k, v)| {
            let k = string(k);
            let v = f(v);
            quote! { (#k, #v) }
        })
        .collect();
    if entries.is_empty() {
        return quote! { Default::default() };
    }
    quote! { [#(#entries),*].into_iter().collect() }
}

pub(super) fn vec_of<T>(items: &[T], f: impl FnMut(&T) -> TokenStream) -> TokenStream {
    vec_lit(items.iter().map(f).collect())
}

fn scalars(items: &[Scalar], cx: &mut Imports) -> TokenStream {
    vec_of(items, |s| scalar(s, cx))
}

/// Arguments for a builder taking `impl IntoIterator<Item = S>` with
/// `S: Into<Scalar>`: bare literals when they are of one kind, `Scalar`s
/// otherwise.
fn scalar_items(items: &[Scalar], cx: &mut Imports) -> TokenStream {
    let yamls: Vec<Yaml> = items.iter().cloned().map(Yaml::Scalar).collect();
    if one_kind(&yamls) {
        let (plain, _) = yaml_items(&yamls, cx);
        return quote! { [#(#plain),*] };
    }
    let ty = cx.ty("Scalar");
    let items: Vec<TokenStream> = items
        .iter()
        .map(|s| match s {
            Scalar::Null => quote! { #ty::Null },
            s => {
                let v = scalar_arg(s, cx);
                quote! { #ty::from(#v) }
            }
        })
        .collect();
    quote! { [#(#items),*] }
}

fn one_or_many_scalar(v: &OneOrMany<Scalar>, cx: &mut Imports) -> TokenStream {
    let ty = cx.ty("OneOrMany");
    match v {
        OneOrMany::One(s) => {
            let s = scalar(s, cx);
            quote! { #ty::One(#s) }
        }
        OneOrMany::Many(items) => {
            let items = scalars(items, cx);
            quote! { #ty::Many(#items) }
        }
    }
}

fn string_items(items: &[String]) -> TokenStream {
    let items = items.iter().map(|s| str_lit(s));
    quote! { [#(#items),*] }
}

/// An argument for `impl Into<LitOrExpr<bool>>`.
fn bool_arg(v: &LitOrExpr<bool>, cx: &mut Imports) -> TokenStream {
    match v {
        LitOrExpr::Lit(b) => quote! { #b },
        LitOrExpr::Expr(e) => expr(e, cx),
    }
}

/// An argument for `impl Into<LitOrExpr<Number>>`.
fn number_arg(v: &LitOrExpr<Number>, cx: &mut Imports) -> TokenStream {
    match v {
        LitOrExpr::Lit(n) => number(n),
        LitOrExpr::Expr(e) => expr(e, cx),
    }
}

/// A `LitOrExpr<T>` field value, the literal built by `lit`.
pub(super) fn lit_or_expr<T>(
    v: &LitOrExpr<T>,
    cx: &mut Imports,
    lit: impl FnOnce(&T, &mut Imports) -> TokenStream,
) -> TokenStream {
    match v {
        LitOrExpr::Lit(t) => {
            let ty = cx.ty("LitOrExpr");
            let t = lit(t, cx);
            quote! { #ty::Lit(#t) }
        }
        LitOrExpr::Expr(e) => {
            let e = expr(e, cx);
            quote! { #e.into() }
        }
    }
}

pub(super) fn number_value(n: &Number, cx: &mut Imports) -> TokenStream {
    let ty = cx.ty("Number");
    let n = number(n);
    quote! { #ty::from(#n) }
}

pub(super) fn null_or<T>(
    v: &NullOr<T>,
    cx: &mut Imports,
    f: impl FnOnce(&T, &mut Imports) -> TokenStream,
) -> TokenStream {
    let ty = cx.ty("NullOr");
    match v {
        NullOr::Null => quote! { #ty::Null },
        NullOr::Value(t) => {
            let t = f(t, cx);
            quote! { #ty::Value(#t) }
        }
    }
}

/// `uses:`: the reference as a string, `Uses::pinned` for a SHA pin with
/// its version comment, `Uses::new(..).with_comment(..)` for any other comment.
fn uses(u: &Uses, cx: &mut Imports) -> TokenStream {
    let raw = u.as_str();
    match u.comment() {
        None => str_lit(raw),
        Some(c) => {
            let ty = cx.ty("Uses");
            let comment = str_lit(c);
            if u.is_sha_pinned()
                && let Some((repo, sha)) = raw.rsplit_once('@')
            {
                let (repo, sha) = (str_lit(repo), str_lit(sha));
                return quote! { #ty::pinned(#repo, #sha, #comment) };
            }
            let raw = str_lit(raw);
            quote! { #ty::new(#raw).with_comment(#comment) }
        }
    }
}

fn allow_args(a: &Allow, cx: &mut Imports) -> (TokenStream, TokenStream) {
    let Allow { lint, reason } = a;
    let ty = cx.lint("Lint");
    let variant = format_ident!("{}", format!("{lint:?}"));
    (quote! { #ty::#variant }, str_lit(reason))
}

// ---------------------------------------------------------------- triggers

pub(super) fn filter(f: &Filter, cx: &mut Imports) -> TokenStream {
    let ty = cx.ty("Filter");
    match f {
        Filter::Only(OneOrMany::Many(items)) if !items.is_empty() => {
            let items = scalar_items(items, cx);
            quote! { #ty::only(#items) }
        }
        Filter::Ignore(OneOrMany::Many(items)) if !items.is_empty() => {
            let items = scalar_items(items, cx);
            quote! { #ty::ignore(#items) }
        }
        Filter::Only(p) => {
            let p = one_or_many_scalar(p, cx);
            quote! { #ty::Only(#p) }
        }
        Filter::Ignore(p) => {
            let p = one_or_many_scalar(p, cx);
            quote! { #ty::Ignore(#p) }
        }
    }
}

/// A `[filter]` field through its builders (`names`: `only`, `ignore(..)`,
/// `only_one(..)`, `ignore_one(..)`: `branches`, `branches_ignore`,
/// `branches_one`, `branches_ignore_one`), whichever form is written.
pub(super) fn filter_calls(f: &Option<Filter>, names: [&str; 4], b: &mut Build, cx: &mut Imports) {
    let [only, ignore, only_one, ignore_one] = names;
    let (method, one, patterns) = match f {
        Some(Filter::Only(p)) => (only, only_one, p),
        Some(Filter::Ignore(p)) => (ignore, ignore_one, p),
        None => return,
    };
    match patterns {
        OneOrMany::One(p) => {
            let (method, p) = (ident(one), scalar_arg(p, cx));
            b.call(quote! { .#method(#p) });
        }
        OneOrMany::Many(items) if items.is_empty() => {
            let (method, st) = (ident(method), cx.ty("Scalar"));
            b.call(quote! { .#method(Vec::<#st>::new()) });
        }
        OneOrMany::Many(items) => {
            let (method, items) = (ident(method), scalar_items(items, cx));
            b.call(quote! { .#method(#items) });
        }
    }
}

/// A field with the builders `list(T)` and `one(method: T)`: the list
/// through the first (`Vec::<T>::new()` when empty), one value written as
/// a scalar through the second.
pub(super) fn list_call<T: ListItem>(v: &Option<OneOrMany<T>>, name: &str, one: &str, b: &mut Build, cx: &mut Imports) {
    match v {
        Some(OneOrMany::Many(list)) if !list.is_empty() => {
            let (method, items) = (ident(name), T::items(list, cx));
            b.call(quote! { .#method(#items) });
        }
        Some(OneOrMany::Many(_)) => {
            let (method, ty) = (ident(name), T::ty(cx));
            b.call(quote! { .#method(Vec::<#ty>::new()) });
        }
        Some(OneOrMany::One(v)) => {
            let (method, v) = (ident(one), v.arg(cx));
            b.call(quote! { .#method(#v) });
        }
        None => {}
    }
}

/// An item of a list [`list_call`] writes.
pub(super) trait ListItem: Sized {
    /// The item type, as the generated code names it.
    fn ty(cx: &mut Imports) -> TokenStream;
    /// An argument for `impl Into<Self>`.
    fn arg(&self, cx: &mut Imports) -> TokenStream;
    /// The items, as an array.
    fn items(items: &[Self], cx: &mut Imports) -> TokenStream;
}

impl ListItem for String {
    fn ty(_: &mut Imports) -> TokenStream {
        quote! { String }
    }
    fn arg(&self, _: &mut Imports) -> TokenStream {
        str_lit(self)
    }
    fn items(items: &[Self], _: &mut Imports) -> TokenStream {
        string_items(items)
    }
}

impl ListItem for Scalar {
    fn ty(cx: &mut Imports) -> TokenStream {
        let st = cx.ty("Scalar");
        quote! { #st }
    }
    fn arg(&self, cx: &mut Imports) -> TokenStream {
        scalar_arg(self, cx)
    }
    fn items(items: &[Self], cx: &mut Imports) -> TokenStream {
        scalar_items(items, cx)
    }
}

fn workflow_call(c: &WorkflowCall, cx: &mut Imports) -> TokenStream {
    let WorkflowCall { inputs, secrets, outputs, extra: x } = c;
    let ty = cx.ty("WorkflowCall");
    let mut b = Build::new("WorkflowCall", quote! { #ty::new() });
    match inputs {
        Some(m) if !m.is_empty() => {
            for (name, input) in m {
                let (name, input) = (str_lit(name), call_input(input, cx));
                b.call(quote! { .input(#name, #input) });
            }
        }
        Some(_) => b.call(quote! { .empty_inputs() }),
        None => {}
    }
    match secrets {
        Some(m) if !m.is_empty() => {
            for (name, secret) in m {
                let name = str_lit(name);
                match secret {
                    NullOr::Null => b.call(quote! { .secret_bare(#name) }),
                    NullOr::Value(s) => {
                        let s = s.import(cx);
                        b.call(quote! { .secret(#name, #s) });
                    }
                }
            }
        }
        Some(_) => b.call(quote! { .empty_secrets() }),
        None => {}
    }
    match outputs {
        Some(m) if !m.is_empty() => {
            for (name, output) in m {
                let (name, output) = (str_lit(name), call_output(output, cx));
                b.call(quote! { .output(#name, #output) });
            }
        }
        Some(_) => b.call(quote! { .empty_outputs() }),
        None => {}
    }
    extra_calls(x, &mut b, cx);
    b.finish()
}

fn call_output(o: &CallOutput, cx: &mut Imports) -> TokenStream {
    let CallOutput { description, value, extra: x } = o;
    let ty = cx.ty("CallOutput");
    let value = scalar_arg(value, cx);
    let mut b = Build::new("CallOutput", quote! { #ty::new(#value) });
    set(&mut b, "description", description.as_ref().map(|d| scalar_arg(d, cx)));
    extra_calls(x, &mut b, cx);
    b.finish()
}

/// A struct with `Default`, written as the fields that differ from it.
pub(super) struct StructLiteral {
    ty: TokenStream,
    total: usize,
    fields: Vec<TokenStream>,
}

impl StructLiteral {
    pub(super) fn new(ty: TokenStream, total: usize) -> Self {
        StructLiteral { ty, total, fields: Vec::new() }
    }

    pub(super) fn set(&mut self, present: bool, name: &str, value: impl FnOnce() -> TokenStream) {
        if present {
            let name = ident(name);
            let value = value();
            self.fields.push(quote! { #name: #value });
        }
    }

    pub(super) fn finish(self) -> TokenStream {
        let StructLiteral { ty, total, fields } = self;
        if fields.len() == total {
            quote! { #ty { #(#fields),* } }
        } else if fields.is_empty() {
            quote! { #ty::default() }
        } else {
            quote! { #ty { #(#fields,)* ..Default::default() } }
        }
    }
}

fn activity(a: &Activity, cx: &mut Imports) -> TokenStream {
    let Activity { types, extra: x } = a;
    let ty = cx.ty("Activity");
    let mut b = match types {
        Some(OneOrMany::Many(items)) => {
            let items = if items.is_empty() {
                quote! { Vec::<String>::new() }
            } else {
                string_items(items)
            };
            Build::new("Activity", quote! { #ty::types(#items) })
        }
        Some(OneOrMany::One(t)) => {
            let t = str_lit(t);
            Build::new("Activity", quote! { #ty::new().types_one(#t) })
        }
        None => Build::new("Activity", quote! { #ty::new() }),
    };
    extra_calls(x, &mut b, cx);
    b.finish()
}

fn cron(c: &Cron, cx: &mut Imports) -> TokenStream {
    let Cron { cron: expression, timezone, comment, extra: x } = c;
    let ty = cx.ty("Cron");
    let e = str_lit(expression);
    let mut b = Build::new("Cron", quote! { #ty::new(#e) });
    set(&mut b, "timezone", timezone.as_ref().map(|t| scalar_arg(t, cx)));
    set(&mut b, "comment", comment.as_ref().map(|c| str_lit(c)));
    extra_calls(x, &mut b, cx);
    b.finish()
}

/// A schedule entry as `on_schedule` takes it: its text alone when that is
/// all it holds.
fn cron_arg(c: &Cron, cx: &mut Imports) -> TokenStream {
    match c {
        Cron { cron, timezone: None, comment: None, extra: x } if x.is_empty() => str_lit(cron),
        c => cron(c, cx),
    }
}

fn dispatch_input(i: &DispatchInput, cx: &mut Imports) -> TokenStream {
    let DispatchInput { description, required, default, kind, deprecation_message, extra: x } = i;
    let ty = cx.ty("DispatchInput");
    let base = match kind {
        InputKind::String => quote! { #ty::string() },
        InputKind::Boolean => quote! { #ty::boolean() },
        InputKind::Number => quote! { #ty::number() },
        InputKind::Environment => quote! { #ty::environment() },
        InputKind::Choice { options: Some(options) } if !options.is_empty() => {
            let items = scalar_items(options, cx);
            quote! { #ty::choice(#items) }
        }
        InputKind::Untyped => quote! { #ty::untyped() },
        InputKind::Choice { options: None } => quote! { #ty::choice_without_options() },
        InputKind::Other(s) => {
            let s = scalar_arg(s, cx);
            quote! { #ty::other_type(#s) }
        }
        InputKind::Choice { options: Some(_) } => {
            let st = cx.ty("Scalar");
            quote! { #ty::choice(Vec::<#st>::new()) }
        }
    };
    let mut b = Build::new("DispatchInput", base);
    set(&mut b, "description", description.as_ref().map(|d| scalar_arg(d, cx)));
    if let Some(r) = required {
        b.call(quote! { .required(#r) });
    }
    set(&mut b, "default", default.as_ref().map(|d| scalar_arg(d, cx)));
    set(&mut b, "deprecation_message", deprecation_message.as_ref().map(|m| scalar_arg(m, cx)));
    extra_calls(x, &mut b, cx);
    b.finish()
}

fn workflow_dispatch(d: &WorkflowDispatch, cx: &mut Imports) -> TokenStream {
    let WorkflowDispatch { inputs, extra: x } = d;
    let ty = cx.ty("WorkflowDispatch");
    let mut b = Build::new("WorkflowDispatch", quote! { #ty::new() });
    match inputs {
        Some(m) if !m.is_empty() => {
            for (name, input) in m {
                let name = str_lit(name);
                let input = dispatch_input(input, cx);
                b.call(quote! { .input(#name, #input) });
            }
        }
        Some(_) => b.call(quote! { .empty_inputs() }),
        None => {}
    }
    extra_calls(x, &mut b, cx);
    b.finish()
}

fn call_input(i: &CallInput, cx: &mut Imports) -> TokenStream {
    let CallInput { description, required, input_type, default, extra: x } = i;
    let ty = cx.ty("CallInput");
    let t = cx.ty("CallInputType");
    let kind = match input_type {
        CallInputType::String => quote! { #t::String },
        CallInputType::Boolean => quote! { #t::Boolean },
        CallInputType::Number => quote! { #t::Number },
        CallInputType::Other(s) => {
            let s = scalar(s, cx);
            quote! { #t::Other(#s) }
        }
    };
    let mut b = Build::new("CallInput", quote! { #ty::new(#kind) });
    set(&mut b, "description", description.as_ref().map(|d| scalar_arg(d, cx)));
    if let Some(r) = required {
        b.call(quote! { .required(#r) });
    }
    set(&mut b, "default", default.as_ref().map(|d| scalar_arg(d, cx)));
    extra_calls(x, &mut b, cx);
    b.finish()
}

/// The records written with builders where one fits, as field values of
/// the records `record.rs` derives (and the events of `on:`).
macro_rules! by_hand {
    ($($ty:ty => $f:ident),* $(,)?) => {
        $(
            impl ImportValue for $ty {
                fn import(&self, cx: &mut Imports) -> TokenStream {
                    $f(self, cx)
                }
            }
        )*
    };
}

by_hand! {
    WorkflowCall => workflow_call,
    Activity => activity,
    Cron => cron,
    WorkflowDispatch => workflow_dispatch,
    CallInput => call_input,
    Defaults => defaults,
    ActionInput => action_input,
}

/// How an event's configuration is written with its two builders
/// (`on_<event>()` bare, `on_<event>_with(config)`).
trait EventImport {
    /// The builder calls.
    fn calls(&self, bare: &str, with: &str, cx: &mut Imports) -> Vec<TokenStream>;
}

impl<T: ImportValue> EventImport for NullOr<T> {
    fn calls(&self, bare: &str, with: &str, cx: &mut Imports) -> Vec<TokenStream> {
        match self {
            NullOr::Null => {
                let bare = ident(bare);
                vec![quote! { .#bare() }]
            }
            NullOr::Value(v) => {
                let with = ident(with);
                let v = v.import(cx);
                vec![quote! { .#with(#v) }]
            }
        }
    }
}

impl EventImport for Vec<Cron> {
    fn calls(&self, bare: &str, with: &str, cx: &mut Imports) -> Vec<TokenStream> {
        if self.is_empty() {
            let bare = ident(bare);
            return vec![quote! { .#bare() }];
        }
        let with = ident(with);
        self.iter()
            .map(|c| {
                let c = cron_arg(c, cx);
                quote! { .#with(#c) }
            })
            .collect()
    }
}

/// `triggers` over ci-model's table of events, so that an event added there
/// is imported without a change here.
macro_rules! import_triggers {
    ($( $field:ident : $key:literal => $ty:ty as $bare:ident / $with:ident ),*) => {
        /// The `Workflow` builder calls of every event of `on:`.
        fn triggers(t: &Triggers, cx: &mut Imports) -> Vec<TokenStream> {
            let mut out = Vec::new();
            $(
                if let Some(v) = &t.$field {
                    out.extend(<$ty as EventImport>::calls(v, stringify!($bare), stringify!($with), cx));
                }
            )*
            for (k, v) in &t.extra {
                let k = str_lit(k);
                let v = yaml_arg(v, cx);
                out.push(quote! { .on_other_event(#k, #v) });
            }
            out
        }
    };
}

ci_model::triggers_table!(import_triggers);

// ---------------------------------------------------------------- job parts

fn permissions(p: &Permissions, cx: &mut Imports) -> TokenStream {
    let ty = cx.ty("Permissions");
    let scopes = match p {
        Permissions::ReadAll => return quote! { #ty::read_all() },
        Permissions::WriteAll => return quote! { #ty::write_all() },
        Permissions::Scopes(s) => s,
    };
    let level = |l: Level, cx: &mut Imports| {
        let lt = cx.ty("Level");
        match l {
            Level::None => quote! { #lt::None },
            Level::Read => quote! { #lt::Read },
            Level::Write => quote! { #lt::Write },
        }
    };
    let level_of = |y: &Yaml| match y.as_str() {
        Some("none") => Some(Level::None),
        Some("read") => Some(Level::Read),
        Some("write") => Some(Level::Write),
        _ => None,
    };
    let mut calls = Vec::new();
    for (name, l) in scopes.iter() {
        let (method, l) = (ident(&name.replace('-', "_")), level(l, cx));
        calls.push(quote! { .#method(#l) });
    }
    for (name, y) in &scopes.extra {
        let name = str_lit(name);
        match level_of(y) {
            Some(l) => {
                let l = level(l, cx);
                calls.push(quote! { .with(#name, #l) });
            }
            None => {
                let y = yaml_arg(y, cx);
                calls.push(quote! { .unknown_scope(#name, #y) });
            }
        }
    }
    chain_expr("permissions", quote! { #ty::none() }, calls)
}

/// A `Scalar` for a conversion that takes `Scalar` but not a typed
/// expression (`Container::from`, `Snapshot::from`): a string literal as
/// it is, anything else through `Scalar::from`.
fn scalar_from(v: &Scalar, cx: &mut Imports) -> TokenStream {
    match v {
        Scalar::String(t) if !t.contains("${{") => str_lit(t),
        v => {
            let st = cx.ty("Scalar");
            let v = scalar_arg(v, cx);
            quote! { #st::from(#v) }
        }
    }
}

fn concurrency(c: &Concurrency, cx: &mut Imports) -> TokenStream {
    let ty = cx.ty("Concurrency");
    match c {
        Concurrency::Group(g) => {
            let g = scalar_arg(g, cx);
            quote! { #ty::named(#g) }
        }
        Concurrency::Spec(s) => {
            let ConcurrencySpec { group, cancel_in_progress, queue, extra: x } = s;
            let g = scalar_arg(group, cx);
            let mut b = Build::new("Concurrency", quote! { #ty::group(#g) });
            set(&mut b, "cancel_in_progress", cancel_in_progress.as_ref().map(|c| bool_arg(c, cx)));
            set(&mut b, "queue", queue.as_ref().map(|q| scalar_arg(q, cx)));
            extra_calls(x, &mut b, cx);
            b.finish()
        }
    }
}

fn defaults(d: &Defaults, cx: &mut Imports) -> TokenStream {
    let Defaults { run, extra: x } = d;
    let ty = cx.ty("Defaults");
    if let (Some(RunDefaults { shell: Some(shell), working_directory: None, extra: rx }), true) = (run, x.is_empty())
        && rx.is_empty()
    {
        let shell = scalar_arg(shell, cx);
        return quote! { #ty::run_shell(#shell) };
    }
    let mut b = Build::new("Defaults", quote! { #ty::new() });
    if let Some(r) = run {
        let r = r.import(cx);
        b.call(quote! { .run(#r) });
    }
    extra_calls(x, &mut b, cx);
    b.finish()
}

fn container(c: &Container, cx: &mut Imports) -> TokenStream {
    let spec = match c {
        Container::Image(i) => {
            let ty = cx.ty("Container");
            let i = scalar_from(i, cx);
            return quote! { #ty::from(#i) };
        }
        Container::Spec(s) => s,
    };
    let ContainerSpec { image, credentials, env, ports, volumes, options, entrypoint, command, extra: x } = spec;
    // `Container::image(..)` and its builders, or `ContainerSpec::new()`
    // for what they do not make (no image, an empty list or mapping).
    let mut b = match image {
        Some(image)
            if env.as_ref().is_none_or(|e| !e.is_empty())
                && ports.as_ref().is_none_or(|p| !p.is_empty())
                && volumes.as_ref().is_none_or(|v| !v.is_empty()) =>
        {
            let ty = cx.ty("Container");
            let image = scalar_arg(image, cx);
            Build::new("Container", quote! { #ty::image(#image) })
        }
        image => {
            let ty = cx.ty("ContainerSpec");
            let mut b = Build::new("ContainerSpec", quote! { #ty::new() });
            set(&mut b, "image", image.as_ref().map(|i| scalar_arg(i, cx)));
            b
        }
    };
    if let Some(c) = credentials {
        let c = c.import(cx);
        b.call(quote! { .credentials(#c) });
    }
    match env {
        Some(e) if e.is_empty() => b.call(quote! { .empty_env() }),
        e => {
            for (k, v) in e.iter().flatten() {
                let (k, v) = (str_lit(k), scalar_arg(v, cx));
                b.call(quote! { .env(#k, #v) });
            }
        }
    }
    match ports {
        Some(p) if p.is_empty() => b.call(quote! { .empty_ports() }),
        p => {
            for p in p.iter().flatten() {
                let p = scalar_arg(p, cx);
                b.call(quote! { .port(#p) });
            }
        }
    }
    match volumes {
        Some(v) if v.is_empty() => b.call(quote! { .empty_volumes() }),
        v => {
            for v in v.iter().flatten() {
                let v = scalar_arg(v, cx);
                b.call(quote! { .volume(#v) });
            }
        }
    }
    if let Some(o) = options {
        options_calls(o, &mut b, cx);
    }
    for (name, v) in [("entrypoint", entrypoint), ("command", command)] {
        if let Some(v) = v {
            let (name, v) = (ident(name), scalar_arg(v, cx));
            b.call(quote! { .#name(#v) });
        }
    }
    extra_calls(x, &mut b, cx);
    b.finish()
}

/// `options:` of a container: a typed health check for the `--health-*`
/// flags at its end when `HealthCheck` writes them exactly so, after
/// `.options(..)` for the text before them; the text as it is otherwise.
fn options_calls(o: &Scalar, b: &mut Build, cx: &mut Imports) {
    if let Some(text) = o.as_str().filter(|t| !t.contains("${{")) {
        let (before, flags) = match text.find(" --health-cmd ") {
            _ if text.starts_with("--health-cmd ") => ("", text),
            Some(at) => (&text[..at], &text[at + 1..]),
            None => ("", ""),
        };
        if let Some(check) = HealthCheck::parse(flags)
            && before.trim() == before
        {
            if !before.is_empty() {
                let before = str_lit(before);
                b.call(quote! { .options(#before) });
            }
            let ht = cx.ty("HealthCheck");
            let duration = |d: std::time::Duration| {
                if d.subsec_nanos() == 0 {
                    let n = proc_macro2::Literal::u64_unsuffixed(d.as_secs());
                    quote! { std::time::Duration::from_secs(#n) }
                } else {
                    let n = proc_macro2::Literal::u128_unsuffixed(d.as_millis());
                    quote! { std::time::Duration::from_millis(#n) }
                }
            };
            let HealthCheck { cmd, interval, timeout, retries, start_period } = &check;
            let cmd = str_lit(cmd);
            let mut calls = vec![quote! { #ht::cmd(#cmd) }];
            for (name, d) in [("interval", interval), ("timeout", timeout)] {
                if let Some(d) = d {
                    let (name, d) = (ident(name), duration(*d));
                    calls.push(quote! { .#name(#d) });
                }
            }
            if let Some(n) = retries {
                let n = proc_macro2::Literal::u32_unsuffixed(*n);
                calls.push(quote! { .retries(#n) });
            }
            if let Some(d) = start_period {
                let d = duration(*d);
                calls.push(quote! { .start_period(#d) });
            }
            b.call(quote! { .health_check(#(#calls)*) });
            return;
        }
    }
    let o = scalar_arg(o, cx);
    b.call(quote! { .options(#o) });
}

fn environment(e: &Environment, cx: &mut Imports) -> TokenStream {
    match e {
        Environment::Name(n) => {
            let ty = cx.ty("Environment");
            let n = scalar_arg(n, cx);
            quote! { #ty::named(#n) }
        }
        Environment::Spec(EnvironmentSpec { name, url, deployment, extra: x }) => {
            let n = scalar_arg(name, cx);
            // The mapping form: `Environment::named(..)` with what turns it
            // into one; `EnvironmentSpec` when nothing does, or for unknown
            // keys (a record's).
            let mut b = if (url.is_some() || deployment.is_some()) && x.is_empty() {
                let ty = cx.ty("Environment");
                Build::new("Environment", quote! { #ty::named(#n) })
            } else {
                let st = cx.ty("EnvironmentSpec");
                Build::new("EnvironmentSpec", quote! { #st::new(#n) })
            };
            set(&mut b, "url", url.as_ref().map(|u| scalar_arg(u, cx)));
            set(&mut b, "deployment", deployment.as_ref().map(|d| bool_arg(d, cx)));
            extra_calls(x, &mut b, cx);
            b.finish()
        }
    }
}

fn snapshot(s: &Snapshot, cx: &mut Imports) -> TokenStream {
    match s {
        Snapshot::Image(i) => scalar_from(i, cx),
        Snapshot::Spec(SnapshotSpec { image_name, r#if: cond, version, extra: x }) => {
            let ty = cx.ty("SnapshotSpec");
            let n = scalar_arg(image_name, cx);
            let mut b = Build::new("SnapshotSpec", quote! { #ty::new(#n) });
            set(&mut b, "when", cond.as_ref().map(|c| condition_arg(c, cx)));
            set(&mut b, "version", version.as_ref().map(|v| scalar_arg(v, cx)));
            extra_calls(x, &mut b, cx);
            b.finish()
        }
    }
}

/// The argument of `NormalJob::on`.
fn runs_on(r: &RunsOn, cx: &mut Imports) -> TokenStream {
    match r {
        RunsOn::Labels(OneOrMany::Many(l)) if !l.is_empty() => scalar_items(l, cx),
        RunsOn::Labels(OneOrMany::Many(_)) => {
            let st = cx.ty("Scalar");
            quote! { Vec::<#st>::new() }
        }
        RunsOn::Labels(OneOrMany::One(l)) => {
            let ty = cx.ty("RunsOn");
            let l = scalar_arg(l, cx);
            quote! { #ty::from(#l) }
        }
        RunsOn::Group(g) => g.import(cx),
    }
}

fn matrix(m: &Matrix, cx: &mut Imports) -> TokenStream {
    let Matrix { axes, include, exclude } = m;
    let ty = cx.ty("Matrix");
    let mut b = Build::new("Matrix", quote! { #ty::new() });
    for (name, values) in axes {
        let name = str_lit(name);
        match values {
            LitOrExpr::Lit(values) if values.is_empty() => {
                let yt = cx.ty("Yaml");
                b.call(quote! { .axis(#name, Vec::<#yt>::new()) });
            }
            LitOrExpr::Lit(values) => {
                let (items, _) = yaml_items(values, cx);
                b.call(quote! { .axis(#name, [#(#items),*]) });
            }
            LitOrExpr::Expr(e) => {
                let e = expr(e, cx);
                b.call(quote! { .axis_expr(#name, #e) });
            }
        }
    }
    let rows = |b: &mut Build, rows: &Option<LitOrExpr<Vec<MatrixRow>>>, name: &str, cx: &mut Imports| match rows {
        Some(LitOrExpr::Lit(list)) if !list.is_empty() => {
            for row in list {
                let keys: Vec<TokenStream> = row.keys().map(|k| str_lit(k)).collect();
                let values: Vec<Yaml> = row.values().cloned().collect();
                if row.is_empty() {
                    let method = format_ident!("{}_row", name);
                    b.call(quote! { .#method(()) });
                } else if one_kind(&values) || row.len() > 12 {
                    let (values, _) = yaml_items(&values, cx);
                    let method = format_ident!("{}", name);
                    b.call(quote! { .#method([#((#keys, #values)),*]) });
                } else {
                    // Values of several kinds: a tuple of pairs, each bare.
                    let method = format_ident!("{}_row", name);
                    let values: Vec<TokenStream> = row.values().map(|v| yaml_arg(v, cx)).collect();
                    b.call(quote! { .#method((#((#keys, #values),)*)) });
                }
            }
        }
        Some(LitOrExpr::Expr(e)) => {
            let method = format_ident!("{}_expr", name);
            let e = expr(e, cx);
            b.call(quote! { .#method(#e) });
        }
        Some(LitOrExpr::Lit(_)) => {
            let method = format_ident!("empty_{}", name);
            b.call(quote! { .#method() });
        }
        None => {}
    };
    rows(&mut b, include, "include", cx);
    rows(&mut b, exclude, "exclude", cx);
    b.finish()
}

fn strategy(s: &Strategy, cx: &mut Imports) -> TokenStream {
    let Strategy { matrix: m, fail_fast, max_parallel, extra: x } = s;
    let ty = cx.ty("Strategy");
    let mut b = match m {
        Some(LitOrExpr::Lit(m)) => {
            let m = matrix(m, cx);
            Build::new("Strategy", quote! { #ty::matrix(#m) })
        }
        Some(LitOrExpr::Expr(e)) => {
            let e = expr(e, cx);
            Build::new("Strategy", quote! { #ty::matrix(#e) })
        }
        None => Build::new("Strategy", quote! { #ty::default() }),
    };
    set(&mut b, "fail_fast", fail_fast.as_ref().map(|f| bool_arg(f, cx)));
    set(&mut b, "max_parallel", max_parallel.as_ref().map(|n| number_arg(n, cx)));
    extra_calls(x, &mut b, cx);
    b.finish()
}

// ---------------------------------------------------------------- steps

/// A step.
pub(crate) fn step(s: &Step, cx: &mut Imports) -> TokenStream {
    let mut spill = Spill::new("step");
    let (value, _) = nested_step(s, cx, &mut spill);
    spill.finish(value)
}

/// A step and its height (1, or one more than its highest step for a
/// `parallel:` group), the deep groups it holds bound in `spill`.
fn nested_step(s: &Step, cx: &mut Imports, spill: &mut Spill) -> (TokenStream, usize) {
    let Step {
        comment,
        name,
        id,
        r#if: cond,
        continue_on_error,
        timeout_minutes,
        background,
        env,
        allow,
        body,
        extra: x,
    } = s;
    let (base, body_calls, height) = step_body(body, cx, spill);
    let mut b = Build::new("Step", base);
    set(&mut b, "comment", comment.as_ref().map(|c| str_lit(c)));
    for a in allow {
        let (lint, reason) = allow_args(a, cx);
        b.call(quote! { .allow(#lint, #reason) });
    }
    set(&mut b, "name", name.as_ref().map(|n| scalar_arg(n, cx)));
    set(&mut b, "id", id.as_ref().map(|i| str_lit(i)));
    set(&mut b, "when", cond.as_ref().map(|c| condition_arg(c, cx)));
    set(&mut b, "continue_on_error", continue_on_error.as_ref().map(|c| bool_arg(c, cx)));
    set(&mut b, "timeout_minutes", timeout_minutes.as_ref().map(|t| number_arg(t, cx)));
    if let Some(bg) = background {
        b.call(quote! { .background(#bg) });
    }
    for c in body_calls {
        b.call(c);
    }
    env_calls(env, &mut b, cx);
    extra_calls(x, &mut b, cx);
    (b.finish(), height)
}

/// `.unknown_key(k, v)` for each key the model does not know.
pub(super) fn extra_calls(x: &ci_model::Extra, b: &mut Build, cx: &mut Imports) {
    for (k, v) in x {
        let (k, v) = (str_lit(k), yaml_arg(v, cx));
        b.call(quote! { .unknown_key(#k, #v) });
    }
}

/// `.env(k, v)` for a mapping with entries, `.env_all(..)` for an
/// expression or an empty mapping.
fn env_calls(env: &Option<LitOrExpr<Env>>, b: &mut Build, cx: &mut Imports) {
    match env {
        Some(LitOrExpr::Lit(m)) if !m.is_empty() => {
            for (k, v) in m {
                let (k, v) = (str_lit(k), scalar_arg(v, cx));
                b.call(quote! { .env(#k, #v) });
            }
        }
        Some(v) => {
            let v = map_or_expr(v, cx);
            b.call(quote! { .env_all(#v) });
        }
        None => {}
    }
}

/// The argument of `env_all`/`with_all`: the expression, or an empty map.
fn map_or_expr(v: &LitOrExpr<Env>, cx: &mut Imports) -> TokenStream {
    match v {
        LitOrExpr::Expr(e) => expr(e, cx),
        LitOrExpr::Lit(m) => {
            let et = cx.ty("Env");
            let entries: Vec<TokenStream> = m
                .iter()
                .map(|(k, v)| {
                    let (k, v) = (string(k), scalar(v, cx));
                    quote! { (#k, #v) }
                })
                .collect();
            if entries.is_empty() {
                quote! { #et::new() }
            } else {
                quote! { #et::from_iter([#(#entries),*]) }
            }
        }
    }
}

/// The constructor of a step's body, the builder calls that belong to it,
/// and the step's height.
fn step_body(body: &StepBody, cx: &mut Imports, spill: &mut Spill) -> (TokenStream, Vec<TokenStream>, usize) {
    if let StepBody::Uses { uses: u, with } = body
        && let Some(typed) = super::catalog::typed_step(u, with, cx)
    {
        return (typed, Vec::new(), 1);
    }
    let st = cx.ty("Step");
    match body {
        StepBody::Run(Run { script, shell, working_directory }) => {
            let script = scalar_arg(script, cx);
            let mut calls = Vec::new();
            if let Some(s) = shell {
                let s = scalar_arg(s, cx);
                calls.push(quote! { .shell(#s) });
            }
            if let Some(w) = working_directory {
                let w = scalar_arg(w, cx);
                calls.push(quote! { .working_directory(#w) });
            }
            (quote! { #st::run(#script) }, calls, 1)
        }
        StepBody::Uses { uses: u, with } => match with {
            None => {
                let u = uses(u, cx);
                (quote! { #st::uses(#u) }, Vec::new(), 1)
            }
            Some(LitOrExpr::Lit(m)) if !m.is_empty() => {
                let u = uses(u, cx);
                let calls = m
                    .iter()
                    .map(|(k, v)| {
                        let (k, v) = (str_lit(k), scalar_arg(v, cx));
                        quote! { .with(#k, #v) }
                    })
                    .collect();
                (quote! { #st::uses(#u) }, calls, 1)
            }
            Some(w) => {
                let u = uses(u, cx);
                let w = map_or_expr(w, cx);
                (quote! { #st::uses(#u) }, vec![quote! { .with_all(#w) }], 1)
            }
        },
        StepBody::Wait(OneOrMany::One(id)) => {
            let id = str_lit(id);
            (quote! { #st::wait(#id) }, Vec::new(), 1)
        }
        StepBody::Wait(OneOrMany::Many(ids)) => {
            let ids = string_items(ids);
            (quote! { #st::wait_for(#ids) }, Vec::new(), 1)
        }
        StepBody::WaitAll(None) => (quote! { #st::wait_all() }, Vec::new(), 1),
        StepBody::WaitAll(Some(v)) => (quote! { #st::wait_all_as(#v) }, Vec::new(), 1),
        StepBody::Cancel(id) => {
            let id = str_lit(id);
            (quote! { #st::cancel(#id) }, Vec::new(), 1)
        }
        StepBody::Parallel(steps) => {
            let mut height = 1;
            let steps: Vec<TokenStream> = steps
                .iter()
                .map(|s| {
                    let (v, h) = nested_step(s, cx, spill);
                    height = height.max(h + 1);
                    spill.bind(v, h)
                })
                .collect();
            (quote! { #st::parallel([#(#steps),*]) }, Vec::new(), height)
        }
    }
}

// ---------------------------------------------------------------- jobs

/// `.needs(id)` for each job of a list, `.needs_one(id)` for one written
/// as a scalar.
fn needs_calls(needs: &Option<OneOrMany<String>>, b: &mut Build) {
    match needs {
        Some(OneOrMany::One(n)) => {
            let n = str_lit(n);
            b.call(quote! { .needs_one(#n) });
        }
        Some(OneOrMany::Many(items)) if !items.is_empty() => {
            for n in items {
                let n = str_lit(n);
                b.call(quote! { .needs(#n) });
            }
        }
        Some(_) => b.call(quote! { .needs_none() }),
        None => {}
    }
}

/// `.strategy(..)`: a strategy built with builders, or an expression.
fn strategy_call(s: &Option<LitOrExpr<Strategy>>, b: &mut Build, cx: &mut Imports) {
    match s {
        Some(LitOrExpr::Lit(s)) => {
            let s = strategy(s, cx);
            b.call(quote! { .strategy(#s) });
        }
        Some(LitOrExpr::Expr(e)) => {
            let e = expr(e, cx);
            b.call(quote! { .strategy(#e) });
        }
        None => {}
    }
}

/// A normal job, as a function body.
pub(crate) fn normal_job(j: &NormalJob, cx: &mut Imports) -> TokenStream {
    let NormalJob {
        comment,
        name,
        needs,
        r#if: cond,
        runs_on: on,
        snapshot: snap,
        environment: env_,
        permissions: perms,
        concurrency: conc,
        cache_mode,
        timeout_minutes,
        cancel_timeout_minutes,
        continue_on_error,
        strategy: strat,
        container: cont,
        services,
        outputs,
        env,
        defaults: defs,
        steps,
        allow,
        extra: x,
    } = j;
    let nt = cx.ty("NormalJob");
    let base = match on {
        RunsOn::Labels(OneOrMany::One(label)) => {
            let jt = cx.ty("Job");
            let label = scalar_arg(label, cx);
            quote! { #jt::new(#label) }
        }
        other => {
            let r = runs_on(other, cx);
            quote! { #nt::on(#r) }
        }
    };
    let mut b = Build::new("NormalJob", base);
    job_head(&mut b, JobHead { comment, allow, name, needs, cond }, cx);
    set(&mut b, "snapshot", snap.as_ref().map(|s| snapshot(s, cx)));
    set(&mut b, "environment", env_.as_ref().map(|e| environment(e, cx)));
    set(&mut b, "permissions", perms.as_ref().map(|p| permissions(p, cx)));
    set(&mut b, "concurrency", conc.as_ref().map(|c| concurrency(c, cx)));
    set(&mut b, "cache_mode", cache_mode.as_ref().map(|c| scalar_arg(c, cx)));
    set(&mut b, "timeout_minutes", timeout_minutes.as_ref().map(|t| number_arg(t, cx)));
    set(&mut b, "cancel_timeout_minutes", cancel_timeout_minutes.as_ref().map(|t| number_arg(t, cx)));
    set(&mut b, "continue_on_error", continue_on_error.as_ref().map(|c| bool_arg(c, cx)));
    strategy_call(strat, &mut b, cx);
    set(&mut b, "container", cont.as_ref().map(|c| container(c, cx)));
    match services {
        Some(LitOrExpr::Lit(m)) if !m.is_empty() => {
            for (name, c) in m {
                let (name, c) = (str_lit(name), container(c, cx));
                b.call(quote! { .service(#name, #c) });
            }
        }
        Some(LitOrExpr::Expr(e)) => {
            let e = expr(e, cx);
            b.call(quote! { .services_all(#e) });
        }
        Some(LitOrExpr::Lit(_)) => b.call(quote! { .empty_services() }),
        None => {}
    }
    entries(&mut b, outputs.as_ref(), "output", "empty_outputs", cx);
    env_calls(env, &mut b, cx);
    set(&mut b, "defaults", defs.as_ref().map(|d| defaults(d, cx)));
    match steps {
        Some(list) if !list.is_empty() => {
            for s in list {
                let s = step(s, cx);
                b.call(quote! { .step(#s) });
            }
        }
        Some(_) => b.call(quote! { .steps([]) }),
        None => {}
    }
    extra_calls(x, &mut b, cx);
    b.finish_body()
}

/// A reusable-workflow call, as a function body.
pub(crate) fn call_job(j: &CallJob, cx: &mut Imports) -> TokenStream {
    let CallJob {
        comment,
        name,
        needs,
        r#if: cond,
        permissions: perms,
        concurrency: conc,
        strategy: strat,
        cache_mode,
        uses: u,
        with,
        secrets,
        allow,
        extra: x,
    } = j;
    let jt = cx.ty("Job");
    let u = uses(u, cx);
    let mut b = Build::new("CallJob", quote! { #jt::call(#u) });
    job_head(&mut b, JobHead { comment, allow, name, needs, cond }, cx);
    set(&mut b, "permissions", perms.as_ref().map(|p| permissions(p, cx)));
    set(&mut b, "concurrency", conc.as_ref().map(|c| concurrency(c, cx)));
    strategy_call(strat, &mut b, cx);
    set(&mut b, "cache_mode", cache_mode.as_ref().map(|c| scalar_arg(c, cx)));
    entries(&mut b, with.as_ref(), "with", "empty_with", cx);
    match secrets {
        Some(CallSecrets::Inherit) => b.call(quote! { .secrets_inherit() }),
        Some(CallSecrets::Map(m)) => entries(&mut b, Some(m), "secret", "empty_secrets", cx),
        None => {}
    }
    extra_calls(x, &mut b, cx);
    b.finish_body()
}

/// The keys both kinds of job begin with.
struct JobHead<'j> {
    comment: &'j Option<String>,
    allow: &'j [ci_model::lint::Allow],
    name: &'j Option<Scalar>,
    needs: &'j Option<OneOrMany<String>>,
    cond: &'j Option<Scalar>,
}

/// A job's comment, allowances, name, needs and condition, as either kind of
/// job takes them.
fn job_head(b: &mut Build, head: JobHead<'_>, cx: &mut Imports) {
    set(b, "comment", head.comment.as_ref().map(|c| str_lit(c)));
    for a in head.allow {
        let (lint, reason) = allow_args(a, cx);
        b.call(quote! { .allow(#lint, #reason) });
    }
    set(b, "name", head.name.as_ref().map(|n| scalar_arg(n, cx)));
    needs_calls(head.needs, b);
    set(b, "when", head.cond.as_ref().map(|c| condition_arg(c, cx)));
}

/// `.method(arg)`, when there is an argument.
fn set(b: &mut Build, method: &str, arg: Option<TokenStream>) {
    if let Some(arg) = arg {
        let m = format_ident!("{}", method);
        b.call(quote! { .#m(#arg) });
    }
}

/// `.method(key, value)` for each entry of `map`, or `.empty()` for an empty
/// mapping (written `{}`).
fn entries(
    b: &mut Build,
    map: Option<&indexmap::IndexMap<String, Scalar>>,
    method: &str,
    empty: &str,
    cx: &mut Imports,
) {
    let Some(map) = map else { return };
    if map.is_empty() {
        let e = format_ident!("{}", empty);
        b.call(quote! { .#e() });
        return;
    }
    let m = format_ident!("{}", method);
    for (k, v) in map {
        let (k, v) = (str_lit(k), scalar_arg(v, cx));
        b.call(quote! { .#m(#k, #v) });
    }
}

/// The function that builds a job: its return type and body.
pub(crate) fn job(j: &Job, cx: &mut Imports) -> (TokenStream, TokenStream) {
    match j {
        Job::Normal(n) => {
            let t = cx.ty("NormalJob");
            (quote! { #t }, normal_job(n, cx))
        }
        Job::Call(c) => {
            let t = cx.ty("CallJob");
            (quote! { #t }, call_job(c, cx))
        }
    }
}

// ---------------------------------------------------------------- files

/// `Path::of(["jobs", "build", "steps", "[0]"])`, or
/// `Path::root().key(..).index(..)` when a key itself looks like `[..]`.
fn path(p: &Path, cx: &mut Imports) -> TokenStream {
    let ty = cx.ty("Path");
    if p.segments().iter().all(|s| !matches!(s, Segment::Key(k) if k.starts_with('['))) {
        let parts = p.segments().iter().map(|s| match s {
            Segment::Key(k) => str_lit(k),
            Segment::Index(i) => str_lit(&format!("[{i}]")),
        });
        return quote! { #ty::of([#(#parts),*]) };
    }
    let segments = p
        .segments()
        .iter()
        .map(|s| match s {
            Segment::Key(k) => {
                let k = str_lit(k);
                quote! { .key(#k) }
            }
            Segment::Index(i) => {
                let i = proc_macro2::Literal::usize_unsuffixed(*i);
                quote! { .index(#i) }
            }
        })
        .collect();
    chain_expr("path", quote! { #ty::root() }, segments)
}

/// The body of a `comments()` function, or `None` when there are none.
pub(crate) fn comments(c: &SourceComments, cx: &mut Imports) -> Option<TokenStream> {
    if c.is_empty() {
        return None;
    }
    let ty = cx.ty("SourceComments");
    let mut lines = Vec::new();
    for (p, text) in c.iter_above() {
        let (p, text) = (path(p, cx), str_lit(text));
        lines.push(quote! { comments.insert_above(#p, #text); });
    }
    for (p, text) in c.iter_trailing() {
        let (p, text) = (path(p, cx), str_lit(text));
        lines.push(quote! { comments.insert_trailing(#p, #text); });
    }
    if let Some(f) = c.footer() {
        let f = str_lit(f);
        lines.push(quote! { comments.set_footer(#f); });
    }
    Some(quote! {
        let mut comments = #ty::default();
        #(#lines)*
        comments
    })
}

/// The workflow's function body, with each job built by the function named in
/// `job_fns` (in the order of the jobs).
pub(crate) fn workflow(w: &Workflow, job_fns: &[Ident], has_comments: bool, cx: &mut Imports) -> TokenStream {
    let Workflow {
        header,
        name,
        run_name,
        description,
        on,
        permissions: perms,
        env,
        defaults: defs,
        concurrency: conc,
        cache_mode,
        jobs,
        extra: x,
        comments: _,
    } = w;
    let wt = cx.ty("Workflow");
    let base = match name {
        Some(n) => {
            let n = scalar_arg(n, cx);
            quote! { #wt::new(#n) }
        }
        None => quote! { #wt::default() },
    };
    let mut b = Build::new("Workflow", base);
    set(&mut b, "header", header.as_ref().map(|h| str_lit(h)));
    set(&mut b, "run_name", run_name.as_ref().map(|r| scalar_arg(r, cx)));
    set(&mut b, "description", description.as_ref().map(|d| scalar_arg(d, cx)));
    match on {
        On::Event(e) => {
            let ot = cx.ty("On");
            let e = str_lit(e);
            b.call(quote! { .on(#ot::event(#e)) });
        }
        On::Events(es) => {
            let ot = cx.ty("On");
            let es = string_items(es);
            b.call(quote! { .on(#ot::events(#es)) });
        }
        On::Map(t) => {
            for call in triggers(t, cx) {
                b.call(call);
            }
        }
    }
    set(&mut b, "permissions", perms.as_ref().map(|p| permissions(p, cx)));
    env_calls(env, &mut b, cx);
    set(&mut b, "defaults", defs.as_ref().map(|d| defaults(d, cx)));
    set(&mut b, "concurrency", conc.as_ref().map(|c| concurrency(c, cx)));
    set(&mut b, "cache_mode", cache_mode.as_ref().map(|c| scalar_arg(c, cx)));
    for (id, f) in jobs.keys().zip(job_fns) {
        let id = str_lit(id);
        b.call(quote! { .job(#id, #f()) });
    }
    extra_calls(x, &mut b, cx);
    if has_comments {
        b.call(quote! { .comments(comments()) });
    }
    b.finish_body()
}

fn action_input(i: &ActionInput, cx: &mut Imports) -> TokenStream {
    let ActionInput { description, required, default, deprecation_message, extra: x } = i;
    let ty = cx.ty("ActionInput");
    let base = match description {
        Some(d) => {
            let d = scalar_arg(d, cx);
            quote! { #ty::new(#d) }
        }
        None => quote! { #ty::undescribed() },
    };
    let mut b = Build::new("ActionInput", base);
    match required {
        Some(Scalar::Bool(r)) => b.call(quote! { .required(#r) }),
        Some(r) => {
            let r = scalar_arg(r, cx);
            b.call(quote! { .required_as(#r) });
        }
        None => {}
    }
    set(&mut b, "default", default.as_ref().map(|d| scalar_arg(d, cx)));
    set(&mut b, "deprecation_message", deprecation_message.as_ref().map(|m| scalar_arg(m, cx)));
    extra_calls(x, &mut b, cx);
    b.finish()
}

fn action_output(o: &ActionOutput, cx: &mut Imports) -> TokenStream {
    let ActionOutput { description, value, extra: x } = o;
    let ty = cx.ty("ActionOutput");
    let mut b = match (description, value) {
        (Some(d), Some(v)) => {
            let (d, v) = (scalar_arg(d, cx), scalar_arg(v, cx));
            Build::new("ActionOutput", quote! { #ty::new(#d, #v) })
        }
        (Some(d), None) => {
            let d = scalar_arg(d, cx);
            Build::new("ActionOutput", quote! { #ty::described(#d) })
        }
        (None, v) => {
            let mut b = Build::new("ActionOutput", quote! { #ty::default() });
            set(&mut b, "value", v.as_ref().map(|v| scalar_arg(v, cx)));
            b
        }
    };
    extra_calls(x, &mut b, cx);
    b.finish()
}

/// `runs:` through the builders of its kind.
fn runs(r: &Runs, cx: &mut Imports) -> TokenStream {
    let calls = |b: &mut Build, fields: &[(&str, &Option<Scalar>)], cx: &mut Imports| {
        for (name, v) in fields {
            if let Some(v) = v {
                let (name, v) = (ident(name), scalar_arg(v, cx));
                b.call(quote! { .#name(#v) });
            }
        }
    };
    match r {
        Runs::Composite(c) => {
            let CompositeRuns { steps, extra: x } = c;
            let ct = cx.ty("CompositeRuns");
            let steps: Vec<TokenStream> = steps.iter().map(|s| step(s, cx)).collect();
            let mut b = Build::new("CompositeRuns", quote! { #ct::new([#(#steps),*]) });
            extra_calls(x, &mut b, cx);
            b.finish()
        }
        Runs::Docker(d) => {
            let DockerRuns { image, entrypoint, args, env, pre_entrypoint, pre_if, post_entrypoint, post_if, extra: x } =
                d;
            let dt = cx.ty("DockerRuns");
            let image = scalar_arg(image, cx);
            let mut b = Build::new("DockerRuns", quote! { #dt::new(#image) });
            calls(&mut b, &[("entrypoint", entrypoint)], cx);
            match args {
                Some(a) if !a.is_empty() => {
                    let a = scalar_items(a, cx);
                    b.call(quote! { .args(#a) });
                }
                Some(_) => b.call(quote! { .args(Vec::<&str>::new()) }),
                None => {}
            }
            match env {
                Some(e) if !e.is_empty() => {
                    for (k, v) in e {
                        let (k, v) = (str_lit(k), scalar_arg(v, cx));
                        b.call(quote! { .env(#k, #v) });
                    }
                }
                Some(_) => b.call(quote! { .empty_env() }),
                None => {}
            }
            let hooks = [
                ("pre_entrypoint", pre_entrypoint),
                ("pre_if", pre_if),
                ("post_entrypoint", post_entrypoint),
                ("post_if", post_if),
            ];
            calls(&mut b, &hooks, cx);
            extra_calls(x, &mut b, cx);
            b.finish()
        }
        Runs::Node(n) => {
            let NodeRuns { using, main, pre, pre_if, post, post_if, extra: x } = n;
            let nt = cx.ty("NodeRuns");
            let using = scalar_arg(using, cx);
            let mut b = Build::new("NodeRuns", quote! { #nt::new(#using) });
            let fields = [("main", main), ("pre", pre), ("pre_if", pre_if), ("post", post), ("post_if", post_if)];
            calls(&mut b, &fields, cx);
            extra_calls(x, &mut b, cx);
            b.finish()
        }
        Runs::Plugin(p) => {
            let PluginRuns { plugin, extra: x } = p;
            let pt = cx.ty("PluginRuns");
            let plugin = scalar_arg(plugin, cx);
            let mut b = Build::new("PluginRuns", quote! { #pt::new(#plugin) });
            extra_calls(x, &mut b, cx);
            b.finish()
        }
    }
}

/// The action's function body.
pub(crate) fn action(a: &Action, has_comments: bool, cx: &mut Imports) -> TokenStream {
    let Action { header, name, author, description, inputs, outputs, runs: r, branding: brand, extra: x, comments: _ } =
        a;
    let at = cx.ty("Action");
    let mut b = match (name, r) {
        (Some(n), Runs::Composite(CompositeRuns { steps, extra: rx })) if !steps.is_empty() && rx.is_empty() => {
            let n = scalar_arg(n, cx);
            let steps: Vec<TokenStream> = steps.iter().map(|s| step(s, cx)).collect();
            Build::new("Action", quote! { #at::composite(#n, [#(#steps),*]) })
        }
        (name, r) => {
            let r = runs(r, cx);
            let mut b = Build::new("Action", quote! { #at::new(#r) });
            set(&mut b, "name", name.as_ref().map(|n| scalar_arg(n, cx)));
            b
        }
    };
    set(&mut b, "header", header.as_ref().map(|h| str_lit(h)));
    set(&mut b, "author", author.as_ref().map(|a| scalar_arg(a, cx)));
    set(&mut b, "description", description.as_ref().map(|d| scalar_arg(d, cx)));
    match inputs {
        Some(m) if !m.is_empty() => {
            for (k, i) in m {
                let (k, i) = (str_lit(k), action_input(i, cx));
                b.call(quote! { .input(#k, #i) });
            }
        }
        Some(_) => b.call(quote! { .empty_inputs() }),
        None => {}
    }
    match outputs {
        Some(m) if !m.is_empty() => {
            for (k, o) in m {
                let (k, o) = (str_lit(k), action_output(o, cx));
                b.call(quote! { .output(#k, #o) });
            }
        }
        Some(_) => b.call(quote! { .empty_outputs() }),
        None => {}
    }
    if let Some(br) = brand {
        let br = br.import(cx);
        b.call(quote! { .branding(#br) });
    }
    extra_calls(x, &mut b, cx);
    if has_comments {
        b.call(quote! { .comments(comments()) });
    }
    b.finish_body()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The expression as prettyplease prints it, squashed.
    fn pretty(t: TokenStream) -> String {
        let text = super::super::format(quote! { fn f() { #t } }).unwrap_or_else(|e| e);
        let lines: Vec<&str> = text.lines().collect();
        squash(&lines[1..lines.len().saturating_sub(1)].join("\n"))
    }

    /// Code without whitespace outside strings and without trailing commas,
    /// so that an expectation does not depend on how prettyplease breaks lines.
    fn squash(code: &str) -> String {
        let mut out = String::new();
        let mut chars = code.chars().peekable();
        let mut in_string = false;
        while let Some(c) = chars.next() {
            if in_string {
                out.push(c);
                match c {
                    '\\' => out.extend(chars.next()),
                    '"' => in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => {
                    in_string = true;
                    out.push(c);
                }
                c if c.is_whitespace() => {}
                ',' => {
                    while chars.peek().is_some_and(|n| n.is_whitespace()) {
                        chars.next();
                    }
                    if !chars.peek().is_some_and(|n| [')', ']', '}'].contains(n)) {
                        out.push(',');
                    }
                }
                c => out.push(c),
            }
        }
        out
    }

    fn has(code: &str, expected: &str) -> bool {
        code.contains(&squash(expected))
    }

    fn wf(jobs: &str) -> Workflow {
        Workflow::parse(&format!("on: push\njobs:\n{jobs}")).unwrap_or_else(|e| panic!("{e}"))
    }

    fn first_job(jobs: &str) -> String {
        let w = wf(jobs);
        let (_, j) = w.jobs.first().unwrap_or_else(|| panic!("no job"));
        pretty(job(j, &mut Imports::new()).1)
    }

    fn first_step(step: &str) -> String {
        let w = wf(&format!("  a:\n    runs-on: x\n    steps:\n      - {step}\n"));
        let Some(Job::Normal(j)) = w.jobs.first().map(|(_, j)| j) else { panic!("not a normal job") };
        pretty(super::step(&j.steps.as_deref().unwrap_or_default()[0], &mut Imports::new()))
    }

    #[test]
    fn a_chain_longer_than_the_limit_goes_on_in_statements() {
        let calls = |n: usize| (0..n).map(|i| quote! { .env(#i) }).collect::<Vec<_>>();
        let (statements, tail) = chain("job", quote! { Job::new() }, calls(MAX_CHAIN));
        assert!(statements.is_empty());
        assert_eq!(tail.to_string().matches(". env").count(), MAX_CHAIN);
        let (statements, tail) = chain("job", quote! { Job::new() }, calls(2 * MAX_CHAIN + 1));
        let statements: Vec<String> = statements.iter().map(|s| squash(&s.to_string())).collect();
        assert_eq!(statements.len(), 2);
        assert!(statements[0].starts_with("letjob=Job::new().env(0usize)"), "{}", statements[0]);
        assert!(statements[0].ends_with(&format!(".env({}usize);", MAX_CHAIN - 1)), "{}", statements[0]);
        assert!(statements[1].starts_with(&format!("letjob=job.env({}usize)", MAX_CHAIN)), "{}", statements[1]);
        assert_eq!(squash(&tail.to_string()), format!("job.env({}usize)", 2 * MAX_CHAIN));
        let block = pretty(chain_expr("job", quote! { Job::new() }, calls(MAX_CHAIN + 1)));
        assert!(block.starts_with("{letjob=Job::new().env(0usize)"), "{block}");
        assert!(block.ends_with(&format!("job.env({}usize)}}", MAX_CHAIN)), "{block}");
    }

    #[test]
    fn needs_as_a_list_or_as_one_value_uses_its_builder() {
        let j = first_job("  a:\n    needs: [b, c]\n    runs-on: x\n");
        assert!(has(&j, r#"Job::new("x").needs("b").needs("c")"#), "{j}");
        let j = first_job("  a:\n    needs: b\n    runs-on: x\n");
        assert_eq!(j, squash(r#"Job::new("x").needs_one("b")"#));
    }

    #[test]
    fn runs_on_other_than_one_label_is_written_out() {
        let j = first_job("  a:\n    runs-on: [self-hosted, linux]\n");
        assert_eq!(j, squash(r#"NormalJob::on(["self-hosted", "linux"])"#));
        let j = first_job("  a:\n    runs-on: {group: big, labels: gpu}\n");
        assert_eq!(j, squash(r#"NormalJob::on(RunnerGroup::new().group("big").labels_one("gpu"))"#));
    }

    #[test]
    fn filters_use_builders_for_lists() {
        let w = Workflow::parse("on:\n  push:\n    branches: [main]\n    paths-ignore: [docs/**]\n  pull_request:\n    branches: main\njobs: {}\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let On::Map(t) = &w.on else { panic!("a mapping") };
        let calls = triggers(t, &mut Imports::new());
        let push = pretty(quote! { w #(#calls)* });
        assert!(
            has(&push, r#".on_push_with(PushFilter::new().branches(["main"]).paths_ignore(["docs/**"]))"#),
            "{push}"
        );
        assert!(has(&push, r#".on_pull_request_with(PullRequestFilter::new().branches_one("main"))"#), "{push}");
    }

    #[test]
    fn every_step_body() {
        assert_eq!(first_step("run: make"), squash(r#"Step::run("make")"#));
        assert_eq!(
            first_step("{run: make, shell: bash, name: Build}"),
            squash(r#"Step::run("make").name("Build").shell("bash")"#)
        );
        assert_eq!(first_step("{uses: a/b@v1, with: {k: 1}}"), squash(r#"Step::uses("a/b@v1").with("k", 1)"#));
        assert_eq!(first_step("wait: x"), squash(r#"Step::wait("x")"#));
        assert_eq!(first_step("wait: [x, y]"), squash(r#"Step::wait_for(["x", "y"])"#));
        assert_eq!(first_step("wait-all:"), squash("Step::wait_all()"));
        assert_eq!(first_step("cancel: x"), squash(r#"Step::cancel("x")"#));
        assert_eq!(first_step("parallel: [{run: a}]"), squash(r#"Step::parallel([Step::run("a")])"#));
        assert_eq!(first_step("{run: a, background: true}"), squash(r#"Step::run("a").background(true)"#));
        assert_eq!(first_step("{uses: a/b@v1, with: {}}"), squash(r#"Step::uses("a/b@v1").with_all(Env::new())"#));
    }

    #[test]
    fn uses_keeps_its_comment() {
        let sha = "3d3c42e5aac5ba805825da76410c181273ba90b1";
        let s = first_step(&format!("uses: someone/else@{sha} # v1"));
        assert_eq!(s, squash(&format!(r#"Step::uses(Uses::pinned("someone/else", "{sha}", "v1"))"#)));
        let s = first_step("uses: someone/else@main # tip");
        assert_eq!(s, squash(r#"Step::uses(Uses::new("someone/else@main").with_comment("tip"))"#));
    }

    #[test]
    fn matrix_rows_of_one_kind_are_bare_and_of_several_kinds_a_tuple() {
        let j = first_job(
            "  a:\n    runs-on: x\n    strategy:\n      matrix:\n        os: [a, b]\n        include: [{os: c, n: 1}]\n",
        );
        assert!(has(&j, r#"Matrix::new().axis("os", ["a", "b"]).include_row((("os", "c"), ("n", 1)))"#), "{j}");
    }

    #[test]
    fn containers_and_permissions() {
        let j = first_job(
            "  a:\n    runs-on: x\n    container: {image: node, ports: [80]}\n    permissions: {contents: read}\n",
        );
        assert!(has(&j, r#".permissions(Permissions::none().contents(Level::Read))"#), "{j}");
        assert!(has(&j, r#".container(Container::image("node").port(80))"#), "{j}");
        let j =
            first_job("  a:\n    runs-on: x\n    container: {image: node, volumes: [v]}\n    permissions: read-all\n");
        assert!(has(&j, r#".container(Container::image("node").volume("v"))"#), "{j}");
        assert!(has(&j, ".permissions(Permissions::read_all())"), "{j}");
    }

    #[test]
    fn health_check_flags_become_a_typed_health_check() {
        let j = first_job(
            "  a:\n    runs-on: x\n    services:\n      db:\n        image: pg\n        options: --cpus 1 --health-cmd \"pg_isready -U p\" --health-interval 10s --health-retries 5\n",
        );
        assert!(
            has(
                &j,
                r#".service("db", Container::image("pg").options("--cpus 1").health_check(HealthCheck::cmd("pg_isready -U p").interval(std::time::Duration::from_secs(10)).retries(5)))"#
            ),
            "{j}"
        );
        // Flags `HealthCheck` would write otherwise stay text.
        let j = first_job(
            "  a:\n    runs-on: x\n    services:\n      db:\n        image: pg\n        options: --health-cmd true --health-interval 1m\n",
        );
        assert!(has(&j, r#".options("--health-cmd true --health-interval 1m")"#), "{j}");
    }

    #[test]
    fn a_call_job_and_its_suppressions() {
        let j = first_job(
            "  # ci-model: allow(unpinned-uses): ours\n  a:\n    uses: o/r/.github/workflows/x.yml@main\n    with: {k: v}\n    secrets: inherit\n",
        );
        assert_eq!(
            j,
            squash(
                r#"Job::call("o/r/.github/workflows/x.yml@main").allow(Lint::UnpinnedUses, "ours").with("k", "v").secrets_inherit()"#
            )
        );
    }

    #[test]
    fn actions_of_every_kind_are_builders() {
        let a = Action::parse("name: x\nruns:\n  using: node24\n  main: i.js\n").unwrap_or_else(|e| panic!("{e}"));
        let t = pretty(action(&a, false, &mut Imports::new()));
        assert_eq!(t, squash(r#"Action::new(NodeRuns::new("node24").main("i.js")).name("x")"#));
        let a = Action::parse("name: x\nruns:\n  using: composite\n  steps: [{run: a, shell: bash}]\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let t = pretty(action(&a, false, &mut Imports::new()));
        assert_eq!(t, squash(r#"Action::composite("x", [Step::run("a").shell("bash")])"#));
    }

    #[test]
    fn comments_by_path() {
        let w =
            Workflow::parse("on: push # any\njobs:\n  a:\n    # where\n    runs-on: x\n    steps: [{run: y}]\n# end\n")
                .unwrap_or_else(|e| panic!("{e}"));
        let t = pretty(comments(&w.comments, &mut Imports::new()).unwrap_or_default());
        assert!(has(&t, r#"comments.insert_above(Path::of(["jobs", "a", "runs-on"]), "where");"#), "{t}");
        assert!(has(&t, r#"comments.insert_trailing(Path::of(["on"]), "any");"#), "{t}");
        assert!(has(&t, r#"comments.set_footer("end");"#), "{t}");
        let mut c = SourceComments::default();
        c.insert_above(Path::root().key("[0]").index(1), "odd key");
        let t = pretty(comments(&c, &mut Imports::new()).unwrap_or_default());
        assert!(has(&t, r#"comments.insert_above(Path::root().key("[0]").index(1), "odd key");"#), "{t}");
        assert!(!t.contains("Path::of("), "{t}");
        assert!(comments(&SourceComments::default(), &mut Imports::new()).is_none());
    }

    #[test]
    fn a_typed_step_imports_no_step() {
        let mut cx = Imports::new();
        let checkout = ci_model::actions::Checkout::new().persist_credentials(false).step();
        let t = pretty(super::step(&checkout, &mut cx));
        assert_eq!(t, squash("Checkout::new().persist_credentials(false).step()"));
        assert!(cx.model.is_empty(), "{:?}", cx.model);
        assert_eq!(cx.actions.iter().map(String::as_str).collect::<Vec<_>>(), ["Checkout"]);
    }

    #[test]
    fn what_is_used_is_imported() {
        let mut cx = Imports::new();
        let _ = first_step("run: a");
        let _ = super::step(&Step::run("a").name("${{ matrix.os }}"), &mut cx);
        assert_eq!(cx.model.iter().map(String::as_str).collect::<Vec<_>>(), ["Step", "ex"]);
    }
}
