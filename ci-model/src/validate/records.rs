//! The key checks of every record type (see [`crate::record`]), derived
//! from its declaration: unknown and shadowed keys, exclusive filter pairs,
//! numbers that must be positive.

use super::{V, exclusive_filter, positive, unknown_value};
use crate::diagnostic::Problem;
use crate::path::At;
use crate::record::{Kind, Named};
#[allow(clippy::wildcard_imports)] // the record types, whatever `records!` lists
use crate::*;

/// What validation derives from a record's declaration.
pub(crate) trait Known {
    /// The keys the record reads, in declared order (a filter's both forms).
    const KEYS: &'static [&'static str];

    /// Reports the keys of `self.extra` the record does not know (or that
    /// repeat one it does), filter pairs written together and numbers that
    /// must be above zero.
    fn check_keys(&self, v: &mut V, at: &At<'_>);
}

/// The names a kind GitHub defines ([`Kind::NAMES`]), for a value of it.
fn names_of<K: Kind>(_: &K) -> &'static [&'static str] {
    K::NAMES
}

macro_rules! known_keys {
    (
        $name:ident : $expected:literal { $( $field:ident : $ty:ty = $key:literal [$($opt:tt)*] ),* }
        also { $($plain:ident),* }
    ) => {
        impl Known for $name {
            const KEYS: &'static [&'static str] = known_keys!(@keys [] $( $key [$($opt)*] )*);
            fn check_keys(&self, v: &mut V, at: &At<'_>) {
                const PAIRS: &[(&str, &str)] = known_keys!(@pairs [] $( $key [$($opt)*] )*);
                for (key, ignore) in PAIRS {
                    exclusive_filter(v, at, &self.extra, key, ignore);
                }
                // The second key of a pair is reported as the pair above,
                // not again as a shadowed key.
                let skip: Vec<&str> = PAIRS.iter().map(|(_, ignore)| *ignore).collect();
                // The second key of a `[kind]` field, for the kinds that take it.
                #[allow(unused_mut)] // most records have no `[kind]` field
                let mut keys = std::borrow::Cow::Borrowed(Self::KEYS);
                $( known_keys!(@allow keys self $field [$($opt)*]); )*
                v.extra(at, &self.extra, &keys, &skip);
                $( known_keys!(@check v at self $field $key [$($opt)*]); )*
            }
        }
    };
    (@keys [$($done:tt)*]) => { &[$($done)*] };
    (@keys [$($done:tt)*] $key:literal [filter] $($rest:tt)*) => {
        known_keys!(@keys [$($done)* $key, concat!($key, "-ignore"),] $($rest)*)
    };
    (@keys [$($done:tt)*] $key:literal [$($opt:ident)?] $($rest:tt)*) => {
        known_keys!(@keys [$($done)* $key,] $($rest)*)
    };
    (@keys [$($done:tt)*] $key:literal [required, commented] $($rest:tt)*) => {
        known_keys!(@keys [$($done)* $key,] $($rest)*)
    };
    (@keys [$($done:tt)*] $key:literal [kind $second:literal] $($rest:tt)*) => {
        known_keys!(@keys [$($done)* $key,] $($rest)*)
    };
    // GitHub's parser rejects the key: it is not offered as a known one.
    (@keys [$($done:tt)*] $key:literal [$(filter,)? schema only] $($rest:tt)*) => {
        known_keys!(@keys [$($done)*] $($rest)*)
    };
    (@pairs [$($done:tt)*]) => { &[$($done)*] };
    (@pairs [$($done:tt)*] $key:literal [filter] $($rest:tt)*) => {
        known_keys!(@pairs [$($done)* ($key, concat!($key, "-ignore")),] $($rest)*)
    };
    (@pairs [$($done:tt)*] $key:literal [$($opt:tt)*] $($rest:tt)*) => {
        known_keys!(@pairs [$($done)*] $($rest)*)
    };
    (@allow $keys:ident $s:ident $field:ident [kind $second:literal]) => {
        if Kind::detail(&$s.$field).is_some() {
            $keys.to_mut().push($second);
        }
    };
    (@allow $keys:ident $s:ident $field:ident [$($opt:tt)*]) => {};
    (@check $v:ident $at:ident $s:ident $field:ident $key:literal [kind $second:literal]) => {
        if let Some(Named::Other(written)) = Kind::name(&$s.$field) {
            unknown_value($v, &$at.key($key), &written.to_text(), names_of(&$s.$field));
        }
        if let Some(None) = Kind::detail(&$s.$field) {
            $v.missing($at, $second, &$s.extra);
        }
    };
    (@check $v:ident $at:ident $s:ident $field:ident $key:literal [positive]) => { positive($v, $at, $key, &$s.$field); };
    (@check $v:ident $at:ident $s:ident $field:ident $key:literal [$($opt:ident)?]) => {};
    (@check $v:ident $at:ident $s:ident $field:ident $key:literal [required, commented]) => {};
    (@check $v:ident $at:ident $s:ident $field:ident $key:literal [schema only]) => {
        if $s.$field.is_some() {
            $v.push(*$at, Problem::SchemaOnlyKey { key: $key.to_owned() });
        }
    };
    (@check $v:ident $at:ident $s:ident $field:ident $key:literal [filter, schema only]) => {
        match &$s.$field {
            Some(Filter::Only(_)) => $v.push(*$at, Problem::SchemaOnlyKey { key: $key.to_owned() }),
            Some(Filter::Ignore(_)) => $v.push(*$at, Problem::SchemaOnlyKey { key: concat!($key, "-ignore").to_owned() }),
            None => {}
        }
    };
}

records!(known_keys);
