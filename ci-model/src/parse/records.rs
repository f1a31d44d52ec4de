//! The parser of every record type (see [`crate::record`]), derived from its
//! declaration.

use super::raise::{Cx, Fields, Raise};
#[allow(clippy::wildcard_imports)] // the record types, whatever `records!` lists
use crate::*;

macro_rules! raise_record {
    ($name:ident : $expected:literal { $( $field:ident : $ty:ty = $key:literal [$($opt:tt)*] ),* }) => {
        impl Raise for $name {
            const EXPECTED: &'static str = $expected;
            fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
                let mut f = Fields::of(y, at, cx, Self::EXPECTED)?;
                $( let $field = raise_record!(@take f cx $key [$($opt)*]); )*
                Some($name { $( $field: raise_record!(@value $field [$($opt)*]), )* extra: f.rest() })
            }
        }
    };
    (@take $f:ident $cx:ident $key:literal [required]) => { $f.req($key, $cx) };
    (@take $f:ident $cx:ident $key:literal []) => { $f.opt($key, $cx) };
    (@value $field:ident [required]) => { $field? };
    (@value $field:ident []) => { $field };
}

records!(raise_record);
