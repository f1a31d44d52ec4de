//! The import of records derived from ci-model's declarations
//! (`ci_model::__records!`), so that a field added to such a record is
//! imported without a change here or in `code.rs`.
//!
//! A record whose every field has builder options (`{ set(Scalar) }`,
//! `{ list(String), one(types_one: String) }`, `{ only, ignore(..),
//! only_one(..), ignore_one(..) }`) and that starts from `new()` is written
//! with those builders (`@builders`): each field by its options, then its
//! unknown keys with `unknown_key`. A field whose options no arm reads
//! does not compile. The push and pull-request filters, the other event
//! filters, a call's secret, a runner group, branding, credentials and
//! `defaults.run` are derived so.
//!
//! The records no builder makes in the corpus or the model's forms (a
//! concurrency or container mapping written by hand in `code.rs` aside)
//! are written as struct literals ([`Literal`]), each field through
//! [`ImportValue`], chosen by the field's type: a field whose type has no
//! import does not compile. A record that implements `Default` is written
//! as the fields that differ from it; one that does not (it has a required
//! key) with every field. Today no imported file needs one; the records
//! with a constructor that takes their required keys (a job, a step, a
//! schedule, an input, an output) are written by hand in `code.rs`.

use std::marker::PhantomData;

#[allow(clippy::wildcard_imports)] // the record types, whatever `__records!` lists
use ci_model::*;
use indexmap::IndexMap;
use proc_macro2::TokenStream;
use quote::quote;

use super::code::{
    Build, Imports, StructLiteral, extra_calls, filter, filter_calls, ident, list_call, lit_or_expr, map, null_or,
    number_value, opt, vec_of,
};
use super::lit::{extra, scalar, scalar_arg, string, yaml};

/// A value as the argument of a `set(T)` builder (`impl Into<T>`).
trait BuilderArg {
    fn arg(&self, cx: &mut Imports) -> TokenStream;
}

impl BuilderArg for Scalar {
    fn arg(&self, cx: &mut Imports) -> TokenStream {
        scalar_arg(self, cx)
    }
}

impl BuilderArg for bool {
    fn arg(&self, _: &mut Imports) -> TokenStream {
        quote! { #self }
    }
}

/// A value as a Rust expression of its type.
pub(super) trait ImportValue {
    /// The expression.
    fn import(&self, cx: &mut Imports) -> TokenStream;

    /// Whether the value is its type's default, which a struct literal over
    /// `..Default::default()` leaves out.
    fn unset(&self) -> bool {
        false
    }
}

/// A record as a struct literal, derived from its declaration.
pub(super) trait Literal {
    /// The literal.
    fn literal(&self, cx: &mut Imports) -> TokenStream;
}

// ---------------------------------------------------------------- leaves

impl ImportValue for Scalar {
    fn import(&self, cx: &mut Imports) -> TokenStream {
        scalar(self, cx)
    }
}

impl ImportValue for String {
    fn import(&self, _: &mut Imports) -> TokenStream {
        string(self)
    }
}

impl ImportValue for bool {
    fn import(&self, _: &mut Imports) -> TokenStream {
        quote! { #self }
    }
}

impl ImportValue for Number {
    fn import(&self, cx: &mut Imports) -> TokenStream {
        number_value(self, cx)
    }
}

impl ImportValue for Yaml {
    fn import(&self, cx: &mut Imports) -> TokenStream {
        yaml(self, cx)
    }
}

impl ImportValue for Filter {
    fn import(&self, cx: &mut Imports) -> TokenStream {
        filter(self, cx)
    }
}

impl<T: ImportValue> ImportValue for Option<T> {
    fn import(&self, cx: &mut Imports) -> TokenStream {
        opt(self, |t| t.import(cx))
    }

    fn unset(&self) -> bool {
        self.is_none()
    }
}

impl<T: ImportValue> ImportValue for Vec<T> {
    fn import(&self, cx: &mut Imports) -> TokenStream {
        vec_of(self, |t| t.import(cx))
    }

