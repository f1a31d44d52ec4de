//! The key checks of every record type (see [`crate::record`]), derived
//! from its declaration: unknown and shadowed keys, exclusive filter pairs,
//! numbers that must be positive.

use super::{V, exclusive_filter, positive, unknown_value};
use crate::diagnostic::{Names, Problem, Suggestion, closest};
use crate::path::At;
use crate::record::{Kind, Named};
#[allow(clippy::wildcard_imports)] // the record types, whatever `records!` lists
use crate::*;

/// What validation derives from a record's declaration.
pub(crate) trait Known {
    /// The keys the record reads, in declared order (a filter's both forms).
    const KEYS: &'static [&'static str];

    /// The keys only a service container takes (`[service]`).
    const SERVICE_ONLY: &'static [&'static str];

    /// Reports the keys of `self.extra` the record does not know (or that
    /// repeat one it does), filter pairs written together and numbers that
    /// must be above zero.
    fn check_keys(&self, v: &mut V, at: &At<'_>) {
        self.check_keys_in(v, at, true);
    }

    /// [`check_keys`](Known::check_keys), for a use of the record that takes
    /// its `[service]` keys (`with_service`) or refuses them (a job's
    /// `container:`).
    fn check_keys_in(&self, v: &mut V, at: &At<'_>, with_service: bool) {
        self.check_keys_tagged(v, at, with_service, None);
    }

    /// [`check_keys_in`](Known::check_keys_in), for a variant of a union
    /// (see [`crate::record`]): the mapping also holds the union's `tag`,
    /// which is allowed before the record's own keys.
    fn check_keys_tagged(&self, v: &mut V, at: &At<'_>, with_service: bool, tag: Option<&'static str>);

    /// The value checks alone (positive numbers, needed keys), for a record
    /// whose unknown keys its caller reports (a step, whose keys depend on
    /// its kind).
    fn check_values(&self, v: &mut V, at: &At<'_>);

    /// The keys of the fields that are set, in declared order.
    fn set_keys(&self) -> Vec<&'static str>;
}

/// The names a kind GitHub defines ([`Kind::NAMES`]), for a value of it.
fn names_of<K: Kind>(_: &K) -> &'static [&'static str] {
    K::NAMES
}

/// What validation derives from a tagged union's declaration (see
/// [`crate::record`]).
pub(crate) trait KnownUnion {
    /// Every value of the tag, in declared order.
    const VALUES: &'static [&'static str];

    /// Reports a tag value no variant lists, then checks the variant's keys
    /// as [`Known::check_keys`] does, the tag allowed among them (not for a
    /// variant chosen by its own key, read without the tag).
    fn check_keys(&self, v: &mut V, at: &At<'_>);
}

/// The keys a record takes here: its declared keys, without the
/// `[service]` ones unless `with_service`, after a union's `tag` and with
/// the second key of a `[kind]` field when its kind takes one. One function
/// for every record, so each declaration adds constants, not code.
fn allowed_keys(
    keys: &'static [&'static str],
    service_only: &'static [&'static str],
    with_service: bool,
    tag: Option<&'static str>,
    second: Option<&'static str>,
) -> std::borrow::Cow<'static, [&'static str]> {
    if tag.is_none() && second.is_none() && (with_service || service_only.is_empty()) {
        return std::borrow::Cow::Borrowed(keys);
    }
    let declared = keys.iter().copied().filter(|k| with_service || !service_only.contains(k));
    std::borrow::Cow::Owned(tag.into_iter().chain(declared).chain(second).collect())
}

/// Reports the filter pairs written together, then the keys of `extra`
/// that are not `allowed` (or repeat one that is); the second key of a
/// pair is reported as the pair, not again.
fn check_extra(v: &mut V, at: &At<'_>, extra: &Extra, allowed: &[&str], pairs: &[(&str, &str)]) {
    for (key, ignore) in pairs {
        exclusive_filter(v, at, extra, key, ignore);
    }
    let skip: Vec<&str> = pairs.iter().map(|(_, ignore)| *ignore).collect();
    v.extra(at, extra, allowed, &skip);
}

