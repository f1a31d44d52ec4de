//! The emitter's side of the model types written by hand: how each lowers
//! to a [`Node`] (the record types get theirs from their declaration, in
//! `records.rs`). Written here, in the layer that emits, so the model
//! modules import nothing from it.

use super::lower::{Lower, MapBuilder};
use super::{Entry, Node};
use crate::key_of;
use crate::step::key;
use crate::*;

impl<T: Lower> Lower for OneOrMany<T> {
    fn lower(&self) -> Node<'_> {
        match self {
            OneOrMany::One(t) => t.lower(),
            OneOrMany::Many(v) => v.lower(),
        }
    }
}

impl Lower for Expr {
    fn lower(&self) -> Node<'_> {
        Node::str(self.as_str())
    }
}

impl<T: Lower> Lower for LitOrExpr<T> {
    fn lower(&self) -> Node<'_> {
        match self {
            LitOrExpr::Lit(t) => t.lower(),
            LitOrExpr::Expr(e) => e.lower(),
        }
    }
}

/// The enums each of whose variants holds a value written as it is.
macro_rules! lower_variants {
    ($($ty:ident: $($variant:ident)|+;)*) => {$(
        impl Lower for $ty {
            fn lower(&self) -> Node<'_> {
                match self {
                    $($ty::$variant(v) => v.lower(),)+
                }
            }
        }
    )*};
}

lower_variants! {
    Concurrency: Group | Spec;
    Container: Image | Spec;
    On: Event | Events | Map;
    RunsOn: Labels | Group;
    Environment: Name | Spec;
    Snapshot: Image | Spec;
}

impl Lower for Job {
    fn lower(&self) -> Node<'_> {
        match self {
            Job::Normal(j) => j.lower(),
            Job::Call(j) => j.lower(),
        }
    }

    /// A job under `jobs:`: after a blank line (but the first), with its
    /// comment and allowed lints above it.
    fn named_entry<'a>(&'a self, name: &'a str, index: usize) -> Entry<'a> {
        let mut e = Entry::new(name, self.lower());
        e.blank_before = index > 0;
        e.comment = crate::allow::comment_with_allows(&self.comment().map(str::to_owned), self.allowed())
            .map(std::borrow::Cow::Owned);
        e
    }
}

impl Lower for Level {
    fn lower(&self) -> Node<'_> {
        Node::str(self.as_str())
    }
}

impl Lower for Scopes {
    fn lower(&self) -> Node<'_> {
        let mut m = MapBuilder::new();
        for (key, level) in self.iter() {
            m.entry(Entry::fixed(key, Node::str(level.as_str())));
        }
        m.extra(&self.extra).build()
    }
}

impl Lower for Permissions {
    fn lower(&self) -> Node<'_> {
        match self {
            Permissions::ReadAll => Node::str("read-all"),
            Permissions::WriteAll => Node::str("write-all"),
            Permissions::Scopes(s) => s.lower(),
        }
    }
}

impl Lower for Matrix {
    fn lower(&self) -> Node<'_> {
        let mut m = MapBuilder::new();
        for (k, v) in &self.axes {
            m.put(k, v.lower());
        }
        m.field("include", &self.include).field("exclude", &self.exclude).build()
    }
}

impl<T: Lower> Lower for NullOr<T> {
    fn lower(&self) -> Node<'_> {
        match self {
            NullOr::Null => Node::Empty,
            NullOr::Value(t) => t.lower(),
        }
    }
}

impl Lower for CallInputType {
    fn lower(&self) -> Node<'_> {
        match self {
            CallInputType::Other(s) => Node::borrowed(s),
            known => Node::str(known.name().unwrap_or_default()),
        }
    }
}

impl Lower for CallSecrets {
    fn lower(&self) -> Node<'_> {
        match self {
            CallSecrets::Inherit => Node::str("inherit"),
            CallSecrets::Map(m) => m.lower(),
        }
    }
}

/// The emitter of [`Triggers`]: the events of the table of events
/// (`workflow/event.rs`) in canonical order, then the events it does not know.
macro_rules! lower_triggers {
    ( $( $field:ident : $key:literal => $ty:ty ),* ) => {
        impl Lower for Triggers {
            fn lower(&self) -> Node<'_> {
                let mut m = MapBuilder::new();
                $( m.field($key, &self.$field); )*
                m.extra(&self.extra).build()
            }
        }
    };
}

crate::workflow::events_table!(lower_triggers);

/// A step: its common keys, then its body's (with `env` among them where
/// the body writes it), then the allowances as the comment above it.
impl Lower for Step {
    fn lower(&self) -> Node<'_> {
        // A name, a body and a few more.
        let mut m = MapBuilder::with_capacity(6);
        m.field(key_of!(Step.name), &self.name)
            .field(key_of!(Step.id), &self.id)
            .field(key_of!(Step.r#if), &self.r#if)
            .field(key_of!(Step.continue_on_error), &self.continue_on_error)
            .field(key_of!(Step.timeout_minutes), &self.timeout_minutes)
            .field(key_of!(Step.background), &self.background);
        let env = key_of!(Step.env);
        match &self.body {
            StepBody::Uses { uses, with } => {
                m.required(key::USES, uses).field(key::WITH, with).field(env, &self.env);
            }
            StepBody::Run(r) => {
                m.field(key::SHELL, &r.shell)
                    .field(key::WORKING_DIRECTORY, &r.working_directory)
                    .field(env, &self.env)
                    .put(key::RUN, r.script.lower());
            }
            StepBody::Wait(ids) => {
                m.put(key::WAIT, ids.lower()).field(env, &self.env);
            }
            StepBody::WaitAll(v) => {
                m.put(key::WAIT_ALL, v.map_or(Node::Empty, |b| Node::owned(Scalar::Bool(b)))).field(env, &self.env);
            }
            StepBody::Cancel(id) => {
                m.put(key::CANCEL, id.lower()).field(env, &self.env);
            }
            StepBody::Parallel(steps) => {
                m.put(key::PARALLEL, steps.lower()).field(env, &self.env);
            }
        }
        m.extra(&self.extra);
        let mut node = m.build();
        if let (Node::Map(entries), Some(c)) =
            (&mut node, crate::allow::comment_with_allows(&self.comment, &self.allow))
            && let Some(first) = entries.first_mut()
        {
            first.comment = Some(std::borrow::Cow::Owned(c));
        }
        node
    }
}
