//! The emitter of every record type (see [`crate::record`]), derived from
//! its declaration: the keys in declared order, then the keys the model does
//! not know.

use super::Node;
use super::lower::{Lower, MapBuilder};
use crate::record::{Kind, Named};
#[allow(clippy::wildcard_imports)] // the record types, whatever `records!` lists
use crate::*;

/// A record written into a mapping someone else opened: a union (see
/// [`crate::record`]) writes its tag, then the variant's keys.
trait LowerFields {
    /// The record's keys, in declared order, then its `extra`.
    fn lower_fields<'a>(&'a self, m: &mut MapBuilder<'a>);
}

macro_rules! lower_record {
    // A tagged union: the tag first, then the keys of the variant; a
    // variant chosen by its own key writes its keys only.
    (
        enum $name:ident : $tag:literal [$($topt:tt)*]
        { $( $vdoc:literal $var:ident ( $rec:ident ) = [$($value:literal),+] [$($held:ident)?], )+ }
        by { $( $kdoc:literal $kvar:ident ( $krec:ident ) = by $kfield:ident, )* }
    ) => {
        impl Lower for $name {
            fn lower(&self) -> Node<'_> {
                let mut m = MapBuilder::new();
                match self {
                    $(
                        $name::$var(r) => {
                            lower_record!(@tag m r $tag [$($value),+] [$($held)?]);
                            r.lower_fields(&mut m);
                        }
                    )+
                    $( $name::$kvar(r) => r.lower_fields(&mut m), )*
                }
                m.build()
            }
        }
    };
    (
        $name:ident : $expected:literal { $($decl:tt)* }
        also { $($plain:ident),* }
    ) => {
        impl LowerFields for $name {
            fn lower_fields<'a>(&'a self, m: &mut MapBuilder<'a>) {
                lower_record!(@puts m self {} $($decl)*);
                m.extra(&self.extra);
            }
        }

        impl Lower for $name {
            fn lower(&self) -> Node<'_> {
                let mut m = MapBuilder::new();
                self.lower_fields(&mut m);
                m.build()
            }
        }
    };
    (@tag $m:ident $r:ident $tag:literal [$value:literal $(, $more:literal)*] []) => { $m.put($tag, Node::str($value)); };
    (@tag $m:ident $r:ident $tag:literal [$($value:literal),+] [$held:ident]) => { $m.required($tag, &$r.$held); };
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
