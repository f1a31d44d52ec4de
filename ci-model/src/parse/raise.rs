//! [`Yaml`] to model values, collecting every problem with its path.
//!
//! Each model type implements [`Raise`]. A failed conversion records a
//! [`Diagnostic`] and yields `None`; the caller goes on with the other fields so
//! that one pass reports every problem. Keys a mapping does not know are kept
//! (see [`Fields::rest`]).

use indexmap::IndexMap;

use crate::diagnostic::{Diagnostic, Problem, closest};
use crate::{Number, Path, Scalar, Yaml};

/// The diagnostics of one parse.
#[derive(Debug, Default)]
pub(crate) struct Cx {
    pub(crate) diags: Vec<Diagnostic>,
}

impl Cx {
    pub(crate) fn error(&mut self, at: &Path, problem: Problem) {
        self.diags.push(Diagnostic::new(at.clone(), problem));
    }

    pub(crate) fn wrong_type(&mut self, at: &Path, expected: &str, found: &Yaml) {
        self.error(at, Problem::WrongType { expected: expected.to_owned(), found: describe(found) });
    }
}

/// `a string`, or `the string `x`` for short scalars, for messages.
pub(crate) fn describe(y: &Yaml) -> String {
    match y {
        Yaml::Scalar(Scalar::String(s)) if s.chars().count() <= 40 && !s.contains('\n') => {
            format!("the string `{s}`")
        }
        Yaml::Scalar(Scalar::Number(n)) => format!("the number `{}`", n.to_yaml()),
        Yaml::Scalar(Scalar::Bool(b)) => format!("the boolean `{b}`"),
        other => other.kind().to_owned(),
    }
}

/// Turns a parsed YAML value into a model value ("raises" it: from the
/// untyped tree the loader reads up to the typed model; the inverse of
/// `emit::Lower`).
pub(crate) trait Raise: Sized {
    /// What the type accepts, for messages (`a boolean or an expression`).
    const EXPECTED: &'static str;

    fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self>;
}

impl Raise for Yaml {
    const EXPECTED: &'static str = "any value";
    fn raise(y: &Yaml, _: &Path, _: &mut Cx) -> Option<Self> {
        Some(y.clone())
    }
}

impl Raise for Scalar {
    const EXPECTED: &'static str = "a string, number or boolean";
    fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
        match y {
            Yaml::Scalar(s) => Some(s.clone()),
            other => {
                cx.wrong_type(at, Self::EXPECTED, other);
                None
            }
        }
    }
}

impl Raise for String {
    const EXPECTED: &'static str = "a string";
    fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
        match y {
            Yaml::Scalar(Scalar::String(s)) => Some(s.clone()),
            other => {
                cx.wrong_type(at, Self::EXPECTED, other);
                None
            }
        }
    }
}

impl Raise for bool {
    const EXPECTED: &'static str = "a boolean";
    fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
        match y {
            Yaml::Scalar(Scalar::Bool(b)) => Some(*b),
            other => {
                cx.wrong_type(at, Self::EXPECTED, other);
                None
            }
        }
    }
}

impl Raise for Number {
    const EXPECTED: &'static str = "a number";
    fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
        match y {
            Yaml::Scalar(Scalar::Number(n)) => Some(*n),
            other => {
                cx.wrong_type(at, Self::EXPECTED, other);
                None
            }
        }
    }
}

impl<T: Raise> Raise for Vec<T> {
    const EXPECTED: &'static str = "a sequence";
    fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
        let Yaml::Seq(items) = y else {
            cx.wrong_type(at, Self::EXPECTED, y);
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match T::raise(item, &at.index(i), cx) {
                Some(v) => out.push(v),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }
}

impl<T: Raise> Raise for IndexMap<String, T> {
    const EXPECTED: &'static str = "a mapping";
    fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
        let Yaml::Map(m) = y else {
            cx.wrong_type(at, Self::EXPECTED, y);
            return None;
        };
        let mut out = IndexMap::with_capacity(m.len());
        let mut ok = true;
        for (k, v) in m {
            match T::raise(v, &at.key(k), cx) {
                Some(v) => {
                    out.insert(k.clone(), v);
                }
                None => ok = false,
            }
        }
        ok.then_some(out)
    }
}

/// The keys of one mapping, taken one by one.
pub(crate) struct Fields<'y> {
    at: Path,
    map: &'y IndexMap<String, Yaml>,
    taken: Vec<bool>,
}

impl<'y> Fields<'y> {
    /// The mapping at `at`, or a type error naming `what` (`a job`).
    pub(crate) fn of(y: &'y Yaml, at: &Path, cx: &mut Cx, what: &str) -> Option<Self> {
        match y {
            Yaml::Map(map) => Some(Fields { at: at.clone(), map, taken: vec![false; map.len()] }),
            other => {
                cx.wrong_type(at, what, other);
                None
            }
        }
    }

    /// Whether `key` is present (taken or not).
    pub(crate) fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// Takes `key` without converting it.
    pub(crate) fn raw(&mut self, key: &str) -> Option<&'y Yaml> {
        let (i, _, v) = self.map.get_full(key)?;
        self.taken[i] = true;
        Some(v)
    }

    /// Takes and converts `key` when present.
    pub(crate) fn opt<T: Raise>(&mut self, key: &str, cx: &mut Cx) -> Option<T> {
        self.opt_with(key, cx, T::raise)
    }

    /// Takes `key` when present and converts it with `f`.
    pub(crate) fn opt_with<T>(
        &mut self,
        key: &str,
        cx: &mut Cx,
        f: impl FnOnce(&Yaml, &Path, &mut Cx) -> Option<T>,
    ) -> Option<T> {
        let v = self.raw(key)?;
        // The path only for a key that is there: most optional keys are not,
        // and extending a path copies it.
        f(v, &self.at.key(key), cx)
    }

    /// Takes and converts `key`, which must be present. When it is missing,
    /// a key not taken so far that is a plausible misspelling of it is named.
    pub(crate) fn req<T: Raise>(&mut self, key: &str, cx: &mut Cx) -> Option<T> {
        if !self.has(key) {
            let found = closest(key, self.untaken());
            cx.error(&self.at, Problem::MissingKey { key: key.to_owned(), found });
            return None;
        }
        self.opt(key, cx)
    }

    /// The keys not taken so far, in written order.
    pub(crate) fn untaken(&self) -> impl Iterator<Item = &'y str> + '_ {
        self.map.keys().zip(&self.taken).filter(|(_, taken)| !**taken).map(|(k, _)| k.as_str())
    }

    /// The keys not taken, in written order: the model does not know them.
    pub(crate) fn rest(self) -> IndexMap<String, Yaml> {
        self.map.iter().zip(self.taken).filter(|(_, taken)| !taken).map(|((k, v), _)| (k.clone(), v.clone())).collect()
    }
}
