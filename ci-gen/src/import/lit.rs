//! Literals: strings (raw when they span lines), numbers, scalars and YAML
//! values, each as a Rust expression that converts into the same model value.

use std::str::FromStr;

use ci_model::{Number, Scalar, Yaml};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::code::Imports;

/// A string literal: raw (`r#"..."#`, with as many `#` as it needs) when the
/// text spans lines or holds quotes or backslashes, so a script reads as it
/// does in the YAML; escaped otherwise, or when it holds a character a raw
/// string cannot (a carriage return or another control character).
pub(crate) fn str_lit(s: &str) -> TokenStream {
    let raw_worthy = s.contains('\n') || s.contains('"') || s.contains('\\');
    // Bidirectional controls would trip rustc's `text_direction_codepoint_in_literal`.
    let raw_safe = !s.chars().any(|c| {
        (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    });
    if raw_worthy && raw_safe {
        let hashes = "#".repeat(hashes_needed(s));
        if let Ok(lit) = Literal::from_str(&format!("r{hashes}\"{s}\"{hashes}")) {
            return quote! { #lit };
        }
    }
    let lit = Literal::string(s);
    quote! { #lit }
}

/// How many `#` a raw string needs so that no `"#...` inside ends it early.
fn hashes_needed(s: &str) -> usize {
    let mut need = 0;
    let bytes = s.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'"' {
            let run = bytes[i + 1..].iter().take_while(|c| **c == b'#').count();
            need = need.max(run + 1);
        }
    }
    // `r"..."` reads poorly next to `"` inside; one `#` is the usual form.
    need.max(1)
}

/// An integer or float literal for a [`Number`] that converts back into the
/// same number: integers unsuffixed where `i32` holds them (the type an
/// unconstrained literal takes), suffixed otherwise; floats in their shortest
/// exact form, with `f64::INFINITY`, `f64::NAN` for the others.
pub(crate) fn number(n: &Number) -> TokenStream {
    if n.is_float() {
        let f = n.as_f64();
        if f.is_nan() {
            return quote! { f64::NAN };
        }
        if f.is_infinite() {
            return if f > 0.0 {
                quote! { f64::INFINITY }
            } else {
                quote! { f64::NEG_INFINITY }
            };
        }
        let text = format!("{:?}", f.abs());
        let lit = Literal::from_str(&text).unwrap_or_else(|_| Literal::f64_unsuffixed(f.abs()));
        return if f.is_sign_negative() {
            quote! { -#lit }
        } else {
            quote! { #lit }
        };
    }
    if let Some(u) = n.as_u64() {
        return if u <= i32::MAX as u64 {
            let lit = Literal::u64_unsuffixed(u);
            quote! { #lit }
        } else if u <= i64::MAX as u64 {
            let lit = Literal::u64_unsuffixed(u);
            let lit = Literal::from_str(&format!("{lit}_i64")).unwrap_or(lit);
            quote! { #lit }
        } else {
            let lit = Literal::u64_suffixed(u);
            quote! { #lit }
        };
    }
    match n.as_i64() {
        Some(i64::MIN) => quote! { i64::MIN },
        Some(i) => {
            let abs = i.unsigned_abs();
            let lit = if abs <= i32::MAX as u64 {
                Literal::u64_unsuffixed(abs)
            } else {
                Literal::from_str(&format!("{abs}_i64")).unwrap_or(Literal::u64_unsuffixed(abs))
            };
            quote! { -#lit }
        }
        None => quote! { 0 },
    }
}

/// An expression that converts (`impl Into<Scalar>`) into `s`: a string
/// literal or a typed expression, `true`, a number, or `Scalar::Null`.
pub(crate) fn scalar_arg(s: &Scalar, cx: &mut Imports) -> TokenStream {
    match s {
        Scalar::String(text) => super::expr::string_arg(text, cx),
        Scalar::Bool(b) => quote! { #b },
        Scalar::Number(n) => number(n),
        Scalar::Null => {
            let scalar = cx.ty("Scalar");
            quote! { #scalar::Null }
        }
    }
}

/// [`scalar_arg`] with strings as string literals, for what converts into
/// `Yaml` (which an `E` does not).
fn plain_scalar_arg(s: &Scalar, cx: &mut Imports) -> TokenStream {
    match s {
        Scalar::String(text) => str_lit(text),
        other => scalar_arg(other, cx),
    }
}

/// A `Scalar` value for a field of that type: `"x".into()`, `3.into()`, and
/// `Scalar::from(-3)` where `-3.into()` would negate the converted value.
pub(crate) fn scalar(s: &Scalar, cx: &mut Imports) -> TokenStream {
    match s {
        Scalar::Null => scalar_arg(s, cx),
        Scalar::Number(n) if n.as_f64().is_sign_negative() || n.as_f64().is_nan() => {
            let ty = cx.ty("Scalar");
            let v = number(n);
            quote! { #ty::from(#v) }
        }
        _ => {
            let v = scalar_arg(s, cx);
            quote! { #v.into() }
        }
    }
}

/// A `String` value.
pub(crate) fn string(s: &str) -> TokenStream {
    let lit = str_lit(s);
    quote! { #lit.to_owned() }
}

/// A `Vec` of these items: `vec![...]` for short, flat items, and
/// `Vec::from([...])` for the others, which prettyplease lays out (it
/// prints a macro's tokens as they come).
pub(crate) fn vec_lit(items: Vec<TokenStream>) -> TokenStream {
    if items.is_empty() {
        return quote! { Vec::new() };
    }
    let texts: Vec<String> = items.iter().map(|t| t.to_string().replace(' ', "")).collect();
    let flat = texts.iter().all(|t| !t.contains('{')) && texts.iter().map(String::len).sum::<usize>() <= 72;
    if flat {
        quote! { vec![#(#items),*] }
    } else {
        quote! { Vec::from([#(#items),*]) }
    }
}

/// How many levels of a nested value one expression holds at most: a
/// deeper value (YAML nests up to 128 levels) binds each subtree this high
/// to a local first, `{ let value1 = ..; Yaml::map([("a", value1)]) }`, so
/// that the expression syn, prettyplease and `Drop` walk recursively stays
/// shallow. Values this shallow (every real file's) are one expression.
pub(crate) const MAX_NESTING: usize = 8;

/// The locals a deep value is built in, and how the next one is named.
pub(crate) struct Spill {
    prefix: &'static str,
    lets: Vec<TokenStream>,
}

impl Spill {
    /// No locals yet; each will be named `<prefix><n>`.
    pub(crate) fn new(prefix: &'static str) -> Self {
        Spill { prefix, lets: Vec::new() }
    }

    /// `value`, a subtree `height` levels high: bound to a local (and the
    /// local returned) when the height is a multiple of [`MAX_NESTING`].
    pub(crate) fn bind(&mut self, value: TokenStream, height: usize) -> TokenStream {
        if !height.is_multiple_of(MAX_NESTING) {
            return value;
        }
        let name = quote::format_ident!("{}{}", self.prefix, self.lets.len() + 1);
        self.lets.push(quote! { let #name = #value; });
        quote! { #name }
    }

    /// `value` after the locals it uses: itself when there are none, a block otherwise.
    pub(crate) fn finish(self, value: TokenStream) -> TokenStream {
        let lets = self.lets;
        if lets.is_empty() {
            value
        } else {
            quote! { { #(#lets)* #value } }
        }
    }
}

/// A `Yaml` value.
pub(crate) fn yaml(y: &Yaml, cx: &mut Imports) -> TokenStream {
    let mut spill = Spill::new("value");
    let (value, _) = nested_yaml(y, cx, &mut spill);
    spill.finish(value)
}

/// A `Yaml` value and its height (1 for a scalar), its deep subtrees bound
/// in `spill`.
fn nested_yaml(y: &Yaml, cx: &mut Imports, spill: &mut Spill) -> (TokenStream, usize) {
    let ty = cx.ty("Yaml");
    let mut child = |v: &Yaml, cx: &mut Imports, height: &mut usize| {
        let (v, h) = nested_yaml(v, cx, spill);
        *height = (*height).max(h + 1);
        spill.bind(v, h)
    };
    let mut height = 1;
    let value = match y {
        Yaml::Scalar(Scalar::Null) => {
            let scalar = cx.ty("Scalar");
            quote! { #ty::Scalar(#scalar::Null) }
        }
        Yaml::Scalar(s) => {
            let v = plain_scalar_arg(s, cx);
            quote! { #ty::from(#v) }
        }
        Yaml::Seq(items) => {
            let items = vec_lit(items.iter().map(|i| child(i, cx, &mut height)).collect());
            quote! { #ty::Seq(#items) }
        }
        Yaml::Map(m) if m.is_empty() => {
            let extra = cx.ty("Extra");
            quote! { #ty::Map(#extra::new()) }
        }
        Yaml::Map(m) => {
            let entries: Vec<TokenStream> = m
                .iter()
                .map(|(k, v)| {
                    let k = str_lit(k);
                    let v = child(v, cx, &mut height);
                    quote! { (#k, #v) }
                })
                .collect();
            quote! { #ty::map([#(#entries),*]) }
        }
    };
    (value, height)
}

/// An argument for `impl Into<Yaml>`: a bare literal for a scalar.
pub(crate) fn yaml_arg(y: &Yaml, cx: &mut Imports) -> TokenStream {
    match y {
        Yaml::Scalar(s) if !matches!(s, Scalar::Null) => plain_scalar_arg(s, cx),
        y => yaml(y, cx),
    }
}

/// Items for a homogeneous array that a builder taking
/// `impl IntoIterator<Item = T>` with `T: Into<Yaml>` accepts: bare literals
/// when every value is a scalar of one kind (then `true` is returned too),
/// `Yaml` values otherwise.
pub(crate) fn yaml_items(values: &[Yaml], cx: &mut Imports) -> (Vec<TokenStream>, bool) {
    if one_kind(values) {
        (values.iter().filter_map(|v| v.as_scalar()).map(|s| plain_scalar_arg(s, cx)).collect(), true)
    } else {
        (values.iter().map(|v| yaml(v, cx)).collect(), false)
    }
}

/// Whether `values` are scalars of one kind, each written as a bare
/// literal (what [`yaml_items`] writes without `Yaml`).
pub(crate) fn one_kind(values: &[Yaml]) -> bool {
    let kind = |y: &Yaml| match y {
        Yaml::Scalar(Scalar::String(_)) => 1,
        Yaml::Scalar(Scalar::Bool(_)) => 2,
        Yaml::Scalar(Scalar::Number(n)) if !n.is_float() && n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()) => 3,
        Yaml::Scalar(Scalar::Number(n)) if n.is_float() && n.as_f64().is_finite() => 4,
        _ => 0,
    };
    let first = values.first().map_or(0, kind);
    first != 0 && values.iter().all(|v| kind(v) == first)
}

/// An `Extra` (or any `IndexMap<String, Yaml>`) value.
pub(crate) fn extra(m: &ci_model::Extra, cx: &mut Imports) -> TokenStream {
    if m.is_empty() {
        let ty = cx.ty("Extra");
        return quote! { #ty::new() };
    }
    let entries: Vec<TokenStream> = m
        .iter()
        .map(|(k, v)| {
            let k = string(k);
            let v = yaml(v, cx);
            quote! { (#k, #v) }
        })
        .collect();
    quote! { [#(#entries),*].into_iter().collect() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: TokenStream) -> String {
        t.to_string()
    }

    #[test]
    fn strings_are_raw_when_they_span_lines() {
        assert_eq!(text(str_lit("echo hi")), "\"echo hi\"");
        assert_eq!(text(str_lit("a\nb\n")), "r#\"a\nb\n\"#");
        assert_eq!(text(str_lit("say \"#hi\"\n")), "r##\"say \"#hi\"\n\"##");
        assert_eq!(text(str_lit("C:\\path")), "r#\"C:\\path\"#");
        // A carriage return cannot be written in a raw string.
        assert_eq!(text(str_lit("a\r\nb")), "\"a\\r\\nb\"");
    }

    #[test]
    fn numbers_read_back_as_the_same_number() {
        assert_eq!(text(number(&Number::from(3))), "3");
        assert_eq!(text(number(&Number::from(-3))), "- 3");
        assert_eq!(text(number(&Number::from(3_000_000_000_u64))), "3000000000_i64");
        assert_eq!(text(number(&Number::from(u64::MAX))), "18446744073709551615u64");
        assert_eq!(text(number(&Number::from(-3_000_000_000_i64))), "- 3000000000_i64");
        assert_eq!(text(number(&Number::from(3.0))), "3.0");
        assert_eq!(text(number(&Number::from(3.1))), "3.1");
        assert_eq!(text(number(&Number::from(1e-7))), "1e-7");
        assert_eq!(text(number(&Number::from(-0.0))), "- 0.0");
        assert_eq!(text(number(&Number::from(f64::NAN))), "f64 :: NAN");
        assert_eq!(text(number(&Number::from(f64::NEG_INFINITY))), "f64 :: NEG_INFINITY");
    }

    #[test]
    fn negative_numbers_convert_before_they_negate() {
        let mut cx = Imports::new();
        assert_eq!(text(scalar(&Scalar::from(-3), &mut cx)), "Scalar :: from (- 3)");
        assert_eq!(text(scalar(&Scalar::from(-0.0), &mut cx)), "Scalar :: from (- 0.0)");
        assert_eq!(text(scalar(&Scalar::from(3), &mut cx)), "3 . into ()");
    }

    #[test]
    fn yaml_values() {
        let mut cx = Imports::new();
        let y = Yaml::map([("a", Yaml::seq([1, 2])), ("b", Yaml::Scalar(Scalar::Null))]);
        assert_eq!(
            text(yaml(&y, &mut cx)),
            "Yaml :: map ([(\"a\" , Yaml :: Seq (vec ! [Yaml :: from (1) , Yaml :: from (2)])) , (\"b\" , Yaml :: Scalar (Scalar :: Null))])"
        );
        let (items, _) = yaml_items(&[Yaml::from("a"), Yaml::from("b")], &mut cx);
        assert_eq!(items.iter().map(|t| t.to_string()).collect::<Vec<_>>(), ["\"a\"", "\"b\""]);
        let (mixed, bare) = yaml_items(&[Yaml::from("a"), Yaml::from(1)], &mut cx);
        assert!(!bare);
        assert_eq!(mixed[1].to_string(), "Yaml :: from (1)");
    }
}
