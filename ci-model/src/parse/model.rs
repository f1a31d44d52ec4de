//! The parser's side of the model types written by hand: how each is
//! raised from parsed YAML (the record types get theirs from their
//! declaration, in `records.rs`). Written here, in the layer that parses, so
//! the model modules import nothing from it.

use super::raise::{Cx, Fields, Raise};
use crate::diagnostic::closest;
use crate::key_of;
use crate::step::{KINDS, Run, is_step_key, key};
use indexmap::IndexMap;

use crate::*;

impl<T: Raise> Raise for OneOrMany<T> {
    const EXPECTED: &'static str = "a value or a sequence";
    fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
        if let Yaml::Seq(_) = y {
            return Vec::<T>::raise(y, at, cx).map(OneOrMany::Many);
        }
        let mut inner = Cx::default();
        match T::raise(y, at, &mut inner) {
            Some(t) if inner.diags.is_empty() => Some(OneOrMany::One(t)),
            _ => {
                // Say "a string or a sequence of them" rather than "a string".
                if inner.diags.iter().all(|d| d.path == *at) {
                    cx.wrong_type(at, &format!("{}, or a sequence of them", T::EXPECTED), y);
                } else {
                    cx.diags.extend(inner.diags);
                }
                None
            }
        }
    }
}

impl<T: Raise> Raise for LitOrExpr<T> {
    const EXPECTED: &'static str = "a value or a ${{ }} expression";
    fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
        if let Some(s) = y.as_str()
            && let Some(e) = Expr::parse(s)
        {
            return Some(LitOrExpr::Expr(e));
        }
        let mut inner = Cx::default();
        match T::raise(y, at, &mut inner) {
            Some(t) if inner.diags.is_empty() => Some(LitOrExpr::Lit(t)),
            _ => {
                // Say "a boolean or an expression" rather than "a boolean".
                if inner.diags.iter().all(|d| d.path == *at) {
                    cx.wrong_type(at, &format!("{} or a ${{{{ }}}} expression", T::EXPECTED), y);
                } else {
                    cx.diags.extend(inner.diags);
                }
                None
            }
        }
    }
}

impl Raise for Uses {
    const EXPECTED: &'static str = "a string";
    fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
        String::raise(y, at, cx).map(Uses::new)
    }
}

/// The enums written either as a scalar (their short form) or as a mapping
/// (a record): `concurrency: deploy` or `concurrency: {group: deploy}`.
macro_rules! scalar_or_record {
    ($($ty:ident: $short:ident | $long:ident($record:ident), $expected:literal;)*) => {$(
        impl Raise for $ty {
            const EXPECTED: &'static str = $expected;
            fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
                match y {
                    Yaml::Scalar(s) => Some($ty::$short(s.clone())),
                    Yaml::Map(_) => $record::raise(y, at, cx).map($ty::$long),
                    other => {
                        cx.wrong_type(at, Self::EXPECTED, other);
                        None
                    }
                }
            }
        }
    )*};
}

scalar_or_record! {
    Concurrency: Group | Spec(ConcurrencySpec), "a group name or a mapping with `group`";
    Container: Image | Spec(ContainerSpec), "an image name or a mapping";
    Environment: Name | Spec(EnvironmentSpec), "an environment name or a mapping with `name`";
    Snapshot: Image | Spec(SnapshotSpec), "an image name or a mapping with `image-name`";
}

impl Raise for Level {
    const EXPECTED: &'static str = "`read`, `write` or `none`";
    fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
        match y.as_str() {
            Some("read") => Some(Level::Read),
            Some("write") => Some(Level::Write),
            Some("none") => Some(Level::None),
            _ => {
                cx.wrong_type(at, Self::EXPECTED, y);
                None
            }
        }
    }
}