    fn unset(&self) -> bool {
        self.is_empty()
    }
}

impl<T: ImportValue> ImportValue for OneOrMany<T> {
    fn import(&self, cx: &mut Imports) -> TokenStream {
        let ty = cx.ty("OneOrMany");
        match self {
            OneOrMany::One(t) => {
                let t = t.import(cx);
                quote! { #ty::One(#t) }
            }
            OneOrMany::Many(items) => {
                let items = items.import(cx);
                quote! { #ty::Many(#items) }
            }
        }
    }
}

/// A map such as `env:` (`Default::default()` when empty). The `extra` of
/// a record, the same type, is written by [`extra`] (`Extra::new()`).
impl<T: ImportValue> ImportValue for IndexMap<String, T> {
    fn import(&self, cx: &mut Imports) -> TokenStream {
        map(self.iter(), |t| t.import(cx))
    }

    fn unset(&self) -> bool {
        self.is_empty()
    }
}

impl<T: ImportValue> ImportValue for NullOr<T> {
    fn import(&self, cx: &mut Imports) -> TokenStream {
        null_or(self, cx, |t, cx| t.import(cx))
    }
}

impl<T: ImportValue> ImportValue for LitOrExpr<T> {
    fn import(&self, cx: &mut Imports) -> TokenStream {
        lit_or_expr(self, cx, |t, cx| t.import(cx))
    }
}

// ---------------------------------------------------------------- records

/// Whether `T` implements `Default`: the inherent constant where it does,
/// the trait's otherwise (an inherent item is looked up first, and only
/// where its bounds hold).
struct Probe<T>(PhantomData<T>);

trait NoDefault {
    const DEFAULT: bool = false;
}

impl<T> NoDefault for Probe<T> {}

impl<T: Default> Probe<T> {
    const DEFAULT: bool = true;
}

/// The callback of `ci_model::__records!`: for every record not written by
/// hand, its [`Literal`] and (unless a builder is chosen by hand) its
/// [`ImportValue`].
macro_rules! derive_import {
    // Tagged unions: `runs` in `code.rs` (four variants, two derived).
    (enum $($union:tt)*) => {};
    ($name:ident : $expected:literal $fields:tt also $also:tt) => {
        derive_import!(@pick $name [$name $fields also $also]);
    };
    // Written by hand in `code.rs`, with builders where they make the same
    // value: the file, jobs, filters with list builders, inputs, schedules,
    // strategies.
    (@pick Workflow $decl:tt) => {};
    (@pick Action $decl:tt) => {};
    (@pick NormalJob $decl:tt) => {};
    (@pick CallJob $decl:tt) => {};
    (@pick Cron $decl:tt) => {};
    (@pick DispatchInput $decl:tt) => {};
    (@pick WorkflowDispatch $decl:tt) => {};
    (@pick CallInput $decl:tt) => {};
    (@pick Strategy $decl:tt) => {};
    (@pick WorkflowCall $decl:tt) => {};
    (@pick CallOutput $decl:tt) => {};
    (@pick ActionOutput $decl:tt) => {};
    (@pick NodeRuns $decl:tt) => {};
    (@pick PluginRuns $decl:tt) => {};
    (@pick EnvironmentSpec $decl:tt) => {};
    // Written by hand in `code.rs` for the generated source to stay as it
    // was: a Docker action's fields in another order than declared, a
    // composite action's every field although it has `Default`.
    (@pick DockerRuns $decl:tt) => {};
    (@pick CompositeRuns $decl:tt) => {};
    // The literal where `code.rs` finds no builder that fits.
    (@pick Defaults $decl:tt) => {};
    (@pick Activity $decl:tt) => {};
    (@pick ActionInput $decl:tt) => {};
    // Written with the builders their declaration lists, derived below:
    // records with `new()` whose every field has a builder option.
    (@pick PushFilter $decl:tt) => { derive_import!(@builders $decl); };
    (@pick PullRequestFilter $decl:tt) => { derive_import!(@builders $decl); };
    (@pick MergeGroupFilter $decl:tt) => { derive_import!(@builders $decl); };
    (@pick WorkflowRunFilter $decl:tt) => { derive_import!(@builders $decl); };
    (@pick ImageVersionFilter $decl:tt) => { derive_import!(@builders $decl); };
    (@pick CallSecret $decl:tt) => { derive_import!(@builders $decl); };
    (@pick RunnerGroup $decl:tt) => { derive_import!(@builders $decl); };
    (@pick Branding $decl:tt) => { derive_import!(@builders $decl); };
    (@pick RunDefaults $decl:tt) => { derive_import!(@builders $decl); };
    (@pick Credentials $decl:tt) => { derive_import!(@builders $decl); };
    // Every other record: its literal.
    (@pick $name:ident $decl:tt) => {
        derive_import!(@literal $decl);

        impl ImportValue for $name {
            fn import(&self, cx: &mut Imports) -> TokenStream {
                self.literal(cx)
            }
        }
    };
    (@builders [$name:ident { $($field:ident : $ty:ty = $key:literal [$($opt:tt)*] { $($build:tt)* }),* } also {}]) => {
        impl ImportValue for $name {
            fn import(&self, cx: &mut Imports) -> TokenStream {
                let ty = cx.ty(stringify!($name));
                let mut b = Build::new(stringify!($name), quote! { #ty::new() });
                $( derive_import!(@calls self b cx $field [$($build)*]); )*
                extra_calls(&self.extra, &mut b, cx);
                b.finish()
            }
        }
    };
    // One field through its builder options (a field with none, or with
    // options no arm reads, does not compile).
    (@calls $s:ident $b:ident $cx:ident $field:ident [set($t:ty)]) => {
        if let Some(v) = &$s.$field {
            let (method, v) = (ident(stringify!($field)), BuilderArg::arg(v, $cx));
            $b.call(quote! { .#method(#v) });
        }
    };
    (@calls $s:ident $b:ident $cx:ident $field:ident [list($t:ty), one($one:ident : $t1:ty)]) => {
        list_call(&$s.$field, stringify!($field), stringify!($one), &mut $b, $cx);
    };
    (@calls $s:ident $b:ident $cx:ident $field:ident [only, ignore($ignore:ident), only_one($only_one:ident), ignore_one($ignore_one:ident)]) => {
        filter_calls(
            &$s.$field,
            [stringify!($field), stringify!($ignore), stringify!($only_one), stringify!($ignore_one)],
            &mut $b,
            $cx,
        );
    };
    (@calls $s:ident $b:ident $cx:ident $field:ident [$($other:tt)*]) => {
        compile_error!(concat!("derive_import: no builder import for `", stringify!($field), "` { ", stringify!($($other)*), " }"));
    };
    (@literal [$name:ident { $($field:ident : $ty:ty = $key:literal [$($opt:tt)*] $({ $($build:tt)* })?),* } also { $($plain:ident $({ $($pbuild:tt)* })?),* }]) => {
        impl Literal for $name {
            fn literal(&self, cx: &mut Imports) -> TokenStream {
                let ty = cx.ty(stringify!($name));
                let names = [$(stringify!($plain),)* $(stringify!($field),)* "extra"];
                let sparse = Probe::<$name>::DEFAULT;
                let mut s = StructLiteral::new(quote! { #ty }, names.len());
                $( s.set(!sparse || !self.$plain.unset(), stringify!($plain), || self.$plain.import(cx)); )*
                $( s.set(!sparse || !self.$field.unset(), stringify!($field), || self.$field.import(cx)); )*
                s.set(!sparse || !self.extra.is_empty(), "extra", || extra(&self.extra, cx));
                s.finish()
            }
        }
    };
}

ci_model::__records!(derive_import);

#[cfg(test)]
mod tests {
    use super::*;

    /// The literal as its tokens, without spaces.
    fn text(t: TokenStream) -> String {
        t.to_string().replace(' ', "")
    }

    /// A record with `Default`, declared as `__records!` hands one over:
    /// `added` stands for a key added to a declaration, which the derive
    /// writes with nothing spelled for it here or in `code.rs`.
    #[derive(Default)]
    struct Sample {
        note: Option<String>,
        types: Option<OneOrMany<String>>,
        added: Option<LitOrExpr<bool>>,
        extra: Extra,
    }

    derive_import! {
        Sample : "a mapping" {
            types : Option<OneOrMany<String>> = "types" [],
            added : Option<LitOrExpr<bool>> = "added" [filter, schema only]
        } also { note }
    }

    /// One without `Default` (a required key): every field is written.
    struct Required {
        name: Scalar,
        url: Option<Scalar>,
        extra: Extra,
    }

    derive_import! {
        Required : "a mapping with `name`" {
            name : Scalar = "name" [required = "add it"],
            url : Option<Scalar> = "url" []
        } also {}
    }

    #[test]
    fn a_record_with_default_is_written_as_the_fields_set() {
        let mut cx = Imports::new();
        assert_eq!(text(Sample::default().literal(&mut cx)), "Sample::default()");
        let s = Sample { added: Some(LitOrExpr::Lit(true)), ..Sample::default() };
        assert_eq!(text(s.import(&mut cx)), "Sample{added:Some(LitOrExpr::Lit(true)),..Default::default()}");
        let s = Sample {
            note: Some("n".into()),
            types: Some(OneOrMany::One("a".into())),
            added: None,
            extra: [("x".to_owned(), Yaml::from(1))].into_iter().collect(),
        };
        assert_eq!(
            text(s.literal(&mut cx)),
            "Sample{note:Some(\"n\".to_owned()),types:Some(OneOrMany::One(\"a\".to_owned())),\
             extra:[(\"x\".to_owned(),Yaml::from(1))].into_iter().collect(),..Default::default()}"
        );
        assert_eq!(
            cx.model.iter().map(String::as_str).collect::<Vec<_>>(),
            ["LitOrExpr", "OneOrMany", "Sample", "Yaml"]
        );
    }

    /// A record whose every field has builder options is written with
    /// them, each field by its options, derived from the declaration.
    #[test]
    fn a_record_of_builders_is_written_with_them() {
        let mut cx = Imports::new();
        let c = Credentials::new().username("u").unknown_key("x-note", 1);
        assert_eq!(text(c.import(&mut cx)), "Credentials::new().username(\"u\").unknown_key(\"x-note\",1)");
        let f = MergeGroupFilter::new().types(["checks_requested"]).branches_ignore_one("wip");
        assert_eq!(
            text(f.import(&mut cx)),
            "MergeGroupFilter::new().types([\"checks_requested\"]).branches_ignore_one(\"wip\")"
        );
        let g = RunnerGroup::new().group("big").labels_one("gpu");
        assert_eq!(text(g.import(&mut cx)), "RunnerGroup::new().group(\"big\").labels_one(\"gpu\")");
        assert_eq!(text(CallSecret::new().required(true).import(&mut cx)), "CallSecret::new().required(true)");
    }

    #[test]
    fn a_record_without_default_is_written_with_every_field() {
        let r = Required { name: "prod".into(), url: None, extra: Extra::new() };
        assert_eq!(text(r.literal(&mut Imports::new())), "Required{name:\"prod\".into(),url:None,extra:Extra::new()}");
    }

    #[test]
    fn model_records_follow_their_declaration() {
        let mut cx = Imports::new();
        let s = ConcurrencySpec {
            group: "g".into(),
            cancel_in_progress: None,
            queue: Some("max".into()),
            extra: Extra::new(),
        };
        assert_eq!(
            text(NullOr::Value(s).import(&mut cx)),
            "NullOr::Value(ConcurrencySpec{group:\"g\".into(),cancel_in_progress:None,queue:Some(\"max\".into()),extra:Extra::new()})"
        );
        let n =
            SnapshotSpec { image_name: "i".into(), r#if: Some("always()".into()), version: None, extra: Extra::new() };
        assert_eq!(
            text(n.import(&mut cx)),
            "SnapshotSpec{image_name:\"i\".into(),r#if:Some(\"always()\".into()),version:None,extra:Extra::new()}"
        );
    }
}
