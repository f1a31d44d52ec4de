//! The keys each record type knows (see [`crate::record`]), derived from its
//! declaration, for the unknown-key check.

#[allow(clippy::wildcard_imports)] // the record types, whatever `records!` lists
use crate::*;

/// The keys a record type reads, in declared order.
pub(crate) trait Known {
    const KEYS: &'static [&'static str];
}

macro_rules! known_keys {
    ($name:ident : $expected:literal { $( $field:ident : $ty:ty = $key:literal [$($opt:tt)*] ),* }) => {
        impl Known for $name {
            const KEYS: &'static [&'static str] = &[$($key),*];
        }
    };
}

records!(known_keys);