impl Raise for Scopes {
    const EXPECTED: &'static str = "a mapping of scopes";
    fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
        let mut f = Fields::of(y, at, cx, Self::EXPECTED)?;
        let mut scopes = Scopes::default();
        for &scope in Scopes::NAMES {
            if let Some(level) = f.opt(scope, cx) {
                scopes.set(scope, level);
            }
        }
        Some(Scopes { extra: f.rest(), ..scopes })
    }
}

impl Raise for Permissions {
    const EXPECTED: &'static str = "`read-all`, `write-all` or a mapping of scopes";
    fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
        match y {
            Yaml::Scalar(Scalar::String(s)) if s == "read-all" => Some(Permissions::ReadAll),
            Yaml::Scalar(Scalar::String(s)) if s == "write-all" => Some(Permissions::WriteAll),
            Yaml::Map(_) => Scopes::raise(y, at, cx).map(Permissions::Scopes),
            other => {
                cx.wrong_type(at, Self::EXPECTED, other);
                None
            }
        }
    }
}

impl Raise for Matrix {
    const EXPECTED: &'static str = "a mapping of axes";
    fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
        let mut f = Fields::of(y, at, cx, Self::EXPECTED)?;
        let include = f.opt("include", cx);
        let exclude = f.opt("exclude", cx);
        let mut axes = IndexMap::new();
        let mut ok = true;
        for (k, v) in f.rest() {
            match LitOrExpr::<Vec<Yaml>>::raise(&v, &at.key(&k), cx) {
                Some(values) => {
                    axes.insert(k, values);
                }
                None => ok = false,
            }
        }
        ok.then_some(Matrix { axes, include, exclude })
    }
}

impl<T: Raise> Raise for NullOr<T> {
    const EXPECTED: &'static str = "nothing or a mapping";
    fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
        match y {
            Yaml::Scalar(Scalar::Null) => Some(NullOr::Null),
            _ => T::raise(y, at, cx).map(NullOr::Value),
        }
    }
}

impl Raise for CallInputType {
    const EXPECTED: &'static str = <Scalar as Raise>::EXPECTED;
    fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
        let written = Scalar::raise(y, at, cx)?;
        let known = [CallInputType::String, CallInputType::Boolean, CallInputType::Number];
        Some(known.into_iter().find(|t| t.name() == written.as_str()).unwrap_or(CallInputType::Other(written)))
    }
}

impl Raise for On {
    const EXPECTED: &'static str = "an event name, a list of event names, or a mapping of events";
    fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
        match y {
            Yaml::Scalar(Scalar::String(s)) => Some(On::Event(s.clone())),
            Yaml::Seq(_) => Vec::<String>::raise(y, at, cx).map(On::Events),
            Yaml::Map(_) => Triggers::raise(y, at, cx).map(On::Map),
            other => {
                cx.wrong_type(at, Self::EXPECTED, other);
                None
            }
        }
    }
}

impl Raise for RunsOn {
    const EXPECTED: &'static str = "a runner label, a list of labels, or a mapping with `group`/`labels`";
    fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
        match y {
            Yaml::Map(_) => RunnerGroup::raise(y, at, cx).map(RunsOn::Group),
            _ => OneOrMany::raise(y, at, cx).map(RunsOn::Labels),
        }
    }
}

impl Raise for CallSecrets {
    const EXPECTED: &'static str = "`inherit` or a mapping of secrets";
    fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
        match y {
            Yaml::Scalar(Scalar::String(s)) if s == "inherit" => Some(CallSecrets::Inherit),
            Yaml::Map(_) => IndexMap::raise(y, at, cx).map(CallSecrets::Map),
            other => {
                cx.wrong_type(at, Self::EXPECTED, other);
                None
            }
        }
    }
}

impl Raise for Job {
    const EXPECTED: &'static str = "a job (a mapping)";
    fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
        match y {
            Yaml::Map(m) if m.contains_key("uses") => CallJob::raise(y, at, cx).map(Job::Call),
            _ => NormalJob::raise(y, at, cx).map(Job::Normal),
        }
    }
}

