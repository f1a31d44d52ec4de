//! The emitter of every record type (see [`crate::record`]), derived from
//! its declaration: the keys in declared order, then the keys the model does
//! not know.

use super::Node;
use super::lower::{Lower, MapBuilder};
use crate::record::{Kind, Named};
#[allow(clippy::wildcard_imports)] // the record types, whatever `records!` lists
use crate::*;

macro_rules! lower_record {
    (
        $name:ident : $expected:literal { $($decl:tt)* }
        also { $($plain:ident),* }
    ) => {
        impl Lower for $name {
            fn lower(&self) -> Node<'_> {
                let mut m = MapBuilder::new();
                lower_record!(@puts m self {} $($decl)*);
                m.extra(&self.extra).build()
            }
        }
    };
    // The fields in declared order; `{ .. }` holds what is written after
    // the next one (the second key of a `[kind]` field).
    (@puts $m:ident $s:ident { $($after:tt)* }) => { $($after)* };
    (@puts $m:ident $s:ident { $($after:tt)* } $field:ident : $ty:ty = $key:literal [kind $second:literal] $(, $($rest:tt)*)?) => {
        $($after)*
        match Kind::name(&$s.$field) {
            Some(Named::Known(name)) => { $m.put($key, Node::str(name)); }
            Some(Named::Other(written)) => { $m.put($key, Node::borrowed(written)); }
            None => {}
        }
        lower_record!(@puts $m $s {
            if let Some(detail) = Kind::detail(&$s.$field) {
                $m.field($second, detail);
            }
        } $($($rest)*)?);
    };
    (@puts $m:ident $s:ident { $($after:tt)* } $field:ident : $ty:ty = $key:literal [$($opt:tt)*] $(, $($rest:tt)*)?) => {
        lower_record!(@put $m $s $field $key [$($opt)*]);
        $($after)*
        lower_record!(@puts $m $s {} $($($rest)*)?);
    };
    (@put $m:ident $s:ident $field:ident $key:literal [required]) => { $m.required($key, &$s.$field); };
    (@put $m:ident $s:ident $field:ident $key:literal [filter]) => {
        match &$s.$field {
            Some(Filter::Only(p)) => { $m.required($key, p); }
            Some(Filter::Ignore(p)) => { $m.required(concat!($key, "-ignore"), p); }
            None => {}
        }
    };
    (@put $m:ident $s:ident $field:ident $key:literal [$($opt:ident)?]) => { $m.field($key, &$s.$field); };
    (@put $m:ident $s:ident $field:ident $key:literal [schema only]) => { $m.field($key, &$s.$field); };
    (@put $m:ident $s:ident $field:ident $key:literal [filter, schema only]) => {
        lower_record!(@put $m $s $field $key [filter])
    };
    (@put $m:ident $s:ident $field:ident $key:literal [required, commented]) => {
        let mut entry = $s.$field.entry($key);
        entry.trailing = $s.comment.as_deref();
        $m.entry(entry);
    };
    (@put $m:ident $s:ident $field:ident $key:literal [required = $hint:literal]) => { $m.required($key, &$s.$field); };
    (@put $m:ident $s:ident $field:ident $key:literal [section = $hint:literal]) => {
        let mut e = $s.$field.entry($key);
        e.blank_before = true;
        $m.entry(e);
    };
    (@put $m:ident $s:ident $field:ident $key:literal [needed = $hint:literal]) => { $m.field($key, &$s.$field); };
}

records!(lower_record);