macro_rules! known_keys {
    (
        enum $name:ident : $tag:literal [$($topt:tt)*]
        { $( $vdoc:literal $var:ident ( $rec:ident ) = [$($value:literal),+] [$($held:ident)?], )+ }
        by { $( $kdoc:literal $kvar:ident ( $krec:ident ) = by $kfield:ident, )* }
    ) => {
        impl KnownUnion for $name {
            const VALUES: &'static [&'static str] = &[$( $($value,)+ )+];
            fn check_keys(&self, v: &mut V, at: &At<'_>) {
                match self {
                    $(
                        $name::$var(r) => {
                            known_keys!(@value v at r $tag [$($held)?]);
                            r.check_keys_tagged(v, at, true, Some($tag));
                        }
                    )+
                    // Chosen without the tag: the record's own keys.
                    $( $name::$kvar(r) => r.check_keys(v, at), )*
                }
            }
        }
    };
    // The held value of the variant that takes every other value.
    (@value $v:ident $at:ident $r:ident $tag:literal []) => {};
    (@value $v:ident $at:ident $r:ident $tag:literal [$held:ident]) => {
        let value = $r.$held.to_text();
        if !Self::VALUES.contains(&value.as_ref()) {
            $v.push(
                $at.key($tag),
                Problem::UnknownValue {
                    value: value.to_string(),
                    suggestion: Suggestion(closest(&value, Self::VALUES.iter().copied())),
                    allowed: Names::of(Self::VALUES),
                },
            );
        }
    };
    (
        $name:ident : $expected:literal { $( $field:ident : $ty:ty = $key:literal [$($opt:tt)*] ),* }
        also { $($plain:ident),* }
    ) => {
        impl Known for $name {
            const KEYS: &'static [&'static str] = known_keys!(@keys [] $( $key [$($opt)*] )*);
            const SERVICE_ONLY: &'static [&'static str] = known_keys!(@service [] $( $key [$($opt)*] )*);
            fn check_keys_tagged(&self, v: &mut V, at: &At<'_>, with_service: bool, tag: Option<&'static str>) {
                const PAIRS: &[(&str, &str)] = known_keys!(@pairs [] $( $key [$($opt)*] )*);
                // The second key of a `[kind]` field, for the kinds that take it.
                #[allow(unused_mut)] // most records have no `[kind]` field
                let mut second = None;
                $( known_keys!(@allow second self $field [$($opt)*]); )*
                let allowed = allowed_keys(Self::KEYS, Self::SERVICE_ONLY, with_service, tag, second);
                check_extra(v, at, &self.extra, &allowed, PAIRS);
                #[allow(unused_variables)] // most records have no `[service]` key
                let allowed: &[&str] = &allowed;
                $( known_keys!(@refuse v at self with_service allowed $field $key [$($opt)*]); )*
                self.check_values(v, at);
            }
            #[allow(unused_variables)] // most records check no value
            fn check_values(&self, v: &mut V, at: &At<'_>) {
                $( known_keys!(@check v at self $field $key [$($opt)*]); )*
            }
            #[allow(clippy::vec_init_then_push)] // one push per declared field
            #[inline] // used for steps only: not compiled for the other records
            fn set_keys(&self) -> Vec<&'static str> {
                let mut set = Vec::new();
                $( if known_keys!(@set self $field [$($opt)*]) { set.push($key); } )*
                set
            }
        }
    };
    (@set $s:ident $field:ident [required]) => { true };
    (@set $s:ident $field:ident [needed = $hint:literal]) => { $s.$field.is_some() };
    (@set $s:ident $field:ident [$opt:ident = $hint:literal]) => { true };
    (@set $s:ident $field:ident [required, commented]) => { true };
    (@set $s:ident $field:ident [kind $second:literal]) => { Kind::name(&$s.$field).is_some() };
    (@set $s:ident $field:ident [$($opt:tt)*]) => { $s.$field.is_some() };
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
    (@keys [$($done:tt)*] $key:literal [$opt:ident = $hint:literal] $($rest:tt)*) => {
        known_keys!(@keys [$($done)* $key,] $($rest)*)
    };
    (@pairs [$($done:tt)*]) => { &[$($done)*] };
    (@pairs [$($done:tt)*] $key:literal [filter $(, schema only)?] $($rest:tt)*) => {
        known_keys!(@pairs [$($done)* ($key, concat!($key, "-ignore")),] $($rest)*)
    };
    (@pairs [$($done:tt)*] $key:literal [$($opt:tt)*] $($rest:tt)*) => {
        known_keys!(@pairs [$($done)*] $($rest)*)
    };
    (@allow $second_key:ident $s:ident $field:ident [kind $second:literal]) => {
        if Kind::detail(&$s.$field).is_some() {
            $second_key = Some($second);
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
    (@check $v:ident $at:ident $s:ident $field:ident $key:literal [count]) => {
        if let Some(LitOrExpr::Lit(n)) = &$s.$field
            && n.as_f64() < 1.0
        {
            $v.push($at.key($key), Problem::BelowOne { key: $key.to_owned(), value: n.to_yaml() });
        }
    };
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
    (@check $v:ident $at:ident $s:ident $field:ident $key:literal [needed = $hint:literal]) => {
        if $s.$field.is_none() {
            $v.missing($at, $key, &$s.extra);
        }
    };
    (@check $v:ident $at:ident $s:ident $field:ident $key:literal [$opt:ident = $hint:literal]) => {};
    (@service [$($done:tt)*]) => { &[$($done)*] };
    (@service [$($done:tt)*] $key:literal [service] $($rest:tt)*) => {
        known_keys!(@service [$($done)* $key,] $($rest)*)
    };
    (@service [$($done:tt)*] $key:literal [$($opt:tt)*] $($rest:tt)*) => {
        known_keys!(@service [$($done)*] $($rest)*)
    };
    (@refuse $v:ident $at:ident $s:ident $ws:ident $allowed:ident $field:ident $key:literal [service]) => {
        if !$ws && $s.$field.is_some() {
            $v.push(
                *$at,
                Problem::UnknownKey { key: $key.to_owned(), suggestion: Suggestion(None), allowed: Names::of($allowed) },
            );
        }
    };
    (@refuse $v:ident $at:ident $s:ident $ws:ident $allowed:ident $field:ident $key:literal [$($opt:tt)*]) => {};
}

records!(known_keys);
// A step is not in `records!`: its body is one of several kinds, so its
// parser and emitter are written in `step.rs`; its common keys are derived.
crate::step::step_fields!(known_keys);