/// The parser of [`Triggers`], one optional field per event of the table
/// of events (`workflow/event.rs`), then the events it does not know.
macro_rules! raise_triggers {
    ( $( $field:ident : $key:literal => $ty:ty ),* ) => {
        impl Raise for Triggers {
            const EXPECTED: &'static str = "a mapping of events";
            fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
                let mut f = Fields::of(y, at, cx, Self::EXPECTED)?;
                let t = Triggers {
                    $( $field: f.opt($key, cx), )*
                    extra: Extra::new(),
                };
                Some(Triggers { extra: f.rest(), ..t })
            }
        }
    };
}

crate::workflow::events_table!(raise_triggers);

/// A step: its common keys, then the first body key found decides its kind.
impl Raise for Step {
    const EXPECTED: &'static str = "a step (a mapping)";
    fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
        let mut f = Fields::of(y, at, cx, Self::EXPECTED)?;
        let name = f.opt(key_of!(Step.name), cx);
        let id = f.opt(key_of!(Step.id), cx);
        let r#if = f.opt(key_of!(Step.r#if), cx);
        let continue_on_error = f.opt(key_of!(Step.continue_on_error), cx);
        let timeout_minutes = f.opt(key_of!(Step.timeout_minutes), cx);
        let background = f.opt(key_of!(Step.background), cx);
        let env = f.opt(key_of!(Step.env), cx);
        // The first body key decides the kind; any other body key stays in
        // `extra`, where validation reports it.
        let kind = KINDS.iter().map(|k| k.keys[0]).find(|k| f.has(k));
        let body = match kind {
            Some(key::USES) => {
                let uses = f.opt(key::USES, cx);
                // Non-scalar inputs are kept (in `extra`) and reported by validation.
                let with_ok = match y.get(key::WITH) {
                    Some(Yaml::Map(m)) => m.values().all(|v| matches!(v, Yaml::Scalar(_))),
                    _ => true,
                };
                let with = if with_ok { f.opt(key::WITH, cx) } else { None };
                uses.map(|uses| StepBody::Uses { uses, with })
            }
            Some(key::RUN) => {
                let script = f.opt(key::RUN, cx);
                let shell = f.opt(key::SHELL, cx);
                let working_directory = f.opt(key::WORKING_DIRECTORY, cx);
                script.map(|script| StepBody::Run(Run { script, shell, working_directory }))
            }
            Some(key::WAIT) => f.opt(key::WAIT, cx).map(StepBody::Wait),
            Some(key::WAIT_ALL) => {
                let v = f.raw(key::WAIT_ALL);
                match v {
                    Some(Yaml::Scalar(Scalar::Null)) | None => Some(StepBody::WaitAll(None)),
                    Some(Yaml::Scalar(Scalar::Bool(b))) => Some(StepBody::WaitAll(Some(*b))),
                    Some(other) => {
                        cx.wrong_type(&at.key(key::WAIT_ALL), "null or a boolean", other);
                        None
                    }
                }
            }
            Some(key::CANCEL) => f.opt(key::CANCEL, cx).map(StepBody::Cancel),
            Some(key::PARALLEL) => f.opt(key::PARALLEL, cx).map(StepBody::Parallel),
            _ => {
                // A key that is not a step key but looks like a body key is
                // likely a misspelling of it.
                let unknown = f.untaken().filter(|k| !is_step_key(k));
                let typo = unknown
                    .filter_map(|k| closest(k, KINDS.iter().map(|kind| kind.keys[0])).map(|meant| (k, meant)))
                    .next();
                let (found, meant) = match typo {
                    Some((k, m)) => (Some(k.to_owned()), m),
                    None => (None, key::RUN.to_owned()),
                };
                cx.error(at, crate::Problem::NoStepBody { found, meant });
                None
            }
        };
        let extra = f.rest();
        Some(Step {
            allow: Vec::new(),
            comment: None,
            name,
            id,
            r#if,
            continue_on_error,
            timeout_minutes,
            background,
            env,
            body: body?,
            extra,
        })
    }
}
