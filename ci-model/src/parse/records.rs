//! The parser of every record type (see [`crate::record`]), derived from its
//! declaration.

use super::raise::{Cx, Fields, Raise};
use crate::record::Kind;
#[allow(clippy::wildcard_imports)] // the record types, whatever `records!` lists
use crate::*;

/// A record read from the keys of a mapping someone else opened: a union
/// (see [`crate::record`]) takes its tag and hands the rest to a variant.
trait RaiseFields: Sized {
    /// The record's keys from `f`; the keys left over are its `extra`.
    fn raise_fields(f: Fields<'_>, cx: &mut Cx) -> Option<Self>;
}

macro_rules! raise_record {
    // A tagged union: the tag, then the keys of the variant it chooses;
    // without the tag, the first variant chosen by a key written.
    (
        enum $name:ident : $tag:literal [$($topt:tt)*]
        { $( $vdoc:literal $var:ident ( $rec:ident ) = [$($value:literal),+] [$($held:ident)?], )+ }
        by { $( $kdoc:literal $kvar:ident ( $krec:ident ) = by $kfield:ident, )* }
    ) => {
        impl Raise for $name {
            const EXPECTED: &'static str = concat!("a mapping with `", $tag, "`");
            fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
                let mut f = Fields::of(y, at, cx, Self::EXPECTED)?;
                $(
                    if !f.has($tag) && f.has(crate::key_of!($krec.$kfield)) {
                        return $krec::raise_fields(f, cx).map($name::$kvar);
                    }
                )*
                let tag: Scalar = f.req($tag, cx)?;
                match tag.as_str() {
                    $( raise_record!(@values [$($value),+] [$($held)?]) => raise_record!(@variant f cx tag $name $var $rec [$($held)?]), )+
                }
            }
        }
    };
    (
        $name:ident : $expected:literal { $( $field:ident : $ty:ty = $key:literal [$($opt:tt)*] ),* }
        also { $($plain:ident),* }
    ) => {
        impl RaiseFields for $name {
            fn raise_fields(mut f: Fields<'_>, cx: &mut Cx) -> Option<Self> {
                $( let $field = raise_record!(@take f cx $key [$($opt)*]); )*
                Some($name {
                    $( $plain: Default::default(), )*
                    $( $field: raise_record!(@value $field [$($opt)*]), )*
                    extra: f.rest(),
                })
            }
        }

        impl Raise for $name {
            const EXPECTED: &'static str = $expected;
            fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
                Self::raise_fields(Fields::of(y, at, cx, Self::EXPECTED)?, cx)
            }
        }
    };
    // The values that choose a variant; the one that holds its value takes
    // every value the others do not list.
    (@values [$($value:literal),+] []) => { $( Some($value) )|+ };
    (@values [$($value:literal),+] [$held:ident]) => { _ };
    (@variant $f:ident $cx:ident $tag:ident $name:ident $var:ident $rec:ident []) => {
        $rec::raise_fields($f, $cx).map($name::$var)
    };
    (@variant $f:ident $cx:ident $tag:ident $name:ident $var:ident $rec:ident [$held:ident]) => {
        $rec::raise_fields($f, $cx).map(|mut r| {
            r.$held = $tag;
            $name::$var(r)
        })
    };
    (@take $f:ident $cx:ident $key:literal [required]) => { $f.req($key, $cx) };
    (@take $f:ident $cx:ident $key:literal [filter]) => { take_filter(&mut $f, $key, concat!($key, "-ignore"), $cx) };
    (@take $f:ident $cx:ident $key:literal [$($opt:ident)?]) => { $f.opt($key, $cx) };
    (@take $f:ident $cx:ident $key:literal [schema only]) => { $f.opt($key, $cx) };
    (@take $f:ident $cx:ident $key:literal [filter, schema only]) => { raise_record!(@take $f $cx $key [filter]) };
    (@take $f:ident $cx:ident $key:literal [required, commented]) => { $f.req($key, $cx) };
    (@take $f:ident $cx:ident $key:literal [needed = $hint:literal]) => { $f.opt($key, $cx) };
    (@take $f:ident $cx:ident $key:literal [$opt:ident = $hint:literal]) => { $f.req($key, $cx) };
    // The second key is read only for the kinds that take it: for the
    // others it stays in `extra`, an unknown key.
    (@take $f:ident $cx:ident $key:literal [kind $second:literal]) => {{
        let name = $f.opt::<Scalar>($key, $cx);
        Kind::read(name, || $f.opt($second, $cx))
    }};
    (@value $field:ident [required]) => { $field? };
    (@value $field:ident [required, commented]) => { $field? };
    (@value $field:ident [needed = $hint:literal]) => { $field };
    (@value $field:ident [$opt:ident = $hint:literal]) => { $field? };
    (@value $field:ident [$($opt:tt)*]) => { $field };
}

/// Raises `key` or `ignore` (`branches` or `branches-ignore`); when both
/// are written the second stays in `extra` and validation reports the pair.
fn take_filter(f: &mut Fields<'_>, key: &str, ignore: &str, cx: &mut Cx) -> Option<Filter> {
    if f.has(key) {
        return f.opt(key, cx).map(Filter::Only);
    }
    f.opt(ignore, cx).map(Filter::Ignore)
}

records!(raise_record);
